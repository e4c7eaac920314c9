//! The GraphQL editor with the server's own schema: the window asks a server (here one
//! that answers introspection with the real 1.11.2 schema) for it, says how many types it
//! has, offers completions at the cursor and inserts one, and names a query's problems
//! with line and column before sending. A server that refuses introspection is named.

use std::path::Path;
use std::time::Duration;

use axum::Router;
use axum::routing::post;
use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::ayon::{Identity, Role};
use ayon_rest_explorer::secret::Secret;
use ayon_rest_explorer::state::SessionState;
use egui_kittest::kittest::Queryable;

use crate::harness::{TestApp, app, io_runtime};

const WAIT: Duration = Duration::from_secs(15);

const INTROSPECTION: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/ayon-1.11.2/graphql-introspection.json"
);

/// A server whose `/graphql` answers with `body` and `status`.
fn graphql_server(io: &tokio::runtime::Runtime, status: u16, body: Vec<u8>) -> String {
    io.block_on(async move {
        let app = Router::new().route(
            "/graphql",
            post(move || {
                let body = body.clone();
                async move {
                    (
                        axum::http::StatusCode::from_u16(status)
                            .unwrap_or(axum::http::StatusCode::OK),
                        [("content-type", "application/json")],
                        body,
                    )
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        url
    })
}

/// The window logged in to `server` (as after a login) with a GraphQL tab open, and the
/// schema asked for.
fn window_with_graphql_tab(server: &str) -> TestApp {
    let mut app = app(server);
    app.harness.state_mut().state_mut().session = SessionState::LoggedIn {
        token: Secret::new("c".repeat(64)),
        identity: Identity {
            name: "admin".into(),
            full_name: None,
            role: Role::Admin,
        },
        server_url: server.to_owned(),
    };
    app.open_graphql_tab();
    app.harness.state_mut().dispatch(Action::LoadGraphQlSchema);
    app
}

#[test]
fn the_schema_completes_and_checks_the_query() {
    if !Path::new(INTROSPECTION).is_file() {
        println!("skipped: fixtures folder absent ({INTROSPECTION})");
        return;
    }
    let io = io_runtime();
    let schema = std::fs::read(INTROSPECTION).expect("fixture");
    let server = graphql_server(&io, 200, schema);
    let mut app = window_with_graphql_tab(&server);
    app.wait_for_text("Schema: 79 types from the server", WAIT);

    app.fill("GraphQL query", "{ projects { edges { node { na");
    app.wait_for_button("name", WAIT);
    app.click("name");
    for _ in 0..3 {
        app.harness.step();
    }
    let query = app.harness.state().state().tabs[0]
        .draft
        .graphql
        .query
        .clone();
    assert_eq!(query, "{ projects { edges { node { name");

    app.fill(
        "GraphQL query",
        "{\n  projects { edges { node { nam } } }\n}",
    );
    app.wait_for_text("Line 2, column 29", WAIT);
    assert!(app.shows("Unknown field \"nam\" on ProjectNode"));

    // Variables: a skeleton from the declared types, and a missing one named.
    app.fill(
        "GraphQL query",
        "query Folders($project: String!, $first: Int) { project(name: $project) { name } }",
    );
    // Through accesskit, as a screen reader would: the pointer is busy with the editor.
    app.harness
        .get_by_role_and_label(egui::Role::Button, "Fill variables from the query")
        .click_accesskit();
    app.harness.step();
    app.harness.step();
    let variables = app.harness.state().state().tabs[0]
        .draft
        .graphql
        .variables
        .clone();
    let value: serde_json::Value = serde_json::from_str(&variables).unwrap_or_default();
    assert!(
        value.get("project").is_some() && value.get("first").is_some(),
        "{variables}"
    );
    app.fill("GraphQL variables (JSON)", "{}");
    app.wait_for_text("Missing required variable \"$project\" (String!)", WAIT);

    // The Docs pane: from Query into ProjectNode, and Insert.
    // Prettify lays the query out again.
    app.fill("GraphQL query", "{projects{edges{node{name}}}}");
    app.harness
        .get_by_role_and_label(egui::Role::Button, "Prettify")
        .click_accesskit();
    app.harness.step();
    let query = app.harness.state().state().tabs[0]
        .draft
        .graphql
        .query
        .clone();
    assert_eq!(
        query,
        "{\n  projects {\n    edges {\n      node {\n        name\n      }\n    }\n  }\n}"
    );

    app.harness.get_by_label("Docs").click_accesskit();
    app.harness.step();
    app.wait_for_text("projects(", WAIT);
    app.harness
        .get_by_role_and_label(egui::Role::Link, "ProjectsConnection!")
        .click_accesskit();
    app.harness.step();
    app.wait_for_text("edges", WAIT);
    assert!(
        app.shows("ProjectsConnection"),
        "the path shows where the pane is"
    );
}

#[test]
fn completions_follow_the_keyboard() {
    if !Path::new(INTROSPECTION).is_file() {
        println!("skipped: fixtures folder absent ({INTROSPECTION})");
        return;
    }
    let io = io_runtime();
    let schema = std::fs::read(INTROSPECTION).expect("fixture");
    let server = graphql_server(&io, 200, schema);
    let mut app = window_with_graphql_tab(&server);
    app.wait_for_text("Schema: 79 types from the server", WAIT);
    let query = |app: &TestApp| {
        app.harness.state().state().tabs[0]
            .draft
            .graphql
            .query
            .clone()
    };

    // Typing a name opens the list on its first item; Enter takes it.
    app.fill("GraphQL query", "{ projects { edges { node { co");
    app.harness.step();
    app.harness.key_press(egui::Key::Enter);
    app.harness.step();
    assert_eq!(query(&app), "{ projects { edges { node { code");

    // The arrows move the highlight; Enter takes the highlighted one.
    app.fill("GraphQL query", "{ projects { edges { node { co");
    app.harness.step();
    app.harness.key_press(egui::Key::ArrowDown);
    app.harness.step();
    app.harness.key_press(egui::Key::Enter);
    app.harness.step();
    assert_eq!(query(&app), "{ projects { edges { node { config");

    // Ctrl+Space opens the list where nothing is typed yet: every field of ProjectNode.
    let text = "{ projects { edges { node { ";
    let parsed = ayon_rest_explorer::graphql_schema::Schema::from_introspection(
        &std::fs::read(INTROSPECTION).expect("fixture"),
    )
    .expect("schema");
    let first = ayon_rest_explorer::graphql_schema::complete(&parsed, text, text.len()).items[0]
        .label
        .clone();
    app.fill("GraphQL query", text);
    app.harness.step();
    app.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Space);
    app.harness.step();
    app.harness.key_press(egui::Key::Enter);
    app.harness.step();
    assert_eq!(query(&app), format!("{text}{first}"));
}

#[test]
fn a_server_that_refuses_introspection_is_named() {
    let io = io_runtime();
    let server = graphql_server(&io, 403, br#"{"detail":"Forbidden"}"#.to_vec());
    let mut app = window_with_graphql_tab(&server);
    app.wait_for_text("answered 403 to the introspection query", WAIT);
    // The editor still checks syntax.
    app.fill("GraphQL query", "{ projects { ");
    app.wait_for_text("GraphQL syntax error at line 1", WAIT);
}
