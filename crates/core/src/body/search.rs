//! Find every occurrence of a text in a [`Rows`] document, line by line, so
//! matches across the cut between two rows of a long line are found too.

use std::ops::Range;

use super::background::JobControl;
use super::rows::Rows;

/// Searches stop after this many matches (the count then reads "1000000+").
/// A match costs 16 bytes, so the results stay under 16 MB.
pub const MAX_MATCHES: usize = 1_000_000;
/// Longer search texts are cut to this many bytes.
pub const MAX_NEEDLE_BYTES: usize = 1024;

/// What to look for.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SearchQuery {
    /// The text to find.
    pub needle: String,
    /// Whether case must match (otherwise ASCII letters match either case).
    pub case_sensitive: bool,
}

/// One piece of a match on one row (a match across a row cut has several).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatchSpan {
    /// Display row.
    pub row: u32,
    /// Byte range in the row's text.
    pub start: u32,
    /// End of the byte range in the row's text.
    pub end: u32,
    /// Which match (0-based) this piece belongs to.
    pub index: u32,
}

/// Every match of a search, as row spans sorted by row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResults {
    /// Row pieces of all matches, sorted by (row, start).
    pub spans: Vec<MatchSpan>,
    /// Number of matches.
    pub count: usize,
    /// Whether the search stopped at [`MAX_MATCHES`].
    pub truncated: bool,
}

impl SearchResults {
    /// The first row of match `index`.
    pub fn row_of(&self, index: usize) -> Option<usize> {
        let k = self.spans.partition_point(|s| (s.index as usize) < index);
        self.spans
            .get(k)
            .filter(|s| s.index as usize == index)
            .map(|s| s.row as usize)
    }

    /// The pieces on `row`, with their match index.
    pub fn spans_on(&self, row: usize) -> impl Iterator<Item = (Range<usize>, usize)> + '_ {
        let k = self.spans.partition_point(|s| (s.row as usize) < row);
        self.spans[k..]
            .iter()
            .take_while(move |s| s.row as usize == row)
            .map(|s| (s.start as usize..s.end as usize, s.index as usize))
    }

    /// The first match at or after `row` (wrapping to the first match).
    pub fn first_from_row(&self, row: usize) -> Option<usize> {
        let k = self.spans.partition_point(|s| (s.row as usize) < row);
        self.spans
            .get(k)
            .or_else(|| self.spans.first())
            .map(|s| s.index as usize)
    }
}

/// Finds every occurrence of `query` in `doc`, reporting progress to
/// `control` and stopping early (with what it found) when cancelled.
/// Case-insensitive search folds ASCII letters only, so byte offsets stay exact.
pub fn search(doc: &dyn Rows, query: &SearchQuery, control: &JobControl) -> SearchResults {
    let mut results = SearchResults::default();
    let mut needle = query.needle.as_bytes();
    if needle.len() > MAX_NEEDLE_BYTES {
        needle = needle.get(..MAX_NEEDLE_BYTES).unwrap_or(needle);
    }
    if needle.is_empty() {
        return results;
    }
    let folded;
    let needle = if query.case_sensitive {
        needle
    } else {
        folded = needle.to_ascii_lowercase();
        &folded[..]
    };
    let finder = memchr::memmem::Finder::new(needle);
    let total = doc.line_count();
    // A window of the current line: up to about WINDOW_BYTES of its rows, so
    // a 100 MB single-line body is searched without copying it whole.
    let mut window: Vec<u8> = Vec::new();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut row = 0;
    while row < total {
        if row % 4096 == 0 {
            control.set_progress(row, total);
            if control.is_cancelled() {
                break;
            }
        }
        if !doc.is_continuation(row) {
            // Matches never cross lines.
            window.clear();
            pieces.clear();
        }
        let added = window.len();
        pieces.push(Piece {
            row,
            at: added,
            col: 0,
        });
        window.extend_from_slice(doc.row(row).as_bytes());
        if !query.case_sensitive
            && let Some(new) = window.get_mut(added..)
        {
            new.make_ascii_lowercase();
        }
        row += 1;
        let line_ends = row >= total || !doc.is_continuation(row);
        if !line_ends && window.len() < WINDOW_BYTES {
            continue;
        }
        // Matches starting in the tail may run on into the next rows: they
        // are found in the next window, which keeps that tail.
        let limit = if line_ends {
            window.len()
        } else {
            window.len().saturating_sub(needle.len() - 1)
        };
        for at in finder.find_iter(&window) {
            if at >= limit {
                break;
            }
            push_match(&mut results, &pieces, window.len(), at, at + needle.len());
            if results.count >= MAX_MATCHES {
                results.truncated = true;
                control.set_progress(total, total);
                return results;
            }
        }
        if !line_ends {
            pieces = carry_over(&pieces, window.len(), limit);
            window.drain(..limit);
        }
    }
    control.set_progress(total, total);
    results
}

/// Lines longer than this are searched a window at a time.
const WINDOW_BYTES: usize = 1 << 20;

/// Where a row's text sits in the search window.
#[derive(Clone, Copy, Debug)]
struct Piece {
    /// Display row.
    row: usize,
    /// Offset in the window where this piece starts.
    at: usize,
    /// Column in the row of the window byte at `at`.
    col: usize,
}

/// The pieces of `window[keep..]` once the bytes before `keep` are dropped.
fn carry_over(pieces: &[Piece], window_len: usize, keep: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    for (k, piece) in pieces.iter().enumerate() {
        let end = pieces.get(k + 1).map_or(window_len, |p| p.at);
        if end <= keep {
            continue;
        }
        let skipped = keep.saturating_sub(piece.at);
        out.push(Piece {
            row: piece.row,
            at: piece.at.max(keep) - keep,
            col: piece.col + skipped,
        });
    }
    out
}

/// Records the match `start..end` of a window made of `pieces`.
fn push_match(
    results: &mut SearchResults,
    pieces: &[Piece],
    window_len: usize,
    start: usize,
    end: usize,
) {
    let index = u32::try_from(results.count).unwrap_or(u32::MAX);
    // The piece holding `start`: a long line has thousands of rows.
    let first = pieces.partition_point(|p| p.at <= start).saturating_sub(1);
    for (k, piece) in pieces.iter().enumerate().skip(first) {
        if piece.at >= end {
            break;
        }
        let piece_end = pieces.get(k + 1).map_or(window_len, |p| p.at);
        let (from, to) = (start.max(piece.at), end.min(piece_end));
        if from < to {
            let column = |pos: usize| u32::try_from(piece.col + pos - piece.at).unwrap_or(u32::MAX);
            results.spans.push(MatchSpan {
                row: u32::try_from(piece.row).unwrap_or(u32::MAX),
                start: column(from),
                end: column(to),
                index,
            });
        }
    }
    results.count += 1;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::{BodyText, MAX_ROW_BYTES, PrettyJson, TextDocument};

    fn find(doc: &dyn Rows, needle: &str, case_sensitive: bool) -> SearchResults {
        let query = SearchQuery {
            needle: needle.to_owned(),
            case_sensitive,
        };
        search(doc, &query, &JobControl::default())
    }

    #[test]
    fn counts_and_positions_in_text() {
        let doc = TextDocument::new("Alpha beta\nALPHA alpha\n".to_owned());
        let r = find(&doc, "alpha", false);
        assert_eq!(r.count, 3);
        let spans: Vec<_> = r.spans.iter().map(|s| (s.row, s.start, s.end)).collect();
        assert_eq!(spans, [(0, 0, 5), (1, 0, 5), (1, 6, 11)]);
        assert_eq!(find(&doc, "alpha", true).count, 1);
        assert_eq!(find(&doc, "", true).count, 0);
        assert_eq!(r.row_of(2), Some(1));
        assert_eq!(r.first_from_row(1), Some(1));
        assert_eq!(r.first_from_row(9), Some(0), "wraps");
    }

    #[test]
    fn a_match_across_a_row_cut_is_found_once_in_pieces() {
        let text = format!("{}needle", "x".repeat(MAX_ROW_BYTES - 3));
        let doc = TextDocument::new(text);
        assert_eq!(doc.line_count(), 2);
        let r = find(&doc, "needle", true);
        assert_eq!(r.count, 1);
        let spans: Vec<_> = r.spans.iter().map(|s| (s.row, s.start, s.end)).collect();
        assert_eq!(spans, [(0, 253, 256), (1, 0, 3)]);
        assert_eq!(r.spans_on(1).count(), 1);
    }

    #[test]
    fn searches_the_pretty_text_as_shown() {
        let doc =
            match PrettyJson::build(BodyText::from_string(r#"{"a":"x","b":{"a":"y"}}"#.into())) {
                Ok(doc) => doc,
                Err(e) => panic!("{e}"),
            };
        // The pretty view shows `"a": ` with a space the body does not have.
        let r = find(&doc, "\"a\": ", true);
        assert_eq!(r.count, 2);
        let rows: Vec<_> = r.spans.iter().map(|s| (s.row, s.start)).collect();
        assert_eq!(rows, [(1, 2), (3, 4)]);
    }

    #[test]
    fn a_line_longer_than_the_window_is_searched_across_windows() {
        // Matches every 1000 bytes, some straddling window and row cuts.
        let unit = format!("{}Needle", "x".repeat(994));
        let text = unit.repeat(3000);
        let doc = TextDocument::new(text.clone());
        assert_eq!(doc.logical_line_count(), 1);
        let r = find(&doc, "needle", false);
        assert_eq!(r.count, 3000);
        // Every span points at the text it claims.
        for span in &r.spans {
            let row = doc.line(span.row as usize);
            let piece = &row[span.start as usize..span.end as usize];
            assert!("Needle".contains(piece) && !piece.is_empty(), "{piece:?}");
        }
        let whole: usize = r.spans.iter().map(|s| (s.end - s.start) as usize).sum();
        assert_eq!(whole, 3000 * 6);
    }

    #[test]
    fn stops_at_the_limit() {
        let doc = TextDocument::new("a".repeat(MAX_MATCHES + 10));
        let r = find(&doc, "a", true);
        assert_eq!(r.count, MAX_MATCHES);
        assert!(r.truncated);
    }
}
