//! The GraphQL schema kept per server and version: a real login reads the server's
//! schema once; a second window logging in to the same server at the same version takes
//! it from the cache without asking again, and says so; Reload asks again. A schema can
//! also be read from a file typed into the editor, for a server that refuses
//! introspection.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::settings::Settings;

use egui_kittest::kittest::Queryable;

use crate::harness::{TestApp, app_with, io_runtime, temp_dir};

const WAIT: Duration = Duration::from_secs(15);

const INTROSPECTION: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/ayon-1.11.2/graphql-introspection.json"
);

/// A small schema of our own (Query { projects: String }), for when the fixtures are
/// absent and for the file test.
const SMALL_SCHEMA: &str = r#"{"data":{"__schema":{"queryType":{"name":"Query"},
  "mutationType":null,"subscriptionType":null,"directives":[],"types":[
  {"kind":"OBJECT","name":"Query","description":null,"fields":[{"name":"projects",
   "description":"Every project","args":[],"type":{"kind":"SCALAR","name":"String","ofType":null},
   "isDeprecated":false,"deprecationReason":null}],"inputFields":null,"interfaces":[],
   "enumValues":null,"possibleTypes":null},
  {"kind":"SCALAR","name":"String","description":null,"fields":null,"inputFields":null,
   "interfaces":null,"enumValues":null,"possibleTypes":null}]}}}"#;

/// An AYON-like server at version 1.11.2: login, who am I, `/api/info`, and `/graphql`
/// answering introspection with `schema` (`status`), counting the times it is asked.
fn ayon_server(
    io: &tokio::runtime::Runtime,
    status: u16,
    schema: Vec<u8>,
) -> (String, Arc<AtomicUsize>) {
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    let url = io.block_on(async move {
        let token = "t".repeat(64);
        let login_token = token.clone();
        let app = Router::new()
            .route(
                "/api/auth/login",
                post(move || {
                    let token = login_token.clone();
                    async move {
                        axum::Json(serde_json::json!({
                            "detail": "Logged in as admin",
                            "token": token,
                            "user": {"name": "admin"}
                        }))
                    }
                }),
            )
            .route(
                "/api/users/me",
                get(|| async {
                    axum::Json(serde_json::json!({
                        "name": "admin",
                        "attrib": {"fullName": "Admin"},
                        "data": {"isAdmin": true}
                    }))
                }),
            )
            .route(
                "/api/info",
                get(|| async { axum::Json(serde_json::json!({"version": "1.11.2"})) }),
            )
            .route(
                "/graphql",
                post(move || {
                    let schema = schema.clone();
                    let counter = Arc::clone(&counter);
                    async move {
                        counter.fetch_add(1, Ordering::SeqCst);
                        (
                            axum::http::StatusCode::from_u16(status)
                                .unwrap_or(axum::http::StatusCode::OK),
                            [("content-type", "application/json")],
                            schema,
                        )
                    }
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        url
    });
    (url, asked)
}

/// A window on `server` whose schemas are cached in `cache`, logged in through the
/// login form, with a GraphQL tab open.
fn logged_in_window(server: &str, cache: &Path) -> TestApp {
    let mut app = app_with(AppOptions {
        settings: Settings {
            server_url: server.to_owned(),
            ..Settings::default()
        },
        graphql_cache_dir: Some(cache.to_path_buf()),
        ..AppOptions::default()
    });
    app.fill("Name", "admin");
    app.fill("Password", "secret");
    app.click("Log in");
    app.wait_for_text("Logged in as", WAIT);
    app.open_graphql_tab();
    app
}

#[test]
fn the_schema_is_cached_per_server_and_version_and_reload_asks_again() {
    let (schema, types) = match std::fs::read(INTROSPECTION) {
        Ok(bytes) => (bytes, 79),
        Err(_) => {
            println!("fixtures folder absent ({INTROSPECTION}): our own small schema is used");
            (SMALL_SCHEMA.as_bytes().to_vec(), 2)
        }
    };
    let io = io_runtime();
    let (server, asked) = ayon_server(&io, 200, schema);
    let cache = temp_dir("graphql-cache");

    let mut first = logged_in_window(&server, &cache);
    first.wait_for_text(
        &format!("Schema: {types} types from the server (1.11.2)"),
        WAIT,
    );
    assert_eq!(asked.load(Ordering::SeqCst), 1, "asked once after login");
    drop(first);

    let mut second = logged_in_window(&server, &cache);
    second.wait_for_text(
        &format!("Schema: {types} types from the server (1.11.2, cached)"),
        WAIT,
    );
    assert_eq!(
        asked.load(Ordering::SeqCst),
        1,
        "the second login reads the cache, not the server"
    );

    second
        .harness
        .get_by_role_and_label(egui::Role::Button, "Reload schema")
        .click_accesskit();
    second.wait_for_text(
        &format!("Schema: {types} types from the server (1.11.2)"),
        WAIT,
    );
    assert_eq!(asked.load(Ordering::SeqCst), 2, "Reload asks the server");
    let _ = std::fs::remove_dir_all(&cache);
}

#[test]
fn a_schema_file_serves_a_server_that_refuses_introspection() {
    let io = io_runtime();
    let (server, _) = ayon_server(&io, 403, br#"{"detail":"Forbidden"}"#.to_vec());
    let cache = temp_dir("graphql-file");
    let file = cache.join("saved-schema.json");
    std::fs::write(&file, SMALL_SCHEMA).expect("write the schema file");
    let damaged = cache.join("not-a-schema.json");
    std::fs::write(&damaged, r#"{"openapi": "3.1.0"}"#).expect("write");

    let mut app = logged_in_window(&server, &cache.join("cache"));
    app.wait_for_text("answered 403 to the introspection query", WAIT);

    app.harness
        .get_by_role_and_label(egui::Role::Button, "Schema file…")
        .click_accesskit();
    app.harness.step();
    app.fill("Schema file", &damaged.to_string_lossy());
    app.harness
        .get_by_role_and_label(egui::Role::Button, "Load schema")
        .click_accesskit();
    app.wait_for_text("not-a-schema.json:", WAIT);

    app.fill("Schema file", &file.to_string_lossy());
    app.harness
        .get_by_role_and_label(egui::Role::Button, "Load schema")
        .click_accesskit();
    app.wait_for_text("Schema: 2 types from saved-schema.json", WAIT);

    // The file's schema checks the query like the server's would.
    app.fill("GraphQL query", "{ projekts }");
    app.wait_for_text("Unknown field \"projekts\" on Query", WAIT);
    let _ = std::fs::remove_dir_all(&cache);
}

/// Reload before any login names what is missing.
#[test]
fn reload_without_a_login_says_to_log_in() {
    let mut app = app_with(AppOptions::default());
    app.harness.state_mut().dispatch(Action::LoadGraphQlSchema);
    app.wait_for_text("Log in to read the server's GraphQL schema", WAIT);
}
