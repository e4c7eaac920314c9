//! The window knows which AYON release it talks to: shown next to who is logged in,
//! forgotten when another server is typed and on logout.

use std::time::Duration;

use ayon_rest_explorer::ayon::fetch_server_version;
use ayon_rest_explorer::http::build_client;

use crate::harness::{app, io_runtime};
use crate::support::target::target;

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn the_server_version_shows_next_to_who_is_logged_in() {
    let io = io_runtime();
    let target = io.block_on(target());
    // What the server itself says, asked outside the app.
    let client = build_client().expect("client");
    let version = io
        .block_on(fetch_server_version(&client, &target.url, WAIT))
        .expect("the server names its version");
    let shown = version.to_string();
    assert!(shown.starts_with("AYON 1."), "{shown}");

    let mut app = app("http://localhost:5000");
    app.fill("Server URL", &target.url);
    app.fill("Name", &target.admin_name);
    app.fill("Password", &target.admin_password);
    app.click("Log in");
    app.wait_for_text("Logged in as", WAIT);
    app.wait_for_text(&shown, WAIT);
    assert_eq!(
        app.harness
            .state()
            .state()
            .server
            .version_of(&target.url)
            .map(|v| v.reported().to_string()),
        Some(version.reported().to_string()),
        "kept with the session's server"
    );

    // Another server typed: the version is not claimed for it.
    app.fill("Server URL", "http://127.0.0.1:9");
    app.harness.step();
    assert!(!app.shows(&shown), "the version of another server");
    // Typed back: asked again.
    app.fill("Server URL", &target.url);
    app.wait_for_text(&shown, WAIT);

    app.click("Log out");
    app.wait_for_button("Log in", WAIT);
    app.harness.step();
    assert!(!app.shows(&shown), "forgotten on logout");
}
