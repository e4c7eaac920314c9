//! Redirects per request: followed by default with every hop listed (status and
//! location), or, with "Follow redirects" off in the Options tab, the 3xx shown as it came.

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::IntoResponse;
use axum::routing::get;

use ayon_rest_explorer::ayon::AuthMode;
use egui_kittest::kittest::Queryable;

use crate::harness::app;
use crate::support::recording_server::{self, Log, record};

const WAIT: Duration = Duration::from_secs(15);

async fn start_hop(
    State(log): State<Log>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    record(&log, &method, &uri, &headers, &body);
    (StatusCode::FOUND, [(header::LOCATION, "/middle")])
}

async fn middle_hop(
    State(log): State<Log>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    record(&log, &method, &uri, &headers, &body);
    (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, "/end")])
}

async fn end(
    State(log): State<Log>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    record(&log, &method, &uri, &headers, &body);
    (
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"arrived":"at-the-end"}"#,
    )
}

#[test]
fn hops_are_listed_when_followed_and_a_3xx_is_shown_when_not() {
    let io = crate::harness::io_runtime();
    let server = io.block_on(recording_server::start(
        Router::new()
            .route("/start", get(start_hop))
            .route("/middle", get(middle_hop))
            .route("/end", get(end)),
    ));
    let mut app = app(&server.url);
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.fill("URL", "/start");
    app.click("Send");
    app.wait_for_text("at-the-end", WAIT);
    app.wait_for_text("2 redirects followed", WAIT);
    app.wait_for_text(
        &format!("1. 302 {}/start -> {}/middle", server.url, server.url),
        WAIT,
    );
    app.wait_for_text(
        &format!("2. 307 {}/middle -> {}/end", server.url, server.url),
        WAIT,
    );
    assert_eq!(server.received().len(), 3);

    // Off: the first answer is shown as it came, and where it points.
    app.click("Options");
    app.harness.get_by_label("Follow redirects").click();
    app.harness.step();
    assert!(!app.harness.state().state().tabs[0].draft.follow_redirects);
    app.click("Send");
    app.wait_for_text("302 Found", WAIT);
    app.wait_for_text(
        "Redirect not followed (Options tab): Location: /middle",
        WAIT,
    );
    assert!(!app.shows("redirects followed"));
    assert_eq!(server.received().len(), 4, "no hop was followed");
}
