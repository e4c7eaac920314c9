//! Streamed transfers: multipart forms arrive as composed, progress counts what moved,
//! downloads go straight to disk, large or binary answers spill to a temporary file, and
//! uploads that stall or get cut off are named.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{any, get};
use futures_util::StreamExt;

use ayon_rest_explorer::http::{
    FormPart, HttpError, HttpMethod, PartValue, Progress, RequestSpec, ResponseSink, SpecBody,
    Transfer, build_client, execute_with,
};

use crate::support::raw_server::{Behaviour, start as start_raw};
use crate::support::recording_server::{self, record_ok};

fn patterned(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 253) as u8).collect()
}

fn temp_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn spec(method: HttpMethod, url: &str) -> RequestSpec {
    RequestSpec::new(method, url::Url::parse(url).unwrap())
}

fn with_progress(sink: ResponseSink) -> (Transfer, Arc<Progress>) {
    let progress = Arc::new(Progress::new());
    (
        Transfer {
            progress: Some(progress.clone()),
            sink,
        },
        progress,
    )
}

/// The bytes of a part between its head and the next boundary.
fn part_content<'a>(body: &'a [u8], boundary: &str, head_marker: &str) -> (&'a str, &'a [u8]) {
    let at = body
        .windows(head_marker.len())
        .position(|w| w == head_marker.as_bytes())
        .unwrap_or_else(|| panic!("no part with {head_marker}"));
    let head_start = body[..at]
        .windows(2)
        .rposition(|w| w == b"\r\n")
        .map_or(0, |p| p + 2);
    let head_end = at
        + body[at..]
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap();
    let content_start = head_end + 4;
    let closing = format!("\r\n--{boundary}");
    let len = body[content_start..]
        .windows(closing.len())
        .position(|w| w == closing.as_bytes())
        .unwrap();
    (
        std::str::from_utf8(&body[head_start..head_end]).unwrap(),
        &body[content_start..content_start + len],
    )
}

#[tokio::test]
async fn a_multipart_form_arrives_as_composed_with_a_content_length() {
    let server = recording_server::start(Router::new().route("/form", any(record_ok))).await;
    let dir = tempfile::tempdir().unwrap();
    let zip_bytes = patterned(700_000);
    let zip = temp_file(&dir, "labtest-0.1.0.zip", &zip_bytes);
    let notes = temp_file(&dir, "notes.bin", b"raw notes");
    let mut request = spec(HttpMethod::Post, &format!("{}/form", server.url));
    // A Content-Type typed by the user would carry the wrong boundary: it is replaced.
    request = request.header("Content-Type", "text/plain");
    request.body = SpecBody::Multipart(vec![
        FormPart {
            name: "description".into(),
            value: PartValue::Text("first upload".into()),
            content_type: None,
            file_name: None,
        },
        FormPart {
            name: "file".into(),
            value: PartValue::File(zip.clone()),
            content_type: None,
            file_name: None,
        },
        FormPart {
            name: "extra".into(),
            value: PartValue::File(notes),
            content_type: Some("text/markdown".into()),
            file_name: Some("README.md".into()),
        },
    ]);
    let (transfer, progress) = with_progress(ResponseSink::Memory);
    let exchange = execute_with(&build_client().unwrap(), &request, &transfer)
        .await
        .unwrap();
    assert_eq!(exchange.response.status, 200);

    let received = &server.received()[0];
    let content_type = received.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not a form: {content_type}"));
    assert_eq!(
        received.header("content-length"),
        Some(received.body.len().to_string().as_str()),
        "the whole form has a length"
    );
    let (head, content) = part_content(&received.body, boundary, "name=\"description\"");
    assert_eq!(
        head, "Content-Disposition: form-data; name=\"description\"",
        "{head}"
    );
    assert_eq!(content, b"first upload");
    let (head, content) = part_content(&received.body, boundary, "name=\"file\"");
    assert_eq!(
        head,
        "Content-Disposition: form-data; name=\"file\"; filename=\"labtest-0.1.0.zip\"\r\n\
         Content-Type: application/zip"
    );
    assert_eq!(content, zip_bytes.as_slice(), "file part byte for byte");
    let (head, content) = part_content(&received.body, boundary, "name=\"extra\"");
    assert!(head.contains("filename=\"README.md\""), "{head}");
    assert!(head.contains("Content-Type: text/markdown"), "{head}");
    assert_eq!(content, b"raw notes");

    let snap = progress.snapshot();
    let parts_len = (12 + zip_bytes.len() + 9) as u64;
    assert_eq!((snap.sent, snap.send_total), (parts_len, parts_len));
}

#[tokio::test]
async fn a_raw_upload_reports_its_progress() {
    let server = recording_server::start(Router::new().route("/up", any(record_ok))).await;
    let dir = tempfile::tempdir().unwrap();
    let bytes = patterned(1_200_000);
    let path = temp_file(&dir, "installer.exe", &bytes);
    let mut request = spec(HttpMethod::Put, &format!("{}/up", server.url));
    request.body = SpecBody::File { path, len: None };
    let (transfer, progress) = with_progress(ResponseSink::Memory);
    let exchange = execute_with(&build_client().unwrap(), &request, &transfer)
        .await
        .unwrap();
    assert_eq!(exchange.request.body_len, bytes.len());
    assert_eq!(server.received()[0].body, bytes);
    let snap = progress.snapshot();
    assert_eq!((snap.sent, snap.send_total), (1_200_000, 1_200_000));
    // The response ({"ok":true}) was counted on the way in.
    assert_eq!(snap.received, 11);
}

#[tokio::test]
async fn an_empty_file_is_refused_before_sending() {
    let server = recording_server::start(Router::new().route("/up", any(record_ok))).await;
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "empty.zip", b"");
    let mut request = spec(HttpMethod::Put, &format!("{}/up", server.url));
    request.body = SpecBody::File { path, len: None };
    let err = execute_with(&build_client().unwrap(), &request, &Transfer::default())
        .await
        .unwrap_err();
    assert!(matches!(err, HttpError::BodyFile { .. }), "{err:?}");
    assert!(err.to_string().contains("Empty file"), "{err}");
    assert!(server.received().is_empty());
}

async fn attachment() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"AYON-1.0.0-linux.sh\"",
            ),
        ],
        patterned(3_000_000),
    )
}

#[tokio::test]
async fn a_download_is_streamed_into_a_folder_under_its_announced_name() {
    download_into_a_folder().await;
}

/// Written in place on the runtime's own threads (not the blocking pool) here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_download_on_a_multi_threaded_runtime_arrives_whole() {
    download_into_a_folder().await;
}

async fn download_into_a_folder() {
    let server = recording_server::start(Router::new().route("/file", get(attachment))).await;
    let dir = tempfile::tempdir().unwrap();
    let client = build_client().unwrap();
    let request = spec(HttpMethod::Get, &format!("{}/file", server.url));
    let (transfer, progress) = with_progress(ResponseSink::IntoFolder(dir.path().to_path_buf()));
    let exchange = execute_with(&client, &request, &transfer).await.unwrap();
    let file = exchange.response.body_file.expect("went to disk");
    assert_eq!(file.path, dir.path().join("AYON-1.0.0-linux.sh"));
    assert!(!file.is_temporary());
    assert_eq!(file.len, 3_000_000);
    assert!(exchange.response.body.is_empty(), "not held in memory");
    assert_eq!(std::fs::read(&file.path).unwrap(), patterned(3_000_000));
    let snap = progress.snapshot();
    assert_eq!(
        (snap.received, snap.receive_total),
        (3_000_000, Some(3_000_000))
    );

    // A second download never replaces the first, and leaves no .part file behind.
    let exchange = execute_with(&client, &request, &transfer).await.unwrap();
    let second = exchange.response.body_file.unwrap();
    assert_eq!(second.path, dir.path().join("AYON-1.0.0-linux (1).sh"));
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

async fn big_json() -> impl IntoResponse {
    let items: Vec<String> = (0..2000).map(|i| format!("{{\"n\":{i}}}")).collect();
    (
        [(header::CONTENT_TYPE, "application/json")],
        format!("[{}]", items.join(",")),
    )
}

/// JSON without a Content-Length, so the spill happens mid-body.
async fn big_json_chunked() -> impl IntoResponse {
    let chunks = (0..50).map(|_| Ok::<_, std::io::Error>(bytes::Bytes::from(vec![b' '; 1000])));
    (
        [(header::CONTENT_TYPE, "application/json")],
        Body::from_stream(futures_util::stream::iter(chunks)),
    )
}

#[tokio::test]
async fn large_or_binary_answers_spill_to_a_temporary_file() {
    let server = recording_server::start(
        Router::new()
            .route("/big", get(big_json))
            .route("/chunked", get(big_json_chunked))
            .route("/file", get(attachment))
            .route("/small", any(record_ok)),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let client = build_client().unwrap();
    let sink = ResponseSink::Spill {
        threshold: 10_000,
        dir: dir.path().to_path_buf(),
    };
    let transfer = Transfer {
        progress: None,
        sink,
    };
    let get = |path: &str| spec(HttpMethod::Get, &format!("{}{path}", server.url));

    let small = execute_with(&client, &get("/small"), &transfer)
        .await
        .unwrap();
    assert!(small.response.body_file.is_none());
    assert_eq!(&small.response.body[..], b"{\"ok\":true}");

    for path in ["/big", "/chunked", "/file"] {
        let exchange = execute_with(&client, &get(path), &transfer).await.unwrap();
        let file = exchange
            .response
            .body_file
            .clone()
            .unwrap_or_else(|| panic!("{path} stayed in memory"));
        assert!(file.is_temporary());
        assert!(file.path.starts_with(dir.path()));
        assert_eq!(std::fs::metadata(&file.path).unwrap().len(), file.len);
        if path == "/chunked" {
            assert_eq!(std::fs::read(&file.path).unwrap(), vec![b' '; 50_000]);
        }
        drop(exchange);
        drop(file);
    }
    // Temporary files go with their responses.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn a_stalled_upload_times_out_naming_what_moved() {
    // Reads the whole body, then never answers.
    async fn swallow(body: Body) -> &'static str {
        let mut stream = body.into_data_stream();
        while stream.next().await.is_some() {}
        tokio::time::sleep(Duration::from_secs(30)).await;
        "late"
    }
    let server = recording_server::start(Router::new().route("/slow", any(swallow))).await;
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "a.bin", &patterned(100_000));
    let mut request =
        spec(HttpMethod::Put, &format!("{}/slow", server.url)).timeout(Duration::from_secs(1));
    request.body = SpecBody::File { path, len: None };
    let err = execute_with(&build_client().unwrap(), &request, &Transfer::default())
        .await
        .unwrap_err();
    match &err {
        HttpError::Stalled { sent, .. } => assert_eq!(*sent, 100_000),
        other => panic!("expected a stall, got {other:?}"),
    }
    assert!(err.to_string().contains("No progress"), "{err}");
}

#[tokio::test]
async fn a_server_dying_mid_upload_is_named() {
    let url = start_raw(Behaviour::ReadThenDrop(200_000)).await;
    let dir = tempfile::tempdir().unwrap();
    // Larger than what the socket buffers can swallow.
    let path = temp_file(&dir, "big.bin", &patterned(48_000_000));
    let mut request = spec(HttpMethod::Put, &format!("{url}/up"));
    request.body = SpecBody::File { path, len: None };
    let err = execute_with(&build_client().unwrap(), &request, &Transfer::default())
        .await
        .unwrap_err();
    match &err {
        HttpError::UploadInterrupted { sent, total, .. } => {
            assert!(*sent > 0 && *sent < *total, "{sent} of {total}");
            assert_eq!(*total, 48_000_000);
        }
        other => panic!("expected an interrupted upload, got {other:?}"),
    }
    assert!(err.to_string().contains("The upload to"), "{err}");
}

#[tokio::test]
async fn a_413_during_an_upload_is_the_answer() {
    let reply = b"HTTP/1.1 413 Request Entity Too Large\r\ncontent-type: text/html\r\n\
        content-length: 21\r\nconnection: close\r\n\r\n<h1>Too large</h1>\r\n\r\n"
        .to_vec();
    let url = start_raw(Behaviour::Reply(reply)).await;
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "big.bin", &patterned(20_000_000));
    let mut request = spec(HttpMethod::Put, &format!("{url}/up"));
    request.body = SpecBody::File { path, len: None };
    match execute_with(&build_client().unwrap(), &request, &Transfer::default()).await {
        Ok(exchange) => assert_eq!(exchange.response.status, 413),
        // The proxy may close before the client reads its answer; it must still be named.
        Err(e @ HttpError::UploadInterrupted { .. }) => {
            assert!(e.to_string().contains("size limit"), "{e}")
        }
        Err(other) => panic!("expected 413 or an interrupted upload, got {other:?}"),
    }
}

#[tokio::test]
async fn cancelling_an_upload_closes_the_connection() {
    let body_ended_badly = Arc::new(AtomicBool::new(false));
    let flag = body_ended_badly.clone();
    let slow_reader = move |body: Body| {
        let flag = flag.clone();
        async move {
            let mut stream = body.into_data_stream();
            while let Some(chunk) = stream.next().await {
                if chunk.is_err() {
                    flag.store(true, Ordering::SeqCst);
                    return "cut";
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            "complete"
        }
    };
    let server = recording_server::start(Router::new().route("/up", any(slow_reader))).await;
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "big.bin", &patterned(40_000_000));
    let mut request = spec(HttpMethod::Put, &format!("{}/up", server.url));
    request.body = SpecBody::File { path, len: None };
    let (transfer, progress) = with_progress(ResponseSink::Memory);
    let client = build_client().unwrap();
    let task = tokio::spawn(async move { execute_with(&client, &request, &transfer).await });
    while progress.snapshot().sent < 1_000_000 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !body_ended_badly.load(Ordering::SeqCst) {
        assert!(
            std::time::Instant::now() < deadline,
            "the server never saw the upload end"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
