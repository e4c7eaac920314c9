//! The Settings window: theme, proxy, download folder, and closing it.

use std::path::PathBuf;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::settings::{Settings, Theme};
use ayon_rest_explorer::ui::settings_window::{self, SettingsWindowView};

use super::{Panel, click, fill, panel};

/// The settings window's slice.
struct SettingsSlice {
    open: bool,
    settings: Settings,
    settings_path: Option<PathBuf>,
    environment_proxies: Vec<String>,
    proxy_password: String,
}

fn settings_window(slice: SettingsSlice) -> Harness<'static, Panel<SettingsSlice>> {
    panel(slice, |ui, s, actions| {
        let view = SettingsWindowView {
            open: &mut s.open,
            settings: &mut s.settings,
            settings_path: s.settings_path.as_deref(),
            environment_proxies: &s.environment_proxies,
            proxy_password: &mut s.proxy_password,
        };
        settings_window::show(ui, view, actions);
    })
}

fn open_settings() -> SettingsSlice {
    SettingsSlice {
        open: true,
        settings: Settings::default(),
        settings_path: None,
        environment_proxies: vec!["HTTPS_PROXY=http://proxy.studio.lan:3128".into()],
        proxy_password: String::new(),
    }
}

#[test]
fn edits_the_settings_and_asks_to_save_them() {
    let mut harness = settings_window(open_settings());
    harness.get_by_label("Settings are not saved in this session.");
    harness.get_by_label("From the environment: HTTPS_PROXY=http://proxy.studio.lan:3128");

    click(&mut harness, "Dark");
    assert_eq!(harness.state().slice.settings.theme, Theme::Dark);
    assert_eq!(harness.state().actions, [Action::SaveSettings]);

    fill(&mut harness, "Download folder", "/data/downloads");
    assert_eq!(
        harness.state().slice.settings.download_dir.as_deref(),
        Some("/data/downloads")
    );
    // A proxy that cannot work is said at once.
    fill(&mut harness, "Proxy", "ftp://proxy");
    assert_eq!(harness.state().slice.settings.proxy_url, "ftp://proxy");
    harness.get_by_label_contains("must start with http:// or https://");
    // Leaving a field finishes its edit: saved once per field left; the proxy URL and
    // its password ask for themselves (the password goes to the secret store).
    fill(&mut harness, "Proxy password", "pr0xy");
    assert_eq!(harness.state().slice.proxy_password, "pr0xy");
    fill(&mut harness, "No proxy for", "localhost");
    assert_eq!(harness.state().slice.settings.no_proxy, "localhost");
    let actions = &harness.state().actions;
    assert!(actions.contains(&Action::ProxyUrlEdited), "{actions:?}");
    assert!(
        actions.contains(&Action::ProxyPasswordEntered),
        "{actions:?}"
    );
    assert!(actions.contains(&Action::SaveSettings), "{actions:?}");
    // The password field shows dots, never the text.
    assert!(harness.query_by_label_contains("pr0xy").is_none());
}

#[test]
fn says_where_it_saves_and_closes() {
    let mut slice = open_settings();
    slice.settings_path = Some(PathBuf::from("/home/me/.config/settings.toml"));
    let mut harness = settings_window(slice);
    harness.get_by_label("Saved to /home/me/.config/settings.toml");
    click(&mut harness, "Close window");
    assert!(!harness.state().slice.open);
    assert!(harness.query_by_label("Timeout (seconds)").is_none());
    assert!(
        harness.state().actions.is_empty(),
        "closing changes nothing"
    );

    let mut closed = open_settings();
    closed.open = false;
    let harness = settings_window(closed);
    assert!(harness.query_by_label("Proxy").is_none());
}
