//! The depth guard run before every YAML or JSON parse of a file someone else wrote.
//!
//! The YAML parser (libyaml, under `serde_yaml_ng`) takes time quadratic in the nesting:
//! 100 000 levels in a 200 KB file took about 40 s, long before the deserializer's own
//! limit of 128 answers. This guard walks the text once, the way libyaml's tokenizer does,
//! but keeps only what decides nesting: the flow level (`[`, `{`) and the stack of block
//! indentations (`- `, `? `, `key:`). Quoted scalars, plain scalars (their ends in block
//! and flow context), block scalars (`|`, `>`, with their indentation rules), comments,
//! tags, anchors and directives are skipped exactly as the tokenizer skips them, so a
//! bracket inside a string never counts and a bracket the parser sees always does.
//!
//! Each level counted opens a collection, so a document that deserializes (at most 128
//! levels) is never refused; JSON is read the same way (it is YAML's flow style).

/// The deepest nesting read: the limit `serde_yaml_ng` and `serde_json` apply anyway.
pub const MAX_NESTING: usize = 128;

/// A text nested deeper than the limit; it is not parsed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("nested more than {limit} levels deep: not parsed")]
pub struct TooDeep {
    /// The limit.
    pub limit: usize,
    /// Line of the first level past the limit, from 1.
    pub line: usize,
    /// Column of the first level past the limit, from 1.
    pub column: usize,
}

/// Refuses `text` when it is nested more than [`MAX_NESTING`] levels deep. Linear in the
/// text's length; run it before handing a file's text to a YAML or JSON parser.
pub fn check_nesting(text: &str) -> Result<(), TooDeep> {
    check_nesting_within(text, MAX_NESTING)
}

/// [`check_nesting`] with another limit.
pub fn check_nesting_within(text: &str, limit: usize) -> Result<(), TooDeep> {
    let mut scan = Scan::new(text.as_bytes(), limit);
    scan.run()
}

/// The deepest nesting the guard sees in `text` (for tests that compare it with a parse).
#[cfg(test)]
pub(crate) fn deepest(text: &str) -> usize {
    let mut scan = Scan::new(text.as_bytes(), usize::MAX);
    let _ = scan.run();
    scan.deepest
}

/// libyaml's "simple key" of the block context: where a `key:` may have started.
#[derive(Clone, Copy)]
struct Key {
    line: usize,
    index: usize,
    column: usize,
}

/// The tokenizer's state that decides nesting. Positions are bytes; columns count
/// characters, as libyaml's marks do.
struct Scan<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
    column: usize,
    flow: usize,
    indent: i64,
    indents: Vec<i64>,
    key_allowed: bool,
    key: Option<Key>,
    limit: usize,
    deepest: usize,
}

impl<'a> Scan<'a> {
    fn new(text: &'a [u8], limit: usize) -> Self {
        Scan {
            text,
            pos: 0,
            line: 0,
            column: 0,
            flow: 0,
            indent: -1,
            indents: Vec::new(),
            key_allowed: true,
            key: None,
            limit,
            deepest: 0,
        }
    }

    /// The byte `offset` bytes ahead; 0 past the end (libyaml's end of stream; a NUL in
    /// the text stops its reader too).
    fn at(&self, offset: usize) -> u8 {
        self.text.get(self.pos + offset).copied().unwrap_or(0)
    }

    fn is_break(&self, offset: usize) -> bool {
        match self.at(offset) {
            b'\r' | b'\n' => true,
            0xC2 => self.at(offset + 1) == 0x85,
            0xE2 => self.at(offset + 1) == 0x80 && matches!(self.at(offset + 2), 0xA8 | 0xA9),
            _ => false,
        }
    }

    fn is_blank(&self, offset: usize) -> bool {
        matches!(self.at(offset), b' ' | b'\t')
    }

    fn is_blankz(&self, offset: usize) -> bool {
        self.is_blank(offset) || self.is_break(offset) || self.at(offset) == 0
    }

    fn is_document_marker(&self) -> bool {
        self.column == 0
            && ((self.at(0) == b'-' && self.at(1) == b'-' && self.at(2) == b'-')
                || (self.at(0) == b'.' && self.at(1) == b'.' && self.at(2) == b'.'))
            && self.is_blankz(3)
    }

    /// One character forward (not a line break).
    fn advance(&mut self) {
        let width = match self.at(0) {
            0 if self.pos >= self.text.len() => return,
            b if b < 0x80 => 1,
            b if b >= 0xF0 => 4,
            b if b >= 0xE0 => 3,
            _ => 2,
        };
        self.pos = (self.pos + width).min(self.text.len());
        self.column += 1;
    }

    /// Past the line break here.
    fn advance_line(&mut self) {
        let width = match self.at(0) {
            b'\r' if self.at(1) == b'\n' => 2,
            b'\r' | b'\n' => 1,
            0xC2 => 2,
            _ => 3,
        };
        self.pos = (self.pos + width).min(self.text.len());
        self.line += 1;
        self.column = 0;
    }

    fn check(&mut self) -> Result<(), TooDeep> {
        let depth = self.indents.len() + self.flow;
        self.deepest = self.deepest.max(depth);
        if depth > self.limit {
            return Err(TooDeep {
                limit: self.limit,
                line: self.line + 1,
                column: self.column + 1,
            });
        }
        Ok(())
    }

    /// A block collection starts at `column` when it is deeper than the current one.
    fn roll(&mut self, column: usize) -> Result<(), TooDeep> {
        let column = i64::try_from(column).unwrap_or(i64::MAX);
        if self.flow == 0 && self.indent < column {
            self.indents.push(self.indent);
            self.indent = column;
            self.check()?;
        }
        Ok(())
    }

    /// Block collections deeper than `column` end.
    fn unroll(&mut self, column: i64) {
        if self.flow != 0 {
            return;
        }
        while self.indent > column {
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    fn save_key(&mut self) {
        if self.flow == 0 && self.key_allowed {
            self.key = Some(Key {
                line: self.line,
                index: self.pos,
                column: self.column,
            });
        }
    }

    fn remove_key(&mut self) {
        if self.flow == 0 {
            self.key = None;
        }
    }

    fn run(&mut self) -> Result<(), TooDeep> {
        if self.text.starts_with(b"\xEF\xBB\xBF") {
            self.pos = 3;
        }
        loop {
            self.skip_to_next_token();
            if let Some(key) = self.key
                && (key.line < self.line || key.index + 1024 < self.pos)
            {
                self.key = None;
            }
            self.unroll(i64::try_from(self.column).unwrap_or(i64::MAX));
            let c = self.at(0);
            if c == 0 {
                return Ok(());
            }
            if self.column == 0 && c == b'%' {
                self.unroll(-1);
                self.remove_key();
                self.key_allowed = false;
                while !self.is_break(0) && self.at(0) != 0 {
                    self.advance();
                }
                continue;
            }
            if self.is_document_marker() {
                self.unroll(-1);
                self.remove_key();
                self.key_allowed = false;
                for _ in 0..3 {
                    self.advance();
                }
                continue;
            }
            self.token(c)?;
        }
    }

    /// One token starting with `c`, as libyaml's `fetch_next_token` dispatches it.
    fn token(&mut self, c: u8) -> Result<(), TooDeep> {
        match c {
            b'[' | b'{' => {
                self.save_key();
                self.flow += 1;
                self.check()?;
                self.key_allowed = true;
                self.advance();
            }
            b']' | b'}' => {
                self.remove_key();
                self.flow = self.flow.saturating_sub(1);
                self.key_allowed = false;
                self.advance();
            }
            b',' => {
                self.remove_key();
                self.key_allowed = true;
                self.advance();
            }
            b'-' if self.is_blankz(1) => {
                self.roll(self.column)?;
                self.remove_key();
                self.key_allowed = true;
                self.advance();
            }
            b'?' if self.flow > 0 || self.is_blankz(1) => {
                self.roll(self.column)?;
                self.remove_key();
                self.key_allowed = self.flow == 0;
                self.advance();
            }
            b':' if self.flow > 0 || self.is_blankz(1) => {
                if self.flow == 0 {
                    match self.key.take() {
                        Some(key) => {
                            self.roll(key.column)?;
                            self.key_allowed = false;
                        }
                        None => {
                            self.roll(self.column)?;
                            self.key_allowed = true;
                        }
                    }
                } else {
                    self.key_allowed = false;
                }
                self.advance();
            }
            b'*' | b'&' => {
                self.save_key();
                self.key_allowed = false;
                self.advance();
                while self.at(0).is_ascii_alphanumeric() || matches!(self.at(0), b'_' | b'-') {
                    self.advance();
                }
            }
            b'!' => {
                self.save_key();
                self.key_allowed = false;
                self.tag();
            }
            b'|' | b'>' if self.flow == 0 => {
                self.remove_key();
                self.key_allowed = true;
                self.block_scalar();
            }
            b'\'' | b'"' => {
                self.save_key();
                self.key_allowed = false;
                self.quoted(c == b'\'');
            }
            _ if self.plain_starts(c) => {
                self.save_key();
                self.key_allowed = false;
                self.plain();
            }
            // libyaml stops with "cannot start any token"; what follows is never parsed.
            _ => self.advance(),
        }
        Ok(())
    }

    fn plain_starts(&self, c: u8) -> bool {
        !(self.is_blankz(0) || b"-?:,[]{}#&*!|>'\"%@`".contains(&c))
            || (c == b'-' && !self.is_blank(1))
            || (self.flow == 0 && matches!(c, b'?' | b':') && !self.is_blankz(1))
    }

    /// Spaces, comments and line breaks up to the next token.
    fn skip_to_next_token(&mut self) {
        loop {
            if self.column == 0
                && self
                    .text
                    .get(self.pos..)
                    .is_some_and(|rest| rest.starts_with(b"\xEF\xBB\xBF"))
            {
                self.advance();
            }
            while self.at(0) == b' '
                || ((self.flow > 0 || !self.key_allowed) && self.at(0) == b'\t')
            {
                self.advance();
            }
            if self.at(0) == b'#' {
                while !self.is_break(0) && self.at(0) != 0 {
                    self.advance();
                }
            }
            if !self.is_break(0) {
                return;
            }
            self.advance_line();
            if self.flow == 0 {
                self.key_allowed = true;
            }
        }
    }

    /// `!tag`, `!handle!suffix` or `!<verbatim>`: URI characters (brackets and commas only
    /// in the verbatim form).
    fn tag(&mut self) {
        let verbatim = self.at(1) == b'<';
        self.advance();
        if verbatim {
            self.advance();
        }
        while is_uri_char(self.at(0), verbatim) {
            self.advance();
        }
        if verbatim && self.at(0) == b'>' {
            self.advance();
        }
    }

    /// A `'single'` or `"double"` quoted scalar, over as many lines as it takes.
    fn quoted(&mut self, single: bool) {
        let quote = if single { b'\'' } else { b'"' };
        self.advance();
        loop {
            if self.is_document_marker() || self.at(0) == 0 {
                return;
            }
            while !self.is_blankz(0) {
                if single && self.at(0) == b'\'' && self.at(1) == b'\'' {
                    self.advance();
                    self.advance();
                } else if self.at(0) == quote {
                    break;
                } else if !single && self.at(0) == b'\\' && self.is_break(1) {
                    self.advance();
                    self.advance_line();
                    break;
                } else if !single && self.at(0) == b'\\' {
                    self.advance();
                    self.advance();
                } else {
                    self.advance();
                }
            }
            if self.at(0) == quote {
                self.advance();
                return;
            }
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    self.advance();
                } else {
                    self.advance_line();
                }
            }
        }
    }

    /// A plain scalar: it ends at `: `, at ` #`, at a flow indicator in flow context, and
    /// at a line less indented than its block in block context.
    fn plain(&mut self) {
        let required = self.indent + 1;
        let mut leading_break = false;
        loop {
            if self.is_document_marker() || self.at(0) == b'#' {
                break;
            }
            while !self.is_blankz(0) {
                let c = self.at(0);
                if self.flow > 0 && c == b':' && b",?[]{}".contains(&self.at(1)) {
                    // libyaml: "found unexpected ':'"; nothing after is parsed.
                    return;
                }
                if (c == b':' && self.is_blankz(1)) || (self.flow > 0 && b",[]{}".contains(&c)) {
                    break;
                }
                self.advance();
                leading_break = false;
            }
            if !(self.is_blank(0) || self.is_break(0)) {
                break;
            }
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    self.advance();
                } else {
                    self.advance_line();
                    leading_break = true;
                }
            }
            if self.flow == 0 && (self.column as i64) < required {
                break;
            }
        }
        if leading_break {
            self.key_allowed = true;
        }
    }

    /// A `|` or `>` block scalar: its header, then every line indented at least as far as
    /// its content (given by the indentation indicator or by its first line).
    fn block_scalar(&mut self) {
        self.advance();
        let mut increment = 0i64;
        if matches!(self.at(0), b'+' | b'-') {
            self.advance();
            if matches!(self.at(0), b'1'..=b'9') {
                increment = i64::from(self.at(0) - b'0');
                self.advance();
            }
        } else if matches!(self.at(0), b'1'..=b'9') {
            increment = i64::from(self.at(0) - b'0');
            self.advance();
            if matches!(self.at(0), b'+' | b'-') {
                self.advance();
            }
        }
        while self.is_blank(0) {
            self.advance();
        }
        if self.at(0) == b'#' {
            while !self.is_break(0) && self.at(0) != 0 {
                self.advance();
            }
        }
        if !self.is_break(0) {
            // libyaml: "did not find expected comment or line break".
            return;
        }
        self.advance_line();
        let mut indent = 0i64;
        if increment != 0 {
            indent = if self.indent >= 0 {
                self.indent + increment
            } else {
                increment
            };
        }
        if !self.block_breaks(&mut indent) {
            return;
        }
        while self.column as i64 == indent && self.at(0) != 0 {
            while !self.is_break(0) && self.at(0) != 0 {
                self.advance();
            }
            if self.is_break(0) {
                self.advance_line();
            }
            if !self.block_breaks(&mut indent) {
                return;
            }
        }
    }

    /// Empty lines and indentation before a block scalar's next line; fixes the content's
    /// indentation from the first line when no indicator gave it. `false` where libyaml
    /// fails (a tab in the indentation).
    fn block_breaks(&mut self, indent: &mut i64) -> bool {
        let mut widest = 0i64;
        loop {
            while (*indent == 0 || (self.column as i64) < *indent) && self.at(0) == b' ' {
                self.advance();
            }
            widest = widest.max(self.column as i64);
            if (*indent == 0 || (self.column as i64) < *indent) && self.at(0) == b'\t' {
                return false;
            }
            if !self.is_break(0) {
                break;
            }
            self.advance_line();
        }
        if *indent == 0 {
            *indent = widest.max(self.indent + 1).max(1);
        }
        true
    }
}

/// The characters of a tag's URI (libyaml's `scan_tag_uri`).
fn is_uri_char(c: u8, verbatim: bool) -> bool {
    c.is_ascii_alphanumeric()
        || b"_-;/?:@&=+$.%!~*'()".contains(&c)
        || (verbatim && b",[]".contains(&c))
}

#[cfg(test)]
mod tests;
