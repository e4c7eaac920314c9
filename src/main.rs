//! `ayon-rest-explorer`: the desktop app (no arguments) or the app with its practice server
//! (`--sandbox`). `main` owns the tokio runtime and hands its handle to the app.

use std::sync::Arc;

use clap::Parser;

use ayon_rest_explorer::files::NativeFilePicker;
use ayon_rest_explorer::paths;

use ayon_rest_explorer::app::{AppOptions, ExplorerApp};
use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};
use ayon_rest_explorer::settings::{default_settings_path, load_settings};
use ayon_rest_explorer::state::SandboxInfo;
use ayon_rest_explorer::vault::VaultSource;

/// A desktop client for AYON servers' REST API.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Start the embedded AYON-compatible practice server on 127.0.0.1 and point the app at it.
    #[arg(long)]
    sandbox: bool,
    /// Server URL to start with (default: AYON_SERVER_URL, then the saved one, then
    /// http://localhost:5000).
    #[arg(long, value_name = "URL")]
    server: Option<String>,
    /// Print when the first frame was painted (milliseconds since the Unix epoch) to stderr;
    /// used by the startup benchmark.
    #[arg(long, hide = true)]
    report_first_frame: bool,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ayon-rest-explorer: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .thread_name("ayon-rest-explorer-io")
        .build()
        .map_err(|e| format!("could not start the async runtime: {e}"))?;

    let mut settings_path = default_settings_path();
    let (settings, settings_warning) = match &settings_path {
        Some(path) => {
            let loaded = load_settings(path);
            if !loaded.writable {
                settings_path = None;
            }
            (loaded.settings, loaded.warning)
        }
        None => (Default::default(), None),
    };

    let sandbox = if cli.sandbox {
        let sandbox = runtime
            .block_on(Sandbox::start(SandboxConfig::default()))
            .map_err(|e| format!("could not start the sandbox: {e}"))?;
        eprintln!(
            "Sandbox running at {} (log in as {} / {})",
            sandbox.base_url(),
            sandbox.admin_name(),
            sandbox.admin_password()
        );
        Some(sandbox)
    } else {
        None
    };

    let server_url = cli
        .server
        .or_else(|| sandbox.as_ref().map(|s| s.base_url().to_string()))
        .or_else(|| {
            std::env::var("AYON_SERVER_URL")
                .ok()
                .filter(|s| !s.trim().is_empty())
        });
    let options = AppOptions {
        settings,
        settings_path,
        settings_warning,
        server_url,
        sandbox: sandbox.as_ref().map(|s| SandboxInfo {
            url: s.base_url().to_string(),
            admin_name: s.admin_name().to_string(),
            admin_password: s.admin_password().to_string(),
        }),
        report_first_frame: cli.report_first_frame,
        file_picker: Some(Arc::new(NativeFilePicker)),
        history_path: paths::data_dir().map(|dir| paths::history_path(&dir)),
        secret_store: paths::data_dir().map(VaultSource::DataDir),
        getting_started_dir: paths::data_dir().map(|dir| dir.join("getting-started")),
        catalog_cache_dir: paths::data_dir().map(|dir| dir.join("catalogs")),
    };

    let native_options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("AYON REST Explorer")
            .with_inner_size([1200.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    let handle = runtime.handle().clone();
    let result = eframe::run_native(
        "AYON REST Explorer",
        native_options,
        Box::new(move |cc| {
            let app = ExplorerApp::new(&cc.egui_ctx, handle, options)?;
            Ok(Box::new(app))
        }),
    );
    drop(sandbox);
    result.map_err(|e| format!("could not open the window: {e}"))
}
