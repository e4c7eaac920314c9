//! Fuzzy search over operations with nucleo-matcher.
//!
//! Ranking: the query (whitespace-separated atoms, smart case and normalization) must match the
//! operation's combined text "METHOD path summary operationId tags". Its score there is then
//! raised by the best score the whole query gets on a single field (summary, operationId, path),
//! so "list projects" prefers the operation *named* List Projects over one whose words are
//! scattered over path and tag. A query equal to the summary or operationId (ignoring case,
//! `_` and extra spaces) ranks above all fuzzy matches, so "get folder" finds Get Folder
//! before Get Folder List. Ties go to the shorter summary, the shorter path, then file order.

use std::fmt;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

use super::model::Operation;

/// Per-operation haystacks, prepared once so a keystroke only matches.
#[derive(Clone, Default)]
pub(super) struct SearchIndex {
    entries: Vec<Entry>,
}

#[derive(Clone)]
struct Entry {
    combined: Utf32String,
    fields: [Utf32String; 4],
    /// Summary and operationId as `words` forms, for exact-name hits.
    names: [String; 2],
    summary_len: usize,
    path_len: usize,
}

/// Bonus for a query that names the operation exactly; above any fuzzy score sum.
const EXACT_NAME_BONUS: u32 = 1 << 20;

/// Lowercase, `_` as space, single spaces: "List_Projects " -> "list projects".
fn words(text: &str) -> String {
    text.to_lowercase()
        .replace('_', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SearchIndex({} entries)", self.entries.len())
    }
}

impl SearchIndex {
    /// Appends haystacks for operations not yet indexed (after `from_spec` or `attach_addon`).
    pub(super) fn extend(&mut self, operations: &[Operation]) {
        for op in operations.iter().skip(self.entries.len()) {
            // The operationId also appears with spaces for underscores, so "list projects"
            // lines up with list_projects as well as "list_projects" does.
            let id_words = op.operation_id.replace('_', " ");
            let combined = format!(
                "{} {} {} {} {} {}",
                op.method.as_str(),
                op.path,
                op.summary,
                op.operation_id,
                id_words,
                op.tags.join(" ")
            );
            self.entries.push(Entry {
                combined: combined.as_str().into(),
                fields: [
                    op.summary.as_str().into(),
                    op.operation_id.as_str().into(),
                    id_words.as_str().into(),
                    op.path.as_str().into(),
                ],
                names: [words(&op.summary), words(&op.operation_id)],
                summary_len: op.summary.len(),
                path_len: op.path.len(),
            });
        }
    }

    /// Indices of matching operations, best first, at most `limit`.
    pub(super) fn search(&self, query: &str, limit: usize) -> Vec<usize> {
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let query_words = words(query);
        let mut hits: Vec<(u32, (usize, usize), usize)> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let Some(base) = pattern.score(e.combined.slice(..), &mut matcher) else {
                continue;
            };
            let field_best = e
                .fields
                .iter()
                .filter_map(|f| pattern.score(f.slice(..), &mut matcher))
                .max()
                .unwrap_or(0);
            let exact = e.names.contains(&query_words);
            let score = base + field_best * 2 + if exact { EXACT_NAME_BONUS } else { 0 };
            hits.push((score, (e.summary_len, e.path_len), i));
        }
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        hits.into_iter().take(limit).map(|h| h.2).collect()
    }
}
