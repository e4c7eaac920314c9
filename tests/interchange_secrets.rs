//! Secrets of an import (issue 22, classes 3 and 4), with collection files written here:
//! a `Cookie` header moved whole into a secret keeps its `{{token}}`, which is filled in
//! at send time (the real binary over a loopback server); the mover recognises a secret
//! by what its key means where it stands and replaces it at that one place only.

#[path = "support/mod.rs"]
mod support;

use std::path::Path;
use std::process::Output;

use axum::Router;
use axum::routing::any;
use ayon_rest_explorer::interchange::secrets::move_secrets;
use ayon_rest_explorer::interchange::write::{WriteTarget, write_import};
use ayon_rest_explorer::interchange::{Imported, import_postman};

use support::recording_server::{self, record_ok};

const BIN: &str = env!("CARGO_BIN_EXE_ayon-rest-explorer");

/// The token the cookie carries: it must reach the server and never any output or file.
const TOKEN: &str = "c00k1e-7f3e9a51d2b84c06e1f5a9d3b7c2e4f8";

fn postman(items: &str, variables: &str) -> String {
    format!(
        r#"{{
  "info": {{
    "name": "Issue 22 secrets",
    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
  }},
  "variable": [{variables}],
  "item": [{items}]
}}"#
    )
}

/// Every file's text below `dir`.
fn all_text(dir: &Path) -> String {
    let mut out = String::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.push_str(&all_text(&path));
        } else {
            out.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
        }
    }
    out
}

/// `ayon-rest-explorer run ARGS` with a clean environment plus `env`.
fn run(args: &[&str], env: &[(String, String)]) -> Output {
    let home = tempfile::tempdir().expect("home");
    let mut command = std::process::Command::new(BIN);
    command.arg("run").args(args);
    for (name, _) in std::env::vars() {
        if name.starts_with("AYON_") || name.to_ascii_lowercase().ends_with("_proxy") {
            command.env_remove(name);
        }
    }
    command
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .envs(env.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    command.output().expect("run the binary")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reference_inside_a_moved_cookie_is_filled_in_at_send_time() {
    let item = r#"{
      "name": "Who am I",
      "request": {
        "method": "GET",
        "url": "/api/users/me",
        "auth": {"type": "noauth"},
        "header": [{"key": "Cookie", "value": "token={{token}};"}]
      }
    }"#;
    let variable = format!(r#"{{"key": "token", "value": "{TOKEN}"}}"#);
    let mut imported = import_postman(&postman(item, &variable)).expect("import");
    move_secrets(&mut imported);
    let draft = &imported.root.requests[0].draft;
    let cookie = draft
        .headers
        .iter()
        .find(|h| h.name == "Cookie")
        .expect("Cookie");
    assert_eq!(cookie.value, "{{cookie}}", "moved whole into a secret");
    let moved: Vec<_> = imported
        .variables
        .iter()
        .map(|v| (v.name.as_str(), v.secret))
        .collect();
    assert!(
        moved.contains(&("token", true)) && moved.contains(&("cookie", true)),
        "{moved:?}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("shop");
    let report = write_import(&imported, &WriteTarget::NewCollection(root.clone())).expect("write");
    assert!(
        !all_text(&root).contains(TOKEN),
        "no secret value in the files"
    );
    // The values the secret store would get, handed to the run as CI does.
    let env: Vec<(String, String)> = report
        .secret_values
        .iter()
        .map(|(_, name, value)| {
            (
                format!("AYON_SECRET_{}", name.to_ascii_uppercase()),
                value.expose().to_owned(),
            )
        })
        .collect();
    assert!(
        env.iter().any(|(_, v)| v == "token={{token}};"),
        "the cookie keeps its reference: {:?}",
        env.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    let environment = report
        .environments
        .first()
        .cloned()
        .expect("an environment");

    let server = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let url = server.url.clone();
    let root_arg = root.to_string_lossy().into_owned();
    let output = tokio::task::spawn_blocking(move || {
        run(&[&root_arg, "--env", &environment, "--server", &url], &env)
    })
    .await
    .expect("runner");
    let all = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.status.code(), Some(0), "{all}");
    let received = server.received();
    assert_eq!(received.len(), 1, "{all}");
    assert_eq!(
        received[0].header("cookie"),
        Some(format!("token={TOKEN};").as_str())
    );
    assert!(
        !all.contains(TOKEN),
        "the token leaked into the output:\n{all}"
    );
}

fn bodies(imported: &Imported) -> Vec<String> {
    imported
        .requests()
        .into_iter()
        .map(|(_, r)| r.draft.body_text.clone())
        .collect()
}

#[test]
fn the_mover_reads_keys_in_their_context_and_replaces_at_one_place() {
    let json_item = |name: &str, url: &str, body: &str| {
        let raw = serde_json::to_string(body).expect("a JSON string");
        format!(
            r#"{{"name": "{name}", "request": {{"method": "POST", "url": "{url}",
               "body": {{"mode": "raw", "raw": {raw}, "options": {{"raw": {{"language": "json"}}}}}}}}}}"#
        )
    };
    let terraform = "{\n  \"variable\": {\"key\": \"region\", \"value\": \"eu-west-1\"}\n}";
    let currency = "{\"code\": \"EUR\", \"token\": \"EUR\", \"amount\": 12}";
    let login = "{\n  \"name\": \"admin\",\n  \"password\": \"admin\"\n}";
    let items = [
        json_item(
            "Set a variable",
            "https://tf.example/api/v2/vars",
            terraform,
        ),
        json_item("Price", "https://shop.example/api/prices", currency),
        json_item("Log in", "{{server}}/api/auth/login", login),
    ]
    .join(",");
    let mut imported = import_postman(&postman(&items, "")).expect("import");
    assert_eq!(move_secrets(&mut imported), 1);
    let secrets: Vec<_> = imported
        .variables
        .iter()
        .map(|v| (v.name.as_str(), v.value.as_str(), v.secret))
        .collect();
    assert_eq!(secrets, [("password", "admin", true)]);
    assert_eq!(
        bodies(&imported),
        [
            terraform.to_string(),
            currency.to_string(),
            // The name holds the same text as the password and keeps it.
            "{\n  \"name\": \"admin\",\n  \"password\": \"{{password}}\"\n}".to_string(),
        ]
    );
}
