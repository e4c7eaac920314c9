//! Starting a stream on the app's runtime, and the handle its owner keeps: change the
//! subscription or the token on the open socket, stop it (dropping the handle stops it
//! too).

use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use super::super::{EndpointError, RecentDeliveries, Subscription, ws_url};
use super::backoff::Backoff;
use super::link::{Command, Link};
use super::supervisor::supervise;
use super::{StreamConfig, StreamNetwork, StreamUpdate};
use crate::secret::Secret;

/// A running stream. Dropping it stops the stream (the socket is closed politely).
#[derive(Debug)]
pub struct StreamHandle {
    commands: UnboundedSender<Command>,
}

impl StreamHandle {
    /// Sends the auth message again with `subscription` on the open socket (the server
    /// replaces the old one), and uses it on every later connect.
    pub fn resubscribe(&self, subscription: Subscription) {
        let _ = self.commands.send(Command::Resubscribe(subscription));
    }

    /// Uses `token` from now on: sent at once on the open socket, and on every later
    /// connect. After [`StreamUpdate::NotAuthorised`] the stream connects again with it.
    pub fn set_token(&self, token: Secret) {
        let _ = self.commands.send(Command::SetToken(token));
    }

    /// Closes the socket politely and ends the stream; [`StreamUpdate::Stopped`] follows.
    pub fn stop(&self) {
        let _ = self.commands.send(Command::Stop);
    }

    /// Whether the stream still runs (it ends after [`StreamHandle::stop`]).
    pub fn is_running(&self) -> bool {
        !self.commands.is_closed()
    }
}

impl Drop for StreamHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts the stream of `config.server_url` on `runtime`; `on_update` hears everything
/// that happens, in order, on the runtime's threads (keep it short: hand the update on).
///
/// `network` is the TLS setup for `wss://` and the proxy, as the app's settings make them
/// (see [`super::network_for`]; the default is the system's trust, no proxy). Fails only
/// when the server URL has no stream (not `http://` or `https://`).
pub fn start(
    runtime: &tokio::runtime::Handle,
    config: StreamConfig,
    network: StreamNetwork,
    on_update: impl FnMut(StreamUpdate) + Send + 'static,
) -> Result<StreamHandle, EndpointError> {
    let url = ws_url(&config.server_url)?;
    let (commands, receiver) = unbounded_channel();
    let link = Link {
        url,
        network,
        token: config.token,
        subscription: config.subscription,
        connect_timeout: config.connect_timeout,
        heartbeat_gap: config.heartbeat_gap,
        recent: RecentDeliveries::default(),
        commands: receiver,
        on_update: Box::new(on_update),
    };
    let backoff = Backoff::new(config.first_backoff, config.max_backoff);
    runtime.spawn(supervise(link, backoff));
    Ok(StreamHandle { commands })
}
