//! A collection's request that sends a file from outside the collection: the window asks
//! once ("Allow this file on this computer?"), keeps the answer in local settings (never
//! in the collection), and sends; the app's own folders are never sent, asked or not.

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::Router;
use axum::routing::any;
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::collection::format::RequestFile;
use ayon_rest_explorer::collection::store::Collection;
use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::settings::Settings;
use ayon_rest_explorer::state::{BodyMode, RequestDraft, RequestState};

use crate::harness::{TestApp, app_with, io_runtime, temp_dir};
use crate::support::recording_server::{self, RecordingServer, record_ok};

const WAIT: Duration = Duration::from_secs(15);
const QUESTION: &str = "Allow this file on this computer?";

/// A raw-body POST of `file` to `server`.
fn upload(server: &str, file: &Path) -> RequestDraft {
    let mut draft = RequestDraft::get(&format!("{server}/upload"));
    draft.method = HttpMethod::Post;
    draft.auth.mode = AuthMode::None;
    draft.body_mode = BodyMode::File;
    draft.body_file = file.to_string_lossy().into_owned();
    draft
}

/// Every file of `root` with its bytes, to see that nothing in it changed.
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

fn wait_for_received(app: &mut TestApp, server: &RecordingServer, count: usize) {
    app.step_until("the server to get the file", WAIT, |_| {
        server.received().len() >= count
    });
}

#[test]
fn a_file_outside_the_collection_is_sent_once_allowed_and_the_answer_is_kept_locally() {
    let io = io_runtime();
    let server = io.block_on(recording_server::start(
        Router::new().route("/{*path}", any(record_ok)),
    ));
    let root = temp_dir("allow-file-collection");
    let outside = temp_dir("allow-file-outside");
    let config = temp_dir("allow-file-config");
    let file = outside.join("plate.exr");
    std::fs::write(&file, b"plate bytes").unwrap();
    let real = std::fs::canonicalize(&file).unwrap();
    let collection = Collection::create(&root, "Shared").unwrap();
    let request = RequestFile::from_draft("Upload plate", &upload(&server.url, &file));
    collection.save_request(Path::new(""), &request).unwrap();
    let before = snapshot(&root);
    let settings_path = config.join("settings.toml");
    let mut app = app_with(AppOptions {
        settings: Settings {
            open_collection: Some(root.to_string_lossy().into_owned()),
            ..Settings::default()
        },
        settings_path: Some(settings_path.clone()),
        ..AppOptions::default()
    });
    app.wait_for_text("POST Upload plate", WAIT);
    app.harness.get_by_label("POST Upload plate").click();
    app.harness.step();

    // Asked, naming the file; "Don't send" sends nothing and remembers nothing.
    app.click("Send");
    app.wait_for_text(QUESTION, WAIT);
    assert!(
        app.shows(&format!(
            "This request sends {} from outside the collection.",
            real.display()
        )),
        "the question names the file"
    );
    app.click("Don't send");
    app.harness.step();
    assert!(!app.shows(QUESTION));
    assert!(server.received().is_empty(), "nothing was sent");
    assert!(
        app.harness
            .state()
            .state()
            .settings
            .allowed_files
            .is_empty()
    );

    // Asked again; "Allow this file" sends it and keeps the answer in local settings.
    app.click("Send");
    app.wait_for_text(QUESTION, WAIT);
    app.click("Allow this file");
    wait_for_received(&mut app, &server, 1);
    app.wait_for_text("200 OK", WAIT);
    assert_eq!(server.received()[0].body, b"plate bytes");
    let real_text = real.to_string_lossy().into_owned();
    assert_eq!(
        app.harness.state().state().settings.allowed_files,
        std::slice::from_ref(&real_text)
    );
    app.step_until("the settings file to keep the answer", WAIT, |_| {
        std::fs::read_to_string(&settings_path).is_ok_and(|text| text.contains(&real_text))
    });
    assert_eq!(
        snapshot(&root),
        before,
        "nothing was written to the collection"
    );

    // The answer holds: the next send does not ask.
    app.click("Send");
    wait_for_received(&mut app, &server, 2);
    assert!(!app.shows(QUESTION));
    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_dir_all(&outside);
    let _ = std::fs::remove_dir_all(&config);
}

#[test]
fn the_apps_own_folders_are_never_sent_not_even_from_an_unsaved_tab() {
    let io = io_runtime();
    let server = io.block_on(recording_server::start(
        Router::new().route("/{*path}", any(record_ok)),
    ));
    let data = temp_dir("allow-file-data");
    let secrets = data.join("secrets.json");
    std::fs::write(&secrets, b"{\"stored\": \"value\"}").unwrap();
    let mut app = app_with(AppOptions {
        settings: Settings {
            server_url: server.url.clone(),
            allowed_files: vec![data.to_string_lossy().into_owned()],
            ..Settings::default()
        },
        protected_folders: vec![data.clone()],
        ..AppOptions::default()
    });
    app.harness.state_mut().state_mut().tabs[0].draft = upload(&server.url, &secrets);
    app.harness.step();
    app.click("Send");
    app.harness.step();
    assert!(!app.shows(QUESTION), "nothing to ask: it is never sent");
    match &app.harness.state().state().tabs[0].state {
        RequestState::Failed { error, .. } => {
            assert!(error.contains("is in the app's own folder"), "{error}");
            assert!(error.contains("never sent as a body"), "{error}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(server.received().is_empty());
    let _ = std::fs::remove_dir_all(&data);
}
