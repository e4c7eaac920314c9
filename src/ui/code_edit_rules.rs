//! What Enter and bracket keys do to code text: auto-indent and bracket pairing.
//!
//! Pure functions over a text and a byte cursor, so the editor widget only maps keys to
//! them and the rules are unit-tested without a window.

/// One indentation level (what the JSON Format button writes).
pub const INDENT: &str = "  ";

/// The text and cursor (a byte offset) after an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    /// The whole text after the edit.
    pub text: String,
    /// Where the cursor goes, a byte offset into `text`.
    pub cursor: usize,
}

/// Enter at `cursor`: a newline keeping the current line's indentation, one level more
/// after `{` or `[`; between a bracket pair the closer goes on its own line below.
/// `None` when the cursor is not on a character boundary.
pub fn enter(text: &str, cursor: usize) -> Option<Edited> {
    if cursor > text.len() || !text.is_char_boundary(cursor) {
        return None;
    }
    let (before, after) = text.split_at(cursor);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let indent: String = before[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let opener = before.trim_end().chars().next_back();
    let opens = matches!(opener, Some('{' | '['));
    let closer = after.trim_start_matches([' ', '\t']).chars().next();
    let mut inserted = format!("\n{indent}");
    if opens {
        inserted.push_str(INDENT);
    }
    let cursor_after = cursor + inserted.len();
    if opens && closer == Some(closing(opener.unwrap_or('{'))) {
        inserted.push('\n');
        inserted.push_str(&indent);
    }
    Some(Edited {
        text: format!("{before}{inserted}{after}"),
        cursor: cursor_after,
    })
}

/// Typing `typed` at `cursor`: `{`, `[` and `"` insert their closer too, a closer typed
/// just before the same closer steps over it, and `}` / `]` on a line of only
/// indentation dedent it one level. `None` leaves the key to the plain editor.
pub fn typed(text: &str, cursor: usize, typed: char) -> Option<Edited> {
    if cursor > text.len() || !text.is_char_boundary(cursor) {
        return None;
    }
    let (before, after) = text.split_at(cursor);
    let next = after.chars().next();
    let prev = before.chars().next_back();
    match typed {
        '}' | ']' | '"' if next == Some(typed) && prev != Some('\\') => Some(Edited {
            text: text.to_owned(),
            cursor: cursor + 1,
        }),
        '{' | '[' if next.is_none_or(|c| c.is_whitespace() || ",}]".contains(c)) => {
            Some(insert_pair(before, after, typed, closing(typed)))
        }
        '"' if prev != Some('\\')
            && !prev.is_some_and(char::is_alphanumeric)
            && next.is_none_or(|c| c.is_whitespace() || ",:}]".contains(c)) =>
        {
            Some(insert_pair(before, after, '"', '"'))
        }
        '}' | ']' => dedent_closer(before, after, typed),
        _ => None,
    }
}

fn closing(opener: char) -> char {
    if opener == '[' { ']' } else { '}' }
}

fn insert_pair(before: &str, after: &str, open: char, close: char) -> Edited {
    Edited {
        text: format!("{before}{open}{close}{after}"),
        cursor: before.len() + open.len_utf8(),
    }
}

/// A closer typed on a line holding only indentation takes one level off it.
fn dedent_closer(before: &str, after: &str, closer: char) -> Option<Edited> {
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..];
    if line.is_empty() || !line.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let kept = match line.strip_suffix('\t') {
        Some(kept) => kept,
        None => &line[..line.len() - line.len().min(INDENT.len())],
    };
    let head = &before[..line_start];
    Some(Edited {
        text: format!("{head}{kept}{closer}{after}"),
        cursor: head.len() + kept.len() + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, cursor: usize) -> (String, usize) {
        (text.to_owned(), cursor)
    }

    fn pair(edit: Option<Edited>) -> (String, usize) {
        let edit = edit.unwrap();
        (edit.text, edit.cursor)
    }

    #[test]
    fn enter_keeps_the_line_indentation() {
        assert_eq!(pair(enter("  \"a\": 1,", 9)), at("  \"a\": 1,\n  ", 12));
    }

    #[test]
    fn enter_after_an_opener_indents_one_level_more() {
        assert_eq!(pair(enter("  \"a\": [", 8)), at("  \"a\": [\n    ", 13));
    }

    #[test]
    fn enter_between_a_pair_puts_the_closer_below() {
        assert_eq!(pair(enter("{}", 1)), at("{\n  \n}", 4));
        assert_eq!(pair(enter("  [ ]", 3)), at("  [\n    \n   ]", 8));
    }

    #[test]
    fn enter_off_a_char_boundary_is_left_alone() {
        assert_eq!(enter("é", 1), None);
        assert_eq!(enter("ab", 5), None);
    }

    #[test]
    fn openers_insert_their_closer() {
        assert_eq!(pair(typed("", 0, '{')), at("{}", 1));
        assert_eq!(pair(typed("[]", 1, '[')), at("[[]]", 2));
        assert_eq!(pair(typed("{ }", 2, '"')), at("{ \"\"}", 3));
    }

    #[test]
    fn openers_before_a_word_are_plain() {
        assert_eq!(typed("abc", 0, '{'), None);
        assert_eq!(typed("ab", 2, '"'), None);
    }

    #[test]
    fn a_closer_before_the_same_closer_steps_over_it() {
        assert_eq!(pair(typed("{}", 1, '}')), at("{}", 2));
        assert_eq!(pair(typed("\"a\"", 2, '"')), at("\"a\"", 3));
        assert_eq!(typed("\"\\\"", 2, '"'), None);
    }

    #[test]
    fn a_closer_on_an_indented_empty_line_dedents() {
        assert_eq!(pair(typed("{\n    ", 6, '}')), at("{\n  }", 5));
        assert_eq!(pair(typed("[\n\t", 3, ']')), at("[\n]", 3));
        assert_eq!(typed("{\n  1", 5, '}'), None);
    }
}
