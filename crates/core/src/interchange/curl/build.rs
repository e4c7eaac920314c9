//! Builds a [`RequestDraft`] from the sorted options of a curl command, the way curl
//! itself would send the request.

use base64::Engine as _;

use super::super::ImportError;
use super::args::{At, CurlArgs};
use super::form;
use super::options::DataKind;
use crate::ayon::{AuthInput, AuthMode};
use crate::http::HttpMethod;
use crate::request::{BodyMode, KvRow, RequestDraft, merge_path_params, params_from_url};

/// The draft and what could not be carried.
pub struct Built {
    /// The request.
    pub draft: RequestDraft,
    /// What was left out.
    pub notes: Vec<String>,
}

/// One part of a `-d` body.
enum Part {
    Text(String),
    File(String),
}

/// Builds the request `args` describes.
pub fn build(mut args: CurlArgs) -> Result<Built, ImportError> {
    let mut notes = std::mem::take(&mut args.notes);
    let mut url = first_url(&args, &mut notes)?;
    let mut headers = header_rows(&args, &mut notes);

    let mut draft = RequestDraft {
        method: HttpMethod::Get,
        url: String::new(),
        params: Vec::new(),
        path_params: Vec::new(),
        headers: Vec::new(),
        body_mode: BodyMode::None,
        body_text: String::new(),
        body_file: String::new(),
        form: Vec::new(),
        graphql: Default::default(),
        auth: AuthInput {
            mode: AuthMode::None,
            ..Default::default()
        },
        // The app's own default, -L or not: it lists every hop it follows.
        follow_redirects: true,
        mark_sender: true,
        expect: None,
        capture: Vec::new(),
    };

    let has_body = body(&args, &mut draft, &mut headers, &mut url, &mut notes);
    drop_own_type(&draft, &mut headers);
    for query in &args.url_queries {
        append_query(&mut url, &form::url_encode_pair(&query.value));
    }
    draft.method = method(&args, has_body)?;
    draft.auth = auth(&args, &mut headers, &mut notes);
    draft.headers = headers;
    draft.params = params_from_url(&url);
    draft.path_params = merge_path_params(&url, &[]);
    draft.url = url;
    Ok(Built { draft, notes })
}

fn first_url(args: &CurlArgs, notes: &mut Vec<String>) -> Result<String, ImportError> {
    let mut urls = args.urls.iter();
    let first = urls
        .next()
        .ok_or_else(|| ImportError::new("The command has no URL"))?;
    for other in urls {
        notes.push(format!(
            "Only the first URL is imported; {} (argument {}) is not",
            other.value, other.arg
        ));
    }
    let url = first.value.trim();
    // Like curl: a URL without a scheme is http.
    if url.contains("://") || url.starts_with("{{") || url.starts_with('/') || url.is_empty() {
        Ok(url.to_string())
    } else {
        Ok(format!("http://{url}"))
    }
}

fn header_rows(args: &CurlArgs, notes: &mut Vec<String>) -> Vec<KvRow> {
    let mut rows = Vec::new();
    for header in &args.headers {
        let text = header.value.as_str();
        if let Some(file) = text.strip_prefix('@') {
            notes.push(format!(
                "Headers read from file {file} (argument {}) are not carried",
                header.arg
            ));
            continue;
        }
        match text.split_once(':') {
            Some((name, value)) if !value.trim().is_empty() => {
                rows.push(KvRow::new(name.trim(), value.trim()));
            }
            Some((name, _)) => notes.push(format!(
                "Header \"{}:\" (argument {}) only removes a header curl adds by itself; not carried",
                name.trim(),
                header.arg
            )),
            None => match text.trim().strip_suffix(';') {
                // `Name;` is curl's way to send a header with an empty value.
                Some(name) if !name.trim().is_empty() => rows.push(KvRow::new(name.trim(), "")),
                _ => notes.push(format!(
                    "\"{text}\" (argument {}) is not a header; ignored",
                    header.arg
                )),
            },
        }
    }
    if let Some(agent) = &args.user_agent {
        rows.push(KvRow::new("User-Agent", agent.as_str()));
    }
    if let Some(referer) = &args.referer {
        let referer = referer.strip_suffix(";auto").unwrap_or(referer);
        if !referer.is_empty() {
            rows.push(KvRow::new("Referer", referer));
        }
    }
    for cookie in &args.cookies {
        if cookie.value.contains('=') {
            rows.push(KvRow::new("Cookie", cookie.value.as_str()));
        } else {
            notes.push(format!(
                "Cookies read from file {} (argument {}) are not carried",
                cookie.value, cookie.arg
            ));
        }
    }
    rows
}

fn header_index(rows: &[KvRow], name: &str) -> Option<usize> {
    rows.iter().position(|r| r.name.eq_ignore_ascii_case(name))
}

/// Fills the body; `true` when the command sends one.
fn body(
    args: &CurlArgs,
    draft: &mut RequestDraft,
    headers: &mut Vec<KvRow>,
    url: &mut String,
    notes: &mut Vec<String>,
) -> bool {
    if !args.forms.is_empty() {
        if !args.data.is_empty() || !args.json.is_empty() {
            notes.push("Data given with -F/--form is ignored: curl refuses both".into());
        }
        draft.body_mode = BodyMode::Multipart;
        draft.form = args
            .forms
            .iter()
            .filter_map(|f| form::form_row(&f.value.1, f.value.0, f.arg, notes))
            .collect();
        // The form's own Content-Type carries the boundary; a bare one would break it.
        if let Some(i) = header_index(headers, "content-type")
            && headers[i]
                .value
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
            && !headers[i].value.contains("boundary")
        {
            headers.remove(i);
        }
        return true;
    }
    if !args.json.is_empty() {
        let parts: Vec<Part> = args
            .json
            .iter()
            .map(|j| match j.value.strip_prefix('@') {
                Some(path) => Part::File(path.to_string()),
                None => Part::Text(j.value.clone()),
            })
            .collect();
        set_data(parts, "", draft, notes);
        if draft.body_mode == BodyMode::File {
            if header_index(headers, "content-type").is_none() {
                headers.push(KvRow::new("Content-Type", "application/json"));
            }
        } else {
            draft.body_mode = BodyMode::Json;
        }
        if header_index(headers, "accept").is_none() {
            headers.push(KvRow::new("Accept", "application/json"));
        }
        return true;
    }
    if !args.data.is_empty() {
        let parts: Vec<Part> = args.data.iter().map(data_part).collect();
        if args.get {
            for part in parts {
                match part {
                    Part::Text(text) => append_query(url, &text),
                    Part::File(path) => notes.push(format!(
                        "With -G, data from file {path} would go to the query; not carried"
                    )),
                }
            }
            return false;
        }
        set_data(parts, "&", draft, notes);
        if draft.body_mode == BodyMode::Text {
            text_mode(draft, headers);
        }
        return true;
    }
    if let Some(At { value, arg }) = &args.upload_file {
        if value == "-" || value == "." {
            notes.push(format!(
                "-T {value} (argument {arg}) reads standard input; not carried"
            ));
            return false;
        }
        draft.body_mode = BodyMode::File;
        draft.body_file = value.clone();
        return true;
    }
    false
}

fn data_part(data: &At<(DataKind, String)>) -> Part {
    let (kind, value) = &data.value;
    match kind {
        DataKind::Ascii | DataKind::Binary => match value.strip_prefix('@') {
            Some(path) => Part::File(path.to_string()),
            None => Part::Text(value.clone()),
        },
        DataKind::Raw => Part::Text(value.clone()),
        DataKind::UrlEncode => Part::Text(form::url_encode_pair(value)),
    }
}

/// One file alone is a file body; otherwise the text parts joined with `joiner`.
fn set_data(parts: Vec<Part>, joiner: &str, draft: &mut RequestDraft, notes: &mut Vec<String>) {
    if let [Part::File(path)] = parts.as_slice() {
        if path == "-" {
            notes.push("Data from standard input (@-) is not carried".into());
        } else {
            draft.body_mode = BodyMode::File;
            draft.body_file = path.clone();
            return;
        }
    }
    let mut texts = Vec::new();
    for part in parts {
        match part {
            Part::Text(text) => texts.push(text),
            Part::File(path) => notes.push(format!(
                "Data from file {path} joined with other data is not carried"
            )),
        }
    }
    draft.body_mode = BodyMode::Text;
    draft.body_text = texts.join(joiner);
}

/// Text is JSON when its Content-Type says so, or when it has none and parses as an
/// object or array; otherwise curl's default type goes with it.
fn text_mode(draft: &mut RequestDraft, headers: &mut Vec<KvRow>) {
    match header_index(headers, "content-type") {
        Some(i) => {
            let media = headers[i].value.to_ascii_lowercase();
            let media = media.split(';').next().unwrap_or("").trim();
            if media == "application/json" || media.ends_with("+json") {
                draft.body_mode = BodyMode::Json;
            }
        }
        None => {
            let value = serde_json::from_str::<serde_json::Value>(&draft.body_text);
            if value.is_ok_and(|v| v.is_object() || v.is_array()) {
                draft.body_mode = BodyMode::Json;
            } else {
                headers.push(KvRow::new(
                    "Content-Type",
                    "application/x-www-form-urlencoded",
                ));
            }
        }
    }
}

/// Each body mode sends its own Content-Type (JSON mode `application/json`…): a header
/// row saying just that is noise.
fn drop_own_type(draft: &RequestDraft, headers: &mut Vec<KvRow>) {
    let Some(own) = draft.body_mode.content_type() else {
        return;
    };
    if let Some(i) = header_index(headers, "content-type")
        && headers[i].value.trim().eq_ignore_ascii_case(own)
    {
        headers.remove(i);
    }
}

fn append_query(url: &mut String, pair: &str) {
    if pair.is_empty() {
        return;
    }
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b.to_string(), Some(f.to_string())),
        None => (url.clone(), None),
    };
    let mut out = base;
    if out.contains('?') {
        if !out.ends_with('?') && !out.ends_with('&') {
            out.push('&');
        }
    } else {
        out.push('?');
    }
    out.push_str(pair);
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(&f);
    }
    *url = out;
}

fn method(args: &CurlArgs, has_body: bool) -> Result<HttpMethod, ImportError> {
    if let Some(At { value, arg }) = &args.method {
        return HttpMethod::from_name(value).ok_or_else(|| {
            ImportError::at(
                format!("The method {value} is not supported"),
                format!("argument {arg}"),
            )
        });
    }
    Ok(if args.head {
        HttpMethod::Head
    } else if args.get {
        HttpMethod::Get
    } else if args.upload_file.is_some() && args.forms.is_empty() && args.data.is_empty() {
        HttpMethod::Put
    } else if has_body {
        HttpMethod::Post
    } else {
        HttpMethod::Get
    })
}

/// The first Bearer / X-Api-Key header becomes the auth; `-u` a Basic header row.
fn auth(args: &CurlArgs, headers: &mut Vec<KvRow>, notes: &mut Vec<String>) -> AuthInput {
    let mut auth = AuthInput {
        mode: AuthMode::None,
        ..Default::default()
    };
    let bearer_at = headers.iter().position(|r| {
        r.name.eq_ignore_ascii_case("authorization")
            && r.value.len() > 7
            && r.value
                .get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("bearer "))
    });
    let key_at = header_index(headers, "x-api-key");
    let use_bearer = match (bearer_at, key_at) {
        (Some(b), Some(k)) => b < k,
        (Some(_), None) => true,
        _ => false,
    };
    if use_bearer && let Some(i) = bearer_at {
        let row = headers.remove(i);
        auth.mode = AuthMode::Bearer;
        auth.bearer_token = row.value.get(7..).unwrap_or("").trim().to_string();
    } else if let Some(i) = key_at {
        let row = headers.remove(i);
        auth.mode = AuthMode::ApiKey;
        auth.api_key = row.value;
        if let Some(j) = header_index(headers, "x-as-user") {
            let row = headers.remove(j);
            auth.mode = AuthMode::ApiKeyAsUser;
            auth.as_user = row.value;
        }
    } else if let Some(token) = &args.oauth2_bearer {
        auth.mode = AuthMode::Bearer;
        auth.bearer_token = token.clone();
    }
    if let Some(At { value, arg }) = &args.user {
        if let Some(scheme) = args.other_auth.first() {
            notes.push(format!(
                "{scheme} authentication with -u (argument {arg}) is not carried"
            ));
        } else if value.contains("{{") {
            notes.push(format!(
                "Basic auth with variables ({value}, argument {arg}) is not carried: \
                 add an Authorization header once the values are known"
            ));
        } else if header_index(headers, "authorization").is_none() && auth.mode != AuthMode::Bearer
        {
            if !value.contains(':') {
                notes.push(format!(
                    "-u without a password (argument {arg}): curl would ask for it; an empty one is used"
                ));
            }
            let pair = if value.contains(':') {
                value.clone()
            } else {
                format!("{value}:")
            };
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair.as_bytes());
            headers.push(KvRow::new("Authorization", format!("Basic {encoded}")));
        }
    } else if let Some(scheme) = args.other_auth.first() {
        notes.push(format!("{scheme} authentication is not carried"));
    }
    auth
}
