//! The connection bar: logging in and out, the server URL, the environment picker.

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::ayon::{Identity, Role as UserRole};
use ayon_rest_explorer::secret::Secret;
use ayon_rest_explorer::settings::Settings;
use ayon_rest_explorer::state::events::StreamStatus;
use ayon_rest_explorer::state::{LoadedCollection, SandboxInfo, ServerInfo, SessionState};
use ayon_rest_explorer::ui::connection_bar::{self, ConnectionBarView};

use super::{Panel, click, collection_with, fill, panel};

/// The connection bar's slice.
struct Connection {
    settings: Settings,
    login_password: String,
    session: SessionState,
    server: ServerInfo,
    login_error: Option<String>,
    sandbox: Option<SandboxInfo>,
    settings_open: bool,
    events_open: bool,
    events_status: StreamStatus,
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
            events_open: false,
            events_status: StreamStatus::Off,
            collection: None,
            active_environment: None,
        }
    }
}

fn connection_bar(slice: Connection) -> Harness<'static, Panel<Connection>> {
    panel(slice, |ui, s, actions| {
        let view = ConnectionBarView {
            settings: &mut s.settings,
            login_password: &mut s.login_password,
            session: &s.session,
            server: &s.server,
            login_error: s.login_error.as_deref(),
            sandbox: s.sandbox.as_ref(),
            settings_open: &mut s.settings_open,
            events_open: &mut s.events_open,
            events_status: &s.events_status,
            collection: s.collection.as_ref(),
            active_environment: &mut s.active_environment,
        };
        connection_bar::show(ui, view, actions);
    })
}

#[test]
fn logged_out_edits_the_settings_and_asks_to_log_in() {
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
fn logged_in_says_who_and_offers_log_out() {
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
fn with_a_collection_picks_the_environment() {
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
