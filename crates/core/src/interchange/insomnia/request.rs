//! One Insomnia request (v4 resource or v5 item) as a draft: URL, params, headers,
//! body, auth; `{{ _.name }}` references rewritten to `{{name}}`.

use serde_json::Value;

use crate::ayon::{AuthInput, AuthMode};
use crate::interchange::ImportedRequest;
use crate::interchange::postman::common::{
    as_text, basic_auth, flag, form_urlencoded, has_header, method_or_get, note_dynamic,
    request_label, str_at,
};
use crate::interchange::postman::url::colon_to_braces;
use crate::request::{
    BodyMode, FormRow, KvRow, RequestDraft, merge_path_params, params_from_url, url_with_params,
};

/// `{{ _.name }}` (Insomnia's environment reference) as `{{name}}`.
pub(super) fn untemplate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = after[..end].trim();
        let inner = inner.strip_prefix("_.").unwrap_or(inner);
        out.push_str("{{");
        out.push_str(inner);
        out.push_str("}}");
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

pub(super) fn note_scripts(item: &Value, label: &str, notes: &mut Vec<String>) {
    for (v4_key, v5_key, what) in [
        ("preRequestScript", "preRequest", "pre-request script"),
        (
            "afterResponseScript",
            "afterResponse",
            "after-response script",
        ),
    ] {
        let code = item
            .get("scripts")
            .and_then(|s| s.get(v5_key))
            .or_else(|| item.get(v4_key));
        if code.is_some_and(|c| !as_text(Some(c)).trim().is_empty()) {
            notes.push(format!("{label}: {what} not carried over"));
        }
    }
}

fn rows(v: Option<&Value>) -> Vec<KvRow> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|r| r.is_object())
        .map(|r| KvRow {
            enabled: !flag(r, "disabled"),
            name: untemplate(&as_text(r.get("name"))),
            value: untemplate(&as_text(r.get("value"))),
        })
        .collect()
}

pub(super) fn request(
    r: &Value,
    path: &[String],
    auth: Option<&Value>,
    notes: &mut Vec<String>,
) -> ImportedRequest {
    let name = str_at(r, "name").unwrap_or("Untitled").to_string();
    let label = request_label(path, &name);
    let url = colon_to_braces(&untemplate(str_at(r, "url").unwrap_or("").trim()));
    let mut params = params_from_url(&url);
    params.extend(rows(r.get("parameters")));
    let url = url_with_params(&url, &params);
    let path_values = rows(r.get("pathParameters"));
    let mut draft = RequestDraft {
        method: method_or_get(str_at(r, "method"), &label, notes),
        path_params: merge_path_params(&url, &path_values),
        url,
        params,
        headers: rows(r.get("headers")),
        auth: AuthInput {
            mode: AuthMode::None,
            ..Default::default()
        },
        ..Default::default()
    };
    body(r.get("body"), &mut draft);
    apply_auth(auth, &mut draft, &label, notes);
    note_scripts(r, &label, notes);
    note_dynamic(&draft, &label, notes);
    let description = str_at(r, "description")
        .or_else(|| r.get("meta").and_then(|m| str_at(m, "description")))
        .filter(|d| !d.trim().is_empty())
        .map(str::to_string);
    ImportedRequest {
        name,
        description,
        draft,
    }
}

fn body(body: Option<&Value>, draft: &mut RequestDraft) {
    let Some(body) = body.filter(|b| b.is_object()) else {
        return;
    };
    let mime = str_at(body, "mimeType").unwrap_or("").to_ascii_lowercase();
    let text = untemplate(&as_text(body.get("text")));
    if mime.starts_with("multipart/form-data") {
        draft.body_mode = BodyMode::Multipart;
        draft.form = form_rows(body.get("params"));
        // The form sends its own Content-Type with the boundary.
        draft.headers.retain(|h| {
            !(h.name.eq_ignore_ascii_case("content-type")
                && h.value.trim().eq_ignore_ascii_case("multipart/form-data"))
        });
    } else if mime == "application/x-www-form-urlencoded" {
        let fields: Vec<(String, String)> = rows(body.get("params"))
            .into_iter()
            .filter(|r| r.enabled)
            .map(|r| (r.name, r.value))
            .collect();
        draft.body_mode = BodyMode::Text;
        draft.body_text = form_urlencoded(&fields);
        if !has_header(&draft.headers, "content-type") {
            draft.headers.push(KvRow::new("Content-Type", mime));
        }
    } else if mime == "application/graphql" {
        let parsed: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        draft.body_mode = BodyMode::GraphQl;
        draft.graphql.query = as_text(parsed.get("query"));
        draft.graphql.variables = match parsed.get("variables") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(v) => serde_json::to_string_pretty(v).unwrap_or_default(),
        };
        draft.graphql.operation_name = as_text(parsed.get("operationName"));
    } else if let Some(file) = str_at(body, "fileName").filter(|f| !f.is_empty() && text.is_empty())
    {
        draft.body_mode = BodyMode::File;
        draft.body_file = file.to_string();
    } else if !text.is_empty() {
        draft.body_mode = if mime.contains("json") {
            BodyMode::Json
        } else {
            BodyMode::Text
        };
        draft.body_text = text;
    }
}

fn form_rows(v: Option<&Value>) -> Vec<FormRow> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|r| r.is_object())
        .map(|p| {
            let name = untemplate(&as_text(p.get("name")));
            let mut row = if str_at(p, "type") == Some("file") {
                FormRow::file(name, as_text(p.get("fileName")))
            } else {
                FormRow::text(name, untemplate(&as_text(p.get("value"))))
            };
            row.enabled = !flag(p, "disabled");
            row
        })
        .collect()
}

fn apply_auth(
    auth: Option<&Value>,
    draft: &mut RequestDraft,
    label: &str,
    notes: &mut Vec<String>,
) {
    let Some(auth) = auth.filter(|a| !flag(a, "disabled")) else {
        return;
    };
    let text = |key: &str| untemplate(&as_text(auth.get(key)));
    match str_at(auth, "type").unwrap_or("none") {
        "none" | "noauth" => {}
        "bearer" => {
            let prefix = text("prefix");
            if !prefix.is_empty() && !prefix.eq_ignore_ascii_case("bearer") {
                draft.headers.push(KvRow::new(
                    "Authorization",
                    format!("{prefix} {}", text("token")),
                ));
            } else {
                draft.auth.mode = AuthMode::Bearer;
                draft.auth.bearer_token = text("token");
            }
        }
        "basic" => basic_auth(
            &text("username"),
            &text("password"),
            label,
            &mut draft.headers,
            notes,
        ),
        "apikey" => {
            let key = text("key");
            let value = text("value");
            if str_at(auth, "addTo") == Some("queryParams") {
                draft.params.push(KvRow::new(key, value));
                draft.url = url_with_params(&draft.url, &draft.params);
            } else if key.trim().eq_ignore_ascii_case("x-api-key") {
                draft.auth.mode = AuthMode::ApiKey;
                draft.auth.api_key = value;
            } else {
                draft.headers.push(KvRow::new(key, value));
            }
        }
        other => notes.push(format!(
            "{label}: auth type '{other}' is not supported; imported without auth"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underscore_references() {
        assert_eq!(
            untemplate("{{ _.BASE }}/x/{{_.a.b}}/{{ c }}"),
            "{{BASE}}/x/{{a.b}}/{{c}}"
        );
        assert_eq!(
            untemplate("{% response 'body' %} {{"),
            "{% response 'body' %} {{"
        );
    }
}
