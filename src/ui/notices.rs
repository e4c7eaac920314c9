//! The notices bar: messages for the user, each dismissable, coloured by level.

use crate::state::{Notice, NoticeLevel};

use super::format;

/// Draws `notices`, one row each (errors also say so in words, for those who cannot
/// tell the colours apart); "Dismiss" removes that notice from the list.
pub fn show(ui: &mut egui::Ui, notices: &mut Vec<Notice>) {
    let mut dismiss = None;
    let dark = ui.visuals().dark_mode;
    for (i, notice) in notices.iter().enumerate() {
        ui.horizontal(|ui| {
            match notice.level {
                NoticeLevel::Info => ui.label(&notice.text),
                NoticeLevel::Warning => ui.colored_label(format::warning_color(dark), &notice.text),
                NoticeLevel::Error => {
                    ui.colored_label(format::error_color(dark), format!("Error: {}", notice.text))
                }
            };
            if ui.small_button("Dismiss").clicked() {
                dismiss = Some(i);
            }
        });
    }
    if let Some(i) = dismiss {
        notices.remove(i);
    }
}
