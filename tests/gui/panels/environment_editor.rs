//! The environment editor: rows, secrets, saving, creating and closing.

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::collection::environment::Environment;
use ayon_rest_explorer::state::{EnvEditor, EnvRow};
use ayon_rest_explorer::ui::environment_editor::{self, EnvironmentEditorView};

use super::{Panel, click, fill, panel};

/// The environment editor's slice.
struct EnvironmentEditing {
    editor: Option<EnvEditor>,
    vault_report: Option<String>,
}

fn environment_editor(editor: EnvEditor) -> Harness<'static, Panel<EnvironmentEditing>> {
    let slice = EnvironmentEditing {
        editor: Some(editor),
        vault_report: Some("Secret values are kept in the system keychain.".into()),
    };
    panel(slice, |ui, s, actions| {
        let view = EnvironmentEditorView {
            editor: &mut s.editor,
            vault_report: s.vault_report.as_deref(),
        };
        environment_editor::show(ui, view, actions);
    })
}

/// An editor for "dev" with a plain variable and a secret one, as loaded (no unsaved
/// edits).
fn dev_editor() -> EnvEditor {
    let mut editor = EnvEditor {
        original: Environment::new("dev"),
        rows: vec![
            EnvRow {
                name: "server".into(),
                value: "http://localhost:5000".into(),
                ..EnvRow::default()
            },
            EnvRow {
                name: "token".into(),
                value: "s3cret".into(),
                secret: true,
                ..EnvRow::default()
            },
        ],
        ..EnvEditor::default()
    };
    editor.saved_rows = editor.rows.clone();
    editor
}

/// The editor's rows, as the slice holds them.
fn rows(harness: &Harness<'_, Panel<EnvironmentEditing>>) -> Vec<EnvRow> {
    harness.state().slice.editor.as_ref().unwrap().rows.clone()
}

#[test]
fn edits_rows_and_asks_to_save() {
    let mut harness = environment_editor(dev_editor());
    harness.get_by_label("Environment \"dev\"");
    harness.get_by_label("Secret values are kept in the system keychain.");
    // Only the secret row has a reveal toggle.
    assert!(harness.query_by_label("Reveal variable 1").is_none());
    click(&mut harness, "Reveal variable 2");
    assert!(rows(&harness)[1].revealed);

    fill(&mut harness, "Variable 1 value", "https://ayon.studio.lan");
    assert_eq!(rows(&harness)[0].value, "https://ayon.studio.lan");

    click(&mut harness, "Add variable");
    harness.get_by_label("Variable 3 name");
    fill(&mut harness, "Variable 3 name", "project");
    assert_eq!(rows(&harness)[2].name, "project");
    click(&mut harness, "Remove variable 1");
    let names: Vec<String> = rows(&harness).into_iter().map(|r| r.name).collect();
    assert_eq!(names, ["token", "project"]);
    assert!(
        harness.state().actions.is_empty(),
        "row edits stay in the form"
    );

    click(&mut harness, "Save environment");
    click(&mut harness, "Delete environment");
    fill(&mut harness, "New environment name", "staging");
    click(&mut harness, "Create environment");
    assert_eq!(
        harness.state().actions,
        [
            Action::SaveEnvironment,
            Action::DeleteEnvironment,
            Action::CreateEnvironment
        ]
    );
    assert_eq!(
        harness.state().slice.editor.as_ref().unwrap().new_name,
        "staging"
    );
}

#[test]
fn waits_while_saving_and_closes_its_slot() {
    let mut editor = dev_editor();
    editor.saving = true;
    let mut harness = environment_editor(editor);
    // The spinner never settles: step a few frames instead of `run`.
    harness
        .get_by_role_and_label(Role::Button, "Save environment")
        .click();
    harness.run_steps(3);
    assert!(
        harness.state().actions.is_empty(),
        "no second save while one runs"
    );

    harness
        .get_by_role_and_label(Role::Button, "Close window")
        .click();
    harness.run_steps(3);
    assert!(harness.state().slice.editor.is_none());
    assert!(harness.query_by_label("Environment \"dev\"").is_none());
}

#[test]
fn without_an_environment_offers_only_creating_one() {
    let harness = environment_editor(EnvEditor::default());
    harness.get_by_label_contains("No environment is active");
    harness.get_by_role_and_label(Role::Button, "Create environment");
    assert!(harness.query_by_label("Save environment").is_none());
    assert!(harness.query_by_label("Variable 1 name").is_none());
}
