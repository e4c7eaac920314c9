//! An `ayon_api` (ayon-python-api 1.2) snippet. The connection is the library's own
//! `ayon_api.ServerAPI(url, token=...)`: the server from `AYON_SERVER_URL` (the one the
//! request was written for by default), the token the request's auth sends (session auth:
//! `AYON_API_KEY`; a bearer token or an API key: its variable). X-as-user is
//! `con.as_username(...)`; "Log in" (`POST /api/auth/login` with a name and a password) is
//! `con.login(...)`, since the library refuses its calls before a login; GraphQL prints the
//! answer's `data`. Calls take paths relative to `/api` and send bodies as a dict
//! (`con.raw_post(path, json=payload)`), so any key (`entrypoint`, `self`) is safe.

use super::SnippetInput;
use super::ayon_api_call::{call, login_call};
use super::common;
use super::pieces::{Piece, collect_env, env_comment, pieces};
use super::python::{expr, string, text};
use crate::ayon::AuthMode;

/// The request as `ayon_api` calls.
pub fn ayon_api(input: &SnippetInput) -> String {
    let url = common::full_url(input);
    let split = split_server(&url);
    let login = split.as_ref().and_then(|s| login_call(input, &s.path));
    // A login sends no other credential: its snippet names only what the login reads.
    let mut draft = input.draft.clone();
    if login.is_some() {
        draft.auth.mode = AuthMode::None;
    }
    let input = &SnippetInput {
        draft: &draft,
        ..input.clone()
    };
    let mut names = common::env_names(input);
    let token = common::auth_token(input);
    if let Some(token) = &token {
        collect_env(token, &mut names);
    }
    let server = split.as_ref().map(|s| s.server.clone()).unwrap_or_default();
    let relative = !input.server_url.trim().is_empty()
        && server == input.server_url.trim().trim_end_matches('/');
    let optional = if relative {
        vec![("AYON_SERVER_URL", server.as_str())]
    } else {
        Vec::new()
    };
    let body = match (&login, &split) {
        (Some(login), _) => login.clone(),
        (None, Some(split)) => call(input, &split.path),
        (None, None) => String::new(),
    };
    let mut out = env_comment(&names, &optional);
    if body.contains("json.") {
        out.push_str("import json\n");
    }
    out.push_str("import os\n\nimport ayon_api\n\n");
    let server_expr = if relative {
        format!("os.environ.get(\"AYON_SERVER_URL\", {})", string(&server))
    } else {
        text(&server)
    };
    match &token {
        Some(token) => out.push_str(&format!(
            "con = ayon_api.ServerAPI(\n    {server_expr},\n    token={},\n)\n",
            expr(token)
        )),
        None => out.push_str(&format!("con = ayon_api.ServerAPI({server_expr})\n")),
    }
    if split.is_none() {
        out.push_str(&fallback(input));
        return out;
    }
    if login.is_none() && input.draft.auth.mode == AuthMode::ApiKeyAsUser {
        let user = expr(&pieces(input.draft.auth.as_user.trim()));
        out.push_str(&format!("with con.as_username({user}):\n"));
        for line in body.lines() {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
        }
    } else {
        out.push_str(&body);
    }
    out
}

/// A URL split into its server and what follows it.
pub struct Split {
    /// `https://ayon.example` (may hold a `{{reference}}`).
    pub server: String,
    /// `api/projects?x=1` or `graphql`: what follows the server, without the leading `/`.
    pub path: String,
}

/// The server and the path of a URL under `/api` or at `/graphql`, where ayon_api reaches.
fn split_server(url: &str) -> Option<Split> {
    let after_scheme = url.find("://").map(|i| i + 3)?;
    let path_start = url[after_scheme..].find('/').map(|i| i + after_scheme)?;
    let (server, rest) = url.split_at(path_start);
    let rest = rest.trim_start_matches('/');
    let under = |prefix: &str| {
        rest.strip_prefix(prefix)
            .is_some_and(|r| r.is_empty() || r.starts_with(['/', '?']))
    };
    (under("api") || under("graphql")).then(|| Split {
        server: server.to_string(),
        path: rest.to_string(),
    })
}

/// Outside `/api` and `/graphql` (or HEAD, OPTIONS): plain `requests` with the
/// connection's headers.
pub fn fallback(input: &SnippetInput) -> String {
    let url: Vec<Piece> = pieces(&common::full_url(input));
    format!(
        "# ayon_api's calls reach /api and /graphql only: requests with the connection's \
         headers.\nimport requests\n\n\
         response = requests.request({}, {}, headers=con.get_headers())\n\
         print(response.status_code, response.text)\n",
        string(input.draft.method.as_str()),
        expr(&url)
    )
}
