//! The sidebar's "Endpoints" view: the server's endpoint catalog grouped by tag, with a
//! search box, Refresh, and a spec file to load instead when the server refuses.

use crate::action::{Action, FileSlot};
use crate::catalog::Catalog;
use crate::state::{AppState, SessionState};

use super::{format, operation_row};

/// Search results listed at most.
const LIMIT: usize = 200;

/// Draws the view.
pub fn show(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    let logged_in = matches!(state.session, SessionState::LoggedIn { .. });
    let dark = ui.visuals().dark_mode;
    let loading = state.catalog.loading.is_some();
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
    if let Some(origin) = &state.catalog.origin {
        ui.weak(format!("From {}", origin.describe()));
        if let Some(notice) = origin.notice() {
            ui.weak(notice);
        }
    }
    if let Some(problem) = &state.catalog.problem {
        ui.colored_label(format::error_color(dark), &problem.message);
    }
    if !state.catalog.warnings.is_empty() {
        egui::CollapsingHeader::new(format!("{} warnings", state.catalog.warnings.len()))
            .id_salt("catalog_warnings")
            .show(ui, |ui| {
                for warning in &state.catalog.warnings {
                    ui.colored_label(format::warning_color(dark), warning);
                }
            });
    }
    let refused = state.catalog.problem.as_ref().is_some_and(|p| p.refused);
    match state.catalog.catalog.clone() {
        None => {
            if !logged_in && !loading {
                ui.label(
                    "Log in as a manager or admin and the server's endpoints show here, \
                     addons included. Or load a spec file:",
                );
            }
            spec_file_row(ui, state, actions);
        }
        Some(catalog) => {
            if refused {
                spec_file_row(ui, state, actions);
            } else {
                egui::CollapsingHeader::new("Load a spec file instead")
                    .id_salt("catalog_spec_file")
                    .show(ui, |ui| spec_file_row(ui, state, actions));
            }
            ui.separator();
            let label = ui.label("Filter endpoints");
            ui.add(
                egui::TextEdit::singleline(&mut state.catalog.filter)
                    .id_salt("catalog_filter")
                    .hint_text("path, summary, operationId, tag (Ctrl+K anywhere)")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            ui.weak(format!(
                "{} operations in {} groups",
                catalog.operations.len(),
                catalog.groups.len()
            ));
            if state.catalog.filter.trim().is_empty() {
                groups(ui, &catalog, actions);
            } else {
                let query = state.catalog.filter.clone();
                let hits = state
                    .catalog
                    .results
                    .update(&catalog, &query, LIMIT)
                    .to_vec();
                results(ui, &catalog, &hits, actions);
            }
        }
    }
}

fn spec_file_row(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    let loading = state.catalog.loading.is_some();
    ui.horizontal(|ui| {
        let label = ui.label("Spec file");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut state.catalog.spec_path)
                    .id_salt("catalog_spec_path")
                    .hint_text("openapi.json or .yaml")
                    .desired_width((ui.available_width() - 110.0).max(80.0)),
            )
            .labelled_by(label.id);
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if state.can_browse && ui.button("Browse…").clicked() {
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
