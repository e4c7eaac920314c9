//! The sandbox's small GraphQL schema, with AYON's type and field names
//! (`ayon_server/graphql/nodes/*.py`, ayon-api.md §9).
//!
//! Only what the executor needs is described: each object type's fields, the
//! type each field returns (as GraphQL prints it, for error messages), the
//! object type behind it (if any) and the arguments it takes. The names,
//! types and arguments are those of the real 1.11.2 schema
//! (`shared/fixtures/ayon-1.11.2/graphql-introspection.json`), a subset of
//! it; introspection ([`super::introspection`]) is generated from this table.

use super::meta_schema;

/// One argument of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgDef {
    /// The argument's name, e.g. `first`.
    pub name: &'static str,
    /// Its type as GraphQL prints it, e.g. `String!`.
    pub type_name: &'static str,
    /// Its default as GraphQL prints it (`null`, `false`), if it has one.
    pub default_value: Option<&'static str>,
    /// What introspection says about it.
    pub description: Option<&'static str>,
}

impl ArgDef {
    /// Whether the argument must be given (a non-null type without a default).
    pub fn required(&self) -> bool {
        self.type_name.ends_with('!') && self.default_value.is_none()
    }

    /// The named type without list brackets or `!`, e.g. `Int`.
    pub fn base_type(&self) -> &'static str {
        base_type(self.type_name)
    }

    /// Whether the argument is a list (`[String!]`).
    pub fn is_list(&self) -> bool {
        self.type_name.starts_with('[')
    }

    /// The same argument with a description.
    pub const fn doc(self, description: &'static str) -> ArgDef {
        ArgDef {
            description: Some(description),
            ..self
        }
    }
}

/// One field of an object type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDef {
    /// The field's name, e.g. `isAdmin`.
    pub name: &'static str,
    /// Its type as GraphQL prints it, e.g. `[FolderType!]!`.
    pub type_name: &'static str,
    /// The arguments it accepts.
    pub args: &'static [ArgDef],
    /// What introspection says about it.
    pub description: Option<&'static str>,
}

impl FieldDef {
    /// The object type behind the field, or `None` for a scalar or an enum.
    pub fn object_type(&self) -> Option<&'static ObjectType> {
        object_type(base_type(self.type_name))
    }

    /// The same field with a description.
    pub const fn doc(self, description: &'static str) -> FieldDef {
        FieldDef {
            description: Some(description),
            ..self
        }
    }
}

/// An object type and its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObjectType {
    /// E.g. `ProjectNode`.
    pub name: &'static str,
    /// Its fields, in the order the real schema lists them.
    pub fields: &'static [FieldDef],
    /// What introspection says about it.
    pub description: Option<&'static str>,
}

impl ObjectType {
    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A scalar type the schema uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScalarType {
    /// E.g. `DateTime`.
    pub name: &'static str,
    /// What introspection says about it.
    pub description: &'static str,
}

/// The named type inside a printed type: `[String!]!` → `String`.
pub fn base_type(type_name: &str) -> &str {
    type_name.trim_matches(|c| matches!(c, '[' | ']' | '!'))
}

/// A required argument, or an optional one without a default.
pub(super) const fn arg(name: &'static str, type_name: &'static str) -> ArgDef {
    ArgDef {
        name,
        type_name,
        default_value: None,
        description: None,
    }
}

/// An optional argument of an AYON resolver: Python's `= None`, which
/// introspection prints as the default `null`.
const fn opt(name: &'static str, type_name: &'static str) -> ArgDef {
    ArgDef {
        default_value: Some("null"),
        ..arg(name, type_name)
    }
}

/// An argument with a default, e.g. `includeDeprecated: Boolean = false`.
pub(super) const fn arg_default(
    name: &'static str,
    type_name: &'static str,
    default_value: &'static str,
) -> ArgDef {
    ArgDef {
        default_value: Some(default_value),
        ..arg(name, type_name)
    }
}

pub(super) const fn field(name: &'static str, type_name: &'static str) -> FieldDef {
    field_with(name, type_name, &[])
}

pub(super) const fn field_with(
    name: &'static str,
    type_name: &'static str,
    args: &'static [ArgDef],
) -> FieldDef {
    FieldDef {
        name,
        type_name,
        args,
        description: None,
    }
}

/// Relay-style paging arguments of the connection fields (AYON's `ARGFirst`
/// ..., whose descriptions really do say "first" for `after`).
const PAGING: [ArgDef; 4] = [
    opt("first", "Int").doc("Pagination: first"),
    opt("after", "String").doc("Pagination: first"),
    opt("last", "Int").doc("Pagination: last"),
    opt("before", "String").doc("Pagination: before"),
];

const PROJECTS_ARGS: &[ArgDef] = &[
    opt("name", "String").doc(
        "\nThe name of the project to retrieve.\nIf not provided, all projects will be returned.\n",
    ),
    opt("code", "String").doc("The code of the project to retrieve."),
    PAGING[0],
    PAGING[1],
    PAGING[2],
    PAGING[3],
];

const USERS_ARGS: &[ArgDef] = &[
    opt("name", "String").doc("\nThe name of the user to retrieve.\n"),
    opt("names", "[String!]").doc("\nThe names of the users to retrieve.\n"),
    PAGING[0],
    PAGING[1],
    PAGING[2],
    PAGING[3],
];

/// The root type of queries.
pub const QUERY: ObjectType = ObjectType {
    name: "Query",
    fields: &[
        field_with(
            "project",
            "ProjectNode!",
            &[opt("name", "String"), opt("code", "String")],
        )
        .doc("Get a project by name"),
        field_with("projects", "ProjectsConnection!", PROJECTS_ARGS).doc("Get a list of projects"),
        field_with("users", "UsersConnection!", USERS_ARGS).doc("Get a list of users"),
        field_with("user", "UserNode!", &[arg("name", "String!")]).doc("Get a user by name"),
        field("me", "UserNode!").doc("Current user"),
    ],
    description: None,
};

const USER_NODE: ObjectType = ObjectType {
    name: "UserNode",
    fields: &[
        field("name", "String!"),
        field("active", "Boolean!"),
        field("createdAt", "DateTime!"),
        field("updatedAt", "DateTime!"),
        field("defaultAccessGroups", "[String!]!"),
        field("isAdmin", "Boolean!"),
        field("isManager", "Boolean!"),
        field("isService", "Boolean!"),
        field("isGuest", "Boolean!"),
        field("isDeveloper", "Boolean!"),
        field("hasPassword", "Boolean!"),
        field("apiKeyPreview", "String"),
        field("attrib", "UserAttribType!"),
    ],
    description: None,
};

const USER_ATTRIB: ObjectType = ObjectType {
    name: "UserAttribType",
    fields: &[
        field("fullName", "String"),
        field("email", "String"),
        field("avatarUrl", "String"),
        field("developerMode", "Boolean"),
    ],
    description: None,
};

const PROJECT_NODE: ObjectType = ObjectType {
    name: "ProjectNode",
    fields: &[
        field("name", "String!"),
        field("projectName", "String!"),
        field("code", "String!"),
        field("active", "Boolean!"),
        field("library", "Boolean!"),
        field("createdAt", "DateTime!"),
        field("updatedAt", "DateTime!"),
        field("taskTypes", "[TaskType!]!").doc("List of project's task types"),
        field("folderTypes", "[FolderType!]!").doc("List of project's folder types"),
        field("statuses", "[Status!]!").doc("List of project's statuses"),
        field("tags", "[Tag!]!").doc("List of tags in the project"),
    ],
    description: None,
};

const FOLDER_TYPE: ObjectType = ObjectType {
    name: "FolderType",
    fields: &[
        field("name", "String!"),
        field("icon", "String"),
        field("shortName", "String"),
    ],
    description: None,
};

const TASK_TYPE: ObjectType = ObjectType {
    name: "TaskType",
    fields: &[
        field("name", "String!"),
        field("icon", "String"),
        field("shortName", "String"),
        field("color", "String"),
    ],
    description: None,
};

const STATUS: ObjectType = ObjectType {
    name: "Status",
    fields: &[
        field("name", "String!"),
        field("shortName", "String"),
        field("icon", "String"),
        field("color", "String"),
        field("state", "String"),
    ],
    description: None,
};

const TAG: ObjectType = ObjectType {
    name: "Tag",
    fields: &[field("name", "String!"), field("color", "String")],
    description: None,
};

const PAGE_INFO: ObjectType = ObjectType {
    name: "PageInfo",
    fields: &[
        field("hasNextPage", "Boolean!"),
        field("hasPreviousPage", "Boolean!"),
        field("startCursor", "String"),
        field("endCursor", "String"),
    ],
    description: None,
};

const PROJECTS_CONNECTION: ObjectType = ObjectType {
    name: "ProjectsConnection",
    fields: &[
        field("pageInfo", "PageInfo!").doc("Pagination information"),
        field("edges", "[ProjectEdge!]!"),
    ],
    description: None,
};

const PROJECT_EDGE: ObjectType = ObjectType {
    name: "ProjectEdge",
    fields: &[
        field("node", "ProjectNode!").doc("The project node"),
        field("cursor", "String"),
    ],
    description: None,
};

const USERS_CONNECTION: ObjectType = ObjectType {
    name: "UsersConnection",
    fields: &[
        field("pageInfo", "PageInfo!").doc("Pagination information"),
        field("edges", "[UserEdge!]!"),
    ],
    description: None,
};

const USER_EDGE: ObjectType = ObjectType {
    name: "UserEdge",
    fields: &[
        field("node", "UserNode!").doc("The user node"),
        field("cursor", "String"),
    ],
    description: None,
};

/// The object types served from [`QUERY`] down.
pub const TYPES: &[&ObjectType] = &[
    &QUERY,
    &USER_NODE,
    &USER_ATTRIB,
    &PROJECT_NODE,
    &FOLDER_TYPE,
    &TASK_TYPE,
    &STATUS,
    &TAG,
    &PAGE_INFO,
    &PROJECTS_CONNECTION,
    &PROJECT_EDGE,
    &USERS_CONNECTION,
    &USER_EDGE,
];

/// The scalars the served and introspection types use, with graphql-core's
/// and AYON's descriptions.
pub const SCALARS: &[ScalarType] = &[
    ScalarType {
        name: "String",
        description: "The `String` scalar type represents textual data, represented as UTF-8 \
                      character sequences. The String type is most often used by GraphQL to \
                      represent free-form human-readable text.",
    },
    ScalarType {
        name: "Boolean",
        description: "The `Boolean` scalar type represents `true` or `false`.",
    },
    ScalarType {
        name: "DateTime",
        description: "Date with time (isoformat)",
    },
    ScalarType {
        name: "Int",
        description: "The `Int` scalar type represents non-fractional signed whole numeric \
                      values. Int can represent values between -(2^31) and 2^31 - 1.",
    },
];

/// The object type called `name`, served or introspection (`__Type`, ...).
pub fn object_type(name: &str) -> Option<&'static ObjectType> {
    TYPES
        .iter()
        .chain(meta_schema::TYPES)
        .copied()
        .find(|t| t.name == name)
}

/// The scalar called `name`.
pub fn scalar(name: &str) -> Option<&'static ScalarType> {
    SCALARS.iter().find(|s| s.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_and_argument_points_at_a_known_type() {
        let known = |name: &str| {
            object_type(name).is_some()
                || scalar(name).is_some()
                || meta_schema::enum_type(name).is_some()
        };
        for t in TYPES.iter().chain(meta_schema::TYPES) {
            for f in t.fields {
                assert!(known(base_type(f.type_name)), "{}.{}", t.name, f.name);
                for a in f.args {
                    assert!(known(a.base_type()), "{}.{}({})", t.name, f.name, a.name);
                }
            }
        }
    }
}
