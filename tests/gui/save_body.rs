//! A binary response goes to a temporary file, is described, not shown, and is saved
//! (copied from there) to a typed path.

use std::time::Duration;

use ayon_rest_explorer::ayon::AuthMode;

use crate::harness::app;
use crate::support::raw_server::{self, Behaviour};

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn binary_body_is_saved_to_a_typed_path() {
    let io = tokio::runtime::Runtime::new().unwrap();
    let mut payload = b"\x89PNG\r\n\x1a\n".to_vec();
    payload.extend((0..=255u8).cycle().take(4000));
    let mut reply = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: image/png\r\ncontent-disposition: attachment; \
         filename=\"thumb.png\"\r\ncontent-length: {}\r\n\r\n",
        payload.len()
    )
    .into_bytes();
    reply.extend_from_slice(&payload);
    let url = io.block_on(raw_server::start(Behaviour::Reply(reply)));

    let mut app = app(&url);
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.fill("URL", "/api/thumbnail");
    app.click("Send");
    app.wait_for_text(
        "Binary body (3.9 KB, image/png) kept in a temporary file",
        WAIT,
    );
    assert!(
        !app.shows("Copy body"),
        "binary bodies are not copied as text"
    );

    app.click("Save to file…");
    app.wait_for_text("Save response body", WAIT);
    let dir = std::env::temp_dir().join(format!("are-gui-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("thumb.png");
    app.fill("File path", &path.to_string_lossy());
    app.click("Save");
    app.wait_for_text("Saved 4008 bytes", WAIT);
    assert_eq!(std::fs::read(&path).unwrap(), payload);
    let _ = std::fs::remove_dir_all(&dir);
}
