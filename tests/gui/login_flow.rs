//! The newcomer's first minute, against the sandbox (or `AYON_TEST_SERVER_URL`):
//! type server URL, name, password; log in; see who is logged in; list projects.

use std::time::Duration;

use crate::harness::{app, io_runtime};
use crate::support::ayon_client::{Cleanup, admin_login, create_project};
use crate::support::target::{Target, target};

const WAIT: Duration = Duration::from_secs(20);

fn log_in(app: &mut crate::harness::TestApp, target: &Target, password: &str) {
    app.fill("Server URL", &target.url);
    app.fill("Name", &target.admin_name);
    app.fill("Password", password);
    app.click("Log in");
}

#[test]
fn log_in_see_identity_and_list_projects() {
    let io = io_runtime();
    let target = io.block_on(target());
    // A project of our own, so the list is known to hold something on any server.
    let admin = io.block_on(admin_login(&target));
    let token = admin.token.expose().to_string();
    let _guard = io.enter();
    let mut cleanup = Cleanup::new(&target, &token);
    let (project, _) = io.block_on(create_project(&target, &token, "are_gui", &mut cleanup));

    let mut app = app("http://localhost:5000");
    log_in(&mut app, &target, &target.admin_password);
    app.wait_for_text("Logged in as", WAIT);
    assert!(app.shows(&admin.identity.name));
    assert!(app.shows("Log out"));
    // The password field is gone and its value forgotten.
    assert!(app.harness.state().state().login_password.is_empty());

    // Filtered by name, so the project is on the first screen even on a busy real server.
    app.fill("URL", &format!("/api/projects?name={project}"));
    app.click("Send");
    app.wait_for_text(&format!("\"{project}\""), WAIT);
    assert!(app.shows("200 OK"));
    // The query landed in the params table too.
    let params = &app.harness.state().state().tabs[0].draft.params;
    assert!(
        params
            .iter()
            .any(|p| p.name == "name" && p.value == project)
    );

    // Who am I, with one click.
    app.click("Who am I");
    app.wait_for_text("\"name\"", WAIT);

    app.click("Log out");
    app.wait_for_button("Log in", WAIT);
    drop(cleanup);
    drop(_guard);
}

#[test]
fn wrong_password_shows_the_servers_words() {
    let io = io_runtime();
    let target = io.block_on(target());
    let mut app = app("http://localhost:5000");
    log_in(&mut app, &target, "definitely-not-the-password");
    app.wait_for_text("Invalid login/password combination", WAIT);
    assert!(app.shows("403"));
    assert!(!app.shows("Logged in as"));
}

#[test]
fn unreachable_server_says_so_with_the_url() {
    let io = io_runtime();
    let url = io.block_on(crate::support::raw_server::refused_url());
    let mut app = app(&url);
    app.fill("Name", "admin");
    app.fill("Password", "admin");
    app.click("Log in");
    app.wait_for_text("Connection refused", WAIT);
    assert!(app.shows(&url));
}
