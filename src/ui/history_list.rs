//! The sidebar's history: sent requests, newest first, with a filter; a click opens one
//! again in a new tab.

use crate::action::Action;
use crate::collection::history::HistoryEntry;

use super::format;

/// What the history list reads and changes.
pub struct HistoryListView<'a> {
    /// Sent requests, oldest first (redacted).
    pub entries: &'a [HistoryEntry],
    /// The filter text.
    pub filter: &'a mut String,
}

/// Draws the "History" heading, the filter and the matching entries.
pub fn show(ui: &mut egui::Ui, view: HistoryListView<'_>, actions: &mut Vec<Action>) {
    let HistoryListView { entries, filter } = view;
    ui.strong("History");
    let label = ui.label("Filter history");
    ui.add(
        egui::TextEdit::singleline(filter)
            .id_salt("history_filter")
            .hint_text("method, URL, status…")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.separator();
    if entries.is_empty() {
        ui.weak("Sent requests appear here (secrets redacted).");
        return;
    }
    let dark = ui.visuals().dark_mode;
    let matching: Vec<usize> = (0..entries.len())
        .rev()
        .filter(|&i| entries[i].matches(filter))
        .collect();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    egui::ScrollArea::vertical()
        .id_salt("history_list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, matching.len(), |ui, rows| {
            for &i in &matching[rows] {
                let entry = &entries[i];
                let status = match entry.status {
                    Some(code) => egui::RichText::new(code.to_string())
                        .color(format::status_color(code, dark)),
                    None => egui::RichText::new("ERR").color(format::error_color(dark)),
                };
                // A saved request reads by its name; any other by its path.
                let path = entry.name.clone().unwrap_or_else(|| {
                    url::Url::parse(&entry.url)
                        .map(|u| match u.query() {
                            Some(q) => format!("{}?{q}", u.path()),
                            None => u.path().to_string(),
                        })
                        .unwrap_or_else(|_| entry.url.clone())
                });
                let response = ui
                    .horizontal(|ui| {
                        ui.label(status);
                        ui.label(super::method_label::method_text(ui, &entry.method));
                        ui.add(
                            egui::Label::new(&path)
                                .truncate()
                                .sense(egui::Sense::click()),
                        )
                    })
                    .inner;
                let response = response.on_hover_text(format!(
                    "{} {} — {} ms{}{}",
                    entry.method,
                    entry.url,
                    entry.duration_ms,
                    entry
                        .environment
                        .as_deref()
                        .map(|e| format!(" — environment {e}"))
                        .unwrap_or_default(),
                    entry
                        .error
                        .as_deref()
                        .map(|e| format!("\n{e}"))
                        .unwrap_or_default()
                ));
                if response.clicked() {
                    actions.push(Action::OpenDraft(Box::new(entry.reopen())));
                }
            }
        });
}
