//! The request body editor: none / JSON (checked as you type) / text.

use crate::state::{BodyMode, RequestDraft};

use super::variable_edit::{Field, Variables};

/// Draws the body editor. `{{variables}}` are coloured; hovering lists their values.
pub fn show(
    ui: &mut egui::Ui,
    draft: &mut RequestDraft,
    tab_id: u64,
    json_valid: bool,
    vars: Variables<'_>,
) {
    ui.horizontal(|ui| {
        ui.label("Body type");
        for mode in BodyMode::ALL {
            ui.selectable_value(&mut draft.body_mode, mode, mode.label());
        }
        if draft.body_mode == BodyMode::Json
            && json_valid
            && !draft.body_text.trim().is_empty()
            && ui.small_button("Format").clicked()
            && let Ok(value) = serde_json::from_str::<serde_json::Value>(&draft.body_text)
            && let Ok(pretty) = serde_json::to_string_pretty(&value)
        {
            draft.body_text = pretty;
        }
    });
    if draft.body_mode == BodyMode::None {
        ui.weak("This request has no body.");
        return;
    }
    let label = ui.label("Request body");
    let mut layouter = vars.layouter(Field::Multiline, egui::TextStyle::Monospace);
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut draft.body_text)
                .id_salt(("body", tab_id))
                .font(egui::TextStyle::Monospace)
                .code_editor()
                .layouter(&mut layouter)
                .desired_rows(8)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    vars.usage_on_hover(response, &draft.body_text, false);
}
