//! A fast JSON pretty-printer that re-indents the bytes without building a tree.

use serde::de::IgnoredAny;

/// Where and why a body is not valid JSON.
///
/// Displays as `line 3, column 14: expected `,` or `}``.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct JsonSyntaxError {
    /// 1-based line of the error.
    pub line: usize,
    /// 1-based column (in bytes) of the error.
    pub column: usize,
    /// What the parser expected or found, e.g. "expected `,` or `}`".
    pub message: String,
}

impl JsonSyntaxError {
    pub(crate) fn from_serde(error: &serde_json::Error) -> Self {
        let (line, column) = (error.line(), error.column());
        let full = error.to_string();
        let suffix = format!(" at line {line} column {column}");
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        Self {
            line,
            column,
            message,
        }
    }

    /// The error for invalid UTF-8 at byte `offset` of `bytes`.
    pub(crate) fn invalid_utf8(bytes: &[u8], offset: usize) -> Self {
        let before = bytes.get(..offset).unwrap_or(bytes);
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        Self {
            line,
            column: offset - line_start + 1,
            message: format!("invalid UTF-8 at byte offset {offset}"),
        }
    }
}

/// Pretty-prints a JSON document: 2-space indent, `": "` after keys, empty
/// `{}`/`[]` kept compact, the same layout as `serde_json::to_string_pretty`.
///
/// The input is validated first (so errors carry a line and column), then
/// re-indented byte by byte: strings and numbers are copied verbatim (escapes,
/// `1e10` and big integers stay as the server sent them) and no
/// `serde_json::Value` is built, so the cost is two linear passes and the
/// memory is the output string. Duplicate keys are kept as sent.
pub fn pretty_json(bytes: &[u8]) -> Result<String, JsonSyntaxError> {
    let text = validate(bytes)?;
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2 + 16);
    reindent(text, &mut out).ok_or_else(internal_error)?;
    out.shrink_to_fit();
    Ok(out)
}

/// Checks UTF-8 and JSON syntax, without building anything.
fn validate(bytes: &[u8]) -> Result<&str, JsonSyntaxError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| JsonSyntaxError::invalid_utf8(bytes, e.valid_up_to()))?;
    serde_json::from_str::<IgnoredAny>(text).map_err(|e| JsonSyntaxError::from_serde(&e))?;
    Ok(text)
}

fn internal_error() -> JsonSyntaxError {
    JsonSyntaxError {
        line: 1,
        column: 1,
        message: "internal error while re-indenting".to_owned(),
    }
}

/// Where the re-indenter writes; `push` returns `false` to stop early.
trait Sink {
    fn push(&mut self, s: &str) -> bool;
}

impl Sink for String {
    fn push(&mut self, s: &str) -> bool {
        self.push_str(s);
        true
    }
}

/// A newline and this many spaces, pushed in slices of it to indent.
const NEWLINE_SPACES: &str = "\n                                                                ";

fn push_newline_indent(out: &mut impl Sink, depth: usize) -> Option<()> {
    let mut n = depth * 2;
    let first = n.min(NEWLINE_SPACES.len() - 1);
    push(out, &NEWLINE_SPACES[..=first])?;
    n -= first;
    while n > 0 {
        let k = n.min(NEWLINE_SPACES.len() - 1);
        push(out, &NEWLINE_SPACES[1..=k])?;
        n -= k;
    }
    Some(())
}

fn push(out: &mut impl Sink, s: &str) -> Option<()> {
    out.push(s).then_some(())
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(i) {
        i += 1;
    }
    i
}

/// Re-indents already validated JSON into `out`. Returns `None` if the sink
/// stopped, or if `text` is not valid JSON after all (never for validated input).
fn reindent(text: &str, out: &mut impl Sink) -> Option<()> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                let j = skip_ws(bytes, i + 1);
                if bytes.get(j) == Some(&close) {
                    push(out, if open == b'{' { "{}" } else { "[]" })?;
                    i = j + 1;
                } else {
                    push(out, if open == b'{' { "{" } else { "[" })?;
                    depth += 1;
                    push_newline_indent(out, depth)?;
                    i += 1;
                }
            }
            close @ (b'}' | b']') => {
                depth = depth.checked_sub(1)?;
                push_newline_indent(out, depth)?;
                push(out, if close == b'}' { "}" } else { "]" })?;
                i += 1;
            }
            b',' => {
                push(out, ",")?;
                push_newline_indent(out, depth)?;
                i += 1;
            }
            b':' => {
                push(out, ": ")?;
                i += 1;
            }
            b'"' => {
                let end = string_end(bytes, i + 1)?;
                push(out, text.get(i..end)?)?;
                i = end;
            }
            _ => {
                // A number or a literal: runs to the next delimiter.
                let start = i;
                while let Some(&b) = bytes.get(i) {
                    if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b',' | b'}' | b']' | b':') {
                        break;
                    }
                    i += 1;
                }
                push(out, text.get(start..i)?)?;
            }
        }
    }
    Some(())
}

/// Given the index just past an opening quote, returns the index just past the
/// closing quote.
fn string_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    loop {
        let rest = bytes.get(i..)?;
        let k = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
        i += k;
        if bytes[i] == b'\\' {
            i += 2;
        } else {
            return Some(i + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// Asserts equality without dumping megabytes of JSON on failure.
    fn assert_same(ours: &str, expected: &str) {
        if ours != expected {
            let at = ours
                .bytes()
                .zip(expected.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            let from = ours.floor_char_boundary(at.saturating_sub(60));
            panic!(
                "differ at byte {at}: ours {:?} vs serde {:?}",
                &ours[from..ours.floor_char_boundary((at + 60).min(ours.len()))],
                &expected[expected.floor_char_boundary(from)
                    ..expected.floor_char_boundary((at + 60).min(expected.len()))]
            );
        }
    }

    fn serde_pretty(input: &[u8]) -> String {
        let value: Value = serde_json::from_slice(input).expect("valid json");
        serde_json::to_string_pretty(&value).expect("serializable")
    }

    /// A tiny deterministic PRNG (xorshift) for generated bodies.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    const STRINGS: &[&str] = &[
        "",
        "plain",
        "with \"quotes\" and \\backslash\\",
        "tab\tnew\nline\rcr",
        "control \u{1} \u{1f}",
        "unicode é ü ñ 日本語 😀",
        "{not: [json]}",
        ",:{}[]",
        "/slash/",
    ];

    fn gen_value(rng: &mut Rng, depth: u32) -> Value {
        let pick = if depth > 6 {
            rng.below(5)
        } else {
            rng.below(8)
        };
        match pick {
            0 => Value::Null,
            1 => Value::Bool(rng.below(2) == 0),
            2 => match rng.below(5) {
                0 => json!(rng.next() as i64),
                1 => json!(rng.next()),
                2 => json!(-0.5),
                3 => json!(1e10),
                // Exact binary fractions: serde_json's default float parser is
                // not exact, so other values may not survive its round trip.
                _ => json!((rng.below(16_000) as f64) / 8.0 - 1000.0),
            },
            3 | 4 => Value::String(STRINGS[rng.below(STRINGS.len() as u64) as usize].to_owned()),
            5 => Value::Array(
                (0..rng.below(5))
                    .map(|_| gen_value(rng, depth + 1))
                    .collect(),
            ),
            _ => Value::Object(
                (0..rng.below(5))
                    .map(|k| {
                        let key =
                            format!("{}{k}", STRINGS[rng.below(STRINGS.len() as u64) as usize]);
                        (key, gen_value(rng, depth + 1))
                    })
                    .collect(),
            ),
        }
    }

    #[test]
    fn matches_serde_on_generated_bodies() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..500 {
            let value = gen_value(&mut rng, 0);
            let compact = serde_json::to_string(&value).expect("serializable");
            let pretty = serde_json::to_string_pretty(&value).expect("serializable");
            for input in [&compact, &pretty] {
                let ours = pretty_json(input.as_bytes()).expect("valid");
                assert_same(&ours, &serde_pretty(input.as_bytes()));
            }
        }
    }

    #[test]
    fn matches_serde_on_odd_whitespace_and_deep_nesting() {
        let input = " \r\n{ \"a\" :\t[ 1 ,\n2 , { } , [ ] ,{\"b\":[[[]]]} ] , \"c\" : { \"d\" : null } }\n ";
        assert_eq!(
            pretty_json(input.as_bytes()).expect("valid"),
            serde_pretty(input.as_bytes())
        );

        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(
            pretty_json(deep.as_bytes()).expect("valid"),
            serde_pretty(deep.as_bytes())
        );
        let deep = format!("{}1{}", "{\"k\":[".repeat(60), "]}".repeat(60));
        assert_eq!(
            pretty_json(deep.as_bytes()).expect("valid"),
            serde_pretty(deep.as_bytes())
        );
    }

    #[test]
    fn minified_single_line() {
        let mut rng = Rng(42);
        let items: Vec<Value> = (0..2000).map(|_| gen_value(&mut rng, 3)).collect();
        let compact = serde_json::to_string(&json!({ "items": items })).expect("serializable");
        assert!(!compact.contains('\n'));
        let ours = pretty_json(compact.as_bytes()).expect("valid");
        assert_same(&ours, &serde_pretty(compact.as_bytes()));
    }

    #[test]
    fn scalars_are_copied_verbatim() {
        let input = r#"{"big":12345678901234567890123,"e":1e10,"E":-2.5E-3,"h":-0.5,"esc":"\u00e9\/\n","raw":"é"}"#;
        let ours = pretty_json(input.as_bytes()).expect("valid");
        let expected = "{\n  \"big\": 12345678901234567890123,\n  \"e\": 1e10,\n  \"E\": -2.5E-3,\n  \"h\": -0.5,\n  \"esc\": \"\\u00e9\\/\\n\",\n  \"raw\": \"é\"\n}";
        assert_eq!(ours, expected);
        // Same meaning as the input.
        let a: Value = serde_json::from_str(&ours).expect("valid");
        let b: Value = serde_json::from_str(input).expect("valid");
        assert_eq!(a, b);
    }

    #[test]
    fn top_level_scalars() {
        for input in ["1", " \"x\" ", "null", "true", "-0.5", "[]", "{}", " [ ] "] {
            assert_eq!(
                pretty_json(input.as_bytes()).expect("valid"),
                serde_pretty(input.as_bytes())
            );
        }
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let input = b"{\n  \"a\": 1,\n  \"b\": 2 \"c\"\n}";
        let err = pretty_json(input).expect_err("invalid");
        assert_eq!((err.line, err.column), (3, 10));
        assert_eq!(err.message, "expected `,` or `}`");
        assert_eq!(err.to_string(), "line 3, column 10: expected `,` or `}`");

        let err = pretty_json(b"").expect_err("invalid");
        assert!(err.message.contains("EOF"), "{err}");
        let err = pretty_json(b"[1,2").expect_err("invalid");
        assert!(err.message.contains("EOF"), "{err}");
        assert!(pretty_json(b"{} {}").is_err());
        assert!(pretty_json(b"[01]").is_err());
    }

    #[test]
    fn invalid_utf8_is_an_error_not_a_panic() {
        let err = pretty_json(b"[\n\"a\xff\"]").expect_err("invalid");
        assert_eq!((err.line, err.column), (2, 3));
        assert!(err.message.contains("UTF-8"), "{err}");
    }
}
