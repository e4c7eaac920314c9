//! Finds what a JSONPath selects in a body. A singular path (`$.a.b[2]['c d']`, the common
//! case in tests) is followed while the body streams through serde, skipping everything
//! else, so a 100 MB answer is never built as a tree; any other path (wildcards, filters,
//! slices) goes through serde_json_path over the parsed body.

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// What a path found.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    /// Nothing.
    Nothing,
    /// One value.
    One(Value),
    /// Several values (only a non-singular path finds these).
    Many(Vec<Value>),
}

/// Why nothing could be looked up.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    /// The body is not JSON.
    #[error("the body is not JSON ({0})")]
    NotJson(String),
    /// The path does not parse (checked when the file was read; kept for callers).
    #[error("{0}")]
    BadPath(String),
}

/// One step of a singular path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Name(String),
    Index(usize),
}

/// Runs `path` over `body`.
pub fn select(body: &[u8], path: &str) -> Result<Found, SelectError> {
    if let Some(steps) = singular_steps(path.trim()) {
        let mut de = serde_json::Deserializer::from_slice(body);
        let found = Follow(&steps)
            .deserialize(&mut de)
            .and_then(|v| de.end().map(|()| v))
            .map_err(|e| SelectError::NotJson(e.to_string()))?;
        return Ok(found.map_or(Found::Nothing, Found::One));
    }
    let query = crate::body::jsonpath::parse_path(path)
        .map_err(|e| SelectError::BadPath(format!("column {}: {}", e.column, e.message)))?;
    let value: Value =
        serde_json::from_slice(body).map_err(|e| SelectError::NotJson(e.to_string()))?;
    let mut nodes: Vec<Value> = query.query(&value).all().into_iter().cloned().collect();
    Ok(match nodes.len() {
        0 => Found::Nothing,
        1 => Found::One(nodes.remove(0)),
        _ => Found::Many(nodes),
    })
}

/// The steps of a singular path (`$`, `.name`, `['name']`, `["name"]`, `[N]`), or `None`
/// for anything else (left to serde_json_path).
fn singular_steps(path: &str) -> Option<Vec<Step>> {
    let mut rest = path.strip_prefix('$')?;
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || !c.is_ascii()))
                .unwrap_or(after.len());
            let name = &after[..end];
            if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            steps.push(Step::Name(name.to_owned()));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let close = after.find(']')?;
            let inner = after[..close].trim();
            let step = match inner.chars().next()? {
                quote @ ('\'' | '"') => {
                    let name = inner.strip_prefix(quote)?.strip_suffix(quote)?;
                    // Escapes and a quote inside: leave it to the full parser.
                    if name.contains(['\\', '\'', '"']) {
                        return None;
                    }
                    Step::Name(name.to_owned())
                }
                '0'..='9' => Step::Index(inner.parse().ok()?),
                _ => return None,
            };
            if inner.len() > 1 && inner.starts_with('0') && matches!(step, Step::Index(_)) {
                return None;
            }
            steps.push(step);
            rest = &after[close + 1..];
        } else {
            return None;
        }
    }
    Some(steps)
}

/// Follows the steps through the stream; everything off the path is skipped unread.
struct Follow<'a>(&'a [Step]);

impl<'de> DeserializeSeed<'de> for Follow<'_> {
    type Value = Option<Value>;

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        match self.0.first() {
            None => serde::Deserialize::deserialize(de).map(Some),
            Some(_) => de.deserialize_any(self),
        }
    }
}

impl<'de> Visitor<'de> for Follow<'_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match self.0.first() {
                // A key given twice means its last value, as for a parsed `Value`.
                Some(Step::Name(name)) if *name == key => {
                    found = map.next_value_seed(Follow(&self.0[1..]))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        let mut index = 0;
        loop {
            let hit = matches!(self.0.first(), Some(Step::Index(i)) if *i == index);
            if hit {
                match seq.next_element_seed(Follow(&self.0[1..]))? {
                    Some(value) => found = value,
                    None => break,
                }
            } else if seq.next_element::<IgnoredAny>()?.is_none() {
                break;
            }
            index += 1;
        }
        Ok(found)
    }

    // A scalar where the path wants to go deeper: nothing there.
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BODY: &[u8] = br#"{"a":{"b":[10,{"c d":"x"},[1,2]]},"n":null,"s":"t","a2":1}"#;

    #[test]
    fn singular_paths_follow_the_stream() {
        assert_eq!(select(BODY, "$.a.b[0]").unwrap(), Found::One(json!(10)));
        assert_eq!(
            select(BODY, "$.a.b[1]['c d']").unwrap(),
            Found::One(json!("x"))
        );
        assert_eq!(
            select(BODY, "$['a'][\"b\"][2]").unwrap(),
            Found::One(json!([1, 2]))
        );
        assert_eq!(select(BODY, "$.n").unwrap(), Found::One(Value::Null));
        assert_eq!(
            select(BODY, "$").unwrap(),
            Found::One(serde_json::from_slice(BODY).unwrap())
        );
        for missing in ["$.zz", "$.a.b[9]", "$.s.deeper", "$.a.b[0].x"] {
            assert_eq!(select(BODY, missing).unwrap(), Found::Nothing, "{missing}");
        }
    }

    #[test]
    fn a_repeated_key_means_its_last_value_as_a_parsed_value_does() {
        let body = br#"{"k": 1, "o": {"x": 1}, "k": 2, "o": "flat"}"#;
        let value: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(value["k"], json!(2));
        assert_eq!(select(body, "$.k").unwrap(), Found::One(json!(2)));
        assert_eq!(select(body, "$.o.x").unwrap(), Found::Nothing);
    }

    #[test]
    fn other_paths_use_the_full_parser_and_agree() {
        assert_eq!(
            select(BODY, "$.a.b[*]").unwrap(),
            Found::Many(vec![json!(10), json!({"c d": "x"}), json!([1, 2])])
        );
        assert_eq!(select(BODY, "$.a.b[-1][1]").unwrap(), Found::One(json!(2)));
        assert_eq!(select(BODY, "$..zz").unwrap(), Found::Nothing);
        for path in ["$.a.b[1]", "$.a2", "$['n']"] {
            let full = crate::body::jsonpath::parse_path(path).unwrap();
            let value: Value = serde_json::from_slice(BODY).unwrap();
            let expected = full.query(&value).all();
            assert_eq!(select(BODY, path).unwrap(), Found::One(expected[0].clone()));
        }
    }

    #[test]
    fn a_body_that_is_not_json_is_named() {
        let err = select(b"<html>", "$.a").unwrap_err();
        assert!(matches!(err, SelectError::NotJson(_)));
        let err = select(br#"{"a":1} trailing"#, "$.a").unwrap_err();
        assert!(err.to_string().contains("not JSON"), "{err}");
    }

    #[test]
    fn step_parsing() {
        assert_eq!(singular_steps("$"), Some(vec![]));
        assert_eq!(
            singular_steps("$.é_1"),
            Some(vec![Step::Name("é_1".into())])
        );
        assert_eq!(singular_steps("$[01]"), None);
        assert_eq!(singular_steps("$.a[*]"), None);
        assert_eq!(singular_steps("$['it\\'s']"), None);
        assert_eq!(singular_steps("a.b"), None);
    }
}
