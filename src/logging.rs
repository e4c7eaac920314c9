//! Diagnostics: a log file in the data directory (`logs/ayon-rest-explorer.YYYY-MM-DD.log`,
//! one a day, the last 7 kept), written off the calling thread. The folder is 0700 and
//! the files 0600 on Unix.
//!
//! What is logged is what the engine chooses to say, at `info` and above unless
//! `--log-level` asks for more. Secrets are masked by construction: the one place that logs
//! exchanges ([`crate::http::execute_with`]) writes only the request's masked form (the
//! same masking as history), never headers or bodies.

mod private_files;

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::filter::LevelFilter;

/// How many daily files are kept.
const KEPT_FILES: usize = 7;

/// The start of every log file's name.
const PREFIX: &str = "ayon-rest-explorer";

/// The levels `--log-level` takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogLevel {
    /// No log file.
    Off,
    /// Failures only.
    Error,
    /// Failures and warnings.
    Warn,
    /// Also each exchange's method, masked URL, status and time.
    #[default]
    Info,
    /// More detail.
    Debug,
    /// Everything.
    Trace,
}

impl LogLevel {
    fn filter(self) -> LevelFilter {
        match self {
            LogLevel::Off => LevelFilter::OFF,
            LogLevel::Error => LevelFilter::ERROR,
            LogLevel::Warn => LevelFilter::WARN,
            LogLevel::Info => LevelFilter::INFO,
            LogLevel::Debug => LevelFilter::DEBUG,
            LogLevel::Trace => LevelFilter::TRACE,
        }
    }
}

/// Why logging could not start (the app runs on without it).
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// The log folder cannot be made or written.
    #[error("cannot write logs to {}: {reason}", .dir.display())]
    Folder {
        /// The folder.
        dir: PathBuf,
        /// Why.
        reason: String,
    },
    /// Another logger was set up first.
    #[error("a logger is already set up: {0}")]
    AlreadySet(String),
}

/// Keeps the writer thread alive; the last lines are flushed when it is dropped.
#[must_use = "dropping the guard stops logging"]
pub struct LogGuard {
    _writer: Option<WorkerGuard>,
}

/// Starts writing `level` and above to daily files in `dir` (made if missing).
pub fn init(level: LogLevel, dir: &Path) -> Result<LogGuard, LogError> {
    if level == LogLevel::Off {
        return Ok(LogGuard { _writer: None });
    }
    let folder = |reason: String| LogError::Folder {
        dir: dir.to_path_buf(),
        reason,
    };
    crate::files::create_private_dir(dir).map_err(|e| folder(e.to_string()))?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix(PREFIX)
        .filename_suffix("log")
        .max_log_files(KEPT_FILES)
        .build(dir)
        .map_err(|e| folder(e.to_string()))?;
    let appender = private_files::PrivateFiles::new(appender, dir.to_path_buf(), PREFIX);
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_max_level(level.filter())
        .try_init()
        .map_err(|e| LogError::AlreadySet(e.to_string()))?;
    Ok(LogGuard {
        _writer: Some(guard),
    })
}

/// `logs/` in the app's data directory.
pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}
