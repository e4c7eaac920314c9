//! The request as it was sent, kept with its history entry so reopening the entry brings
//! back the whole request: method, full URL with its host, params, headers, body and auth
//! mode. It is written in the collection's own request-file format, with secrets masked.

use std::path::Path;

use crate::collection::format::{FormatError, RequestFile, var_reference};
use crate::request::RequestDraft;

use super::redact::{REDACTED, redact};

/// The most body text a history entry keeps: the history file is rewritten on each send,
/// so a large body is left out (and the entry says so).
pub const SNAPSHOT_BODY_LIMIT: usize = 256 * 1024;

/// Headers whose literal values are credentials whatever they hold.
const CREDENTIAL_HEADERS: [&str; 5] = [
    "authorization",
    "proxy-authorization",
    "x-api-key",
    "cookie",
    "x-as-user-token",
];

/// The request file text of `draft` as sent to `server_url`, for the history.
///
/// A relative URL (`/api/projects`) gets the server's origin and base, so the entry names
/// the server it went to. Every `secrets` value is masked wherever it appears (URL, params,
/// headers, body, form, GraphQL variables); a credential header typed as a literal value
/// is masked whole; bearer tokens and API keys stay only as `{{variable}}` references.
pub fn request_snapshot(
    draft: &RequestDraft,
    server_url: Option<&str>,
    secrets: &[String],
) -> String {
    let mut file = RequestFile::from_draft("Sent request", draft);
    if let Some(server) = server_url
        && file.url.starts_with('/')
    {
        file.url = format!("{}{}", server.trim_end_matches('/'), file.url);
    }
    let mask = |text: &mut String| *text = redact(text, secrets);
    mask(&mut file.url);
    for row in file.params.iter_mut().chain(file.path_params.iter_mut()) {
        mask(&mut row.value);
    }
    for row in &mut file.headers {
        let credential = CREDENTIAL_HEADERS
            .iter()
            .any(|h| row.name.eq_ignore_ascii_case(h));
        if credential && var_reference(&row.value).is_none() && !row.value.is_empty() {
            row.value = REDACTED.to_owned();
        } else {
            mask(&mut row.value);
        }
    }
    mask(&mut file.body.text);
    mask(&mut file.body.query);
    mask(&mut file.body.variables);
    // A password or token typed into a JSON body (a login call) is no known secret.
    mask_credential_members(&mut file.body.text);
    mask_credential_members(&mut file.body.variables);
    for field in &mut file.body.form {
        mask(&mut field.value);
    }
    let body_len = file.body.text.len() + file.body.query.len() + file.body.variables.len();
    if body_len > SNAPSHOT_BODY_LIMIT {
        file.body.text.clear();
        file.body.query.clear();
        file.body.variables.clear();
        file.description = Some(format!(
            "The body ({} KB) was too large to keep in the history.",
            body_len / 1024
        ));
    }
    file.to_yaml()
}

/// Masks the values of credential members (`password`, `token`, `apiKey`, ...) when
/// `text` is JSON; other text is left as it is.
fn mask_credential_members(text: &mut String) {
    let Ok(mut json) = serde_json::from_str::<serde_json::Value>(text) else {
        return;
    };
    if crate::secret::answer_mask::mask_json_credentials(&mut json) > 0
        && let Ok(masked) = serde_json::to_string_pretty(&json)
    {
        *text = masked;
    }
}

/// The draft a history entry's request file opens as (see [`request_snapshot`]).
pub fn reopen_snapshot(text: &str) -> Result<RequestDraft, FormatError> {
    RequestFile::parse(Path::new("history entry"), text).map(|file| file.to_draft())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ayon::AuthMode;
    use crate::http::HttpMethod;
    use crate::request::{BodyMode, KvRow};

    #[test]
    fn a_post_comes_back_whole_with_its_host_and_no_secret() {
        let mut draft = RequestDraft::get("/api/projects?token=T0KEN-123");
        draft.method = HttpMethod::Post;
        draft.body_mode = BodyMode::Json;
        draft.body_text = r#"{"name": "demo", "password": "hunter2-pw"}"#.into();
        draft.headers = vec![
            KvRow::new("Authorization", "Bearer abcdefabcdef"),
            KvRow::new("X-Api-Key", "{{api_key}}"),
            KvRow::new("X-Note", "keep me"),
        ];
        draft.auth.mode = AuthMode::ApiKey;
        draft.auth.api_key = "{{api_key}}".into();
        let secrets = vec!["T0KEN-123".to_string(), "hunter2-pw".to_string()];
        let text = request_snapshot(&draft, Some("http://ayon.test:5000/"), &secrets);
        let mut login = RequestDraft::get("/api/auth/login");
        login.body_mode = BodyMode::Json;
        login.body_text = r#"{"name": "admin", "password": "typed-not-known"}"#.into();
        let login_text = request_snapshot(&login, None, &[]);
        assert!(!login_text.contains("typed-not-known"), "{login_text}");
        assert!(login_text.contains("admin"), "{login_text}");
        for secret in ["T0KEN-123", "hunter2-pw", "abcdefabcdef"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        let back = reopen_snapshot(&text).unwrap();
        assert_eq!(back.method, HttpMethod::Post);
        assert!(
            back.url
                .starts_with("http://ayon.test:5000/api/projects?token="),
            "{}",
            back.url
        );
        assert_eq!(back.body_mode, BodyMode::Json);
        assert!(back.body_text.contains(r#""name": "demo""#));
        assert_eq!(back.auth.mode, AuthMode::ApiKey);
        assert_eq!(back.auth.api_key, "{{api_key}}");
        let header = |name: &str| {
            back.headers
                .iter()
                .find(|h| h.name == name)
                .map(|h| h.value.clone())
        };
        assert_eq!(header("Authorization").as_deref(), Some(REDACTED));
        assert_eq!(header("X-Api-Key").as_deref(), Some("{{api_key}}"));
        assert_eq!(header("X-Note").as_deref(), Some("keep me"));
    }

    #[test]
    fn a_full_url_keeps_its_own_host() {
        let draft = RequestDraft::get("https://other.example/v1/items");
        let text = request_snapshot(&draft, Some("http://ayon.test:5000"), &[]);
        let back = reopen_snapshot(&text).unwrap();
        assert_eq!(back.url, "https://other.example/v1/items");
        assert!(reopen_snapshot("method: [unclosed").is_err());
        let mut big = RequestDraft::get("/api/x");
        big.body_mode = BodyMode::Text;
        big.body_text = "x".repeat(SNAPSHOT_BODY_LIMIT + 1);
        let text = request_snapshot(&big, None, &[]);
        assert!(text.len() < 1024, "{} bytes", text.len());
        assert!(text.contains("too large to keep"), "{text}");
    }
}
