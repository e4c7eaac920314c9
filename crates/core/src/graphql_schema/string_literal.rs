//! GraphQL string literals, both ways: the value a literal (`"..."` or `"""..."""`) stands
//! for, and the literal that stands for a value.
//!
//! Reading follows the GraphQL spec (October 2021): the escapes `\"`, `\\`, `\/`, `\b`,
//! `\f`, `\n`, `\r`, `\t`, `\uXXXX` (surrogate pairs joined) and `\u{X...}`; a block string
//! keeps its text raw except `\"""`, with its common indentation and blank first and last
//! lines removed. Writing always gives a one-line `"..."` literal.

/// The value of the GraphQL string literal `literal` (quotes included); `None` when it is
/// not one whole, closed literal or holds an escape GraphQL does not know.
pub fn decode_string_literal(literal: &str) -> Option<String> {
    if let Some(rest) = literal.strip_prefix("\"\"\"") {
        return decode_block(rest);
    }
    let inner = literal.strip_prefix('"')?;
    let mut value = String::with_capacity(inner.len());
    let mut chars = inner.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            // The closing quote must be the literal's last character.
            '"' => return (at + 1 == inner.len()).then_some(value),
            '\n' | '\r' => return None,
            '\\' => {
                let escaped = match chars.next()?.1 {
                    '"' => '"',
                    '\\' => '\\',
                    '/' => '/',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'u' => unicode_escape(&mut chars)?,
                    _ => return None,
                };
                value.push(escaped);
            }
            c => value.push(c),
        }
    }
    // No closing quote.
    None
}

/// The character of a `\u` escape, the `\u` already read: `XXXX` (a high surrogate must be
/// followed by `\uXXXX` with its low half) or `{X...}`.
fn unicode_escape(chars: &mut std::str::CharIndices<'_>) -> Option<char> {
    fn hex(chars: &mut std::str::CharIndices<'_>) -> Option<u32> {
        let mut code = 0;
        for _ in 0..4 {
            code = code * 16 + chars.next()?.1.to_digit(16)?;
        }
        Some(code)
    }
    let mut lookahead = chars.clone();
    if lookahead.next()?.1 == '{' {
        chars.next();
        let mut code: u32 = 0;
        loop {
            let c = chars.next()?.1;
            if c == '}' {
                return char::from_u32(code);
            }
            code = code.checked_mul(16)?.checked_add(c.to_digit(16)?)?;
        }
    }
    let code = hex(chars)?;
    if (0xD800..0xDC00).contains(&code) {
        // A high surrogate: the low half must follow as another `\uXXXX`.
        if chars.next()?.1 != '\\' || chars.next()?.1 != 'u' {
            return None;
        }
        let low = hex(chars)?;
        if !(0xDC00..0xE000).contains(&low) {
            return None;
        }
        return char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00));
    }
    char::from_u32(code)
}

/// The value of a block string whose opening `"""` is already cut off.
fn decode_block(rest: &str) -> Option<String> {
    let mut raw = String::with_capacity(rest.len());
    let mut i = 0;
    loop {
        let tail = rest.get(i..)?;
        if tail.starts_with("\\\"\"\"") {
            raw.push_str("\"\"\"");
            i += 4;
        } else if tail.starts_with("\"\"\"") {
            // The closing quotes must end the literal.
            return (i + 3 == rest.len()).then(|| block_string_value(&raw));
        } else {
            let c = tail.chars().next()?;
            raw.push(c);
            i += c.len_utf8();
        }
    }
}

/// The spec's BlockStringValue: common indentation and blank leading and trailing lines
/// removed, lines joined with `\n`.
fn block_string_value(raw: &str) -> String {
    let lines: Vec<&str> = raw
        .split("\r\n")
        .flat_map(|l| l.split(['\n', '\r']))
        .collect();
    let indent_of = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let common = lines
        .iter()
        .skip(1)
        .filter(|line| line.len() > indent_of(line))
        .map(|line| indent_of(line))
        .min()
        .unwrap_or(0);
    let mut lines: Vec<&str> = lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            if index == 0 {
                line
            } else {
                line.get(common.min(line.len())..).unwrap_or("")
            }
        })
        .collect();
    let blank = |line: &&str| line.trim_matches([' ', '\t']).is_empty();
    while lines.first().is_some_and(blank) {
        lines.remove(0);
    }
    while lines.last().is_some_and(blank) {
        lines.pop();
    }
    lines.join("\n")
}

/// `value` as a one-line GraphQL string literal: quotes and backslashes escaped, control
/// characters as `\n`, `\t`, ... or `\u00XX`; other characters as they are (GraphQL
/// source is Unicode).
pub fn encode_string_literal(value: &str) -> String {
    let mut literal = String::with_capacity(value.len() + value.len() / 8 + 2);
    literal.push('"');
    for c in value.chars() {
        match c {
            '"' => literal.push_str("\\\""),
            '\\' => literal.push_str("\\\\"),
            '\n' => literal.push_str("\\n"),
            '\r' => literal.push_str("\\r"),
            '\t' => literal.push_str("\\t"),
            '\u{8}' => literal.push_str("\\b"),
            '\u{c}' => literal.push_str("\\f"),
            c if c.is_control() => {
                // DEL and the C1 controls too: harmless raw, but invisible in the editor.
                let mut buffer = [0u16; 2];
                for unit in c.encode_utf16(&mut buffer) {
                    literal.push_str(&format!("\\u{unit:04X}"));
                }
            }
            c => literal.push(c),
        }
    }
    literal.push('"');
    literal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_read() {
        assert_eq!(
            decode_string_literal(r#""a\"b\\c\/d\b\f\n\r\t""#).as_deref(),
            Some("a\"b\\c/d\u{8}\u{c}\n\r\t")
        );
        assert_eq!(
            decode_string_literal(r#""\u00e9\u{1F600}\uD83D\uDE00""#).as_deref(),
            Some("é😀😀")
        );
        assert_eq!(decode_string_literal(r#""é""#).as_deref(), Some("é"));
        assert_eq!(decode_string_literal(r#""""#).as_deref(), Some(""));
    }

    #[test]
    fn broken_literals_are_not_read() {
        for literal in [
            r#""abc"#,
            r#""a\qb""#,
            r#""a\u12""#,
            r#""\uD83D""#,
            r#""\uD83Dx""#,
            r#""a"b""#,
            "\"a\nb\"",
            "abc",
            r#""\u{110000}""#,
            r#""""abc"#,
            r#""""a"""b"#,
            "\"abc\\",
        ] {
            assert_eq!(decode_string_literal(literal), None, "{literal}");
        }
    }

    #[test]
    fn block_strings_lose_their_indentation() {
        let literal = "\"\"\"\n    {\"a\": 1,\n      \"b\": \"\\n\"}\n  \"\"\"";
        assert_eq!(
            decode_string_literal(literal).as_deref(),
            Some("{\"a\": 1,\n  \"b\": \"\\n\"}")
        );
        assert_eq!(
            decode_string_literal(r#""""say \""" then""""#).as_deref(),
            Some(r#"say """ then"#)
        );
    }

    #[test]
    fn values_round_trip_through_a_literal() {
        for value in [
            "",
            "plain",
            r#"{"key": "name", "value": "C:\\shots\\sh010"}"#,
            "tab\tnew\nline\rcr \u{8}\u{c} \u{1} \u{7f} \u{85}",
            "ünïcødé 😀 日本",
            r#"\"already\" escaped"#,
        ] {
            let literal = encode_string_literal(value);
            assert!(!literal.contains('\n'), "{literal}");
            assert_eq!(
                decode_string_literal(&literal).as_deref(),
                Some(value),
                "{literal}"
            );
        }
        assert_eq!(
            encode_string_literal(r#"{"a":"b\\c"}"#),
            r#""{\"a\":\"b\\\\c\"}""#
        );
    }
}
