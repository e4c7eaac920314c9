//! A small reader of Bruno's `.bru` files: top-level blocks `name { ... }` (key/value
//! entries or raw text, depending on the block) and `name [ ... ]` lists. The lexer does
//! not know the block names; the importer decides how to read each block.

use crate::interchange::ImportError;

/// One top-level block.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Block {
    /// Its name: `meta`, `body:json`, `auth:bearer`...
    pub name: String,
    /// Line of its header (1-based).
    pub line: usize,
    /// Whether it is a `[ ... ]` list.
    pub is_list: bool,
    /// Its content lines with their line numbers, as written (indentation kept).
    pub lines: Vec<(usize, String)>,
}

/// One `key: value` entry of a block.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    /// The key.
    pub key: String,
    /// The value (multi-line `'''` values joined with newlines).
    pub value: String,
    /// False when written with a leading `~`.
    pub enabled: bool,
}

fn error(file: &str, message: &str, line: usize, column: usize) -> ImportError {
    ImportError::at(
        format!("{file}: {message}"),
        format!("line {line}, column {column}"),
    )
}

/// The blocks of a `.bru` file; `file` names it in errors.
pub(crate) fn parse_blocks(text: &str, file: &str) -> Result<Vec<Block>, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.trim_end();
        if let Some(block) = current.as_mut() {
            let close = if block.is_list { "]" } else { "}" };
            if line == close {
                blocks.extend(current.take());
            } else {
                block.lines.push((number, line.to_string()));
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            let column = line.len() - line.trim_start().len() + 1;
            return Err(error(file, "text outside of a block", number, column));
        }
        let (name, is_list, rest) = if let Some(head) = line.strip_suffix('{') {
            (head.trim(), false, None)
        } else if let Some((head, rest)) = line.split_once('[') {
            (head.trim(), true, Some(rest))
        } else {
            return Err(error(
                file,
                &format!("expected a block such as `meta {{`, found `{line}`"),
                number,
                1,
            ));
        };
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'));
        if !valid {
            return Err(error(file, &format!("bad block name `{name}`"), number, 1));
        }
        let mut block = Block {
            name: name.to_string(),
            line: number,
            is_list,
            lines: Vec::new(),
        };
        // A one-line list: `vars:secret [a, b]`.
        if let Some(rest) = rest.map(str::trim).filter(|r| !r.is_empty()) {
            match rest.strip_suffix(']') {
                Some(inner) => {
                    block.lines.push((number, inner.to_string()));
                    blocks.push(block);
                    continue;
                }
                None => {
                    return Err(error(file, "expected `]` at the end", number, line.len()));
                }
            }
        }
        current = Some(block);
    }
    if let Some(block) = current {
        let close = if block.is_list { ']' } else { '}' };
        return Err(error(
            file,
            &format!("block `{}` is not closed with `{close}`", block.name),
            block.line,
            1,
        ));
    }
    Ok(blocks)
}

impl Block {
    /// The content as raw text: the two-space indentation removed, blank edges trimmed.
    pub(crate) fn text(&self) -> String {
        let lines: Vec<&str> = self
            .lines
            .iter()
            .map(|(_, l)| l.strip_prefix("  ").unwrap_or(l.trim_start()))
            .collect();
        let text = lines.join("\n");
        text.trim_matches('\n').trim_end().to_string()
    }

    /// The items of a list block: split on commas and lines.
    pub(crate) fn items(&self) -> Vec<String> {
        self.lines
            .iter()
            .flat_map(|(_, l)| l.split(','))
            .map(|item| item.trim().trim_matches('"').to_string())
            .filter(|item| !item.is_empty())
            .collect()
    }

    /// The `key: value` entries; a line without `:` is an error with its position.
    pub(crate) fn entries(&self, file: &str) -> Result<Vec<Entry>, ImportError> {
        let mut out = Vec::new();
        let mut lines = self.lines.iter();
        while let Some((number, raw)) = lines.next() {
            let trimmed = raw.trim();
            if trimmed.is_empty() {
                continue;
            }
            let column = raw.len() - raw.trim_start().len() + 1;
            let (enabled, body) = match trimmed.strip_prefix('~') {
                Some(rest) => (false, rest),
                None => (true, trimmed),
            };
            let (key, value) = split_entry(body).ok_or_else(|| {
                error(
                    file,
                    &format!("expected `name: value` in block `{}`", self.name),
                    *number,
                    column,
                )
            })?;
            let value = if value == "'''" {
                // Multi-line value: lines until a closing `'''`, their extra indent removed.
                let mut parts: Vec<String> = Vec::new();
                let mut closed = false;
                for (_, l) in lines.by_ref() {
                    if l.trim() == "'''" {
                        closed = true;
                        break;
                    }
                    parts.push(l.strip_prefix("    ").unwrap_or(l.trim_start()).to_string());
                }
                if !closed {
                    return Err(error(
                        file,
                        "multi-line value is not closed with '''",
                        *number,
                        column,
                    ));
                }
                parts.join("\n")
            } else {
                value.to_string()
            };
            out.push(Entry {
                key,
                value,
                enabled,
            });
        }
        Ok(out)
    }
}

/// `key: value`, the key possibly quoted (`"a: b": c`).
fn split_entry(body: &str) -> Option<(String, &str)> {
    if let Some(rest) = body.strip_prefix('"') {
        let end = rest.find('"')?;
        let after = rest[end + 1..].trim_start().strip_prefix(':')?;
        return Some((rest[..end].to_string(), after.trim()));
    }
    let (key, value) = body.split_once(':')?;
    let key = key.trim();
    if key.is_empty() {
        return None;
    }
    Some((key.to_string(), value.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dict_text_and_list_blocks() {
        let text = "meta {\n  name: A b\n  seq: 2\n}\n\nbody:json {\n  {\n    \"a\": 1\n  }\n}\n\nvars:secret [\n  token,\n  pass\n]\n";
        let blocks = parse_blocks(text, "a.bru").unwrap();
        assert_eq!(blocks.len(), 3);
        let meta = blocks[0].entries("a.bru").unwrap();
        assert_eq!(
            (meta[0].key.as_str(), meta[0].value.as_str()),
            ("name", "A b")
        );
        assert_eq!(blocks[1].text(), "{\n  \"a\": 1\n}");
        assert_eq!(blocks[2].items(), ["token", "pass"]);
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let err = parse_blocks("meta {\n  name: x\n", "d/r.bru").unwrap_err();
        assert!(err.message.starts_with("d/r.bru: block `meta`"), "{err}");
        assert_eq!(err.position.as_deref(), Some("line 1, column 1"));
        let blocks = parse_blocks("headers {\n  ok: 1\n    broken\n}\n", "h.bru").unwrap();
        let err = blocks[0].entries("h.bru").unwrap_err();
        assert_eq!(err.position.as_deref(), Some("line 3, column 5"));
        let err = parse_blocks("meta {\n}\nstray\n", "s.bru").unwrap_err();
        assert_eq!(err.position.as_deref(), Some("line 3, column 1"));
    }

    #[test]
    fn multi_line_values_and_disabled_entries() {
        let text = "headers {\n  ~x-off: 1\n  doc: '''\n    one\n    two\n  '''\n}\n";
        let blocks = parse_blocks(text, "m.bru").unwrap();
        let entries = blocks[0].entries("m.bru").unwrap();
        assert!(!entries[0].enabled);
        assert_eq!(entries[1].value, "one\ntwo");
    }
}
