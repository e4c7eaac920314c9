//! Path segments and their JSONPath rendering.

/// One step from a value to one of its children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
    /// A key of an object.
    Key(&'a str),
    /// An index of an array.
    Index(usize),
}

/// Whether `key` can be written after a dot (`$.key`) rather than quoted (`$['key']`).
fn is_plain(key: &str) -> bool {
    let mut chars = key.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Appends one object key to a rendered path: `.key` or `['odd key']`.
pub(crate) fn push_key(out: &mut String, key: &str) {
    if is_plain(key) {
        out.push('.');
        out.push_str(key);
    } else {
        out.push_str("['");
        for c in key.chars() {
            if c == '\'' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push_str("']");
    }
}

/// Renders a whole path, starting at `$`.
pub(crate) fn render(segs: &[Seg<'_>]) -> String {
    let mut out = String::from("$");
    for seg in segs {
        match seg {
            Seg::Key(k) => push_key(&mut out, k),
            Seg::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_quoted_keys() {
        let segs = [
            Seg::Key("data"),
            Seg::Key("items"),
            Seg::Index(3),
            Seg::Key("odd key"),
            Seg::Key("it's"),
            Seg::Key("9lives"),
            Seg::Key(""),
        ];
        assert_eq!(
            render(&segs),
            r"$.data.items[3]['odd key']['it\'s']['9lives']['']"
        );
        assert_eq!(render(&[]), "$");
    }
}
