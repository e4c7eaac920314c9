//! 11. Custom credential headers (`X-Custom-Token: {{secret}}`) followed cross-origin
//!     redirects; only the five standard ones were stripped. Now every header whose value
//!     came from a secret variable is dropped on a redirect to another origin, like
//!     `Authorization`; the origin it was meant for still gets it.

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Redirect};
use axum::routing::any;

use ayon_rest_explorer::collection::secrets::SecretBindings;
use ayon_rest_explorer::collection::variables::{Source, VariableSet};
use ayon_rest_explorer::http::{build_client, execute};
use ayon_rest_explorer::pipeline::{CredentialScope, SendContext, prepare};
use ayon_rest_explorer::request::{KvRow, RequestDraft};
use ayon_rest_explorer::secret::Secret;

use crate::kit::{arg, collection, foreign_server, run};
use crate::support::recording_server::{self, Log, RecordingServer, record};

const SECRET: &str = "custom-token-5be1-stays-home";

/// The trusted server: records what reaches it and redirects every request to `target`.
async fn redirecting_to(target: String) -> RecordingServer {
    recording_server::start(Router::new().route(
        "/{*path}",
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
    ))
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_header_from_a_secret_stays_with_its_origin_across_a_redirect() {
    let attacker = foreign_server().await;
    let home = redirecting_to(format!("{}/landing", attacker.url)).await;
    let mut vars = VariableSet::new();
    vars.set_secret("api_token", Secret::new(SECRET), Source::Local);
    let mut bindings = SecretBindings::new();
    bindings.allow("api_token", [home.url.clone()]);
    let mut draft = RequestDraft::get(&format!("{}/go", home.url));
    draft.auth.mode = ayon_rest_explorer::ayon::AuthMode::None;
    draft
        .headers
        .push(KvRow::new("X-Custom-Token", "{{api_token}}"));
    draft.headers.push(KvRow::new("X-Trace", "trace-1"));
    let context = SendContext {
        server_url: None,
        session_token: None,
        credentials: CredentialScope::ServerOnly(None),
        api_key_fallback: None,
        timeout: Duration::from_secs(10),
        file_root: None,
        secret_bindings: &bindings,
        allowed_origins: &[],
        confine_files: false,
        allowed_files: &[],
        protected_folders: &[],
    };
    let prepared = prepare(&draft, &vars, &context).expect("bound to its server");
    assert_eq!(prepared.spec.secret_headers, vec!["X-Custom-Token"]);
    let client = build_client().expect("client");
    let exchange = execute(&client, &prepared.spec).await.expect("exchange");

    assert_eq!(exchange.response.status, 200);
    assert!(exchange.redirects[0].dropped_credentials);
    let first = home.received();
    assert_eq!(first[0].header("x-custom-token"), Some(SECRET));
    let landed = attacker.received();
    assert_eq!(landed.len(), 1, "the redirect was followed");
    assert_eq!(landed[0].header("x-custom-token"), None);
    assert_eq!(landed[0].header("x-trace"), Some("trace-1"));
    assert!(
        landed[0]
            .headers
            .iter()
            .all(|(_, value)| !value.contains(SECRET)),
        "{:?}",
        landed[0].headers
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_runner_does_not_carry_it_across_a_redirect_either() {
    let attacker = foreign_server().await;
    let home = redirecting_to(format!("{}/landing", attacker.url)).await;
    let dir = collection(&[
        (
            "environments/ci.yml",
            "variables:\n  - name: api_token\n    secret: true\n",
        ),
        (
            "hop.yml",
            "name: Hop\nmethod: GET\nurl: /go\nheaders:\n  - name: X-Custom-Token\n    value: \"{{api_token}}\"\n",
        ),
    ]);
    let result = run(
        vec![
            arg(dir.path()),
            "--env".into(),
            "ci".into(),
            "--server".into(),
            home.url.clone(),
        ],
        vec![("AYON_SECRET_API_TOKEN".into(), SECRET.into())],
    )
    .await;
    assert_eq!(result.code, 0, "{}", result.all());
    assert_eq!(home.received()[0].header("x-custom-token"), Some(SECRET));
    let landed = attacker.received();
    assert_eq!(landed.len(), 1, "{}", result.all());
    assert_eq!(landed[0].header("x-custom-token"), None);
    result.assert_reveals_none(&[SECRET]);
}
