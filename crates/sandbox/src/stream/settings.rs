//! The timings of the live stream, which tests shorten.

use std::time::Duration;

/// How the `/ws` stream is timed. Read when a connection opens (and, for
/// `restart_ready_delay`, when a restart is requested), so a change applies to
/// the connections opened after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamSettings {
    /// How long a connection may stay without a good `auth` message before it
    /// is closed with code 1000. AYON allows 3 s but only checks when it
    /// handles a message, which made the close come about 8.5 s after
    /// connecting on both recorded servers.
    pub auth_close_delay: Duration,
    /// How often authorised clients get `{"topic":"heartbeat"}` (AYON: when
    /// nothing happened for 2 s and the last heartbeat is over 5 s old,
    /// observed every 6-7.5 s).
    pub heartbeat_interval: Duration,
    /// How long after `POST /api/system/restart` the `log.info` "Server is now
    /// ready to connect" is published. The real server took about 4.7 s to come
    /// back; a client that reconnects within this delay sees the message.
    pub restart_ready_delay: Duration,
}

impl Default for StreamSettings {
    /// 8 s, 6.5 s and 2 s.
    fn default() -> Self {
        StreamSettings {
            auth_close_delay: Duration::from_secs(8),
            heartbeat_interval: Duration::from_millis(6500),
            restart_ready_delay: Duration::from_secs(2),
        }
    }
}
