//! Find, JSONPath filter and tree state of one tab's response body: which
//! background jobs run, and what they found. No egui here.

use std::sync::Arc;

use crate::body::jsonpath::{FilterSession, PathError, QueryOutput, compile_path};
use crate::body::{BackgroundJob, JsonTree, PrettyJson, Rows, SearchQuery, SearchResults};

/// Something that wakes the UI when a background job finishes.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// Find in the shown body: the query, the running search and its results.
#[derive(Default)]
pub struct FindState {
    /// What the user typed and whether case matters.
    pub query: SearchQuery,
    /// The match the view is on (0-based).
    pub current: Option<usize>,
    /// The results for `searched`.
    pub results: Option<Arc<SearchResults>>,
    /// The document and query the results (or the running job) are for.
    searched: Option<(u64, SearchQuery)>,
    job: Option<BackgroundJob<SearchResults>>,
    /// Set when new results arrived, until [`FindState::take_fresh`].
    fresh: bool,
}

impl FindState {
    /// Starts a search when the query or the document changed, and takes the
    /// results of a finished one. Call every frame the body is shown.
    pub fn update(&mut self, doc: &Arc<dyn Rows>, wake: &Wake) {
        let wanted = (doc.id(), self.query.clone());
        if self.searched.as_ref() != Some(&wanted) {
            self.searched = Some(wanted);
            self.results = None;
            self.current = None;
            self.job = None;
            if !self.query.needle.is_empty() {
                let (doc, query, wake) = (Arc::clone(doc), self.query.clone(), Arc::clone(wake));
                self.job = Some(BackgroundJob::spawn(
                    move |control| crate::body::search::search(doc.as_ref(), &query, control),
                    move || wake(),
                ));
            }
        }
        if let Some(results) = self.job.as_mut().and_then(BackgroundJob::take) {
            self.job = None;
            self.current = (results.count > 0).then_some(0);
            self.results = Some(Arc::new(results));
            self.fresh = true;
        }
    }

    /// Whether results arrived since the last call (to move the view to them).
    pub fn take_fresh(&mut self) -> bool {
        std::mem::take(&mut self.fresh)
    }

    /// Whether a search is running, and how far it got.
    pub fn progress(&self) -> Option<f32> {
        self.job.as_ref().map(|j| j.fraction().unwrap_or(0.0))
    }

    /// Moves to the next (or previous) match, wrapping; returns its row.
    pub fn step(&mut self, forward: bool) -> Option<usize> {
        let results = self.results.as_ref()?;
        if results.count == 0 {
            return None;
        }
        let next = match self.current {
            None => 0,
            Some(c) if forward => (c + 1) % results.count,
            Some(c) => (c + results.count - 1) % results.count,
        };
        self.current = Some(next);
        results.row_of(next)
    }

    /// The row of the current match.
    pub fn current_row(&self) -> Option<usize> {
        self.results.as_ref()?.row_of(self.current?)
    }

    /// "3 of 120", "No matches", "Searching… 40%", or "" with no query.
    pub fn status(&self) -> String {
        if let Some(fraction) = self.progress() {
            return format!("Searching… {:.0}%", fraction * 100.0);
        }
        match &self.results {
            None => String::new(),
            Some(r) if r.count == 0 => "No matches".to_owned(),
            Some(r) => format!(
                "{} of {}{}",
                self.current.map_or(0, |c| c + 1),
                r.count,
                if r.truncated { "+" } else { "" }
            ),
        }
    }
}

/// What the JSONPath filter shows.
#[derive(Clone, Debug, Default)]
pub enum FilterOutput {
    /// No expression: the body is shown.
    #[default]
    Off,
    /// Parsing the body or running the query.
    Working(&'static str),
    /// The expression is not valid JSONPath.
    InvalidPath(PathError),
    /// The body is not JSON that can be queried.
    InvalidBody(String),
    /// The selected values.
    Done(QueryOutput),
}

/// The JSONPath filter of a body.
#[derive(Default)]
pub struct FilterState {
    /// The expression typed, e.g. `$.projects[*].name`.
    pub expression: String,
    /// Show each value's location instead of a JSON array of values.
    pub show_paths: bool,
    /// What to show.
    pub output: FilterOutput,
    /// The body held parsed (as a lean tree, about its size) for querying, by document id.
    session: Option<(u64, FilterSession)>,
    query_job: Option<BackgroundJob<Result<QueryOutput, String>>>,
    /// The (document, expression, show_paths) of `output` or the running query.
    ran: Option<(u64, String, bool)>,
}

impl FilterState {
    /// Parses the body (once, in the background), runs the query when the
    /// expression changed, and takes finished results. Call every frame.
    pub fn update(&mut self, doc: &PrettyJson, wake: &Wake) {
        let expression = self.expression.trim().to_owned();
        if expression.is_empty() {
            // The parsed body (about its size) goes with the session.
            *self = Self {
                show_paths: self.show_paths,
                ..Self::default()
            };
            return;
        }
        let wanted = (doc.id(), expression.clone(), self.show_paths);
        let path = match compile_path(&self.expression) {
            Ok(path) => path,
            Err(error) => {
                self.output = FilterOutput::InvalidPath(error);
                self.ran = None;
                self.query_job = None;
                return;
            }
        };
        let session = match &self.session {
            Some((id, session)) if *id == doc.id() => session.clone(),
            _ => {
                let session = FilterSession::start(doc.text().clone());
                self.session = Some((doc.id(), session.clone()));
                session
            }
        };
        if self.ran.as_ref() != Some(&wanted) {
            self.ran = Some(wanted);
            let (show_paths, wake) = (self.show_paths, Arc::clone(wake));
            self.query_job = Some(BackgroundJob::spawn(
                move |control| session.query(path, show_paths, control),
                move || wake(),
            ));
            self.output = FilterOutput::Working("Running the query…");
        }
        if let Some(result) = self.query_job.as_mut().and_then(BackgroundJob::take) {
            self.query_job = None;
            self.output = match result {
                Ok(output) => FilterOutput::Done(output),
                Err(error) => FilterOutput::InvalidBody(error),
            };
        }
    }
}

/// Find, filter and tree of one tab's response body.
#[derive(Default)]
pub struct BodyTools {
    /// Find in the body.
    pub find: FindState,
    /// JSONPath filter.
    pub filter: FilterState,
    /// The tree of the JSON body, made when first shown.
    pub tree: Option<JsonTree>,
    /// The selected tree entry.
    pub selected: Option<usize>,
}

impl BodyTools {
    /// The tree of `doc`, made (cheaply: only the root's children) when the
    /// document changed.
    pub fn tree_for(&mut self, doc: &PrettyJson) -> &mut JsonTree {
        let stale = self
            .tree
            .as_ref()
            .is_none_or(|t| t.document().id() != doc.id());
        if stale {
            self.selected = None;
        }
        let tree = match self.tree.take() {
            Some(tree) if !stale => tree,
            _ => JsonTree::new(doc.clone()),
        };
        self.tree.insert(tree)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::{BodyText, TextDocument};
    use std::time::{Duration, Instant};

    fn no_wake() -> Wake {
        Arc::new(|| {})
    }

    #[test]
    fn find_runs_in_the_background_and_steps_through_matches() {
        let doc: Arc<dyn Rows> = Arc::new(TextDocument::new("a x\nb x\nc x\n".to_owned()));
        let mut find = FindState::default();
        find.query.needle = "x".to_owned();
        let deadline = Instant::now() + Duration::from_secs(10);
        while find.results.is_none() && Instant::now() < deadline {
            find.update(&doc, &no_wake());
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(find.status(), "1 of 3");
        assert_eq!(find.step(true), Some(1));
        assert_eq!(find.step(true), Some(2));
        assert_eq!(find.step(true), Some(0), "wraps");
        assert_eq!(find.step(false), Some(2));
        assert_eq!(find.status(), "3 of 3");
        find.query.needle = "nothing".to_owned();
        find.update(&doc, &no_wake());
        let deadline = Instant::now() + Duration::from_secs(10);
        while find.results.is_none() && Instant::now() < deadline {
            find.update(&doc, &no_wake());
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(find.status(), "No matches");
    }

    #[test]
    fn filter_parses_once_then_queries() {
        let doc = PrettyJson::build(BodyText::from_string(r#"{"a":[1,2,3]}"#.to_owned()));
        let Ok(doc) = doc else {
            panic!("valid JSON");
        };
        let mut filter = FilterState {
            expression: "$.a[1:]".to_owned(),
            ..FilterState::default()
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !matches!(filter.output, FilterOutput::Done(_)) && Instant::now() < deadline {
            filter.update(&doc, &no_wake());
            std::thread::sleep(Duration::from_millis(1));
        }
        let FilterOutput::Done(out) = &filter.output else {
            panic!("{:?}", filter.output);
        };
        assert_eq!(out.count, 2);
        filter.expression = "$.a[".to_owned();
        filter.update(&doc, &no_wake());
        assert!(matches!(filter.output, FilterOutput::InvalidPath(_)));
        filter.expression.clear();
        filter.update(&doc, &no_wake());
        assert!(matches!(filter.output, FilterOutput::Off));
    }
}
