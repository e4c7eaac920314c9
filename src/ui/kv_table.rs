//! An editable table of switchable name/value rows, with a blank row to add more.

use crate::state::KvRow;

use super::variable_edit::{Field, Variables};

/// Draws the table. `what` names a row in labels ("Header", "Query parameter").
/// Names and values colour `{{variables}}` and preview them on hover.
pub fn show(
    ui: &mut egui::Ui,
    rows: &mut Vec<KvRow>,
    what: &str,
    id_salt: impl egui::AsIdSalt,
    vars: Variables<'_>,
) {
    if rows.last().is_none_or(|r| !r.is_blank()) {
        rows.push(KvRow::new("", ""));
    }
    let mut remove = None;
    let last = rows.len() - 1;
    ui.push_id(id_salt, |ui| {
        for (i, row) in rows.iter_mut().enumerate() {
            let n = i + 1;
            ui.push_id(i, |ui| {
                ui.horizontal(|ui| {
                    ui.checkbox(&mut row.enabled, "")
                        .on_hover_text("Send this row")
                        .accessible_name(format!("{what} {n} enabled"));
                    let room = (ui.available_width() - 40.0).max(200.0);
                    let mut layouter = vars.layouter(Field::Line, egui::TextStyle::Monospace);
                    let name = ui
                        .add(
                            egui::TextEdit::singleline(&mut row.name)
                                .id_salt("name")
                                .hint_text("name")
                                .font(egui::TextStyle::Monospace)
                                .layouter(&mut layouter)
                                .desired_width(room * 0.35),
                        )
                        .accessible_name(format!("{what} {n} name"));
                    vars.preview_on_hover(name, &row.name, None);
                    let value = ui
                        .add(
                            egui::TextEdit::singleline(&mut row.value)
                                .id_salt("value")
                                .hint_text("value")
                                .font(egui::TextStyle::Monospace)
                                .layouter(&mut layouter)
                                .desired_width(room * 0.65 - 8.0),
                        )
                        .accessible_name(format!("{what} {n} value"));
                    vars.preview_on_hover(value, &row.value, None);
                    if i != last
                        && ui
                            .small_button("×")
                            .on_hover_text(format!("Remove {what} {n}"))
                            .accessible_name(format!("Remove {what} {n}"))
                            .clicked()
                    {
                        remove = Some(i);
                    }
                });
            });
        }
    });
    if let Some(i) = remove {
        rows.remove(i);
    }
}
