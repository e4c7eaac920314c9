//! A WebSocket client and REST helpers for the stream tests.

use std::time::Duration;

use ayon_explorer_sandbox::Sandbox;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a test waits for a frame it expects.
pub const PATIENCE: Duration = Duration::from_secs(5);

/// What the next frame was.
#[derive(Debug, Clone, PartialEq)]
pub enum Frame {
    /// A text frame, parsed.
    Json(Value),
    /// The server closed with this code and reason.
    Closed(u16, String),
    /// Nothing came in time.
    Silence,
}

/// One `/ws` connection.
pub struct Client {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Client {
    /// Connects to the sandbox's `/ws`.
    pub async fn connect(sandbox: &Sandbox) -> Client {
        let (socket, _) = tokio_tungstenite::connect_async(sandbox.ws_url())
            .await
            .expect("the websocket opens");
        Client { socket }
    }

    /// Sends a text frame.
    pub async fn send_text(&mut self, text: &str) {
        self.socket
            .send(Message::text(text))
            .await
            .expect("the frame is sent");
    }

    /// Sends `auth` with the given token, topic prefixes and project.
    pub async fn auth(&mut self, token: &str, topics: &[&str], project: Option<&str>) {
        let mut message = json!({"topic": "auth", "token": token, "subscribe": topics});
        if let Some(project) = project {
            message["project"] = json!(project);
        }
        self.send_text(&message.to_string()).await;
    }

    /// The next frame within `wait`.
    pub async fn next_frame(&mut self, wait: Duration) -> Frame {
        loop {
            let Ok(next) = tokio::time::timeout(wait, self.socket.next()).await else {
                return Frame::Silence;
            };
            match next {
                Some(Ok(Message::Text(text))) => {
                    return Frame::Json(serde_json::from_str(text.as_str()).expect("JSON frame"));
                }
                Some(Ok(Message::Close(frame))) => {
                    let (code, reason) = frame
                        .map(|f| (u16::from(f.code), f.reason.to_string()))
                        .unwrap_or((1005, String::new()));
                    return Frame::Closed(code, reason);
                }
                Some(Ok(_)) => continue,
                Some(Err(err)) => panic!("the websocket failed: {err}"),
                None => return Frame::Closed(1006, String::new()),
            }
        }
    }

    /// The next frame that is not a heartbeat (events, or the close).
    pub async fn next_event(&mut self) -> Frame {
        loop {
            match self.next_frame(PATIENCE).await {
                Frame::Json(frame) if frame == json!({"topic": "heartbeat"}) => continue,
                other => return other,
            }
        }
    }

    /// The next event, which must come.
    pub async fn event(&mut self) -> Value {
        match self.next_event().await {
            Frame::Json(event) => event,
            other => panic!("expected an event, got {other:?}"),
        }
    }
}

/// REST calls as a logged-in user.
pub struct Rest {
    http: reqwest::Client,
    base: String,
    /// The session token.
    pub token: String,
}

impl Rest {
    /// Logs in.
    pub async fn login(sandbox: &Sandbox, name: &str, password: &str) -> Rest {
        let http = reqwest::Client::new();
        let base = sandbox.base_url().to_owned();
        let reply: Value = http
            .post(format!("{base}/api/auth/login"))
            .json(&json!({"name": name, "password": password}))
            .send()
            .await
            .expect("login answers")
            .json()
            .await
            .expect("login JSON");
        let token = reply["token"].as_str().expect("a token").to_owned();
        Rest { http, base, token }
    }

    /// A request with the session token.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
    }

    /// Sends and returns status and JSON body (null when there is none).
    pub async fn call(&self, request: reqwest::RequestBuilder) -> (u16, Value) {
        let reply = request.send().await.expect("the sandbox answers");
        let status = reply.status().as_u16();
        let body = reply.json().await.unwrap_or(Value::Null);
        (status, body)
    }

    /// `POST /api/events` → the new event's ID.
    pub async fn post_event(&self, body: Value) -> String {
        let (status, reply) = self
            .call(
                self.request(reqwest::Method::POST, "/api/events")
                    .json(&body),
            )
            .await;
        assert_eq!(status, 200, "{reply}");
        reply["id"].as_str().expect("an id").to_owned()
    }
}
