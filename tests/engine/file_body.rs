//! A file body is streamed from disk with a Content-Length (AYON takes uploads raw), arrives
//! byte for byte, is sent again on a 307, and a missing or changed file is named.

use axum::Router;
use axum::routing::any;

use ayon_rest_explorer::http::{
    HttpError, HttpMethod, RequestSpec, SpecBody, build_client, execute,
};

use crate::support::recording_server::{self, record_ok};

/// A file of `len` bytes with a pattern that shows any reordering or loss.
fn temp_file(name: &str, len: usize) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "are-file-body-{name}-{}-{:?}.bin",
        std::process::id(),
        std::time::SystemTime::now()
    ));
    let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, bytes).unwrap();
    path
}

fn upload(url: &str, path: &std::path::Path, len: u64) -> RequestSpec {
    let mut spec = RequestSpec::new(HttpMethod::Put, url::Url::parse(url).unwrap())
        .header("Content-Type", "application/octet-stream");
    spec.body = SpecBody::File {
        path: path.to_path_buf(),
        len: Some(len),
    };
    spec
}

#[tokio::test]
async fn a_file_arrives_byte_for_byte_with_a_content_length() {
    let server = recording_server::start(Router::new().route("/upload", any(record_ok))).await;
    // Several read chunks, under the recording server's 2 MB body limit.
    let len = 1_500_000;
    let path = temp_file("exact", len);
    let exchange = execute(
        &build_client().unwrap(),
        &upload(&format!("{}/upload", server.url), &path, len as u64),
    )
    .await
    .unwrap();
    assert_eq!(exchange.response.status, 200);
    assert_eq!(exchange.request.body_len, len);
    let received = server.received();
    assert_eq!(received[0].body, std::fs::read(&path).unwrap());
    assert_eq!(received[0].header("content-length"), Some("1500000"));
    assert_eq!(received[0].header("transfer-encoding"), None, "not chunked");
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn a_307_sends_the_file_again() {
    let target = recording_server::start(Router::new().route("/landing", any(record_ok))).await;
    let first = crate::redirects::redirector(format!("{}/landing", target.url)).await;
    let path = temp_file("redirect", 300_000);
    let exchange = execute(
        &build_client().unwrap(),
        &upload(&format!("{}/go", first.url), &path, 300_000),
    )
    .await
    .unwrap();
    assert_eq!(exchange.redirects.len(), 1);
    let expected = std::fs::read(&path).unwrap();
    assert_eq!(first.received()[0].body, expected);
    assert_eq!(target.received()[0].method, "PUT");
    assert_eq!(target.received()[0].body, expected);
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn a_missing_or_changed_file_is_named() {
    let server = recording_server::start(Router::new().route("/upload", any(record_ok))).await;
    let client = build_client().unwrap();
    let url = format!("{}/upload", server.url);
    let gone = std::env::temp_dir().join("are-file-body-no-such-file.bin");
    match execute(&client, &upload(&url, &gone, 10)).await {
        Err(e @ HttpError::BodyFile { .. }) => {
            assert!(
                e.to_string().contains("are-file-body-no-such-file.bin"),
                "{e}"
            )
        }
        other => panic!("expected a body file error, got {other:?}"),
    }
    let path = temp_file("changed", 1000);
    match execute(&client, &upload(&url, &path, 999)).await {
        Err(e @ HttpError::BodyFile { .. }) => {
            assert!(e.to_string().contains("size changed"), "{e}")
        }
        other => panic!("expected a body file error, got {other:?}"),
    }
    assert!(server.received().is_empty(), "nothing was sent");
    let _ = std::fs::remove_file(&path);
}
