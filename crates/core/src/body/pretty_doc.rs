//! [`PrettyJson`]: the pretty-printed view of a JSON body, made on the fly
//! from the body as received plus a compact index, never stored as text.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use serde::de::IgnoredAny;

use super::document::{MAX_ROW_BYTES, MAX_TEXT_BYTES, next_document_id};
use super::pretty::JsonSyntaxError;
use super::rows::{self, Rows};
use super::text::{BodyText, is_char_start};

/// Row flag: the row starts inside a string (a chunk of a long string).
const IN_STRING: u16 = 1 << 15;
/// The depth bits of a row's meta.
const DEPTH_MASK: u16 = IN_STRING - 1;

/// An object or array of the document, located by rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Container {
    /// The row where the container opens (`"key": {` or `[`).
    pub open_row: u32,
    /// The row of its closing bracket (`open_row` for an empty `{}` / `[]`).
    pub close_row: u32,
    /// Number of members or items.
    pub count: u32,
    /// `true` for an array, `false` for an object.
    pub is_array: bool,
}

/// A JSON body shown pretty-printed, exactly as `serde_json::to_string_pretty`
/// lays it out (2-space indent, `"key": value`, empty `{}` / `[]` kept
/// compact), with strings and numbers as the server sent them.
///
/// The pretty text is never stored: each row is rendered on demand from the
/// body bytes (owned or memory-mapped) and an index of 6 bytes per row (raw
/// start offset, depth, a flag), so a 100 MB minified body costs about 20 MB
/// on top of itself instead of the 150+ MB of its pretty text. Rows longer than
/// [`MAX_ROW_BYTES`] (long strings) are cut into continuation rows.
///
/// The index also records every container with its closing row and item
/// count, which the tree view walks.
#[derive(Clone)]
pub struct PrettyJson {
    inner: Arc<Inner>,
}

struct Inner {
    id: u64,
    text: BodyText,
    /// Raw offset where each row's content starts.
    starts: Vec<u32>,
    /// Depth (indent level) and flags of each row.
    meta: Vec<u16>,
    /// Sorted indices of continuation rows.
    continuations: Vec<u32>,
    /// Every container, sorted by `open_row` (at most one opens per row).
    containers: Vec<Container>,
    /// Length of the longest rendered row, indent included.
    max_row_len: usize,
    /// Where the indexed JSON ends (the text length, or [`MAX_TEXT_BYTES`]).
    end: usize,
}

impl PrettyJson {
    /// Checks that `text` is JSON (a leading UTF-8 BOM is allowed) and indexes
    /// its pretty layout: one pass of serde_json to validate, one to index.
    pub fn build(text: BodyText) -> Result<Self, JsonSyntaxError> {
        let bytes = text.bytes();
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let checked = std::str::from_utf8(body)
            .map_err(|e| JsonSyntaxError::invalid_utf8(body, e.valid_up_to()))?;
        serde_json::from_str::<IgnoredAny>(checked).map_err(|e| JsonSyntaxError::from_serde(&e))?;
        let start = bytes.len() - body.len();
        let end = bytes.len().min(MAX_TEXT_BYTES);
        let index = Indexer::run(bytes.get(..end).unwrap_or_default(), start);
        Ok(Self {
            inner: Arc::new(Inner {
                id: next_document_id(),
                text,
                starts: index.starts,
                meta: index.meta,
                continuations: index.continuations,
                containers: index.containers,
                max_row_len: index.max_row_len,
                end,
            }),
        })
    }

    /// A process-unique identity of this document (shared by clones).
    pub fn id(&self) -> u64 {
        self.inner.id
    }

    /// The body as received.
    pub fn text(&self) -> &BodyText {
        &self.inner.text
    }

    /// Number of display rows.
    pub fn line_count(&self) -> usize {
        self.inner.starts.len()
    }

    /// Nesting depth of row `i` (0 for the top level).
    pub fn depth(&self, i: usize) -> usize {
        self.inner
            .meta
            .get(i)
            .map_or(0, |m| usize::from(m & DEPTH_MASK))
    }

    /// Whether row `i` continues the line of row `i - 1` (a long string cut).
    pub fn is_continuation(&self, i: usize) -> bool {
        rows::is_continuation(&self.inner.continuations, i)
    }

    /// The raw byte range row `i` was rendered from (its trailing whitespace
    /// included).
    pub fn raw_range(&self, i: usize) -> Range<usize> {
        let inner = &*self.inner;
        let start = inner.starts.get(i).map_or(inner.end, |&s| s as usize);
        let end = inner.starts.get(i + 1).map_or(inner.end, |&s| s as usize);
        start..end.max(start)
    }

    /// Row `i` as it reads pretty-printed, indent included; `""` out of range.
    pub fn render(&self, i: usize) -> String {
        let inner = &*self.inner;
        let Some(&meta) = inner.meta.get(i) else {
            return String::new();
        };
        let raw = inner
            .text
            .bytes()
            .get(self.raw_range(i))
            .unwrap_or_default();
        let continuation = self.is_continuation(i);
        let indent = if continuation {
            0
        } else {
            usize::from(meta & DEPTH_MASK) * 2
        };
        let mut out = Vec::with_capacity(indent + raw.len() + 2);
        out.resize(indent, b' ');
        normalize(raw, meta & IN_STRING != 0, &mut out);
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// The whole pretty-printed text (as large as the body or more: for
    /// copying and tests, not for display).
    pub fn pretty_text(&self) -> String {
        let mut out = String::new();
        for i in 0..self.line_count() {
            if i > 0 && !self.is_continuation(i) {
                out.push('\n');
            }
            out.push_str(&self.render(i));
        }
        out
    }

    /// Every container, sorted by opening row.
    pub fn containers(&self) -> &[Container] {
        &self.inner.containers
    }

    /// The container that opens on row `i`, if any.
    pub fn container_at(&self, i: usize) -> Option<&Container> {
        let containers = &self.inner.containers;
        let k = containers
            .binary_search_by_key(&i, |c| c.open_row as usize)
            .ok()?;
        containers.get(k)
    }

    /// The row after the value that starts on row `i` (after its closing
    /// bracket for a container, after its continuation rows for a long scalar).
    pub fn next_sibling_row(&self, i: usize) -> usize {
        let mut next = match self.container_at(i) {
            Some(c) => c.close_row as usize + 1,
            None => i + 1,
        };
        while next < self.line_count() && self.is_continuation(next) {
            next += 1;
        }
        next
    }

    /// The key of the member that starts on row `i`, if it is an object member.
    pub fn key_at(&self, i: usize) -> Option<String> {
        let bytes = self.inner.text.bytes();
        let start = self.raw_range(i).start;
        let (key_end, _) = key_span(bytes, start)?;
        serde_json::from_slice::<String>(bytes.get(start..key_end)?).ok()
    }

    /// The raw bytes of the value that starts on row `i` (its key excluded),
    /// exactly as received.
    pub fn value_range(&self, i: usize) -> Range<usize> {
        let bytes = self.inner.text.bytes();
        let start = self.raw_range(i).start;
        let value_start = key_span(bytes, start).map_or(start, |(_, v)| v);
        let end = match self.container_at(i) {
            Some(c) if c.close_row as usize != i => self.raw_range(c.close_row as usize).start + 1,
            _ => value_end(bytes, value_start),
        };
        value_start..end.max(value_start)
    }

    /// The value that starts on row `i`, as received (for copying).
    pub fn value_text(&self, i: usize) -> &str {
        self.inner.text.slice(self.value_range(i))
    }

    /// Approximate heap bytes of the index (not the body).
    pub fn index_bytes(&self) -> usize {
        let inner = &*self.inner;
        inner.starts.capacity() * 4
            + inner.meta.capacity() * 2
            + inner.continuations.capacity() * 4
            + inner.containers.capacity() * std::mem::size_of::<Container>()
    }
}

impl Rows for PrettyJson {
    fn id(&self) -> u64 {
        self.id()
    }
    fn line_count(&self) -> usize {
        self.line_count()
    }
    fn logical_line_count(&self) -> usize {
        self.inner.starts.len() - self.inner.continuations.len()
    }
    fn row(&self, i: usize) -> Cow<'_, str> {
        Cow::Owned(self.render(i))
    }
    fn is_continuation(&self, i: usize) -> bool {
        self.is_continuation(i)
    }
    fn logical_line_number(&self, i: usize) -> usize {
        rows::logical_line_number(&self.inner.continuations, i)
    }
    fn max_line_len(&self) -> usize {
        self.inner.max_row_len
    }
    fn len_bytes(&self) -> usize {
        self.inner.text.len()
    }
    fn starts_in_string(&self, i: usize) -> Option<bool> {
        // Rows are never cut right after an escaping backslash, so the flag is exact.
        self.inner.meta.get(i).map(|m| m & IN_STRING != 0)
    }
}

impl std::fmt::Debug for PrettyJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrettyJson")
            .field("id", &self.inner.id)
            .field("len_bytes", &self.inner.text.len())
            .field("rows", &self.line_count())
            .finish()
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).copied().is_some_and(is_ws) {
        i += 1;
    }
    i
}

/// The end of the string that opens at `i` (just past its closing quote).
fn string_end(bytes: &[u8], i: usize) -> usize {
    let mut p = i + 1;
    while let Some(k) = bytes
        .get(p..)
        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
    {
        p += k;
        if bytes.get(p) == Some(&b'\\') {
            p += 2;
        } else {
            return p + 1;
        }
    }
    bytes.len()
}

/// The end of a number or literal that starts at `i`.
fn scalar_end(bytes: &[u8], i: usize) -> usize {
    let mut p = i;
    while bytes
        .get(p)
        .is_some_and(|&b| !is_ws(b) && !matches!(b, b',' | b']' | b'}' | b':'))
    {
        p += 1;
    }
    p
}

/// The end of the scalar or empty container value that starts at `i`.
fn value_end(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'"') => string_end(bytes, i),
        Some(b'{' | b'[') => {
            let close = skip_ws(bytes, i + 1);
            (close + 1).min(bytes.len())
        }
        _ => scalar_end(bytes, i),
    }
}

/// For a row starting with `"key":`, the end of the key string and where the
/// value starts.
fn key_span(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    if bytes.get(start) != Some(&b'"') {
        return None;
    }
    let key_end = string_end(bytes, start);
    let colon = skip_ws(bytes, key_end);
    (bytes.get(colon) == Some(&b':')).then(|| (key_end, skip_ws(bytes, colon + 1)))
}

/// Appends `raw` as pretty-printed: whitespace outside strings dropped, `: `
/// after a colon. `in_string` tells whether `raw` starts inside a string.
fn normalize(raw: &[u8], mut in_string: bool, out: &mut Vec<u8>) {
    let mut i = 0;
    while i < raw.len() {
        if in_string {
            // Copy up to and including the closing quote in one go.
            match raw
                .get(i..)
                .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
            {
                Some(k) => {
                    let at = i + k;
                    let escaped = raw.get(at) == Some(&b'\\');
                    let stop = if escaped { at + 2 } else { at + 1 }.min(raw.len());
                    out.extend_from_slice(raw.get(i..stop).unwrap_or_default());
                    in_string = escaped;
                    i = stop;
                }
                None => {
                    out.extend_from_slice(raw.get(i..).unwrap_or_default());
                    return;
                }
            }
            continue;
        }
        let b = raw[i];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b':' => out.extend_from_slice(b": "),
            b'"' => {
                out.push(b);
                in_string = true;
            }
            _ => out.push(b),
        }
        i += 1;
    }
}

/// One pass over valid JSON that records the pretty layout.
#[derive(Default)]
struct Indexer {
    starts: Vec<u32>,
    meta: Vec<u16>,
    continuations: Vec<u32>,
    containers: Vec<Container>,
    max_row_len: usize,
    /// Rendered length of the current row so far.
    col: usize,
    /// The row where the current line starts (not a continuation row).
    line_row: u32,
    /// Set when an offset no longer fits in a `u32`.
    full: bool,
}

impl Indexer {
    fn run(bytes: &[u8], start: usize) -> Self {
        let mut ix = Self::default();
        let mut i = skip_ws(bytes, start);
        if i >= bytes.len() {
            return ix;
        }
        let mut stack: Vec<usize> = Vec::new();
        ix.new_row(i, 0, false, false);
        while i < bytes.len() && !ix.full {
            match bytes[i] {
                b' ' | b'\t' | b'\n' | b'\r' => i += 1,
                b'"' => {
                    let end = string_end(bytes, i);
                    ix.token(bytes, i, end, true);
                    i = end;
                }
                open @ (b'{' | b'[') => {
                    let is_array = open == b'[';
                    let close = if is_array { b']' } else { b'}' };
                    // The line's first row: a long key may have been cut.
                    let row = ix.line_row;
                    let after = skip_ws(bytes, i + 1);
                    let container = Container {
                        open_row: row,
                        close_row: row,
                        count: 0,
                        is_array,
                    };
                    if bytes.get(after) == Some(&close) {
                        ix.containers.push(container);
                        ix.col += 2;
                        i = after + 1;
                    } else {
                        stack.push(ix.containers.len());
                        ix.containers.push(Container {
                            count: 1,
                            ..container
                        });
                        ix.col += 1;
                        ix.new_row(after, stack.len(), false, false);
                        i = after;
                    }
                }
                b'}' | b']' => {
                    let open = stack.pop();
                    ix.new_row(i, stack.len(), false, false);
                    let row = ix.current_row();
                    if let Some(c) = open.and_then(|k| ix.containers.get_mut(k)) {
                        c.close_row = row;
                    }
                    ix.col += 1;
                    i += 1;
                }
                b',' => {
                    ix.col += 1;
                    let after = skip_ws(bytes, i + 1);
                    if let Some(c) = stack.last().and_then(|&k| ix.containers.get_mut(k)) {
                        c.count += 1;
                    }
                    ix.new_row(after, stack.len(), false, false);
                    i = after;
                }
                b':' => {
                    ix.col += 2;
                    i += 1;
                }
                _ => {
                    let end = scalar_end(bytes, i).max(i + 1);
                    ix.token(bytes, i, end, false);
                    i = end;
                }
            }
        }
        ix.max_row_len = ix.max_row_len.max(ix.col);
        ix.starts.shrink_to_fit();
        ix.meta.shrink_to_fit();
        ix.containers.shrink_to_fit();
        ix
    }

    fn current_row(&self) -> u32 {
        u32::try_from(self.starts.len().saturating_sub(1)).unwrap_or(u32::MAX)
    }

    /// Starts a row at raw `offset`; a continuation row carries on the line
    /// of the row before (`in_string` when it starts inside a string).
    fn new_row(&mut self, offset: usize, depth: usize, in_string: bool, continuation: bool) {
        let Ok(offset) = u32::try_from(offset) else {
            self.full = true;
            return;
        };
        self.max_row_len = self.max_row_len.max(self.col);
        let depth = u16::try_from(depth).unwrap_or(DEPTH_MASK).min(DEPTH_MASK);
        let Ok(row) = u32::try_from(self.starts.len()) else {
            self.full = true;
            return;
        };
        if continuation {
            self.continuations.push(row);
        } else {
            self.line_row = row;
        }
        self.starts.push(offset);
        self.meta
            .push(depth | if in_string { IN_STRING } else { 0 });
        self.col = if continuation {
            0
        } else {
            usize::from(depth) * 2
        };
    }

    /// Accounts for a string or scalar token `bytes[start..end]`, cutting it
    /// into continuation rows where the row would pass [`MAX_ROW_BYTES`].
    fn token(&mut self, bytes: &[u8], start: usize, end: usize, is_string: bool) {
        let len = end - start;
        if self.col + len <= MAX_ROW_BYTES {
            self.col += len;
            return;
        }
        let mut escaped = false;
        let mut p = start;
        while p < end {
            let b = bytes[p];
            let can_cut = p > start && self.col >= MAX_ROW_BYTES && is_char_start(b) && !escaped;
            if can_cut {
                let depth = usize::from(self.meta.last().map_or(0, |m| m & DEPTH_MASK));
                self.new_row(p, depth, is_string, true);
                if self.full {
                    return;
                }
            }
            escaped = is_string && !escaped && b == b'\\' && p > start;
            self.col += 1;
            p += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(text: &str) -> PrettyJson {
        match PrettyJson::build(BodyText::from_string(text.to_owned())) {
            Ok(doc) => doc,
            Err(e) => panic!("{text}: {e}"),
        }
    }

    fn rendered(doc: &PrettyJson) -> String {
        doc.pretty_text()
    }

    fn expected(text: &str) -> String {
        let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }

    #[test]
    fn matches_serde_pretty_for_small_documents() {
        for text in [
            r#"{"a":[1,2],"b":{}}"#,
            r#"[]"#,
            r#"{}"#,
            r#"  42  "#,
            r#""just a string""#,
            r#"[[],[[]],{"x":{"y":[true,false,null]}}]"#,
            "{ \"sp ace\" : [ 1 , { } , [ ] ] ,\n\t\"é\\\"\\\\ü\": \"日本\" }",
            r#"{"nested":{"deeper":{"deepest":[{"k":"v"}]}}}"#,
        ] {
            assert_eq!(rendered(&build(text)), expected(text), "{text}");
        }
    }

    #[test]
    fn bom_is_skipped() {
        let doc = build("\u{feff}{\"a\":1}");
        assert_eq!(rendered(&doc), "{\n  \"a\": 1\n}");
    }

    #[test]
    fn invalid_json_reports_line_and_column() {
        let error = PrettyJson::build(BodyText::from_string("{\n  \"a\": ]".to_owned()))
            .err()
            .map(|e| (e.line, e.column));
        assert_eq!(error, Some((2, 8)));
    }

    #[test]
    fn long_strings_are_cut_into_continuation_rows() {
        let long = "é\\\"x".repeat(200);
        let text = format!(r#"{{"k":"{long}","after":1}}"#);
        let doc = build(&text);
        assert_eq!(rendered(&doc), expected(&text));
        assert!(doc.line_count() > 4);
        for i in 0..doc.line_count() {
            assert!(doc.render(i).len() <= MAX_ROW_BYTES + 8, "row {i}");
        }
        assert_eq!(Rows::logical_line_count(&doc), 4);
        let last = doc.line_count() - 1;
        assert_eq!(Rows::logical_line_number(&doc, last), 4);
    }

    #[test]
    fn containers_know_their_rows_and_counts() {
        let doc = build(r#"{"list":[1,2,3],"empty":[],"obj":{"a":1}}"#);
        let c: Vec<_> = doc
            .containers()
            .iter()
            .map(|c| (c.open_row, c.close_row, c.count, c.is_array))
            .collect();
        assert_eq!(
            c,
            [
                (0, 10, 3, false),
                (1, 5, 3, true),
                (6, 6, 0, true),
                (7, 9, 1, false)
            ]
        );
        assert_eq!(doc.key_at(1).as_deref(), Some("list"));
        assert_eq!(doc.key_at(2), None);
        assert_eq!(doc.value_text(1), "[1,2,3]");
        assert_eq!(doc.value_text(3), "2");
        assert_eq!(doc.value_text(6), "[]");
        assert_eq!(doc.value_text(8), "1");
        assert_eq!(doc.next_sibling_row(1), 6);
        assert_eq!(doc.next_sibling_row(6), 7);
        assert_eq!(doc.depth(8), 2);
    }
}
