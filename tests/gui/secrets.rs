//! Secret variables in the GUI: set in the environment editor, masked until revealed, sent
//! as their value, and kept in the secret store only (never in the collection's files).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::any;
use egui_kittest::kittest::{NodeT, Queryable};

use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::collection::environment::{Environment, Variable, save_environment};
use ayon_rest_explorer::collection::secrets::FileStore;
use ayon_rest_explorer::collection::store::Collection;
use ayon_rest_explorer::settings::Settings;
use ayon_rest_explorer::state::RequestState;
use ayon_rest_explorer::vault::VaultSource;

use crate::harness::{TestApp, app_with, temp_dir};
use crate::support::recording_server::{self, record_ok};

const WAIT: Duration = Duration::from_secs(15);

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The accessibility value of the input labelled `label`.
pub fn value_of(app: &TestApp, label: &str) -> String {
    app.harness
        .get_by_label(label)
        .accesskit_node()
        .value()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_secret_value_is_masked_revealed_sent_and_never_written_to_the_collection() {
    let io = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = io.block_on(recording_server::start(
        Router::new().route("/{*path}", any(record_ok)),
    ));
    let base = temp_dir("secret-var");
    let root = base.join("collection");
    Collection::create(&root, "Secrets").unwrap();
    let mut env = Environment::new("dev");
    env.variables.push(Variable::plain("host", &server.url));
    env.variables.push(Variable::secret("key"));
    save_environment(&root, &env).unwrap();
    let store_path = base.join("data").join("secrets.json");

    let mut app = app_with(AppOptions {
        settings: Settings {
            open_collection: Some(root.to_string_lossy().into_owned()),
            ..Settings::default()
        },
        secret_store: Some(VaultSource::Store(Arc::new(FileStore::new(&store_path)))),
        ..AppOptions::default()
    });
    app.wait_for_text("No saved requests yet.", WAIT);

    // Without a stored value the secret blocks sending, named.
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.fill("URL", "{{host}}/echo");
    app.harness.get_by_label_contains("Headers (").click();
    app.harness.step();
    app.fill("Header 2 name", "X-Key");
    app.fill("Header 2 value", "{{key}}");
    app.click("Send");
    app.harness.step();
    match &app.harness.state().state().tabs[0].state {
        RequestState::Failed { error, .. } => assert!(error.contains("{{key}}"), "{error}"),
        other => panic!("expected a refusal, got {other:?}"),
    }

    app.click("Edit environment");
    app.wait_for_text("Environment \"dev\"", WAIT);
    let secret = "sv-7c1d-not-in-any-file";
    app.fill("Variable 2 value", secret);
    let masked = value_of(&app, "Variable 2 value");
    assert!(!masked.contains(secret), "masked while hidden: {masked:?}");
    assert_eq!(masked.chars().count(), secret.chars().count());
    app.click("Reveal variable 2");
    app.harness.step();
    assert_eq!(value_of(&app, "Variable 2 value"), secret);
    app.click("Save environment");
    app.wait_for_text("Saved environment \"dev\"", WAIT);
    app.step_until("the secret value is loaded", WAIT, |h| {
        h.state().state().collection.variables().value("key") == Some(secret)
    });

    app.click("Send");
    // The value is bound to the window's server (not logged in: the server URL setting);
    // the recording server is another origin, so the window asks once (issue 19).
    app.wait_for_text("Send a secret to another server?", WAIT);
    app.click("Send and remember");
    app.step_until("the answer", WAIT, |h| {
        !matches!(
            h.state().state().tabs[0].state,
            RequestState::Pending { .. }
        )
    });
    if let RequestState::Failed { error, .. } = &app.harness.state().state().tabs[0].state {
        panic!("the send failed: {error}");
    }
    let received = server.received();
    assert_eq!(
        received.last().and_then(|r| r.header("x-key")),
        Some(secret)
    );

    // The environment file names the secret but holds no value; the store holds it.
    let env_file = std::fs::read_to_string(root.join("environments/dev.yml")).unwrap();
    assert!(
        env_file.contains("name: key\n    secret: true"),
        "{env_file}"
    );
    for file in files_under(&root) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "{} holds the secret",
            file.display()
        );
    }
    assert!(
        std::fs::read_to_string(&store_path)
            .unwrap()
            .contains(secret)
    );
    let _ = std::fs::remove_dir_all(&base);
}
