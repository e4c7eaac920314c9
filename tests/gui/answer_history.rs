//! Every answer kept and comparable: send twice with a change on the server, see both
//! answers listed above the response, view a past one in the same viewer, compare the two
//! (exactly the changed paths), hide a timestamp with an ignore path, and send one request
//! to two servers at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::settings::Settings;

use ayon_rest_explorer::collection::environment::{Environment, Variable, save_environment};
use ayon_rest_explorer::collection::store::Collection;

use crate::harness::{TestApp, app_with, io_runtime, pick_environment, temp_dir};

const WAIT: Duration = Duration::from_secs(20);

/// A server whose answer changes on every call: `count` and `updatedAt` move, one item's
/// version follows the count, and `which` names the server.
async fn changing_server(which: &'static str) -> String {
    let calls = Arc::new(AtomicU64::new(0));
    let app = Router::new()
        .route(
            "/api/thing",
            get(move |State(calls): State<Arc<AtomicU64>>| async move {
                let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
                axum::Json(serde_json::json!({
                    "which": which,
                    "count": n,
                    "updatedAt": format!("2026-12-07T10:00:0{n}Z"),
                    "items": [{"name": "a", "v": 1}, {"name": "b", "v": n}],
                }))
            }),
        )
        .route(
            "/api/env",
            get(
                |axum::extract::Query(q): axum::extract::Query<
                    std::collections::HashMap<String, String>,
                >| async move {
                    axum::Json(serde_json::json!({
                        "env": q.get("env").cloned().unwrap_or_default(),
                        "same": true,
                    }))
                },
            ),
        )
        .with_state(calls);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

fn app_keeping_answers(server_url: &str, data: &std::path::Path) -> TestApp {
    let mut app = app_with(AppOptions {
        settings: Settings {
            server_url: server_url.to_owned(),
            ..Settings::default()
        },
        answers_path: Some(data.join("answers.sqlite")),
        ..AppOptions::default()
    });
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app
}

/// The `count` of the answer the first tab's viewer shows.
fn shown_count(
    harness: &egui_kittest::Harness<'static, ayon_rest_explorer::app::ExplorerApp>,
) -> Option<u64> {
    let response = harness.state().state().tabs[0].state.response()?.clone();
    let body: serde_json::Value = serde_json::from_slice(response.body()).ok()?;
    body.get("count")?.as_u64()
}

fn send_and_wait_for(app: &mut TestApp, status_text: &str) {
    app.click("Send");
    app.wait_for_text(status_text, WAIT);
}

#[test]
fn two_answers_are_kept_viewed_and_compared_by_path() {
    let io = io_runtime();
    let server = io.block_on(changing_server("one"));
    let data = temp_dir("answers");
    let mut app = app_keeping_answers(&server, &data);
    app.fill("URL", "/api/thing");
    send_and_wait_for(&mut app, "200 OK");
    app.step_until("the first answer listed", WAIT, |h| {
        h.state().state().tabs[0].answers.entries.len() == 1
    });
    send_and_wait_for(&mut app, "200 OK");
    app.step_until("both answers listed", WAIT, |h| {
        h.state().state().tabs[0].answers.entries.len() == 2
    });

    // Unfold the list: two past answers, newest first.
    app.harness
        .get_by_label_contains("Past answers (2)")
        .click();
    app.harness.step();
    let entries = app.harness.state().state().tabs[0].answers.entries.clone();
    assert_eq!(entries.len(), 2);
    assert!(entries[0].time_ms >= entries[1].time_ms);
    assert_eq!(entries[0].status, Some(200));

    // The older answer opens in the same viewer, and the latest comes back.
    let older = ayon_rest_explorer::ui::answer_label(&entries[1]);
    app.harness.get_by_label(&older).click();
    app.wait_for_text("Viewing a past answer", WAIT);
    app.step_until("the older answer shown", WAIT, |h| {
        shown_count(h) == Some(1)
    });
    app.click("Latest answer");
    app.step_until("the latest answer shown", WAIT, |h| {
        shown_count(h) == Some(2)
    });
    assert!(!app.shows("Viewing a past answer"));

    // Tick both and compare: exactly the paths that changed.
    for entry in &entries {
        let label = format!("Pick {}", ayon_rest_explorer::ui::answer_label(entry));
        app.harness.get_by_label(&label).click();
        app.harness.step();
    }
    app.click("Compare picked");
    app.wait_for_compared_paths(&["$.count", "$.items[1].v", "$.updatedAt"], WAIT);

    // An ignore path hides the timestamp, and is kept for this request.
    app.fill("Ignore paths", "$..updatedAt");
    app.wait_for_compared_paths(&["$.count", "$.items[1].v"], WAIT);
    let kept = app
        .harness
        .state()
        .state()
        .settings
        .compare_ignore
        .values()
        .cloned()
        .collect::<Vec<_>>();
    assert_eq!(kept, vec!["$..updatedAt".to_string()]);
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn send_to_two_servers_compares_their_answers() {
    let io = io_runtime();
    let left = io.block_on(changing_server("left"));
    let right = io.block_on(changing_server("right"));
    let data = temp_dir("send-two");
    let mut app = app_keeping_answers(&left, &data);
    app.fill("URL", "/api/thing");
    app.click("Send to two…");
    app.wait_for_text("Right server", WAIT);
    app.fill("Right server", &right);
    app.click("Send both");
    // Both servers answered their first call: only `which` differs.
    app.wait_for_compared_paths(&["$.which"], WAIT);
    let run = app
        .harness
        .state()
        .state()
        .compare
        .as_ref()
        .map(|c| (c.left_label.clone(), c.right_label.clone()));
    let (left_label, right_label) = run.unwrap();
    assert!(left_label.contains("200"), "{left_label}");
    assert!(
        right_label.contains(right.trim_start_matches("http://")),
        "{right_label}"
    );
    assert!(app.compared_paths().len() == 1);
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn send_to_two_environments_compares_their_answers() {
    let io = io_runtime();
    let server = io.block_on(changing_server("one"));
    let base = temp_dir("send-two-envs");
    let root = base.join("collection");
    Collection::create(&root, "Two envs").unwrap();
    for name in ["staging", "production"] {
        let mut env = Environment::new(name);
        env.variables.push(Variable::plain("which", name));
        save_environment(&root, &env).unwrap();
    }
    let mut app = app_with(AppOptions {
        settings: Settings {
            server_url: server.clone(),
            open_collection: Some(root.to_string_lossy().into_owned()),
            ..Settings::default()
        },
        ..AppOptions::default()
    });
    app.wait_for_text("No saved requests yet.", WAIT);
    pick_environment(&mut app, "staging");
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.fill("URL", "/api/env?env={{which}}");
    app.click("Send to two…");
    app.wait_for_text("Right environment", WAIT);
    let form = app.harness.state().state().send_two.clone().unwrap();
    assert_eq!(form.left_env.as_deref(), Some("staging"));
    assert_eq!(form.right_env.as_deref(), Some("production"));
    app.click("Send both");
    app.wait_for_compared_paths(&["$.env"], WAIT);
    let compare = app.harness.state().state().compare.as_ref().unwrap();
    assert!(
        compare.left_label.starts_with("staging"),
        "{}",
        compare.left_label
    );
    assert!(
        compare.right_label.starts_with("production"),
        "{}",
        compare.right_label
    );
    let _ = std::fs::remove_dir_all(base);
}
