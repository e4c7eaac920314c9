//! The keyboard map: from start to a sent request by keys alone, tabs opened, cycled and
//! closed, the method picked with the arrows, and the shortcut sheet.

use std::time::Duration;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};

use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::settings::Settings;
use ayon_rest_explorer::state::SandboxInfo;

use crate::harness::{TestApp, app, app_with, io_runtime};

const WAIT: Duration = Duration::from_secs(20);

/// Counts key presses as a person makes them: a chord is one, a typed text one per
/// character.
struct Keys<'a> {
    app: &'a mut TestApp,
    presses: usize,
}

impl Keys<'_> {
    fn chord(&mut self, modifiers: Modifiers, key: Key) {
        self.app.harness.key_press_modifiers(modifiers, key);
        self.app.harness.step();
        self.presses += 1;
    }

    fn typed(&mut self, text: &str) {
        self.app.harness.event(egui::Event::Text(text.to_owned()));
        self.app.harness.step();
        self.presses += text.chars().count();
    }
}

fn active_url(app: &TestApp) -> String {
    let state = app.harness.state().state();
    state.tabs[state.active_tab].draft.url.clone()
}

#[test]
fn from_start_to_a_sent_request_in_at_most_fifteen_presses() {
    let io = io_runtime();
    let sandbox = io
        .block_on(Sandbox::start(SandboxConfig::default()))
        .unwrap();
    // As `--sandbox` starts it: the practice login filled in.
    let mut app = app_with(AppOptions {
        settings: Settings {
            server_url: sandbox.base_url().to_string(),
            login_name: sandbox.admin_name().to_string(),
            ..Settings::default()
        },
        sandbox: Some(SandboxInfo {
            url: sandbox.base_url().to_string(),
            admin_name: sandbox.admin_name().to_string(),
            admin_password: sandbox.admin_password().to_string(),
        }),
        ..AppOptions::default()
    });
    app.harness.step();
    let mut keys = Keys {
        app: &mut app,
        presses: 0,
    };
    // Server URL, Name, Password, then Enter logs in.
    for _ in 0..3 {
        keys.chord(Modifiers::NONE, Key::Tab);
    }
    keys.chord(Modifiers::NONE, Key::Enter);
    keys.app.wait_for_text("Logged in as", WAIT);
    keys.chord(Modifiers::COMMAND, Key::L);
    keys.typed("/api/info");
    keys.chord(Modifiers::COMMAND, Key::Enter);
    let presses = keys.presses;
    assert!(presses <= 15, "{presses} presses");
    assert_eq!(active_url(&app), "/api/info", "typing replaced the URL");
    app.wait_for_text("200 OK", WAIT);
}

#[test]
fn tabs_open_cycle_and_close_by_keys() {
    let mut app = app("http://127.0.0.1:9");
    app.harness.step();
    app.harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    app.harness.step();
    app.harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    app.harness.step();
    let state = app.harness.state().state();
    assert_eq!((state.tabs.len(), state.active_tab), (3, 2));

    app.harness
        .key_press_modifiers(Modifiers::COMMAND, Key::Tab);
    app.harness.step();
    assert_eq!(app.harness.state().state().active_tab, 0, "round the end");
    app.harness
        .key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Tab);
    app.harness.step();
    assert_eq!(app.harness.state().state().active_tab, 2, "and back");

    app.harness.key_press_modifiers(Modifiers::COMMAND, Key::W);
    app.harness.step();
    app.harness.step();
    assert_eq!(app.harness.state().state().tabs.len(), 2);
}

#[test]
fn the_method_steps_with_the_arrow_keys() {
    let mut app = app("http://127.0.0.1:9");
    app.harness.step();
    app.harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    app.harness.step();
    // Back from the URL field to the method picker before it.
    app.harness.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    app.harness.step();
    app.harness.key_press(Key::ArrowDown);
    app.harness.step();
    let state = app.harness.state().state();
    assert_eq!(state.tabs[state.active_tab].draft.method, HttpMethod::Post);
    app.harness.key_press(Key::ArrowUp);
    app.harness.step();
    let state = app.harness.state().state();
    assert_eq!(state.tabs[state.active_tab].draft.method, HttpMethod::Get);
}

#[test]
fn f1_lists_the_shortcuts_and_escape_closes_the_list() {
    let mut app = app("http://127.0.0.1:9");
    app.harness.step();
    app.harness.key_press(Key::F1);
    app.harness.step();
    app.harness.step();
    assert!(app.shows("Keyboard shortcuts"));
    app.harness.get_by_label("Ctrl+W");
    app.harness
        .get_by_label("Close the tab (asks when it has unsaved edits)");
    app.harness.key_press(Key::Escape);
    app.harness.step();
    app.harness.step();
    assert!(app.harness.query_by_label("Ctrl+W").is_none());
}

#[test]
fn the_save_form_takes_the_keyboard_proposes_the_summary_and_saves_on_enter() {
    let dir = crate::harness::temp_dir("keys-save");
    let mut app = app("http://127.0.0.1:9");
    app.fill("Collection folder", &dir.to_string_lossy());
    app.fill("New collection name", "Keys");
    app.click("Create collection");
    app.wait_for_text("No saved requests yet.", WAIT);
    // The server's catalog documents the path: its summary is the proposal.
    let spec = serde_json::json!({
        "openapi": "3.0.0",
        "paths": {"/api/projects/{project_name}": {"get": {"summary": "Get Project"}}}
    });
    app.harness.state_mut().state_mut().catalog.catalog = Some(std::sync::Arc::new(
        ayon_rest_explorer::catalog::Catalog::from_spec(spec),
    ));
    app.harness.state_mut().state_mut().tabs[0].draft.url = "/api/projects/{project_name}".into();
    app.harness.step();
    app.harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    app.wait_for_text("Request name", WAIT);
    app.harness.step();
    let proposed = app
        .harness
        .state()
        .state()
        .collection
        .save_dialog
        .as_ref()
        .map(|d| d.name.clone());
    assert_eq!(proposed.as_deref(), Some("Get Project"));
    // The name field has the keyboard: typing goes there, Enter saves.
    app.harness.event(egui::Event::Text(" by name".into()));
    app.harness.step();
    app.harness.key_press(Key::Enter);
    app.harness.step();
    app.wait_for_text("Saved \"Get Project by name\"", WAIT);
    assert!(dir.join("get-project-by-name.yml").is_file());
    assert_eq!(
        app.harness
            .query_all_by_label("GET Get Project by name")
            .count(),
        2,
        "the tab is renamed, beside the tree's new row"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
