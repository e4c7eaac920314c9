//! "Upload to AYON": small forms for AYON's upload recipes (addon zip, desktop installer,
//! dependency package), the run's steps and progress, and what the server's answer means.

use crate::action::{Action, FileSlot, UploadAction};
use crate::collection::variables::VariableSet;
use crate::recipes::{Platform, RecipeRun, StepState};
use crate::state::{KvRow, UploadDialog, UploadKind, UploadOutcome};

use super::{format, kv_table, variable_edit::Variables};

/// The window's width.
const WIDTH: f32 = 560.0;

/// What the "Upload to AYON" window reads and changes.
pub struct UploadWindowView<'a> {
    /// The form, the run in flight and its outcome (closing the window clears its
    /// `open`).
    pub dialog: &'a mut UploadDialog,
    /// Whether a native file dialog can be offered.
    pub can_browse: bool,
    /// The logged-in user's name (`None`: logged out, nothing can be sent).
    pub logged_in_as: Option<&'a str>,
    /// The server uploads go to.
    pub server_url: &'a str,
    /// The active environment's variables (coloured in the source-addon table).
    pub variables: &'a VariableSet,
}

/// Draws the window when it is open, and the "restart the server?" question.
pub fn show(ui: &mut egui::Ui, view: UploadWindowView<'_>, actions: &mut Vec<Action>) {
    let UploadWindowView {
        dialog,
        can_browse,
        logged_in_as,
        server_url: server,
        variables,
    } = view;
    if !dialog.open {
        return;
    }
    let mut open = true;
    let center = ui.ctx().content_rect().center();
    egui::Window::new("Upload to AYON")
        .open(&mut open)
        .default_pos(center - egui::vec2(WIDTH / 2.0, 240.0))
        .default_width(WIDTH)
        .collapsible(false)
        .show(ui.ctx(), |ui| {
            let busy = dialog.running.is_some();
            ui.add_enabled_ui(!busy, |ui| {
                ui.horizontal(|ui| {
                    for kind in UploadKind::ALL {
                        if ui
                            .selectable_value(&mut dialog.kind, kind, kind.label())
                            .changed()
                        {
                            dialog.outcome = None;
                        }
                    }
                });
                ui.separator();
                let label = ui.label("Upload file");
                ui.horizontal(|ui| {
                    // A fixed width: one that follows the window would widen it every frame.
                    let edit = ui
                        .add(
                            egui::TextEdit::singleline(&mut dialog.file)
                                .id_salt("upload_file")
                                .hint_text("/path/to/file, or drop it onto the window")
                                .desired_width(WIDTH - 100.0),
                        )
                        .labelled_by(label.id);
                    if edit.changed() {
                        dialog.file_changed();
                    }
                    if can_browse
                        && ui
                            .button("Browse…")
                            .accessible_name("Browse for upload file")
                            .clicked()
                    {
                        actions.push(Action::BrowseFile {
                            slot: FileSlot::Upload,
                        });
                    }
                });
                file_size(ui, dialog);
                match dialog.kind {
                    UploadKind::Addon => addon_fields(ui, dialog),
                    UploadKind::Installer | UploadKind::DependencyPackage => {
                        // Only the source-addon table colours variables.
                        package_fields(ui, dialog, Variables::new(variables))
                    }
                }
            });
            if let Some(path) = dialog.zip_to_inspect() {
                actions.push(Action::Upload(UploadAction::InspectZip(path)));
            }
            ui.separator();
            let Some(who) = logged_in_as else {
                ui.colored_label(
                    format::warning_color(ui.visuals().dark_mode),
                    format!("Log in to {server} first, as an admin: AYON lets only admins upload."),
                );
                return;
            };
            ui.weak(format!("Sends to {server} as {who}."));
            start_buttons(ui, dialog, actions);
            if let Some(running) = &dialog.running {
                progress(ui, &running.run);
                if ui.button("Cancel upload").clicked() {
                    actions.push(Action::Upload(UploadAction::Cancel));
                }
            }
            if let Some(run) = dialog
                .running
                .as_ref()
                .map(|r| &r.run)
                .or(dialog.last_run.as_ref())
            {
                steps(ui, run);
                if let Some(event) = run.event()
                    && ui
                        .button("Follow in Events")
                        .on_hover_text("Watch the install event's progress live in the Events dock")
                        .clicked()
                {
                    actions.push(Action::FollowEvent(event));
                }
            }
            outcome(ui, dialog, actions);
        });
    if !open {
        dialog.open = false;
    }
    confirm_restart(ui, dialog, server, actions);
}

/// "addon.zip, 1.2 MB" under the file field, before anything is sent.
fn file_size(ui: &mut egui::Ui, dialog: &mut UploadDialog) {
    dialog.probe_file_size();
    let name = std::path::Path::new(dialog.file.trim())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match dialog.known_file_size() {
        _ if name.is_empty() => {}
        None if dialog.file_size.is_some() => {
            // Read on another thread: look again shortly.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
        }
        None => {}
        Some(Ok(bytes)) => {
            ui.label(format!("{name}, {}", format::size(*bytes)));
        }
        Some(Err(problem)) => {
            ui.colored_label(
                format::error_color(ui.visuals().dark_mode),
                format!("{name}: {problem}"),
            );
        }
    }
}

fn addon_fields(ui: &mut egui::Ui, dialog: &mut UploadDialog) {
    let dark = ui.visuals().dark_mode;
    match dialog.zip.as_ref().and_then(|z| z.result.as_ref()) {
        None if dialog.file.trim().is_empty() => {
            ui.weak("Pick the addon's zip: its manifest is read before anything is sent.");
        }
        None => {
            ui.weak("Reading the zip's manifest…");
        }
        Some(Ok(info)) => {
            ui.label(format!(
                "Addon {} {} (from {})",
                info.name, info.version, info.manifest_file
            ));
        }
        Some(Err(problem)) => {
            ui.colored_label(format::error_color(dark), problem);
        }
    }
}

fn package_fields(ui: &mut egui::Ui, dialog: &mut UploadDialog, vars: Variables<'_>) {
    egui::Grid::new("package_fields")
        .num_columns(2)
        .spacing([8.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label("File name on the server");
            if ui
                .add(egui::TextEdit::singleline(&mut dialog.filename).id_salt("upload_filename"))
                .labelled_by(label.id)
                .changed()
            {
                dialog.filename_edited = true;
            }
            ui.end_row();
            ui.label("Platform");
            let picker = egui::ComboBox::from_id_salt("upload_platform")
                .selected_text(dialog.platform.map_or("choose…", Platform::as_str))
                .show_ui(ui, |ui| {
                    for platform in Platform::ALL {
                        ui.selectable_value(
                            &mut dialog.platform,
                            Some(platform),
                            platform.as_str(),
                        );
                    }
                })
                .response
                .accessible_name("Platform");
            let choices: Vec<Option<Platform>> = Platform::ALL.into_iter().map(Some).collect();
            super::combo_keys::step_with_arrows(ui, &picker, &choices, &mut dialog.platform);
            ui.end_row();
            let version_label = match dialog.kind {
                UploadKind::DependencyPackage => "Installer version",
                _ => "Version",
            };
            let label = ui.label(version_label);
            ui.add(
                egui::TextEdit::singleline(&mut dialog.version)
                    .id_salt("upload_version")
                    .hint_text("1.0.0"),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Python version");
            ui.add(
                egui::TextEdit::singleline(&mut dialog.python_version)
                    .id_salt("upload_python")
                    .hint_text(match dialog.kind {
                        UploadKind::Installer => "3.11.9",
                        _ => "3.11.9 (optional)",
                    }),
            )
            .labelled_by(label.id);
            ui.end_row();
        });
    if dialog.kind == UploadKind::DependencyPackage {
        ui.label("Source addons (name and version)");
        if dialog.source_addons.is_empty() {
            dialog.source_addons.push(KvRow::new("", ""));
        }
        kv_table::show(
            ui,
            &mut dialog.source_addons,
            "Source addon",
            "source_addons",
            vars,
        );
    }
    ui.weak(
        "Size and SHA-256 are computed from the file and sent in the manifest; the file \
         goes up raw with PUT.",
    );
}

fn start_buttons(ui: &mut egui::Ui, dialog: &UploadDialog, actions: &mut Vec<Action>) {
    let idle = dialog.running.is_none();
    match dialog.kind {
        UploadKind::Addon => {
            let ready = matches!(
                dialog.zip.as_ref().and_then(|z| z.result.as_ref()),
                Some(Ok(_))
            );
            let installed = dialog.addon_installed_from_this_file();
            let hover = if installed {
                "Installed: pick another file to install again"
            } else {
                "POST /api/addons/install with the raw zip, then follow its event"
            };
            if ui
                .add_enabled(
                    idle && ready && !installed,
                    egui::Button::new("Install addon"),
                )
                .on_hover_text(hover)
                .on_disabled_hover_text(hover)
                .clicked()
            {
                actions.push(Action::Upload(UploadAction::Start { force: false }));
            }
        }
        UploadKind::Installer | UploadKind::DependencyPackage => {
            let form = dialog.package_form(false);
            if let Err(missing) = &form
                && !dialog.file.trim().is_empty()
            {
                ui.weak(missing);
            }
            if ui
                .add_enabled(idle && form.is_ok(), egui::Button::new("Upload"))
                .on_hover_text("POST the manifest, then PUT the raw file, then check the listing")
                .clicked()
            {
                actions.push(Action::Upload(UploadAction::Start { force: false }));
            }
        }
    }
}

fn progress(ui: &mut egui::Ui, run: &RecipeRun) {
    let snap = run.progress().snapshot();
    if snap.send_total > 0 || snap.received > 0 {
        if let Some(fraction) = snap.fraction() {
            let text = format!("{:.0}%", fraction * 100.0);
            ui.add(egui::ProgressBar::new(fraction).text(text.clone()))
                .accessible_name(format!("Upload progress {text}"));
        }
        ui.label(snap.describe());
    } else {
        ui.spinner();
    }
}

fn steps(ui: &mut egui::Ui, run: &RecipeRun) {
    let dark = ui.visuals().dark_mode;
    for step in run.steps() {
        let (mark, color) = match step.state {
            StepState::Running => ("…", ui.visuals().text_color()),
            StepState::Done => ("done", format::status_color(200, dark)),
            StepState::Failed => ("failed", format::error_color(dark)),
            StepState::Info => ("note", format::warning_color(dark)),
        };
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(color, mark);
            ui.label(&step.text);
        });
    }
}

fn outcome(ui: &mut egui::Ui, dialog: &UploadDialog, actions: &mut Vec<Action>) {
    let dark = ui.visuals().dark_mode;
    let idle = dialog.running.is_none();
    match &dialog.outcome {
        None => {}
        Some(UploadOutcome::Package(Ok(done))) => {
            let listed = if done.listed_with_server_source {
                "listed with a server source"
            } else {
                "uploaded, but the listing does not show a server source yet"
            };
            ui.colored_label(
                format::status_color(200, dark),
                format!(
                    "{} ({}, sha256 {}…) is {listed}.",
                    done.filename,
                    format::size(done.size),
                    &done.sha256[..done.sha256.len().min(12)]
                ),
            );
        }
        Some(UploadOutcome::Package(Err(error)) | UploadOutcome::Addon(Err(error))) => {
            ui.colored_label(format::error_color(dark), error.to_string());
            if error.already_exists()
                && ui
                    .add_enabled(idle, egui::Button::new("Replace (force)"))
                    .on_hover_text("Send the manifest again with ?force=true, then the file")
                    .clicked()
            {
                actions.push(Action::Upload(UploadAction::Start { force: true }));
            }
        }
        Some(UploadOutcome::Addon(Ok(addon))) => {
            ui.colored_label(
                format::status_color(200, dark),
                format!(
                    "Addon {} {}: {} ({}).",
                    addon.name, addon.version, addon.status, addon.description
                ),
            );
            ui.label("Restart the server to load it; the app then checks that it is listed.");
            // Consequential: everyone on the server is cut off for a moment.
            let warning = format::warning_color(dark);
            let restart = egui::Button::new(egui::RichText::new("Restart server").color(warning))
                .stroke(egui::Stroke::new(1.0, warning));
            if ui
                .add_enabled(idle, restart)
                .on_hover_text("Asks first: running jobs are interrupted")
                .clicked()
            {
                actions.push(Action::Upload(UploadAction::AskRestart));
            }
        }
        Some(UploadOutcome::Restarted { addon, result }) => match result {
            Ok(true) => {
                ui.colored_label(
                    format::status_color(200, dark),
                    format!(
                        "The server restarted and lists addon {} {}.",
                        addon.name, addon.version
                    ),
                );
            }
            Ok(false) => {
                ui.colored_label(
                    format::warning_color(dark),
                    format!(
                        "The server restarted but does not list addon {} {}: its install may \
                         have failed while unpacking (AYON then still reports finished). \
                         See GET /api/addons/install.",
                        addon.name, addon.version
                    ),
                );
            }
            Err(error) => {
                ui.colored_label(format::error_color(dark), error.to_string());
            }
        },
    }
}

fn confirm_restart(
    ui: &mut egui::Ui,
    dialog: &mut UploadDialog,
    server: &str,
    actions: &mut Vec<Action>,
) {
    if !dialog.confirm_restart {
        return;
    }
    let modal = egui::Modal::new(egui::Id::unique("confirm_restart")).show(ui.ctx(), |ui| {
        ui.heading("Restart the AYON server?");
        ui.label("Restart the server now? Running jobs are interrupted.");
        ui.label(format!(
            "{server} stops and starts again. Everyone using it is cut off for a moment, and \
             running requests fail."
        ));
        ui.horizontal(|ui| {
            let warning = format::warning_color(ui.visuals().dark_mode);
            if ui
                .button(egui::RichText::new("Restart now").color(warning))
                .clicked()
            {
                actions.push(Action::Upload(UploadAction::Restart));
                dialog.confirm_restart = false;
            }
            if ui.button("Not now").clicked() {
                dialog.confirm_restart = false;
            }
        });
    });
    if modal.should_close() {
        dialog.confirm_restart = false;
    }
}
