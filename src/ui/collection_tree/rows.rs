//! The rows of the collection tree: the collection's top row, folders and requests. Each
//! has a context menu; requests and folders can be dragged onto a folder (or the top
//! row) to move them there.

use std::path::{Path, PathBuf};

use crate::action::Action;
use crate::collection::store::{Folder, RequestEntry, TreeOp};
use crate::state::{Confirm, LoadedCollection, TreeEdit, TreeEditKind};

use super::edit;

/// What is being dragged in the tree.
#[derive(Clone, Debug)]
struct Dragged {
    /// The request file or folder, relative to the collection root.
    path: PathBuf,
    /// Whether it is a folder.
    folder: bool,
}

impl Dragged {
    /// Whether dropping it into `folder` moves it somewhere new and allowed.
    fn fits_into(&self, folder: &Path) -> bool {
        let stays = self.path.parent() == Some(folder);
        let into_itself = self.folder && folder.starts_with(&self.path);
        !stays && !into_itself
    }
}

/// What the tree edits while it is drawn (split out of the app state).
pub struct Tree<'a> {
    /// The inline rename or "new folder" field.
    pub edit: &'a mut Option<TreeEdit>,
    /// The pending question (deletes are confirmed).
    pub confirm: &'a mut Option<Confirm>,
    /// What the user asked for.
    pub actions: &'a mut Vec<Action>,
}

impl Tree<'_> {
    /// The collection's name with Close; a drop target for the top of the collection.
    pub fn root_row(&mut self, ui: &mut egui::Ui, loaded: &LoadedCollection) {
        let collection = &loaded.collection;
        ui.horizontal(|ui| {
            let response = ui
                .selectable_label(false, &collection.file.name)
                .on_hover_text(collection.root.display().to_string());
            self.drop_target(ui, &response, Path::new(""));
            response.context_menu(|ui| self.folder_menu(ui, Path::new(""), None));
            if ui.small_button("Close").clicked() {
                self.actions.push(Action::CloseCollection);
            }
        });
        self.new_folder_field(ui, Path::new(""));
    }

    /// The sub-folders and requests of `folder`.
    pub fn folder_body(&mut self, ui: &mut egui::Ui, folder: &Folder) {
        for sub in &folder.folders {
            self.folder_row(ui, sub);
        }
        for request in &folder.requests {
            self.request_row(ui, request);
        }
        if folder.path.as_os_str().is_empty()
            && folder.folders.is_empty()
            && folder.requests.is_empty()
        {
            ui.weak("No saved requests yet.");
        }
    }

    fn folder_row(&mut self, ui: &mut egui::Ui, folder: &Folder) {
        let id = egui::Id::unique(("tree_folder", &folder.path));
        let state =
            egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, true);
        let mut toggle = false;
        let _ = state
            .show_header(ui, |ui| {
                if self.is_editing(TreeEditKind::Rename, &folder.path) {
                    // The header is a row: the field and its buttons go below each other.
                    ui.vertical(|ui| self.edit_field(ui));
                    return;
                }
                let payload = Dragged {
                    path: folder.path.clone(),
                    folder: true,
                };
                let text = egui::WidgetText::from(folder.name.as_str());
                let label = draggable_row(ui, text, &folder.name, payload).on_hover_text(format!(
                    "{} (drag onto a folder to move it)",
                    folder.path.display()
                ));
                toggle = label.clicked();
                self.drop_target(ui, &label, &folder.path);
                label.context_menu(|ui| self.folder_menu(ui, &folder.path, Some(&folder.name)));
            })
            .body(|ui| {
                self.new_folder_field(ui, &folder.path);
                self.folder_body(ui, folder);
            });
        if toggle
            && let Some(mut state) = egui::collapsing_header::CollapsingState::load(ui.ctx(), id)
        {
            state.toggle(ui);
            state.store(ui.ctx());
        }
    }

    fn request_row(&mut self, ui: &mut egui::Ui, request: &RequestEntry) {
        if self.is_editing(TreeEditKind::Rename, &request.path) {
            self.edit_field(ui);
            return;
        }
        let text = format!("{} {}", request.file.method, request.file.name);
        let shown = super::super::method_label::method_then(
            ui,
            request.file.method.as_str(),
            &request.file.name,
        );
        let payload = Dragged {
            path: request.path.clone(),
            folder: false,
        };
        let response = draggable_row(ui, shown.into(), &text, payload).on_hover_text(format!(
            "{} (drag onto a folder to move it)",
            request.path.display()
        ));
        if response.clicked() {
            self.actions.push(Action::OpenSaved(request.path.clone()));
        }
        response.context_menu(|ui| {
            if ui.button("Rename…").clicked() {
                *self.edit = Some(TreeEdit::new(
                    TreeEditKind::Rename,
                    request.path.clone(),
                    request.file.name.clone(),
                ));
            }
            if ui.button("Duplicate").clicked() {
                self.actions.push(Action::EditCollection(TreeOp::Duplicate {
                    path: request.path.clone(),
                }));
            }
            if ui.button("Export this request…").clicked() {
                self.actions
                    .push(Action::OpenExport(Some(request.path.clone())));
            }
            if ui.button("Delete…").clicked() {
                *self.confirm = Some(Confirm::DeleteFromCollection {
                    path: request.path.clone(),
                    name: request.file.name.clone(),
                    folder: false,
                });
            }
        });
    }

    /// The context menu of a folder (`name` is `None` for the top of the collection).
    fn folder_menu(&mut self, ui: &mut egui::Ui, path: &Path, name: Option<&str>) {
        if ui.button("New folder…").clicked() {
            *self.edit = Some(TreeEdit::new(
                TreeEditKind::NewFolder,
                path.to_path_buf(),
                String::new(),
            ));
        }
        let scope = name.map(|_| path.to_path_buf());
        let label = if scope.is_some() {
            "Export this folder…"
        } else {
            "Export the collection…"
        };
        if ui.button(label).clicked() {
            self.actions.push(Action::OpenExport(scope));
        }
        let Some(name) = name else {
            return;
        };
        if ui.button("Rename…").clicked() {
            *self.edit = Some(TreeEdit::new(
                TreeEditKind::Rename,
                path.to_path_buf(),
                name.to_string(),
            ));
        }
        if ui.button("Delete…").clicked() {
            *self.confirm = Some(Confirm::DeleteFromCollection {
                path: path.to_path_buf(),
                name: name.to_string(),
                folder: true,
            });
        }
    }

    /// Highlights `response` while something that fits is dragged over it, and moves
    /// what is dropped there into `folder`.
    fn drop_target(&mut self, ui: &egui::Ui, response: &egui::Response, folder: &Path) {
        let fits = |d: &Dragged| d.fits_into(folder);
        if response
            .dnd_hover_payload::<Dragged>()
            .is_some_and(|d| fits(&d))
        {
            ui.painter().rect_stroke(
                response.rect.expand(2.0),
                3.0,
                ui.visuals().selection.stroke,
                egui::StrokeKind::Outside,
            );
        }
        if let Some(dragged) = response.dnd_release_payload::<Dragged>()
            && fits(&dragged)
        {
            self.actions.push(Action::EditCollection(TreeOp::Move {
                path: dragged.path.clone(),
                to_folder: folder.to_path_buf(),
            }));
        }
    }

    fn is_editing(&self, kind: TreeEditKind, path: &Path) -> bool {
        self.edit
            .as_ref()
            .is_some_and(|e| e.kind == kind && e.path == path)
    }

    /// The "new folder" field, when it is open for `parent`.
    fn new_folder_field(&mut self, ui: &mut egui::Ui, parent: &Path) {
        if self.is_editing(TreeEditKind::NewFolder, parent) {
            self.edit_field(ui);
        }
    }

    /// The open inline field; on OK its change goes out as an action.
    fn edit_field(&mut self, ui: &mut egui::Ui) {
        let Some(current) = self.edit.as_mut() else {
            return;
        };
        match edit::field(ui, current) {
            edit::Outcome::Editing => {}
            edit::Outcome::Cancel => *self.edit = None,
            edit::Outcome::Done(op) => {
                self.actions.extend(op.map(Action::EditCollection));
                *self.edit = None;
            }
        }
    }
}

/// A selectable row that can be clicked and dragged; while dragged, its text follows the
/// pointer.
/// A row showing `shown` (read as `text`) that can be dragged.
fn draggable_row(
    ui: &mut egui::Ui,
    shown: egui::WidgetText,
    text: &str,
    payload: Dragged,
) -> egui::Response {
    let response =
        ui.add(egui::Button::selectable(false, shown).sense(egui::Sense::click_and_drag()));
    response.dnd_set_drag_payload(payload);
    if response.dragged()
        && let Some(pointer) = ui.ctx().pointer_interact_pos()
    {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
        egui::Area::new(egui::Id::unique("tree_drag_preview"))
            .order(egui::Order::Tooltip)
            .interactable(false)
            .fixed_pos(pointer + egui::vec2(14.0, 6.0))
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| ui.weak(text));
            });
    }
    response
}
