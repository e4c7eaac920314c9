//! The sidebar's collection section: open or create a collection folder, the tree of
//! saved requests (with context menus and drag and drop), and the files that did not load.

mod edit;
mod open;
mod rows;

use crate::action::Action;
use crate::state::{AppState, CollectionState};

use super::format;

pub use edit::confirm_delete;

/// Draws the collection section.
pub fn show(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    ui.strong("Collection");
    if state.collection.loaded.is_none() {
        open::show(ui, state, actions);
        return;
    }
    let dark = ui.visuals().dark_mode;
    let AppState {
        collection,
        confirm,
        ..
    } = state;
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
