//! `ayon-rest-explorer run --save-responses DIR`, as CI runs it: the real binary against
//! the sandbox; the answers land in `DIR` with the session token masked.

use std::process::Output;

const BIN: &str = env!("CARGO_BIN_EXE_ayon-rest-explorer");

/// Runs `run ARGS` with no AYON_* of the developer's shell and a home of its own.
fn run(args: &[&str]) -> Output {
    let home = tempfile::tempdir().expect("home");
    let mut command = std::process::Command::new(BIN);
    command.arg("run").args(args);
    for (name, _) in std::env::vars() {
        if name.starts_with("AYON_") || name.ends_with("_PROXY") || name.ends_with("_proxy") {
            command.env_remove(name);
        }
    }
    command
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"));
    command.output().expect("run the binary")
}

#[test]
fn save_responses_writes_each_answer_with_the_token_masked() {
    let dir = tempfile::tempdir().expect("collection");
    let write = |path: &str, text: &str| {
        std::fs::write(dir.path().join(path), text).expect("write");
    };
    write(
        "collection.yml",
        "name: Saved\ndefaults:\n  auth_mode: none\n",
    );
    write(
        "1-log-in.yml",
        "name: Log in\nmethod: POST\nurl: /api/auth/login\nbody:\n  mode: json\n  text: '{\"name\": \"{{username}}\", \"password\": \"{{password}}\"}'\nexpect:\n  status: 200\ncapture:\n  token: $.token\n",
    );
    let saved = tempfile::tempdir().expect("saved");
    let out = saved.path().join("answers");
    let output = run(&[
        dir.path().to_str().expect("UTF-8 path"),
        "--sandbox",
        "--save-responses",
        out.to_str().expect("UTF-8 path"),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    let meta: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("001-log-in.json")).expect("the answer's file"),
    )
    .expect("JSON");
    assert_eq!(meta["status"], 200);
    assert_eq!(meta["bodyFile"], "001-log-in.body");
    let body = std::fs::read_to_string(out.join("001-log-in.body")).expect("the body");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("the body is JSON");
    assert_eq!(answer["token"], "•••", "{body}");
    let token = regex::Regex::new("[0-9a-f]{64}").expect("regex");
    assert!(!token.is_match(&body), "{body}");
}
