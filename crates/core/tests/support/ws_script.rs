//! A scripted AYON `/ws` server on 127.0.0.1:0: every connection it accepts runs the
//! script given for its number (0, 1, …), and every text frame a client sends is recorded
//! with that number. Like AYON, it never answers the auth message.
// Each test file uses a part of it.
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::future::BoxFuture;
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// What a connection is given: its socket and where to record what the client sends.
pub struct Conn {
    /// The number of this connection (0 first).
    pub index: usize,
    /// The socket.
    pub ws: WebSocketStream<TcpStream>,
    /// The path the client asked for (`/ws`).
    pub path: String,
    received: UnboundedSender<Received>,
}

/// A frame a client sent.
#[derive(Clone, Debug)]
pub struct Received {
    /// The connection's number.
    pub conn: usize,
    /// The text frame, or `close <code>` for a close frame.
    pub text: String,
}

/// A running scripted server.
pub struct Script {
    /// `http://127.0.0.1:PORT` (the stream derives `ws://…/ws`).
    pub server_url: String,
    /// Frames clients sent.
    pub received: UnboundedReceiver<Received>,
    /// How many TCP connections were accepted.
    pub accepted: Arc<AtomicUsize>,
}

/// What a connection does once its WebSocket handshake is done.
pub type Behaviour = Arc<dyn Fn(Conn) -> BoxFuture<'static, ()> + Send + Sync>;

/// Which connections get a WebSocket handshake (the others are dropped at once).
pub type Handshake = Arc<dyn Fn(usize) -> bool + Send + Sync>;

/// Starts a server running `behaviour` for every connection that `handshake` allows.
pub async fn serve(handshake: Handshake, behaviour: Behaviour) -> Script {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    let (tx, rx) = unbounded_channel();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let index = count.fetch_add(1, Ordering::SeqCst);
            if !handshake(index) {
                drop(tcp);
                continue;
            }
            let behaviour = Arc::clone(&behaviour);
            let received = tx.clone();
            tokio::spawn(async move {
                let mut path = String::new();
                // The error type is tungstenite's (an HTTP response), not ours to shrink.
                #[allow(clippy::result_large_err)]
                let callback =
                    |request: &tokio_tungstenite::tungstenite::handshake::server::Request,
                     response| {
                        path = request.uri().to_string();
                        Ok(response)
                    };
                let Ok(ws) = tokio_tungstenite::accept_hdr_async(tcp, callback).await else {
                    return;
                };
                behaviour(Conn {
                    index,
                    ws,
                    path,
                    received,
                })
                .await;
            });
        }
    });
    Script {
        server_url: format!("http://127.0.0.1:{port}"),
        received: rx,
        accepted,
    }
}

/// Every connection gets the handshake.
pub fn always() -> Handshake {
    Arc::new(|_| true)
}

impl Conn {
    /// Reads the next frame from the client and records it; `None` when the socket ended.
    pub async fn read(&mut self) -> Option<String> {
        loop {
            match self.ws.next().await? {
                Ok(Message::Text(text)) => {
                    let text = text.as_str().to_owned();
                    let _ = self.received.send(Received {
                        conn: self.index,
                        text: text.clone(),
                    });
                    return Some(text);
                }
                Ok(Message::Close(frame)) => {
                    let code = frame.map(|f| u16::from(f.code)).unwrap_or_default();
                    let _ = self.received.send(Received {
                        conn: self.index,
                        text: format!("close {code}"),
                    });
                    return None;
                }
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    }

    /// Sends a text frame.
    pub async fn send(&mut self, text: &str) {
        let _ = self.ws.send(Message::text(text.to_owned())).await;
    }

    /// Sends a heartbeat.
    pub async fn heartbeat(&mut self) {
        self.send(r#"{"topic":"heartbeat"}"#).await;
    }

    /// Closes with `code` and waits for the client's answer (briefly).
    pub async fn close(mut self, code: u16) {
        let _ = self
            .ws
            .send(Message::Close(Some(CloseFrame {
                code: CloseCode::from(code),
                reason: "".into(),
            })))
            .await;
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            while let Some(Ok(_)) = self.ws.next().await {}
        })
        .await;
    }

    /// Reads (recording) until the client closes or goes away.
    pub async fn read_to_end(mut self) {
        while self.read().await.is_some() {}
    }
}

/// An event frame as AYON sends it.
pub fn event(id: &str, topic: &str, status: &str) -> String {
    format!(
        r#"{{"createdAt":"2026-12-07T10:12:21.261415","dependsOn":null,"description":"about {topic}","id":"{id}","progress":100,"project":null,"sender":null,"senderType":"api","status":"{status}","store":false,"summary":{{}},"topic":"{topic}","updatedAt":"2026-12-07T10:12:21.261419","user":"admin"}}"#
    )
}
