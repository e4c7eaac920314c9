//! An HTTPie command (`http METHOD URL Header:value … --raw BODY`).

use super::SnippetInput;
use super::common::{self, Body, Value};
use crate::interchange::curl::single_quoted;
use crate::request::FormKind;

/// The request as an HTTPie command.
pub fn httpie(input: &SnippetInput) -> String {
    let body = common::body(input);
    let mut first = String::from("http");
    if matches!(body, Body::Form(_)) {
        first.push_str(" --multipart");
    }
    first.push(' ');
    first.push_str(input.draft.method.as_str());
    first.push(' ');
    first.push_str(&single_quoted(&common::full_url(input)));
    let mut lines = vec![first];
    let header = |name: &str, value: &str| {
        if value.trim().is_empty() {
            single_quoted(&format!("{name};"))
        } else {
            single_quoted(&format!("{name}:{value}"))
        }
    };
    for row in common::headers(input) {
        lines.push(header(row.name.trim(), &row.value));
    }
    if !matches!(body, Body::Form(_))
        && let Some(content_type) = common::implied_content_type(input)
    {
        lines.push(header("Content-Type", content_type));
    }
    for auth in common::auth_headers(input) {
        lines.push(match &auth.value {
            Value::Literal(v) => header(auth.name, &format!("{}{v}", auth.prefix)),
            Value::Env(var) => format!("\"{}:{}${var}\"", auth.name, auth.prefix),
        });
    }
    match body {
        Body::None => {}
        Body::Json(text) | Body::Text(text) => {
            lines.push(format!("--raw {}", single_quoted(&text)));
        }
        Body::File(path) => lines.push(single_quoted(&format!("@{path}"))),
        Body::Form(rows) => {
            for row in rows {
                let name = row.name.trim();
                let item = match row.kind {
                    FormKind::Text => format!("{name}={}", row.value),
                    FormKind::File if row.content_type.trim().is_empty() => {
                        format!("{name}@{}", row.value)
                    }
                    FormKind::File => {
                        format!("{name}@{};type={}", row.value, row.content_type.trim())
                    }
                };
                lines.push(single_quoted(&item));
            }
        }
    }
    lines.join(" \\\n  ")
}
