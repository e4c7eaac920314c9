//! Decoding AYON's error bodies (see ayon-api.md §2.1).

use serde_json::Value;

/// One entry of a validation error's `errors[]` (pydantic v1 format).
#[derive(Clone, Debug, PartialEq)]
pub struct ValidationIssue {
    /// Where: `body.password`.
    pub location: String,
    /// What: `field required`.
    pub message: String,
}

/// The parts of an AYON error body worth showing above the raw body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AyonErrorBody {
    /// The server's own words.
    pub detail: Option<String>,
    /// `code` or `status` from the body, when it differs from the HTTP status.
    pub body_code_mismatch: Option<i64>,
    /// Database error kind, e.g. `unique-violation`.
    pub error_kind: Option<String>,
    /// Validation problems of a 400.
    pub issues: Vec<ValidationIssue>,
    /// Server-side traceback of a 500.
    pub traceback: Option<String>,
    /// The path the server names.
    pub path: Option<String>,
    /// Where in the server's code it failed (`file:line in function`), from the body of
    /// a failed assertion or a database error; 1.11 sends some with an empty `detail`.
    pub server_location: Option<String>,
}

impl AyonErrorBody {
    /// Decodes an error body; `None` for success statuses or bodies that are not an AYON error.
    pub fn decode(http_status: u16, body: &[u8]) -> Option<AyonErrorBody> {
        if http_status < 400 || body.is_empty() || body.len() > 4 * 1024 * 1024 {
            return None;
        }
        let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
            return None;
        };
        let text = |key: &str| {
            map.get(key)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let body_code = map
            .get("code")
            .and_then(Value::as_i64)
            .or_else(|| map.get("status").and_then(Value::as_i64));
        // AYON lists validation problems in `errors`; FastAPI's own shape (routes AYON
        // does not wrap) puts them in `detail` as a list.
        let issues: Vec<ValidationIssue> = ["errors", "detail"]
            .iter()
            .filter_map(|key| map.get(*key).and_then(Value::as_array))
            .flat_map(|errors| errors.iter().filter_map(issue))
            .collect();
        let decoded = AyonErrorBody {
            detail: text("detail"),
            body_code_mismatch: body_code.filter(|c| *c != i64::from(http_status)),
            error_kind: text("error"),
            issues,
            traceback: text("traceback"),
            path: text("path"),
            server_location: server_location(&map),
        };
        let has_something = decoded.detail.is_some()
            || !decoded.issues.is_empty()
            || decoded.traceback.is_some()
            || decoded.error_kind.is_some()
            || decoded.server_location.is_some();
        has_something.then_some(decoded)
    }
}

/// `file:line in function`, from the `file`, `line` and `function` keys.
fn server_location(map: &serde_json::Map<String, Value>) -> Option<String> {
    let file = map
        .get("file")
        .and_then(Value::as_str)
        .filter(|f| !f.is_empty())?;
    let mut location = file.to_string();
    if let Some(line) = map.get("line").and_then(Value::as_u64) {
        location.push_str(&format!(":{line}"));
    }
    if let Some(function) = map
        .get("function")
        .and_then(Value::as_str)
        .filter(|f| !f.is_empty())
    {
        location.push_str(&format!(" in {function}"));
    }
    Some(location)
}

fn issue(value: &Value) -> Option<ValidationIssue> {
    let location = value
        .get("loc")?
        .as_array()?
        .iter()
        .map(|part| match part {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".");
    let mut message = value.get("msg")?.as_str()?.to_string();
    // A JSON decode error names what is wrong only here.
    if let Some(why) = value
        .get("ctx")
        .and_then(|c| c.get("error"))
        .and_then(Value::as_str)
        .filter(|w| !w.is_empty() && !message.contains(*w))
    {
        message.push_str(&format!(" ({why})"));
    }
    Some(ValidationIssue { location, message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_error_lists_issues() {
        let body = br#"{"code":400,"detail":"Request validation error in [POST] /api/auth/login","path":"/api/auth/login","traceback":"password: field required","errors":[{"loc":["body","password"],"msg":"field required","type":"value_error.missing"}]}"#;
        let e = AyonErrorBody::decode(400, body).unwrap();
        assert_eq!(
            e.issues,
            vec![ValidationIssue {
                location: "body.password".into(),
                message: "field required".into()
            }]
        );
        assert_eq!(e.body_code_mismatch, None);
        assert_eq!(
            e.detail.as_deref(),
            Some("Request validation error in [POST] /api/auth/login")
        );
    }

    #[test]
    fn status_line_wins_over_body_code() {
        let body = br#"{"path":"[POST] /projects","detail":"Project with name 'x' already exists.","error":"unique-violation","code":409}"#;
        let e = AyonErrorBody::decode(500, body).unwrap();
        assert_eq!(e.body_code_mismatch, Some(409));
        assert_eq!(e.error_kind.as_deref(), Some("unique-violation"));
    }

    #[test]
    fn a_failed_assertion_without_words_still_says_where() {
        // The shape of 1.11.2's 500 for a service user's bad API key: `detail` is empty.
        let body = br#"{"path":"[PUT] /users/svc","file":"/backend/ayon_server/entities/user.py","function":"set_api_key","line":42,"user":"admin","detail":"","status":500}"#;
        let e = AyonErrorBody::decode(500, body).unwrap();
        assert_eq!(e.detail, None);
        assert_eq!(
            e.server_location.as_deref(),
            Some("/backend/ayon_server/entities/user.py:42 in set_api_key")
        );
        assert_eq!(e.path.as_deref(), Some("[PUT] /users/svc"));
        assert_eq!(e.body_code_mismatch, None);
    }

    #[test]
    fn json_decode_errors_say_what_is_wrong() {
        // 1.11.2 answers malformed JSON with a pydantic v2-style entry: a number in `loc`,
        // the reason in `ctx.error`.
        let body = br#"{"code":400,"detail":"Request validation error in [POST] /api/auth/login","errors":[{"type":"json_invalid","loc":["body",5],"msg":"JSON decode error","input":{},"ctx":{"error":"Expecting value"}}]}"#;
        let e = AyonErrorBody::decode(400, body).unwrap();
        assert_eq!(
            e.issues,
            vec![ValidationIssue {
                location: "body.5".into(),
                message: "JSON decode error (Expecting value)".into()
            }]
        );
    }

    #[test]
    fn pydantic_v2_entries_and_fastapi_detail_lists_are_read() {
        // Pydantic v2's entries (1.11.2 sends one for a JSON decode error): capitalised
        // messages, `input` and `url` beside them.
        let v2 = br#"{"code":400,"detail":"Request validation error in [POST] /api/projects","errors":[{"type":"missing","loc":["body","code"],"msg":"Field required","input":{"name":"x"},"url":"https://errors.pydantic.dev/2/v/missing"}]}"#;
        let e = AyonErrorBody::decode(400, v2).unwrap();
        assert_eq!(e.issues[0].location, "body.code");
        assert_eq!(e.issues[0].message, "Field required");
        // FastAPI's default shape: the list is `detail` itself.
        let fastapi = br#"{"detail":[{"loc":["query","length"],"msg":"value is not a valid integer","type":"type_error.integer"}]}"#;
        let e = AyonErrorBody::decode(422, fastapi).unwrap();
        assert_eq!(e.detail, None);
        assert_eq!(e.issues[0].location, "query.length");
    }

    #[test]
    fn an_unhandled_exception_keeps_its_traceback_without_a_code_key() {
        // 1.11.2 and 1.16 alike: `status`, not `code`, and the Python traceback.
        let body = br#"{"status":500,"detail":"pydantic.error_wrappers.ValidationError: 1 validation error for ProjectModel\ncode\n  string does not match regex","traceback":"pydantic...\n\napi/projects/deploy.py:30"}"#;
        let e = AyonErrorBody::decode(500, body).unwrap();
        assert!(
            e.detail
                .as_deref()
                .is_some_and(|d| d.contains("ProjectModel"))
        );
        assert!(
            e.traceback
                .as_deref()
                .is_some_and(|t| t.contains("deploy.py"))
        );
        assert_eq!(e.body_code_mismatch, None);
    }

    #[test]
    fn non_errors_and_non_json_are_ignored() {
        assert!(AyonErrorBody::decode(200, br#"{"detail":"ok"}"#).is_none());
        assert!(AyonErrorBody::decode(500, b"Internal Server Error").is_none());
        assert!(AyonErrorBody::decode(500, b"[1,2]").is_none());
        let e = AyonErrorBody::decode(500, br#"{"status":500,"detail":"boom","traceback":"tb"}"#)
            .unwrap();
        assert_eq!(e.traceback.as_deref(), Some("tb"));
        assert_eq!(e.body_code_mismatch, None);
    }
}
