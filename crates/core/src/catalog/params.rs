//! Parameters: merging path-item and operation lists, and short human type labels.

use serde_json::Value;

use super::model::{Param, ParamIn};
use super::resolve::{deref, ref_name, ref_of};

/// How deep `type_label` looks into nested array item schemas.
const LABEL_DEPTH: usize = 4;

/// Path-item parameters overridden by operation parameters (same name and location), with path
/// parameters first in the order they appear in `path`, then the rest in declared order.
/// A `{name}` in the template that nothing declares gets a plain required string parameter.
pub(super) fn merged_params(
    doc: &Value,
    path: &str,
    item_params: Option<&Value>,
    op_params: Option<&Value>,
) -> Vec<Param> {
    let mut params: Vec<Param> = Vec::new();
    for list in [item_params, op_params].into_iter().flatten() {
        for raw in list.as_array().into_iter().flatten() {
            let Some(param) = read_param(doc, raw) else {
                continue;
            };
            match params
                .iter_mut()
                .find(|p| p.name == param.name && p.location == param.location)
            {
                Some(slot) => *slot = param,
                None => params.push(param),
            }
        }
    }
    let mut ordered = Vec::with_capacity(params.len());
    for name in template_names(path) {
        match params
            .iter()
            .position(|p| p.location == ParamIn::Path && p.name == name)
        {
            Some(i) => ordered.push(params.remove(i)),
            None => ordered.push(Param {
                name: name.to_string(),
                location: ParamIn::Path,
                required: true,
                type_label: "string".into(),
                default: None,
                example: None,
                description: String::new(),
            }),
        }
    }
    ordered.extend(params);
    ordered
}

/// The `{name}` placeholders of a path template, in order.
fn template_names(path: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

fn read_param(doc: &Value, raw: &Value) -> Option<Param> {
    let p = deref(doc, raw);
    let name = p.get("name")?.as_str()?.to_string();
    let location = match p.get("in")?.as_str()? {
        "path" => ParamIn::Path,
        "query" => ParamIn::Query,
        "header" => ParamIn::Header,
        "cookie" => ParamIn::Cookie,
        _ => return None,
    };
    let schema = p.get("schema").map(|s| deref(doc, s));
    let text = |v: Option<&Value>, key: &str| {
        v.and_then(|v| v.get(key))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let description = text(Some(p), "description")
        .or_else(|| text(schema, "description"))
        .or_else(|| text(schema, "title"))
        .unwrap_or_default();
    // OpenAPI allows `example`, or an `examples` map of {value} objects, on the parameter.
    let named_example = p
        .get("examples")
        .and_then(Value::as_object)
        .and_then(|m| m.values().find_map(|e| e.get("value")));
    let example = p
        .get("example")
        .or(named_example)
        .or_else(|| schema.and_then(|s| s.get("example")))
        .or_else(|| {
            schema
                .and_then(|s| s.get("examples"))
                .and_then(|e| e.as_array())
                .and_then(|a| a.first())
        })
        .cloned();
    Some(Param {
        required: location == ParamIn::Path
            || p.get("required").and_then(Value::as_bool).unwrap_or(false),
        name,
        location,
        type_label: schema.map_or_else(|| "string".into(), |s| type_label(doc, s)),
        default: schema.and_then(|s| s.get("default")).cloned(),
        example,
        description,
    })
}

/// A short human label for a schema: "string", "integer ≥ 1", "enum: a | b", "array of string".
pub(super) fn type_label(doc: &Value, schema: &Value) -> String {
    label_at(doc, schema, 0)
}

fn label_at(doc: &Value, schema: &Value, depth: usize) -> String {
    let schema = non_null_branch(doc, deref(doc, schema));
    if depth > LABEL_DEPTH {
        return "…".into();
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let names: Vec<String> = values.iter().map(scalar_text).collect();
        return format!("enum: {}", names.join(" | "));
    }
    if let Some(c) = schema.get("const") {
        return format!("const {}", scalar_text(c));
    }
    let Some(ty) = schema_type(schema) else {
        return match ref_of(schema) {
            Some(r) => ref_name(r),
            None if schema.get("properties").is_some() => "object".into(),
            None => "any".into(),
        };
    };
    match ty {
        "array" => match schema.get("items") {
            Some(items) => format!("array of {}", label_at(doc, items, depth + 1)),
            None => "array".into(),
        },
        "integer" | "number" => {
            let mut label = ty.to_string();
            if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
                label.push_str(&format!(" ≥ {}", number_text(min)));
            }
            if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
                label.push_str(&format!(" ≤ {}", number_text(max)));
            }
            label
        }
        "string" => match schema.get("format").and_then(Value::as_str) {
            Some(format) => format!("string ({format})"),
            None => "string".into(),
        },
        other => other.to_string(),
    }
}

/// `anyOf`/`oneOf` with a null branch (FastAPI's Optional) -> the first non-null branch.
pub(super) fn non_null_branch<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    for key in ["anyOf", "oneOf"] {
        let branches = schema.get(key).and_then(Value::as_array);
        if let Some(b) = branches.and_then(|bs| bs.iter().find(|b| !is_null_schema(doc, b))) {
            return deref(doc, b);
        }
    }
    schema
}

/// The schema's type, ignoring "null" in an OpenAPI 3.1 type list.
pub(super) fn schema_type(schema: &Value) -> Option<&str> {
    match schema.get("type")? {
        Value::String(s) => Some(s),
        Value::Array(list) => list.iter().filter_map(Value::as_str).find(|t| *t != "null"),
        _ => None,
    }
}

/// `{type: "null"}` (or `nullable`-only) schemas, which carry no shape of their own.
pub(super) fn is_null_schema(doc: &Value, schema: &Value) -> bool {
    deref(doc, schema).get("type").and_then(Value::as_str) == Some("null")
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// 1.0 -> "1", 0.5 -> "0.5" (FastAPI writes integer bounds as floats).
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn labels() {
        let doc = json!({"components": {"schemas": {"Order": {"enum": ["name", "createdAt"]}}}});
        let label = |s: Value| type_label(&doc, &s);
        assert_eq!(
            label(json!({"type": "integer", "minimum": 1.0})),
            "integer ≥ 1"
        );
        assert_eq!(
            label(json!({"$ref": "#/components/schemas/Order"})),
            "enum: name | createdAt"
        );
        assert_eq!(
            label(json!({"type": "array", "items": {"type": "string"}})),
            "array of string"
        );
        assert_eq!(
            label(json!({"anyOf": [{"type": "boolean"}, {"type": "null"}]})),
            "boolean"
        );
        assert_eq!(label(json!({"type": ["string", "null"]})), "string");
        assert_eq!(label(json!({})), "any");
    }

    #[test]
    fn operation_params_win_and_path_params_come_first() {
        let doc = json!({"components": {"parameters": {"P": {"name": "b", "in": "path", "required": true, "schema": {"type": "integer"}}}}});
        let item = json!([
            {"name": "q", "in": "query", "schema": {"type": "string"}},
            {"name": "h", "in": "header", "examples": {"one": {"value": "x"}}}
        ]);
        let op = json!([
            {"name": "q", "in": "query", "required": true, "schema": {"type": "boolean"}},
            {"$ref": "#/components/parameters/P"},
            {"name": "a", "in": "path", "schema": {"type": "string"}},
            {"bad": true}
        ]);
        let params = merged_params(&doc, "/x/{a}/{b}/{c}", Some(&item), Some(&op));
        let names: Vec<_> = params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c", "q", "h"]);
        assert_eq!(params[4].example, Some(json!("x")));
        assert_eq!(params[4].type_label, "string");
        assert_eq!(params[1].type_label, "integer");
        assert!(params[0].required);
        assert_eq!(params[3].type_label, "boolean");
        assert!(params[3].required);
    }
}
