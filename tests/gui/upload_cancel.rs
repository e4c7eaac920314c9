//! Cancelling an installer upload to AYON mid-way (against the sandbox, or a real server
//! via `AYON_TEST_SERVER_URL`): the app returns to idle, the server keeps no partial
//! file, and the next request works.

use std::time::Duration;

use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::state::{BodyMode, RequestState};

use crate::harness::{app, temp_dir};
use crate::support::ayon_client::{Cleanup, admin_login, bearer, json, send};
use crate::support::target::{target, unique_name};

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn cancelling_an_installer_upload_leaves_no_partial_file() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let target = io.block_on(target());
    let token = io.block_on(admin_login(&target)).token.expose().to_string();
    let filename = format!("{}.sh", unique_name("cancel_upload"));
    // Unique: AYON keeps one installer per version and platform.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let manifest = serde_json::json!({
        "filename": filename,
        "platform": "linux",
        "version": format!("0.{}.{nanos}", std::process::id()),
        "pythonVersion": "3.11.9",
    });
    let created = io.block_on(send(
        &target,
        HttpMethod::Post,
        "/api/desktop/installers",
        bearer(&token),
        None,
        Some(manifest),
    ));
    assert_eq!(created.response.status, 201, "manifest");
    // Deleted even when an assertion fails on the way.
    let _entered = io.enter();
    let mut cleanup = Cleanup::new(&target, &token);
    cleanup.delete_later(format!("/api/desktop/installers/{filename}"));

    // Big and sparse: long enough to be cancelled mid-way, no disk used up front.
    let dir = temp_dir("cancel-upload");
    let path = dir.join(&filename);
    std::fs::File::create(&path)
        .unwrap()
        .set_len(4 * 1024 * 1024 * 1024)
        .unwrap();

    let mut app = app(&target.url);
    {
        let tab = &mut app.harness.state_mut().state_mut().tabs[0];
        tab.draft.auth = bearer(&token);
        tab.draft.method = HttpMethod::Put;
        tab.draft.body_mode = BodyMode::File;
        tab.draft.body_file = path.to_string_lossy().into_owned();
    }
    app.fill("URL", &format!("/api/desktop/installers/{filename}"));
    app.click("Send");
    app.wait_for_progress_bar(WAIT);
    app.click("Cancel");
    app.wait_for_button("Send", WAIT);
    assert!(matches!(
        app.harness.state().state().tabs[0].state,
        RequestState::Idle
    ));

    // The server noticed the cut and kept nothing: no server source in the listing.
    let listed_with_file = || {
        let listing = io.block_on(send(
            &target,
            HttpMethod::Get,
            "/api/desktop/installers",
            bearer(&token),
            None,
            None,
        ));
        assert_eq!(listing.response.status, 200);
        let body = json(&listing);
        let entry = body["installers"]
            .as_array()
            .and_then(|list| list.iter().find(|i| i["filename"] == filename.as_str()))
            .cloned()
            .expect("the manifest is still listed");
        entry["sources"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["type"] == "server"))
    };
    std::thread::sleep(Duration::from_millis(500));
    assert!(!listed_with_file(), "no partial installer is served");
    if let Some(sandbox) = &target.sandbox {
        assert!(
            sandbox
                .state()
                .stored_file(
                    ayon_rest_explorer::sandbox::StoredKind::Installer,
                    &filename
                )
                .is_none(),
            "the sandbox stored nothing"
        );
    }

    // A new request works.
    {
        let tab = &mut app.harness.state_mut().state_mut().tabs[0];
        tab.draft.method = HttpMethod::Get;
        tab.draft.body_mode = BodyMode::None;
    }
    app.fill("URL", "/api/desktop/installers");
    app.click("Send");
    app.wait_for_text("200 OK", WAIT);

    let deleted = io.block_on(send(
        &target,
        HttpMethod::Delete,
        &format!("/api/desktop/installers/{filename}"),
        bearer(&token),
        None,
        None,
    ));
    assert_eq!(deleted.response.status, 204);
    let _ = std::fs::remove_dir_all(&dir);
    drop(cleanup);
}
