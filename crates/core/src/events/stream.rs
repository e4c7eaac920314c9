//! The connection to a server's event stream that keeps itself open: it connects, sends
//! the auth message, reads frames, tells its owner what happens ([`StreamUpdate`]), and
//! after a drop or a restart (close 1012) connects again with a growing pause. The token
//! goes only in the auth message, only to the server's own origin (`wss` for `https`).
//!
//! ```text
//!   start() ─► Connecting{n} ─► socket open, auth sent ─► Connected
//!                 ▲                   │ first frame ─► Authorised; then Heartbeat,
//!                 │                   │ Event / Duplicate, Ignored, HeartbeatLate
//!                 │                   ▼ the connection ends
//!                 │   no frame at all ─────────────► NotAuthorised (waits for set_token)
//!                 ├── 1012, restart_requested ─────► Restarting (first pause)
//!                 └── anything else ───────────────► Dropped, Retrying{pause, n}
//!   stop() / drop ─► close 1000 ─► Stopped
//! ```

mod backoff;
mod connect;
mod connection;
mod handle;
mod link;
mod proxy;
mod supervisor;

use std::time::Duration;

pub use connect::{StreamNetwork, network_for, tls_for};
pub use handle::{StreamHandle, start};
pub use proxy::{TunnelProxy, proxy_for};

use crate::secret::Secret;

use super::{ServerEvent, Subscription};

/// What a stream needs.
#[derive(Clone, Debug)]
pub struct StreamConfig {
    /// The server (its `/ws` is derived from it, see [`super::ws_url`]).
    pub server_url: String,
    /// The session token, or a service user's API key already used in a REST request.
    pub token: Secret,
    /// Topics and project.
    pub subscription: Subscription,
    /// How long to wait for the socket to open.
    pub connect_timeout: Duration,
    /// The first pause before connecting again; it doubles up to `max_backoff`.
    pub first_backoff: Duration,
    /// The longest pause between attempts.
    pub max_backoff: Duration,
    /// Silence after the last heartbeat past which it is reported late (heartbeats come
    /// every 6-7.5 s).
    pub heartbeat_gap: Duration,
}

impl StreamConfig {
    /// A stream of `server_url` with `token` and the default timings.
    pub fn new(server_url: impl Into<String>, token: Secret, subscription: Subscription) -> Self {
        StreamConfig {
            server_url: server_url.into(),
            token,
            subscription,
            connect_timeout: Duration::from_secs(10),
            first_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            heartbeat_gap: Duration::from_secs(20),
        }
    }
}

/// What happened on the stream, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum StreamUpdate {
    /// Opening the socket (attempt 1 is the first).
    Connecting {
        /// Which attempt since the last good connection.
        attempt: u32,
    },
    /// The socket is open and the auth message sent. The server never answers it: the
    /// first frame (a heartbeat or an event) is the sign it was taken.
    Connected,
    /// The first frame after the auth message arrived: the server took it.
    Authorised,
    /// A heartbeat (counted, not listed).
    Heartbeat,
    /// No heartbeat for this long, where heartbeats were coming.
    HeartbeatLate {
        /// Time since the last frame.
        silent_for: Duration,
    },
    /// An event (a repeat delivery of 1.11.2 is not reported again: see `Duplicate`).
    Event {
        /// The event.
        event: Box<ServerEvent>,
        /// The frame as received.
        raw: String,
    },
    /// A repeat delivery dropped (1.11.2 sends an event once per matching prefix).
    Duplicate,
    /// A frame that is not an event nor a heartbeat.
    Ignored,
    /// The server closed without sending a single frame after the auth message: the
    /// token was not taken (wrong, expired, or an API key not yet used over REST). The
    /// stream does not retry with the same token.
    NotAuthorised,
    /// The server is restarting (`server.restart_requested`, close 1012); the stream
    /// connects again on its own.
    Restarting,
    /// The connection ended or could not be made.
    Dropped {
        /// Why, for the user (never the token).
        reason: String,
    },
    /// The next attempt starts after this pause.
    Retrying {
        /// The pause.
        after: Duration,
        /// The attempt that will follow.
        attempt: u32,
    },
    /// The owner stopped the stream ([`StreamHandle::stop`], or the handle was dropped).
    Stopped,
}
