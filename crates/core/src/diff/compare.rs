//! Comparing two bodies as they came: JSON-aware when both parse as JSON, line by line when
//! both are text, and a plain statement otherwise.

use super::json::{Change, DiffOptions, diff_trees};
use super::text::{TextLine, text_diff};
use crate::json_lean as lean;

/// What [`compare_bodies`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyComparison {
    /// Both bodies are JSON: their differences by path (none when equal).
    Json(Vec<Change>),
    /// Both bodies are text, at least one is not JSON: every line, marked.
    Text(Vec<TextLine>),
    /// At least one body is not text (an image, an archive): equal or not, by bytes.
    Binary {
        /// Whether the bytes are the same.
        equal: bool,
        /// Size of the left body in bytes.
        left_len: usize,
        /// Size of the right body in bytes.
        right_len: usize,
    },
}

impl BodyComparison {
    /// How many differences it holds (changed paths, or added and removed lines).
    pub fn change_count(&self) -> usize {
        match self {
            BodyComparison::Json(changes) => changes.len(),
            BodyComparison::Text(lines) => lines
                .iter()
                .filter(|l| l.kind != super::TextLineKind::Same)
                .count(),
            BodyComparison::Binary { equal, .. } => usize::from(!equal),
        }
    }
}

/// Compares two bodies: as JSON when both parse, else as text when both are UTF-8, else
/// by bytes. Meant to run off the UI thread: a 10 MB pair takes a fraction of a second.
///
/// JSON bodies are parsed into a lean form that borrows from the bytes (about twice their
/// size, where `serde_json::Value` takes ten); the result is what [`json_diff`] gives for the
/// two parsed values.
///
/// [`json_diff`]: super::json_diff
pub fn compare_bodies(left: &[u8], right: &[u8], options: &DiffOptions) -> BodyComparison {
    let keys = lean::EscapedKeys::default();
    if let (Ok(l), Ok(r)) = (lean::parse(left, &keys), lean::parse(right, &keys)) {
        return BodyComparison::Json(diff_trees(&l, &r, options));
    }
    match (std::str::from_utf8(left), std::str::from_utf8(right)) {
        (Ok(l), Ok(r)) => BodyComparison::Text(text_diff(l, r)),
        _ => BodyComparison::Binary {
            equal: left == right,
            left_len: left.len(),
            right_len: right.len(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_text_and_binary_bodies_are_compared_by_their_kind() {
        let options = DiffOptions::default();
        let json = compare_bodies(br#"{"a":1}"#, br#"{"a":2}"#, &options);
        assert!(matches!(&json, BodyComparison::Json(c) if c.len() == 1 && c[0].path == "$.a"));
        let text = compare_bodies(b"one\ntwo\n", b"one\nthree\n", &options);
        assert_eq!(text.change_count(), 2);
        assert!(matches!(text, BodyComparison::Text(_)));
        let binary = compare_bodies(&[0xff, 0], &[0xff, 0], &options);
        assert_eq!(
            binary,
            BodyComparison::Binary {
                equal: true,
                left_len: 2,
                right_len: 2
            }
        );
        assert_eq!(binary.change_count(), 0);
    }
}
