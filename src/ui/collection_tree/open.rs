//! With no collection open: a typed folder path (or Browse…, or a folder dropped onto
//! the window), the recent collections, and creating a new one.

use crate::action::Action;
use crate::state::CollectionState;

/// Room kept beside the path field for the Browse… button.
const BROWSE_WIDTH: f32 = 72.0;

/// The collections opened before.
pub struct Recent<'a> {
    /// Their folders, newest first.
    pub folders: &'a [String],
    /// Their names, by folder, as read when each was last opened.
    pub names: &'a std::collections::BTreeMap<String, String>,
}

/// Draws the "open a collection" form.
pub fn show(
    ui: &mut egui::Ui,
    collection: &mut CollectionState,
    recent: Recent<'_>,
    can_browse: bool,
    actions: &mut Vec<Action>,
) {
    let busy = collection.busy;
    let label = ui.label("Collection folder");
    ui.horizontal(|ui| {
        let room = if can_browse { BROWSE_WIDTH } else { 0.0 };
        ui.add(
            egui::TextEdit::singleline(&mut collection.path_input)
                .id_salt("collection_path")
                .hint_text("/path/to/requests")
                .desired_width((ui.available_width() - room).max(80.0)),
        )
        .labelled_by(label.id);
        if can_browse
            && ui
                .add_enabled(!busy, egui::Button::new("Browse…"))
                .on_hover_text("Choose the folder with the system's dialog")
                .clicked()
        {
            actions.push(Action::BrowseCollectionFolder);
        }
    });
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!busy, egui::Button::new("Open collection"))
            .clicked()
        {
            actions.push(Action::OpenCollection);
        }
        if ui
            .add_enabled(!busy, egui::Button::new("Create collection"))
            .on_hover_text("Make the folder a new collection (collection.yml, .gitignore)")
            .clicked()
        {
            actions.push(Action::CreateCollection);
        }
    });
    if ui.ctx().input(|i| !i.raw.hovered_files.is_empty()) {
        ui.strong("Drop the folder to open it as a collection.");
    } else {
        ui.weak("Or drop a collection folder onto the window.");
    }
    if !recent.folders.is_empty() {
        ui.weak("Recent:");
        for path in recent.folders {
            let name = crate::settings::recent_name(recent.names, path);
            if ui
                .small_button(name)
                .on_hover_text(format!("Open this collection ({path})"))
                .clicked()
            {
                collection.path_input = path.clone();
                actions.push(Action::OpenCollection);
            }
        }
    }
    let label = ui.label("New collection name");
    ui.add(
        egui::TextEdit::singleline(&mut collection.new_name)
            .id_salt("collection_name")
            .hint_text("My AYON requests")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
}
