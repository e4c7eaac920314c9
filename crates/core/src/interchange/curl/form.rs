//! The values of `-F/--form` and `--data-urlencode`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::request::{FormKind, FormRow};

/// What curl leaves as is when it URL-encodes: the unreserved characters.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

fn encode(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}

/// A `--data-urlencode` value as sent: `content`, `=content` or `name=content`, the
/// content encoded. (`@file` forms are read by curl from disk; kept as given.)
pub fn url_encode_pair(value: &str) -> String {
    if let Some(content) = value.strip_prefix('=') {
        return encode(content);
    }
    match value.split_once('=') {
        Some((name, content)) => format!("{name}={}", encode(content)),
        None => encode(value),
    }
}

/// The multipart row of `-F name=value` (`literal` for `--form-string`), or `None` with a
/// note when it is not a field.
pub fn form_row(text: &str, literal: bool, arg: usize, notes: &mut Vec<String>) -> Option<FormRow> {
    let Some((name, value)) = text.split_once('=') else {
        notes.push(format!(
            "Form field \"{text}\" (argument {arg}) has no '='; ignored"
        ));
        return None;
    };
    if literal {
        return Some(FormRow::text(name, value));
    }
    let (kind, rest) = match value.chars().next() {
        Some('@') => (FormKind::File, value.get(1..).unwrap_or("")),
        Some('<') => {
            notes.push(format!(
                "Form field {name} (argument {arg}) takes its text from a file; imported as a file field"
            ));
            (FormKind::File, value.get(1..).unwrap_or(""))
        }
        _ => (FormKind::Text, value),
    };
    let (value, params) = match kind {
        FormKind::File => split_file(rest),
        FormKind::Text => match rest.find(";type=") {
            Some(i) => (
                rest.get(..i).unwrap_or("").to_string(),
                rest.get(i + 1..).unwrap_or(""),
            ),
            None => (rest.to_string(), ""),
        },
    };
    let mut row = FormRow {
        kind,
        ..FormRow::text(name, value)
    };
    for param in params.split(';').filter(|p| !p.trim().is_empty()) {
        let (key, val) = param.split_once('=').unwrap_or((param, ""));
        match key.trim() {
            "type" => row.content_type = val.trim().to_string(),
            other => notes.push(format!(
                "Form field {name} (argument {arg}): ;{other}= is not carried"
            )),
        }
    }
    Some(row)
}

/// `path;params` or `"quoted path";params`.
fn split_file(rest: &str) -> (String, &str) {
    if let Some(quoted) = rest.strip_prefix('"') {
        let mut path = String::new();
        let mut chars = quoted.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, next)) = chars.next() {
                        path.push(next);
                    }
                }
                '"' => {
                    let after = quoted.get(i + 1..).unwrap_or("");
                    return (path, after.strip_prefix(';').unwrap_or(after));
                }
                _ => path.push(c),
            }
        }
        return (path, "");
    }
    match rest.split_once(';') {
        Some((path, params)) => (path.to_string(), params),
        None => (rest.to_string(), ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        let mut notes = Vec::new();
        let row = form_row(
            "file=@\"/a b/c.zip\";type=application/zip",
            false,
            1,
            &mut notes,
        )
        .unwrap();
        assert_eq!(
            (row.kind, row.value.as_str()),
            (FormKind::File, "/a b/c.zip")
        );
        assert_eq!(row.content_type, "application/zip");
        let row = form_row("a=b;type=text/x", false, 1, &mut notes).unwrap();
        assert_eq!(
            (row.value.as_str(), row.content_type.as_str()),
            ("b", "text/x")
        );
        assert!(notes.is_empty());
        assert_eq!(url_encode_pair("q=a b&c"), "q=a%20b%26c");
        assert_eq!(url_encode_pair("=x y"), "x%20y");
    }
}
