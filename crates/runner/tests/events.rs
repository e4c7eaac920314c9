//! `events` against a fake AYON: where the token comes from, what is printed where, and
//! the exit codes.

#[path = "support/fake_ayon.rs"]
mod fake_ayon;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ayon_explorer_core::http::ClientOptions;
use ayon_explorer_runner::events::{EventsArgs, EventsContext, watch};

use fake_ayon::{FakeAyon, Ws, event};

const KEY: &str = "fe26e0c1b2a3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4bb491";

/// A guard against a hang, not a speed check.
const PATIENCE: Duration = Duration::from_secs(20);

/// A writer the test can read while the command runs.
#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut inner) = self.0.lock() {
            inner.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buf {
    fn text(&self) -> String {
        self.0
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }
}

fn context(env: &[(&str, &str)]) -> EventsContext {
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    EventsContext {
        env: Box::new(move |name| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())),
        client_options: ClientOptions::default(),
        sandbox: None,
    }
}

/// Runs `events` until `lines` lines are on stdout (or it ends by itself).
async fn run(args: EventsArgs, env: &[(&str, &str)], lines: usize) -> (u8, String, String) {
    let (out, err) = (Buf::default(), Buf::default());
    let watched = out.clone();
    let stop = async move {
        while watched.text().lines().count() < lines {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    let code = tokio::time::timeout(
        PATIENCE,
        watch(
            &args,
            context(env),
            &mut out.clone(),
            &mut err.clone(),
            stop,
        ),
    )
    .await
    .expect("the command ends");
    (code, out.text(), err.text())
}

fn server_args(url: &str) -> EventsArgs {
    EventsArgs {
        server: Some(url.to_owned()),
        ..EventsArgs::default()
    }
}

#[tokio::test]
async fn an_api_key_opens_its_session_over_rest_then_streams_json_lines() {
    let created = event("e1", "entity.project.created", "Created project demo");
    let deleted = event("e2", "entity.project.deleted", "Deleted project demo");
    let server = FakeAyon::start(
        KEY,
        Ws::Frames(vec![created.clone(), created.clone(), deleted.clone()]),
    )
    .await;
    let args = EventsArgs {
        json: true,
        topics: vec!["entity.project".into()],
        project: Some("demo_project".into()),
        ..server_args(&server.url)
    };
    let (code, out, err) = run(args, &[("AYON_API_KEY", KEY)], 2).await;
    assert_eq!(code, 0, "{err}");
    // The repeat delivery is dropped; the frames print as received.
    assert_eq!(out, format!("{created}\n{deleted}\n"));
    assert!(!err.contains(KEY), "{err}");
    assert!(err.contains("1 repeat"), "{err}");
    let log = server.log();
    assert_eq!(log[0], format!("rest {KEY}"), "{log:?}");
    let auth: serde_json::Value =
        serde_json::from_str(log[1].trim_start_matches("ws ")).unwrap_or_default();
    assert_eq!(auth["topic"], "auth");
    assert_eq!(auth["token"], KEY);
    assert_eq!(auth["subscribe"], serde_json::json!(["entity.project"]));
    assert_eq!(auth["project"], "demo_project");
    // Closed politely on stop.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        server.log().contains(&"ws close 1000".to_owned()),
        "{:?}",
        server.log()
    );
}

#[tokio::test]
async fn human_lines_are_escaped() {
    let hostile = event("e1", "log.info", "\u{1b}[2Jwiped\nforged line");
    let server = FakeAyon::start(KEY, Ws::Frames(vec![hostile])).await;
    let (code, out, err) = run(server_args(&server.url), &[("AYON_SECRET_TOKEN", KEY)], 1).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "10:12:21 log.info [demo_project] admin finished 100% \\u{1b}[2Jwiped\\nforged line\n"
    );
    // A session token goes to the stream as it is: no REST request.
    assert!(server.log()[0].starts_with("ws "), "{:?}", server.log());
    assert!(err.contains("authorised"), "{err}");
}

#[tokio::test]
async fn a_silent_close_is_not_authorised_exit_3_naming_the_server_not_the_key() {
    let server = FakeAyon::start(KEY, Ws::Silent).await;
    let (code, out, err) = run(server_args(&server.url), &[("AYON_API_KEY", KEY)], 1).await;
    assert_eq!(code, 3, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("not authorised"), "{err}");
    assert!(err.contains(&server.url), "{err}");
    assert!(err.contains("AYON_API_KEY") && !err.contains(KEY), "{err}");
}

#[tokio::test]
async fn a_key_refused_over_rest_is_exit_3() {
    let server = FakeAyon::start("another-key", Ws::Silent).await;
    let (code, _, err) = run(server_args(&server.url), &[("AYON_API_KEY", KEY)], 1).await;
    assert_eq!(code, 3, "{err}");
    assert!(err.contains(&server.url) && !err.contains(KEY), "{err}");
    // Nothing was streamed with a refused key.
    assert_eq!(server.log().len(), 1, "{:?}", server.log());
}

#[tokio::test]
async fn configuration_problems_are_exit_2() {
    let (code, _, err) = run(EventsArgs::default(), &[("AYON_API_KEY", KEY)], 1).await;
    assert_eq!(code, 2);
    assert!(err.contains("no server"), "{err}");
    let (code, _, err) = run(server_args("ftp://example"), &[("AYON_API_KEY", KEY)], 1).await;
    assert_eq!(code, 2);
    assert!(err.contains("ftp://example"), "{err}");
    let (code, _, err) = run(server_args("http://127.0.0.1:9"), &[], 1).await;
    assert_eq!(code, 2);
    assert!(err.contains("AYON_API_KEY"), "{err}");
    // AYON_SERVER_URL stands in for --server.
    let (code, _, err) = run(
        EventsArgs::default(),
        &[("AYON_SERVER_URL", "nonsense://x"), ("AYON_API_KEY", KEY)],
        1,
    )
    .await;
    assert_eq!(code, 2);
    assert!(err.contains("nonsense://x"), "{err}");
}
