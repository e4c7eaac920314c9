//! Where each row of a body starts once long lines wrap at a width: built a slice per
//! frame (a big body never stalls the window), then used to draw only the visible rows
//! of the virtual list, each row keeping a fixed height.

use crate::body::Rows;

/// Rows are indexed by at most this many bytes of text per frame.
const BYTES_PER_FRAME: usize = 4 << 20;

/// A document with more rows than this is not wrapped (its index alone would take
/// tens of MB); it scrolls sideways as unwrapped.
pub const MAX_WRAPPED_ROWS: usize = 4_000_000;

/// The visual rows of a document wrapped at `cols` characters.
#[derive(Clone, Debug)]
pub struct WrapIndex {
    doc: u64,
    cols: usize,
    /// First visual row of each row indexed so far, then the total after them.
    starts: Vec<usize>,
}

impl WrapIndex {
    /// An index of `doc` at `cols` characters a visual row, not built yet.
    pub fn new(doc: &dyn Rows, cols: usize) -> Self {
        WrapIndex {
            doc: doc.id(),
            cols: cols.max(1),
            starts: vec![0],
        }
    }

    /// Whether this index is for `doc` at `cols` characters.
    pub fn is_for(&self, doc: &dyn Rows, cols: usize) -> bool {
        self.doc == doc.id() && self.cols == cols.max(1)
    }

    /// Whether this index is for `doc`, at any width.
    pub fn is_for_doc(&self, doc: &dyn Rows) -> bool {
        self.doc == doc.id()
    }

    /// Characters a visual row holds.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Indexes more rows of `doc` (one frame's share); `true` once every row is.
    pub fn advance(&mut self, doc: &dyn Rows) -> bool {
        let total_rows = doc.line_count();
        let mut bytes = 0;
        while self.indexed() < total_rows && bytes < BYTES_PER_FRAME {
            let line = doc.row(self.indexed());
            bytes += line.len() + 1;
            let chars = line.chars().count();
            let visual = chars.div_ceil(self.cols).max(1);
            let next = self.total() + visual;
            self.starts.push(next);
        }
        self.indexed() >= total_rows
    }

    /// Rows indexed so far.
    fn indexed(&self) -> usize {
        self.starts.len() - 1
    }

    /// Visual rows of the rows indexed so far.
    pub fn total(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    /// The row drawn on visual row `visual` (the last row past the end).
    pub fn row_at(&self, visual: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= visual)
            .saturating_sub(1)
            .min(self.indexed().saturating_sub(1))
    }

    /// The first visual row of `row` (the total past the end).
    pub fn first_visual(&self, row: usize) -> usize {
        self.starts
            .get(row)
            .copied()
            .unwrap_or_else(|| self.total())
    }

    /// How many visual rows `row` takes.
    pub fn rows_of(&self, row: usize) -> usize {
        match (self.starts.get(row), self.starts.get(row + 1)) {
            (Some(a), Some(b)) => b - a,
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::TextDocument;

    #[test]
    fn long_rows_take_as_many_visual_rows_as_they_need() {
        let text = format!("short\n{}\n\nend", "x".repeat(25));
        let doc = TextDocument::new(text);
        let mut index = WrapIndex::new(&doc, 10);
        assert!(index.advance(&doc));
        assert!(index.is_for(&doc, 10) && !index.is_for(&doc, 11));
        // "short" 1, 25 x's 3, "" 1, "end" 1.
        assert_eq!(index.total(), 6);
        assert_eq!(index.first_visual(1), 1);
        assert_eq!(index.rows_of(1), 3);
        assert_eq!(index.row_at(0), 0);
        assert_eq!(index.row_at(3), 1);
        assert_eq!(index.row_at(4), 2);
        assert_eq!(index.row_at(5), 3);
        assert_eq!(index.row_at(99), 3);
        assert_eq!(index.first_visual(99), 6);
    }
}
