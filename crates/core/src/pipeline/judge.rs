//! A request's `expect:` checks and `capture:` values, taken from its answer: the same in
//! the window (off the UI thread) and in the runner.

use crate::checks::{Answer, Capture, ExpectFile, Outcome, captures, evaluate};
use crate::collection::variables::VariableSet;
use crate::http::Exchange;

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
    /// The checks `expect` and `capture` against `exchange` (`None` when there are none).
    /// A body spilled to a temporary file is read through a memory map.
    pub fn evaluate(
        exchange: &Exchange,
        expect: Option<&ExpectFile>,
        capture: &[Capture],
        vars: &VariableSet,
    ) -> Option<Self> {
        if expect.is_none() && capture.is_empty() {
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
        let outcomes = expect
            .map(|expect| evaluate(expect, &answer, vars))
            .unwrap_or_default();
        let (captured, capture_error) = match captures(capture, body) {
            Ok(values) => (values, None),
            Err(error) => (Vec::new(), Some(error.to_string())),
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
