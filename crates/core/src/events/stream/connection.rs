//! One connection's life: open the socket, send the auth message, read frames until the
//! socket ends or the owner stops it, and say how it ended. The server never answers the
//! auth message: the first frame after it is the sign that it was taken.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::super::{Frame, auth_message, parse_frame};
use super::StreamUpdate;
use super::connect::{Socket, open};
use super::link::{Command, Link};

/// The topic of the event a server sends before it restarts (then it closes with 1012).
const RESTART_TOPIC: &str = "server.restart_requested";

/// How long a close handshake may take before the socket is simply dropped.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// How a connection ended.
#[derive(Debug, PartialEq)]
pub(super) enum Ended {
    /// The owner stopped the stream.
    Stopped,
    /// The server restarts (close 1012, or `server.restart_requested` then a close).
    Restarting,
    /// The server closed without sending a single frame after the auth message.
    NotAuthorised,
    /// Anything else: no connection, or it was lost.
    Dropped {
        /// Why, in words (never the token).
        reason: String,
        /// Whether frames came on it (the pauses start over then).
        got_frames: bool,
    },
}

/// What was seen on an open connection.
#[derive(Debug)]
struct Seen {
    frames: u64,
    heartbeat: bool,
    last_frame: Instant,
    late_reported: bool,
    restart_requested: bool,
}

/// Connects once and reads until the end.
pub(super) async fn run(link: &mut Link) -> Ended {
    let Some(socket) = connect(link).await else {
        return Ended::Stopped;
    };
    let socket = match socket {
        Ok(socket) => socket,
        Err(reason) => {
            return Ended::Dropped {
                reason,
                got_frames: false,
            };
        }
    };
    let (mut write, mut read) = socket.split();
    let auth = auth_message(&link.token, &link.subscription);
    if let Err(e) = write.send(Message::text(auth)).await {
        return Ended::Dropped {
            reason: format!("the auth message could not be sent: {e}"),
            got_frames: false,
        };
    }
    link.report(StreamUpdate::Connected);
    let mut seen = Seen {
        frames: 0,
        heartbeat: false,
        last_frame: Instant::now(),
        late_reported: false,
        restart_requested: false,
    };
    loop {
        // Heartbeats are watched only where they were coming (1.11.2 sends them to "*"
        // subscribers only).
        let late_at =
            (seen.heartbeat && !seen.late_reported).then(|| seen.last_frame + link.heartbeat_gap);
        tokio::select! {
            command = link.commands.recv() => match command {
                None | Some(Command::Stop) => {
                    let _ = write
                        .send(Message::Close(Some(CloseFrame {
                            code: CloseCode::Normal,
                            reason: "".into(),
                        })))
                        .await;
                    let _ = tokio::time::timeout(CLOSE_GRACE, drain(&mut read)).await;
                    return Ended::Stopped;
                }
                Some(other) => {
                    link.apply(other);
                    // The server replaces the subscription (and session) on a new auth. A
                    // failed send shows as the read side ending.
                    let auth = auth_message(&link.token, &link.subscription);
                    let _ = write.send(Message::text(auth)).await;
                }
            },
            message = read.next() => match message {
                Some(Ok(Message::Text(text))) => on_frame(link, &mut seen, text.as_str()),
                Some(Ok(Message::Binary(_))) => on_frame(link, &mut seen, ""),
                Some(Ok(Message::Close(frame))) => {
                    // Let the close handshake finish, briefly.
                    let _ = tokio::time::timeout(CLOSE_GRACE, drain(&mut read)).await;
                    let code = frame.as_ref().map(|f| u16::from(f.code));
                    let reason = match &frame {
                        Some(f) if f.reason.is_empty() => {
                            format!("the server closed the stream (code {})", u16::from(f.code))
                        }
                        Some(f) => format!(
                            "the server closed the stream (code {}: {})",
                            u16::from(f.code),
                            f.reason.as_str()
                        ),
                        None => "the server closed the stream".to_owned(),
                    };
                    return ended(&seen, code, reason);
                }
                // Pings are answered by the library; they say nothing about the session.
                Some(Ok(_)) => {}
                Some(Err(e)) => return ended(&seen, None, format!("the connection was lost: {e}")),
                None => return ended(&seen, None, "the connection was closed".to_owned()),
            },
            () = sleep_until(late_at) => {
                seen.late_reported = true;
                link.report(StreamUpdate::HeartbeatLate {
                    silent_for: seen.last_frame.elapsed(),
                });
            }
        }
    }
}

/// Opens the socket, taking commands meanwhile; `None` when the owner stopped.
async fn connect(link: &mut Link) -> Option<Result<Socket, String>> {
    let opening = open(&link.url, &link.network, link.connect_timeout);
    tokio::pin!(opening);
    loop {
        tokio::select! {
            result = &mut opening => return Some(result),
            command = link.commands.recv() => match command {
                None | Some(Command::Stop) => return None,
                // Kept for the auth message about to be sent.
                Some(Command::SetToken(token)) => link.token = token,
                Some(Command::Resubscribe(subscription)) => link.subscription = subscription,
            },
        }
    }
}

/// One data frame from the server.
fn on_frame(link: &mut Link, seen: &mut Seen, text: &str) {
    seen.frames += 1;
    if seen.frames == 1 {
        link.report(StreamUpdate::Authorised);
    }
    seen.last_frame = Instant::now();
    seen.late_reported = false;
    let update = match parse_frame(text) {
        Frame::Heartbeat => {
            seen.heartbeat = true;
            StreamUpdate::Heartbeat
        }
        Frame::Event { event, raw } => {
            seen.restart_requested |= event.topic == RESTART_TOPIC;
            if link.recent.first_time(&event) {
                StreamUpdate::Event { event, raw }
            } else {
                StreamUpdate::Duplicate
            }
        }
        Frame::Ignored => StreamUpdate::Ignored,
    };
    link.report(update);
}

/// How a connection that was open ended.
fn ended(seen: &Seen, close_code: Option<u16>, reason: String) -> Ended {
    if close_code == Some(1012) || seen.restart_requested {
        Ended::Restarting
    } else if seen.frames == 0 {
        Ended::NotAuthorised
    } else {
        Ended::Dropped {
            reason,
            got_frames: true,
        }
    }
}

/// Reads what is left until the socket ends (the close handshake).
async fn drain(read: &mut futures_util::stream::SplitStream<Socket>) {
    while let Some(Ok(_)) = read.next().await {}
}

/// Waits until `at`, or forever.
async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
