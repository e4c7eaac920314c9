//! Runs one GraphQL request against a [`Snapshot`]: parse, pick the operation,
//! coerce the variables, validate the selections against [`super::schema`],
//! then resolve them. Every error found before resolving makes the answer
//! `{"data": null, "errors": [...]}`, as graphql-core's validation does; the
//! messages use graphql-core's wording.

use std::collections::{HashMap, HashSet};

use graphql_parser::Pos;
use graphql_parser::query::{
    Definition, Directive, Field, FragmentDefinition, OperationDefinition, Selection, SelectionSet,
    Type, TypeCondition, Value as GqlValue, parse_query,
};
use serde_json::{Map, Value, json};

use super::data::{Paging, Snapshot, connection};
use super::input::check_value;
use super::introspection::{TYPE_TYPE, schema_value, type_field, type_value};
use super::meta_schema;
use super::schema::{FieldDef, ObjectType, QUERY, object_type};
use super::suggest::{did_you_mean, suggestion_list};

/// At most this many fields are looked at per pass, so that fragments spread
/// many times over cannot keep the sandbox busy.
const WORK_LIMIT: usize = 20_000;

/// The error past [`WORK_LIMIT`].
const TOO_LARGE: &str = "The query is too large for the sandbox.";

/// Fragments may spread fragments this deep.
const FRAGMENT_DEPTH_LIMIT: usize = 32;

/// The parts of a GraphQL request body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GraphqlRequest {
    /// The document.
    pub query: String,
    /// `variables`, empty when absent.
    pub variables: Map<String, Value>,
    /// `operationName`, choosing among several operations.
    pub operation_name: Option<String>,
}

/// One entry of the `errors` array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphqlError {
    /// The message.
    pub message: String,
    /// Where in the document, one-based; may be empty.
    pub locations: Vec<Pos>,
    /// The response key of a field whose resolver failed (execution errors only).
    pub path: Option<String>,
    /// The HTTP-like status AYON's resolvers put into `extensions` (404).
    pub status: Option<u16>,
}

impl GraphqlError {
    fn new(message: impl Into<String>, locations: Vec<Pos>) -> Self {
        GraphqlError {
            message: message.into(),
            locations,
            path: None,
            status: None,
        }
    }

    /// `{"message", "locations"?, "path"?, "extensions"?}`; keys are left out when
    /// there is nothing to say.
    pub fn to_json(&self) -> Value {
        let mut obj = Map::new();
        obj.insert("message".into(), json!(self.message));
        if !self.locations.is_empty() {
            let locations: Vec<Value> = self
                .locations
                .iter()
                .map(|p| json!({"line": p.line, "column": p.column}))
                .collect();
            obj.insert("locations".into(), Value::Array(locations));
        }
        if let Some(path) = &self.path {
            obj.insert("path".into(), json!([path]));
        }
        if let Some(status) = self.status {
            obj.insert("extensions".into(), json!({"status": status}));
        }
        Value::Object(obj)
    }
}

/// The response body: `{"data": ...}` on success, else
/// `{"data": null, "errors": [...]}`.
pub fn execute(request: &GraphqlRequest, snapshot: &Snapshot) -> Value {
    match run(request, snapshot) {
        Ok(data) => json!({"data": data}),
        Err(errors) => {
            let errors: Vec<Value> = errors.iter().map(GraphqlError::to_json).collect();
            json!({"data": null, "errors": errors})
        }
    }
}

type Doc<'d> = graphql_parser::query::Document<'d, String>;
type Fragment<'d> = FragmentDefinition<'d, String>;

/// What the chosen operation consists of.
struct Operation<'d> {
    kind: &'static str,
    name: Option<&'d str>,
    position: Pos,
    variables: &'d [graphql_parser::query::VariableDefinition<'d, String>],
    selection_set: &'d SelectionSet<'d, String>,
}

fn run(request: &GraphqlRequest, snapshot: &Snapshot) -> Result<Value, Vec<GraphqlError>> {
    let doc: Doc = parse_query::<String>(&request.query)
        .map_err(|err| vec![syntax_error(&err.to_string())])?;
    let mut fragments: HashMap<&str, &Fragment> = HashMap::new();
    let mut operations = Vec::new();
    for definition in &doc.definitions {
        match definition {
            Definition::Fragment(f) => {
                fragments.insert(f.name.as_str(), f);
            }
            Definition::Operation(op) => operations.push(operation(op)),
        }
    }
    let op = choose(operations, request.operation_name.as_deref())?;
    if op.kind != "query" {
        return Err(vec![GraphqlError::new(
            format!(
                "The sandbox answers queries only: {}s are not supported.",
                op.kind
            ),
            vec![op.position],
        )]);
    }
    let variables = coerce_variables(op.variables, &request.variables)?;
    let mut walker = Walker {
        fragments,
        defined: op.variables.iter().map(|v| v.name.as_str()).collect(),
        variables,
        operation_name: op.name,
        snapshot: None,
        errors: Vec::new(),
        work: 0,
    };
    // First pass: validation only, as graphql-core validates before executing.
    walker.select(&QUERY, None, &[op.selection_set]);
    if !walker.errors.is_empty() {
        return Err(walker.errors);
    }
    walker.work = 0;
    walker.snapshot = Some(snapshot);
    let data = walker.select(&QUERY, Some(&Value::Null), &[op.selection_set]);
    if walker.errors.is_empty() {
        Ok(Value::Object(data))
    } else {
        Err(walker.errors)
    }
}

fn operation<'d>(op: &'d OperationDefinition<'d, String>) -> Operation<'d> {
    match op {
        OperationDefinition::SelectionSet(set) => Operation {
            kind: "query",
            name: None,
            position: set.span.0,
            variables: &[],
            selection_set: set,
        },
        OperationDefinition::Query(q) => Operation {
            kind: "query",
            name: q.name.as_deref(),
            position: q.position,
            variables: &q.variable_definitions,
            selection_set: &q.selection_set,
        },
        OperationDefinition::Mutation(m) => Operation {
            kind: "mutation",
            name: m.name.as_deref(),
            position: m.position,
            variables: &m.variable_definitions,
            selection_set: &m.selection_set,
        },
        OperationDefinition::Subscription(s) => Operation {
            kind: "subscription",
            name: s.name.as_deref(),
            position: s.position,
            variables: &s.variable_definitions,
            selection_set: &s.selection_set,
        },
    }
}

/// The operation `operationName` names, or the only one.
fn choose<'d>(
    operations: Vec<Operation<'d>>,
    name: Option<&str>,
) -> Result<Operation<'d>, Vec<GraphqlError>> {
    let found = match name {
        Some(name) => operations
            .into_iter()
            .find(|op| op.name == Some(name))
            .ok_or_else(|| format!("Unknown operation named '{name}'.")),
        None if operations.len() > 1 => {
            Err("Must provide operation name if query contains multiple operations.".into())
        }
        None => operations
            .into_iter()
            .next()
            .ok_or_else(|| "Must provide an operation.".to_owned()),
    };
    found.map_err(|message| vec![GraphqlError::new(message, Vec::new())])
}

/// `Syntax Error: ...` with the position graphql-parser reports
/// (`query parse error: Parse error at L:C\nUnexpected ...\nExpected ...`).
fn syntax_error(text: &str) -> GraphqlError {
    let mut lines = text.lines();
    let head = lines.next().unwrap_or_default();
    let position = head
        .rsplit_once(" at ")
        .and_then(|(_, at)| at.trim().split_once(':'))
        .and_then(|(line, column)| Some((line.parse().ok()?, column.parse().ok()?)))
        .map(|(line, column)| Pos { line, column });
    let mut detail: Vec<String> = lines
        .map(strip_token_kinds)
        .filter(|l| !l.trim().is_empty())
        .collect();
    if detail.is_empty() {
        detail.push("Unexpected input".into());
    }
    let message = format!("Syntax Error: {}.", detail.join(". "));
    GraphqlError::new(message, position.into_iter().collect())
}

/// graphql-parser prints tokens as `value[Kind]`; the kind is noise to users.
fn strip_token_kinds(line: &str) -> String {
    let mut out = line.to_owned();
    for kind in [
        "Punctuator",
        "Name",
        "IntValue",
        "FloatValue",
        "StringValue",
        "BlockString",
    ] {
        out = out.replace(&format!("[{kind}]"), "");
    }
    out.trim().to_owned()
}

/// GraphQL's notation of a type, e.g. `[String!]!`.
fn type_display(t: &Type<'_, String>) -> String {
    match t {
        Type::NamedType(name) => name.clone(),
        Type::ListType(inner) => format!("[{}]", type_display(inner)),
        Type::NonNullType(inner) => format!("{}!", type_display(inner)),
    }
}

/// The input scalars variables may use.
const INPUT_SCALARS: [&str; 5] = ["String", "Int", "Float", "Boolean", "ID"];

/// Checks the variables sent against the operation's definitions; fills in
/// defaults. A variable neither sent nor defaulted stays absent.
fn coerce_variables(
    definitions: &[graphql_parser::query::VariableDefinition<'_, String>],
    sent: &Map<String, Value>,
) -> Result<Map<String, Value>, Vec<GraphqlError>> {
    let mut values = Map::new();
    let mut errors = Vec::new();
    for def in definitions {
        let name = def.name.as_str();
        let type_name = type_display(&def.var_type);
        let base = type_name.trim_matches(|c| matches!(c, '[' | ']' | '!'));
        let at = vec![def.position];
        if !INPUT_SCALARS.contains(&base) {
            errors.push(GraphqlError::new(format!("Unknown type '{base}'."), at));
            continue;
        }
        match sent.get(name) {
            Some(Value::Null) if type_name.ends_with('!') => errors.push(GraphqlError::new(
                format!("Variable '${name}' of non-null type '{type_name}' must not be null."),
                at,
            )),
            Some(value) => match check_value(&type_name, value) {
                Ok(()) => {
                    values.insert(name.to_owned(), value.clone());
                }
                Err(why) => errors.push(GraphqlError::new(
                    format!("Variable '${name}' got invalid value {value}; {why}"),
                    at,
                )),
            },
            None => match &def.default_value {
                Some(default) => {
                    values.insert(name.to_owned(), literal(default));
                }
                None if type_name.ends_with('!') => errors.push(GraphqlError::new(
                    format!("Variable '${name}' of required type '{type_name}' was not provided."),
                    at,
                )),
                None => {}
            },
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// A literal without variables (defaults) as JSON.
fn literal(value: &GqlValue<'_, String>) -> Value {
    match value {
        GqlValue::Variable(_) | GqlValue::Null => Value::Null,
        GqlValue::Int(n) => n.as_i64().map_or(Value::Null, |n| json!(n)),
        GqlValue::Float(f) => json!(f),
        GqlValue::String(s) => json!(s),
        GqlValue::Boolean(b) => json!(b),
        GqlValue::Enum(e) => json!(e),
        GqlValue::List(items) => Value::Array(items.iter().map(literal).collect()),
        GqlValue::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), literal(v)))
                .collect(),
        ),
    }
}

/// Fields grouped by response key, in the order they first appear.
type Groups<'d> = Vec<(String, Vec<&'d Field<'d, String>>)>;

/// Walks selections; validates when `snapshot` is `None`, resolves otherwise.
struct Walker<'d, 's> {
    fragments: HashMap<&'d str, &'d Fragment<'d>>,
    defined: HashSet<&'d str>,
    variables: Map<String, Value>,
    operation_name: Option<&'d str>,
    snapshot: Option<&'s Snapshot>,
    errors: Vec<GraphqlError>,
    work: usize,
}

impl<'d> Walker<'d, '_> {
    fn error(&mut self, message: impl Into<String>, locations: Vec<Pos>) {
        self.errors.push(GraphqlError::new(message, locations));
    }

    /// Counts `amount` more work; past [`WORK_LIMIT`] records the error
    /// (once) and answers `true`.
    fn over_limit(&mut self, amount: usize) -> bool {
        self.work = self.work.saturating_add(amount);
        if self.work <= WORK_LIMIT {
            return false;
        }
        if !self.errors.iter().any(|e| e.message == TOO_LARGE) {
            self.error(TOO_LARGE, Vec::new());
        }
        true
    }

    /// The selections `sets` on type `ty`; `source` is the object they read
    /// (`None` while validating).
    fn select(
        &mut self,
        ty: &ObjectType,
        source: Option<&Value>,
        sets: &[&'d SelectionSet<'d, String>],
    ) -> Map<String, Value> {
        let mut out = Map::new();
        let mut groups = Vec::new();
        self.collect(ty, sets, &mut Vec::new(), &mut groups);
        for (key, fields) in groups {
            if self.over_limit(fields.len()) {
                return out;
            }
            let Some(first) = fields.first().copied() else {
                continue;
            };
            for other in &fields[1..] {
                if other.name != first.name {
                    self.error(
                        format!(
                            "Fields '{key}' conflict because '{}' and '{}' are different \
                             fields. Use different aliases on the fields to fetch both if \
                             this was intentional.",
                            first.name, other.name
                        ),
                        vec![first.position, other.position],
                    );
                }
            }
            if first.name == "__typename" {
                out.insert(key, json!(ty.name));
                continue;
            }
            // `__schema` and `__type` are on the root type without being among its fields.
            let meta = || (ty.name == QUERY.name).then(|| meta_schema::root_field(&first.name));
            let Some(def) = ty.field(&first.name).or_else(|| meta().flatten()) else {
                let names: Vec<&str> = ty.fields.iter().map(|f| f.name).collect();
                let hint = did_you_mean(&suggestion_list(&first.name, &names));
                self.error(
                    format!(
                        "Cannot query field '{}' on type '{}'.{hint}",
                        first.name, ty.name
                    ),
                    vec![first.position],
                );
                continue;
            };
            let args = self.arguments(ty, def, first);
            let sub_sets: Vec<&'d SelectionSet<'d, String>> = fields
                .iter()
                .map(|f| &f.selection_set)
                .filter(|s| !s.items.is_empty())
                .collect();
            let value = match def.object_type() {
                None => {
                    if !sub_sets.is_empty() {
                        self.error(
                            format!(
                                "Field '{}' must not have a selection since type '{}' has \
                                 no subfields.",
                                def.name, def.type_name
                            ),
                            vec![first.position],
                        );
                    }
                    self.read(ty, def, source, &args)
                }
                Some(object) => {
                    if sub_sets.is_empty() {
                        self.error(
                            format!(
                                "Field '{}' of type '{}' must have a selection of \
                                 subfields. Did you mean '{} {{ ... }}'?",
                                def.name, def.type_name, def.name
                            ),
                            vec![first.position],
                        );
                        continue;
                    }
                    if self.snapshot.is_none() {
                        self.select(object, None, &sub_sets);
                        Value::Null
                    } else {
                        let value = self.read(ty, def, source, &args);
                        if value.is_null()
                            && let Some((message, status)) = resolver_error(ty, def, &args)
                        {
                            // An error from the resolver; the field is non-null, so the
                            // whole `data` becomes null (more/1212, 1213).
                            self.errors.push(GraphqlError {
                                path: Some(key.clone()),
                                status: Some(status),
                                ..GraphqlError::new(message, vec![first.position])
                            });
                            continue;
                        }
                        self.project(object, &value, &sub_sets)
                    }
                }
            };
            out.insert(key, value);
        }
        out
    }

    /// The selections applied to an object, a list of objects or null.
    fn project(
        &mut self,
        ty: &ObjectType,
        value: &Value,
        sets: &[&'d SelectionSet<'d, String>],
    ) -> Value {
        match value {
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.project(ty, item, sets))
                    .collect(),
            ),
            Value::Object(_) => Value::Object(self.select(ty, Some(value), sets)),
            _ => Value::Null,
        }
    }

    /// The field's value: from the root resolvers on `Query`, else from the
    /// source object. `Null` while validating.
    fn read(
        &self,
        ty: &ObjectType,
        def: &FieldDef,
        source: Option<&Value>,
        args: &Map<String, Value>,
    ) -> Value {
        let Some(snapshot) = self.snapshot else {
            return Value::Null;
        };
        if ty.name == QUERY.name {
            return resolve_root(snapshot, def.name, args);
        }
        if ty.name == TYPE_TYPE {
            return source.map_or(Value::Null, |s| type_field(s, def.name));
        }
        source
            .and_then(|s| s.get(def.name))
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// Groups the fields of `sets` by response key, expanding fragments and
    /// honouring `@skip` / `@include`.
    fn collect(
        &mut self,
        ty: &ObjectType,
        sets: &[&'d SelectionSet<'d, String>],
        visiting: &mut Vec<&'d str>,
        groups: &mut Groups<'d>,
    ) {
        for set in sets {
            for item in &set.items {
                if self.over_limit(1) {
                    return;
                }
                match item {
                    Selection::Field(field) => {
                        if !self.included(&field.directives) {
                            continue;
                        }
                        let key = field.alias.as_deref().unwrap_or(&field.name);
                        match groups.iter_mut().find(|(k, _)| k == key) {
                            Some((_, fields)) => fields.push(field),
                            None => groups.push((key.to_owned(), vec![field])),
                        }
                    }
                    Selection::FragmentSpread(spread) => {
                        if !self.included(&spread.directives) {
                            continue;
                        }
                        let name = spread.fragment_name.as_str();
                        let Some(fragment) = self.fragments.get(name).copied() else {
                            self.error(
                                format!("Unknown fragment '{name}'."),
                                vec![spread.position],
                            );
                            continue;
                        };
                        if visiting.contains(&name) {
                            self.error(
                                format!("Cannot spread fragment '{name}' within itself."),
                                vec![spread.position],
                            );
                            continue;
                        }
                        if visiting.len() >= FRAGMENT_DEPTH_LIMIT {
                            self.error(
                                "Fragments are nested too deep for the sandbox.",
                                vec![spread.position],
                            );
                            continue;
                        }
                        let TypeCondition::On(on) = &fragment.type_condition;
                        let spread_here = format!("Fragment '{name}'");
                        if self.fits(ty, on, &spread_here, spread.position) {
                            visiting.push(name);
                            self.collect(ty, &[&fragment.selection_set], visiting, groups);
                            visiting.pop();
                        }
                    }
                    Selection::InlineFragment(inline) => {
                        if !self.included(&inline.directives) {
                            continue;
                        }
                        let fits = match &inline.type_condition {
                            Some(TypeCondition::On(on)) => {
                                self.fits(ty, on, "Fragment", inline.position)
                            }
                            None => true,
                        };
                        if fits {
                            self.collect(ty, &[&inline.selection_set], visiting, groups);
                        }
                    }
                }
            }
        }
    }

    /// Whether a fragment on type `on` applies to `ty` (no interfaces or
    /// unions here, so only the same type does).
    fn fits(&mut self, ty: &ObjectType, on: &str, what: &str, at: Pos) -> bool {
        if object_type(on).is_none() {
            self.error(format!("Unknown type '{on}'."), vec![at]);
            false
        } else if on != ty.name {
            self.error(
                format!(
                    "{what} cannot be spread here as objects of type '{}' can never be of \
                     type '{on}'.",
                    ty.name
                ),
                vec![at],
            );
            false
        } else {
            true
        }
    }

    /// `@skip(if:)` and `@include(if:)`; other directives are unknown.
    fn included(&mut self, directives: &[Directive<'d, String>]) -> bool {
        let mut keep = true;
        for directive in directives {
            let name = directive.name.as_str();
            if name != "skip" && name != "include" {
                self.error(
                    format!("Unknown directive '@{name}'."),
                    vec![directive.position],
                );
                continue;
            }
            let condition = directive
                .arguments
                .iter()
                .find(|(arg, _)| arg == "if")
                .and_then(|(_, v)| self.value(v, directive.position));
            match condition {
                Some(Value::Bool(flag)) => {
                    if (name == "skip") == flag {
                        keep = false;
                    }
                }
                Some(other) => self.error(
                    format!("Boolean cannot represent a non boolean value: {other}"),
                    vec![directive.position],
                ),
                None => self.error(
                    format!(
                        "Directive '@{name}' argument 'if' of type 'Boolean!' is required, \
                         but it was not provided."
                    ),
                    vec![directive.position],
                ),
            }
        }
        keep
    }

    /// The field's arguments with variables filled in, checked against `def`.
    fn arguments(
        &mut self,
        ty: &ObjectType,
        def: &FieldDef,
        field: &'d Field<'d, String>,
    ) -> Map<String, Value> {
        let mut args = Map::new();
        for (name, given) in &field.arguments {
            let Some(arg_def) = def.args.iter().find(|a| a.name == name) else {
                let names: Vec<&str> = def.args.iter().map(|a| a.name).collect();
                let hint = did_you_mean(&suggestion_list(name, &names));
                self.error(
                    format!(
                        "Unknown argument '{name}' on field '{}.{}'.{hint}",
                        ty.name, def.name
                    ),
                    vec![field.position],
                );
                continue;
            };
            let Some(value) = self.value(given, field.position) else {
                continue;
            };
            match check_value(arg_def.type_name, &value) {
                Ok(()) => {
                    args.insert(name.clone(), value);
                }
                Err(why) => self.error(why.to_string(), vec![field.position]),
            }
        }
        for arg_def in def.args.iter().filter(|a| a.required()) {
            let given = field.arguments.iter().any(|(name, _)| name == arg_def.name);
            if !given {
                self.error(
                    format!(
                        "Field '{}' argument '{}' of type '{}' is required, but it was not \
                         provided.",
                        def.name, arg_def.name, arg_def.type_name
                    ),
                    vec![field.position],
                );
            }
        }
        args
    }

    /// A value with variables filled in; `None` for a variable that was not
    /// sent (the argument then counts as absent) or is not defined.
    fn value(&mut self, value: &GqlValue<'d, String>, at: Pos) -> Option<Value> {
        Some(match value {
            GqlValue::Variable(name) => {
                if !self.defined.contains(name.as_str()) {
                    let by = self
                        .operation_name
                        .map(|op| format!(" by operation '{op}'"))
                        .unwrap_or_default();
                    self.error(format!("Variable '${name}' is not defined{by}."), vec![at]);
                    return None;
                }
                return self.variables.get(name).cloned();
            }
            GqlValue::List(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.value(item, at).unwrap_or(Value::Null))
                    .collect(),
            ),
            GqlValue::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), self.value(v, at).unwrap_or(Value::Null)))
                    .collect(),
            ),
            other => literal(other),
        })
    }
}

/// AYON's error (message and `extensions.status`) when a root lookup finds
/// nothing.
fn resolver_error(
    ty: &ObjectType,
    def: &FieldDef,
    args: &Map<String, Value>,
) -> Option<(&'static str, u16)> {
    if ty.name != QUERY.name {
        return None;
    }
    let given = |key: &str| {
        args.get(key)
            .and_then(Value::as_str)
            .is_some_and(|v| !v.is_empty())
    };
    match def.name {
        // `if not (name or code)`: Python's empty strings count as absent.
        "project" if !given("name") && !given("code") => {
            Some(("Either name or code must be provided.", 400))
        }
        "project" => Some(("Project not found", 404)),
        "user" => Some(("User not found", 404)),
        _ => None,
    }
}

/// The root fields of `Query`.
fn resolve_root(snapshot: &Snapshot, field: &str, args: &Map<String, Value>) -> Value {
    let text = |key: &str| args.get(key).and_then(Value::as_str);
    let names = |key: &str| -> Option<Vec<String>> {
        match args.get(key)? {
            Value::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_owned))
                    .collect(),
            ),
            Value::String(one) => Some(vec![one.clone()]),
            _ => None,
        }
    };
    let node_name = |node: &Value| node["name"].as_str().unwrap_or_default().to_owned();
    // AYON compares project names and codes with `ILIKE`.
    let matches = |node: &Value, key: &str| {
        text(key).is_none_or(|wanted| {
            node[key]
                .as_str()
                .is_some_and(|v| v.eq_ignore_ascii_case(wanted))
        })
    };
    match field {
        "__schema" => schema_value().clone(),
        "__type" => type_value(text("name").unwrap_or_default()),
        "me" => snapshot.me.clone(),
        "project" if text("name").is_none() && text("code").is_none() => Value::Null,
        "project" => snapshot
            .projects
            .iter()
            .find(|p| matches(p, "name") && matches(p, "code"))
            .cloned()
            .unwrap_or(Value::Null),
        "user" => {
            let wanted = text("name").unwrap_or_default();
            snapshot
                .users
                .iter()
                .find(|u| node_name(u) == wanted)
                .cloned()
                .unwrap_or(Value::Null)
        }
        "projects" => {
            let items: Vec<Value> = snapshot
                .projects
                .iter()
                .filter(|p| matches(p, "name") && matches(p, "code"))
                .cloned()
                .collect();
            connection(&items, paging(args))
        }
        "users" => {
            let one = text("name");
            let only = names("names");
            let items: Vec<Value> = snapshot
                .users
                .iter()
                .filter(|u| one.is_none_or(|n| node_name(u) == n))
                .filter(|u| only.as_ref().is_none_or(|n| n.contains(&node_name(u))))
                .cloned()
                .collect();
            connection(&items, paging(args))
        }
        _ => Value::Null,
    }
}

/// `first`, `last`, `after`, `before`; unreadable cursors are ignored.
fn paging(args: &Map<String, Value>) -> Paging {
    let cursor = |key: &str| {
        args.get(key)
            .and_then(Value::as_str)
            .and_then(|c| c.parse().ok())
    };
    Paging {
        first: args.get("first").and_then(Value::as_i64),
        last: args.get("last").and_then(Value::as_i64),
        after: cursor("after"),
        before: cursor("before"),
    }
}
