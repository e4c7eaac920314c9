//! The sidebar's collection section: open or create a collection folder, the tree of
//! saved requests (with context menus and drag and drop), and the files that did not load.

mod edit;
mod open;
mod rows;

use crate::action::Action;
use crate::state::{CollectionState, Confirm};

use super::format;

pub use edit::confirm_delete;

/// What the collection section reads and changes.
pub struct CollectionTreeView<'a> {
    /// The open collection, the typed folder path and name, and the tree's inline field.
    pub collection: &'a mut CollectionState,
    /// The pending question (a delete is asked first).
    pub confirm: &'a mut Option<Confirm>,
    /// Collections opened before, newest first.
    pub recent_collections: &'a [String],
    /// Their collections' names, by folder (a folder without one reads by its name).
    pub recent_names: &'a std::collections::BTreeMap<String, String>,
    /// Whether a native folder dialog can be offered.
    pub can_browse: bool,
}

/// Draws the collection section.
pub fn show(ui: &mut egui::Ui, view: CollectionTreeView<'_>, actions: &mut Vec<Action>) {
    let CollectionTreeView {
        collection,
        confirm,
        recent_collections,
        recent_names,
        can_browse,
    } = view;
    ui.strong("Collection");
    if collection.loaded.is_none() {
        let recent = open::Recent {
            folders: recent_collections,
            names: recent_names,
        };
        open::show(ui, collection, recent, can_browse, actions);
        return;
    }
    let dark = ui.visuals().dark_mode;
    let CollectionState {
        loaded, tree_edit, ..
    } = collection;
    let Some(loaded) = loaded else {
        return;
    };
    let mut tree = rows::Tree {
        edit: tree_edit,
        confirm,
        actions,
    };
    tree.root_row(ui, loaded);
    ui.weak("Ctrl+S saves the open tab here. Right-click or drag requests and folders.");
    tree.folder_body(ui, &loaded.collection.tree);
    for problem in &loaded.collection.problems {
        let at = problem.line.map(|l| format!(":{l}")).unwrap_or_default();
        ui.colored_label(
            format::error_color(dark),
            format!("{}{at}: {}", problem.path.display(), problem.message),
        )
        .on_hover_text("Not loaded, and never overwritten: fix it by hand.");
    }
    for problem in &loaded.environment_problems {
        ui.colored_label(format::error_color(dark), problem.to_string());
    }
}
