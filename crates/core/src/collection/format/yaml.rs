//! A small deterministic YAML emitter for the collection format's fixed schema.
//!
//! Maps keep the order they are given, nest with 2 spaces, and leave out empty values;
//! sequences of maps start each item with `- `. Strings are written plain when that reads
//! back as the same string in every common YAML parser, else double-quoted; text meant
//! for block style (bodies, descriptions) becomes a literal block scalar (`|`, `|-`, `|+`,
//! with an indentation indicator when it starts with a space), checked by parsing it back.

/// A value to write.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// A string written plain or double-quoted.
    Str(String),
    /// A string written as a literal block scalar when it reads back exactly.
    Block(String),
    /// `true` / `false`.
    Bool(bool),
    /// Keys in the order written; entries whose value is empty are left out.
    Map(Vec<(&'static str, Node)>),
    /// Items in order.
    Seq(Vec<Node>),
    /// A map whose keys come from the user (capture names), written quoted when needed.
    Pairs(Vec<(String, Node)>),
    /// A scalar or flow value written as given (JSON values: YAML reads JSON).
    Raw(String),
    /// Nothing: the entry is left out.
    Absent,
}

impl Node {
    /// A plain-or-quoted string.
    pub fn str(s: &str) -> Node {
        Node::Str(s.to_string())
    }

    /// Block text (bodies): a literal block scalar, or a quoted string when no block
    /// scalar reads back exactly.
    pub fn block(s: &str) -> Node {
        Node::Block(s.to_string())
    }

    /// Block text when `s` spans lines, else a plain-or-quoted string (descriptions).
    pub fn text(s: &str) -> Node {
        if s.contains('\n') {
            Node::block(s)
        } else {
            Node::str(s)
        }
    }

    /// A string when present and not empty, else nothing.
    pub fn opt(s: Option<&str>) -> Node {
        match s {
            Some(s) if !s.is_empty() => Node::str(s),
            _ => Node::Absent,
        }
    }

    /// Whether the entry is left out when written (nothing, or only empty parts).
    pub fn is_empty(&self) -> bool {
        match self {
            Node::Absent => true,
            Node::Map(m) => m.iter().all(|(_, v)| v.is_empty()),
            Node::Pairs(m) => m.iter().all(|(_, v)| v.is_empty()),
            Node::Seq(s) => s.is_empty(),
            Node::Str(_) | Node::Block(_) | Node::Bool(_) | Node::Raw(_) => false,
        }
    }
}

/// The document for a top-level map: LF line ends, a trailing newline; empty when every
/// entry is empty.
pub fn emit(root: &Node) -> String {
    let mut out = String::new();
    if let Node::Map(entries) = root {
        map(&mut out, entries, 0);
    }
    out
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn map<K: AsRef<str>>(out: &mut String, entries: &[(K, Node)], indent: usize) {
    for (key, value) in entries.iter().filter(|(_, v)| !v.is_empty()) {
        pad(out, indent);
        // The schema's own keys are plain already; user keys get quoted when they must.
        out.push_str(&flow_scalar(key.as_ref()));
        out.push(':');
        match value {
            Node::Map(m) => {
                out.push('\n');
                map(out, m, indent + 2);
            }
            Node::Pairs(m) => {
                out.push('\n');
                map(out, m, indent + 2);
            }
            Node::Seq(items) => {
                out.push('\n');
                seq(out, items, indent + 2);
            }
            scalar => {
                out.push(' ');
                scalar_value(out, scalar, indent);
            }
        }
    }
}

fn seq(out: &mut String, items: &[Node], indent: usize) {
    for item in items {
        match item {
            Node::Map(m) if !item.is_empty() => {
                // Write the map at the item's indent, then put the dash on its first line.
                let mut inner = String::new();
                map(&mut inner, m, indent + 2);
                pad(out, indent);
                out.push_str("- ");
                out.push_str(&inner[indent + 2..]);
            }
            Node::Pairs(m) if !item.is_empty() => {
                let mut inner = String::new();
                map(&mut inner, m, indent + 2);
                pad(out, indent);
                out.push_str("- ");
                out.push_str(&inner[indent + 2..]);
            }
            Node::Map(_) | Node::Pairs(_) | Node::Absent => {
                pad(out, indent);
                out.push_str("- {}\n");
            }
            Node::Seq(_) => {
                pad(out, indent);
                out.push_str("- []\n");
            }
            scalar => {
                pad(out, indent);
                out.push_str("- ");
                scalar_value(out, scalar, indent);
            }
        }
    }
}

/// Writes a scalar after `key: ` (or `- `) and its line end; block content goes at
/// `indent + 2`.
fn scalar_value(out: &mut String, node: &Node, indent: usize) {
    match node {
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Raw(text) => out.push_str(text),
        Node::Str(s) => out.push_str(&flow_scalar(s)),
        Node::Block(s) => match block_header(s) {
            Some(header) => {
                out.push_str(&header);
                for line in block_lines(s) {
                    out.push('\n');
                    if !line.is_empty() {
                        pad(out, indent + 2);
                        out.push_str(line);
                    }
                }
            }
            None => out.push_str(&flow_scalar(s)),
        },
        Node::Map(_) | Node::Pairs(_) | Node::Seq(_) | Node::Absent => {}
    }
    out.push('\n');
}

/// A string as a plain scalar when safe, else double-quoted.
pub fn flow_scalar(s: &str) -> String {
    if plain_is_safe(s) {
        s.to_string()
    } else {
        double_quoted(s)
    }
}

const RESERVED_WORDS: [&str; 22] = [
    "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".nan", ".inf", "-.inf",
    "+.inf", "<<", "=", "nan", "inf", "-", "?", ":", "---",
];

/// Whether `s` reads back as the same string when written plain, in YAML 1.1 and 1.2.
fn plain_is_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let last = s.chars().next_back().unwrap_or(first);
    if first.is_whitespace()
        || last.is_whitespace()
        || last == ':'
        || "-?:,[]{}#&*!|>'\"%@`+.0123456789".contains(first)
        || s.contains(": ")
        || s.contains(" #")
        || s.contains("{{")
        || s.contains("}}")
        || s.chars().any(needs_escape)
        || RESERVED_WORDS.contains(&s.to_ascii_lowercase().as_str())
    {
        return false;
    }
    // The parser must agree it is this string (not a number, a date, a bool ...).
    matches!(
        serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&format!("k: {s}\n")),
        Ok(serde_yaml_ng::Value::Mapping(m))
            if m.get("k").and_then(|v| v.as_str()) == Some(s)
    )
}

/// Characters that only a double-quoted scalar can carry: control characters other than
/// tab, and YAML 1.1's extra line breaks and byte-order mark.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// `s` in double quotes with YAML escapes.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if needs_escape(c) => {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02X}"));
                } else {
                    out.push_str(&format!("\\u{n:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The lines of block text, without the final line break(s) the chomping indicator
/// accounts for... except `|+`, which keeps them as empty lines.
fn block_lines(s: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = s.split('\n').collect();
    if s.ends_with('\n') {
        lines.pop();
    }
    lines
}

/// `|`, `|-`, `|+` (with `2` when the first content line starts with a space), or `None`
/// when a block scalar cannot carry `s` exactly.
fn block_header(s: &str) -> Option<String> {
    if s.trim().is_empty() || s.chars().any(|c| c != '\n' && needs_escape(c)) {
        return None;
    }
    let first_content = s.split('\n').find(|l| !l.is_empty()).unwrap_or("");
    let indicator = if first_content.starts_with(' ') {
        "2"
    } else {
        ""
    };
    let chomp = if !s.ends_with('\n') {
        "-"
    } else if s.ends_with("\n\n") {
        "+"
    } else {
        ""
    };
    let header = format!("|{indicator}{chomp}");
    // Trust only what reads back: write it at the top level and parse it.
    let mut doc = format!("k: {header}");
    for line in block_lines(s) {
        doc.push('\n');
        if !line.is_empty() {
            doc.push_str("  ");
            doc.push_str(line);
        }
    }
    doc.push('\n');
    let back = serde_yaml_ng::from_str::<std::collections::BTreeMap<String, String>>(&doc);
    match back {
        Ok(m) if m.get("k").map(String::as_str) == Some(s) => Some(header),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(s: &str) {
        let doc = emit(&Node::Map(vec![
            ("a", Node::str(s)),
            (
                "b",
                Node::Map(vec![("c", Node::block(s)), ("d", Node::str(s))]),
            ),
            (
                "e",
                Node::Seq(vec![Node::Map(vec![
                    ("f", Node::block(s)),
                    ("g", Node::str(s)),
                ])]),
            ),
        ]));
        if let Some(header) = block_header(s) {
            assert!(doc.contains(&format!("c: {header}\n")), "{doc}");
            assert!(doc.contains(&format!("- f: {header}\n")), "{doc}");
        }
        let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(&doc).unwrap();
        let get = |path: &[&str]| -> String {
            let mut cur = &v;
            for p in path {
                cur = match p.parse::<usize>() {
                    Ok(i) => &cur[i],
                    Err(_) => &cur[*p],
                };
            }
            cur.as_str().unwrap_or_else(|| panic!("{doc}")).to_string()
        };
        assert_eq!(get(&["a"]), s, "{doc}");
        assert_eq!(get(&["b", "c"]), s, "{doc}");
        assert_eq!(get(&["b", "d"]), s, "{doc}");
        assert_eq!(get(&["e", "0", "f"]), s, "{doc}");
        assert_eq!(get(&["e", "0", "g"]), s, "{doc}");
    }

    #[test]
    fn awkward_strings_read_back_exactly() {
        for s in [
            "",
            " ",
            "plain",
            "a: b",
            "# no",
            "a #b",
            "yes",
            "No",
            "null",
            "~",
            "10",
            "1e3",
            "0x1F",
            "2024-01-01",
            ".5",
            "-1",
            "{{base}}/api",
            "/api/projects?x={{y}}",
            "[1]",
            "'q'",
            "\"q\"",
            "tab\there",
            "back\\slash",
            "bell\u{7}",
            "é ünïcödé 日本",
            "line\nbreak",
            "trailing\n",
            "two trailing\n\n",
            "\nleading break",
            "  leading spaces\nx",
            "\n  indented after break\n",
            "trailing space \nx ",
            "cr\r\nlf",
            "\n",
            "\n\n",
            "  ",
            "{\n  \"a\": 1\n}",
            "{\n  \"a\": 1\n}\n",
            "a:",
            "-",
            "- x",
            "? x",
            "%x",
            "@x",
            "`x",
            "x\u{2028}y",
        ] {
            round_trip(s);
        }
    }

    #[test]
    fn block_headers_pick_chomping_and_indentation() {
        assert_eq!(block_header("a\nb").as_deref(), Some("|-"));
        assert_eq!(block_header("a\nb\n").as_deref(), Some("|"));
        assert_eq!(block_header("a\nb\n\n").as_deref(), Some("|+"));
        assert_eq!(block_header("  a\nb").as_deref(), Some("|2-"));
        assert_eq!(block_header("a\rb"), None);
    }

    #[test]
    fn plain_only_when_unambiguous() {
        assert_eq!(flow_scalar("List projects"), "List projects");
        assert_eq!(flow_scalar("application/json"), "application/json");
        assert_eq!(flow_scalar("yes"), "\"yes\"");
        assert_eq!(flow_scalar("12"), "\"12\"");
        assert_eq!(flow_scalar("{{token}}"), "\"{{token}}\"");
        assert_eq!(flow_scalar(""), "\"\"");
        assert_eq!(flow_scalar(" x"), "\" x\"");
    }
}
