//! The introspection types (`__Schema`, `__Type`, ...), their enums, the
//! directives and the root meta fields `__schema` / `__type`, as the real
//! 1.11.2 server lists them (graphql-core's wording).
//!
//! They use the same table types as [`super::schema`], so the executor
//! validates and resolves selections on them like on any other object.

use super::schema::{ArgDef, FieldDef, ObjectType, arg, arg_default, field, field_with};

/// An enum type and its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumType {
    /// E.g. `__TypeKind`.
    pub name: &'static str,
    /// What introspection says about it.
    pub description: &'static str,
    /// Each value with its description.
    pub values: &'static [(&'static str, &'static str)],
}

/// A directive queries may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirectiveDef {
    /// E.g. `include`.
    pub name: &'static str,
    /// What introspection says about it.
    pub description: &'static str,
    /// Where it may stand (`__DirectiveLocation` values).
    pub locations: &'static [&'static str],
    /// Its arguments.
    pub args: &'static [ArgDef],
}

/// `__schema` on the query root type (not listed among `Query`'s fields).
pub const SCHEMA_FIELD: FieldDef =
    field("__schema", "__Schema!").doc("Access the current type schema of this server.");

/// `__type(name:)` on the query root type.
pub const TYPE_FIELD: FieldDef = field_with("__type", "__Type", &[arg("name", "String!")])
    .doc("Request the type information of a single type.");

const INCLUDE_DEPRECATED: &[ArgDef] = &[arg_default("includeDeprecated", "Boolean", "false")];

const SCHEMA: ObjectType = ObjectType {
    name: "__Schema",
    fields: &[
        field("description", "String"),
        field("types", "[__Type!]!").doc("A list of all types supported by this server."),
        field("queryType", "__Type!").doc("The type that query operations will be rooted at."),
        field("mutationType", "__Type").doc(
            "If this server supports mutation, the type that mutation operations will be rooted \
             at.",
        ),
        field("subscriptionType", "__Type").doc(
            "If this server support subscription, the type that subscription operations will be \
             rooted at.",
        ),
        field("directives", "[__Directive!]!")
            .doc("A list of all directives supported by this server."),
    ],
    description: Some(
        "A GraphQL Schema defines the capabilities of a GraphQL server. It exposes all available \
         types and directives on the server, as well as the entry points for query, mutation, and \
         subscription operations.",
    ),
};

const TYPE: ObjectType = ObjectType {
    name: "__Type",
    fields: &[
        field("kind", "__TypeKind!"),
        field("name", "String"),
        field("description", "String"),
        field("specifiedByURL", "String"),
        field_with("fields", "[__Field!]", INCLUDE_DEPRECATED),
        field("interfaces", "[__Type!]"),
        field("possibleTypes", "[__Type!]"),
        field_with("enumValues", "[__EnumValue!]", INCLUDE_DEPRECATED),
        field_with("inputFields", "[__InputValue!]", INCLUDE_DEPRECATED),
        field("ofType", "__Type"),
        field("isOneOf", "Boolean"),
    ],
    description: Some(
        "The fundamental unit of any GraphQL Schema is the type. There are many kinds of types in \
         GraphQL as represented by the `__TypeKind` enum.\n\nDepending on the kind of a type, \
         certain fields describe information about that type. Scalar types provide no \
         information beyond a name, description and optional `specifiedByURL`, while Enum types \
         provide their values. Object and Interface types provide the fields they describe. \
         Abstract types, Union and Interface, provide the Object types possible at runtime. List \
         and NonNull types compose other types.",
    ),
};

const FIELD: ObjectType = ObjectType {
    name: "__Field",
    fields: &[
        field("name", "String!"),
        field("description", "String"),
        field_with("args", "[__InputValue!]!", INCLUDE_DEPRECATED),
        field("type", "__Type!"),
        field("isDeprecated", "Boolean!"),
        field("deprecationReason", "String"),
    ],
    description: Some(
        "Object and Interface types are described by a list of Fields, each of which has a name, \
         potentially a list of arguments, and a return type.",
    ),
};

const INPUT_VALUE: ObjectType = ObjectType {
    name: "__InputValue",
    fields: &[
        field("name", "String!"),
        field("description", "String"),
        field("type", "__Type!"),
        field("defaultValue", "String")
            .doc("A GraphQL-formatted string representing the default value for this input value."),
        field("isDeprecated", "Boolean!"),
        field("deprecationReason", "String"),
    ],
    description: Some(
        "Arguments provided to Fields or Directives and the input fields of an InputObject are \
         represented as Input Values which describe their type and optionally a default value.",
    ),
};

const ENUM_VALUE: ObjectType = ObjectType {
    name: "__EnumValue",
    fields: &[
        field("name", "String!"),
        field("description", "String"),
        field("isDeprecated", "Boolean!"),
        field("deprecationReason", "String"),
    ],
    description: Some(
        "One possible value for a given Enum. Enum values are unique values, not a placeholder \
         for a string or numeric value. However an Enum value is returned in a JSON response as a \
         string.",
    ),
};

const DIRECTIVE: ObjectType = ObjectType {
    name: "__Directive",
    fields: &[
        field("name", "String!"),
        field("description", "String"),
        field("isRepeatable", "Boolean!"),
        field("locations", "[__DirectiveLocation!]!"),
        field_with("args", "[__InputValue!]!", INCLUDE_DEPRECATED),
    ],
    description: Some(
        "A Directive provides a way to describe alternate runtime execution and type validation \
         behavior in a GraphQL document.\n\nIn some cases, you need to provide options to alter \
         GraphQL's execution behavior in ways field arguments will not suffice, such as \
         conditionally including or skipping a field. Directives provide this by describing \
         additional information to the executor.",
    ),
};

/// The introspection object types.
pub const TYPES: &[&ObjectType] = &[
    &SCHEMA,
    &TYPE,
    &FIELD,
    &INPUT_VALUE,
    &ENUM_VALUE,
    &DIRECTIVE,
];

/// The introspection enums.
pub const ENUMS: &[EnumType] = &[
    EnumType {
        name: "__TypeKind",
        description: "An enum describing what kind of type a given `__Type` is.",
        values: &[
            ("SCALAR", "Indicates this type is a scalar."),
            (
                "OBJECT",
                "Indicates this type is an object. `fields` and `interfaces` are valid fields.",
            ),
            (
                "INTERFACE",
                "Indicates this type is an interface. `fields`, `interfaces`, and \
                 `possibleTypes` are valid fields.",
            ),
            (
                "UNION",
                "Indicates this type is a union. `possibleTypes` is a valid field.",
            ),
            (
                "ENUM",
                "Indicates this type is an enum. `enumValues` is a valid field.",
            ),
            (
                "INPUT_OBJECT",
                "Indicates this type is an input object. `inputFields` is a valid field.",
            ),
            (
                "LIST",
                "Indicates this type is a list. `ofType` is a valid field.",
            ),
            (
                "NON_NULL",
                "Indicates this type is a non-null. `ofType` is a valid field.",
            ),
        ],
    },
    EnumType {
        name: "__DirectiveLocation",
        description: "A Directive can be adjacent to many parts of the GraphQL language, a \
                      __DirectiveLocation describes one such possible adjacencies.",
        values: &[
            ("QUERY", "Location adjacent to a query operation."),
            ("MUTATION", "Location adjacent to a mutation operation."),
            (
                "SUBSCRIPTION",
                "Location adjacent to a subscription operation.",
            ),
            ("FIELD", "Location adjacent to a field."),
            (
                "FRAGMENT_DEFINITION",
                "Location adjacent to a fragment definition.",
            ),
            ("FRAGMENT_SPREAD", "Location adjacent to a fragment spread."),
            (
                "INLINE_FRAGMENT",
                "Location adjacent to an inline fragment.",
            ),
            (
                "VARIABLE_DEFINITION",
                "Location adjacent to a variable definition.",
            ),
            ("SCHEMA", "Location adjacent to a schema definition."),
            ("SCALAR", "Location adjacent to a scalar definition."),
            ("OBJECT", "Location adjacent to an object type definition."),
            (
                "FIELD_DEFINITION",
                "Location adjacent to a field definition.",
            ),
            (
                "ARGUMENT_DEFINITION",
                "Location adjacent to an argument definition.",
            ),
            ("INTERFACE", "Location adjacent to an interface definition."),
            ("UNION", "Location adjacent to a union definition."),
            ("ENUM", "Location adjacent to an enum definition."),
            (
                "ENUM_VALUE",
                "Location adjacent to an enum value definition.",
            ),
            (
                "INPUT_OBJECT",
                "Location adjacent to an input object type definition.",
            ),
            (
                "INPUT_FIELD_DEFINITION",
                "Location adjacent to an input object field definition.",
            ),
        ],
    },
];

/// Where `@include` and `@skip` may stand.
const FIELD_AND_FRAGMENTS: &[&str] = &["FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"];

/// The directives the executor honours (see `Walker::included`).
pub const DIRECTIVES: &[DirectiveDef] = &[
    DirectiveDef {
        name: "include",
        description: "Directs the executor to include this field or fragment only when the `if` \
                      argument is true.",
        locations: FIELD_AND_FRAGMENTS,
        args: &[arg("if", "Boolean!").doc("Included when true.")],
    },
    DirectiveDef {
        name: "skip",
        description: "Directs the executor to skip this field or fragment when the `if` argument \
                      is true.",
        locations: FIELD_AND_FRAGMENTS,
        args: &[arg("if", "Boolean!").doc("Skipped when true.")],
    },
];

/// The enum called `name`.
pub fn enum_type(name: &str) -> Option<&'static EnumType> {
    ENUMS.iter().find(|e| e.name == name)
}

/// The meta field `name` of the query root type (`__schema`, `__type`).
pub fn root_field(name: &str) -> Option<&'static FieldDef> {
    [&SCHEMA_FIELD, &TYPE_FIELD]
        .into_iter()
        .find(|f| f.name == name)
}
