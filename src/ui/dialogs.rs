//! The pending question (send anyway, send a secret elsewhere, allow a file, close
//! without saving, delete) and the save forms (response body, request).

use crate::action::Action;
use crate::state::TabId;
use crate::state::{Confirm, LoadedCollection, RequestTab, SaveDialog, SaveRequestDialog};

/// What the pending question reads and changes.
pub struct ConfirmView<'a> {
    /// The question (an answer clears it).
    pub confirm: &'a mut Option<Confirm>,
    /// The open tabs (to name the one about to close).
    pub tabs: &'a [RequestTab],
    /// The open collection (to count what a folder's delete removes).
    pub collection: Option<&'a LoadedCollection>,
}

/// The pending question: "send anyway?", "send a secret to another server?", "allow
/// this file?", "close without saving?" or "delete from the collection?".
pub fn confirm(ui: &mut egui::Ui, view: ConfirmView<'_>, actions: &mut Vec<Action>) {
    let ConfirmView {
        confirm,
        tabs,
        collection,
    } = view;
    let (tab, download, heading, problem, consequence) = match confirm.clone() {
        Some(Confirm::SendAnyway {
            tab,
            download,
            heading,
            problem,
            consequence,
        }) => (tab, download, heading, problem, consequence),
        Some(Confirm::SendSecret {
            tab,
            download,
            secrets,
            target,
        }) => {
            super::secret_question::ask(ui, confirm, actions, tab, download, &secrets, &target);
            return;
        }
        Some(Confirm::AllowFile {
            tab,
            download,
            path,
        }) => {
            super::allow_file::ask(ui, confirm, actions, tab, download, &path);
            return;
        }
        Some(Confirm::CloseEdited { tab_id }) => {
            close_edited(ui, confirm, tabs, actions, tab_id);
            return;
        }
        Some(Confirm::DeleteFromCollection { path, name, folder }) => {
            super::collection_tree::confirm_delete(
                ui, collection, confirm, actions, &path, &name, folder,
            );
            return;
        }
        None => return,
    };
    let modal = egui::Modal::new(egui::Id::unique("confirm_invalid_json")).show(ui.ctx(), |ui| {
        ui.heading(&heading);
        ui.label(&problem);
        ui.label(&consequence);
        ui.horizontal(|ui| {
            if ui.button("Send anyway").clicked() {
                actions.push(Action::Send {
                    tab,
                    confirmed: true,
                    download,
                });
                *confirm = None;
            }
            if ui.button("Keep editing").clicked() {
                *confirm = None;
            }
        });
    });
    if modal.should_close() {
        *confirm = None;
    }
}

/// What the "save response body" form reads and changes.
pub struct SaveBodyView<'a> {
    /// The open form (`None`: closed); Save, Cancel and closing clear it.
    pub dialog: &'a mut Option<SaveDialog>,
    /// Whether a native file dialog can be offered.
    pub can_browse: bool,
}

/// The "save response body" form: a typed path, or Browse… for the native dialog.
pub fn save_body(ui: &mut egui::Ui, view: SaveBodyView<'_>, actions: &mut Vec<Action>) {
    let SaveBodyView {
        dialog: slot,
        can_browse,
    } = view;
    let Some(dialog) = slot else {
        return;
    };
    let mut open = true;
    let mut close = false;
    egui::Window::new("Save response body")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ui.ctx(), |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("File path");
                ui.add(egui::TextEdit::singleline(&mut dialog.path).desired_width(420.0))
                    .labelled_by(label.id);
                if can_browse && ui.button("Browse…").clicked() {
                    actions.push(Action::BrowseSavePath {
                        tab_id: dialog.tab_id,
                        suggested_name: dialog.suggested_name.clone(),
                    });
                }
            });
            ui.horizontal(|ui| {
                let path = dialog.path.trim();
                if ui
                    .add_enabled(!path.is_empty(), egui::Button::new("Save"))
                    .clicked()
                {
                    actions.push(Action::SaveBody {
                        tab_id: dialog.tab_id,
                        path: std::path::PathBuf::from(path),
                    });
                    close = true;
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
    if close || !open {
        *slot = None;
    }
}

/// The "save request" form (`slot`: the open form, `None` when closed): name and folder
/// inside the collection. Cancel and closing clear `slot`.
pub fn save_request(
    ui: &mut egui::Ui,
    slot: &mut Option<SaveRequestDialog>,
    actions: &mut Vec<Action>,
) {
    let Some(dialog) = slot else {
        return;
    };
    let mut open = true;
    let mut close = false;
    egui::Window::new("Save request")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ui.ctx(), |ui| {
            let ok = !dialog.name.trim().is_empty();
            ui.horizontal(|ui| {
                let label = ui.label("Request name");
                let name = ui
                    .add(egui::TextEdit::singleline(&mut dialog.name).desired_width(300.0))
                    .labelled_by(label.id);
                if dialog.focus_name {
                    name.request_focus();
                    dialog.focus_name = false;
                }
                // Enter in the name saves, as the button does.
                if name.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && ok {
                    actions.push(Action::SaveTabAs);
                }
            });
            ui.horizontal(|ui| {
                let label = ui.label("Folder");
                ui.add(
                    egui::TextEdit::singleline(&mut dialog.folder)
                        .hint_text("(top of the collection)")
                        .desired_width(300.0),
                )
                .labelled_by(label.id);
            });
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(ok, egui::Button::new("Save request"))
                    .clicked()
                {
                    actions.push(Action::SaveTabAs);
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
    if close || !open || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        *slot = None;
    }
}

/// "Close without saving?" for a tab with unsaved changes.
fn close_edited(
    ui: &mut egui::Ui,
    confirm: &mut Option<Confirm>,
    tabs: &[RequestTab],
    actions: &mut Vec<Action>,
    tab_id: TabId,
) {
    let title = tabs
        .iter()
        .find(|t| t.id == tab_id)
        .map(|t| t.draft.title())
        .unwrap_or_default();
    let modal = egui::Modal::new(egui::Id::unique("confirm_close_edited")).show(ui.ctx(), |ui| {
        ui.heading("Close without saving?");
        ui.label(format!(
            "{title} has changes that are not saved (Ctrl+S saves them)."
        ));
        ui.horizontal(|ui| {
            if ui.button("Close without saving").clicked() {
                actions.push(Action::DiscardTab(tab_id));
                *confirm = None;
            }
            if ui.button("Keep the tab").clicked() {
                *confirm = None;
            }
        });
    });
    if modal.should_close() {
        *confirm = None;
    }
}
