//! Real servers' traps flagged before sending: a project code AYON would crash on (500
//! instead of a refusal), and the `anatomy` AYON 1.11 requires.

use std::time::Duration;

use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::state::{BodyMode, EditorTab};

use crate::harness::{app, io_runtime};
use crate::support::target::target;

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn a_bad_project_code_is_flagged_before_sending() {
    let io = io_runtime();
    let target = io.block_on(target());
    let mut app = app(&target.url);
    app.fill("Name", &target.admin_name);
    app.fill("Password", &target.admin_password);
    app.click("Log in");
    app.wait_for_text("Logged in as", WAIT);
    // The release is known once the server said it (AYON 1.x next to who is logged in).
    app.step_until("the server's version", WAIT, |h| {
        h.state().state().server.version.is_some()
    });
    let needs_anatomy = app
        .harness
        .state()
        .state()
        .server
        .version
        .as_ref()
        .is_some_and(|v| v.behaviours().project_needs_anatomy);
    {
        let tab = &mut app.harness.state_mut().state_mut().tabs[0];
        tab.draft.method = HttpMethod::Post;
        tab.draft.body_mode = BodyMode::Json;
        tab.editor = EditorTab::Body;
    }
    app.fill("URL", "/api/projects");
    app.fill(
        "Request body",
        r#"{"name": "gui_demo", "code": "bad code"}"#,
    );
    let rule = "The project code \"bad code\" breaks AYON's rule ^[a-zA-Z0-9_]+$";
    app.wait_for_text(rule, WAIT);
    assert!(app.shows("fail with a 500"));
    assert_eq!(
        app.shows("AYON 1.11 requires anatomy; send \"anatomy\": {} for the default"),
        needs_anatomy,
        "the anatomy advice follows the server's release"
    );

    // Fixed: both warnings go; nothing was sent.
    app.fill(
        "Request body",
        r#"{"name": "gui_demo", "code": "good_code", "anatomy": {}}"#,
    );
    app.harness.step();
    app.harness.step();
    assert!(!app.shows("breaks AYON's rule"));
    assert!(!app.shows("requires anatomy"));
    assert!(
        app.harness.state().state().tabs[0]
            .state
            .pending_id()
            .is_none()
    );
}
