//! User settings (server URL, timeout, theme), persisted with confy.
//!
//! confy writes the file in place, so a crash mid-write could leave half a file; we store
//! to a temporary file beside it and rename. A file that does not parse is renamed aside
//! (never silently overwritten) and reported.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

mod recent;

pub use recent::{MAX_RECENT, recent_name};

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
    /// The collection folder open when the app last closed (reopened at start).
    pub open_collection: Option<String>,
    /// Collection folders opened recently, newest first (at most 8).
    pub recent_collections: Vec<String>,
    /// The collection's name for each recent folder, as it was when last opened (the
    /// recent list shows it; the path is its tooltip).
    pub collection_names: std::collections::BTreeMap<String, String>,
    /// Long lines in the response body view wrap at the view's width (off: they scroll
    /// sideways).
    pub wrap_body_lines: bool,
    /// Whether the "Getting started" collection was offered (on the first start).
    pub getting_started_offered: bool,
    /// Keep the session token as the secret `{{token}}` of the active environment after
    /// logging in (the value goes to the keychain or the 0600 file, never here).
    pub remember_token: bool,
    /// Responses larger than this many MB (or binary ones) go to a temporary file
    /// instead of memory.
    pub spill_threshold_mb: u64,
    /// Where "Send and download" saves response bodies (the Downloads folder when unset).
    pub download_dir: Option<String>,
    /// Keep answer bodies in the response history (off: status, headers and size only).
    pub history_bodies: bool,
    /// Past answers kept per request (oldest dropped first).
    pub history_per_request: usize,
    /// The response history's size on disk, in MB (oldest answers dropped first).
    pub history_total_mb: u64,
    /// Answer bodies larger than this many MB keep only their head and tail in history.
    pub history_body_cap_mb: u64,
    /// Paths the Compare view ignores, one pattern a line, per request (its history key).
    pub compare_ignore: std::collections::BTreeMap<String, String>,
    /// A proxy for every request; empty: `HTTP_PROXY` / `HTTPS_PROXY` / `NO_PROXY` apply.
    pub proxy_url: String,
    /// Hosts that bypass `proxy_url` (comma-separated, like `NO_PROXY`).
    pub no_proxy: String,
    /// Mark requests to the logged-in server with `x-sender`, so the Events dock shows
    /// what each caused (a request can turn it off for itself).
    pub mark_sender: bool,
    /// The password for the user `proxy_url` names: loaded from and kept in the secret
    /// store, never in this file.
    #[serde(skip)]
    pub proxy_password: Option<crate::secret::Secret>,
    /// A PEM bundle of CA certificates trusted on top of the system's (empty:
    /// `AYON_CA_FILE`, if set).
    pub ca_file: String,
    /// A PEM file with a client certificate and its key (empty: `AYON_CERT_FILE`, if set).
    pub client_cert_file: String,
    /// Certificates trusted for one host each ("Trust this certificate for HOST"); a
    /// fingerprint is not a secret.
    pub pins: Vec<crate::http::Pin>,
    /// Servers with a CA file or client certificate of their own (the app-wide ones
    /// above apply where an entry leaves a file empty).
    pub server_tls: Vec<crate::http::ServerTls>,
    /// Files and folders outside a collection that its requests may send from this
    /// computer (real paths; a folder allows everything in it), each allowed once when a
    /// request asked. Kept here, never in a collection: a commit cannot widen it.
    pub allowed_files: Vec<String>,
    /// Secret variables the user let go to an origin they are not bound to (asked once
    /// per variable and origin, remembered here on this computer, never in a
    /// collection). Names and origins only: no value.
    pub secret_origins: Vec<SecretOrigin>,
}

/// "Send this secret to that origin?" answered yes: the secret variable `variable` of an
/// environment of a collection may also go to `origin`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretOrigin {
    /// The collection's id (see [`crate::collection::secrets::collection_id`]).
    pub collection: String,
    /// The environment's name (empty: no environment was picked).
    pub environment: String,
    /// The variable's name.
    pub variable: String,
    /// The origin, `scheme://host[:port]`.
    pub origin: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            server_url: DEFAULT_SERVER_URL.into(),
            login_name: String::new(),
            timeout_secs: 30,
            theme: Theme::System,
            open_collection: None,
            recent_collections: Vec::new(),
            collection_names: std::collections::BTreeMap::new(),
            wrap_body_lines: false,
            getting_started_offered: false,
            remember_token: false,
            spill_threshold_mb: 64,
            download_dir: None,
            history_bodies: true,
            history_per_request: 20,
            history_total_mb: 500,
            history_body_cap_mb: 20,
            compare_ignore: std::collections::BTreeMap::new(),
            proxy_url: String::new(),
            no_proxy: String::new(),
            mark_sender: true,
            proxy_password: None,
            ca_file: String::new(),
            client_cert_file: String::new(),
            pins: Vec::new(),
            server_tls: Vec::new(),
            secret_origins: Vec::new(),
            allowed_files: Vec::new(),
        }
    }
}

impl Settings {
    /// The timeout as a duration (at least one second).
    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_secs.max(1))
    }
}

impl Settings {
    /// The response history's limits.
    pub fn answer_limits(&self) -> crate::answer_history::Limits {
        const MB: u64 = 1024 * 1024;
        crate::answer_history::Limits {
            per_request: self.history_per_request.max(1),
            total_bytes: self.history_total_mb.max(1).saturating_mul(MB),
            body_cap: self.history_body_cap_mb.max(1).saturating_mul(MB),
            keep_bodies: self.history_bodies,
        }
    }

    /// The size past which a response body goes to a temporary file.
    pub fn spill_threshold(&self) -> u64 {
        self.spill_threshold_mb.max(1).saturating_mul(1024 * 1024)
    }

    /// The proxy override.
    pub fn proxy(&self) -> crate::http::ProxySettings {
        crate::http::ProxySettings {
            url: self.proxy_url.trim().to_owned(),
            no_proxy: self.no_proxy.trim().to_owned(),
            password: self.proxy_password.clone(),
        }
    }

    /// How the clients connect: the proxy override and the TLS files, the app-wide ones
    /// falling back to `AYON_CA_FILE` / `AYON_CERT_FILE` from `vars`, and each server's
    /// own files falling back to those.
    pub fn client_options(
        &self,
        vars: impl Fn(&str) -> Option<String>,
    ) -> crate::http::ClientOptions {
        let tls = crate::http::TlsFiles::typed(&self.ca_file, &self.client_cert_file)
            .with_environment(vars);
        crate::http::ClientOptions {
            proxy: self.proxy(),
            servers: crate::http::server_tls_files(&self.server_tls, &tls),
            tls,
            pins: self.pins.clone(),
        }
    }

    /// The files and folders allowed outside collections, as paths.
    pub fn allowed_file_paths(&self) -> Vec<PathBuf> {
        self.allowed_files
            .iter()
            .filter(|p| !p.trim().is_empty())
            .map(PathBuf::from)
            .collect()
    }

    /// Allows `path` (a real path) outside collections on this computer; `false` when it
    /// already was.
    pub fn allow_file(&mut self, path: &Path) -> bool {
        let text = path.to_string_lossy().into_owned();
        if self.allowed_files.contains(&text) {
            return false;
        }
        self.allowed_files.push(text);
        true
    }

    /// The download folder the user set, if any.
    pub fn download_folder(&self) -> Option<PathBuf> {
        self.download_dir
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map(PathBuf::from)
    }
}

/// `~/Downloads` when it exists, else the home folder. Touches the disk: call it off the
/// UI thread.
pub fn default_download_folder() -> PathBuf {
    let home = etcetera::home_dir().unwrap_or_else(|_| std::env::temp_dir());
    let downloads = home.join("Downloads");
    if downloads.is_dir() { downloads } else { home }
}

/// Where settings live by default (the OS config directory).
pub fn default_settings_path() -> Option<PathBuf> {
    confy::get_configuration_file_path("ayon-rest-explorer", "settings").ok()
}

/// What loading found.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedSettings {
    /// The settings (defaults when the file was missing or unreadable).
    pub settings: Settings,
    /// A problem to tell the user about.
    pub warning: Option<String>,
    /// Whether saving may write the file (false when an unreadable file is still in place).
    pub writable: bool,
}

/// Loads settings. A missing file gives defaults; one that does not parse is renamed aside
/// and named in the warning; one that cannot be read is left alone and not overwritten.
pub fn load_settings(path: &Path) -> LoadedSettings {
    let loaded = |settings, warning, writable| LoadedSettings {
        settings,
        warning,
        writable,
    };
    if !path.exists() {
        return loaded(Settings::default(), None, true);
    }
    match confy::load_path::<Settings>(path) {
        Ok(mut settings) => {
            settings.fill_recent_names();
            loaded(settings, None, true)
        }
        // Unparsable TOML, or bytes that are not UTF-8: set the file aside.
        Err(
            err @ (confy::ConfyError::BadTomlData(_)
            | confy::ConfyError::ReadConfigurationFileError(_)),
        ) if is_bad_content(&err) => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            let aside = path.with_extension(format!("toml.broken-{stamp}"));
            match std::fs::rename(path, &aside) {
                Ok(()) => loaded(
                    Settings::default(),
                    Some(format!(
                        "The settings file {} could not be read ({}); it was kept as {} and \
                         defaults are used.",
                        path.display(),
                        describe(&err),
                        aside.display()
                    )),
                    true,
                ),
                Err(e) => loaded(
                    Settings::default(),
                    Some(format!(
                        "The settings file {} could not be read ({err}) nor set aside ({e}); \
                         defaults are used and it will not be overwritten.",
                        path.display()
                    )),
                    false,
                ),
            }
        }
        Err(err) => loaded(
            Settings::default(),
            Some(format!(
                "The settings file {} could not be opened ({err}); defaults are used and it \
                 will not be overwritten.",
                path.display()
            )),
            false,
        ),
    }
}

fn is_bad_content(err: &confy::ConfyError) -> bool {
    match err {
        confy::ConfyError::BadTomlData(_) => true,
        confy::ConfyError::ReadConfigurationFileError(io) => {
            io.kind() == std::io::ErrorKind::InvalidData
        }
        _ => false,
    }
}

/// The error with its sources (TOML errors name line and column there).
fn describe(err: &confy::ConfyError) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(s.to_string().trim());
        source = s.source();
    }
    text
}

/// Stores settings through a temporary file (flushed to disk) and a rename, so a crash
/// or a kill while saving leaves the old file or the new one, never a partial one. The
/// config folder is this user's only (0700 on Unix), and so is the file (0600).
pub fn save_settings(path: &Path, settings: &Settings) -> Result<(), String> {
    let settings = &without_url_credentials(settings);
    let text = toml::to_string_pretty(settings)
        .map_err(|e| format!("Could not write {}: {e}", path.display()))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::files::create_private_dir(dir)
            .map_err(|e| format!("Could not create {}: {e}", dir.display()))?;
    }
    crate::files::write_private(path, text.as_bytes()).map_err(|e| e.to_string())
}

/// `settings` with any `user:password@` removed from its server URL and any password
/// from its proxy URL (the proxy's user stays: its password is looked up in the secret
/// store by it): the file is plain text, so a password typed into either never reaches it.
fn without_url_credentials(settings: &Settings) -> Settings {
    let mut kept = settings.clone();
    kept.server_url = without_credentials(&settings.server_url);
    kept.proxy_url = split_password(&settings.proxy_url).0;
    kept
}

/// The URL text without its password, and the password (percent-decoded) when it held
/// one; other text unchanged.
pub fn split_password(text: &str) -> (String, Option<crate::secret::Secret>) {
    match url::Url::parse(text.trim()) {
        Ok(mut url) if url.password().is_some() => {
            let password = url.password().map(|p| {
                crate::secret::Secret::new(
                    percent_encoding::percent_decode_str(p).decode_utf8_lossy(),
                )
            });
            let _ = url.set_password(None);
            (url.to_string(), password)
        }
        _ => (text.to_string(), None),
    }
}

/// The URL text with any `user:password@` removed; other text unchanged.
pub fn without_credentials(text: &str) -> String {
    match url::Url::parse(text.trim()) {
        Ok(mut url) if !url.username().is_empty() || url.password().is_some() => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.to_string()
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_never_reach_the_saved_url() {
        assert_eq!(
            without_credentials("https://bob:hunter2@ayon.studio:5000/"),
            "https://ayon.studio:5000/"
        );
        assert_eq!(
            without_credentials("http://localhost:5000"),
            "http://localhost:5000"
        );
        assert_eq!(without_credentials("not a url"), "not a url");
    }

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
    fn saving_creates_the_config_folder() {
        let dir = temp_dir("creates");
        let path = dir.join("deeper").join("settings.toml");
        assert_eq!(save_settings(&path, &Settings::default()), Ok(()));
        assert_eq!(load_settings(&path).warning, None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn the_config_folder_and_the_file_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("private");
        let path = dir.join("config").join("settings.toml");
        save_settings(&path, &Settings::default()).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.join("config")), 0o700);
        assert_eq!(mode(&path), 0o600);
        let _ = std::fs::remove_dir_all(&dir);
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
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temp file left"
        );
        let loaded = load_settings(&path);
        assert_eq!(loaded.settings, settings);
        assert_eq!(loaded.warning, None);
    }

    #[test]
    fn non_utf8_file_is_set_aside_too() {
        let dir = temp_dir("binary");
        let path = dir.join("settings.toml");
        std::fs::write(&path, b"server_url = \"\xff\xfe\"").unwrap();
        let loaded = load_settings(&path);
        assert!(loaded.writable);
        assert!(loaded.warning.unwrap().contains("kept as"));
        assert!(!path.exists(), "moved aside, so a save cannot overwrite it");
    }

    #[test]
    fn broken_file_is_set_aside_not_lost() {
        let dir = temp_dir("broken");
        let path = dir.join("settings.toml");
        std::fs::write(&path, "server_url = [not toml").unwrap();
        let loaded = load_settings(&path);
        assert_eq!(loaded.settings, Settings::default());
        assert!(loaded.writable);
        let warning = loaded.warning.unwrap();
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
