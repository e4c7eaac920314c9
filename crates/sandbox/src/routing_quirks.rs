//! How Starlette, under AYON, routes what no handler asks for: `HEAD`, a method a
//! path does not serve, and a path with a trailing slash.
//!
//! * `HEAD` is not answered for `GET` routes (axum would): 405 with `allow: GET`
//!   (fixtures more/1179, 1228-1231).
//! * A 405 names the methods of the *first* route registered for the path, not of
//!   all of them: `PUT /api/projects` says `allow: POST`, `HEAD
//!   /api/desktop/installers` says `allow: GET` (more/1225, 1231).
//! * A path with a trailing slash that no route takes, but that does match without
//!   the slash, is redirected with 307 to an absolute `http://` URL built from the
//!   `Host` header, whatever the scheme the client used (more/1081).
//!
//! All three happen before authentication, as on the real server.

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;

use super::errors::ApiError;

/// Marks a 404 that the router's fallback gave (no route matched the path).
#[derive(Debug, Clone, Copy)]
pub struct NoRouteMatched;

/// Paths served by several routes, and the method of the one Starlette finds first.
const FIRST_ROUTE_METHOD: &[(&str, &str)] = &[("/api/projects", "POST")];

/// The middleware: `probe` is the router without this layer, asked whether a path
/// exists.
pub async fn apply(probe: Router, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if request.method() == Method::HEAD {
        return match route_allow(&probe, &path).await {
            Some(allow) => method_not_allowed(&path, &allow),
            None => next.run(request).await,
        };
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    let query = request.uri().query().map(str::to_owned);
    let response = next.run(request).await;

    if response.status() == StatusCode::METHOD_NOT_ALLOWED {
        let allow = response
            .headers()
            .get(header::ALLOW)
            .and_then(|a| a.to_str().ok())
            .unwrap_or("")
            .to_owned();
        return method_not_allowed(&path, &allow);
    }
    if response.status() == StatusCode::NOT_FOUND
        && response.extensions().get::<NoRouteMatched>().is_some()
        && path.len() > 1
        && path.ends_with('/')
        && let Some(host) = host
    {
        let trimmed = path.trim_end_matches('/');
        let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
        if route_allow(&probe, trimmed).await.is_some() {
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            return redirect(&format!("http://{host}{trimmed}{query}"));
        }
    }
    response
}

/// The `allow` list of the routes at `path`, or `None` when no route takes it. Asks
/// with a method no route serves, so no handler runs.
async fn route_allow(probe: &Router, path: &str) -> Option<String> {
    let request = Request::builder()
        .method(Method::TRACE)
        .uri(path)
        .body(Body::empty())
        .ok()?;
    let response = probe.clone().oneshot(request).await.ok()?;
    (response.status() == StatusCode::METHOD_NOT_ALLOWED).then(|| {
        response
            .headers()
            .get(header::ALLOW)
            .and_then(|a| a.to_str().ok())
            .unwrap_or("")
            .to_owned()
    })
}

/// FastAPI's 405 with the first route's methods.
fn method_not_allowed(path: &str, axum_allow: &str) -> Response {
    let allow = first_route_method(path, axum_allow);
    let mut response = ApiError::MethodNotAllowed.into_response();
    if let Ok(value) = HeaderValue::from_str(allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// The method of the route Starlette tries first at `path`, from axum's list of all
/// methods there (`GET,HEAD,POST`): a known exception, else `GET`, else the first.
fn first_route_method<'a>(path: &str, axum_allow: &'a str) -> &'a str {
    if let Some((_, method)) = FIRST_ROUTE_METHOD.iter().find(|(p, _)| *p == path) {
        return method;
    }
    let methods: Vec<&str> = axum_allow
        .split(',')
        .map(str::trim)
        .filter(|m| !m.is_empty() && *m != "HEAD")
        .collect();
    if methods.contains(&"GET") {
        return "GET";
    }
    methods.first().copied().unwrap_or("GET")
}

/// Starlette's `RedirectResponse` for a slash: 307, empty body, no content type.
fn redirect(location: &str) -> Response {
    let mut response = StatusCode::TEMPORARY_REDIRECT.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_route_is_named_in_allow() {
        assert_eq!(first_route_method("/api/projects", "GET,HEAD,POST"), "POST");
        assert_eq!(
            first_route_method("/api/desktop/installers", "GET,HEAD,POST"),
            "GET"
        );
        assert_eq!(
            first_route_method("/api/users/x/password", "PATCH"),
            "PATCH"
        );
        assert_eq!(first_route_method("/api/info", "GET,HEAD"), "GET");
    }
}
