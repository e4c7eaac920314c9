//! The token for the stream, from the same places the runner takes credentials: the
//! sandbox's admin login (`--sandbox`), a session token (`AYON_SECRET_TOKEN`), or a
//! service user's API key (`AYON_API_KEY`). An API key works as a stream token only once
//! a REST request has used it (that request creates the key's session), so one
//! `GET /api/users/me` with `X-Api-Key` goes first.

use std::time::Duration;

use ayon_explorer_core::ayon::{LoginError, login, resolve_url};
use ayon_explorer_core::http::{Clients, HttpMethod, RequestSpec, execute};
use ayon_explorer_core::secret::Secret;

use super::EventsContext;

/// The stream's token and where it came from (for messages; never the value).
pub(super) struct Credential {
    pub token: Secret,
    pub source: &'static str,
}

/// Why there is no token.
pub(super) enum Refusal {
    /// Nothing to authenticate with.
    Missing(String),
    /// The server refused the credentials.
    NotAuthorised(String),
    /// The server did not answer as AYON does.
    Failed(String),
}

/// The token for `server`.
pub(super) async fn obtain(
    server: &str,
    context: &EventsContext,
    clients: &Clients,
    timeout: Duration,
) -> Result<Credential, Refusal> {
    if let Some(sandbox) = &context.sandbox {
        return login(clients, server, &sandbox.name, &sandbox.password, timeout)
            .await
            .map(|success| Credential {
                token: success.token,
                source: "the sandbox's admin login",
            })
            .map_err(|e| match e {
                LoginError::Rejected { .. } => Refusal::NotAuthorised(format!(
                    "the sandbox at {server} refused its admin login: {e}"
                )),
                other => Refusal::Failed(format!("could not log in to {server}: {other}")),
            });
    }
    let env = |name: &str| {
        (context.env)(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    if let Some(token) = env("AYON_SECRET_TOKEN") {
        return Ok(Credential {
            token: Secret::new(token),
            source: "AYON_SECRET_TOKEN",
        });
    }
    let Some(key) = env("AYON_API_KEY") else {
        return Err(Refusal::Missing(
            "no credentials for the event stream: set AYON_API_KEY (a service user's API key) \
             or AYON_SECRET_TOKEN (a session token), or use --sandbox"
                .to_owned(),
        ));
    };
    open_key_session(server, &key, clients, timeout).await?;
    Ok(Credential {
        token: Secret::new(key),
        source: "AYON_API_KEY",
    })
}

/// `GET /api/users/me` with `X-Api-Key`: the server then keeps a session whose token is
/// the key.
async fn open_key_session(
    server: &str,
    key: &str,
    clients: &Clients,
    timeout: Duration,
) -> Result<(), Refusal> {
    let url = resolve_url(server, "/api/users/me")
        .map_err(|e| Refusal::Failed(format!("{server}: {e}")))?;
    let mut spec = RequestSpec::new(HttpMethod::Get, url.clone())
        .header("X-Api-Key", key)
        .secret(key)
        .timeout(timeout);
    // The key belongs to this server only.
    spec.follow_redirects = false;
    let exchange = execute(clients, &spec)
        .await
        .map_err(|e| Refusal::Failed(format!("could not reach {server}: {e}")))?;
    match exchange.response.status {
        200 => Ok(()),
        status @ (401 | 403) => Err(Refusal::NotAuthorised(format!(
            "{server} did not accept AYON_API_KEY (GET {url} answered HTTP {status})"
        ))),
        status => Err(Refusal::Failed(format!(
            "GET {url} answered HTTP {status}; is {server} an AYON server?"
        ))),
    }
}
