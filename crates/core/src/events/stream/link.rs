//! What a stream keeps from one connection to the next: where it goes, the token and
//! subscription (the owner may change both at any time), the deliveries already seen,
//! the owner's commands, and where updates go.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedReceiver;

use super::super::{RecentDeliveries, Subscription};
use super::{StreamNetwork, StreamUpdate};
use crate::secret::Secret;

/// What the owner asks of a running stream.
#[derive(Debug)]
pub(super) enum Command {
    /// Send the auth message again with these topics (now, and on every connect).
    Resubscribe(Subscription),
    /// Use this token (now, and on every connect).
    SetToken(Secret),
    /// Close politely and end.
    Stop,
}

/// The receiving end of updates.
pub(super) type OnUpdate = Box<dyn FnMut(StreamUpdate) + Send>;

/// A stream's state across connections.
pub(super) struct Link {
    /// The `/ws` URL (no credentials in it).
    pub url: url::Url,
    /// TLS and proxy.
    pub network: StreamNetwork,
    /// Sent only in the auth message.
    pub token: Secret,
    /// Topics and project.
    pub subscription: Subscription,
    /// See `StreamConfig`.
    pub connect_timeout: Duration,
    /// See `StreamConfig`.
    pub heartbeat_gap: Duration,
    /// Repeat deliveries of 1.11.2 are dropped, across reconnects too.
    pub recent: RecentDeliveries,
    /// The owner's commands; closed when the handle is gone.
    pub commands: UnboundedReceiver<Command>,
    /// Where updates go.
    pub on_update: OnUpdate,
}

impl Link {
    /// Tells the owner.
    pub fn report(&mut self, update: StreamUpdate) {
        (self.on_update)(update);
    }

    /// Keeps a new token or subscription (a `Stop` is handled by the caller).
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::SetToken(token) => self.token = token,
            Command::Resubscribe(subscription) => self.subscription = subscription,
            Command::Stop => {}
        }
    }

    /// Waits `pause`, keeping commands; `false` when the owner stopped meanwhile.
    pub async fn pause(&mut self, pause: Duration) -> bool {
        let sleep = tokio::time::sleep(pause);
        tokio::pin!(sleep);
        loop {
            tokio::select! {
                () = &mut sleep => return true,
                command = self.commands.recv() => match command {
                    None | Some(Command::Stop) => return false,
                    Some(other) => self.apply(other),
                },
            }
        }
    }

    /// Waits for a new token (after the server did not take this one); `false` when the
    /// owner stopped instead.
    pub async fn wait_for_token(&mut self) -> bool {
        loop {
            match self.commands.recv().await {
                None | Some(Command::Stop) => return false,
                Some(Command::SetToken(token)) => {
                    self.token = token;
                    return true;
                }
                Some(other) => self.apply(other),
            }
        }
    }
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Link")
            .field("url", &self.url.as_str())
            .field("token", &self.token)
            .field("subscription", &self.subscription)
            .finish_non_exhaustive()
    }
}
