//! Fetching the endpoint catalog over real HTTP: from the sandbox (or a real AYON), from
//! a per-test server that behaves like AYON 1.11.2 (addon endpoints only inside
//! `/openapi.json`, per-addon specs 404), the refusal for non-managers, and the cache.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::{Value, json};

use ayon_rest_explorer::ayon::catalog_cache::CatalogCache;
use ayon_rest_explorer::ayon::catalog_fetch::{CatalogError, CatalogTarget, fetch_catalog};
use ayon_rest_explorer::ayon::login;
use ayon_rest_explorer::catalog_load::{ServerLoad, from_server};
use ayon_rest_explorer::http::{HttpMethod, build_client};
use ayon_rest_explorer::secret::Secret;
use ayon_rest_explorer::state::CatalogOrigin;

use crate::support::ayon_client::{Cleanup, admin_login, send, session};
use crate::support::target::{target, unique_name};

const TIMEOUT: Duration = Duration::from_secs(30);

#[tokio::test]
async fn the_servers_catalog_has_core_and_addon_groups() {
    let target = target().await;
    let admin = admin_login(&target).await;
    let client = build_client().unwrap();
    let fetch_target = CatalogTarget {
        base: &target.url,
        token: Some(admin.token.expose()),
        timeout: TIMEOUT,
    };
    let (source, warnings) = fetch_catalog(&client, &fetch_target)
        .await
        .expect("an admin gets the catalog");
    assert!(warnings.is_empty(), "{warnings:?}");
    let catalog = source.build();
    assert!(
        catalog.find(HttpMethod::Get, "/api/projects").is_some(),
        "GET /api/projects is listed"
    );
    // Every addon version the server lists has its group, with endpoints or a note.
    for addon in &source.addons {
        let group = catalog
            .groups
            .iter()
            .find(|g| g.tag == addon.addon.tag())
            .unwrap_or_else(|| panic!("a group for {}", addon.addon.tag()));
        assert!(
            !group.operations.is_empty() || group.note.is_some(),
            "{} has endpoints or says why not",
            group.tag
        );
    }
    if target.is_real_server() {
        return;
    }
    // The sandbox's practice addon serves its own spec (as newer AYON servers do).
    let practice = catalog
        .groups
        .iter()
        .find(|g| g.tag == "Practice 1.0.0")
        .expect("the practice addon's group");
    let paths: Vec<&str> = practice
        .operations
        .iter()
        .map(|&i| catalog.operations[i].path.as_str())
        .collect();
    assert!(
        paths.contains(&"/api/addons/practice/1.0.0/ping"),
        "{paths:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_user_who_is_not_a_manager_is_refused_with_the_servers_words() {
    let target = target().await;
    let admin = admin_login(&target).await;
    let token = admin.token.expose().to_string();
    let name = unique_name("are_catalog");
    let password = format!("{name}_pw_123");
    let created = send(
        &target,
        HttpMethod::Put,
        &format!("/api/users/{name}"),
        session(),
        Some(&token),
        Some(json!({ "password": password, "attrib": {"fullName": "Catalog test"} })),
    )
    .await;
    assert!(
        matches!(created.response.status, 200 | 201 | 204),
        "user created: {}",
        created.response.status
    );
    let mut cleanup = Cleanup::new(&target, &token);
    cleanup.delete_later(format!("/api/users/{name}"));
    let client = build_client().unwrap();
    let user = login(&client, &target.url, &name, &password, TIMEOUT)
        .await
        .expect("the new user logs in");
    let error = fetch_catalog(
        &client,
        &CatalogTarget {
            base: &target.url,
            token: Some(user.token.expose()),
            timeout: TIMEOUT,
        },
    )
    .await
    .expect_err("refused");
    match &error {
        CatalogError::Refused { status, detail } => {
            assert_eq!(*status, 403);
            assert!(detail.contains("OpenAPI schema"), "{detail}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(
        error.to_string().contains("spec file"),
        "offers a spec file"
    );
}

/// A server answering like AYON 1.11.2 run with AYON_OPENAPI_INCLUDE_ADDON_ENDPOINTS:
/// addon endpoints inside `/openapi.json`, no per-addon specs (404, fixture 72).
async fn old_style_server(spec: Value) -> String {
    old_style_server_with_addons(spec, Arc::new(Mutex::new(two_addons()))).await
}

fn two_addons() -> Value {
    json!({"addons": [
        {"name": "labtest", "title": "Lab Test", "versions": {"0.1.0": {"isBroken": false}}},
        {"name": "quiet", "title": "Quiet", "versions": {"2.0.0": {"isBroken": false}}}
    ]})
}

/// Serves `app` on a loopback port; returns its URL.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

/// The same, with an addon list the test can change.
async fn old_style_server_with_addons(spec: Value, addons: Arc<Mutex<Value>>) -> String {
    let app = Router::new()
        .route("/openapi.json", get(move || async move { axum::Json(spec) }))
        .route(
            "/api/info",
            get(|| async { axum::Json(json!({"version": "1.11.2"})) }),
        )
        .route(
            "/api/addons",
            get(move || async move {
                let list = addons.lock().map(|a| a.clone()).unwrap_or_default();
                axum::Json(list)
            }),
        )
        .fallback(|uri: axum::http::Uri| async move {
            let path = uri.path().to_string();
            (
                StatusCode::NOT_FOUND,
                axum::Json(json!({"code": 404, "detail": format!("API endpoint {path} not found"), "path": path})),
            )
        });
    serve(app).await
}

fn spec_with_lab_ping() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Ayon server", "version": "1.11.2"},
        "paths": {
            "/api/info": {"get": {"tags": ["System"], "summary": "Get Site Info", "operationId": "get_site_info",
                                   "responses": {"200": {"description": "ok"}}}},
            "/api/addons/labtest/0.1.0/ping": {"get": {"tags": ["Lab Test 0.1.0"], "summary": "Ping",
                "operationId": "labtest_0_1_0_ping", "responses": {"200": {"description": "ok"}}}}
        }
    })
}

#[tokio::test]
async fn older_servers_list_addon_endpoints_inside_the_main_spec() {
    let url = old_style_server(spec_with_lab_ping()).await;
    let client = build_client().unwrap();
    let fetch_target = CatalogTarget {
        base: &url,
        token: Some(&"a".repeat(64)),
        timeout: TIMEOUT,
    };
    let (source, warnings) = fetch_catalog(&client, &fetch_target)
        .await
        .expect("catalog");
    assert!(
        warnings.is_empty(),
        "404s are expected, not warnings: {warnings:?}"
    );
    assert_eq!(source.server_version, "1.11.2");
    assert_eq!(source.addons.len(), 2);
    assert!(source.addons.iter().all(|a| a.spec.is_none()));
    let catalog = source.build();
    let lab = catalog
        .groups
        .iter()
        .find(|g| g.tag == "Lab Test 0.1.0")
        .expect("lab group");
    assert_eq!(lab.operations.len(), 1, "ping once, not duplicated");
    let quiet = catalog
        .groups
        .iter()
        .find(|g| g.tag == "Quiet 2.0.0")
        .expect("a group for the addon without published endpoints");
    assert!(quiet.operations.is_empty());
    let note = quiet.note.as_deref().expect("a note");
    assert!(
        note.contains("AYON_OPENAPI_INCLUDE_ADDON_ENDPOINTS"),
        "says how to publish them: {note}"
    );
}

#[tokio::test]
async fn the_real_spec_with_addon_endpoints_merges_with_the_addon_list() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/ayon-1.11.2"
    );
    let path = format!("{dir}/openapi-with-addon-endpoints.json");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skipped: the shared fixtures folder is absent ({path})");
        return;
    };
    let spec: Value = serde_json::from_slice(&bytes).unwrap();
    let url = old_style_server(spec).await;
    let client = build_client().unwrap();
    let (source, _) = fetch_catalog(
        &client,
        &CatalogTarget {
            base: &url,
            token: None,
            timeout: TIMEOUT,
        },
    )
    .await
    .expect("catalog");
    let catalog = source.build();
    assert_eq!(catalog.operations.len(), 274);
    let lab = catalog
        .groups
        .iter()
        .find(|g| g.tag == "Lab Test 0.1.0")
        .unwrap();
    assert_eq!(lab.operations.len(), 1);
    assert_eq!(
        catalog.operations[lab.operations[0]].path,
        "/api/addons/labtest/0.1.0/ping"
    );
}

#[tokio::test]
async fn a_catalog_is_cached_per_server_version_until_refreshed() {
    let addons = Arc::new(Mutex::new(two_addons()));
    let url = old_style_server_with_addons(spec_with_lab_ping(), addons.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let cache = CatalogCache::new(dir.path());
    let client = build_client().unwrap();
    let load = |refresh| ServerLoad {
        server_url: url.clone(),
        token: Some(Secret::new("a".repeat(64))),
        timeout: TIMEOUT,
        cache: Some(cache.clone()),
        refresh,
    };
    let first = from_server(&client, load(false)).await.expect("fetched");
    assert!(matches!(
        first.origin,
        CatalogOrigin::Server { cached: false, .. }
    ));
    let second = from_server(&client, load(false)).await.expect("cached");
    assert!(
        matches!(&second.origin, CatalogOrigin::Server { cached: true, version, .. } if version == "1.11.2"),
        "{:?}",
        second.origin
    );
    assert_eq!(
        second.catalog.operations.len(),
        first.catalog.operations.len()
    );
    let refreshed = from_server(&client, load(true)).await.expect("refreshed");
    assert!(matches!(
        refreshed.origin,
        CatalogOrigin::Server { cached: false, .. }
    ));
    // The file holds no token.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!text.contains(&"a".repeat(64)));
    }
}

/// A server reporting `version` that serves the lab addon's own spec (as 1.16 does) and
/// counts how often an addon's spec is asked for.
async fn versioned_server(version: &'static str, asked: Arc<AtomicUsize>) -> String {
    let addon_spec = json!({
        "openapi": "3.1.0",
        "info": {"title": "labtest", "version": "0.1.0"},
        "paths": {"/api/addons/labtest/0.1.0/ping": {"get": {"summary": "Ping",
            "operationId": "ping", "responses": {"200": {"description": "ok"}}}}}
    });
    let app = Router::new()
        .route(
            "/openapi.json",
            get(|| async { axum::Json(spec_with_lab_ping_only_core()) }),
        )
        .route(
            "/api/info",
            get(move || async move { axum::Json(json!({"version": version})) }),
        )
        .route("/api/addons", get(|| async { axum::Json(two_addons()) }))
        .route(
            "/api/addons/{name}/{version}/openapi.json",
            get(
                move |axum::extract::Path((name, _)): axum::extract::Path<(String, String)>| {
                    let asked = asked.clone();
                    let spec = addon_spec.clone();
                    async move {
                        asked.fetch_add(1, Ordering::SeqCst);
                        if name == "labtest" {
                            (StatusCode::OK, axum::Json(spec))
                        } else {
                            (StatusCode::NOT_FOUND, axum::Json(json!({"code": 404})))
                        }
                    }
                },
            ),
        );
    serve(app).await
}

/// The core spec only (no addon endpoints in it).
fn spec_with_lab_ping_only_core() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Ayon server", "version": "x"},
        "paths": {"/api/info": {"get": {"summary": "Get Site Info", "operationId": "info",
            "responses": {"200": {"description": "ok"}}}}}
    })
}

#[tokio::test]
async fn addon_specs_are_asked_only_of_releases_that_serve_them() {
    let client = build_client().unwrap();
    for (version, expected_asks) in [("1.11.2+DEVELOP", 0), ("1.16.0", 2)] {
        let asked = Arc::new(AtomicUsize::new(0));
        let url = versioned_server(version, asked.clone()).await;
        let (source, warnings) = fetch_catalog(
            &client,
            &CatalogTarget {
                base: &url,
                token: Some(&"a".repeat(64)),
                timeout: TIMEOUT,
            },
        )
        .await
        .expect("catalog");
        assert!(warnings.is_empty(), "{version}: {warnings:?}");
        assert_eq!(
            asked.load(Ordering::SeqCst),
            expected_asks,
            "{version}: addon specs asked"
        );
        assert_eq!(source.server_version, version);
        let catalog = source.build();
        let lab = catalog
            .groups
            .iter()
            .find(|g| g.tag == "Lab Test 0.1.0")
            .expect("the lab addon's group");
        let notice = ayon_rest_explorer::ayon::catalog_fetch::addon_specs_notice(version);
        if expected_asks == 0 {
            assert!(lab.operations.is_empty(), "nothing asked, nothing listed");
            assert!(lab.note.is_some(), "the group says why it is empty");
            assert!(
                notice.is_some_and(|n| n.contains("AYON 1.11.2 serves no per-addon specs")),
                "the catalog says why they were not asked for"
            );
        } else {
            assert_eq!(lab.operations.len(), 1, "1.16 serves the addon's ping");
            assert_eq!(notice, None);
        }
    }
}
