//! The live event stream `/ws` over a real loopback socket, with a real
//! WebSocket client: authorisation that is never answered, heartbeats,
//! filters, the events REST calls publish, and the restart.

mod client;
mod stored_zip;

use std::time::{Duration, Instant};

use ayon_explorer_sandbox::{Sandbox, SandboxConfig, StreamSettings};
use reqwest::Method;
use serde_json::{Value, json};

use client::{Client, Frame, Rest};

const AUTH_CLOSE_DELAY: Duration = Duration::from_millis(300);
const HEARTBEAT: Duration = Duration::from_millis(150);
const RESTART_READY_DELAY: Duration = Duration::from_millis(500);

/// A sandbox with short stream timings, and the admin logged in.
async fn start() -> (Sandbox, Rest) {
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("the sandbox starts");
    sandbox.state().set_stream_settings(StreamSettings {
        auth_close_delay: AUTH_CLOSE_DELAY,
        heartbeat_interval: HEARTBEAT,
        restart_ready_delay: RESTART_READY_DELAY,
    });
    let admin = Rest::login(&sandbox, sandbox.admin_name(), sandbox.admin_password()).await;
    (sandbox, admin)
}

/// A client that sent `auth`, not waiting for anything (no answer comes).
async fn connect_with_auth(
    sandbox: &Sandbox,
    token: &str,
    topics: &[&str],
    project: Option<&str>,
) -> Client {
    let mut client = Client::connect(sandbox).await;
    client.auth(token, topics, project).await;
    client
}

/// An authorised client: its first heartbeat shows the `auth` was taken.
async fn subscribe(
    sandbox: &Sandbox,
    token: &str,
    topics: &[&str],
    project: Option<&str>,
) -> Client {
    let mut client = connect_with_auth(sandbox, token, topics, project).await;
    assert_eq!(
        client.next_frame(Duration::from_secs(3)).await,
        Frame::Json(json!({"topic": "heartbeat"}))
    );
    client
}

#[tokio::test]
async fn auth_is_never_answered_and_heartbeats_follow() {
    let (sandbox, admin) = start().await;
    let mut client = subscribe(&sandbox, &admin.token, &["*"], None).await;
    assert_eq!(
        client.next_frame(Duration::from_secs(2)).await,
        Frame::Json(json!({"topic": "heartbeat"}))
    );
    // Authorised before the check: still open well after it.
    tokio::time::sleep(AUTH_CLOSE_DELAY * 2).await;
    assert_eq!(
        client.next_frame(Duration::from_secs(2)).await,
        Frame::Json(json!({"topic": "heartbeat"}))
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn without_good_auth_nothing_comes_then_close_1000() {
    let (sandbox, admin) = start().await;
    let opened = Instant::now();
    let mut silent = Client::connect(&sandbox).await;
    let mut bogus = connect_with_auth(&sandbox, &"0".repeat(64), &["*"], None).await;
    // Something happens meanwhile; neither client hears of it.
    admin
        .post_event(json!({"topic": "lab.noise", "store": false}))
        .await;
    for client in [&mut silent, &mut bogus] {
        assert_eq!(
            client.next_frame(Duration::from_secs(3)).await,
            Frame::Closed(1000, String::new())
        );
    }
    assert!(opened.elapsed() >= AUTH_CLOSE_DELAY);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn junk_frames_are_ignored_and_auth_can_be_sent_again() {
    let (sandbox, admin) = start().await;
    let mut client = Client::connect(&sandbox).await;
    for junk in [
        "not json",
        r#"{"no": "topic"}"#,
        r#"{"topic": "auth"}"#,
        r#"{"topic": "ping", "token": "x"}"#,
        "[1, 2]",
    ] {
        client.send_text(junk).await;
    }
    client.auth(&admin.token, &["lab.first"], None).await;
    // The new subscription replaces the first one.
    client.auth(&admin.token, &["lab.second"], None).await;
    // A heartbeat shows an auth was taken; frames are read in order, so the
    // second one follows at once.
    assert_eq!(
        client.next_frame(Duration::from_secs(3)).await,
        Frame::Json(json!({"topic": "heartbeat"}))
    );
    tokio::time::sleep(Duration::from_millis(50)).await;
    admin
        .post_event(json!({"topic": "lab.first", "store": false}))
        .await;
    admin
        .post_event(json!({"topic": "lab.second", "store": false}))
        .await;
    let event = client.event().await;
    assert_eq!(event["topic"], "lab.second");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn prefixes_projects_and_access_filter_messages() {
    let (sandbox, admin) = start().await;
    let (status, body) = admin
        .call(
            admin
                .request(Method::PUT, "/api/users/artist")
                .json(&json!({"password": "artist-pass"})),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let artist = Rest::login(&sandbox, "artist", "artist-pass").await;

    let mut entity = subscribe(&sandbox, &admin.token, &["entity.project", "entity"], None).await;
    let mut lab_demo = subscribe(&sandbox, &admin.token, &["lab"], Some("demo_Commercial")).await;
    let mut artist_all = subscribe(&sandbox, &artist.token, &["*"], None).await;

    admin
        .post_event(json!({"topic": "lab.other", "project": "other_project", "store": false}))
        .await;
    admin
        .post_event(json!({"topic": "lab.demo", "project": "demo_Commercial", "store": false}))
        .await;
    let (status, body) = admin
        .call(
            admin
                .request(Method::POST, "/api/projects")
                .json(&json!({"name": "wsprobe_tmp", "code": "wsp", "anatomy": {}})),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    admin
        .post_event(json!({"topic": "lab.end", "summary": {"probe": 1}, "store": false}))
        .await;
    let (status, _) = admin
        .call(admin.request(Method::DELETE, "/api/projects/wsprobe_tmp"))
        .await;
    assert_eq!(status, 204);

    // Two matching prefixes, one delivery; then the deletion.
    let created = entity.event().await;
    assert_eq!(created["topic"], "entity.project.created");
    assert_eq!(created["description"], "Created project wsprobe_tmp");
    assert_eq!(entity.event().await["topic"], "entity.project.deleted");

    // Other projects are filtered out, the client's own and none pass.
    assert_eq!(lab_demo.event().await["topic"], "lab.demo");
    let end = lab_demo.event().await;
    assert_eq!(end["topic"], "lab.end");
    assert_eq!(end["summary"], json!({"probe": 1}));
    assert_eq!(end["store"], json!(false));

    // No access group: no project event at all.
    assert_eq!(artist_all.event().await["topic"], "lab.end");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn project_events_carry_the_request_sender() {
    let (sandbox, admin) = start().await;
    let mut client = subscribe(&sandbox, &admin.token, &["entity.project"], None).await;
    let (status, _) = admin
        .call(
            admin
                .request(Method::POST, "/api/projects")
                .header("x-sender", "my-tool-1")
                .json(&json!({"name": "sent_project", "code": "snt", "anatomy": {}})),
        )
        .await;
    assert_eq!(status, 201);
    let event = client.event().await;
    let keys: Vec<&str> = event
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "createdAt",
            "dependsOn",
            "description",
            "id",
            "progress",
            "project",
            "sender",
            "senderType",
            "status",
            "store",
            "summary",
            "topic",
            "updatedAt",
            "user"
        ]
    );
    assert_eq!(event["topic"], "entity.project.created");
    assert_eq!(event["sender"], "my-tool-1");
    assert_eq!(event["senderType"], "api");
    assert_eq!(event["project"], "sent_project");
    assert_eq!(event["user"], sandbox.admin_name());
    assert_eq!(event["status"], "finished");
    assert_eq!(event["progress"], json!(100));
    assert_eq!(event["store"], json!(true));

    let id = event["id"].as_str().expect("an id");
    let (status, stored) = admin
        .call(admin.request(Method::GET, &format!("/api/events/{id}")))
        .await;
    assert_eq!(status, 200);
    assert_eq!(stored["sender"], "my-tool-1");
    assert_eq!(stored["project"], "sent_project");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_server_error_is_logged_with_its_traceback() {
    let (sandbox, admin) = start().await;
    let mut client = subscribe(&sandbox, &admin.token, &["log"], None).await;
    let (status, body) = admin
        .call(
            admin
                .request(Method::POST, "/api/addons/install")
                .body("this is not a zip"),
        )
        .await;
    assert_eq!(status, 500, "{body}");

    let event = client.event().await;
    assert_eq!(event["topic"], "log.error");
    assert_eq!(event["description"], body["detail"]);
    assert_eq!(event["user"], sandbox.admin_name());
    assert_eq!(event["sender"], Value::Null);
    assert_eq!(event["senderType"], Value::Null);
    assert_eq!(event["project"], Value::Null);
    assert_eq!(event["store"], json!(true));

    let id = event["id"].as_str().expect("an id");
    let (status, stored) = admin
        .call(admin.request(Method::GET, &format!("/api/events/{id}")))
        .await;
    assert_eq!(status, 200);
    let payload = &stored["payload"];
    assert_eq!(payload["path"], "[POST] /api/addons/install");
    assert_eq!(payload["traceback"], body["traceback"]);
    assert_eq!(payload["requestId"].as_str().map(str::len), Some(16));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn fire_and_forget_events_are_not_stored() {
    let (sandbox, admin) = start().await;
    let mut client = subscribe(&sandbox, &admin.token, &["lab"], None).await;
    let id = admin
        .post_event(json!({"topic": "lab.wsprobe", "description": "ws probe", "store": false, "payload": {"x": 1}}))
        .await;
    let event = client.event().await;
    assert_eq!(event["id"], id);
    assert_eq!(event["senderType"], "api");
    assert!(event.get("payload").is_none());
    let (status, _) = admin
        .call(admin.request(Method::GET, &format!("/api/events/{id}")))
        .await;
    assert_eq!(status, 404);

    let stored_id = admin
        .post_event(json!({"topic": "lab.kept", "payload": {"x": 1}}))
        .await;
    let (status, stored) = admin
        .call(admin.request(Method::GET, &format!("/api/events/{stored_id}")))
        .await;
    assert_eq!(status, 200);
    assert_eq!(stored["payload"], json!({"x": 1}));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_addon_install_reports_its_progress_under_one_id() {
    let (sandbox, admin) = start().await;
    let mut client = subscribe(&sandbox, &admin.token, &["addon.install"], None).await;
    let zip = stored_zip::zip_of(&[
        (
            "manifest.json",
            r#"{"addon_name": "wsaddon", "addon_version": "0.1.0"}"#,
        ),
        ("addon/__init__.py", "# server code\n"),
    ]);
    let (status, body) = admin
        .call(admin.request(Method::POST, "/api/addons/install").body(zip))
        .await;
    assert_eq!(status, 200, "{body}");
    let id = body["eventId"].clone();

    let mut statuses = Vec::new();
    loop {
        let event = client.event().await;
        assert_eq!(event["id"], id);
        assert_eq!(event["topic"], "addon.install");
        statuses.push((event["status"].clone(), event["progress"].clone()));
        if event["status"] == "finished" {
            assert!(event.get("store").is_none(), "an update has no store");
            break;
        }
    }
    assert_eq!(
        statuses,
        [
            (json!("pending"), json!(0.0)),
            (json!("in_progress"), json!(50)),
            (json!("finished"), json!(100)),
        ]
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_restart_closes_with_1012_and_the_old_token_works_after() {
    let (sandbox, admin) = start().await;
    let mut client = subscribe(&sandbox, &admin.token, &["*"], None).await;
    let (status, _) = admin
        .call(admin.request(Method::POST, "/api/system/restart"))
        .await;
    assert_eq!(status, 204);
    let requested = client.event().await;
    assert_eq!(requested["topic"], "server.restart_requested");
    assert_eq!(requested["user"], sandbox.admin_name());
    assert_eq!(requested["senderType"], "api");
    assert_eq!(
        client.next_event().await,
        Frame::Closed(1012, String::new())
    );

    // Not waiting for a heartbeat: the log.info may come first.
    let mut again = connect_with_auth(&sandbox, &admin.token, &["*"], None).await;
    let ready = again.event().await;
    assert_eq!(ready["topic"], "log.info");
    assert_eq!(ready["description"], "Server is now ready to connect");
    assert_eq!(ready["user"], Value::Null);
    assert_eq!(ready["senderType"], Value::Null);
    assert_eq!(ready["store"], json!(true));
    let id = ready["id"].as_str().expect("an id");
    let (status, _) = admin
        .call(admin.request(Method::GET, &format!("/api/events/{id}")))
        .await;
    assert_eq!(status, 200);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_service_key_works_once_used_over_rest() {
    const KEY: &str = "fe26e8249ae7cfcbf6c61a9f2994b491";
    let (sandbox, admin) = start().await;
    let (status, body) = admin
        .call(
            admin
                .request(Method::PUT, "/api/users/lab_service")
                .json(&json!({"data": {"isService": true}, "apiKey": KEY})),
        )
        .await;
    assert_eq!(status, 204, "{body}");

    let mut early = connect_with_auth(&sandbox, KEY, &["*"], None).await;
    assert_eq!(
        early.next_frame(Duration::from_secs(3)).await,
        Frame::Closed(1000, String::new())
    );

    let (status, _) = admin
        .call(
            reqwest::Client::new()
                .get(format!("{}/api/users/me", sandbox.base_url()))
                .header("x-api-key", KEY),
        )
        .await;
    assert_eq!(status, 200);
    let mut client = subscribe(&sandbox, KEY, &["*"], None).await;
    assert_eq!(
        client.next_frame(Duration::from_secs(2)).await,
        Frame::Json(json!({"topic": "heartbeat"}))
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_plain_http_request_to_ws_is_a_404() {
    let (sandbox, admin) = start().await;
    let (status, body) = admin.call(admin.request(Method::GET, "/ws")).await;
    assert_eq!(status, 404, "{body}");
    sandbox.shutdown().await;
}
