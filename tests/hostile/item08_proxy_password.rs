//! 8. A proxy password typed in Settings was written to the settings file, though the
//!    window says it is not kept. Now the settings writer drops any `user:password@` from
//!    the proxy and server URLs, whoever calls it.

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
    assert_eq!(loaded.proxy_url, "http://proxy.studio:3128/");
    assert_eq!(loaded.server_url, "https://ayon.studio:5000/");
}
