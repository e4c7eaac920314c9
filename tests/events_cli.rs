//! `ayon-rest-explorer events` as a terminal or CI runs it: the real binary against a fake
//! AYON (REST `GET /api/users/me` and a scripted `/ws`), stopped with Ctrl+C (SIGINT).

#[path = "../crates/runner/tests/support/fake_ayon.rs"]
mod fake_ayon;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_ayon::{FakeAyon, Ws, event};

const BIN: &str = env!("CARGO_BIN_EXE_ayon-rest-explorer");
const KEY: &str = "fe26e0c1b2a3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4bb491";

/// A guard against a hang, not a speed check.
const PATIENCE: Duration = Duration::from_secs(30);

/// `events` with a clean environment (no AYON_* or proxy of the developer's shell, a home
/// of its own) plus `env`.
fn events(args: &[&str], env: &[(&str, &str)], home: &tempfile::TempDir) -> Child {
    let mut command = Command::new(BIN);
    command.arg("events").args(args);
    for (name, _) in std::env::vars() {
        if name.starts_with("AYON_") || name.ends_with("_PROXY") || name.ends_with("_proxy") {
            command.env_remove(name);
        }
    }
    command
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the binary")
}

/// Waits for the exit code (killing it past PATIENCE); returns it with stderr.
fn finish(mut child: Child) -> (i32, String) {
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > PATIENCE {
            let _ = child.kill();
            panic!("the binary did not end");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    (status.code().unwrap_or(-1), stderr)
}

#[test]
fn two_events_print_as_two_json_lines_and_ctrl_c_exits_0() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let created = event("e1", "entity.project.created", "Created project demo");
    let deleted = event("e2", "entity.project.deleted", "Deleted project demo");
    let server = runtime.block_on(FakeAyon::start(
        KEY,
        Ws::Frames(vec![created.clone(), deleted.clone()]),
    ));
    let home = tempfile::tempdir().expect("home");
    let mut child = events(
        &["--server", &server.url, "--json"],
        &[("AYON_API_KEY", KEY)],
        &home,
    );
    let stdout = child.stdout.take().expect("stdout");
    let (tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let first = lines.recv_timeout(PATIENCE).expect("a first line");
    let second = lines.recv_timeout(PATIENCE).expect("a second line");
    assert_eq!(first, created);
    assert_eq!(second, deleted);

    // Ctrl+C.
    let pid = child.id().to_string();
    let killed = Command::new("kill").args(["-INT", &pid]).status();
    assert!(killed.is_ok_and(|s| s.success()));
    let (code, stderr) = finish(child);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains(KEY), "{stderr}");
    assert!(stderr.contains("2 event(s)"), "{stderr}");
    assert!(lines.recv_timeout(Duration::from_millis(100)).is_err());

    // The key's session was opened over REST first; the auth frame carried the key.
    let log = server.log();
    assert_eq!(log.first(), Some(&format!("rest {KEY}")), "{log:?}");
    let auth: serde_json::Value = log
        .get(1)
        .and_then(|l| serde_json::from_str(l.trim_start_matches("ws ")).ok())
        .unwrap_or_default();
    assert_eq!(auth["topic"], "auth");
    assert_eq!(auth["token"], KEY);
}

#[test]
fn a_stream_that_does_not_take_the_key_exits_3_naming_the_server() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(FakeAyon::start(KEY, Ws::Silent));
    let home = tempfile::tempdir().expect("home");
    let child = events(&["--server", &server.url], &[("AYON_API_KEY", KEY)], &home);
    let (code, stderr) = finish(child);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("not authorised"), "{stderr}");
    assert!(stderr.contains(&server.url), "{stderr}");
    assert!(!stderr.contains(KEY), "{stderr}");
}
