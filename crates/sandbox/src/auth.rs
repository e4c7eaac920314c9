//! Finding out who the caller is, by AYON's rules (`ayon_server/api/auth.py`).
//!
//! Like AYON's `AuthMiddleware`, [`authenticate`] runs on every request and only
//! records the outcome; each handler then decides whether it needs a user
//! ([`Auth::require`], 401 with the recorded reason) or accepts anonymous callers
//! ([`Auth::optional`]). The order of credentials:
//!
//! 1. `X-Api-Key: <value>`: looked up as a session token first, then as a service
//!    user's API key; neither gives 401 "Invalid API key".
//! 2. `Authorization: ApiKey <key>` (scheme case-insensitive), only without `X-Api-Key`.
//! 3. Cookie `accessToken`.
//! 4. `Authorization: Bearer <token>`, only when the token is exactly 64 characters;
//!    any other length is silently ignored.
//! 5. Query `?token=`.
//!
//! Nothing at all gives "Access token is missing". After that, `X-As-User: NAME` is
//! honoured for service users only; an unknown NAME blows up in the middleware,
//! which on the real server becomes a bare plain-text 500.

use std::convert::Infallible;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::errors::ApiError;
use super::records::UserRecord;
use super::request::QueryParams;
use super::state::{SandboxState, SessionCheck};

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user the request runs as (the impersonated one under `X-As-User`).
    pub user: UserRecord,
    /// The session token or API key that authenticated the request.
    pub credential: String,
    /// The service user's name when `X-As-User` switched the user.
    pub impersonated_by: Option<String>,
}

impl Caller {
    /// The effective user's name.
    pub fn name(&self) -> &str {
        &self.user.name
    }

    /// 403 `Forbidden` unless the caller is a manager (or admin, or service).
    pub fn require_manager(&self) -> Result<(), ApiError> {
        if self.user.is_manager() {
            Ok(())
        } else {
            Err(ApiError::forbidden("Forbidden"))
        }
    }

    /// 403 `Forbidden` unless the caller is an admin (or service).
    pub fn require_admin(&self) -> Result<(), ApiError> {
        if self.user.is_admin() {
            Ok(())
        } else {
            Err(ApiError::forbidden("Forbidden"))
        }
    }
}

/// What the auth middleware found out about a request.
#[derive(Debug, Clone)]
pub enum AuthOutcome {
    /// A valid credential (boxed: the caller is much larger than a reason).
    Authenticated(Box<Caller>),
    /// No usable credential; `reason` is the 401 detail a protected endpoint sends.
    Anonymous {
        /// E.g. "Access token is missing", "Invalid session", "User logged out".
        reason: String,
    },
}

/// Extractor for the request's [`AuthOutcome`]. It never rejects by itself, so a
/// handler can first report malformed JSON (which FastAPI does before auth) and
/// only then insist on a user.
#[derive(Debug, Clone)]
pub struct Auth(pub AuthOutcome);

impl Auth {
    /// The caller, or AYON's 401 with the reason the middleware recorded.
    pub fn require(self) -> Result<Caller, ApiError> {
        match self.0 {
            AuthOutcome::Authenticated(caller) => Ok(*caller),
            AuthOutcome::Anonymous { reason } => Err(ApiError::unauthorized(reason)),
        }
    }

    /// The caller, if any; bad credentials are not an error here.
    pub fn optional(self) -> Option<Caller> {
        match self.0 {
            AuthOutcome::Authenticated(caller) => Some(*caller),
            AuthOutcome::Anonymous { .. } => None,
        }
    }
}

impl FromRequestParts<SandboxState> for Auth {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SandboxState,
    ) -> Result<Self, Infallible> {
        if let Some(outcome) = parts.extensions.get::<AuthOutcome>() {
            return Ok(Auth(outcome.clone()));
        }
        // Mounted without the middleware: resolve here. The X-As-User failure,
        // which only the middleware can turn into a bare 500, then reads as a 401.
        let outcome = resolve(state, &parts.headers, parts.uri.query()).unwrap_or_else(|_| {
            AuthOutcome::Anonymous {
                reason: "Unauthorized".into(),
            }
        });
        Ok(Auth(outcome))
    }
}

/// Middleware: resolves the caller once per request and stores the
/// [`AuthOutcome`] in the request extensions for the [`Auth`] extractor.
pub async fn authenticate(
    State(state): State<SandboxState>,
    mut request: Request,
    next: Next,
) -> Response {
    match resolve(&state, request.headers(), request.uri().query()) {
        Ok(outcome) => {
            request.extensions_mut().insert(outcome);
            next.run(request).await
        }
        Err(err) => err.into_response(),
    }
}

/// Applies AYON's rules to the headers and query. `Err` only for an unknown
/// `X-As-User` from a service user (the bare 500).
pub fn resolve(
    state: &SandboxState,
    headers: &HeaderMap,
    query: Option<&str>,
) -> Result<AuthOutcome, ApiError> {
    let anonymous = |reason: &str| {
        Ok(AuthOutcome::Anonymous {
            reason: reason.to_owned(),
        })
    };
    let mut store = state.store();

    let api_key = header_text(headers, "x-api-key")
        .filter(|k| !k.is_empty())
        .or_else(|| {
            header_text(headers, header::AUTHORIZATION.as_str()).and_then(|a| parse_api_key(&a))
        });

    let (user_name, credential) = if let Some(key) = api_key {
        // A login token works in X-Api-Key too: sessions are checked first.
        match store.check_session(&key) {
            SessionCheck::Valid(name) => (name, key),
            SessionCheck::Invalid(_) => match store.user_by_api_key(&key) {
                Some(user) if !user.active => return anonymous("User is not active"),
                Some(user) => {
                    let name = user.name.clone();
                    // Lets /ws take the key as a token, as the real server's key session does.
                    store.used_api_keys.insert(key.clone());
                    (name, key)
                }
                None => return anonymous("Invalid API key"),
            },
        }
    } else if let Some(token) = access_token(headers, query) {
        match store.check_session(&token) {
            SessionCheck::Valid(name) => (name, token),
            SessionCheck::Invalid(reason) => return anonymous(&reason),
        }
    } else {
        return anonymous("Access token is missing");
    };

    let Some(user) = store.user(&user_name).cloned() else {
        return anonymous("Invalid session");
    };

    let as_user = header_text(headers, "x-as-user").filter(|n| !n.is_empty());
    match as_user {
        Some(target) if user.is_service() => match store.user(&target) {
            Some(target_user) => Ok(AuthOutcome::Authenticated(Box::new(Caller {
                user: target_user.clone(),
                credential,
                impersonated_by: Some(user.name),
            }))),
            // UserEntity.load raises NotFound inside the middleware: bare 500.
            None => Err(ApiError::PlainInternal),
        },
        // Everyone else's X-As-User is ignored without a word.
        _ => Ok(AuthOutcome::Authenticated(Box::new(Caller {
            user,
            credential,
            impersonated_by: None,
        }))),
    }
}

/// The session token for session-based auth: cookie, then Bearer, then `?token=`.
fn access_token(headers: &HeaderMap, query: Option<&str>) -> Option<String> {
    cookie(headers, "accessToken")
        .filter(|t| !t.is_empty())
        .or_else(|| {
            header_text(headers, header::AUTHORIZATION.as_str())
                .and_then(|a| parse_access_token(&a))
        })
        .or_else(|| {
            QueryParams::parse(query)
                .get("token")
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        })
}

/// The token logout deletes: `?token=`, then cookie, then Bearer (AYON's
/// `dep_access_token`, a different order from authentication).
pub fn logout_token(headers: &HeaderMap, query: &QueryParams) -> Option<String> {
    query
        .get("token")
        .map(str::to_owned)
        .or_else(|| cookie(headers, "accessToken"))
        .or_else(|| {
            header_text(headers, header::AUTHORIZATION.as_str())
                .and_then(|a| parse_access_token(&a))
        })
}

/// `Bearer <64 chars>`; anything else is no token at all.
fn parse_access_token(authorization: &str) -> Option<String> {
    let (scheme, token) = split_two(authorization)?;
    (scheme.eq_ignore_ascii_case("bearer") && token.chars().count() == 64).then(|| token.to_owned())
}

/// `ApiKey <key>`, scheme case-insensitive.
fn parse_api_key(authorization: &str) -> Option<String> {
    let (scheme, key) = split_two(authorization)?;
    scheme
        .eq_ignore_ascii_case("apikey")
        .then(|| key.to_owned())
}

/// Python's `a, b = value.split()`: exactly two whitespace-separated words.
fn split_two(value: &str) -> Option<(&str, &str)> {
    let mut words = value.split_whitespace();
    let first = words.next()?;
    let second = words.next()?;
    words.next().is_none().then_some((first, second))
}

/// The first value of a header, decoded as Latin-1 like Starlette does, so any
/// byte sequence is accepted.
fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .map(|v| v.as_bytes().iter().map(|&b| char::from(b)).collect())
}

/// A cookie value from any `Cookie` header (Starlette-style parsing, quotes removed).
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .flat_map(|v| {
            let text: String = v.as_bytes().iter().map(|&b| char::from(b)).collect();
            text.split(';')
                .filter_map(|chunk| {
                    let (k, v) = chunk.split_once('=')?;
                    Some((k.trim().to_owned(), v.trim().trim_matches('"').to_owned()))
                })
                .collect::<Vec<_>>()
        })
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn bearer_needs_exactly_64_chars() {
        assert_eq!(
            parse_access_token(&format!("Bearer {}", "a".repeat(64))),
            Some("a".repeat(64))
        );
        assert_eq!(parse_access_token("Bearer abc"), None);
        assert_eq!(
            parse_access_token(&format!("bearer  {} x", "a".repeat(64))),
            None
        );
        assert_eq!(parse_api_key("APIKEY k"), Some("k".into()));
        assert_eq!(parse_api_key("Bearer k"), None);
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; accessToken=\"tok\"; b=2"),
        );
        assert_eq!(cookie(&headers, "accessToken"), Some("tok".into()));
        assert_eq!(cookie(&headers, "c"), None);
    }
}
