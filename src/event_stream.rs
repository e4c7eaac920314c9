//! The window's one event stream: started for the session (after login), re-subscribed
//! from the Events dock, stopped at logout. Its TLS setup reads files (a CA bundle, a
//! client certificate), so starting happens on the runtime, never on the UI thread; a
//! generation number makes sure a stream started late after a stop is stopped at once,
//! and that the reports of an old stream are not mixed with the new one's.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use crate::events::Subscription;
use crate::events::stream::{StreamConfig, StreamHandle, StreamUpdate, network_for, start};
use crate::http::ClientOptions;
use crate::worker::{Event, Waker};

/// The stream of the session, if any.
#[derive(Default)]
pub struct EventStreamSlot {
    generation: Arc<AtomicU64>,
    handle: Arc<Mutex<Option<StreamHandle>>>,
}

impl EventStreamSlot {
    /// Stops any stream and starts one for `config` (reports go to `events` as
    /// [`Event::Stream`]).
    pub fn start(
        &mut self,
        runtime: &tokio::runtime::Handle,
        config: StreamConfig,
        options: ClientOptions,
        events: mpsc::Sender<Event>,
        waker: Waker,
    ) {
        self.stop();
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let current = Arc::clone(&self.generation);
        let slot = Arc::clone(&self.handle);
        let runtime_for_task = runtime.clone();
        runtime.spawn(async move {
            let server = config.server_url.clone();
            // The same TLS and proxy as the HTTP client; reading the TLS files blocks.
            let network = match crate::events::ws_url(&server) {
                Ok(ws) => tokio::task::spawn_blocking(move || {
                    network_for(&options, &ws, |name| std::env::var(name).ok())
                })
                .await
                .map_err(|e| e.to_string())
                .and_then(|r| r),
                Err(e) => Err(e.to_string()),
            };
            let report = {
                let current = Arc::clone(&current);
                let events = events.clone();
                let waker = waker.clone();
                move |update: StreamUpdate| {
                    if current.load(Ordering::SeqCst) == generation {
                        let _ = events.send(Event::Stream(update));
                        waker();
                    }
                }
            };
            let started = match network {
                Ok(network) => {
                    start(&runtime_for_task, config, network, report).map_err(|e| e.to_string())
                }
                Err(problem) => Err(problem),
            };
            match started {
                Ok(handle) => {
                    let mut slot = slot.lock().unwrap_or_else(|p| p.into_inner());
                    if current.load(Ordering::SeqCst) == generation {
                        *slot = Some(handle);
                    } // else: stopped meanwhile; dropping the handle stops it.
                }
                Err(problem) => {
                    if current.load(Ordering::SeqCst) == generation {
                        let _ = events.send(Event::Stream(StreamUpdate::Dropped {
                            reason: format!("the event stream of {server} cannot start: {problem}"),
                        }));
                        waker();
                    }
                }
            }
        });
    }

    /// Stops the stream (its last reports are dropped).
    pub fn stop(&mut self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        let handle = self.handle.lock().unwrap_or_else(|p| p.into_inner()).take();
        drop(handle);
    }

    /// Sends a new subscription to the running stream.
    pub fn resubscribe(&self, subscription: Subscription) {
        if let Some(handle) = self
            .handle
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            handle.resubscribe(subscription);
        }
    }
}
