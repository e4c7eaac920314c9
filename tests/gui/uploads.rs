//! Bodies from disk in the app: a raw file picked through the file-picker trait, a
//! multipart form typed into its table, upload progress and Cancel, the warning before a
//! form goes to an AYON raw-upload endpoint, and "Download" into the download folder.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use axum::routing::{any, get};
use egui_kittest::kittest::Queryable;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use ayon_rest_explorer::digest::{hex, sha256_hex};

use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::file_picker::FilePicker;
use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::settings::Settings;
use ayon_rest_explorer::state::{BodyMode, RequestState};

use crate::harness::{FilePicked, TestApp, app_with, temp_dir};

const WAIT: Duration = Duration::from_secs(20);

/// What the upload server saw of one request body.
#[derive(Clone, Debug, Default)]
struct Seen {
    content_type: String,
    len: u64,
    sha256: String,
    complete: bool,
    head: Vec<u8>,
}

type Log = Arc<Mutex<Vec<Seen>>>;

/// Reads the body as a stream (no size limit), hashing it; `delay` per chunk slows it.
async fn receive(State((log, delay)): State<(Log, Duration)>, headers: HeaderMap, body: Body) {
    let mut seen = Seen {
        content_type: headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string(),
        ..Seen::default()
    };
    let mut hasher = Sha256::new();
    let mut stream = body.into_data_stream();
    seen.complete = loop {
        match stream.next().await {
            None => break true,
            Some(Err(_)) => break false,
            Some(Ok(chunk)) => {
                hasher.update(&chunk);
                seen.len += chunk.len() as u64;
                if seen.head.len() < 4096 {
                    seen.head.extend_from_slice(&chunk[..chunk.len().min(4096)]);
                }
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
            }
        }
    };
    seen.sha256 = hex(&hasher.finalize());
    if let Ok(mut log) = log.lock() {
        log.push(seen);
    }
}

async fn attachment() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "application/zip"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"labtest-0.1.0.zip\"",
            ),
        ],
        vec![7u8; 300_000],
    )
}

/// A loopback server taking uploads at `/up` (slowly when `delay` is set) and serving a
/// zip at `/file`.
fn upload_server(io: &tokio::runtime::Runtime, delay: Duration) -> (String, Log) {
    let log: Log = Arc::default();
    let app = Router::new()
        .route("/up", any(receive))
        .route("/api/addons/install", any(receive))
        .route("/file", get(attachment))
        .with_state((log.clone(), delay));
    let listener = io
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    io.spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, log)
}

fn file_with(dir: &std::path::Path, name: &str, len: usize) -> (PathBuf, String) {
    let bytes: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
    let path = dir.join(name);
    std::fs::write(&path, &bytes).unwrap();
    (path, sha256_hex(&bytes))
}

fn start(url: &str, picker: Option<PathBuf>, download_dir: Option<PathBuf>) -> TestApp {
    let mut app = app_with(AppOptions {
        settings: Settings {
            server_url: url.to_string(),
            download_dir: download_dir.map(|d| d.to_string_lossy().into_owned()),
            ..Settings::default()
        },
        file_picker: picker.map(|p| Arc::new(FilePicked(p)) as Arc<dyn FilePicker>),
        ..AppOptions::default()
    });
    let tab = &mut app.harness.state_mut().state_mut().tabs[0];
    tab.draft.auth.mode = AuthMode::None;
    tab.draft.method = HttpMethod::Put;
    app.harness.step();
    app
}

fn wait_for_upload(app: &mut TestApp, log: &Log, count: usize) {
    app.step_until("the server to get the body", WAIT, |_| {
        log.lock().map(|l| l.len() >= count).unwrap_or(false)
    });
}

#[test]
fn a_picked_file_is_sent_raw_with_progress_then_cancel_and_resend() {
    let io = tokio::runtime::Runtime::new().unwrap();
    // Slow enough that the progress display and Cancel can be seen mid-upload.
    let (url, log) = upload_server(&io, Duration::from_millis(30));
    let dir = temp_dir("raw-upload");
    let (path, sha) = file_with(&dir, "AYON-1.0.0-linux.sh", 12_000_000);
    let mut app = start(&url, Some(path.clone()), None);
    app.fill("URL", "/up");
    app.click("Body: None");
    app.click("File (raw)");
    app.click("Browse for body file");
    let expected = path.to_string_lossy().into_owned();
    app.step_until("the picked path to fill the field", WAIT, |h| {
        h.state().state().tabs[0].draft.body_file == expected
    });

    app.click("Send");
    app.wait_for_progress_bar(WAIT);
    // The label may come a frame after the bar on a loaded machine.
    app.wait_for_text("Uploading", WAIT);
    app.click("Cancel");
    app.wait_for_button("Send", WAIT);
    assert!(matches!(
        app.harness.state().state().tabs[0].state,
        RequestState::Idle
    ));
    wait_for_upload(&mut app, &log, 1);
    assert!(
        !log.lock().unwrap()[0].complete,
        "the connection was closed"
    );

    // Sending again works and the file arrives byte for byte.
    app.click("Send");
    wait_for_upload(&mut app, &log, 2);
    app.wait_for_text("200 OK", WAIT);
    let seen = log.lock().unwrap()[1].clone();
    assert!(seen.complete);
    assert_eq!(seen.len, 12_000_000);
    assert_eq!(seen.sha256, sha);
    assert_eq!(seen.content_type, "application/octet-stream");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_multipart_form_is_typed_into_its_table_and_sent() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let (url, log) = upload_server(&io, Duration::ZERO);
    let dir = temp_dir("form-upload");
    let (path, _) = file_with(&dir, "notes.json", 5000);
    let mut app = start(&url, Some(path.clone()), None);
    app.fill("URL", "/up");
    app.click("Body: None");
    app.click("Multipart form");
    app.fill("Form field 1 name", "comment");
    app.fill("Form field 1 value", "first try");
    app.fill("Form field 2 name", "attachment");
    app.harness.get_by_label("Form field 2 kind").click();
    app.harness.step();
    app.harness.step();
    app.harness.get_by_label("File").click();
    app.harness.step();
    app.click("Browse for form field 2");
    let expected = path.to_string_lossy().into_owned();
    app.step_until("the picked file to fill field 2", WAIT, |h| {
        h.state().state().tabs[0].draft.form[1].value == expected
    });
    app.click("Send");
    wait_for_upload(&mut app, &log, 1);
    app.wait_for_text("200 OK", WAIT);
    let seen = log.lock().unwrap()[0].clone();
    assert!(
        seen.content_type
            .starts_with("multipart/form-data; boundary="),
        "{}",
        seen.content_type
    );
    let head = String::from_utf8_lossy(&seen.head);
    assert!(
        head.contains("Content-Disposition: form-data; name=\"comment\"\r\n\r\nfirst try\r\n"),
        "{head}"
    );
    assert!(
        head.contains(
            "Content-Disposition: form-data; name=\"attachment\"; filename=\"notes.json\"\r\n\
             Content-Type: application/json\r\n\r\n"
        ),
        "{head}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_form_to_a_raw_upload_endpoint_is_questioned_first() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let (url, log) = upload_server(&io, Duration::ZERO);
    let mut app = start(&url, None, None);
    {
        let tab = &mut app.harness.state_mut().state_mut().tabs[0];
        tab.draft.method = HttpMethod::Post;
        tab.draft.body_mode = BodyMode::Multipart;
        tab.draft.form = vec![ayon_rest_explorer::state::FormRow::text("a", "b")];
    }
    app.fill("URL", "/api/addons/install");
    app.click("Send");
    app.wait_for_text("Send a multipart form to a raw-upload endpoint?", WAIT);
    assert!(app.shows("corrupt file"));
    app.click("Keep editing");
    app.harness.step();
    assert!(log.lock().unwrap().is_empty(), "nothing was sent");
    app.click("Send");
    app.wait_for_text("Send a multipart form to a raw-upload endpoint?", WAIT);
    app.click("Send anyway");
    wait_for_upload(&mut app, &log, 1);
}

#[test]
fn download_streams_the_body_into_the_download_folder() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let (url, _log) = upload_server(&io, Duration::ZERO);
    let dir = temp_dir("download");
    let mut app = start(&url, None, Some(dir.clone()));
    app.harness.state_mut().state_mut().tabs[0].draft.method = HttpMethod::Get;
    app.fill("URL", "/file");
    app.click("Download");
    let saved = dir.join("labtest-0.1.0.zip");
    app.wait_for_text(&format!("Saved to {}", saved.display()), WAIT);
    assert_eq!(std::fs::read(&saved).unwrap(), vec![7u8; 300_000]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A file dropped onto the window, as the platform reports it.
#[derive(Debug)]
struct DroppedPath(PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_dropped_file_becomes_the_raw_body() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let (url, _log) = upload_server(&io, Duration::ZERO);
    let dir = temp_dir("drop-file");
    let (path, _) = file_with(&dir, "dep.zip", 100);
    let mut app = start(&url, None, None);
    app.harness
        .input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(path.clone())));
    app.harness.step();
    let expected = path.to_string_lossy().into_owned();
    app.step_until("the dropped file to become the body", WAIT, |h| {
        let draft = &h.state().state().tabs[0].draft;
        draft.body_mode == BodyMode::File && draft.body_file == expected
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_dropped_while_the_upload_window_is_open_goes_there() {
    let dir = temp_dir("drop-upload");
    let (path, _) = file_with(&dir, "AYON-1.0.0.dmg", 100);
    let mut app = start("http://127.0.0.1:9", None, None);
    app.click("Upload to AYON");
    app.harness.step();
    app.click("Desktop installer");
    app.harness
        .input_mut()
        .dropped_files
        .push(Arc::new(DroppedPath(path.clone())));
    app.harness.step();
    app.step_until("the dropped file to fill the form", WAIT, |h| {
        h.state().state().upload.filename == "AYON-1.0.0.dmg"
    });
    let state = app.harness.state().state();
    assert_eq!(state.upload.file, path.to_string_lossy());
    assert_eq!(
        state.upload.platform.map(|p| p.as_str()),
        Some("darwin"),
        "guessed from .dmg"
    );
    assert_eq!(
        state.tabs[0].draft.body_mode,
        BodyMode::None,
        "not the tab's body"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
