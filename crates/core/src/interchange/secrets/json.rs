//! The string members of a JSON text with where they stand: the byte range of each value
//! as written, its key and the keys of the blocks above it. A secret found there is
//! replaced at that one range, never by searching the text for the value, so an unrelated
//! field holding the same text keeps it.

use std::ops::Range;

/// One string member of an object.
#[derive(Debug, PartialEq)]
pub(super) struct Member {
    /// The value's byte range in the text, quotes included.
    pub range: Range<usize>,
    /// Its key.
    pub key: String,
    /// The keys of the blocks it stands in, outermost first.
    pub ancestors: Vec<String>,
    /// The value, unescaped.
    pub value: String,
}

/// A container being read: an object (with the key of the member being read, if its
/// key was read) or an array.
enum Frame {
    Object(Option<String>),
    Array,
}

/// Every string member of the objects in `text`, in the text's order. `text` must be
/// JSON that parses; anything else gives what was read before the first surprise.
pub(super) fn string_members(text: &str) -> Vec<Member> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array),
            b'}' | b']' => {
                stack.pop();
                end_value(&mut stack);
            }
            b'"' => {
                let Some(end) = string_end(bytes, i) else {
                    return out;
                };
                let range = i..end;
                let decoded = serde_json::from_str::<String>(&text[range.clone()]).ok();
                match stack.last_mut() {
                    Some(Frame::Object(key @ None)) => *key = decoded,
                    Some(Frame::Object(Some(key))) => {
                        if let Some(value) = decoded {
                            let key = key.clone();
                            out.push(Member {
                                range,
                                key,
                                ancestors: ancestors(&stack),
                                value,
                            });
                        }
                        end_value(&mut stack);
                    }
                    _ => {}
                }
                i = end;
                continue;
            }
            b',' | b':' => {}
            c if c.is_ascii_whitespace() => {}
            // A number, `true`, `false` or `null`: read to its end.
            _ => {
                while i < bytes.len()
                    && !matches!(bytes[i], b',' | b'}' | b']')
                    && !bytes[i].is_ascii_whitespace()
                {
                    i += 1;
                }
                end_value(&mut stack);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// A member's value was read: the object waits for its next key.
fn end_value(stack: &mut [Frame]) {
    if let Some(Frame::Object(key)) = stack.last_mut() {
        *key = None;
    }
}

/// The keys under which the innermost object stands, outermost first.
fn ancestors(stack: &[Frame]) -> Vec<String> {
    let outer = &stack[..stack.len().saturating_sub(1)];
    outer
        .iter()
        .filter_map(|frame| match frame {
            Frame::Object(Some(key)) => Some(key.clone()),
            _ => None,
        })
        .collect()
}

/// The index after the closing quote of the string starting at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_with_their_keys_ranges_and_blocks() {
        let text = r#"{"a": 1, "auth": {"token": "t\"1", "n": null}, "list": ["x", {"k": "v"}], "s": "end"}"#;
        let members = string_members(text);
        let summary: Vec<_> = members
            .iter()
            .map(|m| (m.key.as_str(), m.value.as_str(), m.ancestors.join("/")))
            .collect();
        assert_eq!(
            summary,
            [
                ("token", "t\"1", "auth".to_string()),
                ("k", "v", "list".to_string()),
                ("s", "end", String::new()),
            ]
        );
        assert_eq!(&text[members[0].range.clone()], r#""t\"1""#);
    }
}
