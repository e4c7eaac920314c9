//! The headless runner: `ayon-rest-explorer run <collection-folder>` sends a collection's
//! requests in order with the app's engine, checks each answer against its `expect:`,
//! carries `capture:` values forward, and reports (human lines, JSON or JUnit XML).
//!
//! ```text
//!   plan (load, pick environment and requests, check files)  ── problem ──► exit 2
//!     │  (files that did not load: exit 2, or listed with --skip-unreadable)
//!     │
//!   variables (environment + AYON_SECRET_<NAME> / secret store + sandbox login)
//!     │
//!   server (sandbox, --server, AYON_SERVER_URL, base_url; none needed when every URL
//!     │     is full)                                        ── relative, none ──► exit 2
//!   for each request: resolve ─► credentials only to the server ─► send ─► expect
//!     │                ─► capture ─► report line
//!   report (human | json | junit) ─► exit 0 (all passed) or 1
//! ```
//!
//! Secret values (and `AYON_API_KEY`, and captured credentials) are masked in every line
//! and report before it is written. Credentials go only to the run's server's origin; a
//! run without a server sends none (see `words.rs`). Secret variables go only to the
//! origins they are bound to, or one allowed with `--allow-host` (see `variables.rs`). Body
//! files stay in the collection's folder unless `--allow-file` allows them; the app's own
//! folders are never read. The request's path from file to answer is the engine's
//! [`ayon_explorer_core::pipeline`], as in the window.
//!
//! With `--save-responses DIR` each answer is also written to `DIR`, masked the same way
//! and with credential headers and JSON members named like credentials masked too (layout
//! in `saved.rs`).
//!
//! `ayon-rest-explorer events` ([`events`]) prints a server's live event stream with the
//! same server and credential rules.

pub mod events;
mod options;
mod plan;
pub mod report;
mod run;
mod saved;
mod server;
mod variables;
mod words;

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

pub use options::{EnvLookup, ReporterKind, RunOptions};
pub use plan::{ConfigError, Plan, Step, plan};
pub use run::{Session, run_steps};
pub use variables::{RunVariables, SecretSources, secret_env_name};

use ayon_explorer_core::collection::secrets::SecretStore;
use ayon_explorer_core::http::{ClientOptions, Clients};
use report::{RunReport, Summary, human_request, human_summary, json, junit};

/// Exit code: every request passed.
pub const EXIT_PASSED: u8 = 0;
/// Exit code: a check failed or a request could not be sent or answered.
pub const EXIT_FAILED: u8 = 1;
/// Exit code: usage or configuration error; nothing was sent.
pub const EXIT_CONFIG: u8 = 2;
// `events` adds 3: not authorised (see [`events::EXIT_NOT_AUTHORISED`]).

/// The embedded sandbox's address and practice login, for `--sandbox`.
#[derive(Clone, Debug)]
pub struct SandboxLogin {
    /// Its base URL.
    pub url: String,
    /// Admin name (becomes `{{username}}`).
    pub name: String,
    /// Admin password (becomes `{{password}}`; public, as the app shows it on screen).
    pub password: String,
}

/// What a run takes from outside its command line.
pub struct RunContext {
    /// The process environment (`AYON_SERVER_URL`, `AYON_API_KEY`, `AYON_SECRET_*`).
    pub env: Box<EnvLookup>,
    /// This machine's secret store, when it may be read.
    pub secret_store: Option<Box<dyn SecretStore>>,
    /// Proxy and TLS settings (the app's Settings, `AYON_CA_FILE`, …).
    pub client_options: ClientOptions,
    /// The sandbox started for this run.
    pub sandbox: Option<SandboxLogin>,
    /// The app's own folders (settings, stored secrets, history, logs): never sent as a
    /// body, even with `--allow-file`.
    pub protected_folders: Vec<PathBuf>,
}

/// Runs the collection as `options` say, writing progress and the report; returns the
/// report, or the configuration problem that stopped it before anything was sent.
/// `console` is standard output in the binary.
pub async fn run(
    options: &RunOptions,
    context: RunContext,
    console: &mut dyn Write,
) -> Result<RunReport, ConfigError> {
    let started = Instant::now();
    let plan = plan(options)?;
    if let Some(path) = &options.output {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
        if folder.is_some_and(|f| !f.is_dir()) {
            return Err(ConfigError(format!(
                "cannot write the report to {}: its folder does not exist",
                path.display()
            )));
        }
    }
    let allowed_origins = allowed_origins(&options.allow_hosts)?;
    if let Some(dir) = &options.save_responses {
        saved::prepare_folder(dir).map_err(ConfigError)?;
    }
    let collection_id =
        ayon_explorer_core::collection::secrets::collection_id(&plan.collection.root);
    let own_server = server::own_server(options, &context);
    let used = plan::referenced_names(&plan);
    let sources = SecretSources {
        env: context.env.as_ref(),
        store: context
            .secret_store
            .as_deref()
            .map(|store| (store, collection_id)),
        own_server: own_server.as_deref(),
        used: Some(&used),
    };
    let extra: Vec<(String, String)> = context
        .sandbox
        .iter()
        .flat_map(|s| {
            [
                ("username".to_owned(), s.name.clone()),
                ("password".to_owned(), s.password.clone()),
            ]
        })
        .collect();
    let mut vars = RunVariables::build(plan.environment.as_ref(), &sources, &extra);
    let api_key = (context.env)("AYON_API_KEY")
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty());
    vars.mask_also(api_key.clone());
    let server = server::pick_server(options, &context, &plan, &vars.set)?;
    if server.is_none()
        && let Some(step) = server::first_needing_server(&plan, &vars.set)
    {
        return Err(server::no_server_for(step));
    }
    let clients = Clients::build(&context.client_options)
        .map_err(|e| ConfigError(format!("connection settings: {e}")))?;
    if let Some(problem) = clients.problems().first() {
        return Err(ConfigError(problem.clone()));
    }
    let session = Session {
        clients: &clients,
        server: server.as_deref(),
        timeout: options.timeout,
        api_key,
        allowed_origins,
        allowed_files: &options.allow_files,
        protected_folders: &context.protected_folders,
        save_responses: options.save_responses.as_deref(),
    };
    // Human lines stream as requests finish, unless the report itself goes to the console
    // in another format.
    let stream_human = options.reporter == ReporterKind::Human || options.output.is_some();
    // A console that went away (a closed pipe) must not stop the run or its report file.
    let mut on_done = |r: &report::RequestReport| {
        if stream_human {
            let _ = console.write_all(human_request(r).as_bytes());
            let _ = console.flush();
        }
    };
    let requests = run_steps(&plan, &session, &mut vars, options.bail, &mut on_done).await;
    let summary = Summary::of(&requests);
    let report = RunReport {
        collection: plan.collection.file.name.clone(),
        environment: plan.environment.as_ref().map(|e| e.name.clone()),
        server: server.as_deref().map(|s| vars.mask(s)),
        requests,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        summary,
        unloaded: plan.unloaded.clone(),
    };
    let rendered = match options.reporter {
        ReporterKind::Human => human_summary(&report),
        ReporterKind::Json => json(&report),
        ReporterKind::Junit => junit(&report),
    };
    match &options.output {
        Some(path) => {
            let whole = match options.reporter {
                ReporterKind::Human => report
                    .requests
                    .iter()
                    .map(human_request)
                    .chain([rendered.clone()])
                    .collect(),
                _ => rendered,
            };
            ayon_explorer_core::files::write_file(path, whole.as_bytes()).map_err(|e| {
                ConfigError(format!(
                    "could not write the report to {}: {e}",
                    path.display()
                ))
            })?;
            let _ = console.write_all(human_summary(&report).as_bytes());
        }
        None => {
            let _ = console.write_all(rendered.as_bytes());
        }
    }
    let _ = console.flush();
    Ok(report)
}

/// The origins of `--allow-host` values; one that is not an http(s) origin is a usage
/// error, named.
fn allowed_origins(hosts: &[String]) -> Result<Vec<String>, ConfigError> {
    let mut origins = Vec::new();
    for host in hosts {
        let origin = ayon_explorer_core::collection::secrets::origin_of(host).ok_or_else(|| {
            ConfigError(format!(
                "--allow-host {host} is not an origin: give it as http(s)://HOST[:PORT]"
            ))
        })?;
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    Ok(origins)
}

/// The exit code for a finished run.
pub fn exit_code(report: &RunReport) -> u8 {
    if report.summary.all_passed() {
        EXIT_PASSED
    } else {
        EXIT_FAILED
    }
}
