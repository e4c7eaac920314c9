//! `/api/users/...`: the caller's own model, and creating, reading and deleting
//! users, plus setting passwords and service API keys.
//!
//! There is no `GET /api/users` list, as on the real server (it lists users via
//! GraphQL), so that path answers the usual API 404.

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, patch};
use axum::{Json, Router};
use serde_json::{Map, Value, json};

use crate::auth::{Auth, Caller};
use crate::errors::{ApiError, LOGGING_FRAME, PySite, py_path};
use crate::names;
use crate::records::{USER_ATTRIBUTES, UserRecord, truthy};
use crate::request::{Body, RequestInfo, Validator, decode_body, regex_issue};
use crate::state::SandboxState;

/// Minimum password length for passwords set by non-admins (AYON's default
/// `auth_pass_min_length`). Admins skip the check, as on the real server.
const MIN_PASSWORD_LENGTH: usize = 8;

/// Where the real server's `set_api_key` assertion lives (fixture 20b).
const SET_API_KEY_SITE: PySite = PySite {
    file: "/backend/ayon_server/entities/user.py",
    function: "set_api_key",
    line: 395,
};

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/api/users/me", get(me))
        .route(
            "/api/users/{user_name}",
            get(get_user)
                .put(create_user)
                .delete(delete_user)
                .patch(patch_user),
        )
        .route("/api/users/{user_name}/password", patch(change_password))
        .route(
            "/api/users/{user_name}/apikeys",
            get(api_keys_unavailable).post(api_keys_unavailable),
        )
}

/// The caller's own model. Never contains password or API key hashes.
async fn me(auth: Auth) -> Result<Json<Value>, ApiError> {
    let caller = auth.require()?;
    Ok(Json(caller.user.to_json()))
}

/// Managers and the user themself get the full model; others only name and `active`.
async fn get_user(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    name: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let caller = auth.require()?;
    let mut v = Validator::new();
    let name = user_name_param(&mut v, name);
    v.finish(&info)?;

    if name == caller.name() {
        return Ok(Json(caller.user.to_json()));
    }
    let store = state.store();
    let user = store.user(&name).ok_or_else(|| user_not_found(&name))?;
    if caller.user.is_manager() {
        Ok(Json(user.to_json()))
    } else {
        Ok(Json(user.to_public_json()))
    }
}

/// The fields of `PUT /api/users/{name}`.
struct NewUser {
    attrib: Map<String, Value>,
    data: Map<String, Value>,
    active: bool,
    password: Option<String>,
    api_key: Option<String>,
}

/// Creates a user (manager only) → 204. Checks run in the real server's order:
/// body validation, manager, `data` shape, 409 duplicate, guest flags, password,
/// API key (a malformed key trips an `assert`: the 500 of fixture 20b).
async fn create_user(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    headers: HeaderMap,
    name: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let body = decode_body(&info, &headers, &body)?;
    let caller = auth.require()?;
    let mut v = Validator::new();
    let name = user_name_param(&mut v, name);
    let new_user = read_new_user(&mut v, &body);
    v.finish(&info)?;
    let Some(mut new_user) = new_user else {
        return Err(info.invalid(Vec::new()));
    };

    caller.require_manager()?;
    validate_user_data(&mut new_user.data)?;

    let mut store = state.store();
    if store.user(&name).is_some() {
        return Err(ApiError::conflict("User already exists"));
    }

    let mut user = UserRecord::new(name.clone(), new_user.attrib, new_user.data);
    user.active = new_user.active;
    user.data
        .insert("createdBy".into(), Value::String(caller.name().to_owned()));

    if user.is_guest() && (user.is_service() || truthy(user.data.get("isAdmin"))) {
        return Err(ApiError::bad_request(
            "Guests cannot be service or admin users",
        ));
    }
    if let Some(password) = new_user.password.filter(|p| !p.is_empty()) {
        if user.is_service() {
            return Err(ApiError::bad_request("Service users cannot have passwords"));
        }
        check_password_complexity(&caller, &password)?;
        user.password = Some(password);
    }
    if let Some(key) = new_user.api_key.filter(|k| !k.is_empty()) {
        if !user.is_service() {
            return Err(ApiError::bad_request(
                "Only service users can have API keys",
            ));
        }
        if !names::is_service_api_key(&key) {
            return Err(ApiError::Assertion {
                path: py_path(&info.method, &info.path),
                site: SET_API_KEY_SITE,
                user: Some(caller.name().to_owned()),
                detail: String::new(),
            });
        }
        user.set_api_key(&key);
    }
    store.users.insert(name, user);
    Ok(StatusCode::NO_CONTENT)
}

/// `PATCH /api/users/{name}`: merges `attrib` and `data`, sets `active` → 204
/// (more/1134). Managers may patch anyone, others only themselves and never
/// their own `data` (the role flags live there).
async fn patch_user(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    headers: HeaderMap,
    name: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let body = decode_body(&info, &headers, &body)?;
    let caller = auth.require()?;
    let mut v = Validator::new();
    let name = user_name_param(&mut v, name);
    let patch = v.body_object(&body).map(|obj| {
        (
            v.optional_object(obj, &["attrib"]),
            v.optional_object(obj, &["data"]),
            v.optional_bool(obj, &["active"]),
        )
    });
    v.finish(&info)?;
    let Some((attrib, data, active)) = patch else {
        return Err(info.invalid(Vec::new()));
    };
    let manager = caller.user.is_manager();
    if !manager && (name != caller.name() || data.is_some() || active.is_some()) {
        return Err(ApiError::forbidden("Forbidden"));
    }
    let mut store = state.store();
    let user = store
        .users
        .get_mut(&name)
        .ok_or_else(|| user_not_found(&name))?;
    if let Some(attrib) = attrib {
        let mut merged = user.attrib.clone();
        merged.extend(attrib);
        user.set_attrib(merged);
    }
    if let Some(data) = data {
        let mut merged = user.data.clone();
        merged.extend(data);
        user.set_data(merged);
    }
    if let Some(active) = active {
        user.active = active;
    }
    user.updated_at = crate::clock::now_iso();
    Ok(StatusCode::NO_CONTENT)
}

/// The labelled API keys of `/api/users/{name}/apikeys` fail on 1.11.2 with an
/// unhandled `TypeError` for every caller (fixtures 27, 27b, more/1132, 1133).
async fn api_keys_unavailable(auth: Auth) -> Result<StatusCode, ApiError> {
    auth.require()?;
    Err(ApiError::unhandled(
        "TypeError: 'NoneType' object is not iterable",
        &[
            LOGGING_FRAME,
            "api/users/apikeys.py:49\nreturn [ApiKeyModel(**record) for record in records]",
        ],
    ))
}

/// Deletes a user (manager only) → 204; their sessions end with them.
async fn delete_user(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    name: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let caller = auth.require()?;
    let mut v = Validator::new();
    let name = user_name_param(&mut v, name);
    v.finish(&info)?;
    caller.require_manager()?;

    let mut store = state.store();
    if store.users.remove(&name).is_none() {
        return Err(user_not_found(&name));
    }
    store.drop_user_sessions(&name);
    Ok(StatusCode::NO_CONTENT)
}

/// `{"password"}` (self or manager) or `{"apiKey"}` (admin, service targets only;
/// 32 lowercase hex chars) → 204.
async fn change_password(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    headers: HeaderMap,
    name: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let body = decode_body(&info, &headers, &body)?;
    let caller = auth.require()?;
    let mut v = Validator::new();
    let name = user_name_param(&mut v, name);
    let (password, api_key) = match v.body_object(&body) {
        Some(obj) => {
            let password = v.optional_str(obj, &["password"]);
            let api_key = v.optional_str(obj, &["apiKey", "api_key"]);
            if let Some(key) = &api_key
                && !names::is_patch_api_key(key)
            {
                v.push(regex_issue(
                    vec![json!("body"), json!("apiKey")],
                    names::PATCH_API_KEY_REGEX,
                ));
            }
            (password, api_key)
        }
        None => (None, None),
    };
    v.finish(&info)?;

    let mut store = state.store();
    if let Some(password) = password {
        if name != caller.name() && !caller.user.is_manager() {
            return Err(ApiError::forbidden("Forbidden"));
        }
        let user = store
            .users
            .get_mut(&name)
            .ok_or_else(|| user_not_found(&name))?;
        check_password_complexity(&caller, &password)?;
        user.password = Some(password);
        return Ok(StatusCode::NO_CONTENT);
    }
    if let Some(key) = api_key {
        caller.require_admin()?;
        let user = store
            .users
            .get_mut(&name)
            .ok_or_else(|| user_not_found(&name))?;
        if !user.is_service() {
            return Err(ApiError::bad_request(format!(
                "{name} is not a service account"
            )));
        }
        user.set_api_key(&key);
        return Ok(StatusCode::NO_CONTENT);
    }
    Err(ApiError::bad_request("No password or API key provided"))
}

/// The `{user_name}` path parameter, checked against AYON's user name format.
fn user_name_param(v: &mut Validator, name: Result<Path<String>, PathRejection>) -> String {
    v.path_param(
        name,
        "user_name",
        names::USER_NAME_REGEX,
        names::is_user_name,
    )
}

fn user_not_found(name: &str) -> ApiError {
    ApiError::not_found(format!("User {name} not found"))
}

/// Reads the body of `PUT /api/users/{name}`, recording pydantic-style issues.
fn read_new_user(v: &mut Validator, body: &Body) -> Option<NewUser> {
    let obj = v.body_object(body)?;
    let mut attrib = Map::new();
    if let Some(raw) = v.optional_object(obj, &["attrib"]) {
        for (key, value) in &raw {
            let loc = vec![json!("body"), json!("attrib"), json!(key)];
            match key.as_str() {
                "developerMode" => {
                    if let Some(b) = v.optional_bool_at(loc, Some(value)) {
                        attrib.insert(key.clone(), Value::Bool(b));
                    }
                }
                k if USER_ATTRIBUTES.contains(&k) => {
                    if let Some(s) = v.optional_str_at(loc, Some(value)) {
                        attrib.insert(key.clone(), Value::String(s));
                    }
                }
                // The attribute model ignores keys it does not define.
                _ => {}
            }
        }
    }
    let data = v.optional_object(obj, &["data"]).unwrap_or_default();
    let active = v.optional_bool(obj, &["active"]).unwrap_or(true);
    let password = v.optional_str(obj, &["password"]);
    let api_key = v.optional_str(obj, &["apiKey", "api_key"]);
    Some(NewUser {
        attrib,
        data,
        active,
        password,
        api_key,
    })
}

/// AYON's `validate_user_data`: access group fields must have the right types
/// (400 with the assertion text otherwise); projects with empty lists are dropped.
fn validate_user_data(data: &mut Map<String, Value>) -> Result<(), ApiError> {
    if truthy(data.get("defaultAccessGroups")) {
        match data.get("defaultAccessGroups") {
            Some(Value::Array(items)) => {
                if !items.iter().all(Value::is_string) {
                    return Err(ApiError::bad_request(
                        "defaultAccessGroups must be a list of str",
                    ));
                }
            }
            _ => {
                return Err(ApiError::bad_request("defaultAccessGroups must be a list"));
            }
        }
    }
    if truthy(data.get("accessGroups")) {
        let Some(Value::Object(groups)) = data.get_mut("accessGroups") else {
            return Err(ApiError::bad_request("accessGroups must be a dict"));
        };
        for list in groups.values() {
            let Value::Array(items) = list else {
                return Err(ApiError::bad_request("access group list must be a list"));
            };
            if !items.iter().all(Value::is_string) {
                // Spelled as in AYON.
                return Err(ApiError::bad_request(
                    "acces group list must be a list of str",
                ));
            }
        }
        groups.retain(|_, list| truthy(Some(list)));
    }
    Ok(())
}

/// Non-admins must respect the minimum password length.
fn check_password_complexity(caller: &Caller, password: &str) -> Result<(), ApiError> {
    if caller.user.is_admin() || password.chars().count() >= MIN_PASSWORD_LENGTH {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!(
            "Password must be at least {MIN_PASSWORD_LENGTH} characters long"
        )))
    }
}
