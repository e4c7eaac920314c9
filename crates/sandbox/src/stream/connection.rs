//! One `/ws` connection: wait for a good `auth`, then send heartbeats and the
//! messages the client's subscription takes, until either side closes.
//!
//! The server never answers what the client sends. Without a good `auth`
//! before [`StreamSettings::auth_close_delay`] the client gets no frame at all
//! and a close with code 1000 and an empty reason.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, close_code};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{Instant, MissedTickBehavior};

use crate::state::SandboxState;

use super::subscriber::{Subscriber, authorize};
use super::{Broadcast, StreamSettings, client_message, frame};

/// How long to wait for the client's answer to our close frame.
const CLOSE_HANDSHAKE_WAIT: Duration = Duration::from_secs(1);

/// What the loop does next.
enum Step {
    Send(String),
    Close(u16),
    /// The client went away.
    End,
    Continue,
}

/// Serves one upgraded connection until it ends.
pub async fn serve(mut socket: WebSocket, state: SandboxState) {
    let settings: StreamSettings = state.stream().settings();
    let mut messages = state.stream().subscribe();
    let auth_deadline = tokio::time::sleep(settings.auth_close_delay);
    tokio::pin!(auth_deadline);
    let beat = settings.heartbeat_interval.max(Duration::from_millis(1));
    let mut heartbeat = tokio::time::interval_at(Instant::now() + beat, beat);
    heartbeat.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut client: Option<Subscriber> = None;

    loop {
        let step = tokio::select! {
            // Published messages first, so a restart's event goes out before its close.
            biased;
            published = messages.recv() => match published {
                Ok(Broadcast::Message(message)) => match &client {
                    Some(client) if client.wants(&message) => Step::Send(message.text.clone()),
                    _ => Step::Continue,
                },
                Ok(Broadcast::Restart) => Step::Close(close_code::RESTART),
                Ok(Broadcast::Shutdown) | Err(RecvError::Closed) => Step::Close(close_code::AWAY),
                // A client too slow to keep up misses what it fell behind on.
                Err(RecvError::Lagged(_)) => Step::Continue,
            },
            _ = heartbeat.tick(), if client.is_some() => Step::Send(frame::HEARTBEAT.to_owned()),
            () = &mut auth_deadline, if client.is_none() => Step::Close(close_code::NORMAL),
            received = socket.recv() => match received {
                Some(Ok(Message::Text(text))) => {
                    if let Some(request) = client_message::parse(text.as_str()) {
                        // A bad token leaves the client as it was.
                        let user = authorize(&mut state.store(), &request.token);
                        if let Some(user) = user {
                            client = Some(Subscriber::new(user, request));
                        }
                    }
                    Step::Continue
                }
                Some(Ok(Message::Close(_)) | Err(_)) | None => Step::End,
                Some(Ok(_)) => Step::Continue,
            },
        };
        match step {
            Step::Send(text) => {
                if socket.send(Message::Text(text.into())).await.is_err() {
                    return;
                }
            }
            Step::Close(code) => {
                close(socket, code).await;
                return;
            }
            Step::End => return,
            Step::Continue => {}
        }
    }
}

/// Sends a close frame with an empty reason and waits briefly for the
/// client's answer, so the closing handshake completes.
async fn close(mut socket: WebSocket, code: u16) {
    let frame = CloseFrame {
        code,
        reason: Utf8Bytes::default(),
    };
    if socket.send(Message::Close(Some(frame))).await.is_err() {
        return;
    }
    let drain = async { while let Some(Ok(_)) = socket.recv().await {} };
    let _ = tokio::time::timeout(CLOSE_HANDSHAKE_WAIT, drain).await;
}
