//! The log file: an exchange is logged with its method, masked URL, status and time, and a
//! secret never reaches the file (the token in a header and in the query string alike).
//! Its own test binary, because the logger is set once per process.

#[path = "support/mod.rs"]
mod support;

use axum::Router;
use axum::routing::any;
use ayon_rest_explorer::http::{HttpMethod, RequestSpec, build_client, execute};
use ayon_rest_explorer::logging::{self, LogLevel};
use support::recording_server::{self, record_ok};

const TOKEN: &str = "5863ab3f6a7bd2fb4b50f49f3593aee9804bd1c7cd93babc5670b784ee77e69f";

#[tokio::test(flavor = "multi_thread")]
async fn exchanges_are_logged_with_their_secrets_masked() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let logs = dir.path().join("logs");
    let guard = logging::init(LogLevel::Info, &logs).expect("logging starts");

    let server = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let url =
        url::Url::parse(&format!("{}/api/users/me?token={TOKEN}", server.url)).expect("a URL");
    let spec = RequestSpec::new(HttpMethod::Get, url)
        .header("Authorization", format!("Bearer {TOKEN}"))
        .secret(TOKEN);
    let exchange = execute(&build_client().expect("a client"), &spec)
        .await
        .expect("an answer");
    assert_eq!(exchange.response.status, 200);
    let refused = RequestSpec::new(
        HttpMethod::Post,
        url::Url::parse(&format!("http://127.0.0.1:9/x?token={TOKEN}")).expect("a URL"),
    )
    .secret(TOKEN);
    assert!(
        execute(&build_client().expect("a client"), &refused)
            .await
            .is_err()
    );
    drop(guard); // flushes the writer

    let files: Vec<_> = std::fs::read_dir(&logs)
        .expect("the log folder exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).expect("the log is readable");
    assert!(
        text.contains("GET ")
            && text.contains("/api/users/me?token=5863")
            && text.contains("-> 200"),
        "{text}"
    );
    assert!(
        text.contains("POST http://127.0.0.1:9/x?token=5863"),
        "{text}"
    );
    assert!(text.contains("failed after"), "{text}");
    assert!(!text.contains(TOKEN), "a secret reached the log:\n{text}");
    let name = files[0]
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    assert!(
        name.starts_with("ayon-rest-explorer.") && name.ends_with(".log"),
        "{name}"
    );
}

#[test]
fn off_writes_nothing() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let logs = dir.path().join("logs");
    let _guard = logging::init(LogLevel::Off, &logs).expect("nothing to start");
    assert!(!logs.exists());
}
