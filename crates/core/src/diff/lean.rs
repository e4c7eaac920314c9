//! The lean tree (`crate::json_lean`) as a diff `Tree`.

use serde_json::Value;

use super::tree::{KeyValue, Shape, Tree};
use crate::json_lean::{Member, Node};

impl Tree for Node<'_> {
    const FAST_MEMBER: bool = false;

    fn shape(&self) -> Shape<'_, Self> {
        match self {
            Node::Object(o) => Shape::Object(o.len()),
            Node::Array(a) => Shape::Array(a),
            _ => Shape::Scalar,
        }
    }

    fn members(&self) -> impl DoubleEndedIterator<Item = (&str, &Self)> {
        let members: &[Member<'_>] = match self {
            Node::Object(o) => o,
            _ => &[],
        };
        members.iter().map(|(k, v)| (*k, v))
    }

    fn member(&self, key: &str) -> Option<&Self> {
        match self {
            Node::Object(o) => o.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn scalar_eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Node::Null, Node::Null) => true,
            (Node::Bool(a), Node::Bool(b)) => a == b,
            (Node::Number(a), Node::Number(b)) => a == b,
            (Node::String(a), Node::String(b)) => a == b,
            _ => false,
        }
    }

    fn key_value(&self) -> Option<KeyValue<'_>> {
        match self {
            Node::String(s) => Some(KeyValue::Str(s)),
            Node::Number(n) => Some(KeyValue::Num(n.to_string())),
            Node::Bool(b) => Some(KeyValue::Bool(*b)),
            Node::Null => Some(KeyValue::Null),
            Node::Array(_) | Node::Object(_) => None,
        }
    }

    fn to_value(&self) -> Value {
        Node::to_value(self)
    }
}
