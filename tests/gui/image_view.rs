//! Pictures and binary bodies in the response view: the sandbox's PNG thumbnail shown
//! with its pixel size, 1:1 and hex; a truncated PNG that names its problem and still
//! shows its bytes; an octet-stream answer in hex with the right offsets and bytes.

use std::time::Duration;

use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::sandbox::thumbnails::{DEMO_THUMBNAIL_ID, demo_png};
use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};
use egui_kittest::kittest::Queryable;

use crate::harness::{TestApp, app, io_runtime};
use crate::support::raw_server::{self, Behaviour};

const WAIT: Duration = Duration::from_secs(30);

/// An HTTP answer with this content type and body.
fn reply(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut reply = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    reply.extend_from_slice(body);
    reply
}

fn send_anonymous(app: &mut TestApp, path: &str) {
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.fill("URL", path);
    app.click("Send");
}

#[test]
fn the_sandbox_thumbnail_is_shown_with_its_size_then_at_one_to_one_and_in_hex() {
    let io = io_runtime();
    let sandbox = io
        .block_on(Sandbox::start(SandboxConfig {
            admin_name: "admin".into(),
            admin_password: "thumb-pw".into(),
            seed_demo_project: true,
        }))
        .unwrap();
    let mut app = app(sandbox.base_url());
    app.fill("Name", "admin");
    app.fill("Password", "thumb-pw");
    app.click("Log in");
    app.wait_for_text("Logged in as", WAIT);

    app.fill(
        "URL",
        &format!("/api/projects/demo_Commercial/thumbnails/{DEMO_THUMBNAIL_ID}"),
    );
    app.click("Send");
    app.wait_for_text("PNG · 64 × 40 px", WAIT);
    assert!(
        app.harness
            .query_by_role_and_label(egui::Role::Image, "Picture: PNG · 64 × 40 px")
            .is_some(),
        "the picture itself is on screen"
    );
    // The texture was uploaded for this response.
    app.click("1:1");
    app.wait_for_text("PNG · 64 × 40 px", WAIT);
    assert!(app.shows("Zoom to fit"));

    app.click("Show hex");
    app.wait_for_text("00000000  89 50 4e 47 0d 0a 1a 0a", WAIT);
    app.click("Show picture");
    app.wait_for_text("Picture: PNG · 64 × 40 px", WAIT);
}

#[test]
fn a_truncated_png_names_the_problem_and_shows_its_bytes_in_hex() {
    let io = io_runtime();
    let png = demo_png().unwrap();
    let half = &png[..png.len() / 2];
    let url = io.block_on(raw_server::start(Behaviour::Reply(reply(
        "image/png",
        half,
    ))));
    let mut app = app(&url);
    send_anonymous(&mut app, "/api/projects/p/thumbnails/broken");
    app.wait_for_text("Cannot show the picture: the PNG is truncated", WAIT);
    assert!(!app.shows("Zoom to fit"));

    app.click("Show hex");
    app.wait_for_text("00000000  89 50 4e 47 0d 0a 1a 0a", WAIT);
    // The IHDR chunk names the declared size: 64 × 40.
    assert!(app.shows("00000010  00 00 00 40 00 00 00 28"));
    assert!(app.shows(&format!("Hex: {} B in", half.len())));
}

#[test]
fn an_octet_stream_answer_is_shown_in_hex_with_its_offsets() {
    let io = io_runtime();
    let body: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
    let url = io.block_on(raw_server::start(Behaviour::Reply(reply(
        "application/octet-stream",
        &body,
    ))));
    let mut app = app(&url);
    send_anonymous(&mut app, "/blob");
    app.wait_for_text("Binary body: 1000 B (application/octet-stream)", WAIT);
    app.wait_for_text(
        "00000040  40 41 42 43 44 45 46 47  48 49 4a 4b 4c 4d 4e 4f  |@ABCDEFGHIJKLMNO|",
        WAIT,
    );
    assert!(
        app.shows("00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  |................|")
    );
    assert!(app.shows("Hex: 1000 B in 63 rows of 16 bytes"));
    assert!(!app.shows("Cannot show the picture"));

    // The Raw tab shows the same bytes.
    app.click("Raw");
    app.wait_for_text("00000000  00 01 02 03", WAIT);
}
