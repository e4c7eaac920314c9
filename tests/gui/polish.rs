//! Daily-use polish (issue 25): whole variable names, asking before an edited environment
//! is dropped, the upload window's consequential buttons and file size, wrapped body
//! lines, recent collections by name, and a notice on logging out.

use std::collections::BTreeMap;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

use ayon_rest_explorer::action::{Action, UploadAction};
use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::ayon::{AddonLayout, AddonZipInfo, AuthMode, Identity, Role as UserRole};
use ayon_rest_explorer::body::{Rows, TextDocument};
use ayon_rest_explorer::collection::environment::{Environment, Variable};
use ayon_rest_explorer::collection::variables::VariableSet;
use ayon_rest_explorer::recipes::AddonInstalled;
use ayon_rest_explorer::secret::Secret;
use ayon_rest_explorer::settings::Settings;
use ayon_rest_explorer::state::{
    CollectionState, Confirm, EnvEditor, SandboxInfo, SessionState, UploadDialog, UploadOutcome,
    ZipCheck,
};
use ayon_rest_explorer::ui::BodyKind;
use ayon_rest_explorer::ui::body_view::BodyView;
use ayon_rest_explorer::ui::collection_tree::{self, CollectionTreeView};
use ayon_rest_explorer::ui::environment_editor::{self, EnvironmentEditorView};
use ayon_rest_explorer::ui::upload_window::{self, UploadWindowView};

use crate::harness::{app, app_with, io_runtime, temp_dir};
use crate::support::recording_server;

const WAIT: Duration = Duration::from_secs(10);

/// A panel's slice and the actions it pushed.
struct Slice<S> {
    slice: S,
    actions: Vec<Action>,
}

/// A harness drawing `draw` over `slice` each frame.
fn panel<S: 'static>(
    slice: S,
    mut draw: impl FnMut(&mut egui::Ui, &mut S, &mut Vec<Action>) + 'static,
) -> Harness<'static, Slice<S>> {
    Harness::builder()
        .with_size(egui::vec2(1100.0, 700.0))
        .build_ui_state(
            move |ui, s: &mut Slice<S>| draw(ui, &mut s.slice, &mut s.actions),
            Slice {
                slice,
                actions: Vec::new(),
            },
        )
}

fn click<S>(harness: &mut Harness<'_, Slice<S>>, label: &str) {
    harness
        .get_by_role_and_label(egui::Role::Button, label)
        .click();
    harness.run();
}

/// The environment editor over "dev" with these variables (secret values from
/// `secrets`).
fn editor_panel(
    env: &Environment,
    secrets: &[(&str, &str)],
) -> Harness<'static, Slice<Option<EnvEditor>>> {
    let values: BTreeMap<String, Secret> = secrets
        .iter()
        .map(|(n, v)| ((*n).to_string(), Secret::new(*v)))
        .collect();
    panel(
        Some(EnvEditor::open(env, &values)),
        |ui, editor, actions| {
            let view = EnvironmentEditorView {
                editor,
                vault_report: None,
            };
            environment_editor::show(ui, view, actions);
        },
    )
}

#[test]
fn a_forty_character_variable_name_shows_whole() {
    let long = "service_account_api_key_for_the_pipeline";
    assert_eq!(long.chars().count(), 40);
    let mut env = Environment::new("dev");
    env.variables.push(Variable::plain(long, "x"));
    env.variables.push(Variable::plain("user", "admin"));
    let mut harness = editor_panel(&env, &[]);
    harness.run();
    let node = harness.get_by_label("Variable 1 name");
    assert_eq!(node.accesskit_node().value().as_deref(), Some(long));
    // The field is as wide as the name's text: nothing of it is scrolled out of sight.
    let font = harness
        .ctx
        .global_style()
        .text_styles
        .get(&egui::TextStyle::Monospace)
        .cloned()
        .unwrap();
    let text_w = harness
        .ctx
        .fonts_mut(|f| f.layout_no_wrap(long.to_string(), font, egui::Color32::WHITE))
        .size()
        .x;
    let field_w = node.rect().width();
    assert!(field_w >= text_w + 8.0, "field {field_w} for text {text_w}");
    // Short names share the column's width.
    let short = harness.get_by_label("Variable 2 name").rect().width();
    assert!((short - field_w).abs() < 1.0, "{short} vs {field_w}");
}

#[test]
fn closing_an_edited_environment_asks_save_discard_or_keep_editing() {
    let mut env = Environment::new("dev");
    env.variables.push(Variable::secret("token"));
    let mut harness = editor_panel(&env, &[("token", "old")]);
    // Unchanged: closes at once.
    click(&mut harness, "Close window");
    assert!(harness.state().slice.is_none());

    let mut harness = editor_panel(&env, &[("token", "old")]);
    harness.get_by_label("Variable 1 value").focus();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Variable 1 value")
        .type_text("new-secret");
    harness.run();
    click(&mut harness, "Close window");
    harness.get_by_label("Close the environment editor?");
    assert!(harness.state().slice.is_some(), "asked, not closed");

    click(&mut harness, "Keep editing");
    assert!(
        harness
            .query_by_label("Close the environment editor?")
            .is_none()
    );
    let editor = harness.state().slice.as_ref().unwrap();
    assert_eq!(editor.rows[0].value, "new-secret");

    click(&mut harness, "Close window");
    click(&mut harness, "Save");
    assert_eq!(harness.state().actions, [Action::SaveEnvironment]);
    assert!(harness.state().slice.is_some(), "open until the save lands");
    // The app saves: the save lands, then the window closes.
    {
        let editor = harness.state_mut().slice.as_mut().unwrap();
        editor.saving = true;
    }
    // The spinner never settles: step a few frames.
    harness.run_steps(3);
    assert!(harness.state().slice.is_some());
    {
        let editor = harness.state_mut().slice.as_mut().unwrap();
        editor.saving = false;
        editor.saved(env.clone());
    }
    harness.run();
    assert!(harness.state().slice.is_none());

    let mut harness = editor_panel(&env, &[("token", "old")]);
    click(&mut harness, "Add variable");
    click(&mut harness, "Close window");
    click(&mut harness, "Discard");
    assert!(harness.state().slice.is_none());
    assert!(harness.state().actions.is_empty(), "nothing saved");
}

fn upload_panel(dialog: UploadDialog) -> Harness<'static, Slice<UploadDialog>> {
    let variables = VariableSet::default();
    panel(dialog, move |ui, dialog, actions| {
        let view = UploadWindowView {
            dialog,
            can_browse: false,
            logged_in_as: Some("admin"),
            server_url: "http://localhost:5000",
            variables: &variables,
        };
        upload_window::show(ui, view, actions);
    })
}

fn zip_info() -> AddonZipInfo {
    AddonZipInfo {
        name: "labtest".into(),
        version: "0.1.0".into(),
        layout: AddonLayout::PackageYaml,
        manifest_file: "package.yml",
        has_addon_dir: false,
        title: None,
        required_ayon_version: None,
    }
}

#[test]
fn the_upload_window_shows_the_size_and_guards_install_and_restart() {
    let dir = temp_dir("polish-upload");
    let file = dir.join("addon.zip");
    std::fs::write(&file, vec![7u8; 1_234_567]).unwrap();
    let path = file.to_string_lossy().into_owned();
    let mut dialog = UploadDialog {
        open: true,
        ..UploadDialog::default()
    };
    dialog.set_file(&file);
    dialog.zip = Some(ZipCheck {
        path: path.clone(),
        result: Some(Ok(zip_info())),
    });
    let mut harness = upload_panel(dialog);
    let size = format!(
        "addon.zip, {}",
        ayon_rest_explorer::body::format_size(1_234_567)
    );
    let deadline = std::time::Instant::now() + WAIT;
    while harness.query_by_label(&size).is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.get_by_label(&size);
    assert!(
        !harness
            .get_by_label("Install addon")
            .accesskit_node()
            .is_disabled()
    );

    // Installed: not again until another file is picked.
    harness
        .state_mut()
        .slice
        .finished(UploadOutcome::Addon(Ok(AddonInstalled {
            name: "labtest".into(),
            version: "0.1.0".into(),
            event_id: "e1".into(),
            status: "finished".into(),
            description: "Addon labtest 0.1.0 installed".into(),
        })));
    harness.run();
    assert!(
        harness
            .get_by_label("Install addon")
            .accesskit_node()
            .is_disabled()
    );

    // Restarting asks first.
    click(&mut harness, "Restart server");
    assert!(
        harness
            .state()
            .actions
            .contains(&Action::Upload(UploadAction::AskRestart))
    );
    harness.state_mut().slice.confirm_restart = true;
    harness.run();
    harness.get_by_label("Restart the server now? Running jobs are interrupted.");
    click(&mut harness, "Not now");
    assert!(!harness.state().slice.confirm_restart);

    // Another file: installable again.
    let other = dir.join("other.zip");
    std::fs::write(&other, b"zip").unwrap();
    harness.state_mut().slice.set_file(&other);
    harness.state_mut().slice.zip = Some(ZipCheck {
        path: other.to_string_lossy().into_owned(),
        result: Some(Ok(zip_info())),
    });
    harness.run();
    assert!(
        !harness
            .get_by_label("Install addon")
            .accesskit_node()
            .is_disabled()
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn wrapped_lines_take_several_rows_and_stay_lazy() {
    // 250 characters: one row of the document (rows are cut at 256 bytes), wider than
    // the view.
    let long = "word ".repeat(50);
    let text = format!("first\n{long}\nlast");
    let doc = TextDocument::new(text);
    struct Body {
        view: BodyView,
        doc: TextDocument,
        wrap: bool,
    }
    let body = Body {
        view: BodyView::new(),
        doc,
        wrap: false,
    };
    let mut harness = panel(body, |ui, b, _| {
        b.view.set_wrap(b.wrap);
        b.view
            .show(ui, &b.doc as &dyn Rows, BodyKind::Plain, "polish_body");
    });
    harness.run();
    let one_row = harness.get_by_label("first").rect().height();
    let unwrapped = harness.get_by_label_contains("word word").rect();
    assert!((unwrapped.height() - one_row).abs() < 1.0);

    harness.state_mut().slice.wrap = true;
    harness.run();
    let wrapped = harness.get_by_label_contains("word word").rect();
    assert!(
        wrapped.height() > one_row * 1.5,
        "a 250-character line wraps: {} vs a row of {one_row}",
        wrapped.height()
    );
    assert!(wrapped.width() < unwrapped.width());
    // The next row starts below the wrapped one.
    let last = harness.get_by_label("last").rect();
    assert!(
        last.top() >= wrapped.bottom() - 1.0,
        "{last:?} vs {wrapped:?}"
    );
}

#[test]
fn recent_collections_read_by_name_with_the_path_in_the_tooltip() {
    struct Tree {
        collection: CollectionState,
        confirm: Option<Confirm>,
        recent: Vec<String>,
        names: BTreeMap<String, String>,
    }
    let mut names = BTreeMap::new();
    names.insert(
        "/studio/requests".to_string(),
        "Studio requests".to_string(),
    );
    let tree = Tree {
        collection: CollectionState::default(),
        confirm: None,
        recent: vec!["/studio/requests".into(), "/home/me/pipeline".into()],
        names,
    };
    let mut harness = panel(tree, |ui, t, actions| {
        let view = CollectionTreeView {
            collection: &mut t.collection,
            confirm: &mut t.confirm,
            recent_collections: &t.recent,
            recent_names: &t.names,
            can_browse: false,
        };
        collection_tree::show(ui, view, actions);
    });
    harness.run();
    assert!(harness.query_by_label("/studio/requests").is_none());
    // A folder opened before names were kept reads by its folder's name.
    harness.get_by_label("pipeline");
    harness.get_by_label("Studio requests").hover();
    harness.run();
    harness.get_by_label_contains("(/studio/requests)");
    click(&mut harness, "Studio requests");
    assert_eq!(
        harness.state().slice.collection.path_input,
        "/studio/requests"
    );
    assert_eq!(harness.state().actions, [Action::OpenCollection]);
}

#[test]
fn logging_out_says_so() {
    let mut app = app("http://127.0.0.1:9");
    app.harness.state_mut().state_mut().session = SessionState::LoggedIn {
        token: Secret::new("t-1"),
        identity: Identity {
            name: "alice".into(),
            full_name: None,
            role: UserRole::Admin,
        },
        server_url: "http://127.0.0.1:9".into(),
    };
    // Let the bar settle (it grows as the server's answers, here failures, arrive).
    for _ in 0..10 {
        app.harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    app.wait_for_button("Log out", WAIT);
    app.click("Log out");
    app.harness.step();
    app.wait_for_text("Logged out of http://127.0.0.1:9", WAIT);
    assert!(matches!(
        app.harness.state().state().session,
        SessionState::LoggedOut
    ));
}

#[test]
fn wrap_lines_is_a_saved_choice_of_the_response_view() {
    let io = io_runtime();
    let server = io.block_on(recording_server::start(
        Router::new().route("/long", get(|| async { "word ".repeat(60) })),
    ));
    let mut app = app(&server.url);
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.fill("URL", &format!("{}/long", server.url));
    app.click("Send");
    app.wait_for_text("Wrap lines", WAIT);
    app.wait_for_text("word word", WAIT);
    assert!(!app.harness.state().state().settings.wrap_body_lines);
    app.harness.get_by_label("Wrap lines").click();
    app.harness.step();
    app.harness.step();
    assert!(app.harness.state().state().settings.wrap_body_lines);
    // The long line now takes more than one row.
    let tallest = app
        .harness
        .query_all_by_label_contains("word word")
        .map(|n| n.rect().height())
        .fold(0.0, f32::max);
    assert!(tallest > 20.0, "{tallest}");
}

#[test]
fn the_sandbox_is_mentioned_only_while_the_window_points_at_it() {
    let sandbox = SandboxInfo {
        url: "http://127.0.0.1:9".into(),
        admin_name: "admin".into(),
        admin_password: "practice-pass".into(),
    };
    let on = |server_url: &str| {
        app_with(AppOptions {
            settings: Settings {
                server_url: server_url.into(),
                ..Settings::default()
            },
            sandbox: Some(sandbox.clone()),
            ..AppOptions::default()
        })
    };
    let mut at_sandbox = on("http://127.0.0.1:9/");
    at_sandbox.harness.run_steps(2);
    assert!(at_sandbox.shows("Sandbox (practice server)"));
    let mut real = on("https://ayon.studio.invalid");
    real.harness.run_steps(2);
    assert!(!real.shows("Sandbox"));
    assert!(!real.shows("practice-pass"));
}
