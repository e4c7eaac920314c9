//! An HTTPie command (`http METHOD URL Header:value … --raw BODY`), after a comment naming
//! the environment variables to set. `--ignore-stdin` so it also runs from a script or CI,
//! where HTTPie would otherwise read the body from stdin.

use super::SnippetInput;
use super::common::{self, Body};
use super::pieces::{Piece, env_comment};
use super::shell::{json_word, text_word, word};
use crate::request::FormKind;

/// The request as an HTTPie command.
pub fn httpie(input: &SnippetInput) -> String {
    let body = common::body(input);
    let mut first = String::from("http --ignore-stdin");
    if matches!(body, Body::Form(_)) {
        first.push_str(" --multipart");
    }
    first.push(' ');
    first.push_str(input.draft.method.as_str());
    first.push(' ');
    first.push_str(&text_word(&common::full_url(input)));
    let mut lines = vec![first];
    let header = |name: &str, value: &str| {
        if value.trim().is_empty() {
            text_word(&format!("{name};"))
        } else {
            text_word(&format!("{name}:{value}"))
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
        let mut value = vec![Piece::Lit(format!("{}:", auth.name))];
        value.extend(auth.value);
        lines.push(word(&value));
    }
    match body {
        Body::None => {}
        Body::Json(text) => lines.push(format!("--raw {}", json_word(&text))),
        Body::Text(text) => lines.push(format!("--raw {}", text_word(&text))),
        Body::File(path) => lines.push(text_word(&format!("@{path}"))),
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
                lines.push(text_word(&item));
            }
        }
    }
    let mut out = env_comment(&common::env_names(input), &[]);
    out.push_str(&lines.join(" \\\n  "));
    out
}
