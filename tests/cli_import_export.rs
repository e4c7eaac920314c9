//! `ayon-rest-explorer import` and `export`, driven as a migrating team or CI drives them:
//! the real binary, files the test writes, a home of its own per run (no keychain: the
//! secret store is the 0600 file in that home's data folder), then the exit code, the
//! printed preview and every written byte.

#[path = "support/mod.rs"]
mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use axum::Router;
use axum::routing::any;

use support::recording_server::{self, record_ok};

const BIN: &str = env!("CARGO_BIN_EXE_ayon-rest-explorer");

/// The secret the Postman collection carries in a header.
const API_KEY: &str = "sk-live-7f3a9c2e5b1d";
/// The bearer token of the curl command.
const BEARER: &str = "tok-4d8e2a6c9b0f";

/// A Postman v2.1 collection: a collection variable (`base_url`), a request in a folder
/// with a literal API key header (a secret to move), and a request with a test script
/// (not carried over).
fn postman(base_url: &str) -> String {
    serde_json::json!({
        "info": {
            "name": "Shop API",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
        },
        "variable": [{ "key": "base_url", "value": base_url }],
        "item": [
            {
                "name": "Items",
                "item": [{
                    "name": "List items",
                    "request": {
                        "method": "GET",
                        "url": "{{base_url}}/items",
                        "header": [{ "key": "X-Api-Key", "value": API_KEY }]
                    }
                }]
            },
            {
                "name": "Ping",
                "event": [{ "listen": "test", "script": { "exec": ["pm.test('up')"] } }],
                "request": { "method": "GET", "url": "{{base_url}}/ping" }
            }
        ]
    })
    .to_string()
}

/// A clean home: its own config and data folders, nothing of this machine's.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("home"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The secret store file the app falls back to without a keychain.
    fn secret_file(&self) -> PathBuf {
        self.path()
            .join("data")
            .join("ayon-rest-explorer")
            .join("secrets.json")
    }

    /// Runs the binary with `args`, `stdin` fed in, and `env` on top of a clean
    /// environment (no AYON_* of the developer's shell, no session bus: no keychain).
    fn run(&self, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
        let mut command = std::process::Command::new(BIN);
        command.args(args);
        for (name, _) in std::env::vars() {
            if name.starts_with("AYON_") || name.ends_with("_PROXY") || name.ends_with("_proxy") {
                command.env_remove(name);
            }
        }
        command
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("start the binary");
        if let Some(mut input) = child.stdin.take() {
            input
                .write_all(stdin.unwrap_or_default().as_bytes())
                .expect("feed stdin");
        }
        child.wait_with_output().expect("run the binary")
    }
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

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

/// Every file under `root` (relative path, bytes), sorted; a file is itself.
fn tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    if root.is_file() {
        return vec![(PathBuf::new(), std::fs::read(root).expect("read"))];
    }
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("list").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).expect("below root").to_path_buf();
                out.push((rel, std::fs::read(&path).expect("read")));
            }
        }
    }
    out.sort();
    out
}

/// Asserts `secret` is in no file under `root`.
fn assert_not_in(root: &Path, secret: &str) {
    for (path, bytes) in tree(root) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "the secret is in {}",
            path.display()
        );
    }
}

/// A work folder with the Postman collection written in it.
fn work(base_url: &str) -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().expect("work dir");
    let file = work.path().join("shop.postman_collection.json");
    std::fs::write(&file, postman(base_url)).expect("write the collection");
    (work, file)
}

#[test]
fn a_postman_collection_imports_with_its_preview_and_its_secret_in_the_store() {
    let home = Home::new();
    let (work, file) = work("http://127.0.0.1:9");
    let target = work.path().join("shop");
    let output = home.run(&["import", s(&file), s(&target)], None, &[]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 0, "{stdout}\n{stderr}");
    for expected in [
        "Postman Collection v2.1: \"Shop API\", 2 requests in 1 folders",
        "Environments (0): none",
        "2 collection variables",
        "never into the files): x_api_key",
        "1 secret values moved out of the requests",
        "Not carried over (1):",
        "Ping",
        "Imported 2 requests in 1 folders",
        "1 secret values went to the secret store",
    ] {
        assert!(stdout.contains(expected), "{expected:?} in\n{stdout}");
    }
    let files: Vec<PathBuf> = tree(&target).into_iter().map(|(p, _)| p).collect();
    for expected in [
        "collection.yml",
        "Items/list-items.yml",
        "ping.yml",
        "environments/imported.yml",
    ] {
        assert!(files.contains(&PathBuf::from(expected)), "{files:?}");
    }
    let request = std::fs::read_to_string(target.join("Items/list-items.yml")).expect("request");
    assert!(request.contains("{{x_api_key}}"), "{request}");
    assert_not_in(&target, API_KEY);
    // The value went to the secret store of this home, and to nothing else printed.
    let stored = std::fs::read_to_string(home.secret_file()).expect("the secret store file");
    assert!(stored.contains("x_api_key"), "{stored}");
    assert!(!stdout.contains(API_KEY) && !stderr.contains(API_KEY));
}

#[tokio::test(flavor = "multi_thread")]
async fn secrets_to_env_writes_a_private_file_the_runner_reads() {
    let server = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let url = server.url.clone();
    let outputs = tokio::task::spawn_blocking(move || {
        let home = Home::new();
        let (work, file) = work(&url);
        let target = work.path().join("shop");
        let env_file = work.path().join("ci.env");
        let import = home.run(
            &[
                "import",
                s(&file),
                s(&target),
                "--secrets-to-env",
                s(&env_file),
            ],
            None,
            &[],
        );
        let env_text = std::fs::read_to_string(&env_file).unwrap_or_default();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&env_file)
                .expect("the env file")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_not_in(&target, API_KEY);
        assert!(!home.secret_file().exists(), "nothing in the store");
        // CI: the env file's lines into the environment, then run.
        let env: Vec<(String, String)> = env_text
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let run = Home::new().run(&["run", s(&target), "--server", &url], None, &env);
        (import, env_text, run)
    })
    .await
    .expect("the binary");
    let (import, env_text, run) = outputs;
    let (stdout, stderr) = text(&import);
    assert_eq!(code(&import), 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("1 secret values went to"), "{stdout}");
    assert_eq!(env_text, format!("AYON_SECRET_X_API_KEY={API_KEY}\n"));
    let (stdout, stderr) = text(&run);
    assert_eq!(code(&run), 0, "{stdout}\n{stderr}");
    assert!(!stdout.contains(API_KEY), "{stdout}");
    let received = server.received();
    let items = received
        .iter()
        .find(|r| r.path_and_query == "/items")
        .expect("the request with the key arrived");
    assert_eq!(items.header("x-api-key"), Some(API_KEY));
}

#[test]
fn strict_exits_1_on_a_lossy_import_and_0_on_a_clean_one() {
    let home = Home::new();
    let (work, file) = work("http://127.0.0.1:9");
    let target = work.path().join("shop");
    let output = home.run(&["import", s(&file), s(&target), "--strict"], None, &[]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("Not carried over (1):"), "{stdout}");
    assert!(
        target.join("collection.yml").is_file(),
        "imported all the same"
    );
    let clean = work.path().join("clean");
    let output = home.run(
        &["import", "-", s(&clean), "--strict"],
        Some("curl https://api.example.com/api/info"),
        &[],
    );
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 0, "{stdout}\n{stderr}");
}

#[test]
fn unreadable_sources_and_unknown_formats_exit_2_naming_them() {
    let home = Home::new();
    let work = tempfile::tempdir().expect("work");
    let target = work.path().join("out");
    let missing = work.path().join("no-such-export.json");
    let output = home.run(&["import", s(&missing), s(&target)], None, &[]);
    let (_, stderr) = text(&output);
    assert_eq!(code(&output), 2, "{stderr}");
    assert!(stderr.contains("no-such-export.json"), "{stderr}");
    assert!(stderr.contains("no such file"), "{stderr}");

    let notes = work.path().join("notes.txt");
    std::fs::write(&notes, "just some notes, not a collection\n").expect("write");
    let output = home.run(&["import", s(&notes), s(&target)], None, &[]);
    let (_, stderr) = text(&output);
    assert_eq!(code(&output), 2, "{stderr}");
    assert!(stderr.contains("notes.txt"), "{stderr}");
    assert!(stderr.contains("not a format I know"), "{stderr}");

    let output = home.run(
        &["import", s(&notes), s(&target), "--format", "soap"],
        None,
        &[],
    );
    let (_, stderr) = text(&output);
    assert_eq!(code(&output), 2, "{stderr}");
    assert!(stderr.contains("soap"), "{stderr}");

    // A named format that does not fit says so.
    let output = home.run(
        &["import", s(&notes), s(&target), "--format", "postman"],
        None,
        &[],
    );
    let (_, stderr) = text(&output);
    assert_eq!(code(&output), 2, "{stderr}");
    assert!(stderr.contains("notes.txt"), "{stderr}");
    assert!(!target.exists(), "nothing written");
}

#[test]
fn an_existing_non_empty_target_exits_2_and_is_left_alone() {
    let home = Home::new();
    let (work, file) = work("http://127.0.0.1:9");
    let target = work.path().join("taken");
    std::fs::create_dir_all(&target).expect("folder");
    std::fs::write(target.join("keep.txt"), "mine").expect("write");
    let output = home.run(&["import", s(&file), s(&target)], None, &[]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 2, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("taken") && stderr.contains("not empty"),
        "{stderr}"
    );
    assert_eq!(tree(&target).len(), 1);
    // An empty folder is fine.
    let empty = work.path().join("empty");
    std::fs::create_dir_all(&empty).expect("folder");
    let output = home.run(&["import", s(&file), s(&empty)], None, &[]);
    assert_eq!(code(&output), 0, "{:?}", text(&output));
}

#[test]
fn a_curl_command_on_stdin_imports_with_its_token_moved() {
    let home = Home::new();
    let work = tempfile::tempdir().expect("work");
    let target = work.path().join("from-curl");
    let command = format!(
        "curl -X POST https://api.example.com/api/things -H 'Authorization: Bearer {BEARER}' \
         -H 'Content-Type: application/json' -d '{{\"name\": \"a\"}}'"
    );
    let output = home.run(&["import", "-", s(&target)], Some(&command), &[]);
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("curl command"), "{stdout}");
    assert!(stdout.contains("1 requests in 0 folders"), "{stdout}");
    assert!(
        stdout.contains("1 secret values went to the secret store"),
        "{stdout}"
    );
    assert_not_in(&target, BEARER);
    let requests: Vec<_> = tree(&target)
        .into_iter()
        .filter(|(p, _)| p.parent() == Some(Path::new("")) && p != Path::new("collection.yml"))
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    assert_eq!(requests.len(), 1, "{requests:?}");
    let request = String::from_utf8_lossy(&requests[0].1).into_owned();
    assert!(request.contains("method: POST"), "{request}");
    assert!(request.contains("/api/things"), "{request}");

    // Text that is no format says it came from standard input.
    let output = home.run(
        &["import", "-", s(&work.path().join("x"))],
        Some("hello"),
        &[],
    );
    let (_, stderr) = text(&output);
    assert_eq!(code(&output), 2, "{stderr}");
    assert!(stderr.contains("standard input"), "{stderr}");
}

#[test]
fn dry_run_prints_the_preview_and_writes_nothing() {
    let home = Home::new();
    let (work, file) = work("http://127.0.0.1:9");
    let target = work.path().join("shop");
    let env_file = work.path().join("ci.env");
    let output = home.run(
        &[
            "import",
            s(&file),
            s(&target),
            "--dry-run",
            "--secrets-to-env",
            s(&env_file),
        ],
        None,
        &[],
    );
    let (stdout, stderr) = text(&output);
    assert_eq!(code(&output), 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("2 requests in 1 folders"), "{stdout}");
    assert!(stdout.contains("Dry run: nothing was written."), "{stdout}");
    assert!(!target.exists());
    assert!(!env_file.exists());
    assert!(!home.secret_file().exists());
}

#[test]
fn an_env_file_inside_the_new_collection_is_refused() {
    let home = Home::new();
    let (work, file) = work("http://127.0.0.1:9");
    let target = work.path().join("shop");
    let inside = target.join("ci.env");
    let output = home.run(
        &[
            "import",
            s(&file),
            s(&target),
            "--secrets-to-env",
            s(&inside),
        ],
        None,
        &[],
    );
    let (_, stderr) = text(&output);
    assert_eq!(code(&output), 2, "{stderr}");
    assert!(stderr.contains("inside the new collection"), "{stderr}");
    assert!(!target.exists());
}

#[test]
fn every_export_format_writes_files_without_secrets() {
    let home = Home::new();
    let (work, file) = work("http://127.0.0.1:9");
    let collection = work.path().join("shop");
    let output = home.run(&["import", s(&file), s(&collection)], None, &[]);
    assert_eq!(code(&output), 0, "{:?}", text(&output));
    // A request saved by hand with a literal credential: exports write a reference.
    std::fs::write(
        collection.join("Items").join("create-item.yml"),
        format!(
            "name: Create item\nmethod: POST\nurl: \"{{{{base_url}}}}/items\"\nheaders:\n  - \
             name: Authorization\n    value: Bearer {BEARER}\nauth:\n  mode: none\n"
        ),
    )
    .expect("write a request");
    let out = work.path().join("exports");
    for format in [
        "postman",
        "opencollection",
        "curl",
        "httpie",
        "requests",
        "ayon_api",
    ] {
        let target = out.join(format);
        let output = home.run(
            &["export", s(&collection), "--format", format, s(&target)],
            None,
            &[],
        );
        let (stdout, stderr) = text(&output);
        assert_eq!(code(&output), 0, "{format}: {stdout}\n{stderr}");
        assert!(stdout.contains("Exported \"Shop API\""), "{stdout}");
        assert!(target.exists(), "{format}");
        assert_not_in(&target, API_KEY);
        assert_not_in(&target, BEARER);
        let written: Vec<String> = tree(&target)
            .into_iter()
            .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
            .collect();
        let all = written.join("\n");
        match format {
            "postman" => {
                let json: serde_json::Value =
                    serde_json::from_str(&all).expect("the Postman export is JSON");
                assert_eq!(json["info"]["name"], "Shop API", "{json}");
                let items = json["item"].as_array().expect("items");
                assert_eq!(items.len(), 2, "{json}");
            }
            "opencollection" => {
                assert!(target.join("opencollection.yml").is_file());
                for text in &written {
                    let _: serde_yaml_ng::Value =
                        serde_yaml_ng::from_str(text).expect("YAML files");
                }
            }
            "ayon_api" => assert!(all.contains("import ayon_api"), "{all}"),
            _ => {
                for name in ["List items", "Create item", "Ping"] {
                    assert!(all.contains(name), "{format}: {name} in\n{all}");
                }
            }
        }
    }
    // An OpenCollection export goes into a new folder only; a missing collection is named.
    let output = home.run(
        &[
            "export",
            s(&collection),
            "--format",
            "opencollection",
            s(&out.join("opencollection")),
        ],
        None,
        &[],
    );
    assert_eq!(code(&output), 2, "{:?}", text(&output));
    let missing = work.path().join("no-collection");
    let output = home.run(
        &[
            "export",
            s(&missing),
            "--format",
            "curl",
            s(&out.join("x.sh")),
        ],
        None,
        &[],
    );
    let (_, stderr) = text(&output);
    assert_eq!(code(&output), 2, "{stderr}");
    assert!(stderr.contains("no-collection"), "{stderr}");
}

#[test]
fn importing_twice_gives_byte_identical_trees() {
    let home = Home::new();
    let (work, file) = work("http://127.0.0.1:9");
    let (a, b) = (work.path().join("a"), work.path().join("b"));
    for target in [&a, &b] {
        let output = home.run(&["import", s(&file), s(target)], None, &[]);
        assert_eq!(code(&output), 0, "{:?}", text(&output));
    }
    let (tree_a, tree_b) = (tree(&a), tree(&b));
    assert!(tree_a.len() >= 5, "{tree_a:?}");
    assert_eq!(tree_a, tree_b);
}
