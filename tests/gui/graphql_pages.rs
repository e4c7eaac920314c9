//! "Fetch all pages" in the window, against a per-test `/graphql` that pages 250 (or
//! more) projects by `after:` cursors: the button (disabled, saying why, without a
//! connection field), the merged answer shown as the tab's response with its summary, a
//! repeated cursor named, and Cancel keeping the pages merged.

use std::time::Duration;

use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::state::RequestState;
use egui_kittest::kittest::{NodeT, Queryable};
use serde_json::Value;

use crate::harness::{TestApp, app, io_runtime};
use crate::support::paging_server::{self, Fault, PagingServer, project_name};

const WAIT: Duration = Duration::from_secs(20);

const QUERY: &str = "{ projects(first: 100) { edges { node { name } } } }";

/// The window on `server`, no auth, a GraphQL tab on POST /graphql with the body editor
/// open.
fn window(server: &PagingServer) -> TestApp {
    let mut app = app(&server.url);
    app.open_graphql_tab();
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.harness.step();
    app
}

/// Clicks "Fetch all pages" (through accesskit: its tooltip and the editor may cover
/// the pointer's way).
fn fetch_all(app: &mut TestApp) {
    app.harness
        .get_by_role_and_label(egui::Role::Button, "Fetch all pages")
        .click_accesskit();
    app.harness.step();
}

/// The project names of the tab's answer (the merged body).
fn answered_names(app: &TestApp) -> Vec<String> {
    let RequestState::Done(response) = &app.harness.state().state().tabs[0].state else {
        panic!("the tab has an answer");
    };
    let body: Value = serde_json::from_slice(response.body()).expect("a JSON answer");
    body.pointer("/data/projects/edges")
        .and_then(Value::as_array)
        .map(|edges| {
            edges
                .iter()
                .filter_map(|e| e.pointer("/node/name").and_then(Value::as_str))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_page_is_merged_into_the_tabs_answer() {
    let io = io_runtime();
    let server = io.block_on(paging_server::start(250, 100, Fault::None));
    let mut app = window(&server);

    // Without a connection field there is nothing to follow: the button says so.
    app.fill("GraphQL query", "{ users { name } }");
    app.harness.step();
    let button = app
        .harness
        .get_by_role_and_label(egui::Role::Button, "Fetch all pages");
    assert!(button.accesskit_node().is_disabled());

    app.fill("GraphQL query", QUERY);
    app.harness.step();
    assert!(
        !app.harness
            .get_by_role_and_label(egui::Role::Button, "Fetch all pages")
            .accesskit_node()
            .is_disabled()
    );
    fetch_all(&mut app);
    app.wait_for_text("Pages merged: 3 pages, 250 edges", WAIT);
    let expected: Vec<String> = (0..250).map(project_name).collect();
    assert_eq!(answered_names(&app), expected);
    // The normal viewer shows it, with the last page's status.
    assert!(app.shows("200 OK"));
    assert!(app.shows("project_000"));
    // Three requests, each after the previous page's cursor.
    let cursors: Vec<Option<String>> = server
        .bodies()
        .iter()
        .map(|b| {
            b.pointer("/variables/after")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .collect();
    assert_eq!(
        cursors,
        [None, Some("cursor-100".into()), Some("cursor-200".into())]
    );
    // The query typed is left as it was.
    assert_eq!(
        app.harness.state().state().tabs[0].draft.graphql.query,
        QUERY
    );
}

#[test]
fn a_repeated_cursor_is_named_with_its_page() {
    let io = io_runtime();
    let server = io.block_on(paging_server::start(250, 100, Fault::RepeatedCursor));
    let mut app = window(&server);
    app.fill("GraphQL query", QUERY);
    fetch_all(&mut app);
    app.wait_for_text(
        "The server gave the cursor \"abc\" again on page 2: stopped so as not to fetch the \
         same page forever (ayon-backend #931)",
        WAIT,
    );
    assert!(app.shows("Pages merged: 2 pages, 200 edges"));
    assert_eq!(server.bodies().len(), 2, "no third request");
    assert_eq!(answered_names(&app).len(), 200);
}

#[test]
fn cancel_keeps_the_pages_merged_and_says_so() {
    let io = io_runtime();
    let server = io.block_on(paging_server::start(
        5000,
        100,
        Fault::Slow(Duration::from_millis(250)),
    ));
    let mut app = window(&server);
    app.fill("GraphQL query", QUERY);
    fetch_all(&mut app);
    // Progress while it runs.
    app.wait_for_text("Fetching page 3… 200 edges so far", WAIT);
    app.harness
        .get_by_role_and_label(egui::Role::Button, "Cancel fetching pages")
        .click_accesskit();
    app.harness.step();
    app.wait_for_text("Cancelled after", WAIT);
    let names = answered_names(&app);
    assert!(names.len() >= 200, "{} edges kept", names.len());
    assert_eq!(names.len() % 100, 0);
    let pages = names.len() / 100;
    assert!(app.shows(&format!("Cancelled after {pages} pages")));
    assert!(app.shows(&format!(
        "Pages merged: {pages} pages, {} edges",
        names.len()
    )));
    // Stopped: no more requests once the one in flight was dropped.
    let sent = server.bodies().len();
    for _ in 0..30 {
        app.harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(server.bodies().len(), sent);
    assert!(sent <= pages + 1);
}

/// The same against the sandbox, logged in through the form: 250 projects seeded, pages
/// of 100 by the sandbox's own cursors, 250 edges merged.
#[test]
fn the_sandboxs_250_projects_are_merged_from_pages_of_100() {
    use ayon_rest_explorer::sandbox::records::ProjectRecord;
    use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};

    let io = io_runtime();
    let sandbox = io
        .block_on(Sandbox::start(SandboxConfig {
            seed_demo_project: false,
            ..SandboxConfig::default()
        }))
        .expect("the sandbox starts");
    {
        let mut store = sandbox.state().store();
        for index in 0..250 {
            let name = format!("paged_{index:03}");
            store.insert_project(ProjectRecord::with_default_anatomy(
                name,
                format!("p{index:03}"),
            ));
        }
    }
    let mut app = app(sandbox.base_url());
    app.fill("Name", sandbox.admin_name());
    app.fill("Password", &SandboxConfig::default().admin_password);
    app.click("Log in");
    app.wait_for_text("Logged in as", WAIT);
    app.open_graphql_tab();
    app.harness.step();

    app.fill("GraphQL query", QUERY);
    app.harness.step();
    fetch_all(&mut app);
    app.wait_for_text("Pages merged: 3 pages, 250 edges", WAIT);
    let mut names = answered_names(&app);
    names.sort();
    let expected: Vec<String> = (0..250).map(|i| format!("paged_{i:03}")).collect();
    assert_eq!(names, expected);
}
