//! The call of an `ayon_api` snippet, once the connection `con` is made: a login, a
//! GraphQL query, or a REST call with its body as a dict.

use serde_json::Value as Json;

use super::SnippetInput;
use super::ayon_api::fallback;
use super::common::{self, Body};
use super::python::{self, string, text};
use crate::http::HttpMethod;
use crate::request::{BodyMode, FormKind};

/// `con.login(name, password)` for `POST /api/auth/login` with a JSON body holding both,
/// then the session's token and user; `None` for any other request.
pub fn login_call(input: &SnippetInput, path: &str) -> Option<String> {
    let draft = input.draft;
    if draft.method != HttpMethod::Post
        || draft.body_mode != BodyMode::Json
        || common::url_without_query(path).trim_end_matches('/') != "api/auth/login"
    {
        return None;
    }
    let body: Json = serde_json::from_str(&draft.body_text).ok()?;
    let name = body.get("name")?.as_str()?;
    let password = body.get("password")?.as_str()?;
    Some(format!(
        "con.login({}, {})\n\
         # The session token: AYON_API_KEY for the snippets that need a session.\n\
         print(con.access_token)\n\
         response = con.get(\"users/me\")\n\
         print(response.status_code, response.text)\n",
        text(name),
        text(password)
    ))
}

/// The call for `path` (`api/...` or `graphql`, with its query).
pub fn call(input: &SnippetInput, path: &str) -> String {
    let draft = input.draft;
    let graphql_path = common::url_without_query(path).trim_end_matches('/') == "graphql";
    let entry = match path.strip_prefix("api") {
        Some(rest) => text(rest.trim_start_matches('/')),
        None => format!("con.get_base_url() + {}", text(&format!("/{path}"))),
    };
    let verb = match draft.method {
        HttpMethod::Get => "get",
        HttpMethod::Post => "post",
        HttpMethod::Put => "put",
        HttpMethod::Patch => "patch",
        HttpMethod::Delete => "delete",
        HttpMethod::Head | HttpMethod::Options => return fallback(input),
    };
    let mut headers: Vec<(String, String)> = common::headers(input)
        .iter()
        // The connection sends JSON and asks for it already.
        .filter(|r| {
            let name = r.name.trim();
            !name.eq_ignore_ascii_case("content-type") && !name.eq_ignore_ascii_case("accept")
        })
        .map(|r| (r.name.trim().to_string(), text(&r.value)))
        .collect();
    if draft.body_mode == BodyMode::GraphQl && graphql_path && verb == "post" {
        return graphql(input, &entry, &headers);
    }
    let mut prelude = String::new();
    let mut args = vec![entry];
    let content_type = || {
        common::headers(input)
            .iter()
            .find(|r| r.name.trim().eq_ignore_ascii_case("content-type"))
            .map(|r| text(&r.value))
            .or_else(|| common::implied_content_type(input).map(string))
    };
    match common::body(input) {
        Body::None => {}
        Body::Json(body) => match serde_json::from_str::<Json>(&body) {
            Ok(value) => {
                prelude = format!("payload = {}\n", python::literal(&value, 0));
                args.push("json=payload".into());
            }
            Err(_) => {
                prelude = format!("payload = {}\n", text(&body));
                args.push("data=payload".into());
                headers.extend(content_type().map(|t| ("Content-Type".to_string(), t)));
            }
        },
        Body::Text(body) => {
            prelude = format!("payload = {}\n", text(&body));
            args.push("data=payload".into());
            headers.extend(content_type().map(|t| ("Content-Type".to_string(), t)));
        }
        Body::File(file) => {
            args.push(format!("data=open({}, \"rb\")", text(&file)));
            headers.extend(content_type().map(|t| ("Content-Type".to_string(), t)));
        }
        Body::Form(rows) => {
            let pairs = |kind: FormKind| -> Vec<(String, String)> {
                rows.iter()
                    .filter(|r| r.kind == kind)
                    .map(|r| match kind {
                        FormKind::Text => (r.name.trim().to_string(), text(&r.value)),
                        FormKind::File => (
                            r.name.trim().to_string(),
                            format!("open({}, \"rb\")", text(&r.value)),
                        ),
                    })
                    .collect()
            };
            let (texts, files) = (pairs(FormKind::Text), pairs(FormKind::File));
            if !texts.is_empty() {
                prelude.push_str(&python::pairs("data", &texts));
                args.push("data=data".into());
            }
            if !files.is_empty() {
                prelude.push_str(&python::pairs("files", &files));
                args.push("files=files".into());
            }
            // None drops the connection's JSON Content-Type: requests sets the multipart one.
            headers.push(("Content-Type".into(), "None".into()));
        }
    }
    if !headers.is_empty() {
        prelude.push_str(&python::pairs("headers", &headers));
        args.push("headers=headers".into());
    }
    format!(
        "{prelude}response = con.raw_{verb}({})\nprint(response.status_code, response.text)\n",
        args.join(", ")
    )
}

/// A GraphQL query: `con.query_graphql` when it is just a query and its variables, else
/// the whole body (with `operationName`) posted; either way the answer's `data` printed,
/// and its `errors` end the script with a message.
fn graphql(input: &SnippetInput, entry: &str, headers: &[(String, String)]) -> String {
    let gql = &input.draft.graphql;
    let variables = serde_json::from_str::<Json>(&gql.variables)
        .map(|v| python::literal(&v, 0))
        .unwrap_or_else(|_| "{}".into());
    let simple = gql.operation().is_none() && headers.is_empty();
    let mut out = String::new();
    if simple {
        out.push_str(&format!(
            "query = {}\nvariables = {variables}\n\
             response = con.query_graphql(query, variables)\n\
             data = response.data\n",
            text(&gql.query)
        ));
    } else {
        let payload = match common::body(input) {
            Body::Json(body) => serde_json::from_str::<Json>(&body)
                .map(|v| python::literal(&v, 0))
                .unwrap_or_else(|_| text(&body)),
            _ => "{}".into(),
        };
        out.push_str(&format!("payload = {payload}\n"));
        let mut args = format!("{entry}, json=payload");
        if !headers.is_empty() {
            out.push_str(&python::pairs("headers", headers));
            args.push_str(", headers=headers");
        }
        out.push_str(&format!(
            "response = con.raw_post({args})\nresponse.raise_for_status()\ndata = response.data\n"
        ));
    }
    out.push_str(
        "print(json.dumps(data.get(\"data\"), indent=2))\n\
         if data.get(\"errors\"):\n    \
         raise SystemExit(\"GraphQL errors: \" + json.dumps(data[\"errors\"]))\n",
    );
    out
}
