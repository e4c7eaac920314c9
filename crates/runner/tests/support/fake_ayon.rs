//! A small AYON on 127.0.0.1:0 for the `events` command: `GET /api/users/me` that takes
//! one API key, and a scripted `/ws` that, like AYON, never answers the auth message.
//! Everything a client sends is logged in order (`rest <X-Api-Key>`, `ws <frame>`).

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;

/// What `/ws` does after the auth message.
#[derive(Clone, Debug)]
pub enum Ws {
    /// A heartbeat, then these frames, then it stays open.
    Frames(Vec<String>),
    /// Nothing, then close 1000: what AYON does with a token it does not know.
    Silent,
}

/// The fake server.
pub struct FakeAyon {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// What clients sent, in order.
    pub log: Arc<Mutex<Vec<String>>>,
}

#[derive(Clone)]
struct Shared {
    key: String,
    ws: Ws,
    log: Arc<Mutex<Vec<String>>>,
}

fn note(log: &Mutex<Vec<String>>, line: String) {
    if let Ok(mut log) = log.lock() {
        log.push(line);
    }
}

impl FakeAyon {
    /// Starts it: `key` is the API key it takes; `ws` its stream's script.
    pub async fn start(key: &str, ws: Ws) -> FakeAyon {
        let log = Arc::new(Mutex::new(Vec::new()));
        let shared = Shared {
            key: key.to_owned(),
            ws,
            log: Arc::clone(&log),
        };
        let app = Router::new()
            .route("/api/users/me", get(me))
            .route("/ws", get(stream))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeAyon { url, log }
    }

    /// The log so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

async fn me(State(shared): State<Shared>, headers: HeaderMap) -> impl IntoResponse {
    let key = headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    note(&shared.log, format!("rest {key}"));
    if key == shared.key {
        (StatusCode::OK, r#"{"name":"lab_service"}"#)
    } else {
        (StatusCode::UNAUTHORIZED, r#"{"detail":"Invalid API key"}"#)
    }
}

async fn stream(State(shared): State<Shared>, upgrade: WebSocketUpgrade) -> impl IntoResponse {
    upgrade.on_upgrade(move |socket| script(socket, shared))
}

async fn script(mut socket: WebSocket, shared: Shared) {
    // The auth message; never answered.
    if let Some(Ok(Message::Text(auth))) = socket.recv().await {
        note(&shared.log, format!("ws {}", auth.as_str()));
    }
    match &shared.ws {
        Ws::Silent => {
            let _ = socket
                .send(Message::Close(Some(CloseFrame {
                    code: 1000,
                    reason: "".into(),
                })))
                .await;
        }
        Ws::Frames(frames) => {
            let _ = socket.send(Message::text(r#"{"topic":"heartbeat"}"#)).await;
            for frame in frames {
                let _ = socket.send(Message::text(frame.clone())).await;
            }
        }
    }
    // Until the client closes (its close is logged).
    while let Some(Ok(message)) = socket.recv().await {
        match message {
            Message::Text(text) => note(&shared.log, format!("ws {}", text.as_str())),
            Message::Close(frame) => {
                let code = frame.map(|f| f.code).unwrap_or_default();
                note(&shared.log, format!("ws close {code}"));
                break;
            }
            _ => {}
        }
    }
}

/// An event frame as AYON sends it.
pub fn event(id: &str, topic: &str, description: &str) -> String {
    serde_json::json!({
        "createdAt": "2026-12-07T10:12:21.261415",
        "dependsOn": null,
        "description": description,
        "id": id,
        "progress": 100,
        "project": "demo_project",
        "sender": null,
        "senderType": "api",
        "status": "finished",
        "store": true,
        "summary": {},
        "topic": topic,
        "updatedAt": "2026-12-07T10:12:21.261419",
        "user": "admin"
    })
    .to_string()
}
