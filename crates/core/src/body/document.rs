//! [`TextDocument`]: a text buffer with an index of display-row start offsets.

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::rows::{self, Rows};
use super::text::{BodyText, floor_char_boundary};

/// The longest display row, in bytes. Longer lines are cut into several rows
/// (on a char boundary) so that no single displayed row is huge, e.g. a
/// 10 MB minified JSON body shown raw.
///
/// About one wide screen of monospace text. Laying out a visible row costs
/// in proportion to its length (measured: ~50 rows of 4096 highlighted bytes
/// took ~200 ms a frame), so this bounds the cost of a frame.
pub const MAX_ROW_BYTES: usize = 256;

/// Only the first this many bytes of a text are indexed, so that row offsets
/// fit in a `u32`, which halves the index.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

/// Source of document ids ([`TextDocument::id`], [`super::PrettyJson`]).
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A fresh process-unique document id.
pub(crate) fn next_document_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

/// An immutable text with an index of its display rows.
///
/// A *row* is what the view shows on one screen line: a whole text line, or a
/// chunk of at most [`MAX_ROW_BYTES`] bytes of a longer line. The index holds
/// one `u32` per row (its start offset) plus one per continuation chunk, so
/// there are no per-line `String`s and `line(i)` is O(1) (O(log k) with `k`
/// chunked rows).
///
/// Lines end at `\n`; a `\r` right before the `\n` is not part of the line.
/// Like [`str::lines`], a trailing newline does not start another line and an
/// empty text has no lines.
///
/// Cloning is cheap (the data is shared), and every document made by
/// [`TextDocument::new`] gets a fresh [`TextDocument::id`] that caches can key on.
#[derive(Clone)]
pub struct TextDocument {
    inner: Arc<Inner>,
}

struct Inner {
    id: u64,
    text: BodyText,
    /// Start offset of each display row (a `u32`: see [`MAX_TEXT_BYTES`]).
    line_starts: Vec<u32>,
    /// Sorted indices of the rows that continue the previous row's line.
    continuations: Vec<u32>,
    /// Byte length of the longest row.
    max_row_len: usize,
    /// Where the indexed part of the text ends.
    indexed_len: usize,
}

impl TextDocument {
    /// Indexes `text` (one pass over the bytes).
    pub fn new(text: String) -> Self {
        Self::from_text(BodyText::from_string(text))
    }

    /// Indexes a shared body text (in memory or mapped); only its first
    /// [`MAX_TEXT_BYTES`] are shown.
    pub fn from_text(text: BodyText) -> Self {
        let indexed_len = floor_char_boundary(text.bytes(), MAX_TEXT_BYTES);
        let bytes = text.bytes().get(..indexed_len).unwrap_or_default();
        let (line_starts, continuations, max_row_len) = index_rows(bytes, MAX_ROW_BYTES);
        Self {
            inner: Arc::new(Inner {
                id: next_document_id(),
                text,
                line_starts,
                continuations,
                max_row_len,
                indexed_len,
            }),
        }
    }

    /// A process-unique identity of this document's content (shared by clones).
    pub fn id(&self) -> u64 {
        self.inner.id
    }

    /// Number of display rows (lines, with long lines counted once per chunk).
    pub fn line_count(&self) -> usize {
        self.inner.line_starts.len()
    }

    /// Number of text lines (long lines counted once).
    pub fn logical_line_count(&self) -> usize {
        self.inner.line_starts.len() - self.inner.continuations.len()
    }

    /// Display row `i` without its line ending; `""` when `i` is out of range.
    pub fn line(&self, i: usize) -> &str {
        let inner = &*self.inner;
        let Some(start) = inner.start(i) else {
            return "";
        };
        let bytes = inner.text.bytes();
        let text_end = inner.indexed_len;
        let next = inner.start(i + 1);
        let end = match next {
            Some(next) if self.is_continuation(i + 1) => next,
            Some(next) => trim_line_end(bytes, start, next - 1),
            None if bytes.get(text_end.wrapping_sub(1)) == Some(&b'\n') => {
                trim_line_end(bytes, start, text_end - 1)
            }
            None => text_end,
        };
        inner.text.slice(start..end)
    }

    /// Whether row `i` continues the line of row `i - 1` (a chunk of a long line).
    pub fn is_continuation(&self, i: usize) -> bool {
        rows::is_continuation(&self.inner.continuations, i)
    }

    /// The 1-based text line number that row `i` belongs to.
    pub fn logical_line_number(&self, i: usize) -> usize {
        rows::logical_line_number(&self.inner.continuations, i)
    }

    /// Byte offset where row `i` starts (the text length when out of range).
    pub fn row_start(&self, i: usize) -> usize {
        self.inner.start(i).unwrap_or(self.inner.indexed_len)
    }

    /// Byte length of the longest row (an upper bound of its width in chars).
    pub fn max_line_len(&self) -> usize {
        self.inner.max_row_len
    }

    /// Size of the text in bytes.
    pub fn len_bytes(&self) -> usize {
        self.inner.text.len()
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.inner.text.is_empty()
    }

    /// The whole text (for a mapped file this checks UTF-8 once per call).
    pub fn as_str(&self) -> &str {
        self.inner.text.as_str()
    }

    /// The shared body text.
    pub fn text(&self) -> &BodyText {
        &self.inner.text
    }

    /// Approximate heap bytes held (text plus index).
    pub fn heap_bytes(&self) -> usize {
        let inner = &*self.inner;
        inner.text.heap_bytes()
            + (inner.line_starts.capacity() + inner.continuations.capacity())
                * std::mem::size_of::<u32>()
    }
}

impl Rows for TextDocument {
    fn id(&self) -> u64 {
        self.id()
    }
    fn line_count(&self) -> usize {
        self.line_count()
    }
    fn logical_line_count(&self) -> usize {
        self.logical_line_count()
    }
    fn row(&self, i: usize) -> Cow<'_, str> {
        Cow::Borrowed(self.line(i))
    }
    fn is_continuation(&self, i: usize) -> bool {
        self.is_continuation(i)
    }
    fn logical_line_number(&self, i: usize) -> usize {
        self.logical_line_number(i)
    }
    fn max_line_len(&self) -> usize {
        self.max_line_len()
    }
    fn len_bytes(&self) -> usize {
        self.len_bytes()
    }
}

impl Inner {
    fn start(&self, i: usize) -> Option<usize> {
        self.line_starts.get(i).map(|&s| s as usize)
    }
}

impl std::fmt::Debug for TextDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextDocument")
            .field("id", &self.inner.id)
            .field("len_bytes", &self.len_bytes())
            .field("rows", &self.line_count())
            .finish()
    }
}

/// Given a line whose `\n` is at `newline`, returns where its content ends
/// (dropping a `\r` before the `\n`).
fn trim_line_end(bytes: &[u8], start: usize, newline: usize) -> usize {
    if newline > start && bytes.get(newline - 1) == Some(&b'\r') {
        newline - 1
    } else {
        newline
    }
}

/// Builds the row index: row starts, continuation rows and the longest row.
/// `bytes` must not be longer than [`MAX_TEXT_BYTES`].
fn index_rows(bytes: &[u8], max_row: usize) -> (Vec<u32>, Vec<u32>, usize) {
    let max_row = max_row.max(4);
    let mut starts = Vec::new();
    let mut continuations = Vec::new();
    let mut max_len = 0;
    let mut pos = 0;
    while pos < bytes.len() {
        let (newline, next) = match bytes
            .get(pos..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
        {
            Some(n) => (pos + n, pos + n + 1),
            None => (bytes.len(), bytes.len()),
        };
        let content_end = if next > newline {
            trim_line_end(bytes, pos, newline)
        } else {
            newline
        };
        let Ok(start) = u32::try_from(pos) else {
            break;
        };
        starts.push(start);
        let mut row = pos;
        while content_end - row > max_row {
            let cut = floor_char_boundary(bytes, row + max_row);
            // A char is at most 4 bytes, so `cut > row` whenever `max_row >= 4`.
            let cut = if cut > row { cut } else { row + max_row };
            let (Ok(row_index), Ok(cut32)) = (u32::try_from(starts.len()), u32::try_from(cut))
            else {
                break;
            };
            max_len = max_len.max(cut - row);
            continuations.push(row_index);
            starts.push(cut32);
            row = cut;
        }
        max_len = max_len.max(content_end - row);
        pos = next;
    }
    starts.shrink_to_fit();
    (starts, continuations, max_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(doc: &TextDocument) -> Vec<&str> {
        (0..doc.line_count()).map(|i| doc.line(i)).collect()
    }

    #[test]
    fn empty_text_has_no_lines() {
        let doc = TextDocument::new(String::new());
        assert_eq!(doc.line_count(), 0);
        assert_eq!(doc.logical_line_count(), 0);
        assert_eq!(doc.line(0), "");
        assert_eq!(doc.len_bytes(), 0);
        assert!(doc.is_empty());
        assert_eq!(doc.max_line_len(), 0);
    }

    #[test]
    fn lines_like_str_lines() {
        for text in [
            "a",
            "a\n",
            "a\nb",
            "a\nb\n",
            "\n",
            "\n\n",
            "a\r\nb\r\n",
            "a\r\nb",
            "x\r",
            "\r\n",
            "a\n\nb",
            "é\nü\r\n€",
        ] {
            let doc = TextDocument::new(text.to_owned());
            let expected: Vec<&str> = text.lines().collect();
            assert_eq!(rows(&doc), expected, "text {text:?}");
            assert_eq!(doc.logical_line_count(), expected.len());
            assert_eq!(doc.as_str(), text);
        }
    }

    #[test]
    fn crlf_is_stripped() {
        let doc = TextDocument::new("{\r\n  \"a\": 1\r\n}".to_owned());
        assert_eq!(rows(&doc), ["{", "  \"a\": 1", "}"]);
        assert_eq!(doc.max_line_len(), 8);
    }

    #[test]
    fn trailing_newline_adds_no_row() {
        let doc = TextDocument::new("one\ntwo\n".to_owned());
        assert_eq!(doc.line_count(), 2);
        assert_eq!(doc.line(1), "two");
        assert_eq!(doc.line(2), "");
    }

    #[test]
    fn long_lines_are_chunked_on_char_boundaries() {
        // 3-byte chars: the row size is not a multiple of 3, so cuts must back off.
        let long: String = "€".repeat(MAX_ROW_BYTES * 2);
        let text = format!("short\n{long}\r\nend");
        let doc = TextDocument::new(text.clone());
        let rows = rows(&doc);
        assert!(rows.len() > 4, "{}", rows.len());
        assert_eq!(rows[0], "short");
        assert_eq!(*rows.last().unwrap_or(&""), "end");
        let middle: String = rows[1..rows.len() - 1].concat();
        assert_eq!(middle, long);
        for (i, row) in rows.iter().enumerate() {
            assert!(row.len() <= MAX_ROW_BYTES, "row {i} is {} bytes", row.len());
        }
        assert!(doc.max_line_len() <= MAX_ROW_BYTES);
        assert_eq!(doc.logical_line_count(), 3);
        assert!(!doc.is_continuation(1));
        assert!(doc.is_continuation(2));
        assert_eq!(doc.logical_line_number(0), 1);
        assert_eq!(doc.logical_line_number(1), 2);
        assert_eq!(doc.logical_line_number(2), 2);
        assert_eq!(doc.logical_line_number(rows.len() - 1), 3);
    }

    #[test]
    fn exact_chunk_sizes() {
        let text = "a".repeat(MAX_ROW_BYTES * 2);
        let doc = TextDocument::new(text);
        assert_eq!(doc.line_count(), 2);
        assert_eq!(doc.line(0).len(), MAX_ROW_BYTES);
        assert_eq!(doc.line(1).len(), MAX_ROW_BYTES);

        // A line one byte too long: the `\r\n` never lands in its own chunk.
        let text = format!("{}\r\nz", "b".repeat(MAX_ROW_BYTES + 1));
        let doc = TextDocument::new(text);
        assert_eq!(doc.line_count(), 3);
        assert_eq!(doc.line(1), "b");
        assert_eq!(doc.line(2), "z");
    }

    #[test]
    fn ten_megabyte_single_line() {
        let text = "[1,2,3]".repeat(1_500_000);
        let len = text.len();
        let doc = TextDocument::new(text);
        assert_eq!(doc.line_count(), len.div_ceil(MAX_ROW_BYTES));
        assert_eq!(doc.logical_line_count(), 1);
        assert_eq!(doc.logical_line_number(doc.line_count() - 1), 1);
    }

    #[test]
    fn ids_differ_and_clones_share() {
        let a = TextDocument::new("x".to_owned());
        let b = TextDocument::new("x".to_owned());
        assert_ne!(a.id(), b.id());
        assert_eq!(a.clone().id(), a.id());
    }
}
