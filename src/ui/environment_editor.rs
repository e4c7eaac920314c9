//! The environment editor: variables of the active environment, with secret values masked
//! behind a reveal toggle, personal overrides, and creating or deleting environments.
//! Closing it with unsaved changes asks first (save, discard, or keep editing).

use crate::action::Action;
use crate::state::{EnvEditor, EnvRow};

/// What the environment editor reads and changes.
pub struct EnvironmentEditorView<'a> {
    /// The open editor (`None`: closed); closing the window sets it to `None`.
    pub editor: &'a mut Option<EnvEditor>,
    /// Where secret values are kept (keychain or file), once known.
    pub vault_report: Option<&'a str>,
}

/// Names longer than this many characters scroll inside their field; shorter ones show
/// whole.
const NAME_CHARS_SHOWN: usize = 40;

/// Narrowest name and value fields (an empty or short row still reads as a field).
const MIN_NAME_WIDTH: f32 = 140.0;
const MIN_VALUE_WIDTH: f32 = 220.0;

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
        .resizable(true)
        .default_width(760.0)
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
        if editor.is_edited() {
            editor.asking_to_close = true;
        } else {
            *slot = None;
            return;
        }
    }
    // "Save" was chosen on closing: close once the save landed; a failed one (still
    // edited) keeps the window open, with its error in the notices.
    if editor.close_when_saved {
        if editor.saving {
            editor.closing_save_started = true;
        } else if !editor.is_edited() {
            *slot = None;
            return;
        } else if editor.closing_save_started {
            editor.close_when_saved = false;
            editor.closing_save_started = false;
        }
    }
    if editor.asking_to_close && ask_to_close(ui, editor, actions) {
        *slot = None;
    }
}

/// "Close with unsaved changes?": Save, Discard, or Keep editing. `true`: close now.
fn ask_to_close(ui: &mut egui::Ui, editor: &mut EnvEditor, actions: &mut Vec<Action>) -> bool {
    let mut close = false;
    let name = editor.original.name.clone();
    let modal =
        egui::Modal::new(egui::Id::unique("confirm_close_environment")).show(ui.ctx(), |ui| {
            ui.heading("Close the environment editor?");
            ui.label(format!(
                "The environment \"{name}\" has changes that are not saved (secret values \
                 included)."
            ));
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    actions.push(Action::SaveEnvironment);
                    editor.asking_to_close = false;
                    editor.close_when_saved = true;
                }
                if ui.button("Discard").clicked() {
                    close = true;
                }
                if ui.button("Keep editing").clicked() {
                    editor.asking_to_close = false;
                }
            });
        });
    if modal.should_close() && !close {
        editor.asking_to_close = false;
    }
    close
}

/// Width of the widest of `texts` (up to `NAME_CHARS_SHOWN` characters) in monospace,
/// with the field's margins, at least `min`.
fn field_width<'a>(ui: &egui::Ui, texts: impl Iterator<Item = &'a str>, min: f32) -> f32 {
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let margins = ui.spacing().button_padding.x * 2.0 + 8.0;
    texts
        .map(|t| {
            let shown: String = t.chars().take(NAME_CHARS_SHOWN).collect();
            ui.painter()
                .layout_no_wrap(shown, font.clone(), egui::Color32::PLACEHOLDER)
                .size()
                .x
                + margins
        })
        .fold(min, f32::max)
}

fn rows(ui: &mut egui::Ui, rows: &mut Vec<EnvRow>) {
    let mut remove = None;
    // Sized to the content: a grid cell alone would shrink a field to its first-frame
    // width (a few characters).
    let name_width = field_width(ui, rows.iter().map(|r| r.name.as_str()), MIN_NAME_WIDTH);
    let value_width = field_width(
        ui,
        rows.iter()
            .filter(|r| !r.secret || r.revealed)
            .map(|r| r.value.as_str()),
        MIN_VALUE_WIDTH,
    );
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
                            .min_size(egui::vec2(name_width, 0.0))
                            .desired_width(name_width),
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
                                .min_size(egui::vec2(value_width, 0.0))
                                .desired_width(value_width),
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
