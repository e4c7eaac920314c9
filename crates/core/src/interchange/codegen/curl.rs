//! A curl command: POSIX-shell quoting, one option per line.

use super::SnippetInput;
use super::common::{self, AuthHeader, Body, Value};
use crate::http::HttpMethod;
use crate::interchange::curl::single_quoted;
use crate::request::{FormKind, FormRow};

/// The request as a curl command.
pub fn curl(input: &SnippetInput) -> String {
    let body = common::body(input);
    let has_body = !matches!(body, Body::None);
    let method = input.draft.method;
    let mut first = String::from("curl");
    if method == HttpMethod::Head && !has_body {
        first.push_str(" --head");
    } else if !common::curl_implies(method, has_body) {
        first.push_str(" -X ");
        first.push_str(method.as_str());
    }
    first.push(' ');
    first.push_str(&single_quoted(&common::full_url(input)));
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
        Body::Json(text) | Body::Text(text) => {
            lines.push(format!("--data-raw {}", single_quoted(&text)));
        }
        Body::File(path) => {
            lines.push(format!(
                "--data-binary {}",
                single_quoted(&format!("@{path}"))
            ));
        }
        Body::Form(rows) => lines.extend(rows.iter().map(form_field)),
    }
    lines.join(" \\\n  ")
}

fn header(name: &str, value: &str) -> String {
    if value.trim().is_empty() {
        // `Name;` is how curl sends a header with an empty value.
        format!("-H {}", single_quoted(&format!("{name};")))
    } else {
        format!("-H {}", single_quoted(&format!("{name}: {value}")))
    }
}

fn auth_header(auth: &AuthHeader) -> String {
    match &auth.value {
        Value::Literal(value) => header(auth.name, &format!("{}{value}", auth.prefix)),
        Value::Env(var) => format!("-H \"{}: {}${var}\"", auth.name, auth.prefix),
    }
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
            format!("-F {}", single_quoted(&field))
        }
        FormKind::Text => {
            // `@`, `<` and `;` mean something to -F; --form-string sends them as they are.
            if row.value.starts_with(['@', '<']) || row.value.contains(';') {
                return format!(
                    "--form-string {}",
                    single_quoted(&format!("{name}={}", row.value))
                );
            }
            let mut field = format!("{name}={}", row.value);
            if !row.content_type.trim().is_empty() {
                field.push_str(";type=");
                field.push_str(row.content_type.trim());
            }
            format!("-F {}", single_quoted(&field))
        }
    }
}
