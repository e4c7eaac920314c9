//! The request's `expect:` checks and `capture:` values, taken from its answer after each
//! send in the app (off the UI thread), as the headless runner takes them.

use crate::checks::{Answer, Outcome, captures, evaluate};
use crate::collection::variables::VariableSet;
use crate::http::Exchange;

use super::RequestDraft;

/// What the checks of one answer found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TestResults {
    /// Each check, in file order.
    pub outcomes: Vec<Outcome>,
    /// Captured `(name, value)`, in order.
    pub captured: Vec<(String, String)>,
    /// Why the captures failed (then none is kept).
    pub capture_error: Option<String>,
}

impl TestResults {
    /// The checks of `draft` against `exchange` (`None` when it has neither `expect:` nor
    /// `capture:`). A body spilled to a temporary file is read through a memory map.
    pub fn evaluate(exchange: &Exchange, draft: &RequestDraft, vars: &VariableSet) -> Option<Self> {
        if draft.expect.is_none() && draft.capture.is_empty() {
            return None;
        }
        let response = &exchange.response;
        let mapped = response
            .body_file
            .as_ref()
            .filter(|file| file.is_temporary())
            .and_then(|file| crate::body::BodyText::map_file(&file.path).ok());
        let body: &[u8] = match &mapped {
            Some(text) => text.bytes(),
            None => &response.body,
        };
        let answer = Answer {
            status: response.status,
            headers: &response.headers,
            body,
            elapsed: exchange.timings.total,
        };
        let outcomes = draft
            .expect
            .as_ref()
            .map(|expect| evaluate(expect, &answer, vars))
            .unwrap_or_default();
        let (captured, capture_error) = match captures(&draft.capture, body) {
            Ok(values) => (values, None),
            Err(error) => (Vec::new(), Some(error)),
        };
        Some(TestResults {
            outcomes,
            captured,
            capture_error,
        })
    }

    /// `(passed, total)` of the checks.
    pub fn counts(&self) -> (usize, usize) {
        let passed = self.outcomes.iter().filter(|o| o.passed).count();
        (passed, self.outcomes.len())
    }
}
