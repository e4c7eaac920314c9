//! What every attack needs: a collection folder written by "someone else", the runner as
//! CI starts it (a clean environment and a home of its own), a foreign server that records
//! what reaches it, and a check that no secret is in any output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use axum::Router;
use axum::routing::any;

use crate::support::recording_server::{self, RecordingServer, record_ok};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_ayon-rest-explorer");

/// A collection folder: `collection.yml` (auth none by default) plus `files` (relative
/// path, text).
pub fn collection(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "collection.yml",
        "name: Shared\ndefaults:\n  auth_mode: none\n",
    );
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

/// Writes `text` to `root/rel`, making folders.
pub fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folders");
    }
    std::fs::write(&path, text).expect("write a file");
    path
}

/// A server on its own loopback origin that records every request and answers 200.
pub async fn foreign_server() -> RecordingServer {
    recording_server::start(Router::new().route("/{*path}", any(record_ok))).await
}

/// What one run printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Both streams, for messages.
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    /// Fails the test when any of `secrets` appears in any output.
    pub fn assert_reveals_none(&self, secrets: &[&str]) {
        for secret in secrets {
            assert!(
                !self.all().contains(secret),
                "{secret:?} leaked:\n{}",
                self.all()
            );
        }
    }
}

/// Runs `ayon-rest-explorer run ARGS` as CI would: no AYON_* or proxy variables of the
/// developer's shell, a home of its own (no settings or stored secrets of this machine),
/// then `env`.
pub async fn run(args: Vec<String>, env: Vec<(String, String)>) -> Run {
    let home = tempfile::tempdir().expect("home");
    run_at_home(home.path(), args, env).await
}

/// [`run`] with `home` as the home folder (`home/config` and `home/data` its XDG config
/// and data folders), for a test that puts the app's own files there first.
pub async fn run_at_home(home: &Path, args: Vec<String>, env: Vec<(String, String)>) -> Run {
    let home = home.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let mut command = std::process::Command::new(BIN);
        command.arg("run").args(&args);
        for (name, _) in std::env::vars() {
            if name.starts_with("AYON_") || name.to_ascii_lowercase().ends_with("_proxy") {
                command.env_remove(name);
            }
        }
        command
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .envs(env);
        let output: Output = command.output().expect("run the binary");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    })
    .await
    .expect("the run finished")
}

/// `path` as text for an argument.
pub fn arg(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// How long a run may take before [`run_guarded`] kills it: a hang fails the test instead
/// of stalling the suite.
pub const RUN_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

/// [`run`], with `home` as the home (kept, so a test can look at what the run wrote), and
/// killed when it takes longer than `limit`: `None` then.
pub async fn run_guarded(
    args: Vec<String>,
    env: Vec<(String, String)>,
    home: PathBuf,
    limit: std::time::Duration,
) -> Option<Run> {
    tokio::task::spawn_blocking(move || {
        use std::io::Read;
        let mut command = std::process::Command::new(BIN);
        command.arg("run").args(&args);
        for (name, _) in std::env::vars() {
            if name.starts_with("AYON_") || name.to_ascii_lowercase().ends_with("_proxy") {
                command.env_remove(name);
            }
        }
        command
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .envs(env)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().expect("start the binary");
        let drain = |pipe: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut text = Vec::new();
                if let Some(mut pipe) = pipe {
                    let _ = pipe.read_to_end(&mut text);
                }
                String::from_utf8_lossy(&text).into_owned()
            })
        };
        let stdout = drain(
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        );
        let stderr = drain(
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        );
        let started = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for the binary") {
                break Some(status);
            }
            if started.elapsed() > limit {
                // Our own child, by its handle.
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let stdout = stdout.join().unwrap_or_default();
        let stderr = stderr.join().unwrap_or_default();
        status.map(|status| Run {
            code: status.code().unwrap_or(-1),
            stdout,
            stderr,
        })
    })
    .await
    .expect("the run finished")
}
