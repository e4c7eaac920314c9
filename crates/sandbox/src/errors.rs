//! AYON's error bodies, one variant per shape a real 1.11.2 server sends.
//!
//! The shape depends on where the error came from on the real server (AYON's own
//! exceptions, FastAPI validation, a Python `assert`, a Postgres constraint, an
//! unhandled exception, or Starlette itself), so clients see several shapes and the
//! sandbox reproduces each one.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::error_log::ErrorReport;

/// One entry of the `errors[]` array of a validation error, in pydantic v1 format.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationIssue {
    /// Where the bad value is, e.g. `["body", "password"]` or `["query", "page"]`.
    pub loc: Vec<Value>,
    /// Human-readable message, e.g. `"field required"`.
    pub msg: String,
    /// Pydantic error type, e.g. `"value_error.missing"`.
    pub kind: String,
    /// Extra context some error types carry (`{"pattern": ...}`, `{"limit_value": 1}`).
    pub ctx: Option<Value>,
}

impl ValidationIssue {
    /// Builds an issue without context.
    pub fn new(loc: Vec<Value>, msg: impl Into<String>, kind: impl Into<String>) -> Self {
        ValidationIssue {
            loc,
            msg: msg.into(),
            kind: kind.into(),
            ctx: None,
        }
    }

    /// Adds the `ctx` object.
    pub fn with_ctx(mut self, ctx: Value) -> Self {
        self.ctx = Some(ctx);
        self
    }

    fn to_json(&self) -> Value {
        let mut obj = serde_json::Map::new();
        obj.insert("loc".into(), Value::Array(self.loc.clone()));
        obj.insert("msg".into(), Value::String(self.msg.clone()));
        obj.insert("type".into(), Value::String(self.kind.clone()));
        if let Some(ctx) = &self.ctx {
            obj.insert("ctx".into(), ctx.clone());
        }
        Value::Object(obj)
    }

    /// The line AYON writes into `traceback`: the location without its first part
    /// (`body`, `query`, ...) joined with dots, then the message.
    fn traceback_line(&self) -> String {
        let parts = if self.loc.len() > 1 {
            &self.loc[1..]
        } else {
            &self.loc[..]
        };
        let loc = parts
            .iter()
            .map(|p| match p {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(".");
        format!("{loc}: {}", self.msg)
    }
}

/// The middleware frame on top of most of AYON's tracebacks.
pub const LOGGING_FRAME: &str =
    "ayon_server/api/logging.py:124\nresponse = await call_next(request)";

/// Where a Python exception was raised, for the 500 shapes that report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PySite {
    /// Source file as the real server reports it.
    pub file: &'static str,
    /// Function name.
    pub function: &'static str,
    /// Line number.
    pub line: u32,
}

/// An error response in one of the shapes a real AYON server produces.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// An `AyonException`: `{"code": status, "detail": "..."}` with the same HTTP status.
    #[error("{status}: {detail}")]
    Ayon {
        /// HTTP status, repeated as `code` in the body.
        status: StatusCode,
        /// The message.
        detail: String,
    },
    /// FastAPI request validation, which AYON turns into a 400 (not 422).
    #[error("validation error in [{method}] {path}")]
    Validation {
        /// HTTP method, upper case.
        method: String,
        /// Request path, e.g. `/api/auth/login`.
        path: String,
        /// The individual problems.
        errors: Vec<ValidationIssue>,
    },
    /// A failed Python `assert`: HTTP 500 with `path`, `file`, `function`, `line`,
    /// `user`, `detail` and `"status": 500` (fixture 20b).
    #[error("assertion failed in {path}: {detail}")]
    Assertion {
        /// `[METHOD] /path-without-api-prefix`.
        path: String,
        /// Where the assert is in the real server.
        site: PySite,
        /// Name of the calling user, when known.
        user: Option<String>,
        /// The assert message (often empty).
        detail: String,
    },
    /// A Postgres integrity violation: HTTP 500, while the body says `"code": 409`
    /// (or 400) and `"error": "unique-violation"` (fixture 05c).
    #[error("integrity error in {path}: {detail}")]
    Integrity {
        /// `[METHOD] /path-without-api-prefix`.
        path: String,
        /// Where asyncpg raised it.
        site: PySite,
        /// Postgres' message.
        detail: String,
        /// E.g. `unique-violation`.
        error: &'static str,
        /// The status the body claims (not the HTTP status).
        code: u16,
    },
    /// Any other unhandled exception: HTTP 500 `{"status":500,"detail","traceback"}`
    /// (note `status`, not `code`).
    #[error("unhandled: {detail}")]
    Unhandled {
        /// `ExceptionType: message`.
        detail: String,
        /// A Python-style traceback text.
        traceback: String,
    },
    /// An exception raised outside every handler (e.g. in the auth middleware):
    /// HTTP 500 with the plain-text body `Internal Server Error` (fixture 22b).
    #[error("Internal Server Error")]
    PlainInternal,
    /// No route matched: `{"code":404,"detail":"API endpoint /api/x not found","path":...}`.
    #[error("route not found: {path}")]
    RouteNotFound {
        /// The request path.
        path: String,
    },
    /// The route exists but not for this method: FastAPI's bare
    /// `{"detail":"Method Not Allowed"}` (only 404 is customised by AYON).
    #[error("Method Not Allowed")]
    MethodNotAllowed,
}

impl ApiError {
    /// An AYON exception with any status.
    pub fn ayon(status: StatusCode, detail: impl Into<String>) -> Self {
        ApiError::Ayon {
            status,
            detail: detail.into(),
        }
    }

    /// 400 `BadRequestException`.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::ayon(StatusCode::BAD_REQUEST, detail)
    }

    /// 401 `UnauthorizedException`.
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::ayon(StatusCode::UNAUTHORIZED, detail)
    }

    /// 403 `ForbiddenException`.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::ayon(StatusCode::FORBIDDEN, detail)
    }

    /// 404 `NotFoundException`.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::ayon(StatusCode::NOT_FOUND, detail)
    }

    /// 409 `ConflictException`.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::ayon(StatusCode::CONFLICT, detail)
    }

    /// 501 `NotImplementedException`, also used where the sandbox leaves out
    /// something the real server does.
    pub fn not_implemented(detail: impl Into<String>) -> Self {
        Self::ayon(StatusCode::NOT_IMPLEMENTED, detail)
    }

    /// A plain `AyonException`: 500 with `{"code":500,"detail"}` (fixture 45b).
    pub fn server_error(detail: impl Into<String>) -> Self {
        Self::ayon(StatusCode::INTERNAL_SERVER_ERROR, detail)
    }

    /// An unhandled exception: `detail` is `ExceptionType: message`, and the
    /// traceback repeats it above the frames (`file:line\ncode`) where it was raised.
    pub fn unhandled(detail: impl Into<String>, frames: &[&str]) -> Self {
        let detail = detail.into();
        let mut traceback = detail.clone();
        for frame in frames {
            traceback.push_str("\n\n");
            traceback.push_str(frame);
        }
        ApiError::Unhandled { detail, traceback }
    }

    /// A validation error with the given issues.
    pub fn validation(method: &str, path: &str, errors: Vec<ValidationIssue>) -> Self {
        ApiError::Validation {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            errors,
        }
    }

    /// The HTTP status this error is sent with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Ayon { status, .. } => *status,
            ApiError::Validation { .. } => StatusCode::BAD_REQUEST,
            ApiError::Assertion { .. }
            | ApiError::Integrity { .. }
            | ApiError::Unhandled { .. }
            | ApiError::PlainInternal => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::RouteNotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    /// The JSON body, or `None` for the plain-text 500.
    pub fn body(&self) -> Option<Value> {
        Some(match self {
            ApiError::Ayon { status, detail } => json!({
                "code": status.as_u16(),
                "detail": detail,
            }),
            ApiError::Validation {
                method,
                path,
                errors,
            } => {
                let traceback = errors
                    .iter()
                    .map(ValidationIssue::traceback_line)
                    .collect::<Vec<_>>()
                    .join("\n");
                json!({
                    "code": 400,
                    "detail": format!("Request validation error in [{method}] {path}"),
                    "path": path,
                    "traceback": traceback,
                    "errors": errors.iter().map(ValidationIssue::to_json).collect::<Vec<_>>(),
                })
            }
            ApiError::Assertion {
                path,
                site,
                user,
                detail,
            } => {
                let mut obj = serde_json::Map::new();
                obj.insert("path".into(), json!(path));
                obj.insert("file".into(), json!(site.file));
                obj.insert("function".into(), json!(site.function));
                obj.insert("line".into(), json!(site.line));
                // AYON adds `user` only when the request had one.
                if let Some(user) = user {
                    obj.insert("user".into(), json!(user));
                }
                obj.insert("detail".into(), json!(detail));
                obj.insert("status".into(), json!(500));
                Value::Object(obj)
            }
            ApiError::Integrity {
                path,
                site,
                detail,
                error,
                code,
            } => json!({
                "path": path,
                "file": site.file,
                "function": site.function,
                "line": site.line,
                "detail": detail,
                "error": error,
                "code": code,
            }),
            ApiError::Unhandled { detail, traceback } => json!({
                "status": 500,
                "detail": detail,
                "traceback": traceback,
            }),
            ApiError::PlainInternal => return None,
            ApiError::RouteNotFound { path } => {
                let detail = if is_under(path, "/api") {
                    format!("API endpoint {path} not found")
                } else if is_under(path, "/addons") {
                    format!("Addon endpoint {path} not found")
                } else {
                    format!("File {path} not found")
                };
                json!({"code": 404, "detail": detail, "path": path})
            }
            ApiError::MethodNotAllowed => json!({"detail": "Method Not Allowed"}),
        })
    }
}

/// AYON tests `path.startswith("/api")`, so `/apifoo` counts too; mirror that.
fn is_under(path: &str, prefix: &str) -> bool {
    path.starts_with(prefix)
}

/// `[METHOD] /path` with the `/api` prefix removed, as AYON writes it into 500 bodies.
pub fn py_path(method: &str, path: &str) -> String {
    let trimmed = path.strip_prefix("/api").unwrap_or(path);
    format!("[{}] {trimmed}", method.to_ascii_uppercase())
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = match self.body() {
            Some(body) => (status, Json(body)).into_response(),
            None => (
                status,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "Internal Server Error",
            )
                .into_response(),
        };
        // For the `log.error` event the real server writes (see `error_log`).
        if let Some(report) = ErrorReport::of(&self) {
            response.extensions_mut().insert(report);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_body_matches_fixture_10c() {
        let err = ApiError::validation(
            "post",
            "/api/auth/login",
            vec![ValidationIssue::new(
                vec![json!("body"), json!("password")],
                "field required",
                "value_error.missing",
            )],
        );
        let expected = json!({
            "code": 400,
            "detail": "Request validation error in [POST] /api/auth/login",
            "path": "/api/auth/login",
            "traceback": "password: field required",
            "errors": [{"loc": ["body", "password"], "msg": "field required", "type": "value_error.missing"}],
        });
        assert_eq!(err.body(), Some(expected));
        assert_eq!(err.status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn route_not_found_details() {
        let api = ApiError::RouteNotFound {
            path: "/api/foo".into(),
        };
        assert_eq!(
            api.body(),
            Some(
                json!({"code": 404, "detail": "API endpoint /api/foo not found", "path": "/api/foo"})
            )
        );
        let root = ApiError::RouteNotFound { path: "/".into() };
        assert_eq!(
            root.body(),
            Some(json!({"code": 404, "detail": "File / not found", "path": "/"}))
        );
    }

    #[test]
    fn py_path_strips_api_prefix() {
        assert_eq!(py_path("put", "/api/users/x"), "[PUT] /users/x");
        assert_eq!(py_path("GET", "/graphql"), "[GET] /graphql");
    }
}
