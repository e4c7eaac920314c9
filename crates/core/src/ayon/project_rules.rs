//! What a real AYON server does with a project request it should refuse: a name or code
//! outside `^[a-zA-Z0-9_]+$` makes it fail with 500 (a pydantic or Postgres error, on 1.11
//! and 1.16 alike), and 1.11 refuses a `POST /api/projects` without `anatomy`. Checked
//! before sending, so the user learns the rule instead of reading a traceback.

use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::{ServerVersion, project_needs_anatomy};
use crate::http::HttpMethod;

/// The rule AYON applies to project names and codes, as its models write it.
pub const PROJECT_NAME_RULE: &str = "^[a-zA-Z0-9_]+$";

/// What the server says when a 1.11 project POST lacks `anatomy`, turned into advice.
pub const ANATOMY_ADVICE: &str = "AYON 1.11 requires anatomy; send \"anatomy\": {} for the default";

/// Whether `text` passes [`PROJECT_NAME_RULE`].
pub fn is_valid_project_name(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Which project request `path` (no query) is, with the project name a PUT carries in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProjectRequest {
    /// `POST /api/projects`: create from an anatomy.
    Create,
    /// `PUT /api/projects/{name}`: low-level create or replace.
    Put {
        /// The name in the path, percent-decoded.
        name: String,
    },
}

impl ProjectRequest {
    /// `None` for any other request.
    pub fn of(method: HttpMethod, path: &str) -> Option<ProjectRequest> {
        let path = path.trim().trim_end_matches('/');
        match method {
            HttpMethod::Post if path == "/api/projects" => Some(ProjectRequest::Create),
            HttpMethod::Put => {
                let name = path.strip_prefix("/api/projects/")?;
                if name.is_empty() || name.contains('/') {
                    return None;
                }
                let name = percent_decode_str(name).decode_utf8_lossy().into_owned();
                Some(ProjectRequest::Put { name })
            }
            _ => None,
        }
    }
}

/// Warnings before sending `method path` with this JSON body (`None`: no body, or not
/// JSON) to `server` (`None`: its release is not known).
///
/// Values still holding a `{` (an unresolved `{{variable}}` or `{placeholder}`) are not
/// judged.
pub fn project_request_warnings(
    method: HttpMethod,
    path: &str,
    body: Option<&Value>,
    server: Option<&ServerVersion>,
) -> Vec<String> {
    let Some(request) = ProjectRequest::of(method, path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let field = |key: &str| body.and_then(|b| b.get(key)).and_then(Value::as_str);
    match &request {
        ProjectRequest::Create => {
            if let Some(name) = field("name") {
                out.extend(bad_value("name", name));
            }
        }
        ProjectRequest::Put { name } => out.extend(bad_value("name (in the path)", name)),
    }
    if let Some(code) = field("code") {
        out.extend(bad_value("code", code));
    }
    if request == ProjectRequest::Create
        && let Some(Value::Object(body)) = body
        && !body.contains_key("anatomy")
        && project_needs_anatomy(server)
    {
        let which = match server {
            Some(version) => format!("this server runs {version}"),
            None => "this server's release is not known".to_string(),
        };
        out.push(format!(
            "{ANATOMY_ADVICE} ({which}; without it 1.11 answers 400 \"anatomy: field \
             required\", 1.16 uses the default)."
        ));
    }
    out
}

/// The warning for a project `what` (name, code) that breaks the rule.
fn bad_value(what: &str, value: &str) -> Option<String> {
    if value.contains('{') || is_valid_project_name(value) {
        return None;
    }
    let shown = if value.is_empty() {
        "is empty".to_string()
    } else {
        format!("\"{value}\" breaks")
    };
    Some(format!(
        "The project {what} {shown} AYON's rule {PROJECT_NAME_RULE} (letters, digits and _ \
         only): the server would not refuse it but fail with a 500 (a pydantic or Postgres \
         error)."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v(text: &str) -> ServerVersion {
        ServerVersion::parse(text).unwrap_or_else(|| panic!("{text}"))
    }

    #[test]
    fn the_rule_is_letters_digits_and_underscore() {
        for good in ["demo", "demo_2", "ABC_123", "_"] {
            assert!(is_valid_project_name(good), "{good}");
        }
        for bad in ["", "bad code", "diff-p5", "é", "a.b", "a/b"] {
            assert!(!is_valid_project_name(bad), "{bad}");
        }
    }

    #[test]
    fn a_bad_code_or_name_in_a_post_is_named_with_the_rule() {
        let body = json!({"name": "diff-p5", "code": "bad code", "anatomy": {}});
        let warnings = project_request_warnings(
            HttpMethod::Post,
            "/api/projects",
            Some(&body),
            Some(&v("1.16.0")),
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("name \"diff-p5\""), "{warnings:?}");
        assert!(warnings[1].contains("code \"bad code\""), "{warnings:?}");
        assert!(
            warnings
                .iter()
                .all(|w| w.contains(PROJECT_NAME_RULE) && w.contains("500"))
        );
    }

    #[test]
    fn a_put_is_judged_by_its_path_name_and_body_code() {
        let body = json!({"code": "ok_code"});
        let warnings = project_request_warnings(
            HttpMethod::Put,
            "/api/projects/my%20project",
            Some(&body),
            None,
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("name (in the path) \"my project\""));
        let bad_code = json!({"code": "x-y"});
        let warnings =
            project_request_warnings(HttpMethod::Put, "/api/projects/fine", Some(&bad_code), None);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("code \"x-y\""),
            "no anatomy advice for a PUT"
        );
    }

    #[test]
    fn anatomy_is_asked_of_1_11_and_of_unknown_servers_only() {
        let body = json!({"name": "demo", "code": "demo"});
        let post = |server: Option<&ServerVersion>| {
            project_request_warnings(HttpMethod::Post, "/api/projects/", Some(&body), server)
        };
        let old = post(Some(&v("1.11.2+DEVELOP")));
        assert_eq!(old.len(), 1, "{old:?}");
        assert!(old[0].starts_with(ANATOMY_ADVICE), "{old:?}");
        assert!(old[0].contains("AYON 1.11.2"), "{old:?}");
        assert!(post(None)[0].contains("not known"));
        assert!(post(Some(&v("1.16.0"))).is_empty());
        let with = json!({"name": "demo", "code": "demo", "anatomy": {}});
        assert!(
            project_request_warnings(HttpMethod::Post, "/api/projects", Some(&with), None)
                .is_empty()
        );
    }

    #[test]
    fn other_requests_and_unresolved_values_are_left_alone() {
        let body = json!({"name": "bad name", "code": "{{code}}"});
        for (method, path) in [
            (HttpMethod::Get, "/api/projects"),
            (HttpMethod::Post, "/api/projects/demo/rename"),
            (HttpMethod::Patch, "/api/projects/bad-name"),
            (HttpMethod::Put, "/api/projects/demo/folders"),
            (HttpMethod::Post, "/api/users"),
        ] {
            assert!(
                project_request_warnings(method, path, Some(&body), None).is_empty(),
                "{method:?} {path}"
            );
        }
        let unresolved = json!({"name": "{{name}}", "code": "{{code}}", "anatomy": {}});
        assert!(
            project_request_warnings(HttpMethod::Post, "/api/projects", Some(&unresolved), None)
                .is_empty()
        );
        assert!(
            project_request_warnings(HttpMethod::Put, "/api/projects/{project_name}", None, None)
                .is_empty()
        );
        // No JSON body: nothing to say about anatomy (the server will list what is missing).
        assert!(project_request_warnings(HttpMethod::Post, "/api/projects", None, None).is_empty());
    }
}
