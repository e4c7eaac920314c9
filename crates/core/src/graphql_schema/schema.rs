//! The server's schema, indexed by type name for lookups per keystroke.

use super::type_ref::TypeRef;
use std::collections::HashMap;

/// Why an introspection answer could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// The answer is not JSON of the expected shape.
    #[error("the introspection answer is not readable JSON: {0}")]
    Json(String),
    /// The server answered with `errors` and no schema (introspection refused).
    #[error("the server refused introspection: {0}")]
    Refused(String),
    /// Neither `data.__schema` nor `__schema` is there.
    #[error("the answer has no __schema")]
    NoSchema,
    /// The schema is there but does not hold together.
    #[error("the introspection answer is malformed: {0}")]
    Malformed(String),
}

/// What kind of named type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeKind {
    /// A leaf value (`String`, `DateTime`).
    Scalar,
    /// An object with fields.
    Object,
    /// An interface with fields.
    Interface,
    /// One of several object types.
    Union,
    /// One of named values.
    Enum,
    /// An argument's structured input.
    InputObject,
}

impl TypeKind {
    /// Whether selections can be made on it (object, interface, union).
    pub fn is_composite(self) -> bool {
        matches!(
            self,
            TypeKind::Object | TypeKind::Interface | TypeKind::Union
        )
    }

    /// Whether variables and arguments can have it (scalar, enum, input object).
    pub fn is_input(self) -> bool {
        matches!(
            self,
            TypeKind::Scalar | TypeKind::Enum | TypeKind::InputObject
        )
    }
}

/// A named type of the schema.
#[derive(Clone, Debug)]
pub struct TypeDef {
    /// Its kind.
    pub kind: TypeKind,
    /// Its name.
    pub name: String,
    /// The server's description.
    pub description: Option<String>,
    /// Fields of objects and interfaces, in the server's order.
    pub fields: Vec<FieldDef>,
    /// Fields of input objects, in the server's order.
    pub input_fields: Vec<InputValueDef>,
    /// Values of enums, in the server's order.
    pub enum_values: Vec<EnumValueDef>,
    /// Interfaces an object implements.
    pub interfaces: Vec<String>,
    /// Object types of a union or interface.
    pub possible_types: Vec<String>,
}

impl TypeDef {
    /// The field of that name (fields are few: a scan beats hashing).
    pub fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The input field of that name.
    pub fn input_field(&self, name: &str) -> Option<&InputValueDef> {
        self.input_fields.iter().find(|f| f.name == name)
    }
}

/// A field of an object or interface.
#[derive(Clone, Debug)]
pub struct FieldDef {
    /// Its name.
    pub name: String,
    /// The server's description.
    pub description: Option<String>,
    /// Its arguments, in order.
    pub args: Vec<InputValueDef>,
    /// What it returns.
    pub type_ref: TypeRef,
    /// Whether the server marks it deprecated.
    pub is_deprecated: bool,
    /// Why, if it says.
    pub deprecation_reason: Option<String>,
}

/// An argument, or a field of an input object.
#[derive(Clone, Debug)]
pub struct InputValueDef {
    /// Its name.
    pub name: String,
    /// The server's description.
    pub description: Option<String>,
    /// Its type.
    pub type_ref: TypeRef,
    /// The default, as GraphQL text (`"null"`, `"false"`, `"100"`), if any.
    pub default_value: Option<String>,
}

impl InputValueDef {
    /// Whether it must be given: non-null without a default.
    pub fn is_required(&self) -> bool {
        self.type_ref.is_non_null() && self.default_value.is_none()
    }
}

/// A value of an enum.
#[derive(Clone, Debug)]
pub struct EnumValueDef {
    /// Its name.
    pub name: String,
    /// The server's description.
    pub description: Option<String>,
    /// Whether the server marks it deprecated.
    pub is_deprecated: bool,
    /// Why, if it says.
    pub deprecation_reason: Option<String>,
}

/// A directive the server knows (`@include`, `@skip`).
#[derive(Clone, Debug)]
pub struct DirectiveDef {
    /// Its name, without `@`.
    pub name: String,
    /// The server's description.
    pub description: Option<String>,
    /// Its arguments.
    pub args: Vec<InputValueDef>,
}

/// The schema: types by name, root operation types, directives.
#[derive(Clone, Debug)]
pub struct Schema {
    types: Vec<TypeDef>,
    by_name: HashMap<String, usize>,
    directives: Vec<DirectiveDef>,
    query_type: Option<String>,
    mutation_type: Option<String>,
    subscription_type: Option<String>,
}

impl Schema {
    /// Reads the answer to [`super::INTROSPECTION_QUERY`]: `{"data":{"__schema":…}}` or
    /// `{"__schema":…}`. An answer with `errors` and no schema is [`SchemaError::Refused`].
    pub fn from_introspection(json: &[u8]) -> Result<Schema, SchemaError> {
        super::introspection::parse(json)
    }

    pub(super) fn new(
        types: Vec<TypeDef>,
        directives: Vec<DirectiveDef>,
        query_type: Option<String>,
        mutation_type: Option<String>,
        subscription_type: Option<String>,
    ) -> Schema {
        let by_name = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        Schema {
            types,
            by_name,
            directives,
            query_type,
            mutation_type,
            subscription_type,
        }
    }

    /// How many named types, introspection's own (`__Type`, ...) included.
    pub fn type_count(&self) -> usize {
        self.types.len()
    }

    /// All types, in the server's order.
    pub fn types(&self) -> &[TypeDef] {
        &self.types
    }

    /// The type of that name.
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.by_name.get(name).and_then(|&i| self.types.get(i))
    }

    /// The root type of queries (`Query`).
    pub fn query_type(&self) -> Option<&TypeDef> {
        self.query_type.as_deref().and_then(|n| self.type_named(n))
    }

    /// The root type of mutations, if the server has one.
    pub fn mutation_type(&self) -> Option<&TypeDef> {
        self.mutation_type
            .as_deref()
            .and_then(|n| self.type_named(n))
    }

    /// The root type of subscriptions, if the server has one.
    pub fn subscription_type(&self) -> Option<&TypeDef> {
        self.subscription_type
            .as_deref()
            .and_then(|n| self.type_named(n))
    }

    /// The directive of that name (without `@`).
    pub fn directive(&self, name: &str) -> Option<&DirectiveDef> {
        self.directives.iter().find(|d| d.name == name)
    }

    /// All directives.
    pub fn directives(&self) -> &[DirectiveDef] {
        &self.directives
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"{"__schema":{"queryType":{"name":"Query"},"types":[
      {"kind":"OBJECT","name":"Query","fields":[{"name":"a","args":[],
        "type":{"kind":"NON_NULL","ofType":{"kind":"LIST","ofType":{"kind":"SCALAR","name":"Int"}}}}]},
      {"kind":"SCALAR","name":"Int"}]}}"#;

    #[test]
    fn reads_bare_and_wrapped_answers() {
        let bare = Schema::from_introspection(SMALL.as_bytes()).expect("bare");
        assert_eq!(bare.type_count(), 2);
        let field = bare
            .query_type()
            .and_then(|q| q.field("a"))
            .expect("field a");
        assert_eq!(field.type_ref.display(), "[Int]!");
        let wrapped = format!(r#"{{"data":{SMALL}}}"#);
        let wrapped = Schema::from_introspection(wrapped.as_bytes()).expect("wrapped");
        assert_eq!(
            wrapped.type_named("Int").map(|t| t.kind),
            Some(TypeKind::Scalar)
        );
    }

    #[test]
    fn refusals_and_garbage_are_named() {
        let refused = br#"{"data":null,"errors":[{"message":"introspection is disabled"}]}"#;
        assert_eq!(
            Schema::from_introspection(refused).unwrap_err(),
            SchemaError::Refused("introspection is disabled".into())
        );
        assert_eq!(
            Schema::from_introspection(b"{}").unwrap_err(),
            SchemaError::NoSchema
        );
        assert!(matches!(
            Schema::from_introspection(b"<html>"),
            Err(SchemaError::Json(_))
        ));
    }
}
