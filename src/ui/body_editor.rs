//! The request body editor: none / JSON (checked as you type) / text.

use crate::state::{BodyMode, RequestDraft};

/// Draws the body editor.
pub fn show(ui: &mut egui::Ui, draft: &mut RequestDraft, tab_id: u64, json_valid: bool) {
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
    ui.add(
        egui::TextEdit::multiline(&mut draft.body_text)
            .id_salt(("body", tab_id))
            .font(egui::TextStyle::Monospace)
            .code_editor()
            .desired_rows(8)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
}
