//! JSON body skeletons: a value shaped like a schema, for the user to fill in.
//!
//! Values come from `example` / `examples[0]`, else `default`, else `const`, else the first
//! `enum` value, else the type (format-aware strings, `minimum` for numbers, one item for
//! arrays). Objects get **all** their properties, required and optional, so the user sees what
//! can be sent and deletes what they do not need; read-only optional properties are left out
//! (the server sets them), and past [`MAX_WIDTH`] properties only required ones are added.
//!
//! Generation stops, leaving a marker string and recording where, at a recursive `$ref`
//! (`<recursive: #/...>`), an unresolvable one (`<unresolved $ref: #/...>`), past
//! [`MAX_DEPTH`] levels of nesting (`<depth limit>`) and past [`MAX_NODES`] values
//! (`<size limit>`), so odd specs never hang or overflow the stack.

use serde_json::{Map, Value};

use super::params::{is_null_schema, schema_type};
use super::resolve::{lookup, ref_of};

/// Nesting levels (objects and arrays) before generation stops.
pub const MAX_DEPTH: usize = 12;
/// Generated values in one skeleton before generation stops.
pub const MAX_NODES: usize = 5000;
/// Properties per object beyond which only required ones are added.
pub const MAX_WIDTH: usize = 48;
/// Schema hops (refs, allOf, anyOf) on one path; bounds the recursion even without nesting.
const MAX_HOPS: usize = 96;

/// A generated body and the places where generation stopped early.
#[derive(Clone, Debug, PartialEq)]
pub struct Skeleton {
    /// The generated value.
    pub value: Value,
    /// JSON-pointer-ish paths (e.g. "/anatomy/roots/0") where generation stopped: depth limit,
    /// a recursive $ref, or a $ref that does not resolve. Each such place in `value` holds a marker
    /// string like `"<recursive: #/components/schemas/Folder>"`, `"<unresolved $ref: #/components/schemas/Nope>"` or `"<depth limit>"`.
    pub stopped_at: Vec<String>,
}

/// The skeleton of `schema`, resolving its `$ref`s within `doc`.
pub fn skeleton_for(schema: &Value, doc: &Value) -> Skeleton {
    let mut generator = Generator {
        doc,
        refs: Vec::new(),
        stopped_at: Vec::new(),
        nodes: 0,
    };
    let value = generator.value(schema, &mut String::new(), 0, 0);
    Skeleton {
        value,
        stopped_at: generator.stopped_at,
    }
}

struct Generator<'a> {
    doc: &'a Value,
    /// `$ref`s being expanded on the current path: meeting one again is recursion.
    refs: Vec<&'a str>,
    stopped_at: Vec<String>,
    nodes: usize,
}

impl<'a> Generator<'a> {
    fn stop(&mut self, at: &str, marker: String) -> Value {
        self.stopped_at.push(at.to_string());
        Value::String(marker)
    }

    /// `at` is the pointer of the value being generated; `depth` counts nesting, `hops` all calls.
    fn value(&mut self, schema: &'a Value, at: &mut String, depth: usize, hops: usize) -> Value {
        if hops > MAX_HOPS || depth > MAX_DEPTH {
            return self.stop(at, "<depth limit>".into());
        }
        if let Some(v) = literal(schema) {
            return v;
        }
        if let Some(reference) = ref_of(schema) {
            return self.follow(reference, at, depth, hops);
        }
        if let Some(branches) = schema.get("allOf").and_then(Value::as_array) {
            return self.all_of(schema, branches, at, depth, hops);
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = schema.get(key).and_then(Value::as_array) {
                // FastAPI writes Optional[X] as anyOf [X, {type: null}]: take the real branch.
                return match branches.iter().find(|b| !is_null_schema(self.doc, b)) {
                    Some(branch) => self.value(branch, at, depth, hops + 1),
                    None => Value::Null,
                };
            }
        }
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return self.stop(at, "<size limit>".into());
        }
        let ty = schema_type(schema).or_else(|| {
            if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() {
                Some("object")
            } else if schema.get("items").is_some() {
                Some("array")
            } else {
                None
            }
        });
        match ty {
            Some("object") => self.object(schema, at, depth, hops),
            Some("array") => self.array(schema, at, depth, hops),
            Some("string") => Value::String(string_for(schema)),
            Some("integer") => integer_for(schema),
            Some("number") => number_for(schema),
            Some("boolean") => Value::Bool(false),
            _ => Value::Null,
        }
    }

    fn follow(&mut self, reference: &'a str, at: &mut String, depth: usize, hops: usize) -> Value {
        if self.refs.contains(&reference) {
            return self.stop(at, format!("<recursive: {reference}>"));
        }
        let Some(target) = lookup(self.doc, reference) else {
            return self.stop(at, format!("<unresolved $ref: {reference}>"));
        };
        self.refs.push(reference);
        let value = self.value(target, at, depth, hops + 1);
        self.refs.pop();
        value
    }

    fn all_of(
        &mut self,
        schema: &'a Value,
        branches: &'a [Value],
        at: &mut String,
        depth: usize,
        hops: usize,
    ) -> Value {
        let mut merged: Option<Map<String, Value>> = None;
        let mut other: Option<Value> = None;
        for branch in branches {
            match self.value(branch, at, depth, hops + 1) {
                Value::Object(map) => merged.get_or_insert_with(Map::new).extend(map),
                v if other.is_none() => other = Some(v),
                _ => {}
            }
        }
        // Properties declared next to allOf belong to the same object.
        if schema.get("properties").is_some()
            && let Value::Object(map) = self.object(schema, at, depth, hops)
        {
            merged.get_or_insert_with(Map::new).extend(map);
        }
        match (merged, other) {
            (Some(map), _) => Value::Object(map),
            (None, Some(v)) => v,
            (None, None) => Value::Null,
        }
    }

    fn object(&mut self, schema: &'a Value, at: &mut String, depth: usize, hops: usize) -> Value {
        let mut out = Map::new();
        let Some(props) = schema.get("properties").and_then(Value::as_object) else {
            return Value::Object(out);
        };
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (name, prop) in props {
            let is_required = required.contains(&name.as_str());
            let read_only = prop.get("readOnly").and_then(Value::as_bool) == Some(true);
            if !is_required && (read_only || out.len() >= MAX_WIDTH) {
                continue;
            }
            let len = at.len();
            at.push('/');
            at.push_str(&name.replace('~', "~0").replace('/', "~1"));
            let v = self.value(prop, at, depth + 1, hops + 1);
            at.truncate(len);
            out.insert(name.clone(), v);
        }
        Value::Object(out)
    }

    fn array(&mut self, schema: &'a Value, at: &mut String, depth: usize, hops: usize) -> Value {
        let Some(items) = schema.get("items").filter(|i| i.is_object()) else {
            return Value::Array(Vec::new());
        };
        let len = at.len();
        at.push_str("/0");
        let item = self.value(items, at, depth + 1, hops + 1);
        at.truncate(len);
        Value::Array(vec![item])
    }
}

/// A value the schema spells out: example, examples[0], default, const, first enum value.
fn literal(schema: &Value) -> Option<Value> {
    let first = |key: &str| {
        schema
            .get(key)
            .and_then(Value::as_array)
            .and_then(|a| a.first())
    };
    schema
        .get("example")
        .or_else(|| first("examples"))
        .or_else(|| schema.get("default"))
        .or_else(|| schema.get("const"))
        .or_else(|| first("enum"))
        .cloned()
}

fn string_for(schema: &Value) -> String {
    let text = match schema.get("format").and_then(Value::as_str) {
        Some("date-time") => "2026-01-01T00:00:00Z",
        Some("date") => "2026-01-01",
        Some("time") => "00:00:00",
        Some("uuid") => "00000000-0000-0000-0000-000000000000",
        Some("email") => "user@example.com",
        Some("uri" | "url") => "https://example.com",
        _ => "",
    };
    text.to_string()
}

fn integer_for(schema: &Value) -> Value {
    let min = schema.get("minimum").and_then(Value::as_f64);
    let exclusive = schema.get("exclusiveMinimum").and_then(Value::as_f64);
    let n = match (min, exclusive) {
        (_, Some(e)) => (e.floor() as i64).saturating_add(1),
        (Some(m), None) => m.ceil() as i64,
        (None, None) => 0,
    };
    Value::from(n)
}

fn number_for(schema: &Value) -> Value {
    let n = schema
        .get("minimum")
        .and_then(Value::as_f64)
        .or_else(|| schema.get("exclusiveMinimum").and_then(Value::as_f64))
        .unwrap_or(0.0);
    Value::from(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schemas(defs: Value) -> Value {
        json!({"components": {"schemas": defs}})
    }

    #[test]
    fn values_follow_precedence_and_types() {
        let doc = schemas(json!({"Kind": {"enum": ["a", "b"]}}));
        let schema = json!({"type": "object", "required": ["n"], "properties": {
            "n": {"type": "integer", "minimum": 1.0},
            "when": {"type": "string", "format": "date-time"},
            "ex": {"type": "string", "example": "hi", "default": "no"},
            "def": {"type": "boolean", "default": true},
            "kind": {"$ref": "#/components/schemas/Kind"},
            "opt": {"anyOf": [{"type": "number"}, {"type": "null"}]},
            "list": {"type": ["array", "null"], "items": {"type": "string"}},
            "map": {"type": "object", "additionalProperties": {"type": "string"}},
            "id": {"type": "string", "readOnly": true}
        }});
        let s = skeleton_for(&schema, &doc);
        assert!(s.stopped_at.is_empty());
        assert_eq!(
            s.value,
            json!({"n": 1, "when": "2026-01-01T00:00:00Z", "ex": "hi", "def": true,
                   "kind": "a", "opt": 0.0, "list": [""], "map": {}})
        );
    }

    #[test]
    fn all_of_merges_objects() {
        let doc = schemas(json!({
            "A": {"type": "object", "properties": {"a": {"type": "string"}}},
            "B": {"type": "object", "properties": {"b": {"type": "integer"}}}
        }));
        let schema = json!({"allOf": [{"$ref": "#/components/schemas/A"},
            {"$ref": "#/components/schemas/B"}], "properties": {"c": {"type": "boolean"}}});
        assert_eq!(
            skeleton_for(&schema, &doc).value,
            json!({"a": "", "b": 0, "c": false})
        );
    }

    #[test]
    fn recursion_and_broken_refs_stop_with_markers() {
        let doc = schemas(json!({
            "Folder": {"type": "object", "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Folder"}},
                "bad": {"$ref": "#/components/schemas/Nope"}
            }}
        }));
        let s = skeleton_for(&json!({"$ref": "#/components/schemas/Folder"}), &doc);
        assert_eq!(
            s.value["children"][0],
            "<recursive: #/components/schemas/Folder>"
        );
        assert_eq!(
            s.value["bad"],
            "<unresolved $ref: #/components/schemas/Nope>"
        );
        assert_eq!(s.stopped_at, ["/children/0", "/bad"]);
    }

    #[test]
    fn node_cap_bounds_wide_trees() {
        // 10 levels of 40 properties would be 40^10 values without the cap.
        let mut defs = Map::new();
        for i in 0..10 {
            let props: Map<String, Value> = (0..40)
                .map(|p| {
                    (
                        format!("p{p}"),
                        json!({"$ref": format!("#/components/schemas/L{}", i + 1)}),
                    )
                })
                .collect();
            defs.insert(
                format!("L{i}"),
                json!({"type": "object", "properties": props}),
            );
        }
        defs.insert("L10".into(), json!({"type": "string"}));
        let doc = schemas(Value::Object(defs));
        let s = skeleton_for(&json!({"$ref": "#/components/schemas/L0"}), &doc);
        assert!(s.stopped_at.len() < 1000, "{}", s.stopped_at.len());
        assert!(s.value.to_string().contains("<size limit>"));
    }
}
