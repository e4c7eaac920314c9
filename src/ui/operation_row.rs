//! One catalog operation as a clickable row: method badge, path, summary.

use crate::catalog::Operation;

use super::format;

/// Draws the row; clicking it (or Enter on it) reports `clicked()`. The accessible name
/// is "METHOD path: summary".
pub fn show(ui: &mut egui::Ui, operation: &Operation, selected: bool) -> egui::Response {
    let dark = ui.visuals().dark_mode;
    let mut job = egui::text::LayoutJob::default();
    let badge = format::method_badge(operation.method, dark);
    badge.append_to(
        &mut job,
        ui.style(),
        egui::FontSelection::Default,
        egui::Align::Center,
    );
    egui::RichText::new(format!(" {}", operation.path))
        .monospace()
        .append_to(
            &mut job,
            ui.style(),
            egui::FontSelection::Default,
            egui::Align::Center,
        );
    if operation.raw_upload {
        egui::RichText::new("  raw file upload")
            .small()
            .color(format::warning_color(dark))
            .append_to(
                &mut job,
                ui.style(),
                egui::FontSelection::Default,
                egui::Align::Center,
            );
    }
    if operation.deprecated {
        egui::RichText::new("  deprecated")
            .small()
            .strikethrough()
            .append_to(
                &mut job,
                ui.style(),
                egui::FontSelection::Default,
                egui::Align::Center,
            );
    }
    if !operation.summary.is_empty() {
        job.append("\n", 0.0, egui::TextFormat::default());
        egui::RichText::new(&operation.summary)
            .small()
            .weak()
            .append_to(
                &mut job,
                ui.style(),
                egui::FontSelection::Default,
                egui::Align::Center,
            );
    }
    job.wrap = egui::text::TextWrapping::truncate_at_width(ui.available_width());
    let name = accessible_name(operation);
    let response = ui
        .add(egui::Button::selectable(selected, job).frame_when_inactive(selected))
        .accessible_name(&name);
    let mut hover = format!("{} {}", operation.method, operation.path);
    if !operation.operation_id.is_empty() {
        hover.push_str(&format!("\noperationId: {}", operation.operation_id));
    }
    if !operation.summary.is_empty() {
        hover.push_str(&format!("\n{}", operation.summary));
    }
    hover.push_str("\nClick to open it in a new tab.");
    response.on_hover_text(hover)
}

/// "GET /api/projects: List Projects", with "(raw file upload)" where that applies.
pub fn accessible_name(operation: &Operation) -> String {
    let mut name = format!("{} {}", operation.method, operation.path);
    if !operation.summary.is_empty() {
        name.push_str(&format!(": {}", operation.summary));
    }
    if operation.raw_upload {
        name.push_str(" (raw file upload)");
    }
    name
}
