//! A forgiving GraphQL tokenizer: never fails, so half-typed text still yields tokens.

use std::ops::Range;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    /// A name (`projects`, `query`, `true`).
    Name,
    /// One punctuator (`{`, `(`, `:`, `$`, `!`, `@`, `=`, `[`, `]`, `}`, `)`, `|`, `&`).
    Punct(u8),
    /// `...`.
    Spread,
    /// A string or block string (an unterminated one runs to the end).
    Str,
    /// An integer literal.
    Int,
    /// A float literal.
    Float,
    /// A character GraphQL does not know.
    Unknown,
}

/// A token and where it is (bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Token {
    pub kind: Tok,
    pub span: Range<usize>,
}

/// The tokens of `text`; whitespace, commas and comments are skipped.
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let kind = match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => {
                i += 1;
                continue;
            }
            // A UTF-8 byte order mark is ignored like whitespace.
            0xEF if bytes[i..].starts_with(&[0xEF, 0xBB, 0xBF]) => {
                i += 3;
                continue;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'.' if bytes[i..].starts_with(b"...") => {
                i += 3;
                Tok::Spread
            }
            b'"' => {
                i = string_end(bytes, i);
                Tok::Str
            }
            b'-' | b'0'..=b'9' => {
                let (end, float) = number_end(bytes, i);
                i = end;
                if float { Tok::Float } else { Tok::Int }
            }
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                while i < bytes.len() && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                Tok::Name
            }
            c @ (b'{' | b'}' | b'(' | b')' | b'[' | b']' | b':' | b'$' | b'!' | b'@' | b'='
            | b'|' | b'&') => {
                i += 1;
                Tok::Punct(c)
            }
            _ => {
                // Skip the whole character so spans stay on char boundaries.
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                Tok::Unknown
            }
        };
        tokens.push(Token {
            kind,
            span: start..i,
        });
    }
    tokens
}

fn string_end(bytes: &[u8], start: usize) -> usize {
    if bytes[start..].starts_with(b"\"\"\"") {
        let mut i = start + 3;
        while i < bytes.len() {
            if bytes[i..].starts_with(b"\\\"\"\"") {
                i += 4;
            } else if bytes[i..].starts_with(b"\"\"\"") {
                return i + 3;
            } else {
                i += 1;
            }
        }
        return bytes.len();
    }
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            // A string does not cross a line: the rest is read as tokens again.
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len().min(i)
}

fn number_end(bytes: &[u8], start: usize) -> (usize, bool) {
    let mut i = start + 1;
    let mut float = false;
    let digits = |i: &mut usize| {
        while *i < bytes.len() && bytes[*i].is_ascii_digit() {
            *i += 1;
        }
    };
    digits(&mut i);
    if i < bytes.len() && bytes[i] == b'.' && !bytes[i..].starts_with(b"...") {
        float = true;
        i += 1;
        digits(&mut i);
    }
    if i < bytes.len() && matches!(bytes[i], b'e' | b'E') {
        float = true;
        i += 1;
        if i < bytes.len() && matches!(bytes[i], b'+' | b'-') {
            i += 1;
        }
        digits(&mut i);
    }
    (i, float)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Tok, &str)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.kind, &text[t.span]))
            .collect()
    }

    #[test]
    fn tokens_of_a_query() {
        let k = kinds("query Q($n: [Int!]) { a(x: -1.5e3, s: \"a\\\"b\") # c\n ...F }");
        assert_eq!(k[0], (Tok::Name, "query"));
        assert_eq!(k[2], (Tok::Punct(b'('), "("));
        assert!(k.contains(&(Tok::Float, "-1.5e3")));
        assert!(k.contains(&(Tok::Str, "\"a\\\"b\"")));
        assert!(k.contains(&(Tok::Spread, "...")));
        assert!(!k.iter().any(|(_, t)| t.contains('#')));
    }

    #[test]
    fn half_typed_text_still_tokenizes() {
        assert_eq!(
            kinds("{ a(s: \"abc"),
            [
                (Tok::Punct(b'{'), "{"),
                (Tok::Name, "a"),
                (Tok::Punct(b'('), "("),
                (Tok::Name, "s"),
                (Tok::Punct(b':'), ":"),
                (Tok::Str, "\"abc"),
            ]
        );
        assert_eq!(
            kinds("é\"\"\"x"),
            [(Tok::Unknown, "é"), (Tok::Str, "\"\"\"x")]
        );
    }
}
