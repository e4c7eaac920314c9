//! `POST /graphql` and `GET /graphql?query=...` (no `/api` prefix): queries over
//! the sandbox's users and projects (see [`crate::graphql`], fixtures
//! 80–83, more/1220).
//!
//! Authentication is checked first, as AYON's context dependency does (401
//! with the usual body). Then the body is read the way Strawberry reads it: a
//! body that is not JSON, or has no `query`, gets Strawberry's plain-text 400.
//! GraphQL errors themselves come back with status 200.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value};

use crate::auth::Auth;
use crate::errors::ApiError;
use crate::graphql::{GraphqlRequest, Snapshot, execute, python_json};
use crate::request::RequestInfo;
use crate::state::SandboxState;

/// This file's routes.
pub fn routes() -> Router<SandboxState> {
    // GET first: Starlette names it in the 405 for other methods (more/1227).
    Router::new().route("/graphql", get(graphql_get).post(graphql))
}

/// The query string form: `query`, `variables` (JSON text), `operationName`.
async fn graphql_get(
    State(state): State<SandboxState>,
    auth: Auth,
    info: RequestInfo,
) -> Result<Response, ApiError> {
    let caller = auth.require()?;
    let Some(query) = info.query.get("query").map(str::to_owned) else {
        return Ok(plain(
            StatusCode::BAD_REQUEST,
            "No GraphQL query found in the request",
        ));
    };
    let variables = match info
        .query
        .get("variables")
        .map(serde_json::from_str::<Value>)
    {
        None | Some(Ok(Value::Null)) => Map::new(),
        Some(Ok(Value::Object(variables))) => variables,
        Some(_) => {
            return Ok(plain(
                StatusCode::BAD_REQUEST,
                "Variables must be a JSON object",
            ));
        }
    };
    let request = GraphqlRequest {
        query,
        variables,
        operation_name: info.query.get("operationName").map(str::to_owned),
    };
    let snapshot = Snapshot::take(&state.store(), &caller);
    Ok(json_answer(&execute(&request, &snapshot)))
}

async fn graphql(
    State(state): State<SandboxState>,
    auth: Auth,
    body: Bytes,
) -> Result<Response, ApiError> {
    let caller = auth.require()?;
    let request = match parse_request(&body) {
        Ok(request) => request,
        Err(message) => return Ok(plain(StatusCode::BAD_REQUEST, message)),
    };
    let snapshot = Snapshot::take(&state.store(), &caller);
    Ok(json_answer(&execute(&request, &snapshot)))
}

/// Strawberry's JSON, written the way Python's `json.dumps` writes it.
fn json_answer(answer: &Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        python_json::dumps(answer),
    )
        .into_response()
}

/// `{"query", "variables"?, "operationName"?}`, or Strawberry's complaint.
fn parse_request(body: &[u8]) -> Result<GraphqlRequest, &'static str> {
    let Ok(Value::Object(mut obj)) = serde_json::from_slice::<Value>(body) else {
        return Err("Unable to parse request body as JSON");
    };
    let query = match obj.remove("query") {
        Some(Value::String(query)) => query,
        _ => return Err("No GraphQL query found in the request"),
    };
    let variables = match obj.remove("variables") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(variables)) => variables,
        Some(_) => return Err("Variables must be a JSON object"),
    };
    let operation_name = match obj.remove("operationName") {
        Some(Value::String(name)) => Some(name),
        _ => None,
    };
    Ok(GraphqlRequest {
        query,
        variables,
        operation_name,
    })
}

fn plain(status: StatusCode, message: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_bodies_are_read_like_strawberry() {
        let ok = parse_request(
            br#"{"query": "{ me { name } }", "variables": {"n": 1}, "operationName": "Q"}"#,
        )
        .expect("a request");
        assert_eq!(ok.query, "{ me { name } }");
        assert_eq!(ok.operation_name.as_deref(), Some("Q"));
        assert_eq!(ok.variables.len(), 1);
        assert_eq!(
            parse_request(b"{nope"),
            Err("Unable to parse request body as JSON")
        );
        assert_eq!(
            parse_request(br#"{"variables": {}}"#),
            Err("No GraphQL query found in the request")
        );
        assert_eq!(
            parse_request(br#"{"query": "{ me { name } }", "variables": [1]}"#),
            Err("Variables must be a JSON object")
        );
    }
}
