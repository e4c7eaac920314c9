//! An `ayon_api` (ayon-python-api) snippet. Its calls take paths relative to `/api`
//! (`con.get("projects")`); the connection comes from the `AYON_SERVER_URL` and
//! `AYON_API_KEY` environment variables.

use super::common::{self, Body, Value};
use super::python::{self, string};
use super::{SecretPolicy, SnippetInput};
use crate::ayon::AuthMode;
use crate::http::HttpMethod;
use crate::request::{BodyMode, FormKind};

/// The request as `ayon_api` calls.
pub fn ayon_api(input: &SnippetInput) -> String {
    let mut out = String::new();
    let setup = connection_setup(input);
    if !setup.is_empty() {
        out.push_str("import os\n\n");
    }
    out.push_str("import ayon_api\n\n");
    if setup.is_empty() {
        out.push_str(
            "# The connection comes from the AYON_SERVER_URL and AYON_API_KEY environment variables.\n",
        );
    } else {
        out.push_str(&setup);
    }
    out.push_str("con = ayon_api.get_server_api_connection()\n");
    let extra: Vec<&str> = common::headers(input)
        .iter()
        .map(|r| r.name.trim())
        .filter(|n| !n.eq_ignore_ascii_case("content-type") && !n.eq_ignore_ascii_case("accept"))
        .collect();
    if !extra.is_empty() {
        out.push_str(&format!(
            "# Headers not sent by this snippet: {}\n",
            extra.join(", ")
        ));
    }
    let call = call(input);
    let as_user = input.draft.auth.mode == AuthMode::ApiKeyAsUser;
    if as_user {
        out.push_str(&format!(
            "with con.as_username({}):\n",
            string(input.draft.auth.as_user.trim())
        ));
        for line in call.lines() {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
        }
    } else {
        out.push_str(&call);
    }
    out
}

/// With [`SecretPolicy::Include`], the server and credential set in the environment.
fn connection_setup(input: &SnippetInput) -> String {
    if input.secrets == SecretPolicy::Reference {
        return String::new();
    }
    let key = common::auth_headers(input)
        .into_iter()
        .find(|a| a.name != "X-as-user")
        .and_then(|a| match a.value {
            Value::Literal(v) => Some(v),
            Value::Env(_) => None,
        });
    let Some(key) = key else {
        return String::new();
    };
    format!(
        "os.environ[\"AYON_SERVER_URL\"] = {}\nos.environ[\"AYON_API_KEY\"] = {}\n",
        string(input.server_url.trim().trim_end_matches('/')),
        string(&key)
    )
}

/// The path relative to `/api` with its query, or `None` when the URL is not there.
fn api_path(input: &SnippetInput) -> Option<String> {
    let url = common::full_url(input);
    let server = input.server_url.trim().trim_end_matches('/');
    let rest = if server.is_empty() {
        url.as_str()
    } else {
        url.strip_prefix(server)?
    };
    let rest = rest.strip_prefix("/api")?;
    if !(rest.is_empty() || rest.starts_with(['/', '?'])) {
        return None;
    }
    Some(rest.trim_start_matches('/').to_string())
}

fn call(input: &SnippetInput) -> String {
    let draft = input.draft;
    if draft.body_mode == BodyMode::GraphQl {
        let variables = serde_json::from_str::<serde_json::Value>(&draft.graphql.variables)
            .map(|v| python::literal(&v, 0))
            .unwrap_or_else(|_| "None".into());
        return format!(
            "response = con.query_graphql(\n    {},\n    {variables},\n)\nprint(response.data)\n",
            string(&draft.graphql.query)
        );
    }
    let verb = match draft.method {
        HttpMethod::Get => "get",
        HttpMethod::Post => "post",
        HttpMethod::Put => "put",
        HttpMethod::Patch => "patch",
        HttpMethod::Delete => "delete",
        HttpMethod::Head | HttpMethod::Options => return fallback(input),
    };
    let Some(path) = api_path(input) else {
        return fallback(input);
    };
    let mut prelude = String::new();
    let (function, args) = match common::body(input) {
        Body::None => {
            let params = common::params(input);
            let simple = verb == "get"
                && !params.is_empty()
                && params.iter().all(|p| python::is_identifier(&p.name));
            if simple {
                let base = common::url_without_query(&path).to_string();
                let kwargs: Vec<String> = params
                    .iter()
                    .map(|p| format!("{}={}", p.name, string(&p.value)))
                    .collect();
                (
                    verb.to_string(),
                    format!("{}, {}", string(&base), kwargs.join(", ")),
                )
            } else {
                (verb.to_string(), string(&path))
            }
        }
        Body::Json(text) => match serde_json::from_str::<serde_json::Value>(&text) {
            // post/put/patch send their keyword arguments as the JSON object.
            Ok(serde_json::Value::Object(map))
                if verb != "get"
                    && verb != "delete"
                    && !map.is_empty()
                    && map.keys().all(|k| python::is_identifier(k)) =>
            {
                let kwargs: Vec<String> = map
                    .iter()
                    .map(|(k, v)| format!("    {k}={},\n", python::literal(v, 1)))
                    .collect();
                return format!(
                    "response = con.{verb}(\n    {},\n{})\nprint(response.status, response.data)\n",
                    string(&path),
                    kwargs.concat()
                );
            }
            Ok(value) => {
                prelude = format!("payload = {}\n", python::literal(&value, 0));
                (
                    format!("raw_{verb}"),
                    format!("{}, json=payload", string(&path)),
                )
            }
            Err(_) => {
                prelude = format!("payload = {}\n", string(&text));
                (
                    format!("raw_{verb}"),
                    format!("{}, data=payload", string(&path)),
                )
            }
        },
        Body::Text(text) => {
            prelude = format!("payload = {}\n", string(&text));
            (
                format!("raw_{verb}"),
                format!("{}, data=payload", string(&path)),
            )
        }
        Body::File(file) => (
            format!("raw_{verb}"),
            format!("{}, data=open({}, \"rb\")", string(&path), string(&file)),
        ),
        Body::Form(rows) => {
            let texts: Vec<(String, String)> = rows
                .iter()
                .filter(|r| r.kind == FormKind::Text)
                .map(|r| (r.name.trim().to_string(), string(&r.value)))
                .collect();
            let files: Vec<(String, String)> = rows
                .iter()
                .filter(|r| r.kind == FormKind::File)
                .map(|r| {
                    (
                        r.name.trim().to_string(),
                        format!("open({}, \"rb\")", string(&r.value)),
                    )
                })
                .collect();
            let mut args = string(&path);
            if !texts.is_empty() {
                prelude.push_str(&python::pairs("data", &texts));
                args.push_str(", data=data");
            }
            if !files.is_empty() {
                prelude.push_str(&python::pairs("files", &files));
                args.push_str(", files=files");
            }
            (format!("raw_{verb}"), args)
        }
    };
    format!("{prelude}response = con.{function}({args})\nprint(response.status, response.data)\n")
}

/// Outside `/api` (or HEAD/OPTIONS): plain `requests` with the connection's headers.
fn fallback(input: &SnippetInput) -> String {
    format!(
        "# ayon_api's calls reach /api only: requests with the connection's headers.\n\
         import requests\n\n\
         response = requests.request({}, {}, headers=con.get_headers())\n\
         print(response.status_code, response.text)\n",
        string(input.draft.method.as_str()),
        string(&common::full_url(input))
    )
}
