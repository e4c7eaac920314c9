//! The sidebar's "Endpoints" view: the server's endpoint catalog grouped by tag, with a
//! search box, Refresh, and a spec file to load instead when the server refuses.

use crate::action::{Action, FileSlot};
use crate::catalog::Catalog;
use crate::state::CatalogState;

use super::{format, operation_row};

/// Search results listed at most.
const LIMIT: usize = 200;

/// What the Endpoints view reads and changes.
pub struct CatalogPanelView<'a> {
    /// The catalog, its load, the filter box and the typed spec file.
    pub catalog: &'a mut CatalogState,
    /// Whether a session is open (the server's catalog can be loaded).
    pub logged_in: bool,
    /// Whether a native file dialog can be offered.
    pub can_browse: bool,
}

/// Draws the view.
pub fn show(ui: &mut egui::Ui, view: CatalogPanelView<'_>, actions: &mut Vec<Action>) {
    let CatalogPanelView {
        catalog: state,
        logged_in,
        can_browse,
    } = view;
    let dark = ui.visuals().dark_mode;
    let loading = state.loading.is_some();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(logged_in && !loading, egui::Button::new("Refresh catalog"))
            .on_hover_text("Load /openapi.json and the addons' specs from the server again")
            .on_disabled_hover_text("Log in to load the server's catalog")
            .clicked()
        {
            actions.push(Action::RefreshCatalog);
        }
        if loading {
            ui.spinner();
            ui.weak("Loading…");
        }
    });
    if let Some(origin) = &state.origin {
        ui.weak(format!("From {}", origin.describe()));
        if let Some(notice) = origin.notice() {
            ui.weak(notice);
        }
    }
    if let Some(problem) = &state.problem {
        ui.colored_label(format::error_color(dark), &problem.message);
    }
    if !state.warnings.is_empty() {
        egui::CollapsingHeader::new(format!("{} warnings", state.warnings.len()))
            .id_salt("catalog_warnings")
            .show(ui, |ui| {
                for warning in &state.warnings {
                    ui.colored_label(format::warning_color(dark), warning);
                }
            });
    }
    let refused = state.problem.as_ref().is_some_and(|p| p.refused);
    match state.catalog.clone() {
        None => {
            if !logged_in && !loading {
                ui.label(
                    "Log in as a manager or admin and the server's endpoints show here, \
                     addons included. Or load a spec file:",
                );
            }
            spec_file_row(ui, state, can_browse, actions);
        }
        Some(catalog) => {
            if refused {
                spec_file_row(ui, state, can_browse, actions);
            } else {
                egui::CollapsingHeader::new("Load a spec file instead")
                    .id_salt("catalog_spec_file")
                    .show(ui, |ui| spec_file_row(ui, state, can_browse, actions));
            }
            ui.separator();
            let label = ui.label("Filter endpoints");
            ui.add(
                egui::TextEdit::singleline(&mut state.filter)
                    .id_salt("catalog_filter")
                    .hint_text("path, summary, operationId, tag (Ctrl+K anywhere)")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            if state.filter.trim().is_empty() {
                ui.weak(format!(
                    "{} operations in {} groups",
                    catalog.operations.len(),
                    catalog.groups.len()
                ));
                groups(ui, &catalog, actions);
            } else {
                let query = state.filter.clone();
                let hits = state.results.update(&catalog, &query, LIMIT).to_vec();
                // The count follows the filter.
                let total = catalog.operations.len();
                ui.weak(if hits.len() >= LIMIT {
                    format!("The first {} of {total} operations match", hits.len())
                } else {
                    format!("{} of {total} operations match", hits.len())
                });
                results(ui, &catalog, &hits, actions);
            }
        }
    }
}

fn spec_file_row(
    ui: &mut egui::Ui,
    state: &mut CatalogState,
    can_browse: bool,
    actions: &mut Vec<Action>,
) {
    let loading = state.loading.is_some();
    ui.horizontal(|ui| {
        let label = ui.label("Spec file");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut state.spec_path)
                    .id_salt("catalog_spec_path")
                    .hint_text("openapi.json or .yaml")
                    .desired_width((ui.available_width() - 110.0).max(80.0)),
            )
            .labelled_by(label.id);
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if can_browse && ui.button("Browse…").clicked() {
            actions.push(Action::BrowseFile {
                slot: FileSlot::SpecFile,
            });
        }
        if (ui
            .add_enabled(!loading, egui::Button::new("Load spec"))
            .clicked()
            || enter)
            && !loading
        {
            actions.push(Action::LoadSpecFile);
        }
    });
}

fn groups(ui: &mut egui::Ui, catalog: &Catalog, actions: &mut Vec<Action>) {
    egui::ScrollArea::vertical()
        .id_salt("catalog_groups")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for group in &catalog.groups {
                let title = format!("{} ({})", group.tag, group.operations.len());
                egui::CollapsingHeader::new(title)
                    .id_salt(("catalog_group", &group.tag))
                    .show(ui, |ui| {
                        if let Some(note) = &group.note {
                            ui.label(egui::RichText::new(note).small().italics());
                        }
                        for &index in &group.operations {
                            if let Some(operation) = catalog.operations.get(index)
                                && operation_row::show(ui, operation, false).clicked()
                            {
                                actions.push(Action::OpenOperation(index));
                            }
                        }
                    });
            }
        });
}

fn results(ui: &mut egui::Ui, catalog: &Catalog, hits: &[usize], actions: &mut Vec<Action>) {
    if hits.is_empty() {
        ui.weak("No endpoint matches.");
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("catalog_results")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for &index in hits {
                if let Some(operation) = catalog.operations.get(index)
                    && operation_row::show(ui, operation, false).clicked()
                {
                    actions.push(Action::OpenOperation(index));
                }
            }
        });
}
