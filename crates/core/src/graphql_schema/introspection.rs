//! Reading the JSON answer to the introspection query into a [`Schema`].

use super::schema::{
    DirectiveDef, EnumValueDef, FieldDef, InputValueDef, Schema, SchemaError, TypeDef, TypeKind,
};
use super::type_ref::TypeRef;
use serde::Deserialize;

#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    data: Option<Data>,
    #[serde(default, rename = "__schema")]
    schema: Option<RawSchema>,
    #[serde(default)]
    errors: Option<Vec<RawError>>,
}

#[derive(Deserialize)]
struct Data {
    #[serde(default, rename = "__schema")]
    schema: Option<RawSchema>,
}

#[derive(Deserialize)]
struct RawError {
    #[serde(default)]
    message: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawSchema {
    query_type: Option<RawName>,
    #[serde(default)]
    mutation_type: Option<RawName>,
    #[serde(default)]
    subscription_type: Option<RawName>,
    types: Vec<RawType>,
    #[serde(default)]
    directives: Option<Vec<RawDirective>>,
}

#[derive(Deserialize)]
struct RawName {
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawType {
    kind: String,
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    fields: Option<Vec<RawField>>,
    #[serde(default)]
    input_fields: Option<Vec<RawInputValue>>,
    #[serde(default)]
    enum_values: Option<Vec<RawEnumValue>>,
    #[serde(default)]
    interfaces: Option<Vec<RawTypeRef>>,
    #[serde(default)]
    possible_types: Option<Vec<RawTypeRef>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawField {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    args: Vec<RawInputValue>,
    #[serde(rename = "type")]
    type_ref: RawTypeRef,
    #[serde(default)]
    is_deprecated: bool,
    #[serde(default)]
    deprecation_reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawInputValue {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(rename = "type")]
    type_ref: RawTypeRef,
    #[serde(default)]
    default_value: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEnumValue {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    is_deprecated: bool,
    #[serde(default)]
    deprecation_reason: Option<String>,
}

#[derive(Deserialize)]
struct RawDirective {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    args: Vec<RawInputValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawTypeRef {
    kind: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    of_type: Option<Box<RawTypeRef>>,
}

/// Reads `{"data":{"__schema":…}}` or `{"__schema":…}`.
pub(super) fn parse(json: &[u8]) -> Result<Schema, SchemaError> {
    let answer: Answer =
        serde_json::from_slice(json).map_err(|e| SchemaError::Json(e.to_string()))?;
    let raw = answer.data.and_then(|d| d.schema).or(answer.schema);
    let raw = match (raw, answer.errors) {
        (Some(raw), _) => raw,
        (None, Some(errors)) if !errors.is_empty() => {
            return Err(SchemaError::Refused(
                errors
                    .into_iter()
                    .map(|e| e.message.unwrap_or_else(|| "(no message)".into()))
                    .collect::<Vec<_>>()
                    .join("; "),
            ));
        }
        (None, _) => return Err(SchemaError::NoSchema),
    };
    let mut types = Vec::with_capacity(raw.types.len());
    for t in raw.types {
        types.push(type_def(t)?);
    }
    let directives = raw
        .directives
        .unwrap_or_default()
        .into_iter()
        .map(|d| {
            Ok(DirectiveDef {
                name: d.name,
                description: d.description,
                args: input_values(d.args)?,
            })
        })
        .collect::<Result<_, SchemaError>>()?;
    Ok(Schema::new(
        types,
        directives,
        raw.query_type.map(|n| n.name),
        raw.mutation_type.map(|n| n.name),
        raw.subscription_type.map(|n| n.name),
    ))
}

fn type_def(t: RawType) -> Result<TypeDef, SchemaError> {
    let name = t
        .name
        .ok_or_else(|| SchemaError::Malformed("a type without a name".into()))?;
    let kind = match t.kind.as_str() {
        "SCALAR" => TypeKind::Scalar,
        "OBJECT" => TypeKind::Object,
        "INTERFACE" => TypeKind::Interface,
        "UNION" => TypeKind::Union,
        "ENUM" => TypeKind::Enum,
        "INPUT_OBJECT" => TypeKind::InputObject,
        other => {
            return Err(SchemaError::Malformed(format!(
                "type {name} has kind {other}"
            )));
        }
    };
    let mut fields = Vec::new();
    for f in t.fields.unwrap_or_default() {
        fields.push(FieldDef {
            type_ref: type_ref(f.type_ref)?,
            args: input_values(f.args)?,
            name: f.name,
            description: f.description,
            is_deprecated: f.is_deprecated,
            deprecation_reason: f.deprecation_reason,
        });
    }
    let names = |refs: Option<Vec<RawTypeRef>>| {
        refs.unwrap_or_default()
            .into_iter()
            .filter_map(|r| r.name)
            .collect()
    };
    Ok(TypeDef {
        kind,
        description: t.description,
        fields,
        input_fields: input_values(t.input_fields.unwrap_or_default())?,
        enum_values: t
            .enum_values
            .unwrap_or_default()
            .into_iter()
            .map(|v| EnumValueDef {
                name: v.name,
                description: v.description,
                is_deprecated: v.is_deprecated,
                deprecation_reason: v.deprecation_reason,
            })
            .collect(),
        interfaces: names(t.interfaces),
        possible_types: names(t.possible_types),
        name,
    })
}

fn input_values(raw: Vec<RawInputValue>) -> Result<Vec<InputValueDef>, SchemaError> {
    raw.into_iter()
        .map(|a| {
            Ok(InputValueDef {
                type_ref: type_ref(a.type_ref)?,
                name: a.name,
                description: a.description,
                // Some servers (AYON) answer "null" for "no default": that is a default of null.
                default_value: a.default_value,
            })
        })
        .collect()
}

fn type_ref(raw: RawTypeRef) -> Result<TypeRef, SchemaError> {
    match (raw.kind.as_str(), raw.of_type, raw.name) {
        ("NON_NULL", Some(inner), _) => Ok(TypeRef::NonNull(Box::new(type_ref(*inner)?))),
        ("LIST", Some(inner), _) => Ok(TypeRef::List(Box::new(type_ref(*inner)?))),
        ("NON_NULL" | "LIST", None, _) => Err(SchemaError::Malformed(
            "a type reference nested deeper than the introspection query reads".into(),
        )),
        (_, _, Some(name)) => Ok(TypeRef::Named(name)),
        (kind, _, None) => Err(SchemaError::Malformed(format!(
            "a {kind} type reference without a name"
        ))),
    }
}
