//! The question asked when a request changed on disk while its tab had unsaved edits.

use crate::action::Action;
use crate::state::{ConflictChoice, DiskConflict};

/// Draws the first of the pending `conflicts`, if any; the answer is an
/// [`Action::ResolveConflict`].
pub fn show(ui: &mut egui::Ui, conflicts: &[DiskConflict], actions: &mut Vec<Action>) {
    let Some(conflict) = conflicts.first() else {
        return;
    };
    let modal = egui::Modal::new(egui::Id::unique("disk_conflict")).show(ui.ctx(), |ui| {
        ui.heading("Changed on disk");
        ui.label(format!(
            "\"{}\" ({}) was changed on disk while you edited it here.",
            conflict.disk.name,
            conflict.path.display()
        ));
        ui.label(
            "Keep your edits (the next save overwrites the file), or load the file and drop \
             your edits.",
        );
        ui.horizontal(|ui| {
            if ui.button("Keep my edits").clicked() {
                actions.push(Action::ResolveConflict(ConflictChoice::KeepMine));
            }
            if ui.button("Load from disk").clicked() {
                actions.push(Action::ResolveConflict(ConflictChoice::TakeDisk));
            }
        });
    });
    // Closing without a choice keeps the edits: nothing is lost either way.
    if modal.should_close() {
        actions.push(Action::ResolveConflict(ConflictChoice::KeepMine));
    }
}
