//! `{{variables}}` in the composer: hovering a field previews what it resolves to and
//! names unknown variables; the body and auth fields list the variables they use;
//! an unknown variable anywhere blocks sending, by name.

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::collection::environment::{Environment, Variable, save_environment};
use ayon_rest_explorer::collection::store::Collection;
use ayon_rest_explorer::state::{BodyMode, EditorTab, RequestState};

use crate::harness::{TestApp, app};

const WAIT: Duration = Duration::from_secs(15);

/// A new collection whose only environment, `dev`, defines `host`.
fn collection_with_host(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "are-gui-vars-{name}-{}-{:?}",
        std::process::id(),
        std::time::SystemTime::now()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    Collection::create(&dir, "Variables").unwrap();
    let mut env = Environment::new("dev");
    env.variables
        .push(Variable::plain("host", "http://localhost:5000"));
    save_environment(&dir, &env).unwrap();
    dir
}

fn open(dir: &Path) -> TestApp {
    let mut app = app("http://127.0.0.1:9");
    app.fill("Collection folder", &dir.to_string_lossy());
    app.click("Open collection");
    app.wait_for_text("Ctrl+S saves the open tab here.", WAIT);
    // The only environment is picked by itself.
    assert_eq!(
        app.harness
            .state()
            .state()
            .collection
            .active_environment
            .as_deref(),
        Some("dev")
    );
    app
}

/// Rests the pointer on the input labelled `label` until its tooltip shows `text`.
fn hover_until(app: &mut TestApp, label: &str, text: &str) {
    app.harness.get_by_label(label).hover();
    app.wait_for_text(text, WAIT);
}

#[test]
fn hovering_previews_the_resolved_url_and_unknown_variables_block_sending() {
    let dir = collection_with_host("url");
    let mut app = open(&dir);
    app.fill("URL", "{{host}}/api/{{nope}}");
    hover_until(
        &mut app,
        "URL",
        "Resolves to: http://localhost:5000/api/{{nope}}",
    );
    assert!(app.shows("Unknown: {{nope}}"));
    // The field's own help stays in the tooltip.
    assert!(app.shows("A path relative to the server URL"));

    app.harness.state_mut().state_mut().tabs[0].editor = EditorTab::Headers;
    app.harness.step();
    app.fill("Header 1 name", "X-Trace");
    app.fill("Header 1 value", "{{nope}}");
    hover_until(&mut app, "Header 1 value", "Resolves to: {{nope}}");
    assert!(app.shows("Unknown: {{nope}}"));
    let tab = &app.harness.state().state().tabs[0];
    assert_eq!(tab.draft.headers[0].value, "{{nope}}");

    // Fix the URL: the header alone still blocks sending, by name.
    app.fill("URL", "{{host}}/api/info");
    app.click("Send");
    app.harness.step();
    match &app.harness.state().state().tabs[0].state {
        RequestState::Failed { error, .. } => {
            assert!(error.contains("{{nope}}"), "{error}");
            assert!(!error.contains("{{host}}"), "{error}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_body_and_auth_fields_list_their_variables_on_hover() {
    let dir = collection_with_host("body");
    let mut app = open(&dir);
    {
        let tab = &mut app.harness.state_mut().state_mut().tabs[0];
        tab.editor = EditorTab::Body;
        tab.draft.body_mode = BodyMode::Json;
    }
    app.harness.step();
    app.fill("Request body", r#"{"a": "{{host}}", "b": "{{missing}}"}"#);
    hover_until(&mut app, "Request body", "{{host}} = http://localhost:5000");
    assert!(app.shows("{{missing}}: unknown"));
    // The body is listed by variable, not repeated whole.
    assert!(!app.shows(r#""a": "http://localhost:5000""#));

    {
        let tab = &mut app.harness.state_mut().state_mut().tabs[0];
        tab.editor = EditorTab::Auth;
        tab.draft.auth.mode = AuthMode::Bearer;
    }
    app.harness.step();
    app.fill("Bearer token", "{{host}}");
    hover_until(&mut app, "Bearer token", "{{host}} = ••••");
    assert!(
        !app.shows("{{host}} = http://localhost:5000"),
        "a password field never shows values"
    );
    assert_eq!(
        app.harness.state().state().tabs[0].draft.auth.bearer_token,
        "{{host}}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
