//! AYON error bodies and auth hints as the user sees them.

use std::time::Duration;

use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::state::BodyMode;

use crate::harness::app;
use crate::support::target::target;

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn validation_error_lists_the_missing_field() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let target = io.block_on(target());
    let mut app = app(&target.url);
    {
        let draft = &mut app.harness.state_mut().state_mut().tabs[0].draft;
        draft.method = HttpMethod::Post;
        draft.auth.mode = AuthMode::None;
        draft.body_mode = BodyMode::Json;
        draft.body_text = format!("{{\"name\": \"{}\"}}", target.admin_name);
    }
    app.fill("URL", "/api/auth/login");
    app.click("Send");
    app.wait_for_text("400 Bad Request", WAIT);
    assert!(app.shows("Request validation error in [POST] /api/auth/login"));
    assert!(app.shows("body.password: field required"));
}

#[test]
fn short_bearer_token_is_warned_about_and_the_401_explained() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let target = io.block_on(target());
    let mut app = app(&target.url);
    {
        let tab = &mut app.harness.state_mut().state_mut().tabs[0];
        tab.draft.auth.mode = AuthMode::Bearer;
        tab.editor = ayon_rest_explorer::state::EditorTab::Auth;
    }
    app.harness.step();
    app.fill("Bearer token", "fe26e8249ae7cfcbf6c61a9f2994b491");
    assert!(app.shows("32 characters: AYON silently ignores Bearer values"));
    app.click("Send");
    app.wait_for_text("401 Unauthorized", WAIT);
    assert!(app.shows("Access token is missing"));
    assert!(app.shows("AYON ignored the Bearer value because it has 32 characters"));
}

#[test]
fn typing_a_token_keeps_focus_while_warnings_appear() {
    let mut app = app("http://127.0.0.1:9");
    {
        let tab = &mut app.harness.state_mut().state_mut().tabs[0];
        tab.draft.auth.mode = AuthMode::Bearer;
        tab.editor = ayon_rest_explorer::state::EditorTab::Auth;
    }
    app.harness.step();
    app.harness.get_by_label("Bearer token").focus();
    app.harness.step();
    // Key by key, as a person types: the first key makes a warning appear above.
    for ch in ["a", "b", "c"] {
        // Sent to whatever has focus, like a real keyboard.
        app.harness.event(egui::Event::Text(ch.into()));
        app.harness.step();
        app.harness.step();
    }
    assert_eq!(
        app.harness.state().state().tabs[0].draft.auth.bearer_token,
        "abc"
    );
    assert!(app.shows("3 characters"));
}
