//! Path parameters: the `{name}` placeholders of a URL's path (as the endpoint catalog
//! writes them, `/api/projects/{project_name}`) and the table of their values.
//!
//! The URL keeps the placeholders, so the request stays a template that can be saved and
//! sent again with other values; the values are put in (percent-encoded) when sending.
//! `{{variables}}` are not placeholders: they are resolved before, from the environment.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::{KvRow, RequestError};

/// What a value may not carry unescaped inside one path segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// One `{name}` placeholder: its name and byte range in the URL.
struct Placeholder {
    name: String,
    range: std::ops::Range<usize>,
}

/// The placeholders of the path part (before `?` or `#`), in order.
fn scan(url: &str) -> Vec<Placeholder> {
    let path_end = url.find(['?', '#']).unwrap_or(url.len());
    let path = &url[..path_end];
    let bytes = path.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'{' {
            i += 1;
            continue;
        }
        // `{{variable}}`: skip it whole.
        if bytes.get(i + 1) == Some(&b'{') {
            i = path[i..].find("}}").map_or(bytes.len(), |end| i + end + 2);
            continue;
        }
        let Some(len) = path[i + 1..].find(['}', '{', '/']) else {
            break;
        };
        let end = i + 1 + len;
        let name = path[i + 1..end].trim();
        let valid = bytes[end] == b'}'
            && !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if valid {
            found.push(Placeholder {
                name: name.to_string(),
                range: i..end + 1,
            });
            i = end + 1;
        } else {
            i = end;
        }
    }
    found
}

/// Where the path starts in `url` (after `scheme://host` or a leading `{{variable}}`)
/// and the path itself, without query or fragment: what the catalog's paths look like.
pub fn path_of(url: &str) -> (usize, &str) {
    let url_end = url.find(['?', '#']).unwrap_or(url.len());
    let head = &url[..url_end];
    let start = if let Some(after) = head.find("://").map(|i| i + 3) {
        head[after..].find('/').map_or(head.len(), |i| after + i)
    } else if head.starts_with("{{") {
        head.find("}}").map_or(0, |i| i + 2)
    } else {
        0
    };
    (start, &head[start..])
}

/// The distinct placeholder names of `url`'s path, in order.
pub fn path_param_names(url: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for p in scan(url) {
        if !names.contains(&p.name) {
            names.push(p.name);
        }
    }
    names
}

/// One row per placeholder of `url`, keeping the values already typed for those names.
pub fn merge_path_params(url: &str, existing: &[KvRow]) -> Vec<KvRow> {
    path_param_names(url)
        .into_iter()
        .map(|name| {
            let value = existing
                .iter()
                .find(|row| row.name == name)
                .map(|row| row.value.clone())
                .unwrap_or_default();
            KvRow::new(name, value)
        })
        .collect()
}

/// `value` percent-encoded as one path segment, the way it is sent (history redacts
/// secrets in this form too).
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value.trim(), SEGMENT).to_string()
}

/// `url` with each placeholder replaced by its value, percent-encoded as one path
/// segment. A placeholder without a value is an error naming it, and so is `.` or `..`,
/// which URL normalisation would turn into a different path.
pub fn fill_path_params(url: &str, rows: &[KvRow]) -> Result<String, RequestError> {
    let placeholders = scan(url);
    if placeholders.is_empty() {
        return Ok(url.to_string());
    }
    let mut out = String::with_capacity(url.len());
    let mut last = 0;
    let mut missing = Vec::new();
    for p in placeholders {
        out.push_str(&url[last..p.range.start]);
        match rows.iter().find(|row| row.name == p.name) {
            Some(row) if matches!(row.value.trim(), "." | "..") => {
                return Err(RequestError::PathParamChangesPath {
                    name: p.name.clone(),
                    value: row.value.trim().to_owned(),
                });
            }
            Some(row) if !row.value.trim().is_empty() => {
                out.push_str(&encode_path_segment(&row.value));
            }
            _ => {
                if !missing.contains(&p.name) {
                    missing.push(p.name.clone());
                }
                out.push_str(&url[p.range.clone()]);
            }
        }
        last = p.range.end;
    }
    out.push_str(&url[last..]);
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(RequestError::PathParamsMissing { names: missing })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_placeholders_in_the_path_only() {
        assert_eq!(
            path_param_names("/api/projects/{project_name}/folders/{folder_id}?q={x}"),
            ["project_name", "folder_id"]
        );
        assert_eq!(
            path_param_names("{{server}}/api/projects/{project_name}"),
            ["project_name"]
        );
        assert!(path_param_names("/api/{{var}}/x").is_empty());
        assert!(path_param_names("/api/{not closed").is_empty());
        assert!(path_param_names("/api/{}/x").is_empty());
        assert!(path_param_names("/api/{a b}/x").is_empty());
        assert_eq!(path_param_names("/a/{n}/b/{n}"), ["n"]);
    }

    #[test]
    fn the_path_is_found_behind_a_server_or_variable() {
        assert_eq!(path_of("/api/projects?x=1"), (0, "/api/projects"));
        assert_eq!(path_of("http://h:5000/api/info#x"), (13, "/api/info"));
        assert_eq!(path_of("{{server}}/api/users/me"), (10, "/api/users/me"));
        assert_eq!(path_of("http://h"), (8, ""));
        assert_eq!(path_of(""), (0, ""));
    }

    #[test]
    fn rows_follow_the_url_and_keep_typed_values() {
        let rows = merge_path_params("/api/projects/{project_name}", &[]);
        assert_eq!(rows, [KvRow::new("project_name", "")]);
        let typed = [KvRow::new("project_name", "demo")];
        let rows = merge_path_params("/api/projects/{project_name}/folders/{folder_id}", &typed);
        assert_eq!(
            rows,
            [
                KvRow::new("project_name", "demo"),
                KvRow::new("folder_id", "")
            ]
        );
        assert!(merge_path_params("/api/projects", &typed).is_empty());
    }

    #[test]
    fn values_are_encoded_as_one_segment() {
        let dots = fill_path_params("/api/{v}", &[KvRow::new("v", "..")])
            .expect_err("dots")
            .to_string();
        assert!(dots.contains("{v}"), "{dots}");
        assert_eq!(
            fill_path_params("/api/{v}", &[KvRow::new("v", "a\\b")]).as_deref(),
            Ok("/api/a%5Cb")
        );
        let rows = [KvRow::new("file", "a b/c?.zip"), KvRow::new("p", "demo")];
        assert_eq!(
            fill_path_params("http://h/api/{p}/files/{file}?x={p}", &rows).as_deref(),
            Ok("http://h/api/demo/files/a%20b%2Fc%3F.zip?x={p}")
        );
        assert_eq!(
            fill_path_params("/api/info", &[]).as_deref(),
            Ok("/api/info")
        );
    }

    #[test]
    fn a_missing_value_is_named() {
        let error = fill_path_params("/api/projects/{project_name}/x/{id}", &[])
            .expect_err("no values")
            .to_string();
        assert!(error.contains("{project_name}, {id}"), "{error}");
        let rows = [KvRow::new("project_name", " ")];
        let error = fill_path_params("/api/projects/{project_name}", &rows)
            .expect_err("blank")
            .to_string();
        assert!(error.contains("{project_name} has no value"), "{error}");
    }
}
