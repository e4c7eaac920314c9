//! The filter helper of the GraphQL editor (issue 21): a JSON string argument
//! (`filter: "{\"conditions\": ...}"`) is opened unescaped and pretty, edited by typing,
//! checked as typed, and written back escaped; the query then still reads back, and a
//! server receives the JSON intact.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::graphql_schema::{check_json, json_arguments};
use egui::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use graphql_parser::query::{Definition, OperationDefinition, Selection, SelectionSet, Value};
use serde_json::json;

use crate::harness::{TestApp, app, io_runtime};

const WAIT: Duration = Duration::from_secs(15);

/// Folders named sh010, with the filter written by hand, escapes and all.
const QUERY: &str = r#"{ project(name: "demo_project") { folders(filter: "{\"conditions\": [{\"key\": \"name\", \"value\": \"sh010\"}]}") { edges { node { name } } } } }"#;

/// The window on `server` (no auth) with a GraphQL tab holding `query`.
fn window_with_query(server: &str, query: &str) -> TestApp {
    let mut app = app(server);
    app.open_graphql_tab();
    let tab = &mut app.harness.state_mut().state_mut().tabs[0];
    tab.draft.auth.mode = AuthMode::None;
    tab.draft.graphql.query = query.to_owned();
    app.harness.step();
    app
}

fn query_of(app: &TestApp) -> String {
    app.harness.state().state().tabs[0]
        .draft
        .graphql
        .query
        .clone()
}

/// The accessibility value of the input labelled `label`.
fn value_of(app: &TestApp, label: &str) -> String {
    app.harness
        .get_by_label(label)
        .accesskit_node()
        .value()
        .unwrap_or_default()
        .to_string()
}

/// Clicks a button through accesskit (the editors around may clip pointer clicks).
fn press(app: &mut TestApp, label: &str) {
    app.harness
        .get_by_role_and_label(Role::Button, label)
        .click_accesskit();
    app.harness.step();
    app.harness.step();
}

/// The JSON of the query's only JSON argument, read back.
fn filter_json(query: &str) -> serde_json::Value {
    let found = json_arguments(query);
    assert_eq!(found.len(), 1, "one JSON argument in {query}");
    let value = found.first().map(|a| a.value.clone()).unwrap_or_default();
    check_json(&value).unwrap_or_else(|e| panic!("{e}: {value}"))
}

/// Opens the helper on the filter, types a new value for it and writes it back.
fn edit_filter_to(app: &mut TestApp, json: &str) {
    app.wait_for_button("Edit filter JSON", WAIT);
    press(app, "Edit filter JSON");
    app.wait_for_text("JSON of the argument \"filter\"", WAIT);
    app.fill("Filter JSON (filter)", json);
    press(app, "Write into query");
}

#[test]
fn the_filter_json_is_edited_unescaped_and_written_back_escaped() {
    let mut app = window_with_query("http://127.0.0.1:9", QUERY);
    app.wait_for_button("Edit filter JSON", WAIT);
    press(&mut app, "Edit filter JSON");
    app.wait_for_text("JSON of the argument \"filter\"", WAIT);

    // Shown unescaped and pretty.
    let shown = value_of(&app, "Filter JSON (filter)");
    assert_eq!(
        shown,
        "{\n  \"conditions\": [\n    {\n      \"key\": \"name\",\n      \"value\": \"sh010\"\n    }\n  ]\n}"
    );
    assert!(!shown.contains('\\'), "no escapes: {shown}");

    // Not JSON: the error, with its position, and the write refused.
    app.fill(
        "Filter JSON (filter)",
        r#"{"conditions": [{"key": "name",}]}"#,
    );
    app.wait_for_text("Not JSON:", WAIT);
    assert!(app.shows("(line 1, column 32)"), "serde_json's position");
    assert!(
        app.harness
            .get_by_role_and_label(Role::Button, "Write into query")
            .accesskit_node()
            .is_disabled()
    );
    press(&mut app, "Write into query");
    assert_eq!(query_of(&app), QUERY, "nothing written");

    // A new value typed (with a Windows path), then written back escaped.
    app.fill(
        "Filter JSON (filter)",
        r#"{"conditions": [{"key": "name", "value": "sh020"}, {"key": "path", "value": "C:\\shots"}]}"#,
    );
    assert!(!app.shows("Not JSON:"));
    press(&mut app, "Write into query");
    let written = query_of(&app);
    assert_eq!(
        written,
        r#"{ project(name: "demo_project") { folders(filter: "{\"conditions\":[{\"key\":\"name\",\"value\":\"sh020\"},{\"key\":\"path\",\"value\":\"C:\\\\shots\"}]}") { edges { node { name } } } } }"#
    );
    // It still reads back, as the same JSON, and the query still parses.
    assert_eq!(
        filter_json(&written),
        json!({"conditions": [
            {"key": "name", "value": "sh020"},
            {"key": "path", "value": "C:\\shots"}
        ]})
    );
    assert!(!app.shows("GraphQL syntax error"));

    // The helper stays on the argument: a second write replaces the new literal.
    app.fill("Filter JSON (filter)", "{\"conditions\": []}");
    press(&mut app, "Write into query");
    assert_eq!(filter_json(&query_of(&app)), json!({"conditions": []}));

    press(&mut app, "Close");
    assert!(!app.shows("JSON of the argument"));
    assert!(app.shows("Edit filter JSON"), "can be opened again");
}

#[test]
fn the_argument_at_the_cursor_is_edited_even_in_a_query_that_does_not_parse() {
    let mut app = window_with_query("http://127.0.0.1:9", "");
    // Typed: the cursor ends just after the second argument's string; the query is
    // unfinished.
    app.fill(
        "GraphQL query",
        r#"{ folders(filter: "{}") { name } tasks(where: "[1, 2]""#,
    );
    app.wait_for_text("GraphQL syntax error", WAIT);
    press(&mut app, "Edit filter JSON");
    app.wait_for_text("JSON of the argument \"where\"", WAIT);
    assert_eq!(value_of(&app, "Filter JSON (where)"), "[\n  1,\n  2\n]");
    app.fill("Filter JSON (where)", r#"["a \"b\""]"#);
    press(&mut app, "Write into query");
    assert_eq!(
        query_of(&app),
        r#"{ folders(filter: "{}") { name } tasks(where: "[\"a \\\"b\\\"\"]""#
    );
}

/// The filter strings the server received, decoded from the GraphQL the way a server does.
type Filters = Arc<Mutex<Vec<String>>>;

/// Finds the `filter` argument anywhere in `set`.
fn filter_in(set: &SelectionSet<'_, String>) -> Option<String> {
    set.items.iter().find_map(|item| match item {
        Selection::Field(field) => field
            .arguments
            .iter()
            .find_map(|(name, value)| match value {
                Value::String(text) if name == "filter" => Some(text.clone()),
                _ => None,
            })
            .or_else(|| filter_in(&field.selection_set)),
        _ => None,
    })
}

/// Reads the request body's query with graphql-parser and keeps its filter's string.
async fn folders(State(filters): State<Filters>, body: Bytes) -> &'static str {
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let query = body["query"].as_str().unwrap_or_default();
    let filter = graphql_parser::parse_query::<String>(query)
        .ok()
        .and_then(|document| {
            document
                .definitions
                .iter()
                .find_map(|definition| match definition {
                    Definition::Operation(OperationDefinition::SelectionSet(set)) => filter_in(set),
                    _ => None,
                })
        });
    if let (Some(filter), Ok(mut filters)) = (filter, filters.lock()) {
        filters.push(filter);
    }
    r#"{"data": {"project": {"folders": {"edges": [{"node": {"name": "sh020"}}]}}}}"#
}

#[test]
fn the_server_receives_the_written_filter_intact() {
    let io = io_runtime();
    let filters = Filters::default();
    let state = filters.clone();
    let url = io.block_on(async move {
        let router = Router::new()
            .route("/graphql", post(folders))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        url
    });
    let mut app = window_with_query(&url, QUERY);
    let typed =
        r#"{"conditions": [{"key": "path", "value": "C:\\shots\\ünï \"q\""}], "operator": "and"}"#;
    edit_filter_to(&mut app, typed);
    assert_ne!(query_of(&app), QUERY, "written");
    app.click("Send");
    app.wait_for_text("sh020", WAIT);

    let received = filters.lock().map(|f| f.clone()).unwrap_or_default();
    assert_eq!(received.len(), 1, "{received:?}");
    let decoded = received.first().cloned().unwrap_or_default();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&decoded).ok(),
        serde_json::from_str::<serde_json::Value>(typed).ok()
    );
    assert_eq!(
        decoded,
        r#"{"conditions":[{"key":"path","value":"C:\\shots\\ünï \"q\""}],"operator":"and"}"#
    );
}
