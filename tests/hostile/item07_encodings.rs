//! 7. Secrets were not masked once percent-encoded (a value with a space, `ü` or `"`
//!    appeared encoded in human, JSON and JUnit output, in check values and in history),
//!    and values substituted into a URL were not encoded, so `#`, `&`, `/` changed the URL.
//!    Now a value put into a URL's path or query is percent-encoded for its place, and
//!    every output masks the secret in every form: raw, percent-encoded, form-encoded,
//!    JSON-escaped, and base64 of `user:secret`.

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::routing::any as route_any;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use ayon_rest_explorer::collection::format::RequestFile;
use ayon_rest_explorer::collection::history::HistoryEntry;
use ayon_rest_explorer::collection::secrets::SecretBindings;
use ayon_rest_explorer::collection::variables::{Source, VariableSet};
use ayon_rest_explorer::pipeline::{CredentialScope, SendContext, prepare};
use ayon_rest_explorer::runner::{self, ReporterKind, RunContext, RunOptions};
use ayon_rest_explorer::secret::Secret;

use crate::kit::{arg, collection, run};
use crate::support::recording_server::{self, Log, RecordingServer, record};

/// The request: the secret in a path segment, the query and the body; its check fails on
/// purpose, so the report shows what the server echoed.
const ECHO: &str = "name: Echo\nmethod: POST\nurl: /echo/{{pw}}/end?t={{pw}}&after=1\nbody:\n  mode: text\n  text: \"pw={{pw}}\"\nexpect:\n  status: 200\n  json:\n    - path: $.echo\n      equals: nothing\n";

const ENV: &str = "variables:\n  - name: pw\n    secret: true\n";

/// Echoes what arrived, and the secret (the `t` parameter) in the forms a server may
/// send back: as received, form-encoded, and in a Basic credential.
async fn echo_server() -> RecordingServer {
    recording_server::start(
        Router::new().route(
            "/{*path}",
            route_any(
                |State(log): State<Log>,
                 method: Method,
                 uri: Uri,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    record(&log, &method, &uri, &headers, &body);
                    let query = uri.query().unwrap_or_default().to_owned();
                    let secret = url::form_urlencoded::parse(query.as_bytes())
                        .find(|(k, _)| k == "t")
                        .map(|(_, v)| v.into_owned())
                        .unwrap_or_default();
                    let form: String =
                        url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
                    axum::Json(serde_json::json!({ "echo": {
                        "path": uri.path(),
                        "query": query,
                        "body": String::from_utf8_lossy(&body),
                        "secret": secret,
                        "form": form,
                        "basic": format!("Basic {}", STANDARD.encode(format!("ayon:{secret}"))),
                    }}))
                },
            ),
        ),
    )
    .await
}

/// Every byte but RFC 3986 unreserved characters as `%XX`.
fn percent(secret: &str) -> String {
    secret
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The forms of `secret` no output may hold, by name.
fn forms(secret: &str) -> Vec<(&'static str, String)> {
    let json = serde_json::to_string(secret).unwrap_or_default();
    vec![
        ("raw", secret.to_owned()),
        ("percent-encoded", percent(secret)),
        (
            "form-encoded",
            url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        ),
        ("JSON-escaped", json[1..json.len() - 1].to_owned()),
        (
            "base64 of user:pass",
            STANDARD.encode(format!("ayon:{secret}")),
        ),
    ]
}

/// Fails when `output` (called `what`) holds any form of `secret`.
fn assert_none(what: &str, output: &str, secret: &str) {
    for (form, text) in forms(secret) {
        assert!(
            !output.contains(&text),
            "{what} holds the {form} secret {text:?}:\n{output}"
        );
    }
}

/// The runner's output for the echo request with `secret`, as `reporter` writes it.
async fn runner_output(
    folder: &std::path::Path,
    server: &str,
    secret: &str,
    reporter: ReporterKind,
) -> String {
    let options = RunOptions {
        collection: folder.to_path_buf(),
        environment: Some("ci".into()),
        folder: None,
        request: None,
        reporter,
        output: None,
        bail: false,
        timeout: Duration::from_secs(10),
        server: Some(server.to_owned()),
        allow_hosts: Vec::new(),
        allow_files: Vec::new(),
        skip_unreadable: false,
        save_responses: None,
    };
    let value = secret.to_owned();
    let context = RunContext {
        env: Box::new(move |name: &str| (name == "AYON_SECRET_PW").then(|| value.clone())),
        secret_store: None,
        client_options: Default::default(),
        sandbox: None,
        protected_folders: Vec::new(),
    };
    let mut console = Vec::new();
    match runner::run(&options, context, &mut console).await {
        Ok(_) => String::from_utf8_lossy(&console).into_owned(),
        Err(problem) => panic!("the run did not start: {problem}"),
    }
}

/// The history line the window writes for the echo request with `secret`, with an error
/// that quotes the secret in every form.
fn history_line(server: &str, secret: &str) -> String {
    let file = RequestFile::parse(std::path::Path::new("echo.yml"), ECHO).expect("request");
    let mut vars = VariableSet::new();
    vars.set_secret("pw", Secret::new(secret), Source::Local);
    let mut bindings = SecretBindings::new();
    bindings.allow("pw", [server.to_owned()]);
    let context = SendContext {
        server_url: Some(server),
        session_token: None,
        credentials: CredentialScope::SessionHome(None),
        api_key_fallback: None,
        timeout: Duration::from_secs(1),
        file_root: None,
        secret_bindings: &bindings,
        allowed_origins: &[],
        confine_files: false,
        allowed_files: &[],
        protected_folders: &[],
    };
    let prepared = prepare(
        &file.to_draft_with_default_auth(Some(ayon_rest_explorer::ayon::AuthMode::None)),
        &vars,
        &context,
    )
    .expect("prepared");
    let quoted: Vec<String> = forms(secret).into_iter().map(|(_, text)| text).collect();
    let error = format!("the server said: {}", quoted.join(" | "));
    let entry = HistoryEntry::now(
        "POST",
        prepared.spec.url.as_str(),
        Some(400),
        5,
        Some(&error),
        &prepared.spec.secrets,
    );
    serde_json::to_string(&entry).expect("a history line")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_secret_with_url_characters_keeps_the_url_and_is_masked_everywhere() {
    let secret = "p ä\"#&/+=%ü x";
    let server = echo_server().await;
    let dir = collection(&[("environments/ci.yml", ENV), ("echo.yml", ECHO)]);
    for reporter in ["human", "json", "junit"] {
        let result = run(
            vec![
                arg(dir.path()),
                "--env".into(),
                "ci".into(),
                "--server".into(),
                server.url.clone(),
                "--reporter".into(),
                reporter.into(),
            ],
            vec![("AYON_SECRET_PW".into(), secret.into())],
        )
        .await;
        assert_eq!(
            result.code,
            1,
            "the check fails on purpose: {}",
            result.all()
        );
        assert_none(reporter, &result.all(), secret);
    }
    // `/`, `#`, `&` and `=` stayed inside their segment and parameter.
    let received = server.received();
    let encoded = percent(secret);
    assert_eq!(
        received[0].path_and_query,
        format!("/echo/{encoded}/end?t={encoded}&after=1")
    );
    let query: Vec<(String, String)> = url::form_urlencoded::parse(
        received[0]
            .path_and_query
            .split_once('?')
            .map_or("", |q| q.1)
            .as_bytes(),
    )
    .into_owned()
    .collect();
    assert_eq!(
        query,
        vec![
            ("t".to_owned(), secret.to_owned()),
            ("after".to_owned(), "1".to_owned())
        ]
    );
    assert_eq!(received[0].body, format!("pw={secret}").into_bytes());
    assert_none("the history", &history_line(&server.url, secret), secret);
}

/// For random secrets (any Unicode after a unique ASCII start, so the forms cannot occur
/// in the report's own words), no runner output and no history line holds any form.
#[test]
fn no_output_holds_any_form_of_a_random_secret() {
    let io = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let server = io.block_on(echo_server());
    let dir = collection(&[("environments/ci.yml", ENV), ("echo.yml", ECHO)]);
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    let secrets = (
        any::<u32>(),
        proptest::collection::vec(any::<char>(), 1..12),
    )
        .prop_map(|(id, chars)| format!("s{id:08x}{}", chars.into_iter().collect::<String>()));
    let outcome = runner.run(&secrets, |secret| {
        for reporter in [ReporterKind::Human, ReporterKind::Json, ReporterKind::Junit] {
            let output = io.block_on(runner_output(dir.path(), &server.url, &secret, reporter));
            assert_none(&format!("{reporter:?}"), &output, &secret);
        }
        assert_none("the history", &history_line(&server.url, &secret), &secret);
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    assert!(
        server.received().len() >= 24 * 3,
        "every run reached the server"
    );
}
