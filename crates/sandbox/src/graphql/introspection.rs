//! The values behind `__schema` and `__type(name:)`, generated from the
//! tables of [`super::schema`] and [`super::meta_schema`] and built once.
//!
//! Each `__Type`, `__Field`, ... is a JSON object with every field of its
//! introspection type; the executor applies the query's selections to them
//! like to any other object. A type reference (`type`, `ofType`,
//! `queryType`) carries only `kind`, `name` and `ofType`; its other fields
//! are read from the named type ([`type_field`]), since the types refer to
//! each other in cycles.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use super::meta_schema::{self, DirectiveDef, EnumType};
use super::schema::{self, ArgDef, FieldDef, ObjectType, QUERY, ScalarType, base_type};

/// The name of the introspection type of types.
pub const TYPE_TYPE: &str = "__Type";

/// The introspection data, built on first use.
struct Introspection {
    /// The `__Schema` object.
    schema: Value,
    /// Every `__Type` object by name.
    types: HashMap<&'static str, Value>,
}

fn introspection() -> &'static Introspection {
    static BUILT: OnceLock<Introspection> = OnceLock::new();
    BUILT.get_or_init(build)
}

/// The value of `__schema`.
pub fn schema_value() -> &'static Value {
    &introspection().schema
}

/// The value of `__type(name:)`: the named type, or null.
pub fn type_value(name: &str) -> Value {
    introspection()
        .types
        .get(name)
        .cloned()
        .unwrap_or(Value::Null)
}

/// Field `field` of a `__Type` object: its own, or for a reference, the named
/// type's.
pub fn type_field(source: &Value, field: &str) -> Value {
    if let Some(value) = source.get(field) {
        return value.clone();
    }
    source
        .get("name")
        .and_then(Value::as_str)
        .and_then(|name| introspection().types.get(name))
        .and_then(|full| full.get(field))
        .cloned()
        .unwrap_or(Value::Null)
}

/// One named type of the schema.
#[derive(Clone, Copy)]
enum Named {
    Object(&'static ObjectType),
    Scalar(&'static ScalarType),
    Enum(&'static EnumType),
}

impl Named {
    fn find(name: &str) -> Option<Named> {
        schema::object_type(name)
            .map(Named::Object)
            .or_else(|| schema::scalar(name).map(Named::Scalar))
            .or_else(|| meta_schema::enum_type(name).map(Named::Enum))
    }

    fn name(self) -> &'static str {
        match self {
            Named::Object(t) => t.name,
            Named::Scalar(s) => s.name,
            Named::Enum(e) => e.name,
        }
    }

    fn kind(self) -> &'static str {
        match self {
            Named::Object(_) => "OBJECT",
            Named::Scalar(_) => "SCALAR",
            Named::Enum(_) => "ENUM",
        }
    }
}

fn build() -> Introspection {
    // graphql-core's order: what `Query` reaches, depth first (a field's type
    // before its arguments' types), then what `__Schema` reaches.
    let mut order = Vec::new();
    let mut seen = HashSet::new();
    collect(QUERY.name, &mut seen, &mut order);
    collect("__Schema", &mut seen, &mut order);
    let types: Vec<(&'static str, Value)> = order
        .into_iter()
        .map(|named| (named.name(), full_type(named)))
        .collect();
    let directives: Vec<Value> = meta_schema::DIRECTIVES.iter().map(directive).collect();
    let schema = json!({
        "description": null,
        "types": types.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>(),
        "queryType": type_ref(QUERY.name),
        "mutationType": null,
        "subscriptionType": null,
        "directives": directives,
    });
    Introspection {
        schema,
        types: types.into_iter().collect(),
    }
}

/// Adds `name` and what its fields and arguments refer to, depth first.
fn collect(name: &str, seen: &mut HashSet<&'static str>, order: &mut Vec<Named>) {
    let Some(named) = Named::find(name) else {
        return;
    };
    if !seen.insert(named.name()) {
        return;
    }
    order.push(named);
    if let Named::Object(object) = named {
        for f in object.fields {
            collect(base_type(f.type_name), seen, order);
            for a in f.args {
                collect(a.base_type(), seen, order);
            }
        }
    }
}

/// A `__Type` object with every field.
fn full_type(named: Named) -> Value {
    let (description, fields, interfaces, enum_values) = match named {
        Named::Object(t) => (
            t.description.map_or(Value::Null, |d| json!(d)),
            Value::Array(t.fields.iter().map(field).collect()),
            json!([]),
            Value::Null,
        ),
        Named::Scalar(s) => (json!(s.description), Value::Null, Value::Null, Value::Null),
        Named::Enum(e) => (
            json!(e.description),
            Value::Null,
            Value::Null,
            Value::Array(e.values.iter().map(|v| enum_value(*v)).collect()),
        ),
    };
    let mut object = Map::new();
    object.insert("kind".into(), json!(named.kind()));
    object.insert("name".into(), json!(named.name()));
    object.insert("description".into(), description);
    object.insert("specifiedByURL".into(), Value::Null);
    object.insert("fields".into(), fields);
    object.insert("interfaces".into(), interfaces);
    object.insert("possibleTypes".into(), Value::Null);
    object.insert("enumValues".into(), enum_values);
    object.insert("inputFields".into(), Value::Null);
    object.insert("ofType".into(), Value::Null);
    object.insert("isOneOf".into(), Value::Null);
    Value::Object(object)
}

/// A `__Field`.
fn field(def: &FieldDef) -> Value {
    json!({
        "name": def.name,
        "description": def.description,
        "args": def.args.iter().map(input_value).collect::<Vec<_>>(),
        "type": type_ref(def.type_name),
        "isDeprecated": false,
        "deprecationReason": null,
    })
}

/// An `__InputValue`.
fn input_value(def: &ArgDef) -> Value {
    json!({
        "name": def.name,
        "description": def.description,
        "type": type_ref(def.type_name),
        "defaultValue": def.default_value,
        "isDeprecated": false,
        "deprecationReason": null,
    })
}

/// An `__EnumValue`.
fn enum_value((name, description): (&str, &str)) -> Value {
    json!({
        "name": name,
        "description": description,
        "isDeprecated": false,
        "deprecationReason": null,
    })
}

/// A `__Directive`.
fn directive(def: &DirectiveDef) -> Value {
    json!({
        "name": def.name,
        "description": def.description,
        "isRepeatable": false,
        "locations": def.locations,
        "args": def.args.iter().map(input_value).collect::<Vec<_>>(),
    })
}

/// A type reference from its printed form: `[String!]` becomes
/// LIST → NON_NULL → String.
pub fn type_ref(printed: &str) -> Value {
    let wrapper =
        |kind: &str, inner: &str| json!({"kind": kind, "name": null, "ofType": type_ref(inner)});
    if let Some(inner) = printed.strip_suffix('!') {
        return wrapper("NON_NULL", inner);
    }
    if let Some(inner) = printed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return wrapper("LIST", inner);
    }
    let kind = Named::find(printed).map_or("SCALAR", Named::kind);
    json!({"kind": kind, "name": printed, "ofType": null})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_types_unwrap_into_references() {
        assert_eq!(
            type_ref("[ProjectEdge!]!"),
            json!({"kind": "NON_NULL", "name": null, "ofType":
                {"kind": "LIST", "name": null, "ofType":
                    {"kind": "NON_NULL", "name": null, "ofType":
                        {"kind": "OBJECT", "name": "ProjectEdge", "ofType": null}}}})
        );
        assert_eq!(type_ref("__TypeKind")["kind"], "ENUM");
    }

    #[test]
    fn references_read_the_named_type() {
        let reference = type_ref("ProjectNode");
        let fields = type_field(&reference, "fields");
        assert!(fields.as_array().is_some_and(|f| f.len() > 5));
        assert_eq!(type_field(&type_ref("[Tag]"), "fields"), Value::Null);
        assert_eq!(type_value("Nope"), Value::Null);
    }

    #[test]
    fn types_are_listed_once_query_first() {
        let types = schema_value()["types"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let names: Vec<&str> = types.iter().filter_map(|t| t["name"].as_str()).collect();
        assert_eq!(names.first(), Some(&"Query"));
        let unique: HashSet<&&str> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        for wanted in [
            "String",
            "DateTime",
            "__Schema",
            "__TypeKind",
            "__DirectiveLocation",
        ] {
            assert!(names.contains(&wanted), "{wanted}");
        }
    }
}
