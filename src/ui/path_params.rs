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
    // Rows, not a grid: a grid sizes its columns a frame late, which shows as a flicker.
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let name_width = rows
        .iter()
        .map(|row| {
            ui.ctx().fonts_mut(|f| {
                f.layout_no_wrap(
                    format!("{{{}}}", row.name),
                    font.clone(),
                    egui::Color32::WHITE,
                )
                .size()
                .x
            })
        })
        .fold(60.0_f32, f32::max);
    ui.push_id(id_salt, |ui| {
        for row in rows.iter_mut() {
            let doc = operation.and_then(|op| {
                op.params
                    .iter()
                    .find(|p| p.location == ParamIn::Path && p.name == row.name)
            });
            ui.horizontal(|ui| {
                let name = ui.add_sized(
                    [name_width, ui.spacing().interact_size.y],
                    egui::Label::new(egui::RichText::new(format!("{{{}}}", row.name)).monospace()),
                );
                let mut layouter = vars.layouter(Field::Line, egui::TextStyle::Monospace);
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut row.value)
                            .id_salt(("value", &row.name))
                            .hint_text("value (required)")
                            .font(egui::TextStyle::Monospace)
                            .layouter(&mut layouter)
                            .desired_width(260.0),
                    )
                    .labelled_by(name.id)
                    .accessible_name(format!("Path parameter {}", row.name));
                vars.preview_on_hover(response, &row.value, None);
                if let Some(doc) = doc {
                    let text = if doc.description.is_empty() {
                        doc.type_label.clone()
                    } else {
                        format!("{} — {}", doc.type_label, doc.description)
                    };
                    ui.add(egui::Label::new(egui::RichText::new(text).weak()).truncate());
                }
            });
        }
    });
    ui.add_space(6.0);
}
