//! `/api/desktop/installers` and `/api/desktop/dependencyPackages` (ayon-api.md
//! §5, fixtures 40–57): register a manifest with `POST`, upload the file as the
//! raw body of `PUT .../{filename}`, download it with `GET`, change its sources
//! with `PATCH`, remove both with `DELETE`.
//!
//! Both areas share the handlers below, generic over an `Area` marker. The
//! upload streams the body to disk (no body size limit, nothing buffered); as on
//! the real server, which writes over the stored file from the first byte, an
//! upload that fails or is empty leaves no file at all.

use axum::Json;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use crate::auth::{Auth, Caller};
use crate::download::Download;
use crate::errors::ApiError;
use crate::packages::{Action, PLATFORMS, PackageKind, PackageRecord, read_sources};
use crate::request::{RequestInfo, Validator, decode_body, path_text};
use crate::state::SandboxState;
use crate::upload;

/// Which of the two areas a handler serves.
trait Area: 'static {
    const KIND: PackageKind;
}

struct Installers;
impl Area for Installers {
    const KIND: PackageKind = PackageKind::Installer;
}

struct DependencyPackages;
impl Area for DependencyPackages {
    const KIND: PackageKind = PackageKind::DependencyPackage;
}

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .merge(area::<Installers>("/api/desktop/installers"))
        .merge(area::<DependencyPackages>(
            "/api/desktop/dependencyPackages",
        ))
}

fn area<A: Area>(base: &str) -> Router<SandboxState> {
    Router::new()
        .route(base, get(list::<A>).post(create::<A>))
        .route(
            &format!("{base}/{{filename}}"),
            get(download::<A>)
                // Files can be gigabytes: no limit (the body is streamed to disk anyway).
                .put(upload::<A>.layer(DefaultBodyLimit::disable()))
                .patch(patch::<A>)
                .delete(delete::<A>),
        )
}

/// 403 with the area's wording unless the caller is an admin.
fn require_admin(caller: &Caller, kind: PackageKind, action: Action) -> Result<(), ApiError> {
    if caller.user.is_admin() {
        Ok(())
    } else {
        Err(ApiError::forbidden(kind.forbidden(action)))
    }
}

/// Lists manifests. Installers can be filtered by `version` and `platform`; a
/// `variant` asks for a bundle's installer, and the sandbox has no bundles.
async fn list<A: Area>(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
) -> Result<Json<Value>, ApiError> {
    auth.require()?;
    let kind = A::KIND;
    let (mut version, mut platform) = (None, None);
    if kind == PackageKind::Installer {
        let q = &info.query;
        let mut v = Validator::new();
        let query = |name: &str| q.get(name).map(|text| json!(text));
        platform = v.const_at(
            vec![json!("query"), json!("platform")],
            query("platform").as_ref(),
            &PLATFORMS,
        );
        let variant = v.const_at(
            vec![json!("query"), json!("variant")],
            query("variant").as_ref(),
            &["production", "staging"],
        );
        v.finish(&info)?;
        if let Some(variant) = variant {
            return Err(ApiError::not_found(format!("No {variant} bundle found")));
        }
        version = q.get("version").map(str::to_owned);
    }
    let store = state.store();
    let items: Vec<Value> = store
        .desktop
        .of(kind)
        .values()
        .filter(|r| version.as_ref().is_none_or(|v| *v == r.version))
        .filter(|r| platform.as_ref().is_none_or(|p| *p == r.platform))
        .map(|r| r.to_json(kind))
        .collect();
    Ok(Json(json!({ kind.list_key(): items })))
}

/// Registers a manifest → 201 `{"eventId": null}`. `?force=true` (or the
/// deprecated `overwrite`) replaces an existing one and keeps its file.
async fn create<A: Area>(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let kind = A::KIND;
    let body = decode_body(&info, &headers, &body)?;
    let caller = auth.require()?;
    let mut v = Validator::new();
    // FastAPI checks query parameters before the body.
    let force = v.query_bool(&info.query, "force").unwrap_or(false)
        | v.query_bool(&info.query, "overwrite").unwrap_or(false);
    let record = PackageRecord::from_body(kind, &mut v, &body);
    v.finish(&info)?;
    let Some(mut record) = record else {
        return Err(info.invalid(Vec::new()));
    };
    require_admin(&caller, kind, Action::Create)?;
    if info.query.get("url").is_some_and(|u| !u.is_empty()) {
        return Err(ApiError::not_implemented(
            "The sandbox does not download files from a URL: create the manifest without `url`, then PUT the file",
        ));
    }

    if let Some(error) = kind.unstorable_filename(&record.filename) {
        return Err(error);
    }
    let mut store = state.store();
    let records = store.desktop.of_mut(kind);
    if records.contains_key(&record.filename) && !force {
        return Err(ApiError::conflict(kind.already_exists(&record.filename)));
    }
    let same_build = records
        .values()
        .any(|r| r.version == record.version && r.platform == record.platform);
    if kind == PackageKind::Installer && !force && same_build {
        // A plain AyonException on the real server: 500, not 409 (fixture 45b).
        return Err(ApiError::server_error(
            "Installer with the same version and platform already exists",
        ));
    }
    // The real server only rewrites the manifest; an uploaded file stays.
    if let Some(previous) = records.remove(&record.filename) {
        record.file = previous.file;
    }
    records.insert(record.filename.clone(), record);
    Ok((StatusCode::CREATED, Json(json!({"eventId": null}))))
}

/// Stores the raw body as the file of an existing manifest → 204.
async fn upload<A: Area>(
    State(state): State<SandboxState>,
    auth: Auth,
    filename: Result<Path<String>, PathRejection>,
    body: Body,
) -> Result<Response, ApiError> {
    let kind = A::KIND;
    let caller = auth.require()?;
    require_admin(&caller, kind, Action::Upload)?;
    let filename = path_text(filename);
    let previous = {
        let mut store = state.store();
        let record = store.desktop.manifest_mut(kind, &filename)?;
        // The real server truncates the stored file as the upload starts.
        record.file.take()
    };
    drop(previous);

    let received = upload::receive(state.storage(), body).await?;
    let blob = received.keep(state.storage(), kind.stored_kind())?;
    {
        let mut store = state.store();
        // Deleted while the body was arriving: the new file goes with the blob.
        let record = store.desktop.manifest_mut(kind, &filename)?;
        record.file = Some(blob);
    }
    Ok(match kind {
        // The installer handler returns None, which FastAPI still labels as JSON
        // (fixture 42); the dependency package one sends a bare 204 (fixture 52).
        PackageKind::Installer => (
            StatusCode::NO_CONTENT,
            [(header::CONTENT_TYPE, "application/json")],
        )
            .into_response(),
        PackageKind::DependencyPackage => StatusCode::NO_CONTENT.into_response(),
    })
}

/// Sends the stored file, or the part a `Range` asks for (any authenticated user).
async fn download<A: Area>(
    State(state): State<SandboxState>,
    auth: Auth,
    headers: HeaderMap,
    filename: Result<Path<String>, PathRejection>,
) -> Result<Download, ApiError> {
    auth.require()?;
    let filename = path_text(filename);
    let not_found = || ApiError::not_found(format!("No such file {filename}"));
    let range = headers.get(header::RANGE).and_then(|r| r.to_str().ok());
    let store = state.store();
    let blob = store
        .desktop
        .of(A::KIND)
        .get(&filename)
        .and_then(|r| r.file.as_ref())
        .ok_or_else(not_found)?;
    Download::open(blob, &filename)
        .map(|d| d.with_range(range))
        .map_err(|_| not_found())
}

/// Replaces the manifest's sources → 204.
async fn patch<A: Area>(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    headers: HeaderMap,
    filename: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let kind = A::KIND;
    let body = decode_body(&info, &headers, &body)?;
    let caller = auth.require()?;
    let mut v = Validator::new();
    let sources = v.body_object(&body).map(|obj| read_sources(&mut v, obj));
    v.finish(&info)?;
    require_admin(&caller, kind, Action::Patch)?;
    let filename = path_text(filename);
    let mut store = state.store();
    let record = store.desktop.manifest_mut(kind, &filename)?;
    record.sources = sources.unwrap_or_default();
    Ok(StatusCode::NO_CONTENT)
}

/// Removes the manifest and its file → 204.
async fn delete<A: Area>(
    State(state): State<SandboxState>,
    auth: Auth,
    filename: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let kind = A::KIND;
    let caller = auth.require()?;
    require_admin(&caller, kind, Action::Delete)?;
    let filename = path_text(filename);
    let removed = state.store().desktop.of_mut(kind).remove(&filename);
    // Dropping the record (outside the lock) deletes its file.
    match removed {
        Some(_) => Ok(StatusCode::NO_CONTENT),
        None => Err(ApiError::not_found(kind.manifest_not_found(&filename))),
    }
}
