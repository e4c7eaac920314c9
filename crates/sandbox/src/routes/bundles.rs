//! `GET /api/bundles` and the addon settings it leads to: `GET
//! /api/addons/{addon_name}/{addon_version}/settings` (studio settings of a
//! variant) and `GET /api/addons/{addon_name}/{version}/settings/{project_name}`
//! (with the project's overrides), read-only, over the demo data of
//! [`crate::bundles`]. Shapes: `ListBundleModel` / `BundleModel` of the real
//! 1.11.2 and 1.16.0 OpenAPI (identical in both); settings are the plain
//! settings object, as the real server answers.
//!
//! Simplified: `?variant=` defaults to `production`; a variant other than
//! `production` or `staging` gets the defaults (the real server treats it as a
//! dev bundle's name, and a dev bundle without overrides has just those). `as`
//! and `site_id` are accepted and ignored. The built-in `practice` addon and
//! uploaded addons loaded at a restart have no settings: `{}`. Any other
//! addon or version answers 404 `Addon {name} {version} not found` (wording not
//! checked against a real server). No `GET /api/bundles/{name}` exists on the
//! real server either: one bundle is read from the list.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::auth::Auth;
use crate::errors::ApiError;
use crate::request::{RequestInfo, Validator, regex_issue};
use crate::routes::projects::require_project_access;
use crate::state::{SandboxState, Store};
use crate::{names, practice};

/// The variant when `?variant=` is not given.
const DEFAULT_VARIANT: &str = "production";

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    Router::new()
        .route("/api/bundles", get(list_bundles))
        .route(
            "/api/addons/{addon_name}/{addon_version}/settings",
            get(studio_settings),
        )
        .route(
            // The real spec names the version `{version}` here; axum wants one
            // name per position.
            "/api/addons/{addon_name}/{addon_version}/settings/{project_name}",
            get(project_settings),
        )
}

/// `ListBundleModel`; `?archived=true` also lists archived bundles.
async fn list_bundles(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
) -> Result<Json<Value>, ApiError> {
    auth.require()?;
    let mut v = Validator::new();
    let archived = v.query_bool(&info.query, "archived").unwrap_or(false);
    v.finish(&info)?;
    Ok(Json(state.store().bundles.to_json(archived)))
}

/// Defaults overlaid with the variant's studio overrides.
async fn studio_settings(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    params: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    auth.require()?;
    let (name, version) = params.map(|Path(p)| p).unwrap_or_default();
    let variant = info.query.get("variant").unwrap_or(DEFAULT_VARIANT);
    let store = state.store();
    let settings = match store.bundles.addon(&name, &version) {
        Some(addon) => addon.studio_settings(variant),
        None => no_settings(&store, &name, &version)?,
    };
    Ok(Json(settings))
}

/// The studio settings of the variant overlaid with the project's overrides.
async fn project_settings(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
    params: Result<Path<(String, String, String)>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let caller = auth.require()?;
    let (name, version, project) = params.map(|Path(p)| p).unwrap_or_default();
    let mut v = Validator::new();
    if !names::is_project_name(&project) {
        v.push(regex_issue(
            vec![json!("path"), json!("project_name")],
            names::PROJECT_NAME_REGEX,
        ));
    }
    v.finish(&info)?;
    require_project_access(&caller, &project)?;
    let variant = info.query.get("variant").unwrap_or(DEFAULT_VARIANT);
    let store = state.store();
    let addon = store.bundles.addon(&name, &version);
    if addon.is_none() {
        no_settings(&store, &name, &version)?;
    }
    let project = store
        .project(&project)
        .ok_or_else(|| ApiError::not_found(format!("Project {project} not found")))?;
    Ok(Json(addon.map_or_else(
        || json!({}),
        |addon| addon.project_settings(&project.name, variant),
    )))
}

/// `{}` for an addon the server knows that has no settings, else 404.
fn no_settings(store: &Store, name: &str, version: &str) -> Result<Value, ApiError> {
    let loaded = store
        .addons
        .loaded
        .get(name)
        .is_some_and(|versions| versions.contains_key(version));
    if loaded || practice::is_builtin(name, Some(version)) {
        Ok(json!({}))
    } else {
        Err(ApiError::not_found(format!(
            "Addon {name} {version} not found"
        )))
    }
}
