//! Each auth preset sends exactly its headers: asserted inside a per-test server.

use std::time::Duration;

use axum::Router;
use axum::routing::any;

use ayon_rest_explorer::ayon::{AuthInput, AuthMode};
use ayon_rest_explorer::http::{build_client, execute};
use ayon_rest_explorer::state::{BodyMode, RequestDraft, build_spec};

use crate::support::recording_server::{self, Recorded, record_ok};

/// A made-up value of a session token's shape (64 hex characters).
const TOKEN: &str = concat!(
    "0123456789abcdef",
    "fedcba9876543210",
    "0123456789abcdef",
    "fedcba9876543210"
);
const KEY: &str = "fe26e8249ae7cfcbf6c61a9f2994b491";

async fn send_with(auth: AuthInput, session: Option<&str>) -> Recorded {
    let server = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let draft = RequestDraft {
        auth,
        ..RequestDraft::get("/api/users/me?x=1")
    };
    let spec = build_spec(&draft, &server.url, session, Duration::from_secs(5), None).unwrap();
    let exchange = execute(&build_client().unwrap(), &spec).await.unwrap();
    assert_eq!(exchange.response.status, 200);
    // What the app shows as "sent" masks the secret.
    for (_, value) in &exchange.request.headers {
        assert!(!value.contains(TOKEN) && !value.contains(KEY), "{value}");
    }
    let mut seen = server.received();
    assert_eq!(seen.len(), 1);
    let seen = seen.remove(0);
    assert_eq!(seen.path_and_query, "/api/users/me?x=1");
    seen
}

fn assert_absent(seen: &Recorded, names: &[&str]) {
    for name in names {
        assert_eq!(seen.header(name), None, "{name} should not be sent");
    }
}

#[tokio::test]
async fn none_sends_no_credentials() {
    let seen = send_with(
        AuthInput {
            mode: AuthMode::None,
            ..Default::default()
        },
        Some(TOKEN),
    )
    .await;
    assert_absent(
        &seen,
        &["authorization", "x-api-key", "x-as-user", "cookie"],
    );
}

#[tokio::test]
async fn session_sends_the_login_token_as_bearer() {
    let seen = send_with(AuthInput::default(), Some(TOKEN)).await;
    assert_eq!(
        seen.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_absent(&seen, &["x-api-key", "x-as-user"]);
}

#[tokio::test]
async fn bearer_sends_the_typed_token() {
    let seen = send_with(
        AuthInput {
            mode: AuthMode::Bearer,
            bearer_token: format!("  {TOKEN} "),
            ..Default::default()
        },
        None,
    )
    .await;
    assert_eq!(
        seen.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_absent(&seen, &["x-api-key", "x-as-user"]);
}

#[tokio::test]
async fn api_key_sends_x_api_key_only() {
    let seen = send_with(
        AuthInput {
            mode: AuthMode::ApiKey,
            api_key: KEY.into(),
            as_user: "ignored".into(),
            ..Default::default()
        },
        Some(TOKEN),
    )
    .await;
    assert_eq!(seen.header("x-api-key"), Some(KEY));
    assert_absent(&seen, &["authorization", "x-as-user"]);
}

#[tokio::test]
async fn api_key_as_user_sends_both_headers() {
    let seen = send_with(
        AuthInput {
            mode: AuthMode::ApiKeyAsUser,
            api_key: KEY.into(),
            as_user: "artist".into(),
            ..Default::default()
        },
        None,
    )
    .await;
    assert_eq!(seen.header("x-api-key"), Some(KEY));
    assert_eq!(seen.header("x-as-user"), Some("artist"));
    assert_absent(&seen, &["authorization"]);
}

#[tokio::test]
async fn disabled_header_rows_stay_home_and_json_bodies_arrive_verbatim() {
    let server = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let mut draft = RequestDraft::get("/api/projects");
    draft.method = ayon_rest_explorer::http::HttpMethod::Post;
    draft.auth.mode = AuthMode::None;
    draft.headers.push(ayon_rest_explorer::state::KvRow {
        enabled: false,
        ..ayon_rest_explorer::state::KvRow::new("X-Debug", "1")
    });
    draft.body_mode = BodyMode::Json;
    draft.body_text = "{\n  \"name\": \"žluť\"\n}".into();
    let spec = build_spec(&draft, &server.url, None, Duration::from_secs(5), None).unwrap();
    execute(&build_client().unwrap(), &spec).await.unwrap();
    let seen = &server.received()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.header("x-debug"), None);
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.body, draft.body_text.as_bytes());
}
