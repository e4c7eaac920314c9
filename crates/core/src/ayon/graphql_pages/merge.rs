//! Reading one page's connection and adding its edges to the answer so far.

use serde_json::Value;

use super::PagesPlan;

/// What one page says about its connection.
#[derive(Debug)]
pub(super) struct Page {
    /// Its edges, moved out of the answer.
    pub edges: Vec<Value>,
    /// Its `pageInfo`.
    pub page_info: Value,
    /// `hasNextPage`.
    pub has_next: bool,
    /// `endCursor`, when a string.
    pub end_cursor: Option<String>,
}

/// The connection object of an answer, following the plan's path under `data`.
fn connection_mut<'v>(answer: &'v mut Value, plan: &PagesPlan) -> Option<&'v mut Value> {
    let mut at = answer.get_mut("data")?;
    for key in &plan.path {
        at = at.get_mut(key)?;
    }
    at.is_object().then_some(at)
}

/// Takes the page's edges out of `answer` (left with an empty list) and reads its
/// `pageInfo`; why not, when the answer has no connection where the plan says.
pub(super) fn take_page(answer: &mut Value, plan: &PagesPlan) -> Result<Page, String> {
    let connection = connection_mut(answer, plan)
        .ok_or_else(|| format!("has no `{}` object under `data`", plan.field_path()))?;
    let edges = match connection.get_mut(&plan.edges_key) {
        Some(Value::Array(edges)) => std::mem::take(edges),
        Some(Value::Null) | None => Vec::new(),
        Some(_) => return Err(format!("has `{}` that is not a list", plan.edges_key)),
    };
    let page_info = connection
        .get(&plan.page_info_key)
        .cloned()
        .unwrap_or(Value::Null);
    let has_next = page_info
        .get(&plan.has_next_key)
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let end_cursor = page_info
        .get(&plan.end_cursor_key)
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(Page {
        edges,
        page_info,
        has_next,
        end_cursor,
    })
}

/// Puts the edges merged so far and the last page's `pageInfo` into `answer` (the first
/// page's answer, whose connection [`take_page`] found).
pub(super) fn put_merged(answer: &mut Value, plan: &PagesPlan, edges: Vec<Value>, info: Value) {
    if let Some(Value::Object(connection)) = connection_mut(answer, plan) {
        connection.insert(plan.edges_key.clone(), Value::Array(edges));
        connection.insert(plan.page_info_key.clone(), info);
    }
}
