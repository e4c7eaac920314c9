//! An answer arrives for a tab: its lifecycle ends, captured values are kept, and the
//! exchange goes to the history (in memory here; to the file through an [`Effect`]).

use std::sync::Arc;

use crate::collection::history::{DEFAULT_CAP, HistoryEntry};
use crate::http::HttpError;

use super::answers::AnswerToRecord;
use super::{AppState, CompletedResponse, Effect, RequestId, RequestState, window_wording};

impl AppState {
    /// The answer (or failure) of the send `id`; a late one (cancelled, replaced) is
    /// dropped. Returns the history entry and the answer to write.
    pub(super) fn request_answered(
        &mut self,
        id: RequestId,
        result: Result<Box<CompletedResponse>, HttpError>,
    ) -> Vec<Effect> {
        let known_secrets = self.known_secret_values();
        let root = self.collection.root();
        let Some(tab) = self
            .tabs
            .iter_mut()
            .find(|t| t.state.pending_id() == Some(id))
        else {
            return Vec::new();
        };
        let sent = tab.sent.take();
        // What the response history keeps; the response itself joins it below.
        let mut to_record = None;
        if let (Some(sent), Ok(response)) = (&sent, &result) {
            let mut secrets = sent.secrets.clone();
            secrets.extend(known_secrets);
            let url = crate::collection::history::redact(&sent.url, &secrets);
            let key = tab
                .saved_answer_key(root.as_deref())
                .unwrap_or_else(|| crate::answer_history::unsaved_request_key(&sent.method, &url));
            tab.answers.key = Some(key.clone());
            let last_url = response.exchange.request.url.clone();
            let (method, environment) = (sent.method.clone(), sent.environment.clone());
            let request = sent.request.clone().unwrap_or_default();
            let duration_ms = sent.started.elapsed().as_millis() as u64;
            let time_ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0);
            to_record = Some(move |response| AnswerToRecord {
                key,
                time_ms,
                method,
                url,
                duration_ms,
                environment,
                server: crate::collection::secrets::origin_of(&last_url),
                request,
                response,
                secrets,
            });
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
        let mut record = None;
        match result {
            Ok(response) => {
                if let Some(tests) = &response.tests {
                    captured = tests.captured.clone();
                }
                // The last hop answered (after any redirect).
                answered_by = crate::collection::secrets::origin_of(&response.exchange.request.url);
                let response: Arc<CompletedResponse> = Arc::from(response);
                if let Some(answer) = to_record {
                    record = Some(Effect::RecordAnswer(Box::new(answer(Arc::clone(
                        &response,
                    )))));
                }
                tab.answers.viewing = None;
                tab.answers.latest = None;
                tab.state = RequestState::Done(response);
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
        let history = entry.map(|entry| self.record_history(entry));
        history.into_iter().chain(record).collect()
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
