//! Credential headers never follow a redirect to another origin; same-origin hops keep them.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{any, get};

use ayon_rest_explorer::http::{
    CREDENTIAL_HEADERS, HttpMethod, RequestSpec, build_client, execute,
};

use crate::support::recording_server::{self, Log, record, record_ok};

fn spec_with_all_credentials(url: &str) -> RequestSpec {
    RequestSpec::new(HttpMethod::Get, url::Url::parse(url).unwrap())
        .header("Authorization", format!("Bearer {}", "a".repeat(64)))
        .header("Cookie", "accessToken=secret")
        .header("Proxy-Authorization", "Basic cHJveHk=")
        .header("X-Api-Key", "fe26e8249ae7cfcbf6c61a9f2994b491")
        .header("X-as-user", "artist")
        .header("Accept", "application/json")
}

/// A server that redirects `/go` to `target` and records what reaches it.
pub async fn redirector(target: String) -> recording_server::RecordingServer {
    let app = Router::new().route(
        "/go",
        any(
            move |State(log): State<Log>,
                  method: Method,
                  uri: Uri,
                  headers: HeaderMap,
                  body: Bytes| {
                let target = target.clone();
                async move {
                    record(&log, &method, &uri, &headers, &body);
                    Redirect::temporary(&target).into_response()
                }
            },
        ),
    );
    recording_server::start(app.route("/landing", any(record_ok))).await
}

#[tokio::test]
async fn cross_origin_redirect_drops_all_credentials_and_sends_no_referer() {
    let other = recording_server::start(Router::new().route("/landing", get(record_ok))).await;
    let first = redirector(format!("{}/landing", other.url)).await;

    let client = build_client().unwrap();
    let exchange = execute(
        &client,
        &spec_with_all_credentials(&format!("{}/go", first.url)),
    )
    .await
    .expect("exchange");

    assert_eq!(exchange.response.status, 200);
    assert_eq!(exchange.redirects.len(), 1);
    assert!(exchange.redirects[0].dropped_credentials);
    let first_seen = first.received();
    assert_eq!(first_seen.len(), 1);
    for name in CREDENTIAL_HEADERS {
        assert!(
            first_seen[0].header(name).is_some(),
            "{name} should reach the origin it was meant for"
        );
    }
    let landed = other.received();
    assert_eq!(
        landed.len(),
        1,
        "the other origin got the redirected request"
    );
    for name in CREDENTIAL_HEADERS {
        assert_eq!(
            landed[0].header(name),
            None,
            "{name} crossed to another origin"
        );
    }
    assert_eq!(landed[0].header("referer"), None, "a Referer was sent");
    assert_eq!(landed[0].header("accept"), Some("application/json"));
}

#[tokio::test]
async fn same_origin_redirect_keeps_credentials() {
    // Redirect to a path on the same server (relative Location).
    let server = redirector("/landing".into()).await;
    let client = build_client().unwrap();
    let exchange = execute(
        &client,
        &spec_with_all_credentials(&format!("{}/go", server.url)),
    )
    .await
    .expect("exchange");
    assert_eq!(exchange.response.status, 200);
    assert!(!exchange.redirects[0].dropped_credentials);
    let seen = server.received();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].path_and_query, "/landing");
    for name in CREDENTIAL_HEADERS {
        assert!(
            seen[1].header(name).is_some(),
            "{name} was dropped on the same origin"
        );
    }
    assert_eq!(seen[1].header("referer"), None);
}

#[tokio::test]
async fn same_host_other_port_counts_as_another_origin() {
    let other = recording_server::start(Router::new().route("/landing", get(record_ok))).await;
    // Same host (127.0.0.1), different port.
    let first = redirector(format!("{}/landing", other.url)).await;
    assert_ne!(first.url, other.url);
    let client = build_client().unwrap();
    execute(
        &client,
        &spec_with_all_credentials(&format!("{}/go", first.url)),
    )
    .await
    .expect("exchange");
    assert_eq!(other.received()[0].header("x-api-key"), None);
}

#[tokio::test]
async fn redirect_loops_stop_with_a_named_error() {
    let app = Router::new().route("/loop", get(|| async { Redirect::temporary("/loop") }));
    let server = recording_server::start(app).await;
    let client = build_client().unwrap();
    let spec = RequestSpec::new(
        HttpMethod::Get,
        url::Url::parse(&format!("{}/loop", server.url)).unwrap(),
    );
    let err = execute(&client, &spec).await.unwrap_err();
    assert!(
        err.to_string().contains("Stopped after 10 redirects"),
        "{err}"
    );
}

#[tokio::test]
async fn see_other_after_post_becomes_get_without_body() {
    let app = Router::new()
        .route(
            "/create",
            any(
                |State(log): State<Log>,
                 method: Method,
                 uri: Uri,
                 headers: HeaderMap,
                 body: Bytes| async move {
                    record(&log, &method, &uri, &headers, &body);
                    Response::builder()
                        .status(StatusCode::SEE_OTHER)
                        .header("location", "/landing")
                        .body(axum::body::Body::empty())
                        .unwrap()
                },
            ),
        )
        .route("/landing", any(record_ok));
    let server = recording_server::start(app).await;
    let client = build_client().unwrap();
    let spec = RequestSpec::new(
        HttpMethod::Post,
        url::Url::parse(&format!("{}/create", server.url)).unwrap(),
    )
    .json_body(&serde_json::json!({"name": "x"}));
    execute(&client, &spec).await.expect("exchange");
    let seen = server.received();
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].body, br#"{"name":"x"}"#);
    assert_eq!(seen[1].method, "GET");
    assert!(seen[1].body.is_empty());
    assert_eq!(seen[1].header("content-type"), None);
}

#[tokio::test]
async fn login_never_follows_a_redirect_with_the_password() {
    let other = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let first = recording_server::start(Router::new().route(
        "/api/auth/login",
        any({
            let target = format!("{}/steal", other.url);
            move || {
                let target = target.clone();
                async move { Redirect::temporary(&target) }
            }
        }),
    ))
    .await;
    let result = ayon_rest_explorer::ayon::login(
        &build_client().unwrap(),
        &first.url,
        "admin",
        "hunter2",
        std::time::Duration::from_secs(5),
    )
    .await;
    assert!(result.is_err());
    assert!(
        other.received().is_empty(),
        "the password followed a redirect"
    );
}

/// AYON behind a TLS proxy answers `https://host/api/projects/` with a 307 to
/// `http://host/api/projects` (fixture more/1081 shows the absolute http Location). Same
/// host and port, another scheme: another origin, so no credential goes on in plain text.
#[tokio::test]
async fn a_downgrade_to_http_on_the_same_host_and_port_sends_no_credentials() {
    use ayon_rest_explorer::ayon::server_trap_hints;
    use ayon_rest_explorer::http::Clients;
    use ayon_rest_explorer::settings::Settings;

    use crate::support::tls_server::{TestCa, start_dual};

    let ca = TestCa::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, &ca.pem).expect("write the CA");
    let settings = Settings {
        ca_file: ca_file.display().to_string(),
        ..Settings::default()
    };
    let clients = Clients::build(&settings.client_options(|_| None)).expect("clients");
    let server = start_dual(&ca).await;
    let url = format!("https://127.0.0.1:{}/api/projects/", server.port);

    let exchange = execute(&clients, &spec_with_all_credentials(&url))
        .await
        .expect("exchange");

    assert_eq!(exchange.response.status, 200);
    assert_eq!(exchange.redirects.len(), 1);
    assert!(exchange.redirects[0].dropped_credentials);
    assert_eq!(
        exchange.request.url,
        format!("http://127.0.0.1:{}/api/projects", server.port)
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen[0].tls && !seen[1].tls, "https first, then plain http");
    for name in CREDENTIAL_HEADERS {
        assert!(
            seen[0].header(name).is_some(),
            "{name} reached the https origin it was meant for"
        );
        assert_eq!(
            seen[1].header(name),
            None,
            "{name} went on in plain http to the same host and port"
        );
    }
    assert_eq!(
        seen[1].header("accept").as_deref(),
        Some("application/json")
    );
    // The answer's hints name the slash and the downgrade.
    let hints = server_trap_hints(&exchange, None);
    assert!(
        hints.iter().any(|h| h.contains("drop the slash")),
        "{hints:?}"
    );
    assert!(
        hints
            .iter()
            .any(|h| h.contains("downgrade") && h.contains("were not sent on")),
        "{hints:?}"
    );
}
