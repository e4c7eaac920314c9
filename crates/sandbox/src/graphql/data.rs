//! What the GraphQL root fields read: a snapshot of the sandbox's users and of
//! the projects the caller may see, turned into JSON objects whose keys are
//! the schema's field names (see [`super::schema`]).

use serde_json::{Map, Value, json};

use crate::auth::Caller;
use crate::records::{ProjectRecord, UserRecord, truthy};
use crate::routes::projects::can_see;
use crate::state::Store;

/// The data one query runs against, copied out of the store so that no lock
/// is held while resolving.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The caller, as `me`.
    pub me: Value,
    /// Every user, in name order.
    pub users: Vec<Value>,
    /// The projects the caller may see, in name order.
    pub projects: Vec<Value>,
}

impl Snapshot {
    /// Copies what the caller may read out of the store.
    pub fn take(store: &Store, caller: &Caller) -> Snapshot {
        let mut projects: Vec<&ProjectRecord> = store
            .projects
            .values()
            .filter(|p| can_see(caller, p))
            .collect();
        projects.sort_by_key(|p| p.name.to_lowercase());
        Snapshot {
            me: user_node(&caller.user),
            users: store.users.values().map(user_node).collect(),
            projects: projects.into_iter().map(project_node).collect(),
        }
    }
}

/// A `UserNode`.
pub fn user_node(user: &UserRecord) -> Value {
    let attrib = |key: &str| user.attrib.get(key).cloned().unwrap_or(Value::Null);
    let default_groups = match user.data.get("defaultAccessGroups") {
        Some(Value::Array(groups)) => Value::Array(groups.clone()),
        _ => json!([]),
    };
    json!({
        "name": user.name,
        "active": user.active,
        "createdAt": user.created_at,
        "updatedAt": user.updated_at,
        "attrib": {
            "fullName": attrib("fullName"),
            "email": attrib("email"),
            "avatarUrl": attrib("avatarUrl"),
            "developerMode": attrib("developerMode"),
        },
        "isAdmin": truthy(user.data.get("isAdmin")),
        "isManager": truthy(user.data.get("isManager")),
        "isService": user.is_service(),
        "isGuest": user.is_guest(),
        "isDeveloper": truthy(user.data.get("isDeveloper")),
        "hasPassword": user.password.is_some(),
        "apiKeyPreview": user.data.get("apiKeyPreview").cloned().unwrap_or(Value::Null),
        "defaultAccessGroups": default_groups,
    })
}

/// A `ProjectNode`.
pub fn project_node(project: &ProjectRecord) -> Value {
    json!({
        "name": project.name,
        "projectName": project.name,
        "code": project.code,
        "active": project.active,
        "library": project.library,
        "createdAt": project.created_at,
        "updatedAt": project.updated_at,
        "folderTypes": project.folder_types,
        "taskTypes": project.task_types,
        "statuses": project.statuses,
        "tags": project.tags,
    })
}

/// Relay paging of `items`: `after`/`before` are cursors (positions, as
/// given out in `edges[].cursor`), then `first` or `last` cut the rest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Paging {
    /// Keep at most this many from the start.
    pub first: Option<i64>,
    /// Keep at most this many from the end.
    pub last: Option<i64>,
    /// Only items after this position.
    pub after: Option<usize>,
    /// Only items before this position.
    pub before: Option<usize>,
}

/// A connection object (`pageInfo`, `edges[].node`, `edges[].cursor`).
pub fn connection(items: &[Value], paging: Paging) -> Value {
    let start = paging
        .after
        .map_or(0, |a| a.saturating_add(1))
        .min(items.len());
    let end = paging
        .before
        .unwrap_or(items.len())
        .clamp(start, items.len());
    let mut from = start;
    let mut to = end;
    if let Some(first) = paging.first {
        to = to.min(from.saturating_add(usize::try_from(first.max(0)).unwrap_or(0)));
    }
    if let Some(last) = paging.last {
        from = from.max(to.saturating_sub(usize::try_from(last.max(0)).unwrap_or(0)));
    }
    let edges: Vec<Value> = (from..to)
        .filter_map(|i| items.get(i).map(|node| (i, node)))
        .map(|(i, node)| json!({"node": node, "cursor": i.to_string()}))
        .collect();
    let cursor = |i: Option<usize>| i.map_or(Value::Null, |i| json!(i.to_string()));
    let mut page_info = Map::new();
    page_info.insert("hasNextPage".into(), json!(to < end));
    page_info.insert("hasPreviousPage".into(), json!(from > start));
    page_info.insert("startCursor".into(), cursor((from < to).then_some(from)));
    page_info.insert("endCursor".into(), cursor((from < to).then(|| to - 1)));
    json!({"pageInfo": page_info, "edges": edges})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_cuts_and_reports() {
        let items: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let page = connection(
            &items,
            Paging {
                first: Some(2),
                after: Some(0),
                ..Paging::default()
            },
        );
        assert_eq!(page["edges"][0]["node"], 1);
        assert_eq!(page["edges"][1]["cursor"], "2");
        assert_eq!(page["pageInfo"]["hasNextPage"], true);
        let tail = connection(
            &items,
            Paging {
                last: Some(10),
                before: Some(99),
                ..Paging::default()
            },
        );
        assert_eq!(tail["edges"].as_array().map(Vec::len), Some(5));
        let empty = connection(&[], Paging::default());
        assert_eq!(empty["pageInfo"]["endCursor"], Value::Null);
    }
}
