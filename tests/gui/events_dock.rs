//! The Events dock against the sandbox (or `AYON_TEST_SERVER_URL`): it connects at login,
//! marks what a request of this window caused (by `x-sender`, or by path for a log line),
//! shows a `log.error` under the answer of the request that caused it, keeps buffering
//! while paused, reconnects on its own after a restart, and names a refused token.

use std::time::Duration;

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::request::{BodyMode, RequestDraft};
use ayon_rest_explorer::sandbox::StreamSettings;
use ayon_rest_explorer::secret::Secret;
use ayon_rest_explorer::state::SessionState;
use ayon_rest_explorer::state::events::{MatchedBy, StreamStatus};

use crate::harness::{TestApp, app, io_runtime};
use crate::support::ayon_client::{Cleanup, admin_login};
use crate::support::target::{Target, target, unique_name};

/// A real server's heartbeat comes every 6-7.5 s and its refusal after about 8.5 s.
const WAIT: Duration = Duration::from_secs(30);

/// Short timings on the sandbox (a real server keeps its own).
fn quick(target: &Target) {
    if let Some(sandbox) = &target.sandbox {
        sandbox.state().set_stream_settings(StreamSettings {
            auth_close_delay: Duration::from_millis(400),
            heartbeat_interval: Duration::from_millis(300),
            restart_ready_delay: Duration::from_millis(300),
        });
    }
}

/// Logs in through the connection bar and opens the dock; waits for the stream.
fn logged_in_with_events(target: &Target) -> TestApp {
    let mut app = app(&target.url);
    app.fill("Name", &target.admin_name);
    app.fill("Password", &target.admin_password);
    app.click("Log in");
    app.wait_for_text("Logged in as", WAIT);
    app.press("Events");
    app.step_until("the event stream to be live", WAIT, |h| {
        h.state().state().events.status == StreamStatus::Live
    });
    // The dock may draw before the frame that applied the change.
    app.wait_for_text("Connected", WAIT);
    app
}

/// Puts `draft` in the first tab and sends it.
fn send(app: &mut TestApp, draft: RequestDraft) {
    app.harness.state_mut().state_mut().tabs[0].draft = draft;
    app.click("Send");
}

#[test]
fn a_created_project_shows_up_marked_as_caused_by_that_request() {
    let io = io_runtime();
    let target = io.block_on(target());
    quick(&target);
    let admin = io.block_on(admin_login(&target));
    let _guard = io.enter();
    let mut cleanup = Cleanup::new(&target, admin.token.expose());
    let name = unique_name("are_events");
    cleanup.delete_later(format!("/api/projects/{name}"));
    let mut app = logged_in_with_events(&target);

    let code = format!("ev{}", &name[name.len().saturating_sub(6)..]).replace('_', "");
    send(
        &mut app,
        RequestDraft {
            method: HttpMethod::Post,
            url: "/api/projects".into(),
            body_mode: BodyMode::Json,
            body_text: serde_json::json!({"name": name, "code": code, "anatomy": {}}).to_string(),
            ..RequestDraft::default()
        },
    );
    app.wait_for_text("201", WAIT);
    app.step_until("entity.project.created of our project", WAIT, |h| {
        let events = &h.state().state().events;
        events.buffer.matching(&name).into_iter().any(|seq| {
            events
                .buffer
                .row(seq)
                .is_some_and(|r| r.event.topic == "entity.project.created" && r.cause.is_some())
        })
    });
    let state = app.harness.state().state();
    let sender = state.tabs[0].sender.clone().unwrap_or_default();
    assert!(sender.starts_with(&state.events.window_sender), "{sender}");
    let caused = state.events.caused_by(&sender);
    let created = caused
        .iter()
        .find(|r| r.event.topic == "entity.project.created")
        .expect("the creation is among what the request caused");
    assert_eq!(created.event.project.as_deref(), Some(name.as_str()));
    // 1.16 and the sandbox pass x-sender on; 1.11.2 says "ayon" and the path decides.
    let by = created.cause.as_ref().map(|c| c.by);
    assert!(
        matches!(by, Some(MatchedBy::Sender | MatchedBy::Path)),
        "{by:?}"
    );
    app.wait_for_text("Caused 1 event", WAIT);
    assert!(app.shows("entity.project.created"));
    drop(app);
    drop(cleanup);
}

#[test]
fn a_server_error_shows_its_log_error_and_traceback_under_the_answer() {
    let io = io_runtime();
    let target = io.block_on(target());
    quick(&target);
    let _guard = io.enter();
    let mut app = logged_in_with_events(&target);
    // A body that is not a zip: AYON answers 500 and logs the error.
    send(
        &mut app,
        RequestDraft {
            method: HttpMethod::Post,
            url: "/api/addons/install".into(),
            body_mode: BodyMode::Text,
            body_text: "not a zip".into(),
            ..RequestDraft::default()
        },
    );
    app.wait_for_text("500", WAIT);
    app.wait_for_text("log.error", WAIT);
    app.step_until("the log line's record, matched by path", WAIT, |h| {
        let state = h.state().state();
        let sender = state.tabs[0].sender.clone().unwrap_or_default();
        state.events.caused_by(&sender).iter().any(|r| {
            r.event.topic == "log.error"
                && r.cause.as_ref().map(|c| c.by) == Some(MatchedBy::Path)
                && state.events.records.contains_key(&r.event.id)
        })
    });
    app.wait_for_text("Traceback", WAIT);
    assert!(app.shows("(by path)"));
}

#[test]
fn pause_keeps_events_aside_and_a_sent_event_arrives() {
    let io = io_runtime();
    let target = io.block_on(target());
    quick(&target);
    let _guard = io.enter();
    let mut app = logged_in_with_events(&target);
    let topic = format!("lab.{}", unique_name("are"));
    app.click("Pause");
    app.click("Send an event…");
    app.fill("Event topic", &topic);
    app.fill("Event summary (JSON)", r#"{"probe": 1}"#);
    app.click("Send event");
    app.wait_for_text("Resume (1 waiting)", WAIT);
    assert!(
        app.harness
            .state()
            .state()
            .events
            .buffer
            .matching(&topic)
            .is_empty(),
        "paused: not listed yet"
    );
    app.click("Resume (1 waiting)");
    app.harness.step();
    assert_eq!(
        app.harness
            .state()
            .state()
            .events
            .buffer
            .matching(&topic)
            .len(),
        1
    );
    app.fill("Filter events", &topic);
    app.wait_for_text(&topic, WAIT);
}

#[test]
fn the_dock_reconnects_after_a_restart_and_keeps_its_list() {
    let io = io_runtime();
    let mut target = io.block_on(target());
    if !target.restart_allowed() {
        eprintln!("skipped: restarting a real server needs AYON_TEST_ALLOW_RESTART=1");
        return;
    }
    io.block_on(target.take_for_restart());
    quick(&target);
    let _guard = io.enter();
    let mut app = logged_in_with_events(&target);
    let before = app.harness.state().state().events.buffer.len();
    send(
        &mut app,
        RequestDraft {
            method: HttpMethod::Post,
            url: "/api/system/restart".into(),
            ..RequestDraft::default()
        },
    );
    app.step_until("the restart to be noticed", WAIT, |h| {
        let events = &h.state().state().events;
        events.status == StreamStatus::Restarting
            || events.buffer.matching("server.restart_requested").len() == 1
    });
    app.step_until(
        "the stream to be live again",
        Duration::from_secs(60),
        |h| {
            let events = &h.state().state().events;
            events.status == StreamStatus::Live
                && events.buffer.matching("server.restart_requested").len() == 1
        },
    );
    assert!(app.harness.state().state().events.buffer.len() > before);
    // Events after the restart still arrive.
    app.click("Send an event…");
    let topic = format!("lab.{}", unique_name("after_restart"));
    app.fill("Event topic", &topic);
    app.click("Send event");
    app.step_until("an event after the restart", WAIT, |h| {
        h.state().state().events.buffer.matching(&topic).len() == 1
    });
}

#[test]
fn a_token_the_server_does_not_take_is_named_not_authorised() {
    let io = io_runtime();
    let target = io.block_on(target());
    quick(&target);
    let _guard = io.enter();
    let mut app = logged_in_with_events(&target);
    // The session's token replaced by one the server never gave.
    if let SessionState::LoggedIn { token, .. } = &mut app.harness.state_mut().state_mut().session {
        *token = Secret::new("0".repeat(64));
    }
    app.harness.state_mut().dispatch(Action::EventsReconnect);
    app.step_until("the refusal", WAIT, |h| {
        h.state().state().events.status == StreamStatus::NotAuthorised
    });
    app.wait_for_text("Not authorised", WAIT);
    assert!(!app.shows(&"0".repeat(64)), "the token is never shown");
}
