//! The path-parameter table: one value per `{name}` placeholder of the URL's path, with
//! its documentation from the catalog when the operation is known.

use crate::catalog::{Operation, ParamIn};
use crate::state::KvRow;

use super::variable_edit::{Field, Variables};

/// Draws the table (nothing when the URL has no placeholders).
pub fn show(
    ui: &mut egui::Ui,
    rows: &mut [KvRow],
    operation: Option<&Operation>,
    id_salt: impl egui::AsIdSalt,
    vars: Variables<'_>,
) {
    if rows.is_empty() {
        return;
    }
    ui.strong("Path parameters");
    ui.push_id(id_salt, |ui| {
        egui::Grid::new("path_params")
            .num_columns(3)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                for row in rows.iter_mut() {
                    let doc = operation.and_then(|op| {
                        op.params
                            .iter()
                            .find(|p| p.location == ParamIn::Path && p.name == row.name)
                    });
                    let name = ui.monospace(format!("{{{}}}", row.name));
                    let mut layouter = vars.layouter(Field::Line, egui::TextStyle::Monospace);
                    let response = ui
                        .add(
                            egui::TextEdit::singleline(&mut row.value)
                                .id_salt(("value", &row.name))
                                .hint_text("value (required)")
                                .font(egui::TextStyle::Monospace)
                                .layouter(&mut layouter)
                                .desired_width(220.0),
                        )
                        .labelled_by(name.id)
                        .accessible_name(format!("Path parameter {}", row.name));
                    vars.preview_on_hover(response, &row.value, None);
                    match doc {
                        Some(doc) => {
                            let text = if doc.description.is_empty() {
                                doc.type_label.clone()
                            } else {
                                format!("{} — {}", doc.type_label, doc.description)
                            };
                            ui.add(egui::Label::new(egui::RichText::new(text).weak()).truncate());
                        }
                        None => {
                            ui.label("");
                        }
                    }
                    ui.end_row();
                }
            });
    });
    ui.add_space(6.0);
}
