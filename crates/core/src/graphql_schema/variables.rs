//! The variables JSON of a query: a skeleton to fill in, and a check of what was filled in.

use super::schema::{Schema, TypeKind};
use super::type_ref::TypeRef;
use super::walker::{Operation, VarDef, walk};
use serde_json::{Map, Value};

/// Input objects nest at most this deep in a skeleton (they may refer to themselves).
const MAX_NESTING: usize = 6;

/// Each variable the operation declares, with a placeholder of its type: `""` for strings
/// (and custom scalars), `0` for Int, `0.0` for Float, `false` for Boolean, the first value
/// of an enum, `[]` for lists, and input objects with their required fields. The operation
/// is the one named, or the first; an object, empty when there is none.
pub fn variables_skeleton(schema: &Schema, text: &str, operation_name: Option<&str>) -> Value {
    let operations = walk(schema, text, text, false).operations;
    let operation = match operation_name {
        Some(name) => operations.iter().find(|o| o.name.as_deref() == Some(name)),
        None => operations.first(),
    };
    let mut object = Map::new();
    for var in operation.map_or(&[][..], |o| o.vars.as_slice()) {
        object.insert(var.name.clone(), placeholder(schema, &var.type_ref, 0));
    }
    Value::Object(object)
}

fn placeholder(schema: &Schema, type_ref: &TypeRef, depth: usize) -> Value {
    match type_ref {
        TypeRef::NonNull(inner) => placeholder(schema, inner, depth),
        TypeRef::List(_) => Value::Array(Vec::new()),
        TypeRef::Named(name) => match (name.as_str(), schema.type_named(name)) {
            ("Int", _) => Value::from(0),
            ("Float", _) => Value::from(0.0),
            ("Boolean", _) => Value::Bool(false),
            (_, Some(def)) if def.kind == TypeKind::Enum => def
                .enum_values
                .first()
                .map_or(Value::Null, |v| Value::String(v.name.clone())),
            (_, Some(def)) if def.kind == TypeKind::InputObject && depth < MAX_NESTING => {
                Value::Object(
                    def.input_fields
                        .iter()
                        .filter(|f| f.is_required())
                        .map(|f| (f.name.clone(), placeholder(schema, &f.type_ref, depth + 1)))
                        .collect(),
                )
            }
            (_, Some(def)) if def.kind == TypeKind::InputObject => Value::Object(Map::new()),
            _ => Value::String(String::new()),
        },
    }
}

/// What is wrong with `variables_json` for the variables `text` declares (all its
/// operations'): not a JSON object, a required variable missing or null, a value of the
/// wrong JSON type (deep into lists and input objects), a variable not declared. Empty text
/// stands for no variables.
pub fn check_variables(schema: &Schema, text: &str, variables_json: &str) -> Vec<String> {
    let operations = walk(schema, text, text, false).operations;
    let declared = declared(&operations);
    let given = if variables_json.trim().is_empty() {
        Map::new()
    } else {
        match serde_json::from_str::<Value>(variables_json) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return vec!["The variables must be a JSON object".into()],
            Err(e) => return vec![format!("The variables are not JSON: {e}")],
        }
    };
    let mut problems = Vec::new();
    for var in &declared {
        match given.get(&var.name) {
            None | Some(Value::Null) if var.type_ref.is_non_null() && !var.has_default => {
                problems.push(format!(
                    "Missing required variable \"${}\" ({})",
                    var.name,
                    var.type_ref.display()
                ));
            }
            None => {}
            Some(value) => {
                check_value(
                    schema,
                    value,
                    &var.type_ref,
                    &format!("${}", var.name),
                    0,
                    &mut problems,
                );
            }
        }
    }
    for name in given.keys() {
        if !declared.iter().any(|v| v.name == *name) {
            problems.push(format!(
                "Unknown variable \"{name}\": the query does not declare ${name}"
            ));
        }
    }
    problems
}

/// The variables of all operations, the first declaration of a name winning.
fn declared(operations: &[Operation]) -> Vec<&VarDef> {
    let mut vars: Vec<&VarDef> = Vec::new();
    for var in operations.iter().flat_map(|o| &o.vars) {
        if !vars.iter().any(|v| v.name == var.name) {
            vars.push(var);
        }
    }
    vars
}

fn check_value(
    schema: &Schema,
    value: &Value,
    expected: &TypeRef,
    path: &str,
    depth: usize,
    problems: &mut Vec<String>,
) {
    if depth > 32 {
        return;
    }
    let wrong = |problems: &mut Vec<String>| {
        problems.push(format!(
            "\"{path}\" must be {}, not {}",
            expected.display(),
            json_kind(value)
        ));
    };
    match (expected, value) {
        (TypeRef::NonNull(_), Value::Null) => wrong(problems),
        (TypeRef::NonNull(inner), _) => {
            check_value(schema, value, inner, path, depth + 1, problems)
        }
        (_, Value::Null) => {}
        (TypeRef::List(item), Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                check_value(
                    schema,
                    v,
                    item,
                    &format!("{path}[{i}]"),
                    depth + 1,
                    problems,
                );
            }
        }
        // A single value stands for a list of one.
        (TypeRef::List(item), _) => check_value(schema, value, item, path, depth + 1, problems),
        (TypeRef::Named(name), _) => {
            let Some(def) = schema.type_named(name) else {
                return;
            };
            let fits = match (def.kind, name.as_str(), value) {
                (TypeKind::Scalar, "Int", Value::Number(n)) => {
                    n.as_i64().is_some_and(|i| i32::try_from(i).is_ok())
                }
                (TypeKind::Scalar, "Float", Value::Number(_)) => true,
                (TypeKind::Scalar, "String", Value::String(_)) => true,
                (TypeKind::Scalar, "ID", Value::String(_) | Value::Number(_)) => true,
                (TypeKind::Scalar, "Boolean", Value::Bool(_)) => true,
                (TypeKind::Scalar, "Int" | "Float" | "String" | "ID" | "Boolean", _) => false,
                (TypeKind::Scalar, _, _) => true,
                (TypeKind::Enum, _, Value::String(s)) => {
                    def.enum_values.iter().any(|v| v.name == *s)
                }
                (TypeKind::InputObject, _, Value::Object(fields)) => {
                    for f in &def.input_fields {
                        let field_path = format!("{path}.{}", f.name);
                        match fields.get(&f.name) {
                            None if f.is_required() => problems.push(format!(
                                "\"{field_path}\" is required ({})",
                                f.type_ref.display()
                            )),
                            None => {}
                            Some(v) => check_value(
                                schema,
                                v,
                                &f.type_ref,
                                &field_path,
                                depth + 1,
                                problems,
                            ),
                        }
                    }
                    for key in fields.keys() {
                        if def.input_field(key).is_none() {
                            problems
                                .push(format!("\"{path}.{key}\" is not a field of {}", def.name));
                        }
                    }
                    true
                }
                _ => false,
            };
            if !fits {
                wrong(problems);
            }
        }
    }
}

fn json_kind(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the Boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}
