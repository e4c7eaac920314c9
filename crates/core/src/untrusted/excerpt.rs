//! Text from someone else's file, made fit to print: control characters escaped (no
//! terminal escape sequences), and never more than a short excerpt of the file.
//!
//! Parsers quote what they could not read (`invalid type: string "…whole file…",
//! expected struct RequestFile`): [`parser_message`] shortens every quoted span to
//! [`EXCERPT_CHARS`] characters, or drops it for a file read through a symlink.

use std::borrow::Cow;

/// The most characters of a file quoted in a message.
pub const EXCERPT_CHARS: usize = 32;

/// The longest parser message kept, in characters.
pub const MESSAGE_CHARS: usize = 240;

/// Whether `c` changes what a terminal shows instead of showing itself: control
/// characters (C0, DEL, C1, so every escape sequence), line and paragraph separators and
/// the bidirectional overrides that reorder text.
pub fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        )
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `text` with every unprintable character written as an escape (`\u{1b}`, `\n`), so it
/// prints on one line as itself.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unprintable(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// At most `max` characters of `text`, printable, with `…` when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max).collect();
    let mut out = printable(&head).into_owned();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// A parser's message about a file, fit to print: each span it quotes (`"…"` or `` `…` ``)
/// cut to [`EXCERPT_CHARS`] characters, or to `…` when `quote_nothing` (a file read
/// through a symlink, which may be anything); printable; at most [`MESSAGE_CHARS`]
/// characters.
pub fn parser_message(message: &str, quote_nothing: bool) -> String {
    let keep = if quote_nothing { 0 } else { EXCERPT_CHARS };
    let mut out = String::with_capacity(message.len().min(MESSAGE_CHARS * 2));
    let mut rest = message;
    while let Some(start) = rest.find(['"', '`']) {
        let (before, from_quote) = rest.split_at(start);
        out.push_str(before);
        let quote = if from_quote.starts_with('"') {
            '"'
        } else {
            '`'
        };
        let inside = &from_quote[1..];
        let end = quoted_end(inside, quote);
        out.push(quote);
        out.push_str(&excerpt(&inside[..end], keep));
        if end < inside.len() {
            out.push(quote);
            rest = &inside[end + 1..];
        } else {
            rest = "";
        }
    }
    out.push_str(rest);
    excerpt(&out, MESSAGE_CHARS)
}

/// The byte offset of the quote that closes a span (Rust's `{:?}` escapes quotes with a
/// backslash inside `"…"`), or the text's length when none does.
fn quoted_end(inside: &str, quote: char) -> usize {
    let mut escaped = false;
    for (i, c) in inside.char_indices() {
        match c {
            '\\' if quote == '"' && !escaped => escaped = true,
            c if c == quote && !escaped => return i,
            _ => escaped = false,
        }
    }
    inside.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_print_as_text() {
        assert_eq!(printable("plain"), "plain");
        assert_eq!(printable("\u{1b}]0;x\u{7}a\nb"), "\\u{1b}]0;x\\u{7}a\\nb");
        assert_eq!(printable("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(printable("a\u{202e}b"), "a\\u{202e}b");
    }

    #[test]
    fn excerpts_are_short_and_marked() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("0123456789abc", 10), "0123456789…");
        assert_eq!(excerpt("ééééé", 2), "éé…");
    }

    #[test]
    fn quoted_file_content_is_cut() {
        let passwd = format!(
            "root:x:0:0:root:/root:/bin/bash\\n{}",
            "user:x:1000\\n".repeat(50)
        );
        let message = format!("invalid type: string \"{passwd}\", expected struct RequestFile");
        let short = parser_message(&message, false);
        assert!(
            short.starts_with("invalid type: string \"root:x:0:0:root:/root:/bin/bash\\…\""),
            "{short}"
        );
        assert!(short.ends_with(", expected struct RequestFile"), "{short}");
        assert!(!short.contains("user:x"), "{short}");
        let none = parser_message(&message, true);
        assert_eq!(
            none,
            "invalid type: string \"…\", expected struct RequestFile"
        );
    }

    #[test]
    fn field_names_stay_readable_and_escapes_are_respected() {
        assert_eq!(
            parser_message(
                "unknown field `valeu`, expected one of `name`, `value`",
                false
            ),
            "unknown field `valeu`, expected one of `name`, `value`"
        );
        assert_eq!(
            parser_message("string \"a\\\"b\", expected x", false),
            "string \"a\\\"b\", expected x"
        );
        assert_eq!(parser_message("cut \"open", false), "cut \"open");
        let long = "x".repeat(1000);
        assert!(parser_message(&long, false).chars().count() <= MESSAGE_CHARS + 1);
        assert_eq!(parser_message("a\u{1b}[2Jb", false), "a\\u{1b}[2Jb");
    }
}
