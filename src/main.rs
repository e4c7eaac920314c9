//! `ayon-rest-explorer`: the desktop app (no arguments) or the app with its practice server
//! (`--sandbox`); `run`, `events`, `import` and `export` for the command line (the last
//! two in [`ayon_rest_explorer::cli`]). `main` owns the tokio runtime and hands its handle
//! to the app.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Parser;

use ayon_rest_explorer::file_picker::NativeFilePicker;
use ayon_rest_explorer::logging::{self, LogLevel};
use ayon_rest_explorer::paths;

use ayon_rest_explorer::app::{AppOptions, ExplorerApp};
use ayon_rest_explorer::cli;
use ayon_rest_explorer::runner::{self, ReporterKind, RunContext, RunOptions, SandboxLogin};
use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};
use ayon_rest_explorer::settings::{default_settings_path, load_settings};
use ayon_rest_explorer::state::SandboxInfo;
use ayon_rest_explorer::vault::VaultSource;

/// A desktop client for AYON servers' REST API, and a headless runner of its collections.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Without a command: the desktop app.
    #[command(subcommand)]
    command: Option<Command>,
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
    /// What goes into the log file in the data directory (logs/, one file a day, 7 kept);
    /// secrets are masked as in history.
    #[arg(long, value_enum, default_value_t = LogLevel::Info, global = true)]
    log_level: LogLevel,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Run a collection's requests in order, check their `expect:` blocks, and report.
    /// Exit code 0: all passed; 1: a check or request failed; 2: usage or configuration.
    Run(RunArgs),
    /// Print a server's live event stream (a line per event, or --json) until Ctrl+C.
    /// Exit code 0: stopped; 2: configuration; 3: the server did not take the credentials.
    Events(runner::events::EventsArgs),
    /// Import another tool's collection (Postman, Thunder Client, Bruno, Insomnia, curl,
    /// OpenAPI) into a new collection folder; secret values go to the secret store (or
    /// --secrets-to-env). Exit code 0: imported; 1: imported with losses (--strict); 2:
    /// usage, unreadable, unknown format or a failed write.
    Import(cli::import::ImportArgs),
    /// Export a collection as Postman, OpenCollection, or curl / HTTPie / requests /
    /// ayon_api snippets; no secret values are written. Exit code 0: exported; 2: problem.
    Export(cli::export::ExportArgs),
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// The collection folder (the one holding collection.yml).
    collection: PathBuf,
    /// The environment (default: the only one, when the collection has exactly one).
    #[arg(long, value_name = "NAME")]
    env: Option<String>,
    /// Only the requests under this folder of the collection.
    #[arg(long, value_name = "PATH")]
    folder: Option<PathBuf>,
    /// Only this request (its file, relative to the collection).
    #[arg(long, value_name = "PATH", conflicts_with = "folder")]
    request: Option<PathBuf>,
    /// The report's format.
    #[arg(long, value_enum, default_value_t = ReporterKind::Human)]
    reporter: ReporterKind,
    /// Write the report to this file (progress still goes to standard output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Stop at the first request that fails (the rest are reported as skipped).
    #[arg(long)]
    bail: bool,
    /// The limit per request, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    timeout: u64,
    /// The server relative URLs go to, and the only one credentials go to (default:
    /// AYON_SERVER_URL, then the collection's base_url). A run whose URLs are all full
    /// needs none, and then sends no credentials.
    #[arg(long, value_name = "URL", conflicts_with = "sandbox")]
    server: Option<String>,
    /// Let every secret variable also go to this origin (http(s)://HOST[:PORT]); repeat
    /// for more. Without it, a secret goes only to the server it is bound to: --server or
    /// AYON_SERVER_URL for AYON_SECRET_<NAME> values, the server it was stored for in the
    /// app.
    #[arg(long = "allow-host", value_name = "ORIGIN")]
    allow_host: Vec<String>,
    /// Start the embedded practice server for this run and send everything there; its
    /// admin login fills {{username}} and {{password}}.
    #[arg(long)]
    sandbox: bool,
    /// Let requests send this file (or anything in this folder) from outside the
    /// collection; repeatable. Body files must otherwise stay in the collection's folder,
    /// and the app's own folders (settings, stored secrets, history) are never sent.
    #[arg(long = "allow-file", value_name = "PATH")]
    allow_file: Vec<PathBuf>,
    /// Run the rest when files of the collection did not load (unreadable, too big, not
    /// regular files, names that are not UTF-8, parse errors); they are listed in the
    /// report. Without it such a run stops before sending anything (exit code 2).
    #[arg(long)]
    skip_unreadable: bool,
    /// Save each answer into this folder (created, private) for CI artefacts:
    /// NNN-NAME.json (request, status, time, headers) and NNN-NAME.body, with secret
    /// values, credential headers and JSON members named like credentials masked.
    #[arg(long = "save-responses", value_name = "DIR")]
    save_responses: Option<PathBuf>,
    /// Print this process's peak resident memory to stderr at the end; used by the
    /// runner benchmark (a parent's view of it counts the parent's memory before exec).
    #[arg(long, hide = true)]
    report_peak_rss: bool,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let _log = start_logging(cli.log_level);
    if let Some(Command::Run(args)) = cli.command {
        return std::process::ExitCode::from(run_collection(args));
    }
    if let Some(Command::Events(args)) = cli.command {
        return std::process::ExitCode::from(watch_events(args));
    }
    if let Some(Command::Import(args)) = cli.command {
        let context = cli::import::ImportContext {
            stdin: &mut std::io::stdin().lock(),
            secret_store: paths::data_dir().map(VaultSource::DataDir),
        };
        let (mut stdout, mut stderr) = (std::io::stdout().lock(), std::io::stderr());
        let code = cli::import::run(&args, context, &mut stdout, &mut stderr);
        return std::process::ExitCode::from(code);
    }
    if let Some(Command::Export(args)) = cli.command {
        let server_url = std::env::var("AYON_SERVER_URL")
            .ok()
            .filter(|s| !s.trim().is_empty());
        let (mut stdout, mut stderr) = (std::io::stdout().lock(), std::io::stderr());
        let code = cli::export::run(&args, server_url, &mut stdout, &mut stderr);
        return std::process::ExitCode::from(code);
    }
    match run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ayon-rest-explorer: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The log file, when the data directory is known; a problem is said once and the app
/// runs on without a log.
fn start_logging(level: LogLevel) -> Option<logging::LogGuard> {
    let data = paths::data_dir()?;
    // The app's data folder is this user's only (0700), one an older version made too.
    if let Err(error) = ayon_rest_explorer::files::create_private_dir(&data) {
        eprintln!(
            "ayon-rest-explorer: the data folder {} could not be made private: {error}",
            data.display()
        );
    }
    let dir = logging::log_dir(&data);
    match logging::init(level, &dir) {
        Ok(guard) => Some(guard),
        Err(error) => {
            eprintln!("ayon-rest-explorer: no log file: {error}");
            None
        }
    }
}

/// `ayon-rest-explorer run`: a small runtime on this thread (the runner sends one request
/// at a time), the exit code of the run.
fn run_collection(args: RunArgs) -> u8 {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("ayon-rest-explorer run: could not start the async runtime: {e}");
            return runner::EXIT_CONFIG;
        }
    };
    let report_peak_rss = args.report_peak_rss;
    let code = runtime.block_on(async {
        let sandbox = if args.sandbox {
            match Sandbox::start(SandboxConfig::default()).await {
                Ok(sandbox) => Some(sandbox),
                Err(e) => {
                    eprintln!("ayon-rest-explorer run: could not start the sandbox: {e}");
                    return runner::EXIT_CONFIG;
                }
            }
        } else {
            None
        };
        let env_var = |name: &str| std::env::var(name).ok();
        // The app's connection settings (proxy, CA files, pins) apply here too.
        let settings = default_settings_path()
            .filter(|path| path.exists())
            .map(|path| load_settings(&path).settings)
            .unwrap_or_default();
        let options = RunOptions {
            collection: args.collection,
            environment: args.env,
            folder: args.folder,
            request: args.request,
            reporter: args.reporter,
            output: args.output,
            bail: args.bail,
            timeout: std::time::Duration::from_secs(args.timeout),
            server: args.server,
            allow_hosts: args.allow_host,
            allow_files: args.allow_file,
            skip_unreadable: args.skip_unreadable,
            save_responses: args.save_responses,
        };
        let context = RunContext {
            env: Box::new(env_var),
            secret_store: Some(Box::new(runner_secret_store())),
            client_options: settings.client_options(env_var),
            sandbox: sandbox.as_ref().map(|s| SandboxLogin {
                url: s.base_url().to_string(),
                name: s.admin_name().to_string(),
                password: s.admin_password().to_string(),
            }),
            protected_folders: paths::own_folders(),
        };
        let mut stdout = std::io::stdout().lock();
        let code = match runner::run(&options, context, &mut stdout).await {
            Ok(report) => runner::exit_code(&report),
            Err(problem) => {
                eprintln!("ayon-rest-explorer run: {problem}");
                runner::EXIT_CONFIG
            }
        };
        drop(sandbox);
        code
    });
    if report_peak_rss {
        // VmHWM: this process's peak resident set since it started (Linux).
        let peak = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|status| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .map(|v| v.trim().trim_end_matches("kB").trim().to_owned())
            })
            .unwrap_or_default();
        eprintln!("peak-rss-kib: {peak}");
    }
    code
}

/// `ayon-rest-explorer events`: the stream on a small runtime on this thread until Ctrl+C,
/// with the app's connection settings; the sandbox for `--sandbox`.
fn watch_events(args: runner::events::EventsArgs) -> u8 {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("ayon-rest-explorer events: could not start the async runtime: {e}");
            return runner::EXIT_CONFIG;
        }
    };
    runtime.block_on(async {
        let sandbox = if args.sandbox {
            match Sandbox::start(SandboxConfig::default()).await {
                Ok(sandbox) => Some(sandbox),
                Err(e) => {
                    eprintln!("ayon-rest-explorer events: could not start the sandbox: {e}");
                    return runner::EXIT_CONFIG;
                }
            }
        } else {
            None
        };
        let env_var = |name: &str| std::env::var(name).ok();
        let settings = default_settings_path()
            .filter(|path| path.exists())
            .map(|path| load_settings(&path).settings)
            .unwrap_or_default();
        let context = runner::events::EventsContext {
            env: Box::new(env_var),
            client_options: settings.client_options(env_var),
            sandbox: sandbox.as_ref().map(|s| SandboxLogin {
                url: s.base_url().to_string(),
                name: s.admin_name().to_string(),
                password: s.admin_password().to_string(),
            }),
        };
        let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
        let stop = runner::events::interrupted();
        let code = runner::events::watch(&args, context, &mut stdout, &mut stderr, stop).await;
        drop(sandbox);
        code
    })
}

/// Reads secret values the app stored: the keychain first, then the 0600 file. Nothing
/// is written (no probe), and it is asked only for secrets the environment variables
/// do not give.
fn runner_secret_store() -> impl ayon_rest_explorer::collection::secrets::SecretStore {
    ayon_rest_explorer::collection::secrets::ReadOnlyChain::new(paths::data_dir())
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
        answers_path: paths::data_dir().map(|dir| dir.join("answers.sqlite")),
        secret_store: paths::data_dir().map(VaultSource::DataDir),
        getting_started_dir: paths::data_dir().map(|dir| dir.join("getting-started")),
        catalog_cache_dir: paths::data_dir().map(|dir| dir.join("catalogs")),
        graphql_cache_dir: paths::data_dir().map(|dir| dir.join("graphql")),
        protected_folders: paths::own_folders(),
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
