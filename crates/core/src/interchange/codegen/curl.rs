//! A curl command: POSIX-shell quoting, one option per line, after a comment naming the
//! environment variables to set. `--globoff` when the URL holds `[]{}`, which curl would
//! otherwise read as a glob.

use super::SnippetInput;
use super::common::{self, AuthHeader, Body};
use super::pieces::{self, Piece, env_comment, literal_text};
use super::shell::{has_glob_chars, json_word, text_word, word};
use crate::http::HttpMethod;
use crate::request::{FormKind, FormRow};

/// The request as a curl command.
pub fn curl(input: &SnippetInput) -> String {
    let body = common::body(input);
    let has_body = !matches!(body, Body::None);
    let method = input.draft.method;
    let url = pieces::pieces(&common::full_url(input));
    let mut first = String::from("curl");
    if has_glob_chars(&literal_text(&url)) {
        first.push_str(" --globoff");
    }
    if method == HttpMethod::Head && !has_body {
        first.push_str(" --head");
    } else if !common::curl_implies(method, has_body) {
        first.push_str(" -X ");
        first.push_str(method.as_str());
    }
    first.push(' ');
    first.push_str(&word(&url));
    let mut lines = vec![first];
    for row in common::headers(input) {
        lines.push(header(row.name.trim(), &row.value));
    }
    if let Some(content_type) = common::implied_content_type(input) {
        lines.push(header("Content-Type", content_type));
    }
    for auth in common::auth_headers(input) {
        lines.push(auth_header(&auth));
    }
    match body {
        Body::None => {}
        Body::Json(text) => lines.push(format!("--data-raw {}", json_word(&text))),
        Body::Text(text) => lines.push(format!("--data-raw {}", text_word(&text))),
        Body::File(path) => lines.push(format!("--data-binary {}", text_word(&format!("@{path}")))),
        Body::Form(rows) => lines.extend(rows.iter().map(form_field)),
    }
    let mut out = env_comment(&common::env_names(input), &[]);
    out.push_str(&lines.join(" \\\n  "));
    out
}

fn header(name: &str, value: &str) -> String {
    if value.trim().is_empty() {
        // `Name;` is how curl sends a header with an empty value.
        format!("-H {}", text_word(&format!("{name};")))
    } else {
        format!("-H {}", text_word(&format!("{name}: {value}")))
    }
}

fn auth_header(auth: &AuthHeader) -> String {
    let mut value = vec![Piece::Lit(format!("{}: ", auth.name))];
    value.extend(auth.value.iter().cloned());
    format!("-H {}", word(&value))
}

fn form_field(row: &FormRow) -> String {
    let name = row.name.trim();
    match row.kind {
        FormKind::File => {
            let path = if row
                .value
                .contains(|c: char| c == ';' || c == '"' || c == ',' || c.is_whitespace())
            {
                format!(
                    "\"{}\"",
                    row.value.replace('\\', "\\\\").replace('"', "\\\"")
                )
            } else {
                row.value.clone()
            };
            let mut field = format!("{name}=@{path}");
            if !row.content_type.trim().is_empty() {
                field.push_str(";type=");
                field.push_str(row.content_type.trim());
            }
            format!("-F {}", text_word(&field))
        }
        FormKind::Text => {
            // `@`, `<` and `;` mean something to -F; --form-string sends them as they are,
            // and a variable's value may hold any of them.
            if row.value.starts_with(['@', '<'])
                || row.value.contains(';')
                || pieces::has_reference(&row.value)
            {
                return format!(
                    "--form-string {}",
                    text_word(&format!("{name}={}", row.value))
                );
            }
            let mut field = format!("{name}={}", row.value);
            if !row.content_type.trim().is_empty() {
                field.push_str(";type=");
                field.push_str(row.content_type.trim());
            }
            format!("-F {}", text_word(&field))
        }
    }
}
