//! Lines for people, one block per request as it finishes, then a summary.

use super::{RequestReport, RunReport, Verdict};

/// One request: a mark, method, URL, status and time; each check under it; the error.
pub fn human_request(r: &RequestReport) -> String {
    let mark = match r.verdict {
        Verdict::Passed => "PASS",
        Verdict::Failed => "FAIL",
        Verdict::Error => "ERROR",
        Verdict::Skipped => "SKIP",
    };
    let mut out = format!("{mark:<5} {}  ({})\n", r.name, r.file);
    let answered = match (r.status, r.time_ms) {
        (Some(status), Some(ms)) => format!(
            "  → {status} {} in {ms} ms",
            r.reason.as_deref().unwrap_or_default()
        ),
        _ => String::new(),
    };
    if r.verdict != Verdict::Skipped {
        out.push_str(&format!("      {} {}{answered}\n", r.method, r.url));
    }
    for check in &r.checks {
        if check.passed {
            out.push_str(&format!("      ✓ {}\n", check.name));
        } else {
            out.push_str(&format!(
                "      ✗ {}\n          expected: {}\n          actual:   {}\n",
                check.name, check.expected, check.actual
            ));
        }
    }
    if !r.captured.is_empty() {
        out.push_str(&format!("      captured: {}\n", r.captured.join(", ")));
    }
    if let Some(error) = &r.error {
        out.push_str(&format!("      error: {error}\n"));
    }
    out
}

/// The closing lines: counts and wall time.
pub fn human_summary(report: &RunReport) -> String {
    let s = report.summary;
    let mut parts = vec![format!("{} passed", s.passed)];
    if s.failed > 0 {
        parts.push(format!("{} failed", s.failed));
    }
    if s.errors > 0 {
        parts.push(format!("{} with errors", s.errors));
    }
    if s.skipped > 0 {
        parts.push(format!("{} skipped", s.skipped));
    }
    format!(
        "\n{} request(s): {}; {} check(s), {} failed; {} ms\n",
        s.requests,
        parts.join(", "),
        s.checks,
        s.checks_failed,
        report.duration_ms
    )
}
