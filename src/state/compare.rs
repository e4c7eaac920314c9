//! The Compare view's state: two answers, the ignore patterns typed for them, and the
//! comparison once the worker has made it.
//!
//! The comparison runs off the UI thread: [`CompareState::job`] hands out owned inputs,
//! the worker calls [`run_compare`], and [`CompareState::apply`] takes the outcome, unless
//! the inputs changed meanwhile (a newer generation), in which case it is dropped.

use std::sync::Arc;

use crate::diff::{
    BodyComparison, Change, ChangeKind, DiffOptions, IgnorePattern, TextLineKind, compare_bodies,
};

/// Longest value preview kept per side of a JSON change, in characters (the list shows one
/// line; the full value is rendered on hover).
const PREVIEW_CHARS: usize = 200;

/// A body to compare, shared without copying: an answer's bytes as the viewer holds them
/// (in memory or memory-mapped), or bytes read back from the history. Cloning it is cheap,
/// so a comparison never copies a body on the UI thread.
#[derive(Clone)]
pub struct SharedBody(Arc<dyn AsRef<[u8]> + Send + Sync>);

impl SharedBody {
    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        (*self.0).as_ref()
    }
}

impl std::fmt::Debug for SharedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SharedBody({} bytes)", self.bytes().len())
    }
}

impl PartialEq for SharedBody {
    fn eq(&self, other: &Self) -> bool {
        self.bytes() == other.bytes()
    }
}

impl From<Vec<u8>> for SharedBody {
    fn from(bytes: Vec<u8>) -> Self {
        SharedBody(Arc::new(bytes))
    }
}

impl From<&[u8]> for SharedBody {
    fn from(bytes: &[u8]) -> Self {
        SharedBody::from(bytes.to_vec())
    }
}

impl From<Arc<super::CompletedResponse>> for SharedBody {
    fn from(response: Arc<super::CompletedResponse>) -> Self {
        SharedBody(response)
    }
}

/// One of the two answers compared.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareSide {
    /// How the view names it: `12:04:31 · 200 · 1.2 KB · staging`.
    pub label: String,
    /// The body as it came.
    pub body: SharedBody,
}

impl CompareSide {
    /// A side with this label and body.
    pub fn new(label: impl Into<String>, body: impl Into<SharedBody>) -> Self {
        Self {
            label: label.into(),
            body: body.into(),
        }
    }
}

/// A line of the ignore editor that is not a valid pattern (it is skipped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreProblem {
    /// Its 1-based line number in the editor.
    pub line: usize,
    /// Why it was refused, in the parser's words.
    pub message: String,
}

/// What the worker needs to compare, owned so it can leave the UI thread.
#[derive(Debug, Clone)]
pub struct CompareJob {
    generation: u64,
    left: SharedBody,
    right: SharedBody,
    options: DiffOptions,
}

impl CompareJob {
    /// The inputs' generation: an outcome is applied only while it is still current.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The diff options (the valid ignore patterns) this job compares with.
    pub fn options(&self) -> &DiffOptions {
        &self.options
    }
}

/// What [`run_compare`] produced, for [`CompareState::apply`].
#[derive(Debug, Clone)]
pub struct CompareOutcome {
    generation: u64,
    compared: Compared,
}

impl CompareOutcome {
    /// The generation of the job it answers.
    pub fn generation(&self) -> u64 {
        self.generation
    }
}

/// One JSON change as the list shows it: values reduced to one short line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The JSONPath of the change.
    pub path: String,
    /// The left value as compact JSON, cut to a preview (none when added).
    pub left: Option<String>,
    /// The right value as compact JSON, cut to a preview (none when removed).
    pub right: Option<String>,
}

/// One row of the side-by-side text view: indexes into the comparison's lines, a removed
/// line on the left paired with an added line on the right; `None` is a blank cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRow {
    /// The line shown on the left.
    pub left: Option<usize>,
    /// The line shown on the right.
    pub right: Option<usize>,
}

/// How many differences of each kind: JSON paths, or text lines (never "changed").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CompareSummary {
    /// Added paths or lines.
    pub added: usize,
    /// Removed paths or lines.
    pub removed: usize,
    /// Changed paths.
    pub changed: usize,
}

/// A finished comparison, with what the view draws from it prepared off the UI thread.
#[derive(Debug, Clone)]
pub struct Compared {
    /// The comparison itself.
    pub comparison: BodyComparison,
    /// For JSON: one row per change, in order.
    pub change_rows: Vec<ChangeRow>,
    /// For text: the side-by-side rows.
    pub text_rows: Vec<TextRow>,
    /// Where each change starts, in rows: every JSON change; the first row of each block
    /// of changed text lines. Previous and Next move between these.
    pub stops: Vec<usize>,
    /// The counts.
    pub summary: CompareSummary,
}

/// Compares a job's bodies and prepares the rows: the worker's half of the work.
pub fn run_compare(job: CompareJob) -> CompareOutcome {
    let comparison = compare_bodies(job.left.bytes(), job.right.bytes(), &job.options);
    let mut summary = CompareSummary::default();
    let mut change_rows = Vec::new();
    let mut text_rows = Vec::new();
    let mut stops = Vec::new();
    match &comparison {
        BodyComparison::Json(changes) => {
            for change in changes {
                match change.kind {
                    ChangeKind::Added => summary.added += 1,
                    ChangeKind::Removed => summary.removed += 1,
                    ChangeKind::Changed => summary.changed += 1,
                }
            }
            change_rows = changes.iter().map(change_row).collect();
            stops = (0..changes.len()).collect();
        }
        BodyComparison::Text(lines) => {
            let kinds: Vec<TextLineKind> = lines.iter().map(|l| l.kind).collect();
            summary.added = kinds.iter().filter(|k| **k == TextLineKind::Added).count();
            summary.removed = kinds
                .iter()
                .filter(|k| **k == TextLineKind::Removed)
                .count();
            (text_rows, stops) = pair_lines(&kinds);
        }
        BodyComparison::Binary { .. } => {}
    }
    CompareOutcome {
        generation: job.generation,
        compared: Compared {
            comparison,
            change_rows,
            text_rows,
            stops,
            summary,
        },
    }
}

/// A change with its values cut to previews.
fn change_row(change: &Change) -> ChangeRow {
    let preview = |v: &serde_json::Value| {
        let text = v.to_string();
        match text.char_indices().nth(PREVIEW_CHARS) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text,
        }
    };
    ChangeRow {
        kind: change.kind,
        path: change.path.clone(),
        left: change.left.as_ref().map(preview),
        right: change.right.as_ref().map(preview),
    }
}

/// Lays line kinds out side by side: same lines on both sides; within a block of changes,
/// the removed lines on the left beside the added ones on the right, in order. Returns the
/// rows and the first row of each block.
fn pair_lines(kinds: &[TextLineKind]) -> (Vec<TextRow>, Vec<usize>) {
    let mut rows = Vec::with_capacity(kinds.len());
    let mut stops = Vec::new();
    let mut removed = Vec::new();
    let mut added = Vec::new();
    let flush = |rows: &mut Vec<TextRow>,
                 stops: &mut Vec<usize>,
                 removed: &mut Vec<usize>,
                 added: &mut Vec<usize>| {
        if removed.is_empty() && added.is_empty() {
            return;
        }
        stops.push(rows.len());
        for k in 0..removed.len().max(added.len()) {
            rows.push(TextRow {
                left: removed.get(k).copied(),
                right: added.get(k).copied(),
            });
        }
        removed.clear();
        added.clear();
    };
    for (i, kind) in kinds.iter().enumerate() {
        match kind {
            TextLineKind::Same => {
                flush(&mut rows, &mut stops, &mut removed, &mut added);
                rows.push(TextRow {
                    left: Some(i),
                    right: Some(i),
                });
            }
            TextLineKind::Removed => removed.push(i),
            TextLineKind::Added => added.push(i),
        }
    }
    flush(&mut rows, &mut stops, &mut removed, &mut added);
    (rows, stops)
}

/// The Compare view of two answers.
#[derive(Debug, Clone)]
pub struct CompareState {
    /// The older answer, usually.
    pub left: CompareSide,
    /// The newer answer, usually.
    pub right: CompareSide,
    /// The ignore patterns as typed, one per line. After editing it, call
    /// [`CompareState::ignore_edited`].
    pub ignore_text: String,
    ignore_patterns: Vec<String>,
    ignore_problems: Vec<IgnoreProblem>,
    generation: u64,
    compared: Option<Compared>,
    selected: Option<usize>,
    scroll_to_selected: bool,
}

impl CompareState {
    /// A comparison of `left` and `right` ignoring the patterns in `ignore_text` (one per
    /// line), waiting for its first [`run_compare`].
    pub fn new(left: CompareSide, right: CompareSide, ignore_text: impl Into<String>) -> Self {
        let mut state = Self {
            left,
            right,
            ignore_text: ignore_text.into(),
            ignore_patterns: Vec::new(),
            ignore_problems: Vec::new(),
            generation: 0,
            compared: None,
            selected: None,
            scroll_to_selected: false,
        };
        state.parse_ignore();
        state
    }

    /// The inputs of the comparison, for the worker's [`run_compare`].
    pub fn job(&self) -> CompareJob {
        CompareJob {
            generation: self.generation,
            left: self.left.body.clone(),
            right: self.right.body.clone(),
            options: DiffOptions {
                ignore: self.ignore_patterns.clone(),
                ..DiffOptions::default()
            },
        }
    }

    /// Takes a finished comparison; returns `false` (and drops it) when the inputs have
    /// changed since its job was made.
    pub fn apply(&mut self, outcome: CompareOutcome) -> bool {
        if outcome.generation != self.generation {
            return false;
        }
        self.compared = Some(outcome.compared);
        self.selected = None;
        self.scroll_to_selected = false;
        true
    }

    /// Re-reads the ignore text after an edit: the comparison is pending again.
    pub fn ignore_edited(&mut self) {
        self.parse_ignore();
        self.invalidate();
    }

    /// Swaps left and right: the comparison is pending again.
    pub fn swap_sides(&mut self) {
        std::mem::swap(&mut self.left, &mut self.right);
        self.invalidate();
    }

    /// The valid ignore patterns, in the order typed.
    pub fn ignore_patterns(&self) -> &[String] {
        &self.ignore_patterns
    }

    /// The ignore lines that are not valid patterns (skipped by the comparison).
    pub fn ignore_problems(&self) -> &[IgnoreProblem] {
        &self.ignore_problems
    }

    /// The finished comparison (`None` while it runs).
    pub fn compared(&self) -> Option<&Compared> {
        self.compared.as_ref()
    }

    /// Whether the comparison is still running.
    pub fn is_pending(&self) -> bool {
        self.compared.is_none()
    }

    /// The counts, once compared.
    pub fn summary(&self) -> Option<CompareSummary> {
        self.compared.as_ref().map(|c| c.summary)
    }

    /// One line saying what was found: `3 changes: 1 added, 1 removed, 1 changed`,
    /// `No differences`, `Comparing…`.
    pub fn summary_line(&self) -> String {
        let Some(compared) = &self.compared else {
            return "Comparing…".to_owned();
        };
        let s = compared.summary;
        match &compared.comparison {
            BodyComparison::Json(changes) if changes.is_empty() => "No differences".to_owned(),
            BodyComparison::Json(changes) => format!(
                "{} {}: {} added, {} removed, {} changed",
                changes.len(),
                plural(changes.len(), "change", "changes"),
                s.added,
                s.removed,
                s.changed
            ),
            BodyComparison::Text(_) if compared.stops.is_empty() => "No differences".to_owned(),
            BodyComparison::Text(_) => format!(
                "{} changed {}: {} {} added, {} removed",
                compared.stops.len(),
                plural(compared.stops.len(), "block", "blocks"),
                s.added,
                plural(s.added, "line", "lines"),
                s.removed
            ),
            BodyComparison::Binary { equal: true, .. } => "No differences".to_owned(),
            BodyComparison::Binary { .. } => "The bodies differ".to_owned(),
        }
    }

    /// How many stops Previous and Next move between (changes, or changed text blocks).
    pub fn stop_count(&self) -> usize {
        self.compared.as_ref().map_or(0, |c| c.stops.len())
    }

    /// The selected stop (an index into [`Compared::stops`]).
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// The row the selected stop starts at.
    pub fn selected_row(&self) -> Option<usize> {
        let compared = self.compared.as_ref()?;
        compared.stops.get(self.selected?).copied()
    }

    /// The selected JSON change's path.
    pub fn selected_path(&self) -> Option<&str> {
        let row = self.selected_row()?;
        let compared = self.compared.as_ref()?;
        compared.change_rows.get(row).map(|r| r.path.as_str())
    }

    /// The selected JSON change.
    pub fn selected_change(&self) -> Option<&Change> {
        let row = self.selected_row()?;
        match &self.compared.as_ref()?.comparison {
            BodyComparison::Json(changes) => changes.get(row),
            _ => None,
        }
    }

    /// Selects the next stop, wrapping from the last to the first, and asks to scroll.
    pub fn next(&mut self) {
        let n = self.stop_count();
        if n == 0 {
            return;
        }
        self.selected = Some(self.selected.map_or(0, |i| (i + 1) % n));
        self.scroll_to_selected = true;
    }

    /// Selects the previous stop, wrapping from the first to the last, and asks to scroll.
    pub fn previous(&mut self) {
        let n = self.stop_count();
        if n == 0 {
            return;
        }
        self.selected = Some(self.selected.map_or(n - 1, |i| (i + n - 1) % n));
        self.scroll_to_selected = true;
    }

    /// Selects a stop by a click (already in view: no scrolling).
    pub fn select(&mut self, stop: usize) {
        if stop < self.stop_count() {
            self.selected = Some(stop);
        }
    }

    /// Whether the view should scroll the selection into view; asking clears it.
    pub fn take_scroll_request(&mut self) -> bool {
        std::mem::take(&mut self.scroll_to_selected)
    }

    fn parse_ignore(&mut self) {
        self.ignore_patterns.clear();
        self.ignore_problems.clear();
        for (i, line) in self.ignore_text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            match IgnorePattern::parse(line) {
                Ok(_) => self.ignore_patterns.push(line.to_owned()),
                Err(e) => self.ignore_problems.push(IgnoreProblem {
                    line: i + 1,
                    message: e.reason,
                }),
            }
        }
    }

    fn invalidate(&mut self) {
        self.generation += 1;
        self.compared = None;
        self.selected = None;
        self.scroll_to_selected = false;
    }
}

/// `one` for 1, else `many`.
fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(left: &str, right: &str, ignore: &str) -> CompareState {
        CompareState::new(
            CompareSide::new("left", left.as_bytes()),
            CompareSide::new("right", right.as_bytes()),
            ignore,
        )
    }

    fn compared(mut s: CompareState) -> CompareState {
        let outcome = run_compare(s.job());
        assert!(s.apply(outcome));
        s
    }

    #[test]
    fn json_changes_are_counted_and_listed() {
        let s = compared(state(
            r#"{"a":1,"b":2,"c":3}"#,
            r#"{"a":1,"b":20,"d":4}"#,
            "",
        ));
        assert_eq!(
            s.summary(),
            Some(CompareSummary {
                added: 1,
                removed: 1,
                changed: 1
            })
        );
        assert_eq!(s.summary_line(), "3 changes: 1 added, 1 removed, 1 changed");
        let rows = &s.compared().unwrap().change_rows;
        assert_eq!(rows[0].path, "$.b");
        assert_eq!(rows[0].left.as_deref(), Some("2"));
        assert_eq!(rows[0].right.as_deref(), Some("20"));
    }

    #[test]
    fn an_outcome_for_older_inputs_is_dropped() {
        let mut s = state(r#"{"updatedAt":1}"#, r#"{"updatedAt":2}"#, "");
        let old = run_compare(s.job());
        s.ignore_text = "$..updatedAt".into();
        s.ignore_edited();
        assert!(!s.apply(old), "the ignore text changed meanwhile");
        assert!(s.is_pending());
        assert_eq!(s.summary_line(), "Comparing…");
        let current = run_compare(s.job());
        assert!(s.apply(current));
        assert_eq!(s.summary_line(), "No differences");

        let before_swap = run_compare(s.job());
        s.swap_sides();
        assert!(!s.apply(before_swap), "the sides were swapped meanwhile");
    }

    #[test]
    fn next_and_previous_wrap_around() {
        let mut s = compared(state(
            r#"{"a":1,"b":1,"c":1}"#,
            r#"{"a":2,"b":2,"c":2}"#,
            "",
        ));
        assert_eq!(s.selected(), None);
        s.next();
        assert_eq!(s.selected_path(), Some("$.a"));
        assert!(s.take_scroll_request());
        assert!(!s.take_scroll_request(), "asked once");
        s.next();
        s.next();
        assert_eq!(s.selected_path(), Some("$.c"));
        s.next();
        assert_eq!(s.selected_path(), Some("$.a"), "wraps to the first");
        s.previous();
        assert_eq!(s.selected_path(), Some("$.c"), "wraps to the last");

        let mut fresh = compared(state(r#"{"a":1,"b":1}"#, r#"{"a":2,"b":2}"#, ""));
        fresh.previous();
        assert_eq!(
            fresh.selected_path(),
            Some("$.b"),
            "previous starts at the end"
        );

        let mut none = compared(state("{}", "{}", ""));
        none.next();
        none.previous();
        assert_eq!(none.selected(), None);
    }

    #[test]
    fn invalid_ignore_lines_are_reported_with_their_number_and_skipped() {
        let s = state("{}", "{}", "$..updatedAt\n\nupdatedAt\n$.a[\n");
        assert_eq!(s.ignore_patterns(), ["$..updatedAt"]);
        let lines: Vec<usize> = s.ignore_problems().iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4]);
        assert!(s.ignore_problems()[0].message.contains('$'));
        assert_eq!(s.job().options().ignore, ["$..updatedAt"]);
    }

    #[test]
    fn text_blocks_pair_removed_and_added_lines() {
        let s = compared(state(
            "same\nold 1\nold 2\nkept\ngone\n",
            "same\nnew 1\nkept\n",
            "",
        ));
        let c = s.compared().unwrap();
        let BodyComparison::Text(lines) = &c.comparison else {
            panic!("text expected");
        };
        let shown: Vec<(Option<&str>, Option<&str>)> = c
            .text_rows
            .iter()
            .map(|r| {
                (
                    r.left.map(|i| lines[i].text.as_str()),
                    r.right.map(|i| lines[i].text.as_str()),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (Some("same"), Some("same")),
                (Some("old 1"), Some("new 1")),
                (Some("old 2"), None),
                (Some("kept"), Some("kept")),
                (Some("gone"), None),
            ]
        );
        assert_eq!(c.stops, [1, 4]);
        assert_eq!(
            s.summary_line(),
            "2 changed blocks: 1 line added, 3 removed"
        );
    }
}
