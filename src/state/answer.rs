//! An answer arrives for a tab: its lifecycle ends, captured values are kept, and the
//! exchange goes to the history (in memory here; to the file through an [`Effect`]).

use std::sync::Arc;

use crate::collection::history::{DEFAULT_CAP, HistoryEntry};
use crate::http::HttpError;

use super::{AppState, CompletedResponse, Effect, RequestId, RequestState, window_wording};

impl AppState {
    /// The answer (or failure) of the send `id`; a late one (cancelled, replaced) is
    /// dropped. Returns the history entry to write.
    pub(super) fn request_answered(
        &mut self,
        id: RequestId,
        result: Result<Box<CompletedResponse>, HttpError>,
    ) -> Option<Effect> {
        let tab = self
            .tabs
            .iter_mut()
            .find(|t| t.state.pending_id() == Some(id))?;
        let sent = tab.sent.take();
        if let Some(sender) = &tab.sender {
            // Events a little after this still count as this send's.
            self.events.sent.finished(sender, std::time::Instant::now());
        }
        let entry = sent.map(|sent| {
            let duration = sent.started.elapsed().as_millis() as u64;
            let entry = match &result {
                Ok(r) => HistoryEntry::now(
                    sent.method,
                    &sent.url,
                    Some(r.exchange.response.status),
                    duration,
                    None,
                    &sent.secrets,
                ),
                Err(e) => HistoryEntry::now(
                    sent.method,
                    &sent.url,
                    None,
                    duration,
                    Some(&e.to_string()),
                    &sent.secrets,
                ),
            };
            HistoryEntry {
                request: sent.request,
                name: sent.name,
                environment: sent.environment,
                ..entry
            }
            .redacted(&sent.secrets)
        });
        let mut captured = Vec::new();
        let mut answered_by = None;
        match result {
            Ok(response) => {
                if let Some(tests) = &response.tests {
                    captured = tests.captured.clone();
                }
                // The last hop answered (after any redirect).
                answered_by = crate::collection::secrets::origin_of(&response.exchange.request.url);
                tab.state = RequestState::Done(Arc::from(response));
            }
            Err(error) => {
                let certificate = match &error {
                    crate::http::HttpError::Tls { certificate, .. } => certificate.clone(),
                    _ => None,
                };
                tab.state
                    .fail_with_certificate(window_wording(&error), certificate);
            }
        }
        for (name, value) in captured {
            match &answered_by {
                Some(origin) => self
                    .collection
                    .captured_from
                    .insert(name.clone(), origin.clone()),
                None => self.collection.captured_from.remove(&name),
            };
            self.collection
                .captured
                .insert(name, crate::secret::Secret::new(value));
        }
        entry.map(|entry| self.record_history(entry))
    }

    /// Adds an entry to the in-memory history (capped); the effect writes it to the file.
    #[must_use = "the entry must be written to the history file"]
    pub fn record_history(&mut self, entry: HistoryEntry) -> Effect {
        self.history.push(entry.clone());
        let excess = self.history.len().saturating_sub(DEFAULT_CAP);
        self.history.drain(..excess);
        Effect::AppendHistory(entry)
    }
}
