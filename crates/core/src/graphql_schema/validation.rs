//! Problems in a query against the schema, with where they are, for the editor to mark.

use super::schema::Schema;
use super::walker::walk;
use crate::ayon::graphql::operation_names;
use std::ops::Range;

/// A problem in the query text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// The bytes it is about.
    pub byte_range: Range<usize>,
    /// What is wrong: `Unknown field "nam" on ProjectNode (did you mean "name"?)`.
    pub message: String,
}

/// The problems of `text` against `schema`: a syntax error alone (the rest cannot be
/// trusted then), or the unknown fields, arguments, types, fragments and variables, missing
/// required arguments, and values or variables of the wrong type, in text order.
pub fn validate(schema: &Schema, text: &str) -> Vec<Diagnostic> {
    if let Err(e) = operation_names(text) {
        let start = byte_offset(text, e.line, e.column);
        let end = text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        return vec![Diagnostic {
            line: e.line,
            column: e.column,
            byte_range: start..end,
            message: e.message,
        }];
    }
    let lines = LineStarts::new(text);
    walk(schema, text, text, true)
        .problems
        .into_iter()
        .map(|p| {
            let (line, column) = lines.position(text, p.range.start);
            Diagnostic {
                line,
                column,
                byte_range: p.range,
                message: p.message,
            }
        })
        .collect()
}

/// The byte offset of a 1-based line and character column (clamped to the text).
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

struct LineStarts(Vec<usize>);

impl LineStarts {
    fn new(text: &str) -> LineStarts {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineStarts(starts)
    }

    fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.0.partition_point(|&s| s <= offset).max(1);
        let start = self.0[line - 1];
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_from_offsets_and_back() {
        let text = "ab\ncdé\nf";
        let lines = LineStarts::new(text);
        assert_eq!(lines.position(text, 0), (1, 1));
        assert_eq!(lines.position(text, 4), (2, 2));
        assert_eq!(lines.position(text, 7), (2, 4));
        assert_eq!(lines.position(text, 8), (3, 1));
        assert_eq!(byte_offset(text, 2, 4), 7);
        assert_eq!(byte_offset(text, 3, 1), 8);
    }
}
