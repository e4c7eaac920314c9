//! A misbehaving server never freezes the window: while the request is pending, frames
//! keep coming and typing still works; then the named error is shown.

use std::time::Duration;

use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::settings::Settings;

use crate::harness::{TestApp, app_with};
use crate::support::raw_server::{self, Behaviour};

const WAIT: Duration = Duration::from_secs(30);

fn app_for(url: &str) -> TestApp {
    let mut app = app_with(AppOptions {
        settings: Settings {
            server_url: url.to_owned(),
            timeout_secs: 2,
            ..Settings::default()
        },
        ..AppOptions::default()
    });
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app
}

/// Sends, then steps frames while the request is pending, typing into the URL field
/// once; returns how many frames ran while it was pending.
fn send_and_keep_typing(app: &mut TestApp, path: &str) -> usize {
    app.fill("URL", path);
    app.click("Send");
    let mut frames = 0;
    let typed = format!("{path}?typed=while-pending");
    while app.harness.state().state().tabs[0]
        .state
        .pending_id()
        .is_some()
        && frames < 2000
    {
        app.harness.step();
        frames += 1;
        if frames == 3 {
            app.fill("URL", &typed);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(app.harness.state().state().tabs[0].draft.url, typed);
    frames
}

#[test]
fn headers_that_never_come_time_out_while_the_window_answers() {
    let io = crate::harness::io_runtime();
    let url = io.block_on(raw_server::start(Behaviour::Silent(Duration::from_secs(
        60,
    ))));
    let mut app = app_for(&url);
    let frames = send_and_keep_typing(&mut app, "/silent");
    assert!(frames > 10, "{frames} frames");
    app.wait_for_text("No progress from", WAIT);
    app.wait_for_text("for 2 s", WAIT);
    // The engine's words are neutral; the window says where to change the limit.
    app.wait_for_text("Change the timeout in Settings.", WAIT);
}

#[test]
fn a_trickling_body_times_out_saying_how_much_arrived() {
    let io = crate::harness::io_runtime();
    let mut reply =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n"
            .to_vec();
    let first = reply.len() + 1;
    reply.extend_from_slice(&[b' '; 100]);
    let url = io.block_on(raw_server::start(Behaviour::Trickle {
        bytes: reply,
        first,
        chunk: 1,
        pause: Duration::from_millis(700),
    }));
    let mut app = app_for(&url);
    let frames = send_and_keep_typing(&mut app, "/trickle");
    assert!(frames > 10, "{frames} frames");
    // The view's sends count time without progress; a byte now and then is not progress.
    app.wait_for_text("under 1 KB moved in that time counts as none", WAIT);
    assert!(
        !app.shows("received 0 B"),
        "the error says what had arrived: some body bytes"
    );
}

#[test]
fn a_gzip_bomb_is_refused_while_the_window_answers() {
    let io = crate::harness::io_runtime();
    let bomb = io.block_on(async {
        use tokio::io::AsyncReadExt;
        let zeros = vec![0u8; 64 * 1024 * 1024];
        let mut out = Vec::new();
        async_compression::tokio::bufread::GzipEncoder::new(&zeros[..])
            .read_to_end(&mut out)
            .await
            .expect("encoded");
        out
    });
    let mut reply = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\n\
         content-length: {}\r\n\r\n",
        bomb.len()
    )
    .into_bytes();
    reply.extend_from_slice(&bomb);
    let url = io.block_on(raw_server::start(Behaviour::Trickle {
        bytes: reply,
        first: 0,
        chunk: 16 * 1024,
        pause: Duration::from_millis(20),
    }));
    let mut app = app_for(&url);
    send_and_keep_typing(&mut app, "/bomb");
    app.wait_for_text("decompression bomb", WAIT);
}
