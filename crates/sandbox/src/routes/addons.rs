//! `/api/addons`: list the loaded addons, install one from a raw zip body, list
//! the install events, delete addons (ayon-api.md §6, fixtures 60–68).
//!
//! The manifest is read synchronously, before answering, as the real server
//! does; the "unpacking" is an `addon.install` event whose status moves on by
//! itself (see [`crate::events`]). The addon shows in `GET /api/addons`
//! only after `POST /api/system/restart`. A multipart body is not parsed: it is
//! just a file, and like Python's `zipfile` the reader finds a zip inside the
//! envelope (fixture 67d).

use std::time::{Duration, Instant};

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use serde_json::{Map, Value, json};

use crate::addons::InstalledAddon;
use crate::auth::{Auth, Caller};
use crate::clock;
use crate::errors::{ApiError, LOGGING_FRAME};
use crate::events::{EventRecord, Phase};
use crate::request::{RequestInfo, Validator};
use crate::sender::EventOrigin;
use crate::state::SandboxState;
use crate::storage::StoredKind;
use crate::stream::publish;
use crate::{practice, tokens, upload};
use ayon_explorer_core::ayon::addon_zip::{
    AddonLayout, AddonZipError, AddonZipInfo, read_addon_zip,
};

/// The topic of upload installs.
pub const INSTALL_TOPIC: &str = "addon.install";
/// When an install event turns `in_progress`.
pub const UNPACK_AFTER: Duration = Duration::from_millis(200);
/// When an install event ends (`finished` or `failed`).
pub const FINISH_AFTER: Duration = Duration::from_millis(500);

/// The real server lists at most this many install events.
const INSTALL_LIST_LIMIT: usize = 100;

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/api/addons", get(list_addons))
        .route(
            "/api/addons/install",
            // Addon zips can be large: no limit (the body is streamed to disk anyway).
            get(list_installs).post(install.layer(DefaultBodyLimit::disable())),
        )
        .route("/api/addons/{addon_name}", delete(delete_addon))
        .route(
            "/api/addons/{addon_name}/{addon_version}",
            delete(delete_addon_version),
        )
}

fn require_admin(caller: &Caller, detail: &str) -> Result<(), ApiError> {
    if caller.user.is_admin() {
        Ok(())
    } else {
        Err(ApiError::forbidden(detail))
    }
}

/// The addons loaded at the last restart (fixture 66). `details` is accepted;
/// the sandbox has no client details to add.
async fn list_addons(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
) -> Result<Json<Value>, ApiError> {
    auth.require()?;
    let mut v = Validator::new();
    v.query_bool(&info.query, "details");
    v.finish(&info)?;
    Ok(Json(state.store().addons.to_json()))
}

/// Installs an addon from the raw zip body → 200 `{"eventId"}`.
async fn install(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    origin: EventOrigin,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let caller = auth.require()?;
    require_admin(&caller, "Only admins can install addons")?;
    if info.query.get("url").is_some_and(|u| !u.is_empty()) {
        return Err(ApiError::not_implemented(
            "The sandbox does not install addons from a URL: send the zip as the request body",
        ));
    }
    let received = upload::receive(state.storage(), body).await?;
    let zip_path = received.path().to_owned();
    let read_path = zip_path.clone();
    // Reading the central directory of a big zip is blocking file work.
    let zip = tokio::task::spawn_blocking(move || read_addon_zip(&read_path))
        .await
        .map_err(|_| ApiError::PlainInternal)?
        .map_err(|err| install_error(&err))?;

    // The manifest.json layout needs the server code in addon/; the real
    // server only finds out while unpacking, so the event fails, not the request.
    let failure = (zip.layout == AddonLayout::ManifestJson && !zip.has_addon_dir).then(|| {
        "the zip has a manifest.json but no addon/ folder with the server code".to_owned()
    });
    let summary = install_summary(&zip, &zip_path.display().to_string());
    let blob = match failure {
        None => Some(received.keep(state.storage(), StoredKind::Addon)?),
        // Dropping the upload deletes the zip, as the real server removes it.
        Some(_) => None,
    };

    let id = tokens::random_hex(32);
    let mut event = EventRecord::new(
        id.clone(),
        INSTALL_TOPIC,
        caller.name(),
        summary,
        install_phases(&zip, failure),
    )
    .with_origin(&origin);
    let mut store = state.store();
    // Installing the same version again reuses its event: a new ID, but the
    // first creation time stays, and the list shows it once (fixture 68).
    let earlier = store
        .events
        .values()
        .find(|e| e.topic == INSTALL_TOPIC && same_addon(e, &zip))
        .map(|e| (e.id.clone(), e.created_at));
    if let Some((earlier_id, created_at)) = earlier {
        store.events.remove(&earlier_id);
        event.created_at = created_at;
    }
    let ready_at = event.done_at();
    store.events.insert(id.clone(), event);
    if let Some(zip_blob) = blob {
        let addon = InstalledAddon {
            title: zip.title.clone().unwrap_or_else(|| zip.name.clone()),
            ready_at,
            zip: zip_blob,
        };
        store
            .addons
            .installed
            .entry(zip.name.clone())
            .or_default()
            .insert(zip.version.clone(), addon);
    }
    drop(store);
    // `/ws` hears of the event now and of each later phase when it begins.
    publish::announce_stored(&state, &id);
    Ok(Json(json!({"eventId": id})))
}

fn same_addon(event: &EventRecord, zip: &AddonZipInfo) -> bool {
    event.summary.get("name").and_then(Value::as_str) == Some(zip.name.as_str())
        && event.summary.get("version").and_then(Value::as_str) == Some(zip.version.as_str())
}

/// The event summary of 1.11.2 (fixture 62), keys in Postgres' JSONB order
/// (shorter keys first), as the real server returns them.
fn install_summary(zip: &AddonZipInfo, zip_path: &str) -> Map<String, Value> {
    let mut summary = Map::new();
    summary.insert("name".into(), json!(zip.name));
    summary.insert("is_rez".into(), json!(zip.layout.is_rez()));
    summary.insert("version".into(), json!(zip.version));
    summary.insert("zip_path".into(), json!(zip_path));
    if let Some(required) = &zip.required_ayon_version {
        summary.insert("ayon_version".into(), json!(required));
    }
    summary
}

/// pending → in_progress → finished (or failed, naming why).
fn install_phases(zip: &AddonZipInfo, failure: Option<String>) -> Vec<Phase> {
    let addon = format!("{} {}", zip.name, zip.version);
    let end = match failure {
        None => Phase {
            after: FINISH_AFTER,
            status: "finished",
            description: format!("Addon {addon} installed"),
            progress: 100,
        },
        Some(reason) => Phase {
            after: FINISH_AFTER,
            status: "failed",
            description: format!("Error while unpacking addon: {reason}"),
            progress: 100,
        },
    };
    vec![
        Phase {
            after: Duration::ZERO,
            status: "pending",
            description: format!("Installing addon {addon}"),
            progress: 0,
        },
        Phase {
            after: UNPACK_AFTER,
            status: "in_progress",
            description: format!("Unpacking addon {addon}"),
            progress: 50,
        },
        end,
    ]
}

/// What the real server answers for each kind of bad zip.
fn install_error(err: &AddonZipError) -> ApiError {
    let unsupported = |detail: &str| ApiError::conflict(detail);
    match err {
        // Python's zipfile raises, nothing catches it: the unhandled 500 (fixture 67c).
        AddonZipError::NotAZip(_) => unhandled(
            "zipfile.BadZipFile: File is not a zip file",
            "ayon_server/installer/addons.py:102\nwith zipfile.ZipFile(path, \"r\") as zip_ref:",
        ),
        AddonZipError::NoManifest => unsupported("Unsupported addon format"),
        AddonZipError::MissingField { file, field } | AddonZipError::NotAString { file, field } => {
            match *file {
                "manifest.json" => unsupported("Addon name or version not found in manifest"),
                "package.py" if *field == "name" => {
                    unsupported("Addon name not found in package.py")
                }
                "package.py" => unsupported("Addon version not found in package.py"),
                _ => unsupported("Addon name or version not found in package.yaml"),
            }
        }
        AddonZipError::InvalidManifest { format: "JSON", .. } => unhandled(
            &format!("json.decoder.JSONDecodeError: {err}"),
            "ayon_server/installer/addons.py:37\nmanifest = json.loads(manifest_data)",
        ),
        AddonZipError::InvalidManifest { .. } => unhandled(
            &format!("yaml.YAMLError: {err}"),
            "ayon_server/installer/addons.py:73\nmanifest = yaml.safe_load(manifest_data)",
        ),
        other => unhandled(
            &format!("Exception: {other}"),
            "ayon_server/installer/addons.py:109\nmanifest = manifest_file.read().decode(\"utf-8\")",
        ),
    }
}

/// The unhandled-exception 500 with a traceback ending at `last_frame`.
fn unhandled(detail: &str, last_frame: &str) -> ApiError {
    ApiError::unhandled(
        detail,
        &[
            LOGGING_FRAME,
            "api/addons/install.py:65\nzip_info = get_addon_zip_info(temp_path)",
            last_frame,
        ],
    )
}

/// The install events, latest change first, and whether a restart is due
/// (fixtures 63, 66c, 68).
async fn list_installs(
    State(state): State<SandboxState>,
    auth: Auth,
) -> Result<Json<Value>, ApiError> {
    auth.require()?;
    let now = Instant::now();
    let store = state.store();
    let mut events: Vec<&EventRecord> = store
        .events
        .values()
        .filter(|e| e.topic == INSTALL_TOPIC)
        .collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.updated_at(now)));
    events.truncate(INSTALL_LIST_LIMIT);
    let last_change = events.iter().map(|e| e.updated_at(now)).max();
    let items: Vec<Value> = events
        .iter()
        .map(|e| {
            json!({
                "id": e.id,
                "topic": e.topic,
                "description": e.description(now),
                "addonName": e.summary.get("name"),
                "addonVersion": e.summary.get("version"),
                // 1.11.2 selects the SQL keyword `user` here, which Postgres
                // answers with its own role name: always "ayon" (fixture 63).
                "user": "ayon",
                "status": e.status(now),
                "createdAt": clock::format_system_time(e.created_at),
                "updatedAt": clock::format_system_time(e.updated_at(now)),
            })
        })
        .collect();
    let restart_required = store.addons.restart_required(last_change);
    Ok(Json(
        json!({"items": items, "restartRequired": restart_required}),
    ))
}

/// Deletes every version of a loaded addon → 204; a restart is then due. The
/// built-in practice addon answers 409.
async fn delete_addon(
    State(state): State<SandboxState>,
    auth: Auth,
    name: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let caller = auth.require()?;
    require_admin(&caller, "Only admins can delete addons")?;
    let name = crate::request::path_text(name);
    if practice::is_builtin(&name, None) {
        return Err(ApiError::conflict(practice::NOT_DELETABLE));
    }
    let mut store = state.store();
    let library = &mut store.addons;
    // Only what the running server loaded can be deleted, as on the real one.
    if library.loaded.remove(&name).is_none() {
        return Err(ApiError::not_found("Addon not found"));
    }
    let removed = library.installed.remove(&name);
    library.last_deletion = Some(std::time::SystemTime::now());
    drop(store);
    drop(removed);
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes one version of a loaded addon → 204; a restart is then due.
async fn delete_addon_version(
    State(state): State<SandboxState>,
    auth: Auth,
    params: Result<Path<(String, String)>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let caller = auth.require()?;
    require_admin(&caller, "Only admins can delete addons")?;
    let (name, version) = params.map(|Path(p)| p).unwrap_or_default();
    if practice::is_builtin(&name, Some(&version)) {
        return Err(ApiError::conflict(practice::NOT_DELETABLE));
    }
    let mut store = state.store();
    let library = &mut store.addons;
    let versions = library
        .loaded
        .get_mut(&name)
        .ok_or_else(|| ApiError::not_found("Addon not found"))?;
    if versions.remove(&version).is_none() {
        return Err(ApiError::not_found("Addon version not found"));
    }
    if versions.is_empty() {
        library.loaded.remove(&name);
    }
    let removed = library
        .installed
        .get_mut(&name)
        .and_then(|versions| versions.remove(&version));
    library.installed.retain(|_, versions| !versions.is_empty());
    library.last_deletion = Some(std::time::SystemTime::now());
    drop(store);
    drop(removed);
    Ok(StatusCode::NO_CONTENT)
}
