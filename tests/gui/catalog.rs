//! The endpoint catalog in the window: a spec file loaded by typed path, Ctrl+K search,
//! a tab opened from an operation, its path-parameter table, URL completions.

use std::time::Duration;

use egui_kittest::kittest::Queryable;
use serde_json::json;

use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::state::BodyMode;

use crate::harness::{TestApp, app, io_runtime, temp_dir};
use crate::support::ayon_client::{Cleanup, admin_login, create_project, send, session};
use crate::support::target::{target, unique_name};

const WAIT: Duration = Duration::from_secs(20);

/// A small spec in AYON's style, written by the test.
fn small_spec() -> serde_json::Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Ayon server", "version": "1.11.2"},
        "paths": {
            "/api/projects": {
                "get": {
                    "tags": ["Projects"], "summary": "List Projects",
                    "operationId": "list_projects",
                    "parameters": [
                        {"name": "length", "in": "query", "required": false,
                         "schema": {"type": "integer", "title": "Records per page"}},
                        {"name": "desc", "in": "query", "required": false,
                         "schema": {"type": "boolean", "default": false}}
                    ],
                    "responses": {"200": {"description": "Successful Response"}}
                },
                "post": {
                    "tags": ["Projects"], "summary": "Deploy Project",
                    "operationId": "deploy_project",
                    "requestBody": {"required": true, "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Deploy"}}}},
                    "responses": {"201": {"description": "Created"},
                                  "422": {"description": "Validation Error"}}
                }
            },
            "/api/projects/{project_name}": {
                "get": {
                    "tags": ["Projects"], "summary": "Get Project",
                    "operationId": "get_project",
                    "parameters": [{"name": "project_name", "in": "path", "required": true,
                                    "schema": {"type": "string", "title": "Project name"}}],
                    "responses": {"200": {"description": "Successful Response"}}
                }
            },
            "/api/desktop/installers/{filename}": {
                "put": {
                    "tags": ["Desktop"], "summary": "Upload Installer File",
                    "operationId": "upload_installer_file",
                    "parameters": [{"name": "filename", "in": "path", "required": true,
                                    "schema": {"type": "string"}}],
                    "responses": {"204": {"description": "Successful Response"}}
                }
            }
        },
        "components": {"schemas": {"Deploy": {
            "type": "object", "required": ["name", "code"],
            "properties": {"name": {"type": "string", "example": "my_project"},
                           "code": {"type": "string"},
                           "library": {"type": "boolean", "default": false}}
        }}}
    })
}

/// Opens the Endpoints view and loads `spec` through the typed spec file path.
fn load_spec(app: &mut TestApp, spec: &serde_json::Value) {
    let dir = temp_dir("catalog");
    let path = dir.join("openapi.json");
    std::fs::write(&path, serde_json::to_vec(spec).unwrap()).unwrap();
    app.harness.get_by_label("Endpoints").click();
    app.harness.step();
    app.fill("Spec file", &path.to_string_lossy());
    app.click("Load spec");
    app.step_until("the catalog", WAIT, |h| {
        h.state().state().catalog.catalog.is_some()
    });
    app.harness.step();
}

/// Ctrl+K, type `query`, Enter.
fn palette_open(app: &mut TestApp, query: &str) {
    app.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    app.harness.step();
    app.harness.step();
    app.harness
        .get_by_label("Search endpoints")
        .type_text(query);
    app.harness.step();
    app.harness.step();
    app.harness.key_press(egui::Key::Enter);
    app.harness.step();
    app.harness.step();
}

#[test]
fn ctrl_k_list_projects_enter_opens_the_request() {
    let mut app = app("http://127.0.0.1:9");
    load_spec(&mut app, &small_spec());
    let operations = |app: &TestApp| {
        let state = app.harness.state().state();
        state.catalog.catalog.as_ref().map(|c| c.operations.len())
    };
    assert_eq!(operations(&app), Some(4));
    assert!(app.shows("4 operations in 2 groups"));
    let tabs_before = app.harness.state().state().tabs.len();
    palette_open(&mut app, "list projects");
    let state = app.harness.state().state();
    assert_eq!(state.tabs.len(), tabs_before + 1, "a new tab opened");
    let tab = &state.tabs[state.active_tab];
    assert_eq!(tab.draft.method, HttpMethod::Get);
    assert_eq!(tab.draft.url, "/api/projects");
    // Optional query parameters come switched off, with their defaults.
    let desc = tab.draft.params.iter().find(|r| r.name == "desc").unwrap();
    assert!(!desc.enabled);
    assert_eq!(desc.value, "false");
    assert!(state.catalog.palette.is_none(), "the palette closed");
    // The Docs tab tells what the catalog knows.
    app.harness.get_by_label("Docs").click();
    app.harness.step();
    assert!(app.shows("list_projects"));
}

#[test]
fn a_body_skeleton_and_a_raw_upload_mark() {
    let mut app = app("http://127.0.0.1:9");
    load_spec(&mut app, &small_spec());
    palette_open(&mut app, "deploy project");
    {
        let state = app.harness.state().state();
        let tab = &state.tabs[state.active_tab];
        assert_eq!(tab.draft.method, HttpMethod::Post);
        assert_eq!(tab.draft.body_mode, BodyMode::Json);
        let body: serde_json::Value = serde_json::from_str(&tab.draft.body_text).unwrap();
        assert_eq!(body["name"], "my_project");
        assert!(body.get("code").is_some(), "{body}");
    }
    palette_open(&mut app, "upload installer");
    let state = app.harness.state().state();
    let tab = &state.tabs[state.active_tab];
    assert_eq!(tab.draft.url, "/api/desktop/installers/{filename}");
    assert_eq!(
        tab.draft.body_mode,
        BodyMode::File,
        "raw uploads send a file"
    );
    app.harness.get_by_label("Docs").click();
    app.harness.step();
    assert!(app.shows("Raw file upload: AYON reads the request body"));
    // The sidebar marks it too.
    app.fill("Filter endpoints", "installer");
    assert!(app.shows("Upload Installer File (raw file upload)"));
}

#[test]
fn path_parameter_table_fills_the_url() {
    let io = io_runtime();
    let target = io.block_on(target());
    let admin = io.block_on(admin_login(&target));
    let token = admin.token.expose().to_string();
    let _guard = io.enter();
    let mut cleanup = Cleanup::new(&target, &token);
    let (project, _) = io.block_on(create_project(&target, &token, "are_cat", &mut cleanup));

    let mut app = app(&target.url);
    log_in(&mut app, &target.admin_name, &target.admin_password);
    // The server's own catalog, loaded after the login.
    app.step_until("the server's catalog", WAIT, |h| {
        h.state().state().catalog.catalog.is_some()
    });
    palette_open(&mut app, "get project");
    {
        let state = app.harness.state().state();
        let tab = &state.tabs[state.active_tab];
        assert_eq!(tab.draft.url, "/api/projects/{project_name}");
        assert_eq!(tab.draft.path_params.len(), 1);
    }
    assert!(
        app.shows("has no value"),
        "an empty path parameter is pointed out"
    );
    app.fill("Path parameter project_name", &project);
    app.wait_for_text(&format!("/api/projects/{project}"), WAIT);
    assert!(app.shows("Resolves to"));
    app.click("Send");
    app.wait_for_text(&format!("\"{project}\""), WAIT);
    assert!(app.shows("200 OK"));
}

#[test]
fn url_completions_come_from_the_catalog() {
    let mut app = app("http://127.0.0.1:9");
    load_spec(&mut app, &small_spec());
    app.fill("URL", "/api/desk");
    app.harness.step();
    let choice = "Complete the URL with /api/desktop/installers/{filename}";
    app.step_until("a completion", WAIT, |h| {
        h.query_by_role_and_label(egui::Role::Button, choice)
            .is_some()
    });
    app.click(choice);
    app.harness.step();
    let state = app.harness.state().state();
    let tab = &state.tabs[state.active_tab];
    assert_eq!(tab.draft.url, "/api/desktop/installers/{filename}");
    assert_eq!(tab.draft.path_params[0].name, "filename");

    // Enter without choosing keeps what was typed; Down then Enter takes the first.
    app.fill("URL", "/api/projects");
    app.harness.key_press(egui::Key::Enter);
    app.harness.step();
    let url = |app: &TestApp| {
        let state = app.harness.state().state();
        state.tabs[state.active_tab].draft.url.clone()
    };
    assert_eq!(url(&app), "/api/projects");
    app.fill("URL", "/api/proj");
    app.harness.step();
    app.harness.key_press(egui::Key::ArrowDown);
    app.harness.step();
    app.harness.key_press(egui::Key::Enter);
    app.harness.step();
    assert_eq!(url(&app), "/api/projects");
}

#[test]
fn a_broken_spec_file_is_named_and_the_catalog_kept() {
    let mut app = app("http://127.0.0.1:9");
    load_spec(&mut app, &small_spec());
    let dir = temp_dir("catalog-bad");
    let bad = dir.join("swagger.json");
    std::fs::write(&bad, br#"{"swagger": "2.0", "paths": {}}"#).unwrap();
    app.harness.get_by_label("Load a spec file instead").click();
    app.harness.step();
    app.fill("Spec file", &bad.to_string_lossy());
    app.click("Load spec");
    app.step_until("the load to end", WAIT, |h| {
        h.state().state().catalog.loading.is_none()
    });
    app.harness.step();
    let problem = app.harness.state().state().catalog.problem.clone().unwrap();
    assert!(
        problem.message.contains("swagger.json"),
        "{}",
        problem.message
    );
    assert!(
        app.shows("4 operations in 2 groups"),
        "the earlier catalog stays"
    );
}

/// Logs in through the connection bar.
fn log_in(app: &mut TestApp, name: &str, password: &str) {
    app.fill("Name", name);
    app.fill("Password", password);
    app.click("Log in");
    app.wait_for_text("Logged in as", WAIT);
}

#[test]
fn logging_in_loads_the_servers_catalog_with_its_addons() {
    let io = io_runtime();
    let target = io.block_on(target());
    let mut app = app(&target.url);
    log_in(&mut app, &target.admin_name, &target.admin_password);
    app.step_until("the server's catalog", WAIT, |h| {
        let catalog = &h.state().state().catalog;
        catalog.catalog.is_some() && catalog.loading.is_none()
    });
    app.harness.get_by_label("Endpoints").click();
    app.harness.step();
    assert!(app.shows("From "), "where the catalog came from");
    assert!(app.shows("Projects ("), "the Projects group");
    if target.is_real_server() {
        return;
    }
    // The sandbox's practice addon serves its own spec; its group lists its endpoints.
    app.harness.get_by_label_contains("Practice 1.0.0").click();
    app.harness.step();
    assert!(app.shows("GET /api/addons/practice/1.0.0/ping"));
    app.fill("Filter endpoints", "practice echo");
    app.harness.step();
    app.harness
        .get_by_label_contains("POST /api/addons/practice/1.0.0/echo")
        .click();
    app.harness.step();
    let state = app.harness.state().state();
    let tab = &state.tabs[state.active_tab];
    assert_eq!(tab.draft.url, "/api/addons/practice/1.0.0/echo");
    assert!(
        tab.draft.body_text.contains("\"message\""),
        "{}",
        tab.draft.body_text
    );
}

#[test]
fn a_user_who_is_not_a_manager_is_told_why_and_offered_a_spec_file() {
    let io = io_runtime();
    let target = io.block_on(target());
    let admin = io.block_on(admin_login(&target));
    let token = admin.token.expose().to_string();
    let name = unique_name("are_catgui");
    let password = format!("{name}_pw_123");
    let _guard = io.enter();
    let created = io.block_on(send(
        &target,
        HttpMethod::Put,
        &format!("/api/users/{name}"),
        session(),
        Some(&token),
        Some(json!({ "password": password, "attrib": {"fullName": "Catalog GUI test"} })),
    ));
    assert!(matches!(created.response.status, 200 | 201 | 204));
    let mut cleanup = Cleanup::new(&target, &token);
    cleanup.delete_later(format!("/api/users/{name}"));

    let mut app = app(&target.url);
    log_in(&mut app, &name, &password);
    app.step_until("the refusal", WAIT, |h| {
        h.state().state().catalog.problem.is_some()
    });
    app.harness.get_by_label("Endpoints").click();
    app.harness.step();
    assert!(app.shows("The server refused its endpoint catalog"));
    assert!(app.shows("You are not allowed to access OpenAPI schema"));
    assert!(app.shows("Load spec"), "a spec file can be loaded instead");
}

#[test]
fn graphql_against_the_server_lists_projects_and_decodes_errors() {
    let io = io_runtime();
    let target = io.block_on(target());
    let admin = io.block_on(admin_login(&target));
    let token = admin.token.expose().to_string();
    let _guard = io.enter();
    let mut cleanup = Cleanup::new(&target, &token);
    let (project, code) = io.block_on(create_project(&target, &token, "are_gql", &mut cleanup));

    let mut app = app(&target.url);
    log_in(&mut app, &target.admin_name, &target.admin_password);
    app.click("Body: None");
    app.click("GraphQL");
    app.click("Use /graphql");
    // By its code (an argument of `projects` on 1.11 and 1.16 alike), so the answer is
    // one project on the screen even on a real server with many.
    app.fill(
        "GraphQL query",
        &format!("{{ projects(code: \"{code}\") {{ edges {{ node {{ name code active }} }} }} }}"),
    );
    app.click("Send");
    // The name, not the code: the code is in the query too.
    app.wait_for_text(&format!("\"{project}\""), WAIT);
    assert!(app.shows("200 OK"));
    app.fill(
        "GraphQL query",
        "query P($n: String!) { project(name: $n) { name code active } }",
    );
    app.fill(
        "GraphQL variables (JSON)",
        &json!({ "n": project }).to_string(),
    );
    app.click("Send");
    app.wait_for_text("\"project\"", WAIT);
    assert!(!app.shows("GraphQL errors"));
    app.fill("GraphQL variables (JSON)", "");
    app.fill("GraphQL query", "{ projects { edges { node { nope } } } }");
    app.click("Send");
    app.wait_for_text("GraphQL errors (1)", WAIT);
    assert!(app.shows("line 1, column 29"));
    assert!(app.shows("Cannot query field 'nope' on type 'ProjectNode'"));
}
