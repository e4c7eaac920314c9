//! Logging in and out, and asking who we are.

use std::time::Duration;

use serde_json::{Value, json};

use super::{AyonErrorBody, Identity, resolve_url};
use crate::http::{Exchange, HttpError, HttpMethod, RequestSpec, execute};
use crate::secret::Secret;

/// A successful login.
#[derive(Clone, Debug)]
pub struct LoginSuccess {
    /// The session token (64 hex chars).
    pub token: Secret,
    /// Who logged in, from `GET /api/users/me`.
    pub identity: Identity,
}

/// Why a login, logout or "who am I" failed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LoginError {
    /// The server said no, in its own words.
    #[error("{detail} (HTTP {status})")]
    Rejected {
        /// HTTP status.
        status: u16,
        /// The server's `detail`, or the status reason.
        detail: String,
    },
    /// The answer was not what AYON sends.
    #[error("Unexpected answer from {url} (HTTP {status}): {what}")]
    Unexpected {
        /// The URL asked.
        url: String,
        /// HTTP status.
        status: u16,
        /// What was wrong.
        what: String,
    },
    /// No answer at all.
    #[error(transparent)]
    Transport(#[from] HttpError),
}

fn rejected(exchange: &Exchange) -> LoginError {
    let status = exchange.response.status;
    let decoded = AyonErrorBody::decode(status, &exchange.response.body);
    let issues: Vec<String> = decoded
        .iter()
        .flat_map(|e| &e.issues)
        .map(|i| format!("{}: {}", i.location, i.message))
        .collect();
    let detail = decoded
        .and_then(|e| e.detail)
        .map(|detail| {
            if issues.is_empty() {
                detail
            } else {
                format!("{detail} ({})", issues.join("; "))
            }
        })
        .unwrap_or_else(|| {
            let text = String::from_utf8_lossy(&exchange.response.body);
            let text = text.trim();
            if text.is_empty() || text.len() > 200 {
                exchange.response.reason.clone()
            } else {
                text.to_string()
            }
        });
    LoginError::Rejected { status, detail }
}

/// A request carrying the session token as `Authorization: Bearer`, masked for display.
fn with_token(method: HttpMethod, url: &url::Url, token: &str, timeout: Duration) -> RequestSpec {
    RequestSpec::new(method, url.clone())
        .header("Authorization", format!("Bearer {token}"))
        .secret(token)
        .timeout(timeout)
}

/// `POST /api/auth/login`, then `GET /api/users/me` with the new token.
pub async fn login(
    client: &impl crate::http::ClientFor,
    base: &str,
    name: &str,
    password: &str,
    timeout: Duration,
) -> Result<LoginSuccess, LoginError> {
    let url = resolve_url(base, "/api/auth/login")?;
    let mut spec = RequestSpec::new(HttpMethod::Post, url.clone())
        .json_body(&json!({ "name": name.trim(), "password": password }))
        .secret(password)
        .timeout(timeout);
    // The body holds the password: never re-send it to wherever a redirect points.
    spec.follow_redirects = false;
    let exchange = execute(client, &spec).await?;
    if exchange.response.status != 200 {
        return Err(rejected(&exchange));
    }
    let token = serde_json::from_slice::<Value>(&exchange.response.body)
        .ok()
        .and_then(|v| v.get("token").and_then(Value::as_str).map(str::to_string))
        .ok_or_else(|| LoginError::Unexpected {
            url: url.to_string(),
            status: 200,
            what: "the login answer holds no token; is this an AYON server?".into(),
        })?;
    let identity = fetch_me(client, base, &token, timeout).await?;
    Ok(LoginSuccess {
        token: Secret::new(token),
        identity,
    })
}

/// `GET /api/users/me` with a session token.
pub async fn fetch_me(
    client: &impl crate::http::ClientFor,
    base: &str,
    token: &str,
    timeout: Duration,
) -> Result<Identity, LoginError> {
    let url = resolve_url(base, "/api/users/me")?;
    let exchange = execute(client, &with_token(HttpMethod::Get, &url, token, timeout)).await?;
    if exchange.response.status != 200 {
        return Err(rejected(&exchange));
    }
    serde_json::from_slice::<Value>(&exchange.response.body)
        .ok()
        .and_then(|v| Identity::from_user_json(&v))
        .ok_or_else(|| LoginError::Unexpected {
            url: url.to_string(),
            status: 200,
            what: "the user answer holds no name".into(),
        })
}

/// `POST /api/auth/logout` for the token.
pub async fn logout(
    client: &impl crate::http::ClientFor,
    base: &str,
    token: &str,
    timeout: Duration,
) -> Result<(), LoginError> {
    let url = resolve_url(base, "/api/auth/logout")?;
    let exchange = execute(client, &with_token(HttpMethod::Post, &url, token, timeout)).await?;
    if exchange.response.status != 200 {
        return Err(rejected(&exchange));
    }
    Ok(())
}
