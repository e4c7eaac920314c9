//! The proxy override typed in Settings is used by the next send.

use std::time::Duration;

use axum::Router;
use axum::routing::any;

use ayon_rest_explorer::ayon::AuthMode;
use egui_kittest::kittest::Queryable;

use crate::harness::app;
use crate::support::raw_server;
use crate::support::recording_server::{self, record_ok};

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn a_proxy_set_in_settings_carries_the_next_request() {
    let io = crate::harness::io_runtime();
    let proxy = io.block_on(recording_server::start(
        Router::new().route("/{*path}", any(record_ok)),
    ));
    // Nothing listens at the server itself: only the proxy can answer.
    let target = io.block_on(raw_server::refused_url());
    let mut app = app(&target);
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;

    app.click("Settings");
    app.harness.step();
    app.harness.step();
    // Without an override, the window says what the environment sets (if anything).
    app.step_until("the proxy group", WAIT, |h| {
        h.query_all_by_label_contains("From the environment")
            .chain(h.query_all_by_label_contains("No proxy: none is set"))
            .next()
            .is_some()
    });
    app.fill("Proxy", "ftp://nope");
    app.wait_for_text("must start with http:// or https://", WAIT);
    app.fill("Proxy", &proxy.url);
    app.harness.key_press(egui::Key::Enter);
    app.harness.step();
    app.wait_for_text("Every request goes through this proxy", WAIT);

    app.fill("URL", "/api/users/me");
    app.click("Send");
    app.wait_for_text("200 OK", WAIT);
    let received = proxy.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path_and_query, "/api/users/me");
    assert_eq!(app.harness.state().state().settings.proxy_url, proxy.url);
}
