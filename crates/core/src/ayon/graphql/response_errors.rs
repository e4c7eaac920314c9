//! The `errors` list of a GraphQL answer. AYON sends it with status 200, so the status
//! line alone would look like success.

use serde::Deserialize;
use serde_json::Value;

/// One entry of a GraphQL `errors` list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphQlError {
    /// What went wrong.
    pub message: String,
    /// Where in the query, as (line, column), 1-based.
    pub locations: Vec<(u64, u64)>,
    /// The response field it concerns (`["project", "folders", "0"]`).
    pub path: Vec<String>,
    /// The HTTP-like status AYON puts in `extensions.status` (404 for an unknown project
    /// or user), while the answer's own status is 200.
    pub status: Option<u16>,
}

/// The errors of a GraphQL answer: `Some` when `body` is a JSON object with a non-empty
/// `errors` array. Odd shapes are tolerated: a missing message or locations, path
/// segments that are numbers.
pub fn errors_in(body: &[u8]) -> Option<Vec<GraphQlError>> {
    // Only the `errors` member is decoded; `data` may be large and is skipped.
    #[derive(Deserialize)]
    struct Envelope {
        #[serde(default)]
        errors: Option<Vec<Value>>,
    }
    // serde also reads a struct from a JSON array; the answer must be an object.
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    if body[start] != b'{' {
        return None;
    }
    let errors = serde_json::from_slice::<Envelope>(body).ok()?.errors?;
    if errors.is_empty() {
        return None;
    }
    Some(errors.iter().map(one_error).collect())
}

fn one_error(value: &Value) -> GraphQlError {
    let message = match value.get("message") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        // A bare string is not standard, but says what it means.
        None => match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        },
    };
    let locations = value
        .get("locations")
        .and_then(Value::as_array)
        .map(|all| {
            all.iter()
                .filter_map(|l| Some((l.get("line")?.as_u64()?, l.get("column")?.as_u64()?)))
                .collect()
        })
        .unwrap_or_default();
    let path = value
        .get("path")
        .and_then(Value::as_array)
        .map(|segments| {
            segments
                .iter()
                .map(|s| match s {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    let status = value
        .get("extensions")
        .and_then(|e| e.get("status"))
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok());
    GraphQlError {
        message,
        locations,
        path,
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body of fixtures/ayon-1.11.2/82_graphql_syntax_error.txt, byte for byte.
    const FIXTURE_82: &str = r#"{"data": null, "errors": [{"message": "Cannot query field 'nope' on type 'ProjectNode'. Did you mean 'code' or 'name'?", "locations": [{"line": 1, "column": 29}]}]}"#;

    #[test]
    fn the_fixture_error_is_decoded() {
        let errors = errors_in(FIXTURE_82.as_bytes()).unwrap();
        assert_eq!(
            errors,
            [GraphQlError {
                message: "Cannot query field 'nope' on type 'ProjectNode'. Did you mean 'code' \
                          or 'name'?"
                    .into(),
                locations: vec![(1, 29)],
                path: vec![],
                status: None,
            }]
        );
    }

    #[test]
    fn an_unknown_name_carries_its_status_in_extensions() {
        // The shape of 1.11.2's answer to `{ user(name: "nobody") { name } }`.
        let body = br#"{"data": null, "errors": [{"message": "User not found", "locations": [{"line": 1, "column": 3}], "path": ["user"], "extensions": {"status": 404}}]}"#;
        let errors = errors_in(body).unwrap();
        assert_eq!(
            errors,
            [GraphQlError {
                message: "User not found".into(),
                locations: vec![(1, 3)],
                path: vec!["user".into()],
                status: Some(404),
            }]
        );
        let odd = br#"{"errors": [{"message": "x", "extensions": {"status": "404"}}]}"#;
        assert_eq!(errors_in(odd).unwrap()[0].status, None);
    }

    #[test]
    fn odd_shapes_are_tolerated() {
        let body = br#" {"errors": [{"message": "boom", "path": ["project", "folders", 0, "name"],
            "locations": [{"line": 2}, {"line": 3, "column": 5}]}, {"extensions": {}}, "plain"],
            "data": {"project": null}}"#;
        let errors = errors_in(body).unwrap();
        assert_eq!(errors.len(), 3);
        assert_eq!(errors[0].path, ["project", "folders", "0", "name"]);
        assert_eq!(errors[0].locations, [(3, 5)]);
        assert_eq!(errors[1].message, r#"{"extensions":{}}"#);
        assert_eq!(errors[2].message, "plain");
    }

    #[test]
    fn answers_without_errors_give_none() {
        let ok = br#"{"data": {"projects": {"edges": []}}}"#;
        assert_eq!(errors_in(ok), None);
        assert_eq!(errors_in(br#"{"data": null, "errors": []}"#), None);
        assert_eq!(errors_in(br#"[{"errors": [1]}]"#), None);
        assert_eq!(errors_in(b"not json"), None);
        assert_eq!(errors_in(br#"{"errors": "x"}"#), None);
        assert_eq!(errors_in(b""), None);
    }
}
