//! The one-time question before a collection's request sends a file from outside the
//! collection: allow that file on this computer (remembered in local settings, never in
//! the collection), or do not send.

use std::path::Path;

use crate::action::Action;
use crate::state::{Confirm, TabId};

/// The question's heading.
pub const HEADING: &str = "Send a file from outside the collection?";
/// The button that allows the file and sends.
pub const ALLOW: &str = "Allow this file";
/// The button that sends nothing.
pub const DONT_SEND: &str = "Don't send";

/// Asks whether `path` (the tab's file outside the collection) may be sent from this
/// computer. Allow pushes [`Action::AllowFile`]; either answer or closing clears
/// `confirm`.
pub fn ask(
    ui: &mut egui::Ui,
    confirm: &mut Option<Confirm>,
    actions: &mut Vec<Action>,
    tab: TabId,
    download: bool,
    path: &Path,
) {
    let modal = egui::Modal::new(egui::Id::unique("confirm_allow_file")).show(ui.ctx(), |ui| {
        ui.heading(HEADING);
        ui.label(format!(
            "This request sends {} from outside the collection. Allow this file on this \
             computer?",
            path.display()
        ));
        ui.label(
            "A collection may come from someone else, so its requests send only files inside \
             its folder. Your answer is kept in this computer's settings, never in the \
             collection.",
        );
        ui.horizontal(|ui| {
            if ui.button(ALLOW).clicked() {
                actions.push(Action::AllowFile {
                    tab,
                    download,
                    path: path.to_path_buf(),
                });
                *confirm = None;
            }
            if ui.button(DONT_SEND).clicked() {
                *confirm = None;
            }
        });
    });
    if modal.should_close() {
        *confirm = None;
    }
}
