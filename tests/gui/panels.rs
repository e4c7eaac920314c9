//! Panels drawn alone: each test builds only the slice of state a panel reads and
//! changes (no `ExplorerApp`, no worker, no network), draws it under egui_kittest, acts
//! on it by role and accessible label, and checks what it shows, what it asked for
//! (the actions pushed) and how its slice changed.
//!
//! Building a harness (and each `run`) also checks that every input the panel shows has
//! an accessible name.

use std::path::PathBuf;

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::ayon::{Identity, Role as UserRole};
use ayon_rest_explorer::collection::environment::Environment;
use ayon_rest_explorer::collection::format::{CollectionFile, RequestFile};
use ayon_rest_explorer::collection::store::{Collection, Folder};
use ayon_rest_explorer::secret::Secret;
use ayon_rest_explorer::settings::Settings;
use ayon_rest_explorer::state::{
    ConflictChoice, DiskConflict, EnvEditor, EnvRow, LoadedCollection, Notice, NoticeLevel,
    RequestDraft, RequestTab, SandboxInfo, ServerInfo, SessionState,
};
use ayon_rest_explorer::ui::{
    conflict_dialog, connection_bar, environment_editor, notices, tab_strip,
};

/// A panel's own state: its slice, plus the actions it pushed.
struct Panel<S> {
    slice: S,
    actions: Vec<Action>,
}

/// A harness that draws `draw` over `slice` every frame.
fn panel<S: 'static>(
    slice: S,
    mut draw: impl FnMut(&mut egui::Ui, &mut S, &mut Vec<Action>) + 'static,
) -> Harness<'static, Panel<S>> {
    Harness::builder()
        .with_size(egui::vec2(900.0, 600.0))
        .build_ui_state(
            move |ui, panel: &mut Panel<S>| draw(ui, &mut panel.slice, &mut panel.actions),
            Panel {
                slice,
                actions: Vec::new(),
            },
        )
}

/// Clicks the button labelled `label` and lets the frame act on it.
fn click<S>(harness: &mut Harness<'_, Panel<S>>, label: &str) {
    harness.get_by_role_and_label(Role::Button, label).click();
    harness.run();
}

/// Replaces the text of the input labelled `label` (select all, then type).
fn fill<S>(harness: &mut Harness<'_, Panel<S>>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.step();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

/// Whether the button (or selectable label, or checkbox) labelled `label` is on.
fn is_on<S>(harness: &Harness<'_, Panel<S>>, label: &str) -> bool {
    let node = harness.get_by_label(label);
    node.accesskit_node().toggled() == Some(egui::accesskit::Toggled::True)
}

/// A tab holding `draft`, saved as it is (no unsaved edits).
fn tab(id: u64, draft: RequestDraft) -> RequestTab {
    let mut tab = RequestTab::default();
    tab.id = id;
    tab.baseline = draft.clone();
    tab.draft = draft;
    tab
}

// ---- tab strip ----

/// The tab strip's slice: the tabs and which one is shown.
struct Tabs {
    tabs: Vec<RequestTab>,
    active_tab: usize,
}

fn tab_strip(tabs: Vec<RequestTab>) -> Harness<'static, Panel<Tabs>> {
    let slice = Tabs {
        tabs,
        active_tab: 0,
    };
    panel(slice, |ui, s, actions| {
        let view = tab_strip::TabStripView {
            tabs: &s.tabs,
            active_tab: &mut s.active_tab,
        };
        tab_strip::show(ui, view, actions);
    })
}

#[test]
fn tab_strip_selects_closes_and_opens_tabs() {
    let mut harness = tab_strip(vec![
        tab(1, RequestDraft::get("/api/projects")),
        tab(2, RequestDraft::get("/api/users")),
        tab(3, RequestDraft::get("/api/info")),
    ]);
    for title in ["GET /api/projects", "GET /api/users", "GET /api/info"] {
        harness.get_by_role_and_label(Role::Button, title);
        harness.get_by_role_and_label(Role::Button, &format!("Close tab {title}"));
    }

    // Selecting is the strip's own business: the slice changes, nothing is asked.
    click(&mut harness, "GET /api/users");
    assert_eq!(harness.state().slice.active_tab, 1);
    assert!(harness.state().actions.is_empty());
    assert!(
        is_on(&harness, "GET /api/users"),
        "the clicked tab is drawn selected"
    );
    assert!(!is_on(&harness, "GET /api/projects"));

    // Closing and opening are asked of the app.
    click(&mut harness, "Close tab GET /api/info");
    click(&mut harness, "+ New request");
    assert_eq!(
        harness.state().actions,
        [Action::CloseTab(2), Action::NewTab]
    );
    assert_eq!(
        harness.state().slice.tabs.len(),
        3,
        "the strip removes no tab"
    );
    assert_eq!(harness.state().slice.active_tab, 1);
}

#[test]
fn tab_strip_marks_unsaved_edits_and_a_running_send() {
    let mut edited = tab(1, RequestDraft::get("/api/projects"));
    edited.draft.url = "/api/projects/demo".into();
    let mut sending = tab(2, RequestDraft::get("/api/users"));
    sending.state.start(42);
    let harness = tab_strip(vec![edited, sending]);

    harness.get_by_role_and_label(Role::Button, "• GET /api/projects/demo");
    harness.get_by_role_and_label(Role::Button, "GET /api/users …");
    // The close buttons name the tab without the marks.
    harness.get_by_role_and_label(Role::Button, "Close tab GET /api/projects/demo");
    harness.get_by_role_and_label(Role::Button, "Close tab GET /api/users");
}

// ---- notices ----

fn notices_bar(list: Vec<Notice>) -> Harness<'static, Panel<Vec<Notice>>> {
    panel(list, |ui, list, _| notices::show(ui, list))
}

#[test]
fn notices_say_errors_in_words_and_dismiss_removes_one() {
    let mut harness = notices_bar(vec![
        Notice::info("Saved the collection.".into()),
        Notice::error("Could not read collection.yml".into()),
        Notice::warning("Type the collection's folder path first.".into()),
    ]);
    harness.get_by_label("Saved the collection.");
    harness.get_by_label("Error: Could not read collection.yml");
    // Only errors are prefixed: info and warnings read as they are.
    harness.get_by_label("Type the collection's folder path first.");
    assert!(harness.query_by_label_contains("Error: Saved").is_none());
    assert!(harness.query_by_label_contains("Error: Type").is_none());

    let dismiss: Vec<_> = harness
        .query_all_by_role_and_label(Role::Button, "Dismiss")
        .collect();
    assert_eq!(dismiss.len(), 3, "one Dismiss per notice");
    // The second row's button: the error.
    dismiss[1].click();
    harness.run();

    let left: Vec<NoticeLevel> = harness.state().slice.iter().map(|n| n.level).collect();
    assert_eq!(left, [NoticeLevel::Info, NoticeLevel::Warning]);
    assert!(harness.query_by_label_contains("Error:").is_none());
    assert_eq!(
        harness
            .query_all_by_role_and_label(Role::Button, "Dismiss")
            .count(),
        2
    );
}

// ---- conflict dialog ----

fn conflict(tab_id: u64, name: &str, path: &str) -> DiskConflict {
    DiskConflict {
        tab_id,
        path: PathBuf::from(path),
        disk: RequestFile::from_draft(name, &RequestDraft::get("/api/projects")),
    }
}

fn conflict_dialog(conflicts: Vec<DiskConflict>) -> Harness<'static, Panel<Vec<DiskConflict>>> {
    panel(conflicts, |ui, conflicts, actions| {
        conflict_dialog::show(ui, conflicts, actions)
    })
}

#[test]
fn conflict_dialog_asks_about_the_first_conflict_only() {
    let mut harness = conflict_dialog(vec![
        conflict(7, "List projects", "projects/list.yml"),
        conflict(8, "Who am I", "me.yml"),
    ]);
    harness.get_by_label("Changed on disk");
    harness.get_by_label_contains("\"List projects\" (projects/list.yml) was changed on disk");
    assert!(harness.query_by_label_contains("Who am I").is_none());

    click(&mut harness, "Load from disk");
    assert_eq!(
        harness.state().actions,
        [Action::ResolveConflict(ConflictChoice::TakeDisk)]
    );
}

#[test]
fn conflict_dialog_keeps_the_edits_on_request_and_is_absent_without_conflicts() {
    let mut harness = conflict_dialog(vec![conflict(7, "List projects", "list.yml")]);
    click(&mut harness, "Keep my edits");
    assert_eq!(
        harness.state().actions,
        [Action::ResolveConflict(ConflictChoice::KeepMine)]
    );

    let harness = conflict_dialog(Vec::new());
    assert!(harness.query_by_label("Changed on disk").is_none());
    assert!(harness.query_by_label("Keep my edits").is_none());
    assert!(harness.state().actions.is_empty());
}

// ---- connection bar ----

/// The connection bar's slice.
struct Connection {
    settings: Settings,
    login_password: String,
    session: SessionState,
    server: ServerInfo,
    login_error: Option<String>,
    sandbox: Option<SandboxInfo>,
    settings_open: bool,
    collection: Option<LoadedCollection>,
    active_environment: Option<String>,
}

impl Connection {
    /// Logged out from `server_url`, no collection open.
    fn logged_out(server_url: &str) -> Self {
        Connection {
            settings: Settings {
                server_url: server_url.into(),
                ..Settings::default()
            },
            login_password: String::new(),
            session: SessionState::LoggedOut,
            server: ServerInfo::default(),
            login_error: None,
            sandbox: None,
            settings_open: false,
            collection: None,
            active_environment: None,
        }
    }
}

fn connection_bar(slice: Connection) -> Harness<'static, Panel<Connection>> {
    panel(slice, |ui, s, actions| {
        let view = connection_bar::ConnectionBarView {
            settings: &mut s.settings,
            login_password: &mut s.login_password,
            session: &s.session,
            server: &s.server,
            login_error: s.login_error.as_deref(),
            sandbox: s.sandbox.as_ref(),
            settings_open: &mut s.settings_open,
            collection: s.collection.as_ref(),
            active_environment: &mut s.active_environment,
        };
        connection_bar::show(ui, view, actions);
    })
}

/// A collection held in memory (nothing on disk) with these environments.
fn collection_with(environments: &[&str]) -> LoadedCollection {
    LoadedCollection {
        collection_id: "panel-test".into(),
        collection: Collection {
            root: PathBuf::from("/studio/requests"),
            file: CollectionFile {
                name: "Studio requests".into(),
                description: None,
                defaults: Default::default(),
            },
            tree: Folder {
                name: "requests".into(),
                path: PathBuf::new(),
                folders: Vec::new(),
                requests: Vec::new(),
            },
            problems: Vec::new(),
        },
        environments: environments.iter().map(|&n| Environment::new(n)).collect(),
        environment_problems: Vec::new(),
    }
}

#[test]
fn connection_bar_logged_out_edits_the_settings_and_asks_to_log_in() {
    let mut slice = Connection::logged_out("http://localhost:5000");
    slice.login_error = Some("Invalid login or password".into());
    slice.sandbox = Some(SandboxInfo {
        url: "http://127.0.0.1:4040".into(),
        admin_name: "admin".into(),
        admin_password: "practice".into(),
    });
    let mut harness = connection_bar(slice);
    harness.get_by_role_and_label(Role::Button, "Log in");
    assert!(harness.query_by_label("Log out").is_none());
    assert!(harness.query_by_label_contains("Logged in as").is_none());
    harness.get_by_label("Login failed: Invalid login or password");
    harness.get_by_label_contains("log in as \"admin\" with password \"practice\"");
    // Without a collection: no environment picker, no "Remember token".
    assert!(harness.query_by_label("Environment").is_none());
    assert!(harness.query_by_label("Edit environment").is_none());
    assert!(harness.query_by_label("Remember token").is_none());

    fill(&mut harness, "Server URL", "https://ayon.studio.lan");
    fill(&mut harness, "Name", "alice");
    fill(&mut harness, "Password", "hunter2");
    let slice = &harness.state().slice;
    assert_eq!(slice.settings.server_url, "https://ayon.studio.lan");
    assert_eq!(slice.settings.login_name, "alice");
    assert_eq!(slice.login_password, "hunter2");
    // Leaving the URL field saves the settings (and asks nothing else).
    let asked = std::mem::take(&mut harness.state_mut().actions);
    assert!(
        !asked.is_empty() && asked.iter().all(|a| *a == Action::SaveSettings),
        "{asked:?}"
    );

    click(&mut harness, "Log in");
    assert_eq!(harness.state().actions, [Action::Login]);
    // Enter in the password field logs in too.
    harness.get_by_label("Password").focus();
    harness.step();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().actions, [Action::Login, Action::Login]);

    assert!(!harness.state().slice.settings_open);
    click(&mut harness, "Settings");
    assert!(
        harness.state().slice.settings_open,
        "Settings opens the window"
    );
    assert_eq!(harness.state().actions.len(), 2, "without asking the app");
}

#[test]
fn connection_bar_logged_in_says_who_and_offers_log_out() {
    let mut slice = Connection::logged_out("http://localhost:5000/");
    slice.session = SessionState::LoggedIn {
        token: Secret::new(String::from("t0ken")),
        identity: Identity {
            name: "alice".into(),
            full_name: Some("Alice Smith".into()),
            role: UserRole::Admin,
        },
        server_url: "http://localhost:5000".into(),
    };
    let mut harness = connection_bar(slice);
    harness.get_by_label("Logged in as alice — Alice Smith (admin)");
    assert!(harness.query_by_label("Log in").is_none());
    assert!(harness.query_by_label("Password").is_none());
    // A trailing slash is the same server: no warning.
    assert!(
        harness
            .query_by_label_contains("The session belongs to")
            .is_none()
    );

    click(&mut harness, "Log out");
    assert_eq!(harness.state().actions, [Action::Logout]);

    // Another server typed: Session auth is refused there, and the bar says so.
    fill(&mut harness, "Server URL", "http://other:5000");
    harness.get_by_label_contains("The session belongs to http://localhost:5000");
}

#[test]
fn connection_bar_with_a_collection_picks_the_environment() {
    let mut slice = Connection::logged_out("http://localhost:5000");
    slice.collection = Some(collection_with(&["dev", "production"]));
    let mut harness = connection_bar(slice);

    harness.get_by_label("Environment").click();
    harness.run();
    harness.get_by_label("production").click();
    harness.run();
    assert_eq!(
        harness.state().slice.active_environment.as_deref(),
        Some("production")
    );
    assert!(
        harness.state().actions.is_empty(),
        "the pick is the slice's"
    );

    click(&mut harness, "Edit environment");
    harness.get_by_label("Remember token").click();
    harness.run();
    assert!(harness.state().slice.settings.remember_token);
    assert_eq!(
        harness.state().actions,
        [Action::EditEnvironment, Action::SaveSettings]
    );
}

// ---- environment editor ----

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
        let view = environment_editor::EnvironmentEditorView {
            editor: &mut s.editor,
            vault_report: s.vault_report.as_deref(),
        };
        environment_editor::show(ui, view, actions);
    })
}

/// An editor for "dev" with a plain variable and a secret one.
fn dev_editor() -> EnvEditor {
    EnvEditor {
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
    }
}

/// The editor's rows, as the slice holds them.
fn rows(harness: &Harness<'_, Panel<EnvironmentEditing>>) -> Vec<EnvRow> {
    harness.state().slice.editor.as_ref().unwrap().rows.clone()
}

#[test]
fn environment_editor_edits_rows_and_asks_to_save() {
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
fn environment_editor_waits_while_saving_and_closes_its_slot() {
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
fn environment_editor_without_an_environment_offers_only_creating_one() {
    let harness = environment_editor(EnvEditor::default());
    harness.get_by_label_contains("No environment is active");
    harness.get_by_role_and_label(Role::Button, "Create environment");
    assert!(harness.query_by_label("Save environment").is_none());
    assert!(harness.query_by_label("Variable 1 name").is_none());
}
