//! What `ayon-rest-explorer run` was asked to do.

use std::path::PathBuf;
use std::time::Duration;

/// The report's format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ReporterKind {
    /// Lines for people: each request, its status and time, each check.
    #[default]
    Human,
    /// One JSON document.
    Json,
    /// JUnit XML, as CI systems read it.
    Junit,
}

/// The run's settings, from the command line and the process environment.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The collection folder.
    pub collection: PathBuf,
    /// The environment (the only one when the collection has exactly one and none is named).
    pub environment: Option<String>,
    /// Only the requests under this folder (relative to the collection).
    pub folder: Option<PathBuf>,
    /// Only this request (relative path, `.yml` optional).
    pub request: Option<PathBuf>,
    /// The report's format.
    pub reporter: ReporterKind,
    /// Where the report goes (standard output when unset).
    pub output: Option<PathBuf>,
    /// Stop at the first request that fails.
    pub bail: bool,
    /// The limit per request.
    pub timeout: Duration,
    /// The server, when given on the command line.
    pub server: Option<String>,
    /// Origins every secret variable may also go to (`--allow-host ORIGIN`, repeatable).
    pub allow_hosts: Vec<String>,
    /// Files and folders outside the collection its requests may send (`--allow-file`,
    /// repeatable); the app's own folders stay refused.
    pub allow_files: Vec<PathBuf>,
    /// Run the rest when files of the collection did not load (they are listed); without
    /// it such a run stops before sending anything (exit code 2).
    pub skip_unreadable: bool,
    /// Save each answer, masked, into this folder (`--save-responses DIR`; created,
    /// private); the layout is in the runner's `saved.rs`.
    pub save_responses: Option<PathBuf>,
}

/// How the run reads the process environment (a map in tests).
pub type EnvLookup = dyn Fn(&str) -> Option<String> + Send + Sync;
