//! Insomnia environments: the base one and its sub environments, merged.

use serde_json::Value;

use super::request::untemplate;
use crate::interchange::postman::common::{MAX_DEPTH, as_text, str_at};
use crate::interchange::{ImportedEnvironment, ImportedVariable};

/// Each sub environment merged over the base; the base alone when there is none.
pub(super) fn environments(
    base: Option<&Value>,
    subs: &[(&str, &Value)],
) -> Vec<ImportedEnvironment> {
    let base_vars = base.map(env_vars).unwrap_or_default();
    if subs.is_empty() {
        if base_vars.is_empty() {
            return Vec::new();
        }
        let name = base
            .and_then(|b| str_at(b, "name"))
            .unwrap_or("Base Environment");
        return vec![ImportedEnvironment {
            name: name.to_string(),
            variables: base_vars,
        }];
    }
    subs.iter()
        .map(|(name, sub)| {
            let mut variables = base_vars.clone();
            for var in env_vars(sub) {
                match variables.iter_mut().find(|v| v.name == var.name) {
                    Some(existing) => *existing = var,
                    None => variables.push(var),
                }
            }
            ImportedEnvironment {
                name: name.to_string(),
                variables,
            }
        })
        .collect()
}

/// An environment's `data`, nested objects flattened to `a.b` names.
fn env_vars(env: &Value) -> Vec<ImportedVariable> {
    let mut out = Vec::new();
    if let Some(data) = env.get("data") {
        flatten("", data, 0, &mut out);
    }
    out
}

fn flatten(prefix: &str, v: &Value, depth: usize, out: &mut Vec<ImportedVariable>) {
    match v {
        Value::Object(map) if depth < MAX_DEPTH => {
            for (k, inner) in map {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&name, inner, depth + 1, out);
            }
        }
        other if !prefix.is_empty() => out.push(ImportedVariable {
            name: prefix.to_string(),
            value: untemplate(&as_text(Some(other))),
            secret: false,
        }),
        _ => {}
    }
}
