//! `/api/projects`: list, create (deploy with `POST`, low-level with `PUT`),
//! get and delete. Each change publishes the real server's entity event
//! (`entity.project.created`, `.changed`, `.deleted`; ws/README.md).

use std::cmp::Ordering;

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Map, Value, json};

use crate::anatomy;
use crate::auth::{Auth, Caller};
use crate::errors::{ApiError, LOGGING_FRAME, PySite, ValidationIssue, py_path};
use crate::events::EventRecord;
use crate::names;
use crate::records::ProjectRecord;
use crate::request::{RequestInfo, Validator, const_issue, decode_body, regex_issue};
use crate::sender::EventOrigin;
use crate::state::{SandboxState, Store};
use crate::stream::publish;

/// Where asyncpg reports unique violations (fixture 05c).
const UNIQUE_VIOLATION_SITE: PySite = PySite {
    file: "asyncpg/protocol/protocol.pyx",
    function: "bind_execute",
    line: 206,
};

/// Where the real server asserts a project's anatomy lists (fixture 05b).
const PROJECT_SAVE_SITE: PySite = PySite {
    file: "/backend/ayon_server/entities/project.py",
    function: "_save",
    line: 166,
};

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/api/projects", get(list_projects).post(deploy_project))
        .route(
            "/api/projects/{project_name}",
            get(get_project)
                .put(create_project)
                .delete(delete_project)
                .patch(patch_project),
        )
}

/// Lists projects. Query: `page` (≥ 1), `length`, `library`, `active`, `name`
/// (case-insensitive, `_` matches any one character), `order`, `desc`.
/// Non-managers only see projects they have an access group on, filtered after
/// pagination while `count` still counts every match (the real server's quirk).
async fn list_projects(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
) -> Result<Json<Value>, ApiError> {
    let caller = auth.require()?;
    let q = &info.query;
    let mut v = Validator::new();
    let page = v.query_int(q, "page", Some(1)).unwrap_or(1);
    let length = v.query_int(q, "length", None).filter(|l| *l != 0);
    let library = v.query_bool(q, "library");
    let active = v.query_bool(q, "active");
    let desc = v.query_bool(q, "desc").unwrap_or(false);
    let order = q.get("order");
    if let Some(order) = order
        && !matches!(order, "name" | "createdAt" | "updatedAt")
    {
        v.push(const_issue(
            vec![json!("query"), json!("order")],
            &json!(order),
            &["name", "createdAt", "updatedAt"],
        ));
    }
    let name = q.get("name").filter(|n| !n.is_empty());
    if let Some(name) = name
        && !names::is_name(name)
    {
        v.push(regex_issue(
            vec![json!("query"), json!("name")],
            names::NAME_REGEX,
        ));
    }
    v.finish(&info)?;
    if let Some(column @ ("createdAt" | "updatedAt")) = order {
        return Err(undefined_column(column));
    }

    let store = state.store();
    let mut rows: Vec<&ProjectRecord> = store
        .projects
        .values()
        .filter(|p| library.is_none_or(|l| p.library == l))
        .filter(|p| active.is_none_or(|a| p.active == a))
        .filter(|p| name.is_none_or(|n| names::ilike(&p.name, n)))
        .collect();
    rows.sort_by(|a, b| compare(a, b, order));
    if desc {
        rows.reverse();
    }
    let total = rows.len();
    let page_rows: Vec<&ProjectRecord> = match length {
        Some(len) => {
            let len = usize::try_from(len).unwrap_or(0);
            let offset = usize::try_from(page - 1).unwrap_or(0).saturating_mul(len);
            rows.into_iter().skip(offset).take(len).collect()
        }
        None => rows,
    };
    // `count` comes from the SQL rows, so an empty page reports 0.
    let count = if page_rows.is_empty() { 0 } else { total };
    let visible: Vec<Value> = page_rows
        .into_iter()
        .filter(|p| can_see(&caller, p))
        .map(ProjectRecord::to_list_item)
        .collect();

    if visible.is_empty() {
        return Ok(Json(
            json!({"detail": "No projects", "count": count, "projects": []}),
        ));
    }
    Ok(Json(json!({
        "detail": format!("Showing {} of {count} projects", visible.len()),
        "count": count,
        "projects": visible,
    })))
}

/// 1.11.2 puts `order` into its SQL as written, so the camel-case columns of the
/// answer do not exist there (more/1075, 1076).
fn undefined_column(column: &str) -> ApiError {
    let lower = column.to_lowercase();
    let snake = if column == "createdAt" {
        "created_at"
    } else {
        "updated_at"
    };
    let detail = format!(
        "asyncpg.exceptions.UndefinedColumnError: column \"{lower}\" does not exist\n\
         HINT:  Perhaps you meant to reference the column \"projects.{snake}\"."
    );
    ApiError::unhandled(
        detail,
        &["api/projects/list_projects.py:110\nfor row in await Postgres.fetch("],
    )
}

/// Default order is `active desc, name`; otherwise the requested column.
fn compare(a: &ProjectRecord, b: &ProjectRecord, order: Option<&str>) -> Ordering {
    match order {
        Some(_) => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
        None => b
            .active
            .cmp(&a.active)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())),
    }
}

/// Managers, or users with an access group on the project (checked before the
/// project is looked up: unknown projects give 403 too).
pub fn require_project_access(caller: &Caller, project: &str) -> Result<(), ApiError> {
    if caller.user.is_manager() || caller.user.has_access_group(project) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "No access group assigned on this project",
        ))
    }
}

/// Managers see everything; guests see projects listing their e-mail in
/// `data.guestUsers`; others need an access group on the project.
pub fn can_see(caller: &Caller, project: &ProjectRecord) -> bool {
    if caller.user.is_guest() {
        let email = caller.user.attrib.get("email").and_then(Value::as_str);
        return match (project.data.get("guestUsers"), email) {
            (Some(Value::Object(guests)), Some(email)) => guests.contains_key(email),
            _ => false,
        };
    }
    caller.user.is_manager() || caller.user.has_access_group(&project.name)
}

/// `POST /api/projects` ("deploy"): `{"name","code","anatomy",...}` → 201 with an
/// empty body. `anatomy` is required, as on 1.11 (an empty object is enough; its
/// content is ignored: projects get the sandbox's default anatomy). Name and code are
/// not checked by the request model: a bad code fails the project model (500) and a
/// bad name the `CREATE SCHEMA` (500), as on the real server (more/1093, 1094). A
/// taken name or code gives the unique-violation 500 of fixture 05c.
async fn deploy_project(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    origin: EventOrigin,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let body = decode_body(&info, &headers, &body)?;
    let caller = auth.require()?;
    let mut v = Validator::new();
    let fields = v.body_object(&body).map(|obj| {
        let name = v.required_str(obj, &["name"]);
        if let Some(name) = &name {
            check_not_empty(&mut v, vec![json!("body"), json!("name")], name);
        }
        let code = v.required_str(obj, &["code"]);
        if let Some(code) = &code {
            check_not_empty(&mut v, vec![json!("body"), json!("code")], code);
        }
        // Required on 1.11 (1.16 fills in the default); the content is not used.
        if obj.contains_key("anatomy") {
            let _ = v.optional_object(obj, &["anatomy"]);
        } else {
            v.push(ValidationIssue::new(
                vec![json!("body"), json!("anatomy")],
                "field required",
                "value_error.missing",
            ));
        }
        let label = v.optional_str(obj, &["label"]);
        let library = v.optional_bool(obj, &["library"]).unwrap_or(false);
        let _ = v.optional_str(obj, &["anatomyPreset", "anatomy_preset"]);
        let _ = v.optional_bool(obj, &["assignUsers", "assign_users"]);
        let _ = v.optional_bool(obj, &["skeleton"]);
        (name, code, label, library)
    });
    v.finish(&info)?;
    let Some((Some(name), Some(code), label, library)) = fields else {
        return Err(info.invalid(Vec::new()));
    };
    if !caller.user.is_manager() {
        return Err(ApiError::forbidden(
            "You are not allowed to access create_projects",
        ));
    }
    if !names::is_project_name(&code) {
        return Err(bad_code_error(&code));
    }
    let mut store = state.store();
    check_unique(&store, &info, &name, &code)?;
    if !names::is_project_name(&name) {
        return Err(bad_name_error(&name));
    }
    let mut project = ProjectRecord::with_default_anatomy(name.clone(), code);
    project.label = label;
    project.library = library;
    store.insert_project(project);
    drop(store);
    let description = format!("Created project {name}");
    publish_project_event(&state, "created", &name, description, &caller, &origin);
    Ok(StatusCode::CREATED)
}

/// Publishes `entity.project.{change}` for the caller's request.
fn publish_project_event(
    state: &SandboxState,
    change: &str,
    project: &str,
    description: String,
    caller: &Caller,
    origin: &EventOrigin,
) {
    let event = EventRecord::finished(&format!("entity.project.{change}"), description)
        .with_user(Some(caller.name()))
        .with_origin(origin)
        .with_project(Some(project));
    publish::dispatch(state, event, true);
}

/// The project model's refusal of a code, raised as an unhandled pydantic error.
fn bad_code_error(_code: &str) -> ApiError {
    let detail = format!(
        "pydantic.error_wrappers.ValidationError: 1 validation error for ProjectModel\ncode\n  \
         string does not match regex \"{re}\" (type=value_error.str.regex; pattern={re})",
        re = names::PROJECT_NAME_REGEX
    );
    ApiError::unhandled(
        detail,
        &[
            LOGGING_FRAME,
            "api/projects/deploy.py:30\nawait create_project_from_anatomy(",
            "ayon_server/helpers/deploy_project.py:160\nproject = ProjectEntity(",
        ],
    )
}

/// Postgres' refusal of `CREATE SCHEMA project_{name}` for a name with other
/// characters: the syntax error is reported at the first token it cannot read
/// (the character itself, or the word after a space).
fn bad_name_error(name: &str) -> ApiError {
    let near = match name.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        Some(at) => {
            let rest = &name[at..];
            match rest.chars().next() {
                Some(c) if c.is_whitespace() => {
                    rest.split_whitespace().next().unwrap_or("").to_owned()
                }
                Some(c) => c.to_string(),
                None => String::new(),
            }
        }
        None => String::new(),
    };
    let detail =
        format!("asyncpg.exceptions.PostgresSyntaxError: syntax error at or near \"{near}\"");
    ApiError::unhandled(
        detail,
        &[
            "api/projects/deploy.py:30\nawait create_project_from_anatomy(",
            "ayon_server/entities/project.py:216\n\
             await Postgres.execute(f\"CREATE SCHEMA project_{project_name}\")",
        ],
    )
}

/// `PUT /api/projects/{name}`: low-level create from explicit anatomy lists → 201
/// with an empty body. Missing folder types, task types or statuses trip the
/// real server's assertion (500, fixture 05b).
async fn create_project(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    origin: EventOrigin,
    headers: HeaderMap,
    name: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let body = decode_body(&info, &headers, &body)?;
    let caller = auth.require()?;
    let mut v = Validator::new();
    let name = project_name_param(&mut v, name);
    let project = v
        .body_object(&body)
        .and_then(|obj| read_put_project(&mut v, obj, &name));
    v.finish(&info)?;
    let Some(project) = project else {
        return Err(info.invalid(Vec::new()));
    };
    caller.require_manager()?;

    let mut store = state.store();
    if store.project(&name).is_some() {
        return Err(ApiError::conflict(format!("Project {name} already exists")));
    }
    let empty = |v: &Value| v.as_array().is_none_or(Vec::is_empty);
    let missing = if empty(&project.folder_types) {
        Some("folder type")
    } else if empty(&project.task_types) {
        Some("task type")
    } else if empty(&project.statuses) {
        Some("status")
    } else {
        None
    };
    if let Some(what) = missing {
        return Err(ApiError::Assertion {
            path: py_path(&info.method, &info.path),
            site: PROJECT_SAVE_SITE,
            user: Some(caller.name().to_owned()),
            detail: format!("Project must have at least one {what}"),
        });
    }
    check_unique(&store, &info, &project.name, &project.code)?;
    let created = project.name.clone();
    store.insert_project(project);
    drop(store);
    let description = format!("Created project {created}");
    publish_project_event(&state, "created", &created, description, &caller, &origin);
    Ok(StatusCode::CREATED)
}

/// Reads the body of `PUT /api/projects/{name}` into a project record.
fn read_put_project(
    v: &mut Validator,
    obj: &Map<String, Value>,
    name: &str,
) -> Option<ProjectRecord> {
    let code = v.required_str(obj, &["code"]);
    if let Some(code) = &code {
        check_project_name(v, vec![json!("body"), json!("code")], code);
    }
    let mut project = ProjectRecord::with_default_anatomy(name, code.clone().unwrap_or_default());
    project.label = v.optional_str(obj, &["label"]);
    project.library = v.optional_bool(obj, &["library"]).unwrap_or(false);
    project.active = v.optional_bool(obj, &["active"]).unwrap_or(true);
    let mut list = |names: &[&str]| Value::Array(v.optional_list(obj, names).unwrap_or_default());
    project.folder_types = list(&["folderTypes", "folder_types"]);
    project.task_types = list(&["taskTypes", "task_types"]);
    project.link_types = list(&["linkTypes", "link_types"]);
    project.statuses = list(&["statuses"]);
    project.tags = list(&["tags"]);
    project.config = Value::Object(v.optional_object(obj, &["config"]).unwrap_or_default());
    let mut attrib = anatomy::project_attrib();
    attrib.extend(v.optional_object(obj, &["attrib"]).unwrap_or_default());
    project.attrib = attrib;
    project.data = v.optional_object(obj, &["data"]).unwrap_or_default();
    code.map(|_| project)
}

/// The full project model. Non-managers without an access group get 403 even
/// for projects that do not exist (access is checked first on the real server).
async fn get_project(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    name: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let caller = auth.require()?;
    let mut v = Validator::new();
    let name = project_name_param(&mut v, name);
    v.finish(&info)?;
    require_project_access(&caller, &name)?;
    let store = state.store();
    let project = store
        .project(&name)
        .ok_or_else(|| ApiError::not_found(format!("Project {name} not found")))?;
    let mut body = project.to_json();
    if caller.user.is_guest()
        && let Value::Object(obj) = &mut body
    {
        // Guests get empty data and config.
        obj.insert("data".into(), Value::Object(Map::new()));
        obj.insert("config".into(), Value::Object(Map::new()));
    }
    Ok(Json(body))
}

/// Deletes a project (manager only) → 204.
async fn delete_project(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    origin: EventOrigin,
    name: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let caller = auth.require()?;
    let mut v = Validator::new();
    let name = project_name_param(&mut v, name);
    v.finish(&info)?;
    require_project_access(&caller, &name)?;
    caller.require_manager()?;
    // The event names the project as stored, whatever case the path used.
    let removed = {
        let mut store = state.store();
        let stored = store.project(&name).map(|p| p.name.clone());
        stored.filter(|stored| store.remove_project(stored))
    };
    let Some(removed) = removed else {
        return Err(ApiError::not_found(format!("Project {name} not found")));
    };
    let description = format!("Deleted project {removed}");
    publish_project_event(&state, "deleted", &removed, description, &caller, &origin);
    Ok(StatusCode::NO_CONTENT)
}

/// `PATCH /api/projects/{name}`: changes `active`, `library`, `label`, the type
/// lists, and merges `attrib`, `data` and `config` → 204 (more/1106); 404 for an
/// unknown project (more/1107).
async fn patch_project(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    origin: EventOrigin,
    headers: HeaderMap,
    name: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let body = decode_body(&info, &headers, &body)?;
    let caller = auth.require()?;
    let mut v = Validator::new();
    let name = project_name_param(&mut v, name);
    let patch = v.body_object(&body).map(|obj| ProjectPatch {
        active: v.optional_bool(obj, &["active"]),
        library: v.optional_bool(obj, &["library"]),
        label: v.optional_str(obj, &["label"]),
        folder_types: v.optional_list(obj, &["folderTypes", "folder_types"]),
        task_types: v.optional_list(obj, &["taskTypes", "task_types"]),
        link_types: v.optional_list(obj, &["linkTypes", "link_types"]),
        statuses: v.optional_list(obj, &["statuses"]),
        tags: v.optional_list(obj, &["tags"]),
        attrib: v.optional_object(obj, &["attrib"]),
        data: v.optional_object(obj, &["data"]),
        config: v.optional_object(obj, &["config"]),
    });
    v.finish(&info)?;
    let Some(patch) = patch else {
        return Err(info.invalid(Vec::new()));
    };
    require_project_access(&caller, &name)?;
    let mut store = state.store();
    let project = store
        .projects
        .get_mut(&name.to_lowercase())
        .ok_or_else(|| ApiError::not_found(format!("Project {name} not found")))?;
    caller.require_manager()?;
    patch.apply(project);
    let patched = project.name.clone();
    drop(store);
    let description = format!("Updated project {patched}");
    publish_project_event(&state, "changed", &patched, description, &caller, &origin);
    Ok(StatusCode::NO_CONTENT)
}

/// The fields a project `PATCH` may change.
struct ProjectPatch {
    active: Option<bool>,
    library: Option<bool>,
    label: Option<String>,
    folder_types: Option<Vec<Value>>,
    task_types: Option<Vec<Value>>,
    link_types: Option<Vec<Value>>,
    statuses: Option<Vec<Value>>,
    tags: Option<Vec<Value>>,
    attrib: Option<Map<String, Value>>,
    data: Option<Map<String, Value>>,
    config: Option<Map<String, Value>>,
}

impl ProjectPatch {
    fn apply(self, project: &mut ProjectRecord) {
        if let Some(active) = self.active {
            project.active = active;
        }
        if let Some(library) = self.library {
            project.library = library;
        }
        if self.label.is_some() {
            project.label = self.label;
        }
        let lists = [
            (self.folder_types, &mut project.folder_types),
            (self.task_types, &mut project.task_types),
            (self.link_types, &mut project.link_types),
            (self.statuses, &mut project.statuses),
            (self.tags, &mut project.tags),
        ];
        for (given, field) in lists {
            if let Some(items) = given {
                *field = Value::Array(items);
            }
        }
        if let Some(attrib) = self.attrib {
            project.attrib.extend(attrib);
        }
        if let Some(data) = self.data {
            project.data.extend(data);
        }
        if let (Some(config), Value::Object(current)) = (self.config, &mut project.config) {
            current.extend(config);
        }
        project.updated_at = crate::clock::now_iso();
    }
}

/// The `{project_name}` path parameter, checked against AYON's format.
fn project_name_param(v: &mut Validator, name: Result<Path<String>, PathRejection>) -> String {
    v.path_param(
        name,
        "project_name",
        names::PROJECT_NAME_REGEX,
        names::is_project_name,
    )
}

/// Project names and codes: the regex, and not empty (the real server would
/// accept an empty string and then fail somewhere less helpful).
fn check_project_name(v: &mut Validator, loc: Vec<Value>, value: &str) {
    if value.is_empty() {
        check_not_empty(v, loc, value);
    } else if !names::is_project_name(value) {
        v.push(regex_issue(loc, names::PROJECT_NAME_REGEX));
    }
}

/// An empty name or code is refused by the request model.
fn check_not_empty(v: &mut Validator, loc: Vec<Value>, value: &str) {
    if value.is_empty() {
        v.push(
            ValidationIssue::new(
                loc,
                "ensure this value has at least 1 characters",
                "value_error.any_str.min_length",
            )
            .with_ctx(json!({"limit_value": 1})),
        );
    }
}

/// Name and code must be unused (case-insensitively), else the unique-violation 500.
fn check_unique(store: &Store, info: &RequestInfo, name: &str, code: &str) -> Result<(), ApiError> {
    let detail = if store.project(name).is_some() {
        format!("Project with name '{name}' already exists.")
    } else if store.project_by_code(code).is_some() {
        format!(
            "Project with lower(code::text) '{}' already exists.",
            code.to_lowercase()
        )
    } else {
        return Ok(());
    };
    Err(ApiError::Integrity {
        path: py_path(&info.method, &info.path),
        site: UNIQUE_VIOLATION_SITE,
        detail,
        error: "unique-violation",
        code: 409,
    })
}
