//! User settings (server URL, timeout, theme), persisted with confy.
//!
//! confy writes the file in place, so a crash mid-write could leave half a file; we store
//! to a temporary file beside it and rename. A file that does not parse is renamed aside
//! (never silently overwritten) and reported.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The server URL used when neither settings nor `AYON_SERVER_URL` give one.
pub const DEFAULT_SERVER_URL: &str = "http://localhost:5000";

/// Colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    /// Follow the system.
    #[default]
    System,
    /// Dark.
    Dark,
    /// Light.
    Light,
}

/// What is remembered between runs. No secrets live here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Last server URL.
    pub server_url: String,
    /// Last login name (never the password).
    pub login_name: String,
    /// Per-request timeout in seconds.
    pub timeout_secs: u64,
    /// Colour theme.
    pub theme: Theme,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            server_url: DEFAULT_SERVER_URL.into(),
            login_name: String::new(),
            timeout_secs: 30,
            theme: Theme::System,
        }
    }
}

impl Settings {
    /// The timeout as a duration (at least one second).
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_secs.max(1))
    }
}

/// Where settings live by default (the OS config directory).
pub fn default_settings_path() -> Option<PathBuf> {
    confy::get_configuration_file_path("ayon-rest-explorer", "settings").ok()
}

/// Loads settings. A missing file gives defaults; a broken one is renamed aside and named
/// in the returned warning.
pub fn load_settings(path: &Path) -> (Settings, Option<String>) {
    if !path.exists() {
        return (Settings::default(), None);
    }
    match confy::load_path::<Settings>(path) {
        Ok(settings) => (settings, None),
        Err(err) => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            let aside = path.with_extension(format!("toml.broken-{stamp}"));
            let moved = std::fs::rename(path, &aside);
            let warning = match moved {
                Ok(()) => format!(
                    "The settings file {} could not be read ({err}); it was kept as {} and \
                     defaults are used.",
                    path.display(),
                    aside.display()
                ),
                Err(e) => format!(
                    "The settings file {} could not be read ({err}) nor set aside ({e}); \
                     defaults are used and it will not be overwritten.",
                    path.display()
                ),
            };
            (Settings::default(), Some(warning))
        }
    }
}

/// Stores settings through a temporary file and a rename.
pub fn save_settings(path: &Path, settings: &Settings) -> Result<(), String> {
    let tmp = path.with_extension("toml.tmp");
    confy::store_path(&tmp, settings)
        .map_err(|e| format!("Could not write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        format!(
            "Could not move {} onto {}: {e}",
            tmp.display(),
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "are-settings-{name}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn round_trip_through_rename() {
        let dir = temp_dir("rt");
        let path = dir.join("settings.toml");
        let settings = Settings {
            server_url: "https://ayon.studio".into(),
            timeout_secs: 7,
            ..Default::default()
        };
        save_settings(&path, &settings).unwrap();
        assert!(!path.with_extension("toml.tmp").exists());
        assert_eq!(load_settings(&path), (settings, None));
    }

    #[test]
    fn broken_file_is_set_aside_not_lost() {
        let dir = temp_dir("broken");
        let path = dir.join("settings.toml");
        std::fs::write(&path, "server_url = [not toml").unwrap();
        let (settings, warning) = load_settings(&path);
        assert_eq!(settings, Settings::default());
        let warning = warning.unwrap();
        assert!(warning.contains("could not be read"), "{warning}");
        let kept: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains("broken-"))
            .collect();
        assert_eq!(kept.len(), 1);
        let text = std::fs::read_to_string(kept[0].path()).unwrap();
        assert_eq!(text, "server_url = [not toml");
    }
}
