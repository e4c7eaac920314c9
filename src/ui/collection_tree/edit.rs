//! Naming things in the tree (an inline field with OK and Cancel) and the "delete from
//! disk?" question.

use std::path::Path;

use crate::action::Action;
use crate::collection::store::{Folder, TreeOp};
use crate::state::{Confirm, LoadedCollection, TreeEdit, TreeEditKind};

/// What the inline field ended with this frame.
pub enum Outcome {
    /// Still typing.
    Editing,
    /// Cancelled (Cancel or Escape).
    Cancel,
    /// Confirmed (OK or Enter): the change to make, if anything changed.
    Done(Option<TreeOp>),
}

/// The inline field for `edit`: "New name" or "Folder name", with OK and Cancel.
pub fn field(ui: &mut egui::Ui, edit: &mut TreeEdit) -> Outcome {
    let caption = match edit.kind {
        TreeEditKind::Rename => "New name",
        TreeEditKind::NewFolder => "Folder name",
    };
    let (mut ok, mut cancel) = (false, false);
    ui.horizontal(|ui| {
        let label = ui.label(caption);
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut edit.text)
                    .id_salt(("tree_edit", caption, &edit.path))
                    .desired_width(ui.available_width().max(60.0)),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut edit.focus) {
            response.request_focus();
        }
        if response.lost_focus() {
            ok |= ui.input(|i| i.key_pressed(egui::Key::Enter));
            cancel |= ui.input(|i| i.key_pressed(egui::Key::Escape));
        }
    });
    ui.horizontal(|ui| {
        let filled = !edit.text.trim().is_empty();
        ok |= ui.add_enabled(filled, egui::Button::new("OK")).clicked();
        cancel |= ui.button("Cancel").clicked();
    });
    if cancel {
        return Outcome::Cancel;
    }
    let name = edit.text.trim();
    if !ok || name.is_empty() {
        return Outcome::Editing;
    }
    let op = match edit.kind {
        TreeEditKind::Rename => {
            let unchanged = name == edit.original.trim();
            (!unchanged).then(|| TreeOp::Rename {
                path: edit.path.clone(),
                new_name: name.to_string(),
            })
        }
        TreeEditKind::NewFolder => Some(TreeOp::NewFolder {
            parent: edit.path.clone(),
            name: name.to_string(),
        }),
    };
    Outcome::Done(op)
}

/// "Delete from disk?" for a request or folder of the collection `loaded`; an answer
/// clears `confirm`.
pub fn confirm_delete(
    ui: &mut egui::Ui,
    loaded: Option<&LoadedCollection>,
    confirm: &mut Option<Confirm>,
    actions: &mut Vec<Action>,
    path: &Path,
    name: &str,
    folder: bool,
) {
    let question = if folder {
        let inside = loaded
            .and_then(|l| l.collection.folder(path))
            .map_or(0, count_requests);
        format!(
            "Delete the folder \"{name}\" and the {inside} saved request(s) in it? \
             The folder {} is removed from disk.",
            path.display()
        )
    } else {
        format!(
            "Delete \"{name}\"? The file {} is removed from disk.",
            path.display()
        )
    };
    let modal =
        egui::Modal::new(egui::Id::unique("confirm_delete_from_collection")).show(ui.ctx(), |ui| {
            ui.heading("Delete from the collection?");
            ui.label(question);
            ui.horizontal(|ui| {
                if ui.button("Delete").clicked() {
                    actions.push(Action::EditCollection(TreeOp::Delete {
                        path: path.to_path_buf(),
                    }));
                    *confirm = None;
                }
                if ui.button("Cancel").clicked() {
                    *confirm = None;
                }
            });
        });
    if modal.should_close() {
        *confirm = None;
    }
}

fn count_requests(folder: &Folder) -> usize {
    folder.requests.len() + folder.folders.iter().map(count_requests).sum::<usize>()
}
