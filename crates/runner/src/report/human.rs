//! Lines for people, one block per request as it finishes, then a summary.
//!
//! Names, URLs, messages and values come from someone else's collection and from the
//! server: every one is printed through [`printable`], so a terminal escape sequence in a
//! request's name shows as text (`\u{1b}[2J`) instead of acting on the terminal.

use ayon_explorer_core::untrusted::printable;

use super::{RequestReport, RunReport, Verdict};

/// One request: a mark, method, URL, status and time; each check under it; the error.
pub fn human_request(r: &RequestReport) -> String {
    let mark = match r.verdict {
        Verdict::Passed => "PASS",
        Verdict::Failed => "FAIL",
        Verdict::Error => "ERROR",
        Verdict::Skipped => "SKIP",
    };
    let mut out = format!(
        "{mark:<5} {}  ({})\n",
        printable(&r.name),
        printable(&r.file)
    );
    let answered = match (r.status, r.time_ms) {
        (Some(status), Some(ms)) => format!(
            "  → {status} {} in {ms} ms",
            printable(r.reason.as_deref().unwrap_or_default())
        ),
        _ => String::new(),
    };
    if r.verdict != Verdict::Skipped {
        out.push_str(&format!(
            "      {} {}{answered}\n",
            printable(&r.method),
            printable(&r.url)
        ));
    }
    for check in &r.checks {
        if check.passed {
            out.push_str(&format!("      ✓ {}\n", printable(&check.name)));
        } else {
            out.push_str(&format!(
                "      ✗ {}\n          expected: {}\n          actual:   {}\n",
                printable(&check.name),
                printable(&check.expected),
                printable(&check.actual)
            ));
        }
    }
    if !r.captured.is_empty() {
        out.push_str(&format!(
            "      captured: {}\n",
            printable(&r.captured.join(", "))
        ));
    }
    if let Some(error) = &r.error {
        out.push_str(&format!("      error: {}\n", printable(error)));
    }
    out
}

/// The closing lines: counts and wall time, then the files that did not load and were
/// skipped (`--skip-unreadable`).
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
    let mut out = format!(
        "\n{} request(s): {}; {} check(s), {} failed; {} ms\n",
        s.requests,
        parts.join(", "),
        s.checks,
        s.checks_failed,
        report.duration_ms
    );
    if !report.unloaded.is_empty() {
        out.push_str(&format!(
            "{} file(s) of the collection did not load and were skipped (--skip-unreadable):\n",
            report.unloaded.len()
        ));
        for line in &report.unloaded {
            out.push_str(&format!("  {}\n", printable(line)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(name: &str) -> RequestReport {
        RequestReport {
            name: name.into(),
            file: "a.yml".into(),
            method: "GET".into(),
            url: "http://h/\u{1b}[0m".into(),
            verdict: Verdict::Error,
            status: None,
            reason: None,
            time_ms: None,
            error: Some("bad\u{7}\nPASS  forged".into()),
            checks: Vec::new(),
            captured: Vec::new(),
        }
    }

    #[test]
    fn escape_sequences_from_the_collection_print_as_text() {
        let out = human_request(&request("Who\u{1b}]0;owned\u{7}\u{1b}[2J am I"));
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(
            out.contains("Who\\u{1b}]0;owned\\u{7}\\u{1b}[2J am I"),
            "{out}"
        );
        // A line break in a message cannot forge a line of the report.
        assert!(out.contains("error: bad\\u{7}\\nPASS  forged"), "{out}");
        assert_eq!(out.lines().count(), 3, "{out}");
    }

    #[test]
    fn skipped_files_are_listed_after_the_counts() {
        let report = RunReport {
            collection: "C".into(),
            environment: None,
            server: None,
            requests: Vec::new(),
            duration_ms: 1,
            summary: Default::default(),
            unloaded: vec![
                "/c/big.yml: is larger than 8 MB, the limit for this file: not read".into(),
            ],
        };
        let out = human_summary(&report);
        assert!(out.contains("1 file(s) of the collection did not load and were skipped"));
        assert!(out.contains("  /c/big.yml: is larger than 8 MB"), "{out}");
    }
}
