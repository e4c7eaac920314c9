//! The lean tree: strings and keys borrow from the body (copied only when they hold
//! escapes: a string into its own `String`, a key into the parse's [`EscapedKeys`]),
//! arrays and objects are exact-size boxed slices. A member is five words, a value three,
//! so a body fits in about twice its size, where `serde_json::Value` takes ten.
//!
//! It means what `serde_json::Value` (with `preserve_order`) means for the same text:
//! numbers are `serde_json::Number`s (`1` and `1.0` differ), and a key given twice keeps
//! its first place with its last value.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Number, Value};

/// One JSON value, borrowing from the text it was parsed from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Box<[Node<'a>]>),
    /// Members in document order, each key once.
    Object(Box<[Member<'a>]>),
}

/// One member of an object: its key and value. The key is a plain borrow (two words, not
/// a `Cow`'s three): members are most of a tree, so this word is a sixth of its size.
pub(crate) type Member<'a> = (&'a str, Node<'a>);

/// Where the keys that hold escapes are kept while a tree borrows them (rare in answers;
/// the other keys borrow from the body itself).
#[derive(Default)]
pub(crate) struct EscapedKeys(bumpalo::Bump);

impl EscapedKeys {
    fn keep<'a>(&'a self, key: &str) -> &'a str {
        self.0.alloc_str(key)
    }
}

/// Parses a JSON body into the lean form (the same errors as parsing a `Value`, depth
/// limit included). Keys with escapes go into `keys`, which must outlive the tree.
pub(crate) fn parse<'a>(
    body: &'a [u8],
    keys: &'a EscapedKeys,
) -> Result<Node<'a>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let node = NodeSeed(keys).deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(node)
}

/// Reads one value, keeping escaped keys in the arena it carries. The value lives as long
/// as the shorter of the body and the arena.
#[derive(Clone, Copy)]
pub(crate) struct NodeSeed<'a>(pub(crate) &'a EscapedKeys);

impl<'de: 'a, 'a> DeserializeSeed<'de> for NodeSeed<'a> {
    type Value = Node<'a>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'a>, D::Error> {
        deserializer.deserialize_any(NodeVisitor(self.0))
    }
}

struct NodeVisitor<'a>(&'a EscapedKeys);

impl<'de: 'a, 'a> Visitor<'de> for NodeVisitor<'a> {
    type Value = Node<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Node::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        // As `Value` does: a number that is not finite becomes null.
        Ok(Number::from_f64(v).map_or(Node::Null, Node::Number))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Node::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Node::String(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Node::String(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Node::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut elements = Vec::new();
        while let Some(element) = seq.next_element_seed(NodeSeed(self.0))? {
            elements.push(element);
        }
        Ok(Node::Array(elements.into_boxed_slice()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members: Vec<Member<'a>> = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            let value = map.next_value_seed(NodeSeed(self.0))?;
            members.push((key, value));
        }
        if has_duplicate_keys(&members) {
            members = without_duplicate_keys(members);
        }
        Ok(Node::Object(members.into_boxed_slice()))
    }
}

/// An object key: borrowed from the body, or kept in the arena when it holds escapes.
#[derive(Clone, Copy)]
struct KeySeed<'a>(&'a EscapedKeys);

impl<'de: 'a, 'a> DeserializeSeed<'de> for KeySeed<'a> {
    type Value = &'a str;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<&'a str, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de: 'a, 'a> Visitor<'de> for KeySeed<'a> {
    type Value = &'a str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(v)
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.keep(v))
    }
}

/// Objects up to this size are checked for repeated keys pair by pair, larger ones by hash.
const SMALL_OBJECT: usize = 16;

fn has_duplicate_keys(members: &[Member<'_>]) -> bool {
    if members.len() <= SMALL_OBJECT {
        members
            .iter()
            .enumerate()
            .any(|(i, (k, _))| members[..i].iter().any(|(seen, _)| seen == k))
    } else {
        let mut seen = HashSet::with_capacity(members.len());
        !members.iter().all(|(k, _)| seen.insert(*k))
    }
}

/// Keeps each key once, at its first place with its last value (as `Value` does).
fn without_duplicate_keys(members: Vec<Member<'_>>) -> Vec<Member<'_>> {
    let mut kept: Vec<Member<'_>> = Vec::with_capacity(members.len());
    let mut place: std::collections::HashMap<&str, usize> = Default::default();
    for (key, value) in members {
        match place.get(key) {
            Some(&i) => {
                if let Some(slot) = kept.get_mut(i) {
                    slot.1 = value;
                }
            }
            None => {
                place.insert(key, kept.len());
                kept.push((key, value));
            }
        }
    }
    kept
}

impl Node<'_> {
    /// The same value as a `serde_json::Value` (for output of a few selected values).
    ///
    /// Recurses, which is safe: parsing limits the depth (serde_json's limit of 128).
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.to_string()),
            Node::Array(a) => Value::Array(a.iter().map(Node::to_value).collect()),
            Node::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, v)| (k.to_string(), v.to_value()))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }
}

/// Written exactly as the same `Value` would be (members in document order).
impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => serializer.serialize_unit(),
            Node::Bool(b) => serializer.serialize_bool(*b),
            Node::Number(n) => n.serialize(serializer),
            Node::String(s) => serializer.serialize_str(s),
            Node::Array(a) => {
                let mut seq = serializer.serialize_seq(Some(a.len()))?;
                for element in a.iter() {
                    seq.serialize_element(element)?;
                }
                seq.end()
            }
            Node::Object(o) => {
                let mut map = serializer.serialize_map(Some(o.len()))?;
                for (key, value) in o.iter() {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lean_value(text: &str) -> Value {
        parse(text.as_bytes(), &EscapedKeys::default())
            .unwrap()
            .to_value()
    }

    #[test]
    fn serializes_like_value() {
        let text = r#"{"a": [1, 1.5, -0.0, "x\u00e9\n"], "b": {"c": null, "d": true}, "a": {}}"#;
        let value: Value = serde_json::from_str(text).unwrap();
        let keys = EscapedKeys::default();
        let node = parse(text.as_bytes(), &keys).unwrap();
        assert_eq!(serde_json::to_string(&node).unwrap(), value.to_string());
        assert_eq!(
            serde_json::to_string_pretty(&node).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }

    #[test]
    fn node_is_three_words_and_member_five() {
        assert!(std::mem::size_of::<Node<'_>>() <= 24);
        assert!(std::mem::size_of::<Member<'_>>() <= 40);
    }

    #[test]
    fn strings_and_keys_borrow_unless_escaped() {
        let text = r#"{"plain": "text", "esc\u00e9": "a\nb"}"#;
        let keys = EscapedKeys::default();
        let node = parse(text.as_bytes(), &keys).unwrap();
        let Node::Object(members) = &node else {
            panic!("not an object: {node:?}");
        };
        let within_body = text.as_bytes().as_ptr_range();
        assert_eq!(members[0].0, "plain");
        assert!(within_body.contains(&members[0].0.as_ptr()));
        assert!(matches!(&members[0].1, Node::String(Cow::Borrowed("text"))));
        assert_eq!(members[1].0, "escé");
        assert!(!within_body.contains(&members[1].0.as_ptr()));
        assert!(matches!(&members[1].1, Node::String(Cow::Owned(s)) if s == "a\nb"));
    }

    #[test]
    fn same_meaning_as_value() {
        for text in [
            r#"{"a": 1, "b": [1.0, -0, -0.0, 1e2, 18446744073709551615, -9223372036854775808]}"#,
            r#"{"dup": 1, "x": true, "dup": {"y": null}, "x": false}"#,
            r#"[[], {}, "", "\u0041\"", 12345678901234567890123]"#,
            "null",
        ] {
            let value: Value = serde_json::from_str(text).unwrap();
            assert_eq!(lean_value(text), value, "{text}");
        }
    }

    #[test]
    fn duplicate_keys_in_a_large_object_keep_first_place_and_last_value() {
        let mut text = String::from("{");
        for i in 0..40 {
            text.push_str(&format!(r#""k{}": {i},"#, i % 25));
        }
        text.push_str(r#""end": 0}"#);
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(lean_value(&text), value);
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 26);
    }

    #[test]
    fn bad_and_too_deep_input_are_errors() {
        let keys = EscapedKeys::default();
        assert!(parse(b"{\"a\": ", &keys).is_err());
        assert!(parse(b"[1] x", &keys).is_err());
        assert!(parse(b"\"\xff\"", &keys).is_err());
        assert!(parse(b"{\"k\\u00e9\": 1} x", &keys).is_err());
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(deep.as_bytes(), &keys).is_err());
    }
}
