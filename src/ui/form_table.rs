//! The multipart form editor: switchable rows of text or file fields, with a blank row to
//! add more. A file field's content type is guessed from its name unless typed.

use crate::action::{Action, FileSlot};
use crate::http::guess_content_type;
use crate::state::{FormKind, FormRow};

use super::body_editor::BodyEditorContext;
use super::variable_edit::Field;

/// Draws the table.
pub fn show(
    ui: &mut egui::Ui,
    rows: &mut Vec<FormRow>,
    cx: &BodyEditorContext<'_>,
    actions: &mut Vec<Action>,
) {
    if rows.last().is_none_or(|r| !r.is_blank()) {
        rows.push(FormRow::text("", ""));
    }
    let mut remove = None;
    let last = rows.len() - 1;
    ui.push_id(("form", cx.tab_id), |ui| {
        for (i, row) in rows.iter_mut().enumerate() {
            let n = i + 1;
            ui.push_id(i, |ui| {
                ui.horizontal(|ui| {
                    ui.checkbox(&mut row.enabled, "")
                        .on_hover_text("Send this field")
                        .accessible_name(format!("Form field {n} enabled"));
                    let room = (ui.available_width() - 220.0).max(240.0);
                    let mut layouter = cx.vars.layouter(Field::Line, egui::TextStyle::Monospace);
                    ui.add(
                        egui::TextEdit::singleline(&mut row.name)
                            .id_salt("name")
                            .hint_text("name")
                            .font(egui::TextStyle::Monospace)
                            .layouter(&mut layouter)
                            .desired_width(room * 0.3),
                    )
                    .accessible_name(format!("Form field {n} name"));
                    let picker = egui::ComboBox::from_id_salt("kind")
                        .selected_text(match row.kind {
                            FormKind::Text => "Text",
                            FormKind::File => "File",
                        })
                        .width(60.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut row.kind, FormKind::Text, "Text");
                            ui.selectable_value(&mut row.kind, FormKind::File, "File");
                        })
                        .response
                        .accessible_name(format!("Form field {n} kind"));
                    super::combo_keys::step_with_arrows(
                        ui,
                        &picker,
                        &[FormKind::Text, FormKind::File],
                        &mut row.kind,
                    );
                    let hint = match row.kind {
                        FormKind::Text => "value",
                        FormKind::File => "/path/to/file",
                    };
                    let value = ui
                        .add(
                            egui::TextEdit::singleline(&mut row.value)
                                .id_salt("value")
                                .hint_text(hint)
                                .font(egui::TextStyle::Monospace)
                                .layouter(&mut layouter)
                                .desired_width(room * 0.45),
                        )
                        .accessible_name(format!("Form field {n} value"));
                    cx.vars.preview_on_hover(value, &row.value, None);
                    if row.kind == FormKind::File
                        && cx.can_browse
                        && ui
                            .small_button("…")
                            .on_hover_text("Choose the file with the system's dialog")
                            .accessible_name(format!("Browse for form field {n}"))
                            .clicked()
                    {
                        actions.push(Action::BrowseFile {
                            slot: FileSlot::FormField {
                                tab_id: cx.tab_id,
                                row: i,
                            },
                        });
                    }
                    let guessed = match row.kind {
                        FormKind::File if !row.value.trim().is_empty() => {
                            guess_content_type(row.value.trim())
                        }
                        _ => "content type".to_string(),
                    };
                    ui.add(
                        egui::TextEdit::singleline(&mut row.content_type)
                            .id_salt("content_type")
                            .hint_text(guessed)
                            .desired_width(room * 0.25),
                    )
                    .on_hover_text("Content-Type of this part; empty guesses it from the file name")
                    .accessible_name(format!("Form field {n} content type"));
                    if i != last
                        && ui
                            .small_button("×")
                            .on_hover_text(format!("Remove form field {n}"))
                            .accessible_name(format!("Remove form field {n}"))
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
