//! What the generators share: the full URL, the credentials per policy, the body.

use super::pieces::{Piece, collect_env, pieces};
use super::{SecretPolicy, SnippetInput};
use crate::ayon::AuthMode;
use crate::http::HttpMethod;
use crate::request::{BodyMode, KvRow, fill_path_params};

/// One header the auth adds: its name and its value (`Bearer ` and a variable, say).
#[derive(Clone, Debug)]
pub struct AuthHeader {
    pub name: &'static str,
    pub value: Vec<Piece>,
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

/// The environment variable that holds the API key or session token of session auth
/// (what the runner and ayon-python-api read).
pub const API_KEY_ENV: &str = "AYON_API_KEY";

/// A credential's value per the policy. With [`SecretPolicy::Reference`] only
/// `{{references}}` are written; a literal credential becomes the variable
/// `AYON_SECRET_<FALLBACK>` instead, so it is never copied.
fn credential(input: &SnippetInput, value: &str, fallback: &str) -> Vec<Piece> {
    let parts = pieces(value.trim());
    let only_references = !parts.is_empty()
        && parts.iter().all(|p| match p {
            Piece::Env(_) => true,
            Piece::Lit(text) => text.trim().is_empty(),
        });
    match input.secrets {
        SecretPolicy::Reference if !only_references => {
            vec![Piece::Env(crate::secret::env_name(fallback))]
        }
        _ => parts,
    }
}

/// The credential the draft's auth sends, secrets per the policy: for session auth the
/// logged-in token when it is included, else `$AYON_API_KEY` (a service user's API key or
/// a session token, as the runner and ayon-python-api read it); `None` without auth.
pub fn auth_token(input: &SnippetInput) -> Option<Vec<Piece>> {
    let auth = &input.draft.auth;
    match auth.mode {
        AuthMode::None => None,
        AuthMode::Session => Some(match &input.secrets {
            SecretPolicy::Include { token: Some(t) } => vec![Piece::Lit(t.clone())],
            _ => vec![Piece::Env(API_KEY_ENV.into())],
        }),
        AuthMode::Bearer => Some(credential(input, &auth.bearer_token, "token")),
        AuthMode::ApiKey | AuthMode::ApiKeyAsUser => {
            Some(credential(input, &auth.api_key, "api_key"))
        }
    }
}

/// The headers the draft's auth adds (see [`auth_token`]): session auth sends an included
/// token as `Authorization: Bearer`, else `X-Api-Key: $AYON_API_KEY`.
pub fn auth_headers(input: &SnippetInput) -> Vec<AuthHeader> {
    let auth = &input.draft.auth;
    let Some(token) = auth_token(input) else {
        return Vec::new();
    };
    let bearer = |mut value: Vec<Piece>| {
        value.insert(0, Piece::Lit("Bearer ".into()));
        AuthHeader {
            name: "Authorization",
            value,
        }
    };
    let included_session = matches!(input.secrets, SecretPolicy::Include { token: Some(_) });
    match auth.mode {
        AuthMode::Bearer => vec![bearer(token)],
        AuthMode::Session if included_session => vec![bearer(token)],
        _ => {
            let mut out = vec![AuthHeader {
                name: "X-Api-Key",
                value: token,
            }];
            if auth.mode == AuthMode::ApiKeyAsUser {
                out.push(AuthHeader {
                    name: "X-as-user",
                    value: pieces(auth.as_user.trim()),
                });
            }
            out
        }
    }
}

/// Every environment variable the snippet of `input` reads, in order of first use
/// (URL, headers, auth, body), for the comment that opens it.
pub fn env_names(input: &SnippetInput) -> Vec<String> {
    let mut names = Vec::new();
    collect_env(&pieces(&full_url(input)), &mut names);
    for row in headers(input) {
        collect_env(&pieces(&row.name), &mut names);
        collect_env(&pieces(&row.value), &mut names);
    }
    for header in auth_headers(input) {
        collect_env(&header.value, &mut names);
    }
    match body(input) {
        Body::None => {}
        Body::Json(text) | Body::Text(text) | Body::File(text) => {
            collect_env(&pieces(&text), &mut names);
        }
        Body::Form(rows) => {
            for row in rows {
                collect_env(&pieces(&row.name), &mut names);
                collect_env(&pieces(&row.value), &mut names);
            }
        }
    }
    names
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
