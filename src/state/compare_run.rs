//! A comparison being gathered: two answers fetched (or taken from history) for the
//! Compare window, whatever asked for it (Send to two, the bundle window, two past
//! answers). When both sides are in, the comparison runs off the UI thread.

use std::collections::HashMap;
use std::sync::Arc;

use crate::http::HttpError;

use super::{CompletedResponse, RequestId};

/// The ignore-paths key of bundle comparisons (bundles have no request of their own).
pub const BUNDLES_IGNORE_KEY: &str = "bundles";

pub use super::compare::SharedBody;

/// Left or right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The older, or first chosen, answer.
    Left,
    /// The newer, or second chosen, answer.
    Right,
}

/// One side of a comparison.
#[derive(Clone, Debug, Default)]
pub enum SideAnswer {
    /// Being fetched.
    #[default]
    Waiting,
    /// Here: its body.
    Ready(SharedBody),
    /// Could not be had: why, in words.
    Failed(String),
}

/// What one detached send (not a tab's) was for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DetachedFetch {
    /// A side of the open comparison, generation-stamped so a newer comparison drops it.
    CompareSide {
        /// Which side.
        side: Side,
        /// The comparison it belongs to.
        generation: u64,
    },
    /// The bundle list of the bundle window.
    BundleList,
}

/// Sends the window made for itself, by id.
#[derive(Debug, Default)]
pub struct DetachedSends {
    pending: HashMap<RequestId, DetachedFetch>,
}

impl DetachedSends {
    /// Remembers what send `id` is for.
    pub fn insert(&mut self, id: RequestId, purpose: DetachedFetch) {
        self.pending.insert(id, purpose);
    }

    /// What send `id` was for, once (`None`: a tab's send).
    pub fn take(&mut self, id: RequestId) -> Option<DetachedFetch> {
        self.pending.remove(&id)
    }
}

/// The two answers of a comparison and their labels.
#[derive(Clone, Debug, Default)]
pub struct CompareRun {
    /// The window's heading ("Send to two: GET /api/projects").
    pub title: String,
    /// Bumped for each new comparison, so late answers of an old one are dropped.
    pub generation: u64,
    /// The left side's label ("staging · 200 · 1.2 KB").
    pub left_label: String,
    /// The right side's label.
    pub right_label: String,
    /// The left answer.
    pub left: SideAnswer,
    /// The right answer.
    pub right: SideAnswer,
    /// Where the ignore paths are kept (a request's history key), when they are.
    pub ignore_key: Option<String>,
    /// The comparison, once both sides are in.
    pub view: Option<super::compare::CompareState>,
}

impl CompareRun {
    /// The side's answer, mutably.
    pub fn side_mut(&mut self, side: Side) -> &mut SideAnswer {
        match side {
            Side::Left => &mut self.left,
            Side::Right => &mut self.right,
        }
    }

    /// The side's label, mutably.
    pub fn label_mut(&mut self, side: Side) -> &mut String {
        match side {
            Side::Left => &mut self.left_label,
            Side::Right => &mut self.right_label,
        }
    }

    /// Both bodies, once both sides are in.
    pub fn both(&self) -> Option<(SharedBody, SharedBody)> {
        match (&self.left, &self.right) {
            (SideAnswer::Ready(l), SideAnswer::Ready(r)) => Some((l.clone(), r.clone())),
            _ => None,
        }
    }

    /// Takes the answer of a detached send for `side`: its body, and the status and size
    /// added to the label; a failure is kept in words.
    pub fn answered(&mut self, side: Side, result: Result<Box<CompletedResponse>, HttpError>) {
        let answer = match result {
            Ok(response) => {
                let response: Arc<CompletedResponse> = Arc::from(response);
                let status = response.exchange.response.status;
                let body = SharedBody::from(Arc::clone(&response));
                let label = self.label_mut(side);
                *label = format!(
                    "{label} · {status} · {}",
                    crate::body::format_size(body.bytes().len())
                );
                SideAnswer::Ready(body)
            }
            Err(error) => SideAnswer::Failed(super::window_wording(&error)),
        };
        *self.side_mut(side) = answer;
    }
}

impl super::AppState {
    /// The answer of a send the window made for itself.
    pub(super) fn detached_answered(
        &mut self,
        purpose: DetachedFetch,
        result: Result<Box<CompletedResponse>, HttpError>,
    ) -> Option<super::Effect> {
        match purpose {
            DetachedFetch::BundleList => {
                self.bundle_list_answered(result);
                None
            }
            DetachedFetch::CompareSide { side, generation } => {
                let run = self
                    .compare
                    .as_mut()
                    .filter(|c| c.generation == generation)?;
                run.answered(side, result);
                self.compare_if_ready()
            }
        }
    }

    /// A past answer's body arrived for a side of the comparison.
    pub(super) fn compare_side_loaded(
        &mut self,
        side: Side,
        generation: u64,
        result: Result<SharedBody, String>,
    ) -> Option<super::Effect> {
        let run = self
            .compare
            .as_mut()
            .filter(|c| c.generation == generation)?;
        *run.side_mut(side) = match result {
            Ok(body) => SideAnswer::Ready(body),
            Err(why) => SideAnswer::Failed(why),
        };
        self.compare_if_ready()
    }

    /// Once both sides are in, makes the comparison's view (with the ignore paths kept
    /// for this request) and asks for it to be run off the UI thread.
    pub fn compare_if_ready(&mut self) -> Option<super::Effect> {
        let run = self.compare.as_mut()?;
        if run.view.is_some() {
            return None;
        }
        let (left, right) = run.both()?;
        let ignore = match run.ignore_key.as_deref() {
            Some(key) => self
                .settings
                .compare_ignore
                .get(key)
                .cloned()
                .unwrap_or_else(|| {
                    if key == BUNDLES_IGNORE_KEY {
                        crate::recipes::bundles::BUNDLE_VOLATILE_PATHS.join("\n")
                    } else {
                        String::new()
                    }
                }),
            None => String::new(),
        };
        let view = super::compare::CompareState::new(
            super::compare::CompareSide::new(run.left_label.clone(), left),
            super::compare::CompareSide::new(run.right_label.clone(), right),
            ignore,
        );
        let job = view.job();
        run.view = Some(view);
        Some(super::Effect::Compare(Box::new(job)))
    }

    /// The worker compared: the view takes it, unless its inputs changed meanwhile.
    pub(super) fn compared(&mut self, outcome: super::compare::CompareOutcome) {
        if let Some(view) = self.compare.as_mut().and_then(|run| run.view.as_mut()) {
            view.apply(outcome);
        }
    }

    /// Keeps the ignore paths typed for the comparison's request (settings, this computer).
    /// Returns whether they changed.
    pub fn keep_ignore_paths(&mut self) -> bool {
        let Some(run) = self.compare.as_ref() else {
            return false;
        };
        let (Some(key), Some(view)) = (run.ignore_key.clone(), run.view.as_ref()) else {
            return false;
        };
        let text = view.ignore_text.clone();
        let map = &mut self.settings.compare_ignore;
        if map.get(&key) == Some(&text) {
            return false;
        }
        if text.trim().is_empty() && key != BUNDLES_IGNORE_KEY {
            map.remove(&key);
        } else {
            map.insert(key, text);
        }
        true
    }

    fn bundle_list_answered(&mut self, result: Result<Box<CompletedResponse>, HttpError>) {
        let window = &mut self.bundle_window;
        window.loading = false;
        match result {
            Ok(response) if response.exchange.response.status == 200 => {
                match crate::recipes::bundles::parse_bundle_list(response.body()) {
                    Ok(bundles) if bundles.is_empty() => {
                        window.problem = Some("The server has no bundles.".into());
                    }
                    Ok(bundles) => window.loaded(bundles),
                    Err(e) => window.problem = Some(format!("GET /api/bundles: {e}.")),
                }
            }
            Ok(response) => {
                let status = response.exchange.response.status;
                let detail = response
                    .ayon_error
                    .as_ref()
                    .and_then(|e| e.detail.as_deref())
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default();
                window.problem = Some(format!("GET /api/bundles answered {status}{detail}."));
            }
            Err(error) => window.problem = Some(super::window_wording(&error)),
        }
    }
}
