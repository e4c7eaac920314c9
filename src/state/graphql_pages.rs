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
    ) -> Vec<Effect> {
        let Some(tab) = self
            .tabs
            .iter_mut()
            .find(|t| t.pages.as_ref().is_some_and(|p| p.id == id))
        else {
            return Vec::new();
        };
        if tab.state.pending_id() != Some(id) {
            return Vec::new();
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
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use crate::state::{RequestState, SentForHistory};
    use crate::worker::Event;

    fn ended(problem: Option<&str>) -> PagesEnded {
        PagesEnded {
            summary: "2 pages, 200 edges".into(),
            problem: problem.map(str::to_owned),
        }
    }

    #[test]
    fn a_late_run_is_dropped_and_a_cancel_before_any_page_says_only_why() {
        let mut state = AppState::new(Settings::default(), None);
        state.tabs[0].state.start(7);
        state.tabs[0].pages = Some(TabPages::start(7));
        // Another run's end changes nothing.
        let effects = state.apply(Event::PagesFetched {
            id: 6,
            answer: None,
            ended: ended(None),
        });
        assert!(effects.is_empty());
        assert_eq!(state.tabs[0].state.pending_id(), Some(7));
        assert!(state.tabs[0].pages.as_ref().is_some_and(TabPages::running));

        let effects = state.apply(Event::PagesFetched {
            id: 7,
            answer: None,
            ended: ended(Some("Cancelled after 0 pages")),
        });
        assert!(effects.is_empty(), "nothing was answered: {effects:?}");
        assert!(matches!(state.tabs[0].state, RequestState::Idle));
        let pages = state.tabs[0].pages.as_ref().expect("the run is kept");
        assert_eq!(
            pages.ended,
            Some(PagesEnded {
                summary: String::new(),
                problem: Some("Cancelled after 0 pages".into())
            })
        );
    }

    #[test]
    fn a_first_page_failure_is_the_tabs_failure_and_goes_to_history() {
        let mut state = AppState::new(Settings::default(), None);
        state.tabs[0].state.start(9);
        state.tabs[0].pages = Some(TabPages::start(9));
        state.tabs[0].sent = Some(SentForHistory {
            method: "POST".into(),
            url: "http://h/graphql".into(),
            secrets: Vec::new(),
            started: std::time::Instant::now(),
            request: None,
            name: None,
            environment: None,
        });
        let effects = state.apply(Event::PagesFetched {
            id: 9,
            answer: Some(Err(HttpError::Other {
                url: "http://h/graphql".into(),
                reason: "refused".into(),
            })),
            ended: ended(None),
        });
        assert!(matches!(effects.as_slice(), [Effect::AppendHistory(_)]));
        assert!(matches!(state.tabs[0].state, RequestState::Failed { .. }));
    }
}
