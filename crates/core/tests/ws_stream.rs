//! The event stream against scripted `/ws` servers that behave as AYON 1.11.2 and 1.16
//! were seen to (shared/fixtures/ws): no answer to the auth message, heartbeats only
//! sometimes, repeat deliveries, a restart's 1012, a bad token's silent close.

#[path = "support/ws_script.rs"]
mod ws_script;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use ayon_explorer_core::events::Subscription;
use ayon_explorer_core::events::stream::{
    StreamConfig, StreamHandle, StreamNetwork, StreamUpdate, start,
};
use ayon_explorer_core::secret::Secret;
use futures_util::FutureExt;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use ws_script::{Behaviour, Conn, Script, always, event, serve};

const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// A guard against a hang, not a speed check.
const PATIENCE: Duration = Duration::from_secs(10);

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn config(server_url: &str) -> StreamConfig {
    let mut config = StreamConfig::new(server_url, Secret::new(TOKEN), Subscription::default());
    config.connect_timeout = Duration::from_secs(5);
    config.first_backoff = ms(50);
    config.max_backoff = ms(400);
    config.heartbeat_gap = Duration::from_secs(30);
    config
}

fn behaviour<F, Fut>(f: F) -> Behaviour
where
    F: Fn(Conn) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    Arc::new(move |conn| f(conn).boxed())
}

/// Starts a stream; its updates arrive on the receiver.
fn open(config: StreamConfig) -> (StreamHandle, UnboundedReceiver<StreamUpdate>) {
    let (tx, rx) = unbounded_channel();
    let handle = start(
        &tokio::runtime::Handle::current(),
        config,
        StreamNetwork::default(),
        move |u| {
            let _ = tx.send(u);
        },
    )
    .expect("an http server URL has a stream");
    (handle, rx)
}

/// Collects updates up to and including the first that `done` accepts.
async fn until(
    rx: &mut UnboundedReceiver<StreamUpdate>,
    done: impl Fn(&StreamUpdate) -> bool,
) -> Vec<StreamUpdate> {
    let mut seen = Vec::new();
    loop {
        let update = tokio::time::timeout(PATIENCE, rx.recv())
            .await
            .unwrap_or_else(|_| panic!("no update in time; so far {seen:?}"))
            .unwrap_or_else(|| panic!("the stream ended; so far {seen:?}"));
        let last = done(&update);
        seen.push(update);
        if last {
            return seen;
        }
    }
}

/// The next frame a client sent to the script.
async fn received(script: &mut Script) -> ws_script::Received {
    tokio::time::timeout(PATIENCE, script.received.recv())
        .await
        .expect("a frame in time")
        .expect("the server runs")
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_default()
}

fn is(update: &StreamUpdate) -> &'static str {
    match update {
        StreamUpdate::Connecting { .. } => "connecting",
        StreamUpdate::Connected => "connected",
        StreamUpdate::Authorised => "authorised",
        StreamUpdate::Heartbeat => "heartbeat",
        StreamUpdate::HeartbeatLate { .. } => "late",
        StreamUpdate::Event { .. } => "event",
        StreamUpdate::Duplicate => "duplicate",
        StreamUpdate::Ignored => "ignored",
        StreamUpdate::NotAuthorised => "not-authorised",
        StreamUpdate::Restarting => "restarting",
        StreamUpdate::Dropped { .. } => "dropped",
        StreamUpdate::Retrying { .. } => "retrying",
        StreamUpdate::Stopped => "stopped",
    }
}

fn names(updates: &[StreamUpdate]) -> Vec<&str> {
    updates.iter().map(is).collect()
}

#[tokio::test]
async fn authorised_on_the_first_heartbeat_though_nothing_answers_the_auth() {
    let mut script = serve(
        always(),
        behaviour(|mut conn: Conn| async move {
            conn.read().await;
            // AYON sends nothing back; the next heartbeat comes seconds later.
            tokio::time::sleep(ms(300)).await;
            conn.heartbeat().await;
            conn.read_to_end().await;
        }),
    )
    .await;
    let (handle, mut rx) = open(config(&script.server_url));
    let connected = until(&mut rx, |u| *u == StreamUpdate::Connected).await;
    assert_eq!(names(&connected), ["connecting", "connected"]);
    assert_eq!(connected[0], StreamUpdate::Connecting { attempt: 1 });

    let auth = received(&mut script).await;
    let value = json(&auth.text);
    assert_eq!(value["topic"], "auth");
    assert_eq!(value["token"], TOKEN);
    assert_eq!(value["subscribe"], serde_json::json!(["*"]));

    let rest = until(&mut rx, |u| *u == StreamUpdate::Heartbeat).await;
    assert_eq!(names(&rest), ["authorised", "heartbeat"]);

    handle.stop();
    let end = until(&mut rx, |u| *u == StreamUpdate::Stopped).await;
    assert_eq!(names(&end), ["stopped"]);
    // Closed politely.
    assert_eq!(received(&mut script).await.text, "close 1000");
}

#[tokio::test]
async fn the_token_goes_in_the_auth_frame_only() {
    let (tx, mut paths) = unbounded_channel();
    let tx = Arc::new(tx);
    let script = serve(
        always(),
        behaviour(move |mut conn: Conn| {
            let tx = Arc::clone(&tx);
            async move {
                let _ = tx.send(conn.path.clone());
                conn.read().await;
                conn.heartbeat().await;
                conn.read_to_end().await;
            }
        }),
    )
    .await;
    let config = config(&script.server_url);
    assert!(!format!("{config:?}").contains(TOKEN));
    let (handle, mut rx) = open(config);
    until(&mut rx, |u| *u == StreamUpdate::Authorised).await;
    let path = tokio::time::timeout(PATIENCE, paths.recv())
        .await
        .ok()
        .flatten();
    assert_eq!(path.as_deref(), Some("/ws"));
    assert!(!format!("{handle:?}").contains(TOKEN));
}

#[tokio::test]
async fn a_repeat_delivery_is_one_event_and_one_duplicate() {
    let script = serve(
        always(),
        behaviour(|mut conn: Conn| async move {
            conn.read().await;
            // 1.11.2 with ["lab.wsprobe", "lab"]: no heartbeats, each event twice.
            let first = event(
                "c6000e24f22611f193a002fc00000001",
                "lab.wsprobe",
                "finished",
            );
            conn.send(&first).await;
            conn.send(&first).await;
            conn.send("not json").await;
            let other = event(
                "c6000e24f22611f193a002fc00000002",
                "lab.wsprobe",
                "finished",
            );
            conn.send(&other).await;
            conn.read_to_end().await;
        }),
    )
    .await;
    let mut config = config(&script.server_url);
    config.subscription.topics = vec!["lab.wsprobe".into(), "lab".into()];
    let (_handle, mut rx) = open(config);
    let updates = until(
        &mut rx,
        |u| matches!(u, StreamUpdate::Event { event, .. } if event.id.ends_with("02")),
    )
    .await;
    assert_eq!(
        names(&updates),
        [
            "connecting",
            "connected",
            "authorised",
            "event",
            "duplicate",
            "ignored",
            "event"
        ]
    );
    let StreamUpdate::Event { event, raw } = &updates[3] else {
        panic!("an event");
    };
    assert_eq!(event.topic, "lab.wsprobe");
    assert!(raw.contains("c6000e24f22611f193a002fc00000001"));
}

#[tokio::test]
async fn silence_after_heartbeats_is_reported_once_per_gap() {
    let script = serve(
        always(),
        behaviour(|mut conn: Conn| async move {
            conn.read().await;
            conn.heartbeat().await;
            tokio::time::sleep(ms(600)).await;
            conn.heartbeat().await;
            conn.read_to_end().await;
        }),
    )
    .await;
    let mut config = config(&script.server_url);
    config.heartbeat_gap = ms(150);
    let (_handle, mut rx) = open(config);
    let updates = until(&mut rx, |u| *u == StreamUpdate::Heartbeat).await;
    assert_eq!(names(&updates).last(), Some(&"heartbeat"));
    // One late report in 600 ms of silence, then the next heartbeat, then late again.
    let updates = until(&mut rx, |u| *u == StreamUpdate::Heartbeat).await;
    assert_eq!(names(&updates), ["late", "heartbeat"]);
    let StreamUpdate::HeartbeatLate { silent_for } = updates[0] else {
        panic!("late");
    };
    assert!(silent_for >= ms(150), "{silent_for:?}");
    let updates = until(&mut rx, |u| is(u) == "late").await;
    assert_eq!(names(&updates), ["late"]);
}

#[tokio::test]
async fn no_late_heartbeat_where_heartbeats_never_came() {
    let script = serve(
        always(),
        behaviour(|mut conn: Conn| async move {
            conn.read().await;
            // 1.11.2 with named topics: events, never a heartbeat.
            conn.send(&event("aa", "entity.project.created", "finished"))
                .await;
            tokio::time::sleep(ms(500)).await;
            conn.send(&event("bb", "entity.project.deleted", "finished"))
                .await;
            conn.read_to_end().await;
        }),
    )
    .await;
    let mut config = config(&script.server_url);
    config.heartbeat_gap = ms(100);
    config.subscription.topics = vec!["entity.project".into()];
    let (_handle, mut rx) = open(config);
    let updates = until(
        &mut rx,
        |u| matches!(u, StreamUpdate::Event { event, .. } if event.id == "bb"),
    )
    .await;
    assert_eq!(
        names(&updates),
        ["connecting", "connected", "authorised", "event", "event"]
    );
}

#[tokio::test]
async fn a_restart_reconnects_with_the_same_token() {
    let mut script = serve(
        always(),
        behaviour(|mut conn: Conn| async move {
            conn.read().await;
            conn.heartbeat().await;
            match conn.index {
                // 1.16's restart: the event, then close 1012 at once.
                0 => {
                    conn.send(&event("r1", "server.restart_requested", "finished"))
                        .await;
                    conn.close(1012).await;
                }
                // The event, then another close code: a restart all the same.
                1 => {
                    conn.send(&event("r2", "server.restart_requested", "finished"))
                        .await;
                    conn.close(1001).await;
                }
                _ => conn.read_to_end().await,
            }
        }),
    )
    .await;
    let (_handle, mut rx) = open(config(&script.server_url));
    let first = until(&mut rx, |u| *u == StreamUpdate::Restarting).await;
    assert_eq!(
        names(&first),
        [
            "connecting",
            "connected",
            "authorised",
            "heartbeat",
            "event",
            "restarting"
        ]
    );
    let second = until(&mut rx, |u| *u == StreamUpdate::Restarting).await;
    assert_eq!(
        names(&second),
        [
            "connecting",
            "connected",
            "authorised",
            "heartbeat",
            "event",
            "restarting"
        ]
    );
    assert_eq!(second[0], StreamUpdate::Connecting { attempt: 1 });
    let third = until(&mut rx, |u| *u == StreamUpdate::Heartbeat).await;
    assert_eq!(
        names(&third),
        ["connecting", "connected", "authorised", "heartbeat"]
    );
    let mut auths = Vec::new();
    while auths.len() < 3 {
        let frame = received(&mut script).await;
        if frame.text.starts_with('{') {
            auths.push(frame);
        }
    }
    for (n, auth) in auths.iter().enumerate() {
        assert_eq!(auth.conn, n);
        assert_eq!(json(&auth.text)["token"], TOKEN);
    }
}

#[tokio::test]
async fn a_silent_close_is_not_authorised_and_not_retried_until_a_new_token() {
    let mut script = serve(
        always(),
        behaviour(|mut conn: Conn| async move {
            let auth = conn.read().await.unwrap_or_default();
            if json(&auth)["token"] == TOKEN {
                // A token the server does not know: no frame, then close 1000.
                tokio::time::sleep(ms(100)).await;
                conn.close(1000).await;
            } else {
                conn.heartbeat().await;
                conn.read_to_end().await;
            }
        }),
    )
    .await;
    let (handle, mut rx) = open(config(&script.server_url));
    let updates = until(&mut rx, |u| *u == StreamUpdate::NotAuthorised).await;
    assert_eq!(
        names(&updates),
        ["connecting", "connected", "not-authorised"]
    );
    // No retry with the same token: several first pauses go by without a connection.
    tokio::time::sleep(ms(500)).await;
    assert_eq!(script.accepted.load(Ordering::SeqCst), 1);
    assert!(rx.try_recv().is_err(), "nothing more after NotAuthorised");

    handle.set_token(Secret::new("f".repeat(64)));
    let updates = until(&mut rx, |u| *u == StreamUpdate::Authorised).await;
    assert_eq!(names(&updates), ["connecting", "connected", "authorised"]);
    assert_eq!(updates[0], StreamUpdate::Connecting { attempt: 1 });
    let mut tokens = Vec::new();
    while tokens.len() < 2 {
        let frame = received(&mut script).await;
        if frame.text.starts_with('{') {
            tokens.push(
                json(&frame.text)["token"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            );
        }
    }
    assert_eq!(tokens, [TOKEN.to_owned(), "f".repeat(64)]);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_with_growing_pauses() {
    // The first connection works and then loses its TCP; the next ones are refused
    // before the WebSocket handshake.
    let script = serve(
        Arc::new(|index| index == 0),
        behaviour(|mut conn: Conn| async move {
            conn.read().await;
            conn.heartbeat().await;
            // Dropped without a close frame.
            drop(conn);
        }),
    )
    .await;
    let (handle, mut rx) = open(config(&script.server_url));
    let mut retries = Vec::new();
    let mut first_drop = None;
    while retries.len() < 4 {
        for update in until(&mut rx, |u| is(u) == "retrying").await {
            match update {
                StreamUpdate::Dropped { reason } if first_drop.is_none() => {
                    first_drop = Some(reason)
                }
                StreamUpdate::Retrying { after, attempt } => retries.push((after, attempt)),
                _ => {}
            }
        }
    }
    let reason = first_drop.unwrap_or_default();
    assert!(reason.contains("lost"), "{reason}");
    // After a connection that got frames the pauses start over: 50, then doubling to 400.
    assert_eq!(
        retries,
        [(ms(50), 1), (ms(100), 2), (ms(200), 3), (ms(400), 4)]
    );
    handle.stop();
    until(&mut rx, |u| *u == StreamUpdate::Stopped).await;
}

#[tokio::test]
async fn resubscribe_and_a_new_token_resend_the_auth_message() {
    let mut script = serve(
        always(),
        behaviour(|mut conn: Conn| async move {
            conn.read().await;
            conn.heartbeat().await;
            conn.read_to_end().await;
        }),
    )
    .await;
    let (handle, mut rx) = open(config(&script.server_url));
    until(&mut rx, |u| *u == StreamUpdate::Heartbeat).await;
    handle.resubscribe(Subscription {
        topics: vec!["entity.".into(), "log.".into()],
        project: Some("demo_project".into()),
    });
    handle.set_token(Secret::new("e".repeat(64)));
    let mut auths = Vec::new();
    while auths.len() < 3 {
        auths.push(json(&received(&mut script).await.text));
    }
    assert_eq!(auths[1]["topic"], "auth");
    assert_eq!(auths[1]["token"], TOKEN);
    assert_eq!(
        auths[1]["subscribe"],
        serde_json::json!(["entity.", "log."])
    );
    assert_eq!(auths[1]["project"], "demo_project");
    assert_eq!(auths[2]["token"], "e".repeat(64));
    assert_eq!(auths[2]["project"], "demo_project");
    // On the same socket.
    assert_eq!(script.accepted.load(Ordering::SeqCst), 1);
    drop(handle);
    until(&mut rx, |u| *u == StreamUpdate::Stopped).await;
}

#[tokio::test]
async fn a_server_url_without_a_stream_is_refused() {
    let result = start(
        &tokio::runtime::Handle::current(),
        config("ftp://example"),
        StreamNetwork::default(),
        |_| {},
    );
    assert!(result.is_err());
}
