//! Sending, cancelling a slow request, and the invalid-JSON question.

use std::time::Duration;

use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::state::{BodyMode, EditorTab, RequestState};

use crate::harness::app;
use crate::support::raw_server::{self, Behaviour};

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn cancel_on_a_slow_request_returns_to_idle() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let url = io.block_on(raw_server::start(Behaviour::Silent(Duration::from_secs(
        60,
    ))));
    let mut app = app(&url);
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.fill("URL", "/slow");
    app.click("Send");
    app.wait_for_button("Cancel", WAIT);
    assert!(app.shows("Sending…"));
    app.click("Cancel");
    app.wait_for_button("Send", WAIT);
    assert!(!app.shows("Sending…"));
    assert!(matches!(
        app.harness.state().state().tabs[0].state,
        RequestState::Idle
    ));
}

#[test]
fn a_refused_connection_is_shown_with_its_url() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let url = io.block_on(raw_server::refused_url());
    let mut app = app(&url);
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.click("Send");
    app.wait_for_text("Connection refused", WAIT);
    assert!(app.shows(&url));
}

#[test]
fn invalid_json_asks_before_sending() {
    let mut app = app("http://127.0.0.1:9");
    {
        let tab = &mut app.harness.state_mut().state_mut().tabs[0];
        tab.draft.body_mode = BodyMode::Json;
        tab.draft.body_text = "{\"name\": }".into();
        tab.editor = EditorTab::Body;
    }
    app.harness.step();
    assert!(app.shows("Invalid JSON at line 1, column 10"));
    app.click("Send");
    app.wait_for_text("Send invalid JSON?", WAIT);
    app.click("Keep editing");
    app.harness.step();
    assert!(!app.shows("Send invalid JSON?"));
    assert!(matches!(
        app.harness.state().state().tabs[0].state,
        RequestState::Idle
    ));
}

#[test]
fn ctrl_enter_sends() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let url = io.block_on(raw_server::start(Behaviour::Silent(Duration::from_secs(
        60,
    ))));
    let mut app = app(&url);
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.fill("URL", "/api/projects");
    app.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    app.wait_for_button("Cancel", WAIT);
    assert!(
        app.harness.state().state().tabs[0]
            .state
            .pending_id()
            .is_some()
    );
    app.click("Cancel");
}
