//! Sent requests appear in the history sidebar and reopen in a tab.

use std::time::Duration;

use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::ayon::AuthMode;

use crate::harness::app;
use crate::support::target::target;

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn a_sent_request_is_listed_and_reopens() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let target = io.block_on(target());
    let mut app = app(&target.url);
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    assert!(app.shows("Sent requests appear here"));
    app.fill("URL", "/api/info?probe=1");
    app.click("Send");
    app.wait_for_text("200 OK", WAIT);
    app.wait_for_text("/api/info?probe=1", WAIT);
    {
        let history = &app.harness.state().state().history;
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].method, "GET");
        assert_eq!(history[0].status, Some(200));
    }
    // The filter hides what does not match.
    app.fill("Filter history", "projects");
    assert!(!app.shows("/api/info?probe=1"));
    app.fill("Filter history", "probe");
    app.harness.get_by_label("/api/info?probe=1").click();
    app.harness.step();
    let state = app.harness.state().state();
    assert_eq!(state.tabs.len(), 2);
    assert!(state.tabs[1].draft.url.ends_with("/api/info?probe=1"));
    assert_eq!(state.active_tab, 1);
}

#[test]
fn a_token_in_the_query_is_redacted_from_history() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let target = io.block_on(target());
    let mut app = app(&target.url);
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    // A made-up value of a session token's shape (64 hex characters).
    let token = "0123456789abcdef".repeat(4);
    app.fill("URL", &format!("/api/info?token={token}"));
    app.click("Send");
    app.wait_for_text("200 OK", WAIT);
    app.step_until("the history entry", WAIT, |h| {
        !h.state().state().history.is_empty()
    });
    let entry = &app.harness.state().state().history[0];
    assert!(!entry.url.contains(&token), "{}", entry.url);
    assert!(entry.url.contains("token="), "{}", entry.url);
}

#[test]
fn a_post_reopens_with_its_body_and_its_host() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let target = io.block_on(target());
    let mut app = app(&target.url);
    {
        let draft = &mut app.harness.state_mut().state_mut().tabs[0].draft;
        draft.auth.mode = AuthMode::None;
        draft.method = ayon_rest_explorer::http::HttpMethod::Post;
        draft.body_mode = ayon_rest_explorer::request::BodyMode::Json;
        draft.body_text = "{\"probe\": \"reopen-me\"}".into();
    }
    app.fill("URL", "/api/info?probe=post");
    app.click("Send");
    app.step_until("the history entry", WAIT, |h| {
        !h.state().state().history.is_empty()
    });
    app.wait_for_text("/api/info?probe=post", WAIT);
    app.harness.get_by_label("/api/info?probe=post").click();
    app.harness.step();
    let state = app.harness.state().state();
    assert_eq!(state.tabs.len(), 2);
    let reopened = &state.tabs[1].draft;
    assert_eq!(reopened.method, ayon_rest_explorer::http::HttpMethod::Post);
    assert_eq!(reopened.body_text, "{\"probe\": \"reopen-me\"}");
    // The host it went to comes back with it, so another server's call stays one.
    let origin = target.url.trim_end_matches('/');
    assert_eq!(
        reopened.url,
        format!("{origin}/api/info?probe=post"),
        "reopened as {}",
        reopened.url
    );
}
