//! The GraphQL body mode against a per-test server that answers like AYON 1.11.2
//! (fixtures 80 and 82): what is sent, the data shown, and errors sent with status 200.

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri, header};
use axum::routing::post;

use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::http::HttpMethod;

use crate::harness::{TestApp, app};
use crate::support::recording_server::{self, Log, RecordingServer, record};

const WAIT: Duration = Duration::from_secs(15);

/// The body of fixtures/ayon-1.11.2/80_graphql_projects.txt.
const PROJECTS: &str = r#"{"data": {"projects": {"edges": [{"node": {"name": "demo_project", "code": "demo", "active": true}}, {"node": {"name": "put_project", "code": "putp", "active": true}}]}}}"#;

/// The body of fixtures/ayon-1.11.2/82_graphql_syntax_error.txt (sent with 200).
const UNKNOWN_FIELD: &str = r#"{"data": null, "errors": [{"message": "Cannot query field 'nope' on type 'ProjectNode'. Did you mean 'code' or 'name'?", "locations": [{"line": 1, "column": 29}]}]}"#;

async fn projects(
    State(log): State<Log>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> ([(header::HeaderName, &'static str); 1], &'static str) {
    record(&log, &method, &uri, &headers, &body);
    ([(header::CONTENT_TYPE, "application/json")], PROJECTS)
}

async fn unknown_field(
    State(log): State<Log>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> ([(header::HeaderName, &'static str); 1], &'static str) {
    record(&log, &method, &uri, &headers, &body);
    ([(header::CONTENT_TYPE, "application/json")], UNKNOWN_FIELD)
}

/// The app on `server`, no auth, with the GraphQL editor open on POST /graphql.
fn graphql_app(server: &RecordingServer) -> TestApp {
    let mut app = app(&server.url);
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.harness.step();
    app.click("Body: None");
    app.click("GraphQL");
    app.wait_for_button("Use /graphql", WAIT);
    app.click("Use /graphql");
    app.harness.step();
    let draft = &app.harness.state().state().tabs[0].draft;
    assert_eq!(
        (draft.method, draft.url.as_str()),
        (HttpMethod::Post, "/graphql")
    );
    assert!(
        !app.shows("Use /graphql"),
        "the fix is offered only when needed"
    );
    app
}

#[test]
fn a_query_with_variables_is_sent_as_one_json_object_and_the_data_shown() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let server = io.block_on(recording_server::start(
        Router::new().route("/graphql", post(projects)),
    ));
    let mut app = graphql_app(&server);
    let query =
        "query P($first: Int) { projects(first: $first) { edges { node { name code active } } } }";
    app.fill("GraphQL query", query);
    app.fill("GraphQL variables (JSON)", "{\"first\": 5}");
    app.fill("Operation name", "P");
    app.click("Send");
    app.wait_for_text("put_project", WAIT);

    let received = server.received();
    assert_eq!(received.len(), 1);
    let sent = &received[0];
    assert_eq!(
        (sent.method.as_str(), sent.path_and_query.as_str()),
        ("POST", "/graphql")
    );
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(
        String::from_utf8_lossy(&sent.body),
        format!(r#"{{"query":"{query}","variables":{{"first":5}},"operationName":"P"}}"#)
    );
    assert!(
        !app.shows("GraphQL errors"),
        "an answer without errors is plain"
    );
}

#[test]
fn errors_sent_with_200_are_listed_with_their_locations() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let server = io.block_on(recording_server::start(
        Router::new().route("/graphql", post(unknown_field)),
    ));
    let mut app = graphql_app(&server);
    app.fill("GraphQL query", "{ projects { edges { node { nope } } } }");
    app.click("Send");
    app.wait_for_text("GraphQL errors (1)", WAIT);
    assert!(app.shows("200 OK"));
    assert!(app.shows("· GraphQL errors"), "the status line is marked");
    assert!(app.shows(
        "Cannot query field 'nope' on type 'ProjectNode'. Did you mean 'code' or 'name'? \
         (line 1, column 29)"
    ));
    assert_eq!(
        String::from_utf8_lossy(&server.received()[0].body),
        r#"{"query":"{ projects { edges { node { nope } } } }"}"#
    );
}

#[test]
fn the_editor_checks_the_query_and_the_variables_as_you_type() {
    let mut app = app("http://127.0.0.1:9");
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.harness.step();
    app.click("Body: None");
    app.click("GraphQL");
    app.fill("GraphQL query", "{ projects { name }");
    app.wait_for_text("GraphQL syntax error at line 1, column 20", WAIT);
    app.fill("GraphQL variables (JSON)", "[1]");
    app.wait_for_text("GraphQL variables must be a JSON object", WAIT);

    // Several operations: the first is chosen, as the server needs one.
    app.fill("GraphQL query", "query A { a }\nquery B { b }");
    app.step_until("the first operation to be chosen", WAIT, |h| {
        h.state().state().tabs[0].draft.graphql.operation_name == "A"
    });
    assert!(!app.shows("GraphQL syntax error"));

    // Invalid variables stop the send, named.
    app.click("Send");
    app.wait_for_text("GraphQL variables must be a JSON object", WAIT);
    assert!(matches!(
        app.harness.state().state().tabs[0].state,
        ayon_rest_explorer::state::RequestState::Failed { .. }
    ));
}
