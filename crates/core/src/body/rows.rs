//! [`Rows`]: what a body view needs from a document, whatever stores it.

use std::borrow::Cow;

/// A document shown one display row at a time.
///
/// A *row* is one screen line: a whole text line, or a chunk of a long line
/// (a *continuation* row). Implementations answer every call in O(1) or
/// O(log n) plus the length of the row, so a view's cost per frame does not
/// depend on the document size.
pub trait Rows: Send + Sync {
    /// A process-unique identity of this content, for caches to key on.
    fn id(&self) -> u64;
    /// Number of display rows.
    fn line_count(&self) -> usize;
    /// Number of text lines (a long line counted once).
    fn logical_line_count(&self) -> usize;
    /// Row `i` without its line ending; `""` when out of range.
    fn row(&self, i: usize) -> Cow<'_, str>;
    /// Whether row `i` continues the line of row `i - 1`.
    fn is_continuation(&self, i: usize) -> bool;
    /// The 1-based text line number that row `i` belongs to.
    fn logical_line_number(&self, i: usize) -> usize;
    /// Byte length of the longest row (an upper bound of its width in chars).
    fn max_line_len(&self) -> usize;
    /// Size of the underlying body in bytes.
    fn len_bytes(&self) -> usize;

    /// Whether row `i` starts inside a JSON string, when the document knows without
    /// scanning the rows before it (`None`: the view scans).
    fn starts_in_string(&self, _i: usize) -> Option<bool> {
        None
    }
}

/// Number of rows before `i` that are continuations, given the sorted
/// continuation row indices; turns row numbers into line numbers.
pub(crate) fn logical_line_number(continuations: &[u32], i: usize) -> usize {
    let chunks_before = continuations.partition_point(|&c| c as usize <= i);
    (i + 1).saturating_sub(chunks_before)
}

/// Whether row `i` is in the sorted continuation list.
pub(crate) fn is_continuation(continuations: &[u32], i: usize) -> bool {
    u32::try_from(i).is_ok_and(|i| continuations.binary_search(&i).is_ok())
}
