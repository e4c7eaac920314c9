//! The headless runner, driven as CI drives it: the real binary, a collection folder on
//! disk, real HTTP to the sandbox (or the AYON server of `AYON_TEST_SERVER_URL`) or a
//! small recording server, then the exit code, the output and the report files.

#[path = "support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use axum::Router;
use axum::routing::any;
use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};

use support::raw_server::{self, Behaviour};
use support::recording_server::{self, record_ok};
use support::target::unique_name;

const BIN: &str = env!("CARGO_BIN_EXE_ayon-rest-explorer");

/// Writes a collection: `collection.yml` plus `files` (relative path, text).
fn collection(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("collection.yml"),
        "name: Runner test\ndefaults:\n  auth_mode: none\n",
    )
    .expect("write collection.yml");
    for (path, text) in files {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folders");
        }
        std::fs::write(path, text).expect("write a request");
    }
    dir
}

/// Runs the binary with a clean environment: no AYON_* of the developer's shell, and a
/// home of its own (no settings or stored secrets of this machine).
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
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
        .env("XDG_DATA_HOME", home.path().join("data"))
        .envs(env.iter().copied());
    command.output().expect("run the binary")
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

#[test]
fn the_shipped_getting_started_collection_passes_against_the_sandbox() {
    let assets = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/getting-started");
    let output = run(&[path_str(&assets), "--sandbox"], &[]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("10 request(s): 10 passed"), "{stdout}");
    assert!(stdout.contains("PASS  Log in"), "{stdout}");
    assert!(stdout.contains("captured: token"), "{stdout}");
    // The captured session token is masked wherever it would show.
    let token = regex::Regex::new("[0-9a-f]{64}").expect("regex");
    assert!(!token.is_match(&stdout), "{stdout}");
}

const FAILING: &str = "name: Who am I, wrongly\nmethod: GET\nurl: /api/users/me\nexpect:\n  status: 201\n  json:\n    - path: $.name\n      equals: nobody\n";

#[test]
fn a_failing_assertion_exits_1_with_expected_and_actual() {
    let dir = collection(&[
        (
            "log-in.yml",
            "name: Log in\nmethod: POST\nurl: /api/auth/login\nbody:\n  mode: json\n  text: '{\"name\": \"{{username}}\", \"password\": \"{{password}}\"}'\ncapture:\n  token: $.token\n",
        ),
        (
            "who-am-i.yml",
            &FAILING.replace(
                "name: Who am I, wrongly\n",
                "name: Who am I, wrongly\nauth:\n  mode: session\n",
            ),
        ),
    ]);
    std::fs::write(
        dir.path().join("folder.yml"),
        "order:\n  - log-in\n  - who-am-i\n",
    )
    .expect("order");
    let output = run(&[path_str(dir.path()), "--sandbox"], &[]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("FAIL  Who am I, wrongly"), "{stdout}");
    assert!(stdout.contains("✗ status is 201"), "{stdout}");
    assert!(
        stdout.contains("expected: 201") && stdout.contains("actual:   200"),
        "{stdout}"
    );
    assert!(
        stdout.contains("expected: \"nobody\"") && stdout.contains("actual:   \"admin\""),
        "{stdout}"
    );
    assert!(stdout.contains("1 passed, 1 failed"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn captures_chain_log_in_then_who_am_i_and_secrets_never_show() {
    // A seeded password nobody else uses: the scan below must never find it.
    let password = unique_name("Seeded_pw");
    let (url, admin, _sandbox) = match std::env::var("AYON_TEST_SERVER_URL") {
        Ok(url) if !url.trim().is_empty() => (
            url.trim().to_owned(),
            std::env::var("AYON_TEST_ADMIN_NAME").unwrap_or_else(|_| "admin".into()),
            None,
        ),
        _ => {
            let sandbox = Sandbox::start(SandboxConfig {
                admin_password: password.clone(),
                ..SandboxConfig::default()
            })
            .await
            .expect("sandbox");
            (
                sandbox.base_url().to_string(),
                sandbox.admin_name().to_string(),
                Some(sandbox),
            )
        }
    };
    let password = match std::env::var("AYON_TEST_SERVER_URL") {
        Ok(u) if !u.trim().is_empty() => {
            std::env::var("AYON_TEST_ADMIN_PASSWORD").unwrap_or_else(|_| "admin".into())
        }
        _ => password,
    };
    let api_key = "seededapikey0000000000000000seed";
    let dir = collection(&[
        (
            "environments/ci.yml",
            &format!(
                "variables:\n  - name: username\n    value: {admin}\n  - name: password\n    secret: true\n"
            ),
        ),
        (
            "1-log-in.yml",
            "name: Log in\nmethod: POST\nurl: /api/auth/login\nbody:\n  mode: json\n  text: '{\"name\": \"{{username}}\", \"password\": \"{{password}}\"}'\nexpect:\n  status: 200\n  json:\n    - path: $.token\n      matches: ^[0-9a-f]{64}$\ncapture:\n  token: $.token\n",
        ),
        (
            "2-who-am-i.yml",
            "name: Who am I\nmethod: GET\nurl: /api/users/me\nauth:\n  mode: session\nexpect:\n  status: 200\n  json:\n    - path: $.name\n      equals: \"{{username}}\"\n",
        ),
        (
            // Fails on purpose: its report shows the token the server gave back.
            "3-echo-token.yml",
            "name: Log in again\nmethod: POST\nurl: /api/auth/login\nbody:\n  mode: json\n  text: '{\"name\": \"{{username}}\", \"password\": \"{{password}}\"}'\nexpect:\n  json:\n    - path: $\n      equals: nothing\n",
        ),
    ]);
    let reports = tempfile::tempdir().expect("reports");
    let mut outputs = Vec::new();
    for (reporter, file) in [
        ("human", "out.txt"),
        ("json", "out.json"),
        ("junit", "out.xml"),
    ] {
        let report = reports.path().join(file);
        let output = tokio::task::spawn_blocking({
            let (dir, url, password, report) = (
                dir.path().to_path_buf(),
                url.clone(),
                password.clone(),
                report.clone(),
            );
            move || {
                run(
                    &[
                        path_str(&dir),
                        "--env",
                        "ci",
                        "--server",
                        &url,
                        "--reporter",
                        reporter,
                        "--output",
                        path_str(&report),
                    ],
                    &[
                        ("AYON_SECRET_PASSWORD", password.as_str()),
                        ("AYON_API_KEY", api_key),
                    ],
                )
            }
        })
        .await
        .expect("runner");
        let (stdout, stderr) = text(&output);
        assert_eq!(code(&output), 1, "{reporter}: {stdout}\n{stderr}");
        assert!(stdout.contains("PASS  Who am I"), "chained: {stdout}");
        assert!(stdout.contains("FAIL  Log in again"), "{stdout}");
        let written = std::fs::read_to_string(&report).expect("report file");
        outputs.push((reporter, stdout, stderr, written));
    }
    let token = regex::Regex::new("[0-9a-f]{64}").expect("regex");
    for (reporter, stdout, stderr, written) in &outputs {
        for text in [stdout, stderr, written] {
            assert!(
                !text.contains(&password),
                "{reporter} shows the password: {text}"
            );
            assert!(
                !text.contains(api_key),
                "{reporter} shows the API key: {text}"
            );
            assert!(
                !token.is_match(text),
                "{reporter} shows a session token: {text}"
            );
        }
        assert!(
            written.contains("***"),
            "{reporter}: the token is masked, not dropped"
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&outputs[1].3).expect("the JSON report parses");
    assert_eq!(json["summary"]["passed"], 2);
    assert_eq!(json["summary"]["failed"], 1);
    assert_eq!(json["requests"][0]["captured"][0], "token");
    assert_eq!(json["requests"][1]["status"], 200);
}

#[test]
fn junit_has_the_shape_ci_systems_read() {
    let dir = collection(&[
        (
            "a-ok.yml",
            "name: Info\nmethod: GET\nurl: /api/info\nexpect:\n  status: 200\n",
        ),
        (
            "b-wrong.yml",
            "name: Info <wrong> & \"quoted\"\nmethod: GET\nurl: /api/info\nexpect:\n  status: 418\n",
        ),
        (
            "sub/c-refused.yml",
            "name: Nowhere\nmethod: GET\nurl: http://127.0.0.1:9/x\n",
        ),
    ]);
    let report = dir.path().join("junit.xml");
    let output = run(
        &[
            path_str(dir.path()),
            "--sandbox",
            "--reporter",
            "junit",
            "--output",
            path_str(&report),
        ],
        &[],
    );
    assert_eq!(code(&output), 1, "{:?}", text(&output));
    let xml = std::fs::read_to_string(&report).expect("report");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("3"));
    assert_eq!(root.attribute("failures"), Some("1"));
    assert_eq!(root.attribute("errors"), Some("1"));
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0].attribute("name"), Some("Runner test"));
    let cases: Vec<_> = suites[0]
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3);
    for case in &cases {
        assert!(case.attribute("classname").is_some() && case.attribute("name").is_some());
        let time: f64 = case
            .attribute("time")
            .expect("time")
            .parse()
            .expect("a number");
        assert!(time >= 0.0);
    }
    assert_eq!(
        cases[1].attribute("name"),
        Some("Info <wrong> & \"quoted\"")
    );
    let failure = cases[1]
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failure element");
    assert!(
        failure
            .attribute("message")
            .is_some_and(|m| m.contains("status is 418"))
    );
    assert!(failure.text().is_some_and(|t| t.contains("actual:   200")));
    assert_eq!(cases[2].attribute("classname"), Some("Runner test.sub"));
    assert!(cases[2].children().any(|n| n.has_tag_name("error")));
    assert!(
        cases[0]
            .children()
            .all(|n| !n.has_tag_name("failure") && !n.has_tag_name("error"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_expect_names_file_and_line_and_nothing_is_sent() {
    let server = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let dir = collection(&[
        ("a-fine.yml", "name: Fine\nmethod: GET\nurl: /api/info\n"),
        (
            "b-broken.yml",
            "name: Broken\nmethod: GET\nurl: /api/info\nexpect:\n  status: 200\n  json:\n    - path: $.items[\n      exists: true\n",
        ),
    ]);
    let root = dir.path().to_path_buf();
    let url = server.url.clone();
    let output =
        tokio::task::spawn_blocking(move || run(&[path_str(&root), "--server", &url], &[]))
            .await
            .expect("runner");
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 2, "{stdout}\n{stderr}");
    assert!(stderr.contains("b-broken.yml:7"), "file and line: {stderr}");
    assert!(stderr.contains("not valid JSONPath"), "{stderr}");
    assert!(server.received().is_empty(), "nothing may be sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_failing_mid_run_is_reported_and_the_run_goes_on_unless_bail() {
    let server = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let dir = collection(&[
        (
            "1-ok.yml",
            "name: First\nmethod: GET\nurl: /one\nexpect:\n  status: 200\n",
        ),
        (
            "2-refused.yml",
            "name: Refused\nmethod: GET\nurl: http://127.0.0.1:9/nowhere\n",
        ),
        (
            "3-ok.yml",
            "name: Third\nmethod: GET\nurl: /three\nexpect:\n  json:\n    - path: $.ok\n      equals: true\n",
        ),
    ]);
    for (bail, expect_sent) in [(false, 2), (true, 1)] {
        let (root, url) = (dir.path().to_path_buf(), server.url.clone());
        let before = server.received().len();
        let output = tokio::task::spawn_blocking(move || {
            let mut args = vec![path_str(&root).to_owned(), "--server".to_owned(), url];
            if bail {
                args.push("--bail".to_owned());
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            run(&args, &[])
        })
        .await
        .expect("runner");
        let (stdout, stderr) = text(&output);
        assert_eq!(code(&output), 1, "{stdout}\n{stderr}");
        assert!(stdout.contains("ERROR Refused"), "{stdout}");
        assert!(stdout.contains("error: "), "{stdout}");
        assert_eq!(
            server.received().len() - before,
            expect_sent,
            "bail={bail}: {stdout}"
        );
        if bail {
            assert!(
                stdout.contains("SKIP  Third") && stdout.contains("1 skipped"),
                "{stdout}"
            );
        } else {
            assert!(stdout.contains("PASS  Third"), "{stdout}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn ayon_server_url_and_ayon_api_key_are_honoured() {
    let server = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let dir = collection(&[(
        "me.yml",
        "name: Me\nmethod: GET\nurl: /api/users/me\nauth:\n  mode: session\nexpect:\n  status: 200\n",
    )]);
    let (root, url) = (dir.path().to_path_buf(), server.url.clone());
    let key = "k".repeat(32);
    let output = tokio::task::spawn_blocking({
        let key = key.clone();
        move || {
            run(
                &[path_str(&root)],
                &[("AYON_SERVER_URL", &url), ("AYON_API_KEY", &key)],
            )
        }
    })
    .await
    .expect("runner");
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 0, "{stdout}\n{stderr}");
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].path_and_query, "/api/users/me");
    assert_eq!(received[0].header("x-api-key"), Some(key.as_str()));
    assert!(!stdout.contains(&key), "{stdout}");
}

/// Runs the binary on a blocking thread (the recording servers answer on this runtime).
async fn run_async(args: Vec<String>, env: Vec<(String, String)>) -> Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        run(&args, &env)
    })
    .await
    .expect("runner")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_collection_of_full_urls_runs_without_a_server() {
    let server = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let dir = collection(&[
        (
            "environments/ci.yml",
            &format!("variables:\n  - name: base\n    value: {}\n", server.url),
        ),
        (
            "1-typed.yml",
            &format!(
                "name: A full URL typed in\nmethod: GET\nurl: {}/api/info\nexpect:\n  status: 200\n",
                server.url
            ),
        ),
        (
            "2-from-env.yml",
            "name: B full URL from the environment\nmethod: POST\nurl: \"{{base}}/api/echo?x=1\"\nbody:\n  mode: json\n  text: '{\"a\": 1}'\nexpect:\n  json:\n    - path: $.ok\n      equals: true\n",
        ),
    ]);
    let report = dir.path().join("report.json");
    let output = run_async(
        vec![
            path_str(dir.path()).to_owned(),
            "--reporter".into(),
            "json".into(),
            "--output".into(),
            path_str(&report).to_owned(),
        ],
        Vec::new(),
    )
    .await;
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("2 request(s): 2 passed"), "{stdout}");
    let received = server.received();
    let paths: Vec<&str> = received.iter().map(|r| r.path_and_query.as_str()).collect();
    assert_eq!(paths, ["/api/info", "/api/echo?x=1"]);
    assert_eq!(received[1].body, br#"{"a": 1}"#);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("JSON");
    assert_eq!(json["server"], serde_json::Value::Null, "no server: {json}");
    assert_eq!(json["summary"]["passed"], 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_relative_url_without_a_server_exits_2_naming_the_request() {
    let server = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let dir = collection(&[
        (
            "a-full.yml",
            &format!("name: Full\nmethod: GET\nurl: {}/api/info\n", server.url),
        ),
        (
            "sub/b-relative.yml",
            "name: List projects here\nmethod: GET\nurl: /api/projects\n",
        ),
        (
            "sub/c-relative.yml",
            "name: Then who am I\nmethod: GET\nurl: /api/users/me\n",
        ),
    ]);
    let root = path_str(dir.path()).to_owned();
    let output = run_async(vec![root.clone()], Vec::new()).await;
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 2, "{stdout}\n{stderr}");
    assert!(stderr.contains("no server to send to"), "{stderr}");
    assert!(
        stderr.contains(
            "\"List projects here\" (sub/b-relative.yml) has the relative URL /api/projects"
        ),
        "the first request with a relative URL is named: {stderr}"
    );
    assert!(
        !stderr.contains("Then who am I"),
        "only the first: {stderr}"
    );
    assert!(stderr.contains("--server"), "{stderr}");
    assert!(server.received().is_empty(), "nothing may be sent");

    // Narrowed to the request with a full URL, the run needs no server.
    let output = run_async(vec![root, "--request".into(), "a-full".into()], Vec::new()).await;
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 0, "{stdout}\n{stderr}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_go_only_to_the_runs_server() {
    let server = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let other = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let key = "c".repeat(32);
    let dir = collection(&[(
        "me.yml",
        &format!(
            "name: Me\nmethod: GET\nurl: {}/api/users/me\nauth:\n  mode: session\n",
            server.url
        ),
    )]);
    let root = path_str(dir.path()).to_owned();
    let with_key = vec![("AYON_API_KEY".to_owned(), key.clone())];

    // No server: the key has nowhere it may go; the request is not sent.
    let output = run_async(vec![root.clone()], with_key.clone()).await;
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("ERROR Me"), "{stdout}");
    assert!(stdout.contains("this run has none"), "{stdout}");
    assert!(
        stdout.contains(&format!("pass --server {} to trust", server.url)),
        "{stdout}"
    );
    assert!(server.received().is_empty(), "nothing may be sent");

    // Another server: still not sent to this one, nor to the other.
    let output = run_async(
        vec![root.clone(), "--server".into(), other.url.clone()],
        with_key.clone(),
    )
    .await;
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 1, "{stdout}\n{stderr}");
    assert!(
        stdout.contains(&format!("run's server {}", other.url)),
        "{stdout}"
    );
    assert!(server.received().is_empty() && other.received().is_empty());

    // Its own server: sent, with the key.
    let output = run_async(vec![root, "--server".into(), server.url.clone()], with_key).await;
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 0, "{stdout}\n{stderr}");
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].header("x-api-key"), Some(key.as_str()));
    assert!(!stdout.contains(&key), "{stdout}");
}

#[test]
fn usage_and_configuration_errors_exit_2() {
    let dir = collection(&[("a.yml", "name: A\nmethod: GET\nurl: /a\n")]);
    let root = path_str(dir.path());
    let cases: [(&[&str], &str); 7] = [
        (
            &["/no/such/collection", "--sandbox"],
            "is not a collection folder",
        ),
        (
            &[root, "--sandbox", "--env", "nope"],
            "has no environment \"nope\"",
        ),
        (
            &[root, "--sandbox", "--folder", "nope"],
            "has no folder nope",
        ),
        (
            &[root, "--sandbox", "--request", "nope.yml"],
            "has no request nope.yml",
        ),
        (&[root], "no server to send to"),
        (&[root, "--reporter", "xml"], "invalid value 'xml'"),
        (
            &[root, "--sandbox", "--output", "/no/such/folder/report.xml"],
            "its folder does not exist",
        ),
    ];
    for (args, words) in cases {
        let output = run(args, &[]);
        let (stdout, stderr) = text(&output);
        assert_eq!(code(&output), 2, "{args:?}: {stdout}\n{stderr}");
        assert!(stderr.contains(words), "{args:?}: {stderr}");
    }
}

#[test]
fn a_broken_environment_file_is_named_with_its_line() {
    let dir = collection(&[
        ("a.yml", "name: A\nmethod: GET\nurl: /api/info\n"),
        (
            "environments/ci.yml",
            "variables:\n  - name: x\n    value: 1\n",
        ),
        ("environments/ci.local.yml", "variables:\n  - nam: x\n"),
    ]);
    let output = run(&[path_str(dir.path()), "--sandbox", "--env", "ci"], &[]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 2, "{stdout}\n{stderr}");
    assert!(stderr.contains("ci.local.yml:"), "{stderr}");
}

#[test]
fn one_request_or_one_folder_can_be_run() {
    let dir = collection(&[
        ("top.yml", "name: Top\nmethod: GET\nurl: /api/info\n"),
        (
            "sub/inner.yml",
            "name: Inner\nmethod: GET\nurl: /api/info\n",
        ),
    ]);
    let root = path_str(dir.path());
    let output = run(&[root, "--sandbox", "--folder", "sub"], &[]);
    let (stdout, _) = text(&output);
    assert_eq!(code(&output), 0, "{stdout}");
    assert!(
        stdout.contains("PASS  Inner") && !stdout.contains("Top"),
        "{stdout}"
    );
    let output = run(&[root, "--sandbox", "--request", "top"], &[]);
    let (stdout, _) = text(&output);
    assert_eq!(code(&output), 0, "{stdout}");
    assert!(
        stdout.contains("PASS  Top") && !stdout.contains("Inner"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_timeout_names_the_runners_flag_not_the_windows_settings() {
    let url = raw_server::start(Behaviour::Silent(Duration::from_secs(30))).await;
    let dir = collection(&[("silent.yml", "name: Silent\nmethod: GET\nurl: /silent\n")]);
    let root = dir.path().to_path_buf();
    let output = tokio::task::spawn_blocking(move || {
        run(&[path_str(&root), "--server", &url, "--timeout", "1"], &[])
    })
    .await
    .expect("runner");
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("ERROR Silent"), "{stdout}");
    assert!(
        stdout.contains("Raise it with --timeout SECONDS."),
        "{stdout}"
    );
    assert!(!stdout.contains("Settings"), "{stdout}");
}

/// GraphQL answers are JSON like any other: `expect:` tests `$.errors` of an unknown
/// project (AYON answers 200 with `data: null` and `extensions.status: 404`), and a
/// request that wrongly expects no errors fails with the errors as its actual value.
#[test]
fn expect_tests_graphql_errors_like_any_json() {
    let missing = unique_name("no_such_project");
    let graphql = |name: &str, checks: &str| {
        format!(
            "name: {name}\nmethod: POST\nurl: /graphql\nauth:\n  mode: session\nbody:\n  mode: graphql\n  query: 'query P($name: String!) {{ project(name: $name) {{ name }} }}'\n  variables: '{{\"name\": \"{missing}\"}}'\nexpect:\n  status: 200\n  json:\n{checks}"
        )
    };
    let dir = collection(&[
        (
            "1-log-in.yml",
            "name: Log in\nmethod: POST\nurl: /api/auth/login\nbody:\n  mode: json\n  text: '{\"name\": \"{{username}}\", \"password\": \"{{password}}\"}'\ncapture:\n  token: $.token\n",
        ),
        (
            "2-unknown-project.yml",
            &graphql(
                "Unknown project",
                "    - path: $.errors[0].extensions.status\n      equals: 404\n    - path: $.errors[0].message\n      matches: (?i)not found\n    - path: $.data\n      equals: null\n",
            ),
        ),
        (
            "3-expects-no-errors.yml",
            &graphql(
                "Expects no errors",
                "    - path: $.errors\n      exists: false\n",
            ),
        ),
    ]);
    std::fs::write(
        dir.path().join("folder.yml"),
        "order:\n  - 1-log-in\n  - 2-unknown-project\n  - 3-expects-no-errors\n",
    )
    .expect("order");
    let real = std::env::var("AYON_TEST_SERVER_URL")
        .ok()
        .filter(|u| !u.trim().is_empty());
    let output = match &real {
        Some(url) => {
            let admin = std::env::var("AYON_TEST_ADMIN_NAME").unwrap_or_else(|_| "admin".into());
            std::fs::create_dir_all(dir.path().join("environments")).expect("folder");
            std::fs::write(
                dir.path().join("environments/ci.yml"),
                format!(
                    "variables:\n  - name: username\n    value: {admin}\n  - name: password\n    secret: true\n"
                ),
            )
            .expect("environment");
            let password =
                std::env::var("AYON_TEST_ADMIN_PASSWORD").unwrap_or_else(|_| "admin".into());
            run(
                &[path_str(dir.path()), "--env", "ci", "--server", url],
                &[("AYON_SECRET_PASSWORD", password.as_str())],
            )
        }
        None => run(&[path_str(dir.path()), "--sandbox"], &[]),
    };
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("PASS  Unknown project"), "{stdout}");
    assert!(stdout.contains("✓ $.data equals null"), "{stdout}");
    assert!(stdout.contains("FAIL  Expects no errors"), "{stdout}");
    assert!(
        stdout.contains("Project not found"),
        "the actual errors are shown: {stdout}"
    );
}
