//! The sandbox's small GraphQL schema, with AYON's type and field names
//! (`ayon_server/graphql/nodes/*.py`, ayon-api.md §9).
//!
//! Only what the executor needs is described: each object type's fields, the
//! type each field returns (as GraphQL prints it, for error messages), the
//! object type behind it (if any) and the arguments it takes.

/// One argument of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgDef {
    /// The argument's name, e.g. `first`.
    pub name: &'static str,
    /// Its type as GraphQL prints it, e.g. `String!`.
    pub type_name: &'static str,
}

impl ArgDef {
    /// Whether the argument must be given (a non-null type without a default).
    pub fn required(&self) -> bool {
        self.type_name.ends_with('!')
    }

    /// The named type without list brackets or `!`, e.g. `Int`.
    pub fn base_type(&self) -> &'static str {
        self.type_name
            .trim_matches(|c| matches!(c, '[' | ']' | '!'))
    }

    /// Whether the argument is a list (`[String!]`).
    pub fn is_list(&self) -> bool {
        self.type_name.starts_with('[')
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
}

impl FieldDef {
    /// The object type behind the field, or `None` for a scalar.
    pub fn object_type(&self) -> Option<&'static ObjectType> {
        object_type(
            self.type_name
                .trim_matches(|c| matches!(c, '[' | ']' | '!')),
        )
    }
}

/// An object type and its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObjectType {
    /// E.g. `ProjectNode`.
    pub name: &'static str,
    /// Its fields, in the order suggestions consider them.
    pub fields: &'static [FieldDef],
}

impl ObjectType {
    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }
}

const fn arg(name: &'static str, type_name: &'static str) -> ArgDef {
    ArgDef { name, type_name }
}

const fn field(name: &'static str, type_name: &'static str) -> FieldDef {
    FieldDef {
        name,
        type_name,
        args: &[],
    }
}

const fn field_with(
    name: &'static str,
    type_name: &'static str,
    args: &'static [ArgDef],
) -> FieldDef {
    FieldDef {
        name,
        type_name,
        args,
    }
}

/// Relay-style paging arguments of the connection fields.
const PAGING: [ArgDef; 4] = [
    arg("first", "Int"),
    arg("after", "String"),
    arg("last", "Int"),
    arg("before", "String"),
];

const PROJECTS_ARGS: &[ArgDef] = &[
    PAGING[0],
    PAGING[1],
    PAGING[2],
    PAGING[3],
    arg("code", "String"),
    arg("projectNames", "[String!]"),
];

const USERS_ARGS: &[ArgDef] = &[
    PAGING[0],
    PAGING[1],
    PAGING[2],
    PAGING[3],
    arg("name", "String"),
    arg("names", "[String!]"),
];

/// The root type of queries.
pub const QUERY: ObjectType = ObjectType {
    name: "Query",
    fields: &[
        field("me", "UserNode!"),
        field_with("project", "ProjectNode", &[arg("name", "String!")]),
        field_with("projects", "ProjectsConnection!", PROJECTS_ARGS),
        field_with("user", "UserNode", &[arg("name", "String!")]),
        field_with("users", "UsersConnection!", USERS_ARGS),
    ],
};

const USER_NODE: ObjectType = ObjectType {
    name: "UserNode",
    fields: &[
        field("name", "String!"),
        field("active", "Boolean!"),
        field("createdAt", "DateTime!"),
        field("updatedAt", "DateTime!"),
        field("attrib", "UserAttribType!"),
        field("isAdmin", "Boolean!"),
        field("isManager", "Boolean!"),
        field("isService", "Boolean!"),
        field("isGuest", "Boolean!"),
        field("isDeveloper", "Boolean!"),
        field("hasPassword", "Boolean!"),
        field("apiKeyPreview", "String"),
        field("defaultAccessGroups", "[String!]!"),
    ],
};

const USER_ATTRIB: ObjectType = ObjectType {
    name: "UserAttribType",
    fields: &[
        field("fullName", "String"),
        field("email", "String"),
        field("avatarUrl", "String"),
        field("developerMode", "Boolean"),
    ],
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
        field("folderTypes", "[FolderType!]!"),
        field("taskTypes", "[TaskType!]!"),
        field("statuses", "[Status!]!"),
        field("tags", "[Tag!]!"),
    ],
};

const FOLDER_TYPE: ObjectType = ObjectType {
    name: "FolderType",
    fields: &[
        field("name", "String!"),
        field("shortName", "String"),
        field("icon", "String"),
    ],
};

const TASK_TYPE: ObjectType = ObjectType {
    name: "TaskType",
    fields: &[
        field("name", "String!"),
        field("shortName", "String"),
        field("icon", "String"),
        field("color", "String"),
    ],
};

const STATUS: ObjectType = ObjectType {
    name: "Status",
    fields: &[
        field("name", "String!"),
        field("shortName", "String"),
        field("state", "String"),
        field("icon", "String"),
        field("color", "String"),
    ],
};

const TAG: ObjectType = ObjectType {
    name: "Tag",
    fields: &[field("name", "String!"), field("color", "String")],
};

const PAGE_INFO: ObjectType = ObjectType {
    name: "PageInfo",
    fields: &[
        field("hasNextPage", "Boolean!"),
        field("hasPreviousPage", "Boolean!"),
        field("startCursor", "String"),
        field("endCursor", "String"),
    ],
};

const PROJECTS_CONNECTION: ObjectType = ObjectType {
    name: "ProjectsConnection",
    fields: &[
        field("pageInfo", "PageInfo!"),
        field("edges", "[ProjectEdge!]!"),
    ],
};

const PROJECT_EDGE: ObjectType = ObjectType {
    name: "ProjectEdge",
    fields: &[field("node", "ProjectNode!"), field("cursor", "String")],
};

const USERS_CONNECTION: ObjectType = ObjectType {
    name: "UsersConnection",
    fields: &[
        field("pageInfo", "PageInfo!"),
        field("edges", "[UserEdge!]!"),
    ],
};

const USER_EDGE: ObjectType = ObjectType {
    name: "UserEdge",
    fields: &[field("node", "UserNode!"), field("cursor", "String")],
};

const TYPES: &[&ObjectType] = &[
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

/// The object type called `name`.
pub fn object_type(name: &str) -> Option<&'static ObjectType> {
    TYPES.iter().copied().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_object_field_points_at_a_known_type() {
        let scalars = ["String", "Boolean", "Int", "DateTime"];
        for t in TYPES {
            for f in t.fields {
                let base = f.type_name.trim_matches(|c| matches!(c, '[' | ']' | '!'));
                assert!(
                    scalars.contains(&base) || f.object_type().is_some(),
                    "{}.{}: {}",
                    t.name,
                    f.name,
                    f.type_name
                );
            }
        }
    }
}
