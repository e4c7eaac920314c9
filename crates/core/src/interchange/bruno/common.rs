//! Mapping helpers shared by the Bruno, OpenCollection and Thunder importers: auth with
//! inheritance, URLs with their query and path params, dynamic variables, urlencoded
//! bodies. They apply the shared mapping rules of the interchange module.

use base64::Engine as _;

use crate::ayon::{AuthInput, AuthMode};
use crate::http::HttpMethod;
use crate::request::{KvRow, RequestDraft, merge_path_params, params_from_url};

/// How deep folders may nest before the importer stops (and says so): keeps recursion
/// far from the stack's limit.
pub(crate) const MAX_DEPTH: usize = 64;

/// Whether the sub-folder `name` (at `rel`, `depth` levels down) of a collection folder is
/// read: hidden folders, `node_modules` and the top-level `environments` are not, and one
/// nested too deep is reported in `notes` instead.
pub(crate) fn reads_subfolder(
    name: &str,
    rel: &str,
    depth: usize,
    notes: &mut Vec<String>,
) -> bool {
    if name.starts_with('.') || name == "node_modules" || (depth == 0 && name == "environments") {
        return false;
    }
    if depth + 1 >= MAX_DEPTH {
        notes.push(format!(
            "Folder '{rel}': nested deeper than {MAX_DEPTH} levels; not imported"
        ));
        return false;
    }
    true
}

/// Auth as the source tools describe it, before inheritance is resolved.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SourceAuth {
    /// Take the parent's.
    Inherit,
    /// No credentials.
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// Basic auth with user and password.
    Basic { user: String, pass: String },
    /// An API key in a header, or in the query when `in_query`.
    ApiKey {
        key: String,
        value: String,
        in_query: bool,
    },
    /// A kind this app cannot send (oauth2, digest, aws...): its name.
    Other(String),
}

impl SourceAuth {
    /// This auth with `Inherit` replaced by `parent` (already resolved).
    pub(crate) fn resolved(&self, parent: &SourceAuth) -> SourceAuth {
        match self {
            SourceAuth::Inherit => parent.clone(),
            other => other.clone(),
        }
    }
}

/// The method named `name` (any case).
/// Applies one request setting of Bruno (`.bru` `settings` block or OpenCollection
/// `settings`), given as key and value text; `false` when it has no equivalent here.
/// Bruno's defaults (`encodeUrl: true`, `followRedirects: true`, `maxRedirects: 5`,
/// `timeout: 0`) need nothing and are not reported.
pub(crate) fn apply_setting(draft: &mut RequestDraft, key: &str, value: &str) -> bool {
    match (key.trim(), value.trim()) {
        ("encodeUrl", "true") | ("timeout", "0") | ("maxRedirects", "5") => true,
        ("followRedirects", "true") => {
            draft.follow_redirects = true;
            true
        }
        ("followRedirects", "false") => {
            draft.follow_redirects = false;
            true
        }
        _ => false,
    }
}

pub(crate) fn parse_method(name: &str) -> Option<HttpMethod> {
    HttpMethod::from_name(name)
}

/// An empty draft: no headers, no auth, no body; the URL set by [`set_url`].
pub(crate) fn blank_draft(method: HttpMethod) -> RequestDraft {
    RequestDraft {
        method,
        url: String::new(),
        headers: Vec::new(),
        auth: AuthInput {
            mode: AuthMode::None,
            ..AuthInput::default()
        },
        ..RequestDraft::default()
    }
}

/// `:name` path segments (Postman style) turned into `{name}` placeholders; the query,
/// `{{variables}}` and the `scheme://host:port` part are left alone.
pub(crate) fn colon_to_braces(url: &str) -> String {
    let path_end = url.find(['?', '#']).unwrap_or(url.len());
    let (head, tail) = url.split_at(path_end);
    // Skip `scheme://host:port` so a port is not taken for a parameter.
    let start = match head.find("://") {
        Some(i) => head[i + 3..].find('/').map_or(head.len(), |j| i + 3 + j),
        None => 0,
    };
    let (prefix, path) = head.split_at(start);
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| {
            let name = segment.strip_prefix(':').unwrap_or("");
            let valid = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.');
            if valid {
                format!("{{{name}}}")
            } else {
                segment.to_string()
            }
        })
        .collect();
    format!("{prefix}{}{tail}", segments.join("/"))
}

/// Sets the draft's URL (with `:name` turned into `{name}`), its query rows from the URL
/// plus the `disabled` rows, and its path params filled from `path_values`.
pub(crate) fn set_url(
    draft: &mut RequestDraft,
    url: &str,
    disabled: Vec<KvRow>,
    path_values: &[KvRow],
) {
    let url = colon_to_braces(url.trim());
    draft.params = params_from_url(&url);
    draft
        .params
        .extend(disabled.into_iter().filter(|r| !r.enabled));
    draft.path_params = merge_path_params(&url, path_values);
    draft.url = url;
}

/// Applies `auth` (already resolved) to the draft; what cannot be sent is reported in
/// `notes` naming `place`.
pub(crate) fn apply_auth(
    draft: &mut RequestDraft,
    auth: &SourceAuth,
    place: &str,
    notes: &mut Vec<String>,
) {
    draft.auth.mode = AuthMode::None;
    match auth {
        SourceAuth::Inherit | SourceAuth::None => {}
        SourceAuth::Bearer(token) => {
            draft.auth.mode = AuthMode::Bearer;
            draft.auth.bearer_token = token.trim().to_string();
        }
        SourceAuth::Basic { user, pass } => {
            if user.is_empty() && pass.is_empty() {
                notes.push(format!(
                    "{place}: basic auth without user name or password not carried over"
                ));
            } else if user.contains("{{") || pass.contains("{{") {
                notes.push(format!(
                    "{place}: basic auth with variables ({user}) is not supported; set an Authorization header"
                ));
            } else {
                let encoded =
                    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
                draft
                    .headers
                    .push(KvRow::new("Authorization", format!("Basic {encoded}")));
            }
        }
        SourceAuth::ApiKey {
            key,
            value,
            in_query,
        } => {
            if *in_query {
                draft.params.push(KvRow::new(key.clone(), value.clone()));
                draft.url = crate::request::url_with_params(&draft.url, &draft.params);
            } else if key.trim().eq_ignore_ascii_case("x-api-key") {
                draft.auth.mode = AuthMode::ApiKey;
                draft.auth.api_key = value.trim().to_string();
            } else {
                draft.headers.push(KvRow::new(key.clone(), value.clone()));
            }
        }
        SourceAuth::Other(kind) => {
            notes.push(format!("{place}: {kind} auth is not supported"));
        }
    }
}

/// Headers of the parent levels then the request's own: a request header replaces a
/// parent's of the same name.
pub(crate) fn merge_headers(parent: &[KvRow], own: Vec<KvRow>) -> Vec<KvRow> {
    let mut out: Vec<KvRow> = parent
        .iter()
        .filter(|p| !own.iter().any(|o| o.name.eq_ignore_ascii_case(&p.name)))
        .cloned()
        .collect();
    out.extend(own);
    out
}

/// Reports each distinct dynamic variable (`{{$guid}}`, Thunder's `{{#guid}}`,
/// `{{process.env.X}}`) found anywhere in the draft, once per request.
pub(crate) fn report_dynamic(draft: &RequestDraft, request: &str, notes: &mut Vec<String>) {
    let mut texts: Vec<&str> = vec![&draft.url, &draft.body_text, &draft.body_file];
    texts.push(&draft.graphql.query);
    texts.push(&draft.graphql.variables);
    texts.push(&draft.auth.bearer_token);
    texts.push(&draft.auth.api_key);
    for row in draft
        .headers
        .iter()
        .chain(&draft.params)
        .chain(&draft.path_params)
    {
        texts.push(&row.name);
        texts.push(&row.value);
    }
    for row in &draft.form {
        texts.push(&row.value);
    }
    let mut seen: Vec<&str> = Vec::new();
    for text in texts {
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else { break };
            let inner = after[..end].trim();
            if (inner.starts_with('$')
                || inner.starts_with('#')
                || inner.starts_with("process.env."))
                && !seen.contains(&inner)
            {
                seen.push(inner);
                notes.push(format!(
                    "Request '{request}': dynamic variable {{{{{inner}}}}} is not supported"
                ));
            }
            rest = &after[end + 2..];
        }
    }
}

/// Rows as an `application/x-www-form-urlencoded` body; `{{variables}}` kept readable.
pub(crate) fn urlencoded(rows: &[KvRow]) -> String {
    rows.iter()
        .filter(|r| r.enabled && !r.name.is_empty())
        .map(|r| format!("{}={}", form_encode(&r.name), form_encode(&r.value)))
        .collect::<Vec<_>>()
        .join("&")
}

fn form_encode(text: &str) -> String {
    // Encode piece by piece so `{{name}}` stays a variable reference.
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        out.push_str(&encode_component(&rest[..start]));
        out.push_str(&rest[start..start + len + 2]);
        rest = &rest[start + len + 2..];
    }
    out.push_str(&encode_component(rest));
    out
}

fn encode_component(text: &str) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    const KEEP: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(text, KEEP).to_string()
}

/// Sets the body as urlencoded text with its Content-Type header.
pub(crate) fn set_urlencoded(draft: &mut RequestDraft, rows: &[KvRow]) {
    draft.body_mode = crate::request::BodyMode::Text;
    draft.body_text = urlencoded(rows);
    set_content_type(draft, "application/x-www-form-urlencoded");
}

/// Adds a Content-Type header unless the draft has one.
pub(crate) fn set_content_type(draft: &mut RequestDraft, value: &str) {
    if !draft
        .headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("content-type"))
    {
        draft.headers.push(KvRow::new("Content-Type", value));
    }
}

/// The path inside `@file(path)`; several files (`a|b`) give the first and the rest.
pub(crate) fn file_reference(value: &str) -> Option<Vec<String>> {
    let inner = value.trim().strip_prefix("@file(")?.strip_suffix(')')?;
    Some(
        inner
            .split('|')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colon_segments_become_placeholders_but_ports_do_not() {
        assert_eq!(
            colon_to_braces("http://h:5000/items/:collection/:id?x=:y"),
            "http://h:5000/items/{collection}/{id}?x=:y"
        );
        assert_eq!(colon_to_braces("{{base}}/a/:id"), "{{base}}/a/{id}");
    }

    #[test]
    fn urlencoded_keeps_variables() {
        let rows = [KvRow::new("a b", "{{v}}&x"), KvRow::new("c", "1")];
        assert_eq!(urlencoded(&rows), "a%20b={{v}}%26x&c=1");
    }

    #[test]
    fn dynamic_variables_reported_once() {
        let mut draft = blank_draft(HttpMethod::Get);
        draft.url = "/a/{{$guid}}?t={{$guid}}&u={{#timestamp}}&v={{plain}}".into();
        let mut notes = Vec::new();
        report_dynamic(&draft, "R", &mut notes);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("{{$guid}}"));
    }
}
