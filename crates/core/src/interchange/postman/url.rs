//! A Postman URL (a string, or an object with raw/host/path/query/variable) as the
//! draft's URL, params and path params. `:name` path segments become `{name}`.

use serde_json::Value;

use super::common::{as_text, flag, str_at};
use crate::request::{KvRow, merge_path_params, params_from_url, url_with_params};

/// URL, query rows and path-parameter rows of a request.
pub(super) struct UrlParts {
    pub url: String,
    pub params: Vec<KvRow>,
    pub path_params: Vec<KvRow>,
}

/// Reads the request's `url` field (missing: empty).
pub(super) fn read(url: Option<&Value>) -> UrlParts {
    let (raw, query, variables) = match url {
        Some(Value::String(s)) => (s.clone(), None, None),
        Some(obj @ Value::Object(_)) => {
            let raw = str_at(obj, "raw")
                .map(str::to_string)
                .unwrap_or_else(|| build_raw(obj));
            (
                raw,
                obj.get("query").and_then(Value::as_array),
                obj.get("variable").and_then(Value::as_array),
            )
        }
        _ => (String::new(), None, None),
    };
    let url = colon_to_braces(raw.trim());
    let params = match query {
        Some(rows) => rows.iter().filter_map(query_row).collect(),
        None => params_from_url(&url),
    };
    // The URL's query must mirror the enabled rows; rebuild it only when it does not
    // (so a URL as typed keeps its look).
    let enabled: Vec<KvRow> = params
        .iter()
        .filter(|r| r.enabled && !r.is_blank())
        .cloned()
        .collect();
    let url = if params_from_url(&url) == enabled {
        url
    } else {
        url_with_params(&url, &params)
    };
    let values: Vec<KvRow> = variables
        .into_iter()
        .flatten()
        .filter_map(|v| {
            let key = str_at(v, "key").or_else(|| str_at(v, "id"))?;
            Some(KvRow::new(key, as_text(v.get("value"))))
        })
        .collect();
    let path_params = merge_path_params(&url, &values);
    UrlParts {
        url,
        params,
        path_params,
    }
}

fn query_row(v: &Value) -> Option<KvRow> {
    if !v.is_object() {
        return None;
    }
    Some(KvRow {
        enabled: !flag(v, "disabled"),
        name: as_text(v.get("key")),
        value: as_text(v.get("value")),
    })
}

/// A URL from the object's parts when it has no `raw`.
fn build_raw(obj: &Value) -> String {
    let join = |key: &str, sep: &str| match obj.get(key) {
        Some(Value::Array(parts)) => parts
            .iter()
            .map(|p| match p {
                Value::Object(_) => as_text(p.get("value")),
                other => as_text(Some(other)),
            })
            .collect::<Vec<_>>()
            .join(sep),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    let mut out = String::new();
    if let Some(protocol) = str_at(obj, "protocol") {
        out.push_str(protocol);
        out.push_str("://");
    }
    out.push_str(&join("host", "."));
    if let Some(port) = obj.get("port") {
        out.push(':');
        out.push_str(&as_text(Some(port)));
    }
    let path = join("path", "/");
    if !path.is_empty() {
        if !path.starts_with('/') {
            out.push('/');
        }
        out.push_str(&path);
    }
    if let Some(Value::Array(q)) = obj.get("query") {
        let rows: Vec<KvRow> = q.iter().filter_map(query_row).collect();
        out = url_with_params(&out, &rows);
    }
    out
}

/// `/:id/` path segments as `/{id}/`; the query and a `host:port` are left alone.
pub(crate) fn colon_to_braces(url: &str) -> String {
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    let (path, rest) = url.split_at(cut);
    let segments: Vec<String> = path
        .split('/')
        .map(|seg| match seg.strip_prefix(':') {
            Some(name) if is_placeholder_name(name) => format!("{{{name}}}"),
            _ => seg.to_string(),
        })
        .collect();
    format!("{}{rest}", segments.join("/"))
}

fn is_placeholder_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colons_become_braces() {
        assert_eq!(
            colon_to_braces("http://h:8080/a/:id/b/:x?y=:z"),
            "http://h:8080/a/{id}/b/{x}?y=:z"
        );
        assert_eq!(colon_to_braces("{{base}}/:a"), "{{base}}/{a}");
    }

    #[test]
    fn object_without_raw() {
        let v = serde_json::json!({"protocol": "https", "host": ["api", "x", "com"],
            "path": ["v1", ":id"], "query": [{"key": "a", "value": "1"}],
            "variable": [{"key": "id", "value": "7"}]});
        let p = read(Some(&v));
        assert_eq!(p.url, "https://api.x.com/v1/{id}?a=1");
        assert_eq!(p.path_params, vec![KvRow::new("id", "7")]);
    }
}
