//! A pipeline developer's first GraphQL query against the sandbox (or the AYON server of
//! `AYON_TEST_SERVER_URL`): log in through the form; the server's own schema is read
//! (its type count shown); switch the body to GraphQL; type the start of a projects
//! query; the completion offers `name`; take it; send; the project is listed.

use std::time::Duration;

use ayon_rest_explorer::state::RequestState;

use crate::harness::{app, io_runtime};
use crate::support::ayon_client::{Cleanup, admin_login, create_project};
use crate::support::target::target;

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn log_in_read_the_schema_complete_and_list_projects() {
    let io = io_runtime();
    let target = io.block_on(target());
    // A project of our own, so the list is known to hold something on any server.
    let admin = io.block_on(admin_login(&target));
    let token = admin.token.expose().to_string();
    let _guard = io.enter();
    let mut cleanup = Cleanup::new(&target, &token);
    let (project, _) = io.block_on(create_project(&target, &token, "are_gql", &mut cleanup));

    let mut app = app("http://localhost:5000");
    app.fill("Server URL", &target.url);
    app.fill("Name", &target.admin_name);
    app.fill("Password", &target.admin_password);
    app.click("Log in");
    app.wait_for_text("Logged in as", WAIT);

    app.press("Body: None");
    app.click("GraphQL");
    app.wait_for_button("Use /graphql", WAIT);
    app.click("Use /graphql");
    app.step_until("the server's schema", WAIT, |harness| {
        let state = harness.state().state();
        state
            .graphql_schema
            .for_server(&state.settings.server_url)
            .is_some()
    });
    let types = {
        let state = app.harness.state().state();
        state
            .graphql_schema
            .for_server(&state.settings.server_url)
            .map(|schema| schema.type_count())
            .unwrap_or_default()
    };
    assert!(
        types > 10,
        "the server's own schema, not a stub: {types} types"
    );
    app.wait_for_text(&format!("Schema: {types} types from the server"), WAIT);

    app.fill("GraphQL query", "{ projects { edges { node { na");
    app.wait_for_button("name", WAIT);
    app.click("name");
    for _ in 0..3 {
        app.harness.step();
    }
    let typed = app.harness.state().state().tabs[0]
        .draft
        .graphql
        .query
        .clone();
    assert_eq!(typed, "{ projects { edges { node { name");

    app.fill("GraphQL query", &format!("{typed} }} }} }} }}"));
    app.click("Send");
    app.step_until("the answer", WAIT, |harness| {
        matches!(
            harness.state().state().tabs[0].state,
            RequestState::Done(_) | RequestState::Failed { .. }
        )
    });
    let RequestState::Done(done) = &app.harness.state().state().tabs[0].state else {
        panic!(
            "the query failed: {:?}",
            app.harness.state().state().tabs[0].state
        );
    };
    assert_eq!(done.exchange.response.status, 200);
    let body: serde_json::Value = serde_json::from_slice(done.body()).unwrap_or_default();
    let names: Vec<&str> = body["data"]["projects"]["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .filter_map(|e| e["node"]["name"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        names.contains(&project.as_str()),
        "{project} in {names:?}: {}",
        String::from_utf8_lossy(done.body())
    );
}
