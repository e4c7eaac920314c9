//! The secret scan: seed distinct values for a password, a session token, an API key and a
//! secret variable; log in (remembering the token), save requests, switch environments and
//! send so history records them; copy a request as curl and export the collection; then
//! search every file the app wrote (collection, data and config folders, the exports) and
//! the copied snippet: none holds any seeded value. Only the secret store may.
//!
//! It runs against its own practice server (the sandbox) because the password must be one
//! seeded for this test.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::ayon::{AuthInput, AuthMode};
use ayon_rest_explorer::collection::environment::{Environment, Variable, save_environment};
use ayon_rest_explorer::collection::secrets::FileStore;
use ayon_rest_explorer::collection::store::Collection;
use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};
use ayon_rest_explorer::settings::Settings;
use ayon_rest_explorer::state::RequestState;
use ayon_rest_explorer::vault::VaultSource;

use crate::harness::{TestApp, app_with, pick_environment, temp_dir};
use crate::secrets::files_under;

const WAIT: Duration = Duration::from_secs(20);

fn send_and_wait(app: &mut TestApp) -> u16 {
    app.click("Send");
    app.step_until("the answer", WAIT, |h| {
        let s = h.state().state();
        !matches!(
            s.tabs[s.active_tab].state,
            RequestState::Idle | RequestState::Pending { .. }
        )
    });
    let s = app.harness.state().state();
    match &s.tabs[s.active_tab].state {
        RequestState::Done(r) => r.exchange.response.status,
        other => panic!("expected an answer, got {other:?}"),
    }
}

fn save_as(app: &mut TestApp, name: &str) {
    app.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    app.wait_for_text("Save request", WAIT);
    app.fill("Request name", name);
    app.click("Save request");
    app.wait_for_text(name, WAIT);
}

fn set_auth(app: &mut TestApp, auth: AuthInput) {
    let state = app.harness.state_mut().state_mut();
    let active = state.active_tab;
    state.tabs[active].draft.auth = auth;
    app.harness.step();
}

#[test]
fn seeded_secrets_never_reach_the_collection_data_or_config_folders() {
    let unique = format!(
        "{}{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    let password = format!("pw-{unique}-seeded");
    let api_key = format!("ak-{unique}-seeded-api-key");
    let secret_var = format!("sv-{unique}-seeded-variable");

    let io = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let sandbox = io
        .block_on(Sandbox::start(SandboxConfig {
            admin_name: "admin".into(),
            admin_password: password.clone(),
            seed_demo_project: true,
        }))
        .unwrap();
    let base = temp_dir("secret-scan");
    let (root, data, config) = (
        base.join("collection"),
        base.join("data"),
        base.join("config"),
    );
    std::fs::create_dir_all(&data).unwrap();
    Collection::create(&root, "Scanned").unwrap();
    for name in ["dev", "prod"] {
        let mut env = Environment::new(name);
        env.variables
            .push(Variable::plain("host", sandbox.base_url()));
        save_environment(&root, &env).unwrap();
    }
    let settings_path = config.join("settings.toml");
    let mut app = app_with(AppOptions {
        settings: Settings {
            server_url: sandbox.base_url().to_string(),
            login_name: "admin".into(),
            open_collection: Some(root.to_string_lossy().into_owned()),
            remember_token: true,
            ..Settings::default()
        },
        settings_path: Some(settings_path.clone()),
        history_path: Some(data.join("history.jsonl")),
        answers_path: Some(data.join("answers.sqlite")),
        secret_store: Some(VaultSource::Store(Arc::new(FileStore::new(
            data.join("secrets.json"),
        )))),
        ..AppOptions::default()
    });
    app.wait_for_text("No saved requests yet.", WAIT);
    pick_environment(&mut app, "dev");

    // A secret variable, typed in the environment editor.
    app.click("Edit environment");
    app.wait_for_text("Environment \"dev\"", WAIT);
    app.click("Add variable");
    app.harness.step();
    app.fill("Variable 2 name", "extra");
    app.harness.get_by_label("Variable 2 secret").click();
    app.harness.step();
    app.fill("Variable 2 value", &secret_var);
    app.click("Save environment");
    app.wait_for_text("Saved environment \"dev\"", WAIT);
    app.harness.state_mut().state_mut().collection.env_editor = None;

    // Log in with the seeded password, remembering the token as {{token}}.
    app.fill("Password", &password);
    app.click("Log in");
    app.wait_for_text("Logged in as", WAIT);
    app.wait_for_text("The session token is kept as the secret {{token}}", WAIT);
    let token = app
        .harness
        .state()
        .state()
        .session
        .token()
        .unwrap()
        .to_string();
    app.step_until("the remembered token resolves", WAIT, |h| {
        h.state().state().collection.variables().value("token") == Some(token.as_str())
    });

    // A saved request that uses the remembered token and the secret variable.
    app.fill("URL", "{{host}}/api/users/me");
    app.harness.get_by_label_contains("Headers (").click();
    app.harness.step();
    app.fill("Header 2 name", "X-Extra");
    app.fill("Header 2 value", "{{extra}}");
    set_auth(
        &mut app,
        AuthInput {
            mode: AuthMode::Bearer,
            bearer_token: "{{token}}".into(),
            ..AuthInput::default()
        },
    );
    save_as(&mut app, "Who am I");
    assert_eq!(send_and_wait(&mut app), 200, "{{{{token}}}} authenticates");

    // A request with the API key typed in, saved and sent.
    app.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    app.harness.step();
    app.fill("URL", "/api/projects");
    set_auth(
        &mut app,
        AuthInput {
            mode: AuthMode::ApiKey,
            api_key: api_key.clone(),
            ..AuthInput::default()
        },
    );
    save_as(&mut app, "Projects with a key");
    send_and_wait(&mut app);

    // The token typed by hand into a query, sent.
    app.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    app.harness.step();
    app.fill("URL", &format!("/api/users/me?token={token}"));
    set_auth(&mut app, AuthInput::default());
    send_and_wait(&mut app);

    // Copied as a snippet without secrets: the token typed into the query stays out.
    app.click("Copy as");
    app.harness.step();
    app.harness
        .get_by_role_and_label(egui::Role::Button, "curl")
        .click();
    let copied = app.wait_for_copy();
    let copied = copied.expect("a curl snippet was copied");
    assert!(copied.contains("/api/users/me"), "{copied}");

    // The collection exported to Postman and to OpenCollection.
    let exports = Path::new(&base).join("exports");
    app.click("Export…");
    app.harness.step();
    app.harness.step();
    app.fill(
        "Export to",
        &exports.join("c.postman_collection.json").to_string_lossy(),
    );
    app.click("Export");
    app.wait_for_text("Exported", WAIT);
    app.harness
        .get_by_label("Bruno OpenCollection YAML (a folder)")
        .click();
    app.harness.step();
    app.fill("Export to", &exports.join("bruno").to_string_lossy());
    app.click("Export");
    app.wait_for_text("files into", WAIT);
    app.harness.state_mut().state_mut().export.open = false;
    app.harness.step();

    // A login call from a tab: the password typed into its body, and an answer that
    // echoes a fresh session token (no known secret: masked as a credential member).
    app.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::T);
    app.harness.step();
    app.fill("URL", "/api/auth/login");
    {
        let state = app.harness.state_mut().state_mut();
        let active = state.active_tab;
        let draft = &mut state.tabs[active].draft;
        draft.method = ayon_rest_explorer::http::HttpMethod::Post;
        draft.body_mode = ayon_rest_explorer::request::BodyMode::Json;
        draft.body_text = format!("{{\"name\": \"admin\", \"password\": \"{password}\"}}");
        draft.auth = AuthInput::default();
    }
    assert_eq!(send_and_wait(&mut app), 200, "the login from a tab");
    let echoed_token = {
        let s = app.harness.state().state();
        let response = s.tabs[s.active_tab].state.response().unwrap().clone();
        let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
        body["token"].as_str().unwrap().to_string()
    };
    assert_ne!(echoed_token, token);

    // Browse the answers kept: send the login again, view the older answer, compare both.
    send_and_wait(&mut app);
    app.step_until("two answers kept", WAIT, |h| {
        let s = h.state().state();
        s.tabs[s.active_tab].answers.entries.len() == 2
    });
    app.harness
        .get_by_label_contains("Past answers (2)")
        .click();
    app.harness.step();
    let entries = {
        let s = app.harness.state().state();
        s.tabs[s.active_tab].answers.entries.clone()
    };
    app.harness
        .get_by_label(&ayon_rest_explorer::ui::answer_label(&entries[1]))
        .click();
    app.wait_for_text("Viewing a past answer", WAIT);
    for entry in &entries {
        let label = format!("Pick {}", ayon_rest_explorer::ui::answer_label(entry));
        app.harness.get_by_label(&label).click();
        app.harness.step();
    }
    app.click("Compare picked");
    app.step_until("the comparison", WAIT, |h| {
        h.state()
            .state()
            .compare
            .as_ref()
            .and_then(|c| c.view.as_ref())
            .is_some_and(|v| v.compared().is_some())
    });
    app.click("Latest answer");
    app.click("Close comparison");
    assert!(app.harness.state().state().compare.is_none());

    // Switch environments back and forth (settings are written each time).
    pick_environment(&mut app, "prod");
    pick_environment(&mut app, "dev");
    app.step_until("history and settings are on disk", WAIT, |_| {
        let history = std::fs::read_to_string(data.join("history.jsonl")).unwrap_or_default();
        history.lines().count() >= 3 && settings_path.is_file()
    });
    drop(app);

    let seeds = [
        ("password", password.as_str()),
        ("session token", token.as_str()),
        ("API key", api_key.as_str()),
        ("secret variable", secret_var.as_str()),
        ("token echoed in an answer", echoed_token.as_str()),
    ];
    let secret_store = data.join("secrets.json");
    let mut scanned = 0;
    for (what, value) in seeds {
        assert!(
            !copied.contains(value),
            "the {what} was in a copied snippet: {copied}"
        );
    }
    for dir in [&root, &data, &config, &exports] {
        for file in files_under(dir) {
            if file == secret_store {
                continue;
            }
            // The response history's SQLite journal (`-wal`, `-shm`) goes away when its
            // thread closes the database, which may be just after the listing.
            let bytes = match std::fs::read(&file) {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => panic!("reading {}: {e}", file.display()),
            };
            scanned += 1;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            for (what, value) in seeds {
                assert!(
                    !text.contains(value),
                    "the {what} was written to {}",
                    file.display()
                );
            }
        }
    }
    // The response history keeps bodies compressed: read every answer back and scan it.
    let opened = ayon_rest_explorer::answer_history::AnswerStore::open(
        &data.join("answers.sqlite"),
        ayon_rest_explorer::answer_history::Limits::default(),
    )
    .unwrap();
    assert_eq!(opened.warning, None);
    let mut answers = 0;
    for id in 1..=200 {
        let Ok(stored) = opened.store.load(id) else {
            continue;
        };
        answers += 1;
        let text = format!(
            "{} {} {:?} {}",
            stored.summary.url,
            stored.request_json,
            stored.headers,
            String::from_utf8_lossy(&stored.body)
        );
        for (what, value) in seeds {
            assert!(
                !text.contains(value),
                "the {what} was kept in answer {id}: {text}"
            );
        }
    }
    assert!(answers >= 5, "only {answers} answers were kept");
    drop(opened);
    // Not a vacuous pass: the files exist and hold what they should.
    assert!(scanned >= 10, "only {scanned} files were scanned");
    assert!(exports.join("c.postman_collection.json").is_file());
    let saved = std::fs::read_to_string(root.join("who-am-i.yml")).unwrap();
    assert!(saved.contains("token_var: token"), "{saved}");
    assert!(saved.contains("{{extra}}"), "{saved}");
    let env_file = std::fs::read_to_string(root.join("environments/dev.yml")).unwrap();
    assert!(env_file.contains("name: token"), "{env_file}");
    let store = std::fs::read_to_string(&secret_store).unwrap();
    assert!(store.contains(&token) && store.contains(&secret_var));
    let _ = std::fs::remove_dir_all(Path::new(&base));
}
