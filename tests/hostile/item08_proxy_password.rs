//! 8. A proxy password typed in Settings was written to the settings file, though the
//!    window says it is not kept. Now the settings writer drops any password from the
//!    proxy and server URLs, whoever calls it, and the proxy's password lives in the
//!    secret store, bound to the proxy it was typed for.

use ayon_rest_explorer::settings::{Settings, load_settings, save_settings};

#[test]
fn a_typed_proxy_password_never_reaches_the_settings_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("settings.toml");
    let settings = Settings {
        proxy_url: "http://me:pr0xy-s3cret@proxy.studio:3128".into(),
        server_url: "https://bob:hunter2@ayon.studio:5000".into(),
        ..Settings::default()
    };
    save_settings(&path, &settings).expect("settings saved");
    let text = std::fs::read_to_string(&path).expect("settings file");
    assert!(
        !text.contains("pr0xy-s3cret") && !text.contains("hunter2"),
        "{text}"
    );
    let loaded = load_settings(&path).settings;
    assert_eq!(loaded.proxy_url, "http://me@proxy.studio:3128/");
    assert_eq!(loaded.server_url, "https://ayon.studio:5000/");
}

/// The proxy password typed into the proxy URL in Settings moves to the secret store
/// (bound to that proxy), goes to the proxy as `Proxy-Authorization`, comes back on the
/// next start, is never in the settings file, and is not sent to another proxy host.
#[test]
fn a_proxy_password_lives_in_the_secret_store_and_only_goes_to_its_proxy() {
    use std::sync::Arc;
    use std::time::Duration;

    use axum::Router;
    use axum::routing::any;
    use ayon_rest_explorer::app::AppOptions;
    use ayon_rest_explorer::ayon::AuthMode;
    use ayon_rest_explorer::collection::secrets::{Binding, FileStore, SecretStore};
    use ayon_rest_explorer::vault::{VaultSource, proxy_password_key};

    use crate::harness::{app_with, io_runtime};
    use crate::support::raw_server;
    use crate::support::recording_server::{self, record_ok};

    const WAIT: Duration = Duration::from_secs(15);
    const SECRET: &str = "pr0xy-s3cret";
    // base64("me:pr0xy-s3cret")
    const BASIC: &str = "Basic bWU6cHIweHktczNjcmV0";

    let io = io_runtime();
    let proxy = io.block_on(recording_server::start(
        Router::new().route("/{*path}", any(record_ok)),
    ));
    let target = io.block_on(raw_server::refused_url());
    let dir = tempfile::tempdir().expect("temp dir");
    let settings_path = dir.path().join("settings.toml");
    let store = Arc::new(FileStore::new(dir.path().join("secrets.json")));
    let start = |settings: Settings| {
        let mut app = app_with(AppOptions {
            settings,
            settings_path: Some(settings_path.clone()),
            secret_store: Some(VaultSource::Store(store.clone())),
            ..AppOptions::default()
        });
        app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
        app
    };
    let send = |app: &mut crate::harness::TestApp| {
        app.fill("URL", "/api/info");
        app.click("Send");
        app.wait_for_text("200 OK", WAIT);
    };

    let mut app = start(Settings {
        server_url: target.clone(),
        ..Settings::default()
    });
    app.click("Settings");
    app.harness.step();
    let typed = proxy
        .url
        .replacen("http://", &format!("http://me:{SECRET}@"), 1);
    app.fill("Proxy", &typed);
    app.harness.key_press(egui::Key::Enter);
    app.harness.step();
    app.wait_for_text("Every request goes through this proxy", WAIT);
    let url = app.harness.state().state().settings.proxy_url.clone();
    assert!(
        url.starts_with("http://me@127.0.0.1:") && !url.contains(SECRET),
        "{url}"
    );
    send(&mut app);
    assert_eq!(
        proxy.received()[0].header("proxy-authorization"),
        Some(BASIC)
    );
    drop(app);

    let text = std::fs::read_to_string(&settings_path).expect("settings file");
    assert!(
        !text.contains(SECRET) && text.contains("me@127.0.0.1"),
        "{text}"
    );
    let kept = store
        .get_bound(&proxy_password_key())
        .expect("store readable")
        .expect("the password is kept");
    assert_eq!(kept.value.expose(), SECRET);
    let proxy_origin = proxy.url.trim_end_matches('/').to_owned();
    assert_eq!(kept.binding, Binding::Origins(vec![proxy_origin]));

    // The next start reads it back before the first send.
    let mut app = start(load_settings(&settings_path).settings);
    app.step_until("the proxy password is read", WAIT, |h| {
        h.state().state().settings.proxy_password.is_some()
    });
    send(&mut app);
    assert_eq!(
        proxy.received()[1].header("proxy-authorization"),
        Some(BASIC)
    );

    // The same listener under another name is another proxy: the password stays behind.
    app.click("Settings");
    app.harness.step();
    let elsewhere = proxy
        .url
        .replacen("http://127.0.0.1", "http://me@localhost", 1);
    app.fill("Proxy", &elsewhere);
    app.harness.key_press(egui::Key::Enter);
    app.harness.step();
    app.wait_for_text("The proxy password was for", WAIT);
    send(&mut app);
    let third = &proxy.received()[2];
    // reqwest still names the URL's user, with an empty password.
    assert_eq!(third.header("proxy-authorization"), Some("Basic bWU6"));
    assert!(!format!("{third:?}").contains(SECRET));
}
