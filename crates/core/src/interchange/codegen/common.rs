//! What the generators share: the full URL, the credentials per policy, the body.

use super::{SecretPolicy, SnippetInput};
use crate::ayon::AuthMode;
use crate::http::HttpMethod;
use crate::request::{BodyMode, KvRow, fill_path_params};

/// A credential as written in a snippet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Written as is.
    Literal(String),
    /// Read from this environment variable.
    Env(String),
}

/// One header the auth adds: name, a literal prefix (`Bearer `) and the value.
#[derive(Clone, Debug)]
pub struct AuthHeader {
    pub name: &'static str,
    pub prefix: &'static str,
    pub value: Value,
}

/// The URL as sent: the server joined to a relative URL, path placeholders filled.
pub fn full_url(input: &SnippetInput) -> String {
    let url = input.draft.url.trim();
    let url = fill_path_params(url, &input.draft.path_params).unwrap_or_else(|_| url.to_string());
    if url.contains("://") || input.server_url.is_empty() {
        return url;
    }
    let server = input.server_url.trim().trim_end_matches('/');
    if url.starts_with('/') {
        format!("{server}{url}")
    } else {
        format!("{server}/{url}")
    }
}

/// The URL without its query (for generators passing params apart).
pub fn url_without_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// The enabled query params with a name.
pub fn params<'a>(input: &SnippetInput<'a>) -> Vec<&'a KvRow> {
    input
        .draft
        .params
        .iter()
        .filter(|r| r.enabled && !r.name.trim().is_empty())
        .collect()
}

/// The enabled headers with a name.
pub fn headers<'a>(input: &SnippetInput<'a>) -> Vec<&'a KvRow> {
    input
        .draft
        .headers
        .iter()
        .filter(|r| r.enabled && !r.name.trim().is_empty())
        .collect()
}

/// The header named `name` among the enabled ones.
pub fn has_header(input: &SnippetInput, name: &str) -> bool {
    headers(input)
        .iter()
        .any(|r| r.name.trim().eq_ignore_ascii_case(name))
}

/// The environment variable a `{{name}}` reference stands for: `AYON_TOKEN` for
/// `{{ayon_token}}`; `fallback` for anything else.
fn env_name(value: &str, fallback: &str) -> String {
    let inner = value
        .trim()
        .strip_prefix("{{")
        .and_then(|v| v.strip_suffix("}}"))
        .map(str::trim);
    match inner {
        Some(name)
            if !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
        {
            name.replace('-', "_").to_ascii_uppercase()
        }
        _ => fallback.to_string(),
    }
}

fn secret(input: &SnippetInput, value: &str, fallback: &str) -> Value {
    match input.secrets {
        SecretPolicy::Reference => Value::Env(env_name(value, fallback)),
        SecretPolicy::Include { .. } => Value::Literal(value.trim().to_string()),
    }
}

/// The headers the draft's auth adds, secrets per the policy.
pub fn auth_headers(input: &SnippetInput) -> Vec<AuthHeader> {
    let auth = &input.draft.auth;
    let bearer = |value| AuthHeader {
        name: "Authorization",
        prefix: "Bearer ",
        value,
    };
    match auth.mode {
        AuthMode::None => Vec::new(),
        AuthMode::Session => {
            let value = match &input.secrets {
                SecretPolicy::Include { token: Some(t) } => Value::Literal(t.clone()),
                _ => Value::Env("AYON_TOKEN".into()),
            };
            vec![bearer(value)]
        }
        AuthMode::Bearer => vec![bearer(secret(input, &auth.bearer_token, "AYON_TOKEN"))],
        AuthMode::ApiKey | AuthMode::ApiKeyAsUser => {
            let mut out = vec![AuthHeader {
                name: "X-Api-Key",
                prefix: "",
                value: secret(input, &auth.api_key, "AYON_API_KEY"),
            }];
            if auth.mode == AuthMode::ApiKeyAsUser {
                out.push(AuthHeader {
                    name: "X-as-user",
                    prefix: "",
                    value: Value::Literal(auth.as_user.trim().to_string()),
                });
            }
            out
        }
    }
}

/// The body as the generators see it.
pub enum Body {
    None,
    /// JSON text (also GraphQL, already encoded).
    Json(String),
    Text(String),
    File(String),
    /// Enabled multipart rows.
    Form(Vec<crate::request::FormRow>),
}

/// The body the draft sends.
pub fn body(input: &SnippetInput) -> Body {
    let draft = input.draft;
    match draft.body_mode {
        BodyMode::None => Body::None,
        BodyMode::Json => Body::Json(draft.body_text.clone()),
        BodyMode::Text => Body::Text(draft.body_text.clone()),
        BodyMode::File => Body::File(draft.body_file.clone()),
        BodyMode::GraphQl => Body::Json(
            draft
                .graphql
                .to_bytes()
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .unwrap_or_else(|| serde_json::json!({ "query": draft.graphql.query }).to_string()),
        ),
        BodyMode::Multipart => Body::Form(
            draft
                .form
                .iter()
                .filter(|r| r.enabled && !r.name.trim().is_empty())
                .cloned()
                .collect(),
        ),
    }
}

/// The Content-Type to add when the headers have none (what the app sends).
pub fn implied_content_type(input: &SnippetInput) -> Option<&'static str> {
    if has_header(input, "content-type") {
        return None;
    }
    input.draft.body_mode.content_type()
}

/// Whether curl picks this method by itself for this body.
pub fn curl_implies(method: HttpMethod, has_body: bool) -> bool {
    matches!(
        (method, has_body),
        (HttpMethod::Get, false) | (HttpMethod::Post, true)
    )
}
