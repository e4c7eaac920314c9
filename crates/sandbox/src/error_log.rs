//! `log.error` events for requests a handler answers with a server error, as
//! AYON's logging middleware writes them (its `logger.error` becomes a stored
//! `log.error` event, sent to `/ws` clients too).
//!
//! [`ApiError`]'s response carries an [`ErrorReport`] for the errors AYON logs:
//! unhandled exceptions (with their traceback), failed asserts and plain
//! `AyonException`s with status 500. Constraint violations and the bare 500
//! of the auth middleware are not logged there, nor here. The middleware
//! [`publish_server_errors`] turns the report into the event; its payload has
//! `path` (`[METHOD] /api/...`, the request's full path: no recorded log event
//! shows which form the server uses), `traceback` when there is one, and a
//! `requestId` as 1.16 adds.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{Map, Value, json};

use crate::auth::AuthOutcome;
use crate::errors::{ApiError, PySite};
use crate::state::SandboxState;
use crate::stream::publish;
use crate::tokens;

/// Length of AYON's request IDs (`ShortUUID().random(length=16)`).
const REQUEST_ID_LEN: usize = 16;

/// What a failed request's `log.error` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReport {
    /// The event's description: the error's message.
    pub message: String,
    /// The traceback the 500 body carries, if any.
    pub traceback: Option<String>,
    /// Where a failed assert was raised.
    pub site: Option<PySite>,
}

impl ErrorReport {
    /// The report for an error AYON logs, `None` for the others.
    pub fn of(error: &ApiError) -> Option<Self> {
        match error {
            ApiError::Unhandled { detail, traceback } => Some(ErrorReport {
                message: detail.clone(),
                traceback: Some(traceback.clone()),
                site: None,
            }),
            ApiError::Assertion { site, detail, .. } => Some(ErrorReport {
                message: detail.clone(),
                traceback: None,
                site: Some(*site),
            }),
            ApiError::Ayon { status, detail } if *status == StatusCode::INTERNAL_SERVER_ERROR => {
                Some(ErrorReport {
                    message: detail.clone(),
                    traceback: None,
                    site: None,
                })
            }
            _ => None,
        }
    }

    /// The stored event's payload, keys in Postgres' JSONB order (shorter
    /// keys first), as the real server returns payloads.
    pub fn payload(&self, path: &str, request_id: &str) -> Map<String, Value> {
        let mut entries = vec![("path", json!(path)), ("requestId", json!(request_id))];
        if let Some(traceback) = &self.traceback {
            entries.push(("traceback", json!(traceback)));
        }
        if let Some(site) = &self.site {
            entries.push(("file", json!(site.file)));
            entries.push(("function", json!(site.function)));
            entries.push(("line", json!(site.line)));
        }
        entries.sort_by(|a, b| a.0.len().cmp(&b.0.len()).then(a.0.cmp(b.0)));
        entries
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect()
    }
}

/// Middleware: publishes a `log.error` when the response carries an
/// [`ErrorReport`], with the request's caller as the event's user.
pub async fn publish_server_errors(
    State(state): State<SandboxState>,
    request: Request,
    next: Next,
) -> Response {
    let path = format!("[{}] {}", request.method().as_str(), request.uri().path());
    let user = match request.extensions().get::<AuthOutcome>() {
        Some(AuthOutcome::Authenticated(caller)) => Some(caller.name().to_owned()),
        _ => None,
    };
    let response = next.run(request).await;
    if let Some(report) = response.extensions().get::<ErrorReport>() {
        let payload = report.payload(&path, &tokens::short_id(REQUEST_ID_LEN));
        publish::log_error(&state, &report.message, user.as_deref(), payload);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unhandled_errors_are_reported_with_their_traceback() {
        let error = ApiError::unhandled("ValueError: boom", &["a.py:1\nraise"]);
        let report = ErrorReport::of(&error).expect("reported");
        assert_eq!(report.message, "ValueError: boom");
        let payload = report.payload("[GET] /api/x", "abc");
        let keys: Vec<&str> = payload.keys().map(String::as_str).collect();
        assert_eq!(keys, ["path", "requestId", "traceback"]);
        assert_eq!(payload["traceback"], "ValueError: boom\n\na.py:1\nraise");
    }

    #[test]
    fn only_logged_errors_are_reported() {
        assert!(ErrorReport::of(&ApiError::server_error("disk full")).is_some());
        assert!(ErrorReport::of(&ApiError::not_found("x")).is_none());
        assert!(ErrorReport::of(&ApiError::PlainInternal).is_none());
    }
}
