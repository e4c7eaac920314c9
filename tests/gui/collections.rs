//! Collections in the GUI: create one, save a request into it, reopen it from the tree;
//! environments change what `{{variables}}` resolve to; unknown ones block sending.

use std::time::Duration;

use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::collection::environment::{Environment, Variable, save_environment};
use ayon_rest_explorer::collection::store::Collection;
use ayon_rest_explorer::state::RequestState;

use crate::harness::{TestApp, app, app_with, pick_environment, temp_dir};

const WAIT: Duration = Duration::from_secs(15);

fn open_collection(app: &mut TestApp, dir: &std::path::Path) {
    app.fill("Collection folder", &dir.to_string_lossy());
    app.click("Open collection");
    app.wait_for_text("Ctrl+S saves the open tab here.", WAIT);
}

#[test]
fn save_a_request_then_reopen_it_from_the_tree() {
    let dir = temp_dir("save");
    let mut app = app("http://127.0.0.1:9");
    app.fill("Collection folder", &dir.to_string_lossy());
    app.fill("New collection name", "Pipeline checks");
    app.click("Create collection");
    app.wait_for_text("No saved requests yet.", WAIT);
    assert!(dir.join("collection.yml").is_file());

    app.fill("URL", "/api/projects?active=true");
    app.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    app.wait_for_text("Save request", WAIT);
    app.fill("Request name", "List active projects");
    app.click("Save request");
    app.wait_for_text("GET List active projects", WAIT);
    let saved = std::fs::read_to_string(dir.join("list-active-projects.yml")).unwrap();
    assert!(saved.contains("url: /api/projects?active=true"), "{saved}");

    // Close the tab, then reopen the request from the tree.
    app.harness
        .get_by_label_contains("Close tab GET /api/projects")
        .click();
    app.harness.step();
    assert!(app.harness.state().state().tabs[0].source.is_none());
    app.row("GET List active projects").click();
    app.harness.step();
    let state = app.harness.state().state();
    let tab = &state.tabs[state.active_tab];
    assert_eq!(tab.draft.url, "/api/projects?active=true");
    assert_eq!(
        tab.source.as_deref(),
        Some(std::path::Path::new("list-active-projects.yml"))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn switching_environment_changes_the_resolved_url_and_unknown_variables_block_sending() {
    let dir = temp_dir("env");
    Collection::create(&dir, "Env test").unwrap();
    for (name, host) in [
        ("alpha", "http://alpha.example"),
        ("beta", "http://beta.example"),
    ] {
        let mut env = Environment::new(name);
        env.variables.push(Variable::plain("host", host));
        save_environment(&dir, &env).unwrap();
    }
    let mut app = app("http://127.0.0.1:9");
    open_collection(&mut app, &dir);
    app.fill("URL", "{{host}}/api/info");
    assert!(app.shows("Unknown variable {{host}}"));

    // Sending is refused, naming the variable.
    app.click("Send");
    app.harness.step();
    match &app.harness.state().state().tabs[0].state {
        RequestState::Failed { error, .. } => assert!(error.contains("{{host}}"), "{error}"),
        other => panic!("expected a refusal, got {other:?}"),
    }

    let loaded = app
        .harness
        .state()
        .state()
        .collection
        .loaded
        .clone()
        .unwrap();
    let envs: Vec<&str> = loaded
        .environments
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(envs, ["alpha", "beta"]);
    for (env, host) in [("alpha", "alpha.example"), ("beta", "beta.example")] {
        pick_environment(&mut app, env);
        assert!(
            app.shows(&format!("Resolves to http://{host}/api/info")),
            "environment {env}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_collection_open_at_exit_reopens_at_start() {
    let dir = temp_dir("reopen");
    let collection = Collection::create(&dir, "Reopened").unwrap();
    let mut draft = ayon_rest_explorer::state::RequestDraft::get("/api/info");
    draft.auth.mode = ayon_rest_explorer::ayon::AuthMode::None;
    let file =
        ayon_rest_explorer::collection::format::RequestFile::from_draft("Server info", &draft);
    collection
        .save_request(std::path::Path::new(""), &file)
        .unwrap();

    let mut app = app_with(ayon_rest_explorer::app::AppOptions {
        settings: ayon_rest_explorer::settings::Settings {
            open_collection: Some(dir.to_string_lossy().into_owned()),
            ..Default::default()
        },
        ..Default::default()
    });
    app.wait_for_text("GET Server info", WAIT);
    let settings = &app.harness.state().state().settings;
    assert_eq!(settings.recent_collections[0], dir.to_string_lossy());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn getting_started_opens_on_the_first_start_with_descriptions() {
    let dir = temp_dir("first-start").join("getting-started");
    let mut app = app_with(ayon_rest_explorer::app::AppOptions {
        getting_started_dir: Some(dir.clone()),
        ..Default::default()
    });
    app.wait_for_text("Getting started with AYON", WAIT);
    app.wait_for_text("GET Who am I", WAIT);
    assert!(app.harness.state().state().settings.getting_started_offered);
    app.row("GET Who am I").click();
    app.harness.step();
    app.harness.step();
    assert!(app.shows("answers the user the credentials belong to"));
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

#[test]
fn an_edited_tab_shows_a_dot_and_asks_before_closing() {
    let mut app = app("http://127.0.0.1:9");
    assert!(!app.shows("• GET"));
    app.fill("URL", "/api/projects");
    // The tab strip is drawn before the composer: it shows the edit on the next frame.
    app.harness.step();
    assert!(app.shows("• GET /api/projects"));
    app.harness
        .get_by_label("Close tab GET /api/projects")
        .click();
    app.harness.step();
    app.wait_for_text("Close without saving?", WAIT);
    app.click("Keep the tab");
    assert_eq!(
        app.harness.state().state().tabs[0].draft.url,
        "/api/projects"
    );
    app.harness
        .get_by_label("Close tab GET /api/projects")
        .click();
    app.harness.step();
    app.wait_for_text("Close without saving?", WAIT);
    app.click("Close without saving");
    app.harness.step();
    let tabs = &app.harness.state().state().tabs;
    assert_eq!(tabs.len(), 1);
    assert_eq!(
        tabs[0].draft.url, "/api/users/me",
        "a fresh tab replaces the last one"
    );
}
