//! The live event stream behind `GET /ws` (ws/README.md, AYON 1.16's
//! behaviour where the recorded versions differ).
//!
//! [`EventStream`] is the hub: every published message goes to every open
//! connection over one broadcast channel, and each connection
//! ([`connection`]) decides, for its own client, what to send
//! ([`subscriber`]). Handlers publish through [`publish`], which also stores
//! the event for `GET /api/events/{id}`. A restart and the sandbox's shutdown
//! travel on the same channel, after the messages before them, so a client
//! gets `server.restart_requested` before its connection is closed.

use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;
use tokio::sync::broadcast;

pub mod client_message;
pub mod connection;
pub mod frame;
pub mod publish;
pub mod settings;
pub mod subscriber;

pub use settings::StreamSettings;

/// How many messages a slow connection may fall behind before it skips some.
const CHANNEL_CAPACITY: usize = 1024;

/// What the hub sends to every connection.
#[derive(Debug, Clone)]
pub enum Broadcast {
    /// A message for the clients whose subscription and rights take it.
    Message(Arc<Delivery>),
    /// The server restarts: every connection closes with code 1012.
    Restart,
    /// The sandbox stops: every connection closes with code 1001.
    Shutdown,
}

/// One message as it goes out, with what the filters look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The message's `topic`.
    pub topic: String,
    /// Its `project`, if any.
    pub project: Option<String>,
    /// The JSON text sent to the client.
    pub text: String,
}

/// The hub of the live stream, shared by all connections.
#[derive(Debug)]
pub struct EventStream {
    sender: broadcast::Sender<Broadcast>,
    settings: Mutex<StreamSettings>,
}

impl EventStream {
    /// A hub with no connections yet.
    pub fn new(settings: StreamSettings) -> Self {
        let (sender, _) = broadcast::channel(CHANNEL_CAPACITY);
        EventStream {
            sender,
            settings: Mutex::new(settings),
        }
    }

    /// A new connection's view of everything published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Broadcast> {
        self.sender.subscribe()
    }

    /// Sends a message (an event frame from [`frame`]) to every connection.
    pub fn publish(&self, message: &Value) {
        let field = |key: &str| message.get(key).and_then(Value::as_str).map(str::to_owned);
        let delivery = Delivery {
            topic: field("topic").unwrap_or_default(),
            project: field("project"),
            text: message.to_string(),
        };
        self.send(Broadcast::Message(Arc::new(delivery)));
    }

    /// Closes every connection with code 1012 (service restart).
    pub fn restart(&self) {
        self.send(Broadcast::Restart);
    }

    /// Closes every connection with code 1001 (going away).
    pub fn shutdown(&self) {
        self.send(Broadcast::Shutdown);
    }

    /// The current timings.
    pub fn settings(&self) -> StreamSettings {
        *self.settings.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Changes the timings for the connections opened from now on.
    pub fn set_settings(&self, settings: StreamSettings) {
        *self.settings.lock().unwrap_or_else(PoisonError::into_inner) = settings;
    }

    fn send(&self, message: Broadcast) {
        // No connection open is not an error: nobody is listening.
        let _ = self.sender.send(message);
    }
}
