//! Confirmations, the settings window and the save forms.

use crate::action::Action;
use crate::settings::Theme;
use crate::state::{AppState, Confirm, LoadedCollection, RequestTab};

/// What the pending question reads and changes.
pub struct ConfirmView<'a> {
    /// The question (an answer clears it).
    pub confirm: &'a mut Option<Confirm>,
    /// The open tabs (to name the one about to close).
    pub tabs: &'a [RequestTab],
    /// The open collection (to count what a folder's delete removes).
    pub collection: Option<&'a LoadedCollection>,
}

/// The pending question: "send anyway?", "close without saving?" or "delete from the
/// collection?".
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

/// Timeout, memory limit for bodies, download folder and theme.
pub fn settings_window(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    if !state.settings_open {
        return;
    }
    let mut open = true;
    let mut changed = false;
    egui::Window::new("Settings")
        .open(&mut open)
        .resizable(false)
        .show(ui.ctx(), |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("Timeout (seconds)");
                let drag = ui
                    .add(egui::DragValue::new(&mut state.settings.timeout_secs).range(1..=3600))
                    .labelled_by(label.id);
                // Save once the value settles, not on every frame of a drag.
                changed |= (drag.changed() && !drag.dragged()) || drag.drag_stopped();
            });
            ui.horizontal(|ui| {
                let label = ui.label("Keep response bodies in memory up to (MB)");
                let drag = ui
                    .add(
                        egui::DragValue::new(&mut state.settings.spill_threshold_mb)
                            .range(1..=16_384),
                    )
                    .labelled_by(label.id)
                    .on_hover_text("Larger or binary bodies go to a temporary file");
                changed |= (drag.changed() && !drag.dragged()) || drag.drag_stopped();
            });
            ui.horizontal(|ui| {
                let label = ui.label("Download folder");
                let mut folder = state.settings.download_dir.clone().unwrap_or_default();
                let edit = ui
                    .add(
                        egui::TextEdit::singleline(&mut folder)
                            .hint_text("~/Downloads")
                            .desired_width(260.0),
                    )
                    .labelled_by(label.id);
                if edit.changed() {
                    state.settings.download_dir = Some(folder).filter(|f| !f.trim().is_empty());
                }
                changed |= edit.lost_focus();
            });
            changed |= proxy_settings(ui, state);
            changed |= super::tls_settings::tls_settings(ui, state);
            ui.horizontal(|ui| {
                ui.label("Theme");
                for (theme, label) in [
                    (Theme::System, "System"),
                    (Theme::Dark, "Dark"),
                    (Theme::Light, "Light"),
                ] {
                    changed |= ui
                        .selectable_value(&mut state.settings.theme, theme, label)
                        .changed();
                }
            });
            match &state.settings_path {
                Some(path) => ui.weak(format!("Saved to {}", path.display())),
                None => ui.weak("Settings are not saved in this session."),
            };
        });
    if changed {
        actions.push(Action::SaveSettings);
    }
    state.settings_open = open;
}

/// The proxy override, and what the environment says when there is none; `true` when
/// an edit is finished (to save and apply it).
fn proxy_settings(ui: &mut egui::Ui, state: &mut AppState) -> bool {
    let dark = ui.visuals().dark_mode;
    let mut done = false;
    ui.horizontal(|ui| {
        let label = ui.label("Proxy");
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut state.settings.proxy_url)
                    .hint_text("from HTTPS_PROXY / HTTP_PROXY")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
        done |= edit.lost_focus();
    });
    ui.horizontal(|ui| {
        let label = ui.label("No proxy for");
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut state.settings.no_proxy)
                    .hint_text("localhost, .studio.lan")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
        done |= edit.lost_focus();
    });
    let proxy = state.settings.proxy();
    match proxy.to_proxy() {
        Err(problem) => {
            ui.colored_label(super::format::error_color(dark), problem);
        }
        Ok(None) if state.environment_proxies.is_empty() => {
            ui.weak("No proxy: none is set here or in the environment.");
        }
        Ok(None) => {
            ui.weak(format!(
                "From the environment: {}",
                state.environment_proxies.join(", ")
            ));
        }
        Ok(Some(_)) => {
            ui.weak("Every request goes through this proxy; the environment's are not used.");
        }
    }
    done
}

/// The "save response body" form: a typed path, or Browse… for the native dialog.
pub fn save_body(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    let can_browse = state.can_browse;
    let Some(dialog) = &mut state.save_dialog else {
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
        state.save_dialog = None;
    }
}

/// The "save request" form: name and folder inside the collection.
pub fn save_request(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    let Some(dialog) = &mut state.collection.save_dialog else {
        return;
    };
    let mut open = true;
    let mut close = false;
    egui::Window::new("Save request")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ui.ctx(), |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("Request name");
                ui.add(egui::TextEdit::singleline(&mut dialog.name).desired_width(300.0))
                    .labelled_by(label.id);
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
                let ok = !dialog.name.trim().is_empty();
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
    if close || !open {
        state.collection.save_dialog = None;
    }
}

/// "Close without saving?" for a tab with unsaved changes.
fn close_edited(
    ui: &mut egui::Ui,
    confirm: &mut Option<Confirm>,
    tabs: &[RequestTab],
    actions: &mut Vec<Action>,
    tab_id: u64,
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
