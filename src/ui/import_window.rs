//! The Import window: a file or folder (typed, picked or dropped) or pasted text, a
//! preview of what will be created (folders, requests, environments, secret variables and
//! what cannot be carried over), then where it goes. Nothing is written before Import.

use crate::action::{Action, FileSlot, ImportAction};
use crate::interchange::{Imported, ImportedFolder, NoteGroup};
use crate::state::{ImportDialog, ImportTarget};

use super::format;

/// What the Import window reads and changes.
pub struct ImportWindowView<'a> {
    /// The form, its preview and its outcome (closing the window clears its `open`).
    pub dialog: &'a mut ImportDialog,
    /// Whether a collection is open (to import into).
    pub has_collection: bool,
    /// Whether a native file dialog can be offered.
    pub can_browse: bool,
}

/// Draws the window when open.
pub fn show(ui: &mut egui::Ui, view: ImportWindowView<'_>, actions: &mut Vec<Action>) {
    let ImportWindowView {
        dialog,
        has_collection,
        can_browse,
    } = view;
    if !dialog.open {
        return;
    }
    let mut open = true;
    let screen = ui.ctx().content_rect();
    egui::Window::new("Import")
        .id(egui::Id::unique("import_window"))
        .open(&mut open)
        .collapsible(false)
        .default_width(640.0)
        .max_height(screen.height() - 80.0)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(egui::pos2(screen.center().x, screen.top() + 50.0))
        .show(ui.ctx(), |ui| {
            source(ui, dialog, can_browse, actions);
            ui.separator();
            preview(ui, dialog);
            if matches!(dialog.preview, Some(Ok(_))) {
                ui.separator();
                target(ui, dialog, has_collection, actions);
            }
        });
    dialog.open = open;
}

fn source(
    ui: &mut egui::Ui,
    dialog: &mut ImportDialog,
    can_browse: bool,
    actions: &mut Vec<Action>,
) {
    ui.label(
        "Postman, Thunder Client, Bruno, Insomnia, curl or OpenAPI: a file or folder, or \
         pasted text.",
    );
    ui.horizontal(|ui| {
        let label = ui.label("Import path");
        ui.add(
            egui::TextEdit::singleline(&mut dialog.path)
                .id_salt("import_path")
                .hint_text("a file or a collection folder, or drop one here")
                .desired_width((ui.available_width() - 90.0).max(120.0)),
        )
        .labelled_by(label.id);
        if can_browse && ui.button("Browse…").clicked() {
            actions.push(Action::BrowseFile {
                slot: FileSlot::ImportFile,
            });
        }
    });
    let label = ui.label("Pasted text");
    // A long paste scrolls inside its box instead of pushing the buttons off the window.
    egui::ScrollArea::vertical()
        .id_salt("import_text_scroll")
        .max_height(140.0)
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut dialog.text)
                    .id_salt("import_text")
                    .hint_text(
                        "curl -X POST https://… or a collection's JSON (used when no path is \
                         given)",
                    )
                    .font(egui::TextStyle::Monospace)
                    .desired_rows(4)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        });
    ui.horizontal(|ui| {
        let busy = dialog.previewing.is_some();
        if ui
            .add_enabled(!busy, egui::Button::new("Preview"))
            .on_hover_text("Read it and show what would be created; nothing is written yet")
            .clicked()
        {
            actions.push(Action::Import(ImportAction::Preview));
        }
        if busy {
            ui.spinner();
        }
    });
}

fn preview(ui: &mut egui::Ui, dialog: &ImportDialog) {
    let dark = ui.visuals().dark_mode;
    match &dialog.preview {
        None => {
            ui.weak("The preview shows here.");
        }
        Some(Err(problem)) => {
            ui.colored_label(format::error_color(dark), problem);
        }
        Some(Ok(imported)) => {
            let (folders, requests) = imported.counts();
            ui.strong(format!(
                "{}: \"{}\", {requests} requests in {folders} folders",
                imported.format.label(),
                imported.name
            ));
            egui::ScrollArea::vertical()
                .id_salt("import_preview")
                .max_height(220.0)
                .show(ui, |ui| tree(ui, &imported.root, 0));
            variables(ui, imported);
            if !imported.not_carried.is_empty() {
                egui::CollapsingHeader::new(format!(
                    "Not carried over ({})",
                    imported.not_carried.len()
                ))
                .id_salt("import_not_carried")
                .default_open(true)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt("import_not_carried_list")
                        .max_height(160.0)
                        .show(ui, |ui| not_carried(ui, &dialog.preview_notes, dark));
                });
            }
            if !imported.outside_files.is_empty() {
                egui::CollapsingHeader::new(format!(
                    "Files outside the collection ({})",
                    imported.outside_files.len()
                ))
                .id_salt("import_outside_files")
                .default_open(true)
                .show(ui, |ui| {
                    ui.label(
                        "Kept as they are; a request sends such a file only once it is \
                         allowed on the computer that sends it.",
                    );
                    egui::ScrollArea::vertical()
                        .id_salt("import_outside_files_list")
                        .max_height(140.0)
                        .show(ui, |ui| {
                            for line in &imported.outside_files {
                                ui.colored_label(format::warning_color(dark), line);
                            }
                        });
                });
            }
        }
    }
}

/// One collapsed line per kind of loss with its count, opening on its notes.
fn not_carried(ui: &mut egui::Ui, groups: &[NoteGroup], dark: bool) {
    for (index, group) in groups.iter().enumerate() {
        let header = egui::RichText::new(format!("{} ({})", group.kind, group.items.len()))
            .color(format::warning_color(dark));
        egui::CollapsingHeader::new(header)
            .id_salt(("import_not_carried_kind", index))
            .default_open(false)
            .show(ui, |ui| {
                for line in &group.items {
                    ui.label(line);
                }
            });
    }
}

fn variables(ui: &mut egui::Ui, imported: &Imported) {
    let secret: Vec<&str> = imported
        .variables
        .iter()
        .chain(
            imported
                .environments
                .iter()
                .flat_map(|e| e.variables.iter()),
        )
        .filter(|v| v.secret)
        .map(|v| v.name.as_str())
        .collect();
    if !imported.environments.is_empty() {
        let names: Vec<&str> = imported
            .environments
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        ui.label(format!("Environments: {}", names.join(", ")));
    }
    if !imported.variables.is_empty() {
        ui.label(format!(
            "{} collection variables (they go into every environment)",
            imported.variables.len()
        ));
    }
    if !secret.is_empty() {
        ui.label(format!(
            "Secret variables (values go to the secret store, never into the files): {}",
            secret.join(", ")
        ));
    }
}

fn tree(ui: &mut egui::Ui, folder: &ImportedFolder, depth: usize) {
    let dark = ui.visuals().dark_mode;
    for request in &folder.requests {
        ui.horizontal(|ui| {
            ui.label(format::method_badge(request.draft.method, dark));
            ui.label(&request.name);
        });
    }
    for sub in &folder.folders {
        if depth > 32 {
            ui.weak("…");
            return;
        }
        egui::CollapsingHeader::new(&sub.name)
            .id_salt(("import_folder", depth, &sub.name))
            .default_open(depth == 0)
            .show(ui, |ui| tree(ui, sub, depth + 1));
    }
}

fn target(
    ui: &mut egui::Ui,
    dialog: &mut ImportDialog,
    has_collection: bool,
    actions: &mut Vec<Action>,
) {
    if !has_collection {
        dialog.target = ImportTarget::NewCollection;
    }
    ui.horizontal(|ui| {
        ui.radio_value(
            &mut dialog.target,
            ImportTarget::NewCollection,
            "A new collection",
        );
        ui.add_enabled_ui(has_collection, |ui| {
            ui.radio_value(
                &mut dialog.target,
                ImportTarget::OpenCollection,
                "A new folder of the open collection",
            );
        });
    });
    if dialog.target == ImportTarget::NewCollection {
        ui.horizontal(|ui| {
            let label = ui.label("New collection folder");
            ui.add(
                egui::TextEdit::singleline(&mut dialog.new_folder)
                    .id_salt("import_new_folder")
                    .hint_text("/path/to/a/new/folder")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        });
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!dialog.writing, egui::Button::new("Import"))
            .clicked()
        {
            actions.push(Action::Import(ImportAction::Write));
        }
        if dialog.writing {
            ui.spinner();
        }
    });
    let dark = ui.visuals().dark_mode;
    match &dialog.outcome {
        Some(Ok(summary)) => {
            ui.colored_label(format::status_color(200, dark), summary);
        }
        Some(Err(problem)) => {
            ui.colored_label(format::error_color(dark), problem);
        }
        None => {}
    }
}
