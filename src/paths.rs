//! Where the app keeps its own files (outside any collection).

use std::path::PathBuf;

use etcetera::AppStrategy;

/// The user's data directory for this app (history, the local secret file, logs), e.g.
/// `~/.local/share/ayon-rest-explorer` on Linux. Whatever creates it creates it private
/// ([`crate::files::create_private_dir`]: 0700 on Unix), and its files 0600.
pub fn data_dir() -> Option<PathBuf> {
    etcetera::choose_app_strategy(etcetera::AppStrategyArgs {
        top_level_domain: "io".into(),
        author: "ayon-rest-explorer".into(),
        app_name: "ayon-rest-explorer".into(),
    })
    .ok()
    .map(|s| s.data_dir())
}

/// The history file inside `data_dir`.
pub fn history_path(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("history.jsonl")
}

/// The app's own folders: its data folder (history, the local secret file, logs,
/// caches) and the folder of its settings file. Never sent as a request body, whatever
/// a collection says or the user allowed.
pub fn own_folders() -> Vec<PathBuf> {
    let config = crate::settings::default_settings_path()
        .and_then(|settings| settings.parent().map(std::path::Path::to_path_buf));
    data_dir().into_iter().chain(config).collect()
}
