//! The environment editor: variables of the active environment, with secret values masked
//! behind a reveal toggle, personal overrides, and creating or deleting environments.

use crate::action::Action;
use crate::state::{EnvEditor, EnvRow};

/// What the environment editor reads and changes.
pub struct EnvironmentEditorView<'a> {
    /// The open editor (`None`: closed); closing the window sets it to `None`.
    pub editor: &'a mut Option<EnvEditor>,
    /// Where secret values are kept (keychain or file), once known.
    pub vault_report: Option<&'a str>,
}

/// Draws the editor window when it is open.
pub fn show(ui: &mut egui::Ui, view: EnvironmentEditorView<'_>, actions: &mut Vec<Action>) {
    let EnvironmentEditorView {
        editor: slot,
        vault_report,
    } = view;
    let Some(editor) = slot else {
        return;
    };
    let mut open = true;
    egui::Window::new("Environment editor")
        .id(egui::Id::unique("environment_editor"))
        .open(&mut open)
        .default_width(620.0)
        .show(ui.ctx(), |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("New environment name");
                ui.add(
                    egui::TextEdit::singleline(&mut editor.new_name)
                        .id_salt("new_environment_name")
                        .hint_text("dev, production…")
                        .desired_width(160.0),
                )
                .labelled_by(label.id);
                if ui.button("Create environment").clicked() {
                    actions.push(Action::CreateEnvironment);
                }
            });
            ui.separator();
            if editor.original.name.is_empty() {
                ui.label("No environment is active: create one, or pick one in the top bar.");
                return;
            }
            ui.heading(format!("Environment \"{}\"", editor.original.name));
            ui.weak(format!(
                "Shared variables go to environments/{0}.yml (commit it); personal ones to \
                 environments/{0}.local.yml, which git ignores. Secret values are never \
                 written into the collection.",
                editor.original.name
            ));
            if let Some(report) = vault_report {
                ui.weak(report);
            }
            ui.add_space(4.0);
            rows(ui, &mut editor.rows);
            ui.horizontal(|ui| {
                if ui.button("Add variable").clicked() {
                    editor.rows.push(EnvRow::default());
                }
                let save = ui.add_enabled(!editor.saving, egui::Button::new("Save environment"));
                if save.clicked() {
                    actions.push(Action::SaveEnvironment);
                }
                if editor.saving {
                    ui.spinner();
                }
                if ui
                    .button("Delete environment")
                    .on_hover_text("Removes its files and its stored secret values")
                    .clicked()
                {
                    actions.push(Action::DeleteEnvironment);
                }
            });
        });
    if !open {
        *slot = None;
    }
}

fn rows(ui: &mut egui::Ui, rows: &mut Vec<EnvRow>) {
    let mut remove = None;
    egui::Grid::new("environment_variables")
        .num_columns(5)
        .striped(true)
        .show(ui, |ui| {
            ui.strong("Name");
            ui.strong("Value");
            ui.strong("Secret");
            ui.strong("Personal");
            ui.label("");
            ui.end_row();
            for (i, row) in rows.iter_mut().enumerate() {
                let n = i + 1;
                ui.push_id(i, |ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut row.name)
                            .hint_text("name")
                            .font(egui::TextStyle::Monospace)
                            .desired_width(140.0),
                    )
                    .accessible_name(format!("Variable {n} name"));
                });
                ui.push_id(("value", i), |ui| {
                    ui.horizontal(|ui| {
                        let masked = row.secret && !row.revealed;
                        ui.add(
                            egui::TextEdit::singleline(&mut row.value)
                                .password(masked)
                                .hint_text(if row.secret {
                                    "not stored on this computer"
                                } else {
                                    "value"
                                })
                                .font(egui::TextStyle::Monospace)
                                .desired_width(220.0),
                        )
                        .accessible_name(format!("Variable {n} value"));
                        if row.secret {
                            let text = if row.revealed { "Hide" } else { "Show" };
                            if ui
                                .small_button(text)
                                .on_hover_text("Show or hide the secret value")
                                .accessible_name(format!("Reveal variable {n}"))
                                .clicked()
                            {
                                row.revealed = !row.revealed;
                            }
                        }
                    });
                });
                ui.checkbox(&mut row.secret, "")
                    .on_hover_text(
                        "Keep the value in the system keychain (or a private file), never in \
                         the collection",
                    )
                    .accessible_name(format!("Variable {n} secret"));
                ui.checkbox(&mut row.personal, "")
                    .on_hover_text("Only for you: saved in the git-ignored .local.yml file")
                    .accessible_name(format!("Variable {n} personal"));
                if ui
                    .small_button("×")
                    .on_hover_text(format!("Remove variable {n}"))
                    .accessible_name(format!("Remove variable {n}"))
                    .clicked()
                {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        rows.remove(i);
    }
}
