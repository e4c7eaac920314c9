//! What a run did, already masked: every string here is safe to print. The three
//! reporters (human lines, JSON, JUnit XML) render this one model.

mod human;
mod junit;

use serde::Serialize;

pub use human::{human_request, human_summary};
pub use junit::junit;

/// How one request ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Sent, and every check held.
    Passed,
    /// Sent, and a check did not hold.
    Failed,
    /// Not sent or not answered (unknown variable, network, capture that found nothing).
    Error,
    /// Not run (`--bail` after an earlier failure).
    Skipped,
}

/// One check's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// What was tested.
    pub name: String,
    /// Whether it held.
    pub passed: bool,
    /// What was expected.
    pub expected: String,
    /// What the answer had.
    pub actual: String,
}

/// One request's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestReport {
    /// Its name.
    pub name: String,
    /// Its file, relative to the collection.
    pub file: String,
    /// Method.
    pub method: String,
    /// The URL as sent (masked), or as written when it was not sent.
    pub url: String,
    /// How it ended.
    pub verdict: Verdict,
    /// Status code, when answered.
    pub status: Option<u16>,
    /// Reason phrase, when answered.
    pub reason: Option<String>,
    /// Whole exchange, milliseconds, when answered.
    pub time_ms: Option<u64>,
    /// Why it was not sent or not answered, or why a capture failed.
    pub error: Option<String>,
    /// Each check, in file order.
    pub checks: Vec<CheckReport>,
    /// Names of the variables captured.
    pub captured: Vec<String>,
}

/// The whole run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RunReport {
    /// The collection's name.
    pub collection: String,
    /// The environment used.
    pub environment: Option<String>,
    /// The run's server (relative URLs went there); `None` when every URL was full and no
    /// server was given.
    pub server: Option<String>,
    /// Each request, in order.
    pub requests: Vec<RequestReport>,
    /// Wall time of the run, milliseconds.
    pub duration_ms: u64,
    /// Counts.
    pub summary: Summary,
    /// Files of the collection that did not load and were skipped (`--skip-unreadable`),
    /// as `path: why` lines; left out of the JSON when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unloaded: Vec<String>,
}

/// Counts of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Requests in the run.
    pub requests: usize,
    /// Passed.
    pub passed: usize,
    /// Failed a check.
    pub failed: usize,
    /// Errors.
    pub errors: usize,
    /// Skipped.
    pub skipped: usize,
    /// Checks run.
    pub checks: usize,
    /// Checks that did not hold.
    pub checks_failed: usize,
}

impl Summary {
    /// Counts over `requests`.
    pub fn of(requests: &[RequestReport]) -> Summary {
        let count = |v: Verdict| requests.iter().filter(|r| r.verdict == v).count();
        Summary {
            requests: requests.len(),
            passed: count(Verdict::Passed),
            failed: count(Verdict::Failed),
            errors: count(Verdict::Error),
            skipped: count(Verdict::Skipped),
            checks: requests.iter().map(|r| r.checks.len()).sum(),
            checks_failed: requests
                .iter()
                .flat_map(|r| &r.checks)
                .filter(|c| !c.passed)
                .count(),
        }
    }

    /// Whether everything passed (exit code 0).
    pub fn all_passed(&self) -> bool {
        self.failed == 0 && self.errors == 0 && self.skipped == 0
    }
}

/// The JSON report.
pub fn json(report: &RunReport) -> String {
    // A derive-only model of strings and numbers always serializes.
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")) + "\n"
}
