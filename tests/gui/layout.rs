//! The window stays put: the sidebar cannot take the window over, whatever is dragged.

use egui_kittest::kittest::Queryable;

use crate::harness::{TestApp, app};

/// Where the central area starts: the method picker is its first widget.
fn central_left(app: &TestApp) -> f32 {
    app.harness.get_by_label("Method").rect().left()
}

#[test]
fn the_sidebar_stops_at_its_maximum_and_the_request_keeps_its_room() {
    let mut app = app("http://127.0.0.1:9");
    app.harness.step();
    let start = central_left(&app);
    assert!(
        start > 250.0,
        "the default sidebar fits endpoint paths: {start}"
    );
    // The panel's edge sits a margin left of the central area's first widget.
    let edge = egui::pos2(start - 8.0, 700.0);
    app.drag(edge, egui::pos2(1195.0, 700.0));
    let after = central_left(&app);
    assert!(after > start, "the drag moved the edge: {start} -> {after}");
    assert!(
        after <= 1200.0 * 0.40 + 16.0,
        "the sidebar stops at 40% of the window: the central area starts at {after}"
    );
    let url = app.harness.get_by_label("URL").rect();
    assert!(url.width() > 150.0, "the URL field keeps its room: {url:?}");
    assert!(app.harness.query_by_label("Send").is_some());

    // And back the other way: it does not shrink below its minimum either.
    let edge = egui::pos2(after - 8.0, 700.0);
    app.drag(edge, egui::pos2(5.0, 700.0));
    let narrowest = central_left(&app);
    assert!(narrowest >= 200.0, "the sidebar keeps 200 px: {narrowest}");
    assert!(app.harness.query_by_label("Compare bundles").is_some());
}

/// The top of the request editor: everything above it is bars.
fn composer_top(app: &TestApp) -> f32 {
    app.harness.get_by_label("Method").rect().top()
}

#[test]
fn the_bars_keep_their_height_through_login_errors_login_and_logout() {
    let io = crate::harness::io_runtime();
    let sandbox = io
        .block_on(ayon_rest_explorer::sandbox::Sandbox::start(
            ayon_rest_explorer::sandbox::SandboxConfig {
                admin_name: "admin".into(),
                admin_password: "bars-pw".into(),
                seed_demo_project: false,
            },
        ))
        .unwrap();
    let mut app = app(sandbox.base_url());
    app.harness.step();
    app.harness.step();
    let top = composer_top(&app);
    let wait = std::time::Duration::from_secs(20);

    app.fill("Name", "admin");
    app.fill("Password", "wrong");
    app.click("Log in");
    app.wait_for_text("Login failed", wait);
    assert_eq!(composer_top(&app), top, "a login error moves nothing");

    app.fill("Password", "bars-pw");
    app.click("Log in");
    app.wait_for_text("Logged in as", wait);
    app.wait_for_text("AYON 1.", wait);
    app.harness.step();
    assert_eq!(composer_top(&app), top, "logging in moves nothing");

    app.click("Log out");
    app.wait_for_button("Log in", wait);
    app.harness.step();
    assert_eq!(composer_top(&app), top, "logging out moves nothing");
}

#[test]
fn a_json_error_shows_at_the_editor_and_moves_no_row_above_it() {
    let mut app = app("http://127.0.0.1:9");
    {
        let tab = &mut app.harness.state_mut().state_mut().tabs[0];
        tab.draft.method = ayon_rest_explorer::http::HttpMethod::Post;
        tab.draft.url = "/api/projects".into();
        tab.draft.body_mode = ayon_rest_explorer::request::BodyMode::Json;
        tab.draft.body_text = "{\"name\": \"demo\"}".into();
        tab.editor = ayon_rest_explorer::state::EditorTab::Body;
    }
    app.harness.step();
    app.harness.step();
    let try_row = app.harness.get_by_label("Who am I").rect().top();
    let tabs_row = app.harness.get_by_label("Body: JSON").rect().top();

    app.harness.state_mut().state_mut().tabs[0].draft.body_text =
        "{\n  \"name\": \"demo\"\n  \"code\": \"d\"\n}".into();
    app.harness.step();
    app.harness.step();
    app.wait_for_text("line 3, column 3", std::time::Duration::from_secs(5));
    assert_eq!(app.harness.get_by_label("Who am I").rect().top(), try_row);
    assert_eq!(
        app.harness.get_by_label("Body: JSON").rect().top(),
        tabs_row
    );
}

#[test]
fn reset_layout_brings_the_default_sidebar_back() {
    let mut app = app("http://127.0.0.1:9");
    app.harness.step();
    let start = central_left(&app);
    app.drag(
        egui::pos2(start - 8.0, 700.0),
        egui::pos2(start + 150.0, 700.0),
    );
    assert!(central_left(&app) > start + 100.0, "the drag widened it");
    app.press("Settings");
    app.harness.step();
    app.press("Reset layout");
    app.harness.step();
    app.harness.step();
    assert!(
        (central_left(&app) - start).abs() < 1.0,
        "back to {start}: {}",
        central_left(&app)
    );
}
