//! The Tests tab after a send: the request's `expect:` checks (expected and actual for a
//! failure), "Capture as variable" from the tree, and the captured value filling
//! `{{name}}` in the next request (a credential shown masked).

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::routing::any;

use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::checks::{ExpectFile, JsonCheck, StatusList};
use egui_kittest::kittest::Queryable;

use crate::harness::app;
use crate::support::recording_server::{self, Log, record};

const WAIT: Duration = Duration::from_secs(15);

async fn answer(
    State(log): State<Log>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> axum::Json<serde_json::Value> {
    record(&log, &method, &uri, &headers, &body);
    axum::Json(serde_json::json!({
        "user": {"name": "bob"},
        "project": "demo_42",
        "token": "tok-secret-98765"
    }))
}

#[test]
fn checks_show_after_a_send_and_a_captured_value_fills_the_next_request() {
    let io = crate::harness::io_runtime();
    let server = io.block_on(recording_server::start(
        Router::new().route("/{*path}", any(answer)),
    ));
    let mut app = app(&server.url);
    {
        let draft = &mut app.harness.state_mut().state_mut().tabs[0].draft;
        draft.auth.mode = AuthMode::None;
        draft.expect = Some(ExpectFile {
            status: Some(StatusList::One(200)),
            json: vec![
                JsonCheck {
                    path: "$.user.name".into(),
                    equals: Some(serde_json::json!("bob")),
                    ..Default::default()
                },
                JsonCheck {
                    path: "$.user.name".into(),
                    equals: Some(serde_json::json!("alice")),
                    ..Default::default()
                },
            ],
            ..Default::default()
        });
    }
    app.fill("URL", "/login");
    app.click("Send");
    app.wait_for_text("200 OK", WAIT);
    app.wait_for_button("Tests 2/3", WAIT);
    app.click("Tests 2/3");
    app.wait_for_text("2 of 3 checks passed", WAIT);
    app.wait_for_text("PASS  status is 200", WAIT);
    app.wait_for_text("FAIL  $.user.name equals \"alice\"", WAIT);
    app.wait_for_text("expected: \"alice\"", WAIT);
    app.wait_for_text("actual:   \"bob\"", WAIT);

    // Capture a value from the tree: it becomes a capture of this request.
    app.harness
        .get_by_role_and_label(egui::Role::Button, "Tree")
        .click();
    app.wait_for_text("project: ", WAIT);
    app.harness.get_by_label("project: ").click();
    app.harness.step();
    app.wait_for_button("Capture as variable", WAIT);
    app.click("Capture as variable");
    app.wait_for_text("Captures of this request", WAIT);
    let capture = app.harness.state().state().tabs[0].draft.capture.clone();
    assert_eq!(capture.len(), 1);
    assert_eq!(
        (capture[0].name.as_str(), capture[0].path.as_str()),
        ("project", "$.project")
    );
    assert!(
        app.harness.state().state().tabs[0].is_edited(),
        "Ctrl+S would save it"
    );

    // And the token, a credential: captured, but never shown.
    app.harness
        .get_by_role_and_label(egui::Role::Button, "Tree")
        .click();
    app.wait_for_text("token: ", WAIT);
    app.harness.get_by_label("token: ").click();
    app.harness.step();
    app.wait_for_button("Capture as variable", WAIT);
    app.click("Capture as variable");
    app.wait_for_text("Capture 2 name", WAIT);

    app.click("Send");
    app.wait_for_text("Captured {{project}} = demo_42 for the next requests", WAIT);
    app.wait_for_text("Captured {{token}} = *** for the next requests", WAIT);
    assert!(!app.shows("tok-secret-98765"));

    // The next request uses the captured value.
    app.harness.state_mut().state_mut().tabs[0].draft.expect = None;
    app.harness.state_mut().state_mut().tabs[0]
        .draft
        .capture
        .clear();
    app.fill("URL", "/use/{{project}}");
    app.click("Send");
    app.step_until("the third request to arrive", WAIT, |_| {
        server.received().len() >= 3
    });
    let received = server.received();
    assert_eq!(
        received.last().map(|r| r.path_and_query.as_str()),
        Some("/use/demo_42")
    );
}
