//! [`JsonTree`]: a lazily expanded tree over a [`PrettyJson`] document.
//!
//! The tree keeps only the list of visible entries; expanding a node inserts
//! its children (at most [`CHILDREN_PAGE`] at a time, with a "more" entry for
//! the rest), so a 100 MB array costs nothing until it is opened and little
//! after.

use super::pretty_doc::{Container, PrettyJson};

/// Children shown per expansion step of a node.
pub const CHILDREN_PAGE: usize = 1000;
/// Values longer than this are summarized rather than shown whole in a row.
const PREVIEW_CHARS: usize = 120;

/// One visible line of the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreeEntry {
    /// The document row where the node's value starts.
    pub row: u32,
    /// Nesting depth (the root's children are 1).
    pub depth: u16,
    /// Position in the parent (the array index, or the member's position).
    pub index: u32,
    /// Whether the parent is an array.
    pub in_array: bool,
    /// `true` for the "show more" entry that stands for the children of the
    /// node above it from `index` on (`row` is the first hidden child).
    pub more: bool,
}

/// What a tree line shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeLabel {
    /// `name` for an object member, `[3]` for an array item, `$` for the root.
    pub key: String,
    /// The value, or a summary for containers: `{…} 12 keys`, `[…] 3 items`.
    pub value: String,
    /// The container's item count and kind, for a container.
    pub container: Option<(u32, bool)>,
    /// Whether the node is expanded.
    pub expanded: bool,
}

/// The visible entries of a JSON tree and which containers are open.
#[derive(Clone, Debug)]
pub struct JsonTree {
    doc: PrettyJson,
    entries: Vec<TreeEntry>,
}

impl JsonTree {
    /// The tree of `doc` with the root expanded.
    pub fn new(doc: PrettyJson) -> Self {
        let mut tree = Self {
            doc,
            entries: Vec::new(),
        };
        if tree.doc.line_count() > 0 {
            tree.entries.push(TreeEntry {
                row: 0,
                depth: 0,
                index: 0,
                in_array: false,
                more: false,
            });
            tree.toggle(0);
        }
        tree
    }

    /// The document the tree shows.
    pub fn document(&self) -> &PrettyJson {
        &self.doc
    }

    /// Number of visible entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Visible entry `i`.
    pub fn entry(&self, i: usize) -> Option<TreeEntry> {
        self.entries.get(i).copied()
    }

    /// The non-empty container whose value starts at entry `i`.
    fn open_container(&self, i: usize) -> Option<Container> {
        let entry = self.entries.get(i).filter(|e| !e.more)?;
        self.doc
            .container_at(entry.row as usize)
            .filter(|c| c.count > 0)
            .copied()
    }

    /// Whether entry `i` is an expanded container.
    pub fn is_expanded(&self, i: usize) -> bool {
        let Some(entry) = self.entries.get(i) else {
            return false;
        };
        self.open_container(i).is_some()
            && self
                .entries
                .get(i + 1)
                .is_some_and(|next| next.depth > entry.depth)
    }

    /// Expands or collapses entry `i`; on a "more" entry, shows the next page.
    pub fn toggle(&mut self, i: usize) {
        let Some(entry) = self.entries.get(i).copied() else {
            return;
        };
        if entry.more {
            let Some(parent) = self.parent_of(i).and_then(|p| self.open_container(p)) else {
                return;
            };
            self.entries.remove(i);
            let children = self.children_from(
                entry.row as usize,
                entry.depth,
                entry.index,
                entry.in_array,
                parent.close_row as usize,
            );
            self.entries.splice(i..i, children);
            return;
        }
        if self.is_expanded(i) {
            let end = self.entries[i + 1..]
                .iter()
                .position(|e| e.depth <= entry.depth)
                .map_or(self.entries.len(), |k| i + 1 + k);
            self.entries.drain(i + 1..end);
            return;
        }
        let Some(container) = self.open_container(i) else {
            return;
        };
        let children = self.children_from(
            container.open_row as usize + 1,
            entry.depth + 1,
            0,
            container.is_array,
            container.close_row as usize,
        );
        self.entries.splice(i + 1..i + 1, children);
    }

    /// Up to [`CHILDREN_PAGE`] children starting at `row`, before the
    /// container's closing row `close`, plus a "more" entry when there are more.
    fn children_from(
        &self,
        mut row: usize,
        depth: u16,
        first_index: u32,
        in_array: bool,
        close: usize,
    ) -> Vec<TreeEntry> {
        let mut out = Vec::new();
        let mut index = first_index;
        while row < close && row < self.doc.line_count() {
            let entry = TreeEntry {
                row: u32::try_from(row).unwrap_or(u32::MAX),
                depth,
                index,
                in_array,
                more: out.len() == CHILDREN_PAGE,
            };
            out.push(entry);
            if entry.more {
                break;
            }
            index += 1;
            row = self.doc.next_sibling_row(row);
        }
        out
    }

    /// How many children a "more" entry stands for.
    pub fn hidden_children(&self, i: usize) -> Option<usize> {
        let entry = self.entries.get(i).filter(|e| e.more)?;
        let parent = self.parent_of(i)?;
        let container = self.open_container(parent)?;
        Some((container.count as usize).saturating_sub(entry.index as usize))
    }

    /// The visible entry that is the parent of entry `i`.
    pub fn parent_of(&self, i: usize) -> Option<usize> {
        let depth = self.entries.get(i)?.depth;
        self.entries[..i].iter().rposition(|e| e.depth < depth)
    }

    /// What entry `i` shows.
    pub fn label(&self, i: usize) -> Option<NodeLabel> {
        let entry = self.entries.get(i).copied()?;
        if entry.more {
            let hidden = self.hidden_children(i).unwrap_or(0);
            return Some(NodeLabel {
                key: String::new(),
                value: format!("… {hidden} more"),
                container: None,
                expanded: false,
            });
        }
        let row = entry.row as usize;
        let key = if entry.depth == 0 {
            "$".to_owned()
        } else if entry.in_array {
            format!("[{}]", entry.index)
        } else {
            self.doc.key_at(row).unwrap_or_default()
        };
        let container = self.doc.container_at(row).copied();
        let value = match container {
            Some(c) if c.count == 0 => if c.is_array { "[]" } else { "{}" }.to_owned(),
            Some(c) if c.is_array => format!("[…] {} {}", c.count, plural(c.count, "item")),
            Some(c) => format!("{{…}} {} {}", c.count, plural(c.count, "key")),
            None => preview(self.doc.value_text(row)),
        };
        Some(NodeLabel {
            key,
            value,
            container: container.map(|c| (c.count, c.is_array)),
            expanded: self.is_expanded(i),
        })
    }

    /// The JSONPath of entry `i`, e.g. `$.projects[3].name` (names that are
    /// not plain identifiers are quoted: `$['my key']`).
    pub fn path(&self, i: usize) -> String {
        let mut parts = Vec::new();
        let mut at = Some(i);
        while let Some(k) = at {
            let Some(entry) = self.entries.get(k) else {
                break;
            };
            if entry.depth == 0 {
                break;
            }
            if entry.in_array {
                parts.push(format!("[{}]", entry.index));
            } else {
                parts.push(member_segment(
                    &self.doc.key_at(entry.row as usize).unwrap_or_default(),
                ));
            }
            at = self.parent_of(k);
        }
        parts.reverse();
        format!("${}", parts.concat())
    }

    /// The value of entry `i` as received (a container pretty-printed).
    pub fn value(&self, i: usize) -> String {
        let Some(entry) = self.entries.get(i).filter(|e| !e.more) else {
            return String::new();
        };
        let raw = self.doc.value_text(entry.row as usize);
        match self.doc.container_at(entry.row as usize) {
            Some(_) => super::pretty_json(raw.as_bytes()).unwrap_or_else(|_| raw.to_owned()),
            None => raw.to_owned(),
        }
    }
}

fn plural(n: u32, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

/// A scalar's text, shortened for one tree line.
fn preview(value: &str) -> String {
    if value.chars().count() <= PREVIEW_CHARS {
        return value.to_owned();
    }
    let cut: String = value.chars().take(PREVIEW_CHARS).collect();
    format!("{cut}… ({} bytes)", value.len())
}

/// `.name` for identifier-like names, `['other name']` otherwise.
fn member_segment(name: &str) -> String {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!(".{name}")
    } else {
        format!("['{}']", name.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::BodyText;

    fn tree(text: &str) -> JsonTree {
        match PrettyJson::build(BodyText::from_string(text.to_owned())) {
            Ok(doc) => JsonTree::new(doc),
            Err(e) => panic!("{e}"),
        }
    }

    fn labels(tree: &JsonTree) -> Vec<String> {
        (0..tree.len())
            .filter_map(|i| tree.label(i))
            .map(|l| format!("{}: {}", l.key, l.value))
            .collect()
    }

    #[test]
    fn root_is_open_and_children_expand_lazily() {
        let mut t = tree(
            r#"{"projects":[{"name":"demo","code":"dm"},{"name":"b"}],"count":2,"my key":{}}"#,
        );
        assert_eq!(
            labels(&t),
            [
                "$: {…} 3 keys",
                "projects: […] 2 items",
                "count: 2",
                "my key: {}"
            ]
        );
        t.toggle(1);
        assert_eq!(t.len(), 6);
        assert_eq!(t.label(2).map(|l| l.value), Some("{…} 2 keys".to_owned()));
        t.toggle(2);
        assert_eq!(
            t.label(3).map(|l| (l.key, l.value)),
            Some(("name".into(), "\"demo\"".into()))
        );
        assert_eq!(t.path(3), "$.projects[0].name");
        assert_eq!(t.value(3), "\"demo\"");
        assert_eq!(
            t.value(2),
            "{\n  \"name\": \"demo\",\n  \"code\": \"dm\"\n}"
        );
        assert_eq!(t.path(t.len() - 1), "$['my key']");
        // Collapsing hides the whole subtree.
        t.toggle(1);
        assert_eq!(t.len(), 4);
        assert!(!t.is_expanded(1));
        assert!(t.is_expanded(0));
    }

    #[test]
    fn big_arrays_are_paged() {
        let items: Vec<String> = (0..2500).map(|i| i.to_string()).collect();
        let mut t = tree(&format!("[{}]", items.join(",")));
        assert_eq!(t.len(), 1 + CHILDREN_PAGE + 1);
        let more = t.len() - 1;
        assert_eq!(t.hidden_children(more), Some(1500));
        assert_eq!(
            t.label(more).map(|l| l.value),
            Some("… 1500 more".to_owned())
        );
        t.toggle(more);
        assert_eq!(t.len(), 1 + 2000 + 1, "one more page");
        t.toggle(t.len() - 1);
        assert_eq!(t.len(), 1 + 2500);
        assert_eq!(t.path(t.len() - 1), "$[2499]");
        assert_eq!(t.value(t.len() - 1), "2499");
    }

    #[test]
    fn scalar_root_and_long_values() {
        let t = tree("42");
        assert_eq!(labels(&t), ["$: 42"]);
        let long = "x".repeat(600);
        let t = tree(&format!(r#"{{"long":"{long}"}}"#));
        let label = t.label(1).map(|l| l.value).unwrap_or_default();
        assert!(label.ends_with("… (602 bytes)"), "{label}");
        assert_eq!(t.value(1).len(), 602);
    }
}
