//! "Fetch all pages" in a tab: the run in flight (its shared counters and Cancel), then
//! how it ended. The merged answer itself is the tab's response, through the same path
//! as a send's ([`AppState::request_answered`]), so the viewer and the history show it.

use std::sync::Arc;

use crate::ayon::graphql_pages::PagesRun;
use crate::http::HttpError;

use super::{AppState, CompletedResponse, Effect, RequestId};

/// A tab's "Fetch all pages" run.
#[derive(Debug)]
pub struct TabPages {
    /// The run's id (the tab's pending id while it runs).
    pub id: RequestId,
    /// Pages and edges so far, and Cancel.
    pub run: Arc<PagesRun>,
    /// How it ended, once it has.
    pub ended: Option<PagesEnded>,
}

impl TabPages {
    /// A run starting under `id`.
    pub fn start(id: RequestId) -> Self {
        TabPages {
            id,
            run: Arc::new(PagesRun::new()),
            ended: None,
        }
    }

    /// Whether it still runs.
    pub fn running(&self) -> bool {
        self.ended.is_none()
    }
}

/// How a run ended, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PagesEnded {
    /// "3 pages, 250 edges".
    pub summary: String,
    /// Why it stopped before the last page (a repeated cursor, Cancel, errors, ...).
    pub problem: Option<String>,
}

impl AppState {
    /// The run `id` ended: `answer` is the merged answer (or the failure of the first
    /// page), `None` when no page answered before Cancel. A late one is dropped.
    pub(super) fn pages_fetched(
        &mut self,
        id: RequestId,
        answer: Option<Result<Box<CompletedResponse>, HttpError>>,
        ended: PagesEnded,
    ) -> Option<Effect> {
        let tab = self
            .tabs
            .iter_mut()
            .find(|t| t.pages.as_ref().is_some_and(|p| p.id == id))?;
        if tab.state.pending_id() != Some(id) {
            return None;
        }
        if let Some(pages) = &mut tab.pages {
            pages.ended = Some(ended);
        }
        match answer {
            Some(result) => self.request_answered(id, result),
            None => {
                // No page to sum up: only why (Cancel) is said.
                if let Some(ended) = tab.pages.as_mut().and_then(|p| p.ended.as_mut()) {
                    ended.summary.clear();
                }
                tab.sent = None;
                tab.state.cancel();
                None
            }
        }
    }
}
