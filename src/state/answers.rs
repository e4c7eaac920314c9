//! Every answer of a request kept and shown again: the tab's list of past answers (from
//! the response history store), the past answer being viewed, and what goes to the store
//! when an answer arrives. Masking and writing happen off the UI thread, in the worker.

use std::sync::Arc;

use crate::answer_history::{AnswerSummary, saved_request_key};

use super::{AppState, CompletedResponse, RequestState, RequestTab, TabId};

/// One answer to keep, handed to the worker (which masks it before it reaches disk).
/// `Debug` leaves the secrets out.
#[derive(Clone)]
pub struct AnswerToRecord {
    /// The request's key in the store.
    pub key: String,
    /// When it was sent (ms since the Unix epoch).
    pub time_ms: i64,
    /// The method.
    pub method: String,
    /// The URL as sent, secrets redacted.
    pub url: String,
    /// How long it took.
    pub duration_ms: u64,
    /// The environment active then.
    pub environment: Option<String>,
    /// The server it went to (origin).
    pub server: Option<String>,
    /// The request as sent (request-file text, secrets masked).
    pub request: String,
    /// The answer.
    pub response: Arc<CompletedResponse>,
    /// Values to mask wherever they appear.
    pub secrets: Vec<String>,
}

impl std::fmt::Debug for AnswerToRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnswerToRecord")
            .field("key", &self.key)
            .field("status", &self.response.exchange.response.status)
            .field("secrets", &self.secrets.len())
            .finish_non_exhaustive()
    }
}

/// A tab's past answers.
#[derive(Debug, Default)]
pub struct TabAnswers {
    /// The request's key in the store (known once saved or sent).
    pub key: Option<String>,
    /// Past answers, newest first.
    pub entries: Vec<AnswerSummary>,
    /// Whether `entries` was read for `key`.
    pub listed: bool,
    /// The answers picked to compare (at most two; `None` is the current answer).
    pub picked: Vec<Option<i64>>,
    /// The past answer shown instead of the latest.
    pub viewing: Option<AnswerSummary>,
    /// The latest answer, kept while a past one is shown.
    pub latest: Option<Arc<CompletedResponse>>,
    /// Why the list or an answer could not be read.
    pub problem: Option<String>,
    /// Whether the list is unfolded.
    pub open: bool,
}

impl TabAnswers {
    /// Picks (or unpicks) an answer to compare; a third pick drops the oldest pick.
    pub fn toggle_pick(&mut self, id: Option<i64>) {
        if let Some(at) = self.picked.iter().position(|p| *p == id) {
            self.picked.remove(at);
        } else {
            self.picked.push(id);
            if self.picked.len() > 2 {
                self.picked.remove(0);
            }
        }
    }
}

impl RequestTab {
    /// The key of this tab's request when it is saved in the collection at `root`.
    pub fn saved_answer_key(&self, root: Option<&std::path::Path>) -> Option<String> {
        let root = root?;
        let source = self.source.as_ref()?;
        Some(saved_request_key(root, &root.join(source)))
    }
}

impl AppState {
    /// Every secret value the window knows now: the session token, the proxy password and
    /// the collection's secret, captured and pasted values. Masked in anything written.
    pub fn known_secret_values(&self) -> Vec<String> {
        let mut values: Vec<String> = self
            .session
            .token()
            .map(str::to_owned)
            .into_iter()
            .collect();
        if let Some(password) = &self.settings.proxy_password {
            values.push(password.expose().to_owned());
        }
        let collection = &self.collection;
        for secret in collection
            .secret_values
            .values()
            .chain(collection.captured.values())
            .chain(collection.pasted.values())
        {
            values.push(secret.expose().to_owned());
        }
        values.retain(|v| !v.is_empty());
        values
    }

    /// The store key for the tab's next answers: its saved file, else method and URL.
    pub fn answer_key(&self, tab: &RequestTab, sent_url: &str) -> String {
        tab.saved_answer_key(self.collection.root().as_deref())
            .unwrap_or_else(|| {
                crate::answer_history::unsaved_request_key(tab.draft.method.as_str(), sent_url)
            })
    }

    /// A list of past answers was read: every tab of that request takes it.
    pub(super) fn answers_listed(&mut self, key: &str, result: Result<Vec<AnswerSummary>, String>) {
        for tab in self.tabs.iter_mut() {
            if tab.answers.key.as_deref() != Some(key) {
                continue;
            }
            match &result {
                Ok(entries) => {
                    tab.answers.entries = entries.clone();
                    tab.answers.problem = None;
                    let known =
                        |id: &Option<i64>| id.is_none_or(|id| entries.iter().any(|e| e.id == id));
                    tab.answers.picked.retain(known);
                }
                Err(problem) => tab.answers.problem = Some(problem.clone()),
            }
            tab.answers.listed = true;
        }
    }

    /// A past answer was read for `tab`: it is shown in the viewer until "Latest answer".
    pub(super) fn past_answer_loaded(
        &mut self,
        tab: TabId,
        summary: AnswerSummary,
        result: Result<Box<CompletedResponse>, String>,
    ) {
        let Some(tab) = self.tab_mut(tab) else {
            return;
        };
        match result {
            Ok(response) => {
                if tab.answers.viewing.is_none() {
                    tab.answers.latest = tab.state.response().cloned();
                }
                tab.answers.viewing = Some(summary);
                tab.answers.problem = None;
                tab.state = RequestState::Done(Arc::from(response));
            }
            Err(problem) => tab.answers.problem = Some(problem),
        }
    }

    /// Shows the tab's latest answer again after a past one.
    pub fn show_latest_answer(&mut self, tab: TabId) {
        let Some(tab) = self.tab_mut(tab) else {
            return;
        };
        if tab.answers.viewing.take().is_some() {
            tab.state = match tab.answers.latest.take() {
                Some(latest) => RequestState::Done(latest),
                None => RequestState::Idle,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_third_pick_drops_the_first() {
        let mut answers = TabAnswers::default();
        answers.toggle_pick(Some(1));
        answers.toggle_pick(None);
        answers.toggle_pick(Some(3));
        assert_eq!(answers.picked, vec![None, Some(3)]);
        answers.toggle_pick(None);
        assert_eq!(answers.picked, vec![Some(3)]);
    }
}
