//! The sidebar's collection section: open or create a collection folder, the tree of
//! saved requests, and the files that did not load.

use crate::action::Action;
use crate::collection::store::Folder;
use crate::state::AppState;

use super::format;

/// Draws the collection section.
pub fn show(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    ui.strong("Collection");
    let dark = ui.visuals().dark_mode;
    let Some(loaded) = &state.collection.loaded else {
        let label = ui.label("Collection folder");
        ui.add(
            egui::TextEdit::singleline(&mut state.collection.path_input)
                .id_salt("collection_path")
                .hint_text("/path/to/requests")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        ui.horizontal(|ui| {
            let busy = state.collection.busy;
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
        let recent = state.settings.recent_collections.clone();
        if !recent.is_empty() {
            ui.weak("Recent:");
            for path in recent {
                if ui
                    .small_button(&path)
                    .on_hover_text("Open this collection")
                    .clicked()
                {
                    state.collection.path_input = path;
                    actions.push(Action::OpenCollection);
                }
            }
        }
        let label = ui.label("New collection name");
        ui.add(
            egui::TextEdit::singleline(&mut state.collection.new_name)
                .id_salt("collection_name")
                .hint_text("My AYON requests")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        return;
    };
    ui.horizontal(|ui| {
        ui.label(&loaded.collection.file.name)
            .on_hover_text(loaded.collection.root.display().to_string());
        if ui.small_button("Close").clicked() {
            actions.push(Action::CloseCollection);
        }
    });
    ui.weak("Ctrl+S saves the open tab here.");
    folder(ui, &loaded.collection.tree, actions, true);
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

fn folder(ui: &mut egui::Ui, folder_node: &Folder, actions: &mut Vec<Action>, root: bool) {
    let mut body = |ui: &mut egui::Ui| {
        for sub in &folder_node.folders {
            folder(ui, sub, actions, false);
        }
        for request in &folder_node.requests {
            let text = format!("{} {}", request.file.method, request.file.name);
            let response = ui
                .selectable_label(false, text)
                .on_hover_text(request.path.display().to_string());
            if response.clicked() {
                actions.push(Action::OpenSaved(request.path.clone()));
            }
        }
        if root && folder_node.folders.is_empty() && folder_node.requests.is_empty() {
            ui.weak("No saved requests yet.");
        }
    };
    if root {
        body(ui);
    } else {
        egui::CollapsingHeader::new(&folder_node.name)
            .id_salt(("folder", &folder_node.path))
            .default_open(true)
            .show(ui, body);
    }
}
