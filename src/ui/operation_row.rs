//! One catalog operation as a clickable row: method badge, path, summary.

use crate::catalog::Operation;

use super::format;

/// `text` cut to at most `max_chars` characters by taking out its middle ("…").
pub fn elide_middle(text: &str, max_chars: usize) -> String {
    let count = text.chars().count();
    if count <= max_chars || max_chars < 5 {
        return text.to_owned();
    }
    let keep = max_chars - 1;
    let head = keep / 2;
    let tail = keep - head;
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    format!("{start}…{end}")
}

/// Draws the row: method badge and path on the first line, the summary under it, both
/// cut with "…" to the width. Clicking it reports `clicked()`; its accessible name is
/// "METHOD path: summary".
pub fn show(ui: &mut egui::Ui, operation: &Operation, selected: bool) -> egui::Response {
    let dark = ui.visuals().dark_mode;
    let width = ui.available_width();
    // Painted behind the row once its size is known.
    let background = ui.painter().add(egui::Shape::Noop);
    let inner = ui.scope_builder(egui::UiBuilder::new().sense(egui::Sense::click()), |ui| {
        ui.set_width(width);
        ui.spacing_mut().item_spacing.y = 0.0;
        ui.horizontal(|ui| {
            ui.add(
                egui::Label::new(format::method_badge(operation.method, dark)).selectable(false),
            );
            if operation.raw_upload {
                ui.add(
                    egui::Label::new(
                        egui::RichText::new("raw")
                            .small()
                            .color(format::warning_color(dark)),
                    )
                    .selectable(false),
                );
            }
            // A long path loses its middle, not its end ("/api/projects/…/folders"):
            // the last segments tell endpoints apart. The whole path is on hover.
            let font = egui::TextStyle::Monospace.resolve(ui.style());
            let char_width = ui.fonts_mut(|f| f.glyph_width(&font, 'm')).max(1.0);
            let fits = (ui.available_width() / char_width).floor() as usize;
            ui.add(
                egui::Label::new(
                    egui::RichText::new(elide_middle(&operation.path, fits)).monospace(),
                )
                .truncate()
                .selectable(false),
            );
        });
        let mut summary = egui::RichText::new(if operation.summary.is_empty() {
            operation.operation_id.as_str()
        } else {
            operation.summary.as_str()
        })
        .weak();
        if operation.deprecated {
            summary = summary.strikethrough();
        }
        ui.add(egui::Label::new(summary).truncate().selectable(false));
        ui.add_space(3.0);
    });
    let response = inner.response;
    if selected || response.hovered() {
        let visuals = if selected {
            ui.visuals().selection.bg_fill
        } else {
            ui.visuals().widgets.hovered.weak_bg_fill
        };
        ui.painter().set(
            background,
            egui::Shape::rect_filled(response.rect.expand(1.0), 3.0, visuals),
        );
    }
    let name = accessible_name(operation);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
    let mut hover = format!("{} {}", operation.method, operation.path);
    if !operation.operation_id.is_empty() {
        hover.push_str(&format!("\noperationId: {}", operation.operation_id));
    }
    if !operation.summary.is_empty() {
        hover.push_str(&format!("\n{}", operation.summary));
    }
    if operation.raw_upload {
        hover.push_str("\nRaw file upload: the body is the file itself.");
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

#[cfg(test)]
mod tests {
    use super::elide_middle;

    #[test]
    fn a_long_path_keeps_both_ends() {
        let path = "/api/projects/{project_name}/folders";
        assert_eq!(elide_middle(path, 100), path);
        let cut = elide_middle(path, 25);
        assert_eq!(cut.chars().count(), 25);
        assert!(cut.starts_with("/api/project"), "{cut}");
        assert!(cut.ends_with("/folders"), "{cut}");
        assert!(cut.contains('…'));
        assert_eq!(elide_middle("é日本語ü", 4), "é日本語ü", "too narrow to cut");
    }
}
