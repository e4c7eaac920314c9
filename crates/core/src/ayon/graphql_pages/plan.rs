//! Planning: which field is the connection, where its edges and cursors are in the answer,
//! and the query rewritten so that every page can be asked with one variable.

use graphql_parser::Pos;
use graphql_parser::query::{
    Definition, Document, Field, OperationDefinition, Query, Selection, SelectionSet, Type, Value,
    VariableDefinition, parse_query,
};
use serde_json::Map;

use crate::ayon::graphql::{SyntaxError, syntax_error};

type Doc = Document<'static, String>;
type Set = SelectionSet<'static, String>;
type FieldNode = Field<'static, String>;

/// A query ready to be run page after page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PagesPlan {
    /// The query as sent: `pageInfo { hasNextPage endCursor }` selected and `after:` bound
    /// to [`PagesPlan::cursor_variable`] (laid out by the parser's printer).
    pub query: String,
    /// The operation run (as `operationName`), when the document names it.
    pub operation_name: Option<String>,
    /// The variable holding the cursor (without `$`).
    pub cursor_variable: String,
    /// Where the first page starts, when the query gave `after: "..."` literally.
    pub start_cursor: Option<String>,
    /// The response keys from `data` down to the connection (aliases followed).
    pub path: Vec<String>,
    /// The connection's key for its edges.
    pub edges_key: String,
    /// The connection's key for its `pageInfo`.
    pub page_info_key: String,
    /// `pageInfo`'s key for `hasNextPage`.
    pub has_next_key: String,
    /// `pageInfo`'s key for `endCursor`.
    pub end_cursor_key: String,
}

impl PagesPlan {
    /// The connection's place in the answer, dotted (`project.folders`).
    pub fn field_path(&self) -> String {
        self.path.join(".")
    }
}

/// Why a query cannot be fetched page by page.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The document does not parse.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// The document has no operation.
    #[error("The document has no operation to run.")]
    NoOperation,
    /// Several operations and none named.
    #[error("The document has several operations: name the one to run (Operation name).")]
    SeveralOperations,
    /// The named operation is not in the document.
    #[error("The document has no operation named \"{0}\".")]
    NoSuchOperation(String),
    /// A mutation or subscription.
    #[error("Only a query is fetched page by page, not a {0}.")]
    NotAQuery(&'static str),
    /// No field of the operation selects `edges`.
    #[error(
        "No connection field: no field of the query selects `edges` (as in `projects {{ edges \
         {{ node {{ name }} }} }}`), so there are no pages to follow. Fields inside named \
         fragments are not searched."
    )]
    NoConnection,
    /// `after:` holds something other than a string, null or a variable.
    #[error("`after:` of {field} must be a string, null or a variable to follow pages.")]
    BadAfter {
        /// The connection field.
        field: String,
    },
    /// The request body is not a GraphQL request object.
    #[error("The request body is not a GraphQL request: {0}")]
    NotGraphQl(String),
}

/// Plans fetching every page of the first connection field (in reading order, the
/// outermost first) of the operation named `operation_name`, or of the only operation.
pub fn plan_pages(query: &str, operation_name: Option<&str>) -> Result<PagesPlan, PlanError> {
    let mut document = parse_query::<String>(query)
        .map_err(|e| syntax_error(&e.to_string()))?
        .into_static();
    let operation_name = operation_name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    let index = operation_index(&document, operation_name.as_deref())?;
    let Definition::Operation(operation) = &mut document.definitions[index] else {
        return Err(PlanError::NoOperation);
    };
    // An anonymous `{ ... }` becomes `query { ... }`, which can declare the variable.
    if let OperationDefinition::SelectionSet(set) = operation {
        let selection_set = std::mem::replace(set, empty_set());
        *operation = OperationDefinition::Query(Query {
            position: Pos::default(),
            name: None,
            variable_definitions: Vec::new(),
            directives: Vec::new(),
            selection_set,
        });
    }
    let query_op = match operation {
        OperationDefinition::Query(q) => q,
        OperationDefinition::Mutation(_) => return Err(PlanError::NotAQuery("mutation")),
        OperationDefinition::Subscription(_) => {
            return Err(PlanError::NotAQuery("subscription"));
        }
        OperationDefinition::SelectionSet(_) => return Err(PlanError::NoOperation),
    };
    let mut steps = Vec::new();
    let mut path = Vec::new();
    if !find_connection(&query_op.selection_set, &mut steps, &mut path) {
        return Err(PlanError::NoConnection);
    }
    let declared: Vec<String> = query_op
        .variable_definitions
        .iter()
        .map(|v| v.name.clone())
        .collect();
    let field = field_at(&mut query_op.selection_set, &steps).ok_or(PlanError::NoConnection)?;
    let edges_key = field
        .selection_set
        .items
        .iter()
        .find_map(|s| match s {
            Selection::Field(f) if f.name == "edges" => Some(response_key(f)),
            _ => None,
        })
        .unwrap_or_else(|| "edges".into());
    let (page_info_key, has_next_key, end_cursor_key) = ensure_page_info(field);
    let (cursor_variable, start_cursor, declare) = bind_after(field, &declared, &path)?;
    if declare {
        query_op.variable_definitions.push(VariableDefinition {
            position: Pos::default(),
            name: cursor_variable.clone(),
            var_type: Type::NamedType("String".into()),
            default_value: None,
        });
    }
    Ok(PagesPlan {
        query: document.to_string().trim_end().to_owned(),
        operation_name,
        cursor_variable,
        start_cursor,
        path,
        edges_key,
        page_info_key,
        has_next_key,
        end_cursor_key,
    })
}

/// Plans from a GraphQL request body as sent (`{"query", "variables", "operationName"}`,
/// `{{variables}}` already filled in); returns the plan and the request's variables.
pub fn plan_request_body(
    body: &[u8],
) -> Result<(PagesPlan, Map<String, serde_json::Value>), PlanError> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| PlanError::NotGraphQl(e.to_string()))?;
    let query = value
        .get("query")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| PlanError::NotGraphQl("it has no \"query\" string".into()))?;
    let operation = value
        .get("operationName")
        .and_then(serde_json::Value::as_str);
    let variables = match value.get("variables") {
        Some(serde_json::Value::Object(map)) => map.clone(),
        None | Some(serde_json::Value::Null) => Map::new(),
        Some(_) => {
            return Err(PlanError::NotGraphQl(
                "\"variables\" is not an object".into(),
            ));
        }
    };
    Ok((plan_pages(query, operation)?, variables))
}

fn empty_set() -> Set {
    SelectionSet {
        span: (Pos::default(), Pos::default()),
        items: Vec::new(),
    }
}

/// The index of the operation to run among the document's definitions.
fn operation_index(document: &Doc, wanted: Option<&str>) -> Result<usize, PlanError> {
    let operations: Vec<(usize, Option<&str>)> = document
        .definitions
        .iter()
        .enumerate()
        .filter_map(|(i, d)| match d {
            Definition::Operation(op) => Some((i, operation_name(op))),
            Definition::Fragment(_) => None,
        })
        .collect();
    match wanted {
        Some(name) => operations
            .iter()
            .find(|(_, n)| *n == Some(name))
            .map(|(i, _)| *i)
            .ok_or_else(|| PlanError::NoSuchOperation(name.to_owned())),
        None => match operations.as_slice() {
            [] => Err(PlanError::NoOperation),
            [(i, _)] => Ok(*i),
            _ => Err(PlanError::SeveralOperations),
        },
    }
}

fn operation_name<'d>(operation: &'d OperationDefinition<'static, String>) -> Option<&'d str> {
    match operation {
        OperationDefinition::Query(q) => q.name.as_deref(),
        OperationDefinition::Mutation(m) => m.name.as_deref(),
        OperationDefinition::Subscription(s) => s.name.as_deref(),
        OperationDefinition::SelectionSet(_) => None,
    }
}

/// The key a field has in the answer: its alias, else its name.
fn response_key(field: &FieldNode) -> String {
    field.alias.clone().unwrap_or_else(|| field.name.clone())
}

fn selects(set: &Set, name: &str) -> bool {
    set.items
        .iter()
        .any(|s| matches!(s, Selection::Field(f) if f.name == name))
}

/// Finds the first field (reading order, a field before what it selects) whose selection
/// has `edges`: `steps` are the item indices down to it (inline fragments included),
/// `path` the response keys.
fn find_connection(set: &Set, steps: &mut Vec<usize>, path: &mut Vec<String>) -> bool {
    for (i, item) in set.items.iter().enumerate() {
        match item {
            Selection::Field(field) => {
                steps.push(i);
                path.push(response_key(field));
                if selects(&field.selection_set, "edges")
                    || find_connection(&field.selection_set, steps, path)
                {
                    return true;
                }
                steps.pop();
                path.pop();
            }
            Selection::InlineFragment(fragment) => {
                steps.push(i);
                if find_connection(&fragment.selection_set, steps, path) {
                    return true;
                }
                steps.pop();
            }
            Selection::FragmentSpread(_) => {}
        }
    }
    false
}

fn field_at<'s>(set: &'s mut Set, steps: &[usize]) -> Option<&'s mut FieldNode> {
    let (first, rest) = steps.split_first()?;
    match set.items.get_mut(*first)? {
        Selection::Field(field) => {
            if rest.is_empty() {
                Some(field)
            } else {
                field_at(&mut field.selection_set, rest)
            }
        }
        Selection::InlineFragment(fragment) => field_at(&mut fragment.selection_set, rest),
        Selection::FragmentSpread(_) => None,
    }
}

fn new_field(name: &str, items: Vec<Selection<'static, String>>) -> Selection<'static, String> {
    Selection::Field(Field {
        position: Pos::default(),
        alias: None,
        name: name.to_owned(),
        arguments: Vec::new(),
        directives: Vec::new(),
        selection_set: SelectionSet {
            span: (Pos::default(), Pos::default()),
            items,
        },
    })
}

/// Makes the connection select `pageInfo { hasNextPage endCursor }` (adding what is
/// missing); returns the keys of pageInfo, hasNextPage and endCursor in the answer.
fn ensure_page_info(connection: &mut FieldNode) -> (String, String, String) {
    let items = &mut connection.selection_set.items;
    let existing = items
        .iter()
        .position(|s| matches!(s, Selection::Field(f) if f.name == "pageInfo"));
    let index = existing.unwrap_or_else(|| {
        items.push(new_field("pageInfo", Vec::new()));
        items.len() - 1
    });
    let Some(Selection::Field(page_info)) = items.get_mut(index) else {
        return ("pageInfo".into(), "hasNextPage".into(), "endCursor".into());
    };
    let mut key_of = |name: &str| {
        let found = page_info.selection_set.items.iter().find_map(|s| match s {
            Selection::Field(f) if f.name == name => Some(response_key(f)),
            _ => None,
        });
        found.unwrap_or_else(|| {
            page_info
                .selection_set
                .items
                .push(new_field(name, Vec::new()));
            name.to_owned()
        })
    };
    let has_next = key_of("hasNextPage");
    let end_cursor = key_of("endCursor");
    (response_key(page_info), has_next, end_cursor)
}

/// Binds `after:` to a variable: the one already there, or a fresh `String` one (which
/// takes the place of a literal cursor, kept as the start). Returns the variable, the
/// start cursor, and whether the variable must be declared.
fn bind_after(
    connection: &mut FieldNode,
    declared: &[String],
    path: &[String],
) -> Result<(String, Option<String>, bool), PlanError> {
    let fresh = || {
        (1..)
            .map(|n| match n {
                1 => "after".to_owned(),
                n => format!("after{n}"),
            })
            .find(|name| !declared.contains(name))
            .unwrap_or_else(|| "after".into())
    };
    let argument = connection
        .arguments
        .iter_mut()
        .find(|(name, _)| name == "after");
    let (variable, start) = match argument {
        Some((_, Value::Variable(name))) => {
            let declare = !declared.contains(name);
            return Ok((name.clone(), None, declare));
        }
        Some((_, value @ (Value::String(_) | Value::Null))) => {
            let start = match value {
                Value::String(s) => Some(s.clone()),
                _ => None,
            };
            let variable = fresh();
            *value = Value::Variable(variable.clone());
            (variable, start)
        }
        Some(_) => {
            return Err(PlanError::BadAfter {
                field: path.join("."),
            });
        }
        None => {
            let variable = fresh();
            connection
                .arguments
                .push(("after".into(), Value::Variable(variable.clone())));
            (variable, None)
        }
    };
    Ok((variable, start, true))
}
