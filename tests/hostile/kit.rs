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
