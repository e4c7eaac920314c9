//! What the diff walk needs from a parsed document, so one walk serves both
//! `serde_json::Value` and the lean tree that borrows from the body.

use serde_json::Value;

/// The shape of one value, as the walk branches on it.
pub(crate) enum Shape<'s, T> {
    /// An object with this many members.
    Object(usize),
    /// An array and its elements.
    Array(&'s [T]),
    /// A string, number, boolean or null.
    Scalar,
}

/// A scalar identifying an array element.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) enum KeyValue<'a> {
    Str(&'a str),
    /// Numbers by their rendering, so `1` and `1.0` are different keys.
    Num(String),
    Bool(bool),
    Null,
}

/// A parsed JSON document the diff can walk.
pub(crate) trait Tree: Sized {
    /// Whether [`Tree::member`] is cheap on large objects (else the walk indexes them).
    const FAST_MEMBER: bool;

    /// Object, array or scalar.
    fn shape(&self) -> Shape<'_, Self>;

    /// The members of an object in document order (none for other values).
    fn members(&self) -> impl DoubleEndedIterator<Item = (&str, &Self)>;

    /// The member named `key` of an object.
    fn member(&self, key: &str) -> Option<&Self>;

    /// Whether two scalars are equal, with `serde_json::Value`'s meaning (`1` is not `1.0`).
    fn scalar_eq(&self, other: &Self) -> bool;

    /// This value as an array key, when it is a scalar.
    fn key_value(&self) -> Option<KeyValue<'_>>;

    /// A copy as a `serde_json::Value`, for reporting.
    fn to_value(&self) -> Value;
}

impl Tree for Value {
    const FAST_MEMBER: bool = true;

    fn shape(&self) -> Shape<'_, Self> {
        match self {
            Value::Object(o) => Shape::Object(o.len()),
            Value::Array(a) => Shape::Array(a),
            _ => Shape::Scalar,
        }
    }

    fn members(&self) -> impl DoubleEndedIterator<Item = (&str, &Self)> {
        self.as_object()
            .into_iter()
            .flat_map(|o| o.iter().map(|(k, v)| (k.as_str(), v)))
    }

    fn member(&self, key: &str) -> Option<&Self> {
        self.as_object()?.get(key)
    }

    fn scalar_eq(&self, other: &Self) -> bool {
        self == other
    }

    fn key_value(&self) -> Option<KeyValue<'_>> {
        match self {
            Value::String(s) => Some(KeyValue::Str(s)),
            Value::Number(n) => Some(KeyValue::Num(n.to_string())),
            Value::Bool(b) => Some(KeyValue::Bool(*b)),
            Value::Null => Some(KeyValue::Null),
            Value::Array(_) | Value::Object(_) => None,
        }
    }

    fn to_value(&self) -> Value {
        self.clone()
    }
}
