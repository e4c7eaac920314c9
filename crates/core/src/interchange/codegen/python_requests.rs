//! A Python `requests` snippet, after a comment naming the environment variables to set;
//! secrets are read with `os.environ[...]`.

use super::SnippetInput;
use super::common::{self, Body};
use super::pieces::env_comment;
use super::python::{self, string};
use crate::request::FormKind;

/// The request as a Python `requests` call.
pub fn python_requests(input: &SnippetInput) -> String {
    let url = common::full_url(input);
    let auth = common::auth_headers(input);
    let body = common::body(input);
    let mut header_rows: Vec<(String, String)> = common::headers(input)
        .iter()
        .map(|r| (r.name.trim().to_string(), python::text(&r.value)))
        .collect();
    let mut args = vec!["url".to_string()];
    let mut code = String::new();
    code.push_str(&format!(
        "url = {}\n",
        python::text(common::url_without_query(&url))
    ));
    let params: Vec<(String, String)> = common::params(input)
        .iter()
        .map(|r| (r.name.clone(), python::text(&r.value)))
        .collect();
    if !params.is_empty() {
        code.push_str(&python::pairs("params", &params));
        args.push("params=params".into());
    }
    // Body first: it decides whether a Content-Type is added.
    let mut body_code = String::new();
    match &body {
        Body::None => {}
        Body::Json(text) => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(value) => {
                body_code.push_str(&format!("payload = {}\n", python::literal(&value, 0)));
                args.push("json=payload".into());
            }
            Err(_) => {
                add_type(input, &mut header_rows);
                body_code.push_str(&format!("payload = {}\n", python::text(text)));
                args.push("data=payload".into());
            }
        },
        Body::Text(text) => {
            add_type(input, &mut header_rows);
            body_code.push_str(&format!("payload = {}\n", python::text(text)));
            args.push("data=payload".into());
        }
        Body::File(path) => {
            add_type(input, &mut header_rows);
            args.push(format!("data=open({}, \"rb\")", python::text(path)));
        }
        Body::Form(rows) => {
            let texts: Vec<(String, String)> = rows
                .iter()
                .filter(|r| r.kind == FormKind::Text)
                .map(|r| (r.name.trim().to_string(), python::text(&r.value)))
                .collect();
            let files: Vec<(String, String)> = rows
                .iter()
                .filter(|r| r.kind == FormKind::File)
                .map(|r| {
                    let open = format!("open({}, \"rb\")", python::text(&r.value));
                    let value = if r.content_type.trim().is_empty() {
                        open
                    } else {
                        let file_name = r.value.rsplit(['/', '\\']).next().unwrap_or(&r.value);
                        format!(
                            "({}, {open}, {})",
                            string(file_name),
                            string(r.content_type.trim())
                        )
                    };
                    (r.name.trim().to_string(), value)
                })
                .collect();
            if !texts.is_empty() {
                body_code.push_str(&python::pairs("data", &texts));
                args.push("data=data".into());
            }
            if !files.is_empty() {
                body_code.push_str(&python::pairs("files", &files));
                args.push("files=files".into());
            }
        }
    }
    header_rows.extend(
        auth.iter()
            .map(|a| (a.name.to_string(), python::auth_value(a))),
    );
    if !header_rows.is_empty() {
        code.push_str(&python::pairs("headers", &header_rows));
        args.insert(1, "headers=headers".into());
    }
    code.push_str(&body_code);
    let names = common::env_names(input);
    let mut out = env_comment(&names, &[]);
    if !names.is_empty() {
        out.push_str("import os\n\n");
    }
    out.push_str("import requests\n\n");
    out.push_str(&code);
    out.push_str(&format!(
        "\nresponse = requests.request({}, {})\n",
        string(input.draft.method.as_str()),
        args.join(", ")
    ));
    out.push_str("print(response.status_code, response.text)\n");
    out
}

fn add_type(input: &SnippetInput, rows: &mut Vec<(String, String)>) {
    if let Some(content_type) = common::implied_content_type(input) {
        rows.push(("Content-Type".into(), string(content_type)));
    }
}
