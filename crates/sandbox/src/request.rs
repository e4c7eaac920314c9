//! Reading requests the way FastAPI + pydantic v1 do, so that bad input gets AYON's
//! 400 validation body (never axum's own 4xx rejections, never a panic).
//!
//! * [`RequestInfo`] carries the method, path and query for error messages.
//! * [`decode_body`] follows FastAPI: an empty body is "missing", a body is parsed
//!   as JSON when there is no `Content-Type` or it is `application/json` (or
//!   `+json`), anything else stays raw and later fails as "not a valid dict".
//! * [`Validator`] collects pydantic-style issues field by field, so a request with
//!   several problems reports all of them at once, as pydantic does.

use std::collections::HashMap;
use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use serde_json::{Map, Value, json};

use super::errors::{ApiError, ValidationIssue};

/// Method, path and query of the current request, for error bodies.
#[derive(Debug, Clone)]
pub struct RequestInfo {
    /// Upper-case method, e.g. `POST`.
    pub method: String,
    /// Path without the query, e.g. `/api/auth/login`.
    pub path: String,
    /// Decoded query parameters.
    pub query: QueryParams,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestInfo {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(RequestInfo {
            method: parts.method.as_str().to_ascii_uppercase(),
            path: parts.uri.path().to_owned(),
            query: QueryParams::parse(parts.uri.query()),
        })
    }
}

impl RequestInfo {
    /// A validation error for this request.
    pub fn invalid(&self, issues: Vec<ValidationIssue>) -> ApiError {
        ApiError::validation(&self.method, &self.path, issues)
    }
}

/// Query parameters; when a key repeats, the last value wins (as in Starlette).
#[derive(Debug, Clone, Default)]
pub struct QueryParams {
    values: HashMap<String, String>,
}

impl QueryParams {
    /// Parses a raw query string (`a=1&b=x%20y`).
    pub fn parse(raw: Option<&str>) -> Self {
        let values = raw
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        QueryParams { values }
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }
}

/// A request body after FastAPI's content-type handling.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// No bytes at all.
    Empty,
    /// Parsed JSON.
    Json(Value),
    /// Bytes sent with a non-JSON content type.
    Raw,
}

/// Decodes a body as FastAPI would. Malformed JSON is reported straight away (in
/// FastAPI this happens before authentication), with `type: json_invalid`.
pub fn decode_body(
    info: &RequestInfo,
    headers: &HeaderMap,
    bytes: &[u8],
) -> Result<Body, ApiError> {
    if bytes.is_empty() {
        return Ok(Body::Empty);
    }
    if !is_json_content_type(headers) {
        return Ok(Body::Raw);
    }
    serde_json::from_slice::<Value>(bytes)
        .map(Body::Json)
        .map_err(|err| {
            let pos = char_position(bytes, err.line(), err.column());
            info.invalid(vec![
                ValidationIssue::new(
                    vec![json!("body"), json!(pos)],
                    "JSON decode error",
                    "json_invalid",
                )
                .with_ctx(json!({"error": python_json_message(&err)})),
            ])
        })
}

/// FastAPI parses JSON when the content type is absent, `application/json` or
/// `application/*+json`.
fn is_json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return true;
    };
    let text = String::from_utf8_lossy(value.as_bytes()).to_ascii_lowercase();
    let mime = text.split(';').next().unwrap_or("").trim();
    match mime.split_once('/') {
        Some(("application", sub)) => sub == "json" || sub.ends_with("+json"),
        _ => false,
    }
}

/// Python's `JSONDecodeError.pos`: a character offset, from serde's line/column.
fn char_position(bytes: &[u8], line: usize, column: usize) -> usize {
    let text = String::from_utf8_lossy(bytes);
    let mut offset = 0usize;
    for (index, l) in text.split('\n').enumerate() {
        if index + 1 == line {
            return offset + l.chars().count().min(column.saturating_sub(1));
        }
        offset += l.chars().count() + 1;
    }
    offset.saturating_sub(1)
}

/// The wording of Python's `json` module for the common syntax errors.
fn python_json_message(err: &serde_json::Error) -> &'static str {
    let text = err.to_string();
    if text.starts_with("key must be a string") {
        "Expecting property name enclosed in double quotes"
    } else if text.starts_with("expected `,` or") {
        "Expecting ',' delimiter"
    } else if text.starts_with("expected `:`") {
        "Expecting ':' delimiter"
    } else if text.starts_with("trailing") {
        "Extra data"
    } else if text.starts_with("EOF while parsing a string") {
        "Unterminated string starting at"
    } else if text.starts_with("control character") {
        "Invalid control character at"
    } else {
        "Expecting value"
    }
}

/// A free-form path parameter as text. One that cannot be decoded (bad percent
/// encoding, not UTF-8) becomes empty: no record has that key, so it ends as the
/// endpoint's usual 404 rather than axum's own plain-text 400.
pub fn path_text<E>(param: Result<axum::extract::Path<String>, E>) -> String {
    param
        .map(|axum::extract::Path(text)| text)
        .unwrap_or_default()
}

/// Pydantic's `string does not match regex` issue.
pub fn regex_issue(loc: Vec<Value>, pattern: &str) -> ValidationIssue {
    ValidationIssue::new(
        loc,
        format!("string does not match regex \"{pattern}\""),
        "value_error.str.regex",
    )
    .with_ctx(json!({"pattern": pattern}))
}

/// Pydantic's `unexpected value` issue for a `Literal` field: `given` is the
/// value as sent, `permitted` the allowed ones in order.
pub fn const_issue(loc: Vec<Value>, given: &Value, permitted: &[&str]) -> ValidationIssue {
    let listed = permitted
        .iter()
        .map(|p| format!("'{p}'"))
        .collect::<Vec<_>>()
        .join(", ");
    ValidationIssue::new(
        loc,
        format!("unexpected value; permitted: {listed}"),
        "value_error.const",
    )
    .with_ctx(json!({"given": given, "permitted": permitted}))
}

/// Collects validation issues, pydantic v1 style.
#[derive(Debug, Default)]
pub struct Validator {
    issues: Vec<ValidationIssue>,
}

impl Validator {
    /// An empty validator.
    pub fn new() -> Self {
        Validator::default()
    }

    /// Records an issue.
    pub fn push(&mut self, issue: ValidationIssue) {
        self.issues.push(issue);
    }

    /// Whether nothing was recorded so far.
    pub fn is_ok(&self) -> bool {
        self.issues.is_empty()
    }

    /// `Ok` when no issue was recorded, else AYON's 400 for this request.
    pub fn finish(self, info: &RequestInfo) -> Result<(), ApiError> {
        if self.issues.is_empty() {
            Ok(())
        } else {
            Err(info.invalid(self.issues))
        }
    }

    /// The body as a JSON object; records `field required` for an empty body and
    /// `value is not a valid dict` for anything that is not an object.
    pub fn body_object<'a>(&mut self, body: &'a Body) -> Option<&'a Map<String, Value>> {
        match body {
            Body::Json(Value::Object(map)) => Some(map),
            Body::Empty | Body::Json(Value::Null) => {
                self.push(ValidationIssue::new(
                    vec![json!("body")],
                    "field required",
                    "value_error.missing",
                ));
                None
            }
            Body::Json(_) | Body::Raw => {
                self.push(ValidationIssue::new(
                    vec![json!("body")],
                    "value is not a valid dict",
                    "type_error.dict",
                ));
                None
            }
        }
    }

    /// A required string field. `names` is the camelCase alias first, then the
    /// snake_case field name (pydantic accepts both; errors use the alias).
    /// Numbers are turned into strings, as pydantic v1 does.
    pub fn required_str(&mut self, obj: &Map<String, Value>, names: &[&str]) -> Option<String> {
        let loc = body_loc(names);
        match lookup(obj, names) {
            None => {
                self.push(ValidationIssue::new(
                    loc,
                    "field required",
                    "value_error.missing",
                ));
                None
            }
            Some(Value::Null) => {
                self.push(none_not_allowed(loc));
                None
            }
            Some(v) => self.coerce_str(loc, v),
        }
    }

    /// An optional string field (`null` counts as absent).
    pub fn optional_str(&mut self, obj: &Map<String, Value>, names: &[&str]) -> Option<String> {
        self.optional_str_at(body_loc(names), lookup(obj, names))
    }

    /// An optional string at an explicit location (for nested fields).
    pub fn optional_str_at(&mut self, loc: Vec<Value>, value: Option<&Value>) -> Option<String> {
        match value {
            None | Some(Value::Null) => None,
            Some(v) => self.coerce_str(loc, v),
        }
    }

    /// An optional integer field (`null` counts as absent). Like pydantic v1's
    /// `int(v)`: floats are truncated, booleans are 0/1, strings must hold an integer.
    pub fn optional_int(&mut self, obj: &Map<String, Value>, names: &[&str]) -> Option<i64> {
        let parsed = match lookup(obj, names)? {
            Value::Null => return None,
            Value::Bool(b) => Some(i64::from(*b)),
            Value::Number(n) => n.as_i64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.is_finite() && f.abs() < 9.0e18)
                    .map(|f| f.trunc() as i64)
            }),
            Value::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.push(ValidationIssue::new(
                body_loc(names),
                "value is not a valid integer",
                "type_error.integer",
            ));
        }
        parsed
    }

    /// A `Literal` string field: `Ok(None)` when absent (or `null`), the value
    /// when it is one of `permitted`, and the `unexpected value` issue otherwise.
    pub fn optional_const(
        &mut self,
        obj: &Map<String, Value>,
        names: &[&str],
        permitted: &[&str],
    ) -> Option<String> {
        self.const_at(body_loc(names), lookup(obj, names), permitted)
    }

    /// [`Validator::optional_const`] at an explicit location.
    pub fn const_at(
        &mut self,
        loc: Vec<Value>,
        value: Option<&Value>,
        permitted: &[&str],
    ) -> Option<String> {
        match value {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if permitted.contains(&s.as_str()) => Some(s.clone()),
            Some(other) => {
                self.push(const_issue(loc, other, permitted));
                None
            }
        }
    }

    /// A required `Literal` string field (`field required` when absent).
    pub fn required_const(
        &mut self,
        obj: &Map<String, Value>,
        names: &[&str],
        permitted: &[&str],
    ) -> Option<String> {
        match lookup(obj, names) {
            None => {
                self.push(ValidationIssue::new(
                    body_loc(names),
                    "field required",
                    "value_error.missing",
                ));
                None
            }
            Some(Value::Null) => {
                self.push(none_not_allowed(body_loc(names)));
                None
            }
            value => self.const_at(body_loc(names), value, permitted),
        }
    }

    /// An optional boolean field (`null` counts as absent).
    pub fn optional_bool(&mut self, obj: &Map<String, Value>, names: &[&str]) -> Option<bool> {
        self.optional_bool_at(body_loc(names), lookup(obj, names))
    }

    /// An optional boolean at an explicit location (for nested fields).
    pub fn optional_bool_at(&mut self, loc: Vec<Value>, value: Option<&Value>) -> Option<bool> {
        match value {
            None | Some(Value::Null) => None,
            Some(v) => {
                let parsed = coerce_bool(v);
                if parsed.is_none() {
                    self.push(bool_issue(loc));
                }
                parsed
            }
        }
    }

    /// A path parameter that must match a pattern; records the regex issue at
    /// `["path", name]` otherwise (also when it was not valid UTF-8).
    pub fn path_param<E>(
        &mut self,
        param: Result<axum::extract::Path<String>, E>,
        name: &str,
        pattern: &str,
        matches: fn(&str) -> bool,
    ) -> String {
        match param {
            Ok(axum::extract::Path(value)) if matches(&value) => value,
            Ok(axum::extract::Path(value)) => {
                self.push(regex_issue(vec![json!("path"), json!(name)], pattern));
                value
            }
            Err(_) => {
                self.push(regex_issue(vec![json!("path"), json!(name)], pattern));
                String::new()
            }
        }
    }

    /// An optional object field (`null` counts as absent).
    pub fn optional_object(
        &mut self,
        obj: &Map<String, Value>,
        names: &[&str],
    ) -> Option<Map<String, Value>> {
        match lookup(obj, names) {
            None | Some(Value::Null) => None,
            Some(Value::Object(map)) => Some(map.clone()),
            Some(_) => {
                self.push(ValidationIssue::new(
                    body_loc(names),
                    "value is not a valid dict",
                    "type_error.dict",
                ));
                None
            }
        }
    }

    /// An optional list field (`null` counts as absent).
    pub fn optional_list(
        &mut self,
        obj: &Map<String, Value>,
        names: &[&str],
    ) -> Option<Vec<Value>> {
        match lookup(obj, names) {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => Some(items.clone()),
            Some(_) => {
                self.push(ValidationIssue::new(
                    body_loc(names),
                    "value is not a valid list",
                    "type_error.list",
                ));
                None
            }
        }
    }

    /// An optional boolean query parameter.
    pub fn query_bool(&mut self, query: &QueryParams, name: &str) -> Option<bool> {
        let raw = query.get(name)?;
        let parsed = coerce_bool(&Value::String(raw.to_owned()));
        if parsed.is_none() {
            self.push(bool_issue(vec![json!("query"), json!(name)]));
        }
        parsed
    }

    /// An optional integer query parameter, with an optional lower bound (`ge`).
    pub fn query_int(&mut self, query: &QueryParams, name: &str, ge: Option<i64>) -> Option<i64> {
        let raw = query.get(name)?;
        let loc = vec![json!("query"), json!(name)];
        let Ok(value) = raw.trim().parse::<i64>() else {
            self.push(ValidationIssue::new(
                loc,
                "value is not a valid integer",
                "type_error.integer",
            ));
            return None;
        };
        if let Some(limit) = ge
            && value < limit
        {
            self.push(
                ValidationIssue::new(
                    loc,
                    format!("ensure this value is greater than or equal to {limit}"),
                    "value_error.number.not_ge",
                )
                .with_ctx(json!({"limit_value": limit})),
            );
            return None;
        }
        Some(value)
    }

    fn coerce_str(&mut self, loc: Vec<Value>, value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            // bool is an int subclass in Python, so pydantic v1 gives "True"/"False".
            Value::Bool(true) => Some("True".into()),
            Value::Bool(false) => Some("False".into()),
            _ => {
                self.push(ValidationIssue::new(
                    loc,
                    "str type expected",
                    "type_error.str",
                ));
                None
            }
        }
    }
}

/// The value of the first of `names` present in `obj`.
fn lookup<'a>(obj: &'a Map<String, Value>, names: &[&str]) -> Option<&'a Value> {
    names.iter().find_map(|n| obj.get(*n))
}

fn body_loc(names: &[&str]) -> Vec<Value> {
    vec![json!("body"), json!(names.first().copied().unwrap_or(""))]
}

fn none_not_allowed(loc: Vec<Value>) -> ValidationIssue {
    ValidationIssue::new(
        loc,
        "none is not an allowed value",
        "type_error.none.not_allowed",
    )
}

fn bool_issue(loc: Vec<Value>) -> ValidationIssue {
    ValidationIssue::new(
        loc,
        "value could not be parsed to a boolean",
        "type_error.bool",
    )
}

/// Pydantic v1's bool parsing: booleans, 0/1, and the usual yes/no words.
fn coerce_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_f64() {
            Some(0.0) => Some(false),
            Some(1.0) => Some(true),
            _ => None,
        },
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "0" | "off" | "f" | "false" | "n" | "no" => Some(false),
            "1" | "on" | "t" | "true" | "y" | "yes" => Some(true),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn info() -> RequestInfo {
        RequestInfo {
            method: "POST".into(),
            path: "/api/auth/login".into(),
            query: QueryParams::default(),
        }
    }

    #[test]
    fn bad_json_is_a_validation_error() {
        let err = decode_body(&info(), &HeaderMap::new(), b"{\"name\": }").err();
        let Some(ApiError::Validation { errors, .. }) = err else {
            panic!("expected a validation error, got {err:?}");
        };
        assert_eq!(errors[0].kind, "json_invalid");
        assert_eq!(errors[0].loc, vec![json!("body"), json!(9)]);
    }

    #[test]
    fn non_json_content_type_stays_raw() {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert_eq!(decode_body(&info(), &headers, b"{}"), Ok(Body::Raw));
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/vnd.api+json; charset=utf-8"),
        );
        assert_eq!(
            decode_body(&info(), &headers, b"{}"),
            Ok(Body::Json(json!({})))
        );
    }

    #[test]
    fn fields_are_checked_like_pydantic() {
        let body = Body::Json(json!({"name": 12, "active": "maybe", "data": []}));
        let mut v = Validator::new();
        let obj = v.body_object(&body).cloned().unwrap_or_default();
        assert_eq!(v.required_str(&obj, &["name"]), Some("12".into()));
        assert_eq!(v.required_str(&obj, &["password"]), None);
        assert_eq!(v.optional_bool(&obj, &["active"]), None);
        assert_eq!(v.optional_object(&obj, &["data"]), None);
        let Err(ApiError::Validation { errors, .. }) = v.finish(&info()) else {
            panic!("expected issues");
        };
        let kinds: Vec<&str> = errors.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["value_error.missing", "type_error.bool", "type_error.dict"]
        );
    }
}
