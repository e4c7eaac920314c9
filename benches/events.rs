//! Benchmark of the Events dock under a flood: a local WebSocket server sends 10,000
//! events a second for 10 s to the real window (ExplorerApp in a kittest harness, the
//! dock open, the stream started as at login). Prints the frame times while the events
//! pour in, how many arrived (nothing may be lost before the buffer; the buffer keeps the
//! newest 10,000 and counts the rest), the memory with 10,000 events held, and the time
//! the filter takes for each key typed over 10,000 events.
//!
//! Run with `cargo bench --bench events`. Targets (issue 20): no frame over 16 ms,
//! nothing lost up to the buffer, memory <= 100 MB for 10,000 buffered events, filter as
//! you type <= 5 ms.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::routing::get;
use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::app::{AppOptions, ExplorerApp};
use ayon_rest_explorer::ayon::{Identity, Role};
use ayon_rest_explorer::secret::Secret;
use ayon_rest_explorer::settings::Settings;
use ayon_rest_explorer::state::SessionState;
use egui_kittest::Harness;

const PER_SECOND: usize = 10_000;
const SECONDS: usize = 10;
/// Sent in batches every 10 ms.
const BATCH: usize = PER_SECOND / 100;

fn main() {
    let io = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let server = io.block_on(flood_server());
    let handle = io.handle().clone();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| {
            let options = AppOptions {
                settings: Settings {
                    server_url: server.clone(),
                    ..Settings::default()
                },
                ..AppOptions::default()
            };
            ExplorerApp::new(&cc.egui_ctx, handle, options).expect("the app starts")
        });
    // Logged in as the window is after a login; the stream starts as it does then.
    let app = harness.state_mut();
    app.state_mut().session = SessionState::LoggedIn {
        token: Secret::new("b".repeat(64)),
        identity: Identity {
            name: "admin".into(),
            full_name: None,
            role: Role::Admin,
        },
        server_url: app.state().settings.server_url.clone(),
    };
    app.state_mut().events.open = true;
    app.dispatch(Action::EventsReconnect);
    for _ in 0..5 {
        harness.step();
    }
    let rss_before = rss_mb();

    let total = PER_SECOND * SECONDS;
    let mut frames = Vec::new();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(SECONDS as u64 + 20);
    loop {
        let frame = Instant::now();
        harness.step();
        frames.push(frame.elapsed());
        let events = &harness.state().state().events;
        let arrived = events.buffer.len() as u64 + events.buffer.dropped;
        if arrived >= total as u64 || Instant::now() > deadline {
            break;
        }
        // A 60 Hz display: the next frame starts 16 ms after this one started.
        std::thread::sleep(Duration::from_millis(16).saturating_sub(frame.elapsed()));
    }
    let took = started.elapsed();
    let events = &harness.state().state().events;
    let arrived = events.buffer.len() as u64 + events.buffer.dropped;
    frames.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = frames[frames.len() / 2];
    let p99 = frames[frames.len() * 99 / 100];
    let worst = frames[frames.len() - 1];
    let over = frames.iter().filter(|f| ms(**f) > 16.0).count();
    println!("events benchmark: {PER_SECOND} events/s for {SECONDS} s to the window (release)");
    println!(
        "arrived {arrived} of {total} in {:.1} s ({} listed, {} oldest dropped from the list, {} lost)",
        took.as_secs_f64(),
        events.buffer.len(),
        events.buffer.dropped,
        total as u64 - arrived.min(total as u64)
    );
    println!(
        "frames: {} drawn, median {:.2} ms, p99 {:.2} ms, worst {:.2} ms, {over} over 16 ms",
        frames.len(),
        ms(median),
        ms(p99),
        ms(worst)
    );
    let rss_after = rss_mb();
    println!(
        "memory: {rss_after:.1} MB resident with {} events held ({:+.1} MB over the window before the stream)",
        events.buffer.len(),
        rss_after - rss_before
    );

    // Filter as you type over the 10,000 held events: each key recomputes the match.
    let words = "entity.project.created lab";
    let mut keys = Vec::new();
    let state = harness.state_mut().state_mut();
    for end in 1..=words.len() {
        state.events.filter = words[..end].to_owned();
        let start = Instant::now();
        let shown = state.events.visible().len();
        keys.push((start.elapsed(), shown));
    }
    keys.sort();
    let (worst_key, _) = keys[keys.len() - 1];
    let (median_key, _) = keys[keys.len() / 2];
    println!(
        "filter as you type over {} events: {} keys, median {:.2} ms, worst {:.2} ms",
        state.events.buffer.len(),
        keys.len(),
        ms(median_key),
        ms(worst_key)
    );
}

/// A server whose `/ws` takes the auth message and then sends the flood.
async fn flood_server() -> String {
    let app = Router::new().route(
        "/ws",
        get(|upgrade: WebSocketUpgrade| async move { upgrade.on_upgrade(flood) }),
    );
    let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

async fn flood(mut socket: WebSocket) {
    // The auth message comes first and is never answered.
    let _ = socket.recv().await;
    let topics = [
        "entity.project.created",
        "entity.folder.updated",
        "log.info",
        "lab.flood",
    ];
    let mut ticker = tokio::time::interval(Duration::from_millis(10));
    let mut n = 0usize;
    while n < PER_SECOND * SECONDS {
        ticker.tick().await;
        for _ in 0..BATCH {
            let frame = serde_json::json!({
                "createdAt": "2026-12-07T10:12:21.261415",
                "dependsOn": null,
                "description": format!("Flood event number {n} for the benchmark"),
                "id": format!("{n:032x}"),
                "progress": 100,
                "project": "bench_project",
                "sender": null,
                "senderType": "api",
                "status": "finished",
                "store": false,
                "summary": {"n": n},
                "topic": topics[n % topics.len()],
                "updatedAt": "2026-12-07T10:12:21.261419",
                "user": "admin",
            });
            if socket
                .send(Message::Text(frame.to_string().into()))
                .await
                .is_err()
            {
                return;
            }
            n += 1;
        }
    }
    // Keep the connection open until the client goes.
    while socket.recv().await.is_some() {}
}

/// This process's resident memory.
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}
