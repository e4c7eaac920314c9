//! What a client sends over `/ws`. Only `auth` means anything; everything else
//! is ignored without an answer and the connection stays open, as on the real
//! server (ws/README.md).

use serde_json::Value;

/// A client's `{"topic":"auth","token":...,"subscribe":[...],"project":...}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthRequest {
    /// A session token, or a service user's API key already used over REST.
    pub token: String,
    /// Topic prefixes (`str.startswith`), or `*` for everything.
    pub topics: Vec<String>,
    /// Only events without a project or of this project are sent.
    pub project: Option<String>,
}

/// Reads one text frame: `Some` only for an `auth` message with a token.
/// Non-JSON, objects without `topic`, `auth` without a string `token` and any
/// other topic give `None`. A missing or non-list `subscribe` means no topics;
/// entries that are not strings are skipped.
pub fn parse(text: &str) -> Option<AuthRequest> {
    let message: Value = serde_json::from_str(text).ok()?;
    let object = message.as_object()?;
    if object.get("topic").and_then(Value::as_str) != Some("auth") {
        return None;
    }
    let token = object.get("token").and_then(Value::as_str)?.to_owned();
    let topics = object
        .get("subscribe")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let project = object
        .get("project")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Some(AuthRequest {
        token,
        topics,
        project,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_auth_with_a_token_counts() {
        assert_eq!(parse("not json"), None);
        assert_eq!(parse(r#"{"no":"topic"}"#), None);
        assert_eq!(parse(r#"{"topic":"auth"}"#), None);
        assert_eq!(parse(r#"{"topic":"ping","token":"x"}"#), None);
        assert_eq!(parse(r#"["topic","auth"]"#), None);
        let auth = parse(r#"{"topic":"auth","token":"t","subscribe":["lab",1],"project":"p"}"#);
        assert_eq!(
            auth,
            Some(AuthRequest {
                token: "t".into(),
                topics: vec!["lab".into()],
                project: Some("p".into()),
            })
        );
        let bare = parse(r#"{"topic":"auth","token":"t"}"#);
        assert_eq!(bare.map(|a| a.topics), Some(Vec::new()));
    }
}
