//! Warnings before sending, about what the server the request goes to would do with it
//! (a project name it would crash on, a project without the `anatomy` 1.11 requires).

use serde_json::Value;

use crate::ayon::ServerVersion;
use crate::ayon::project_rules::{ProjectRequest, project_request_warnings};
use crate::collection::variables::{VariableSet, resolve_for_display};

use super::{BodyMode, KvRow, RequestDraft, fill_path_params, path_of, same_server};

/// Bodies longer than this are not parsed for warnings (a project's body is small).
const MAX_CHECKED_BODY: usize = 64 * 1024;

/// What the app knows of the server typed in the connection bar.
#[derive(Clone, Copy, Debug)]
pub struct KnownServer<'a> {
    /// Its URL, as typed.
    pub url: &'a str,
    /// Its release, when known.
    pub version: Option<&'a ServerVersion>,
}

impl KnownServer<'_> {
    /// The release of the server `request_url` goes to: this server's for a relative URL
    /// or one under its URL; unknown for another server.
    pub fn version_for(&self, request_url: &str) -> Option<&ServerVersion> {
        let url = request_url.trim();
        let relative = !url.contains("://") && !url.starts_with("{{");
        let under = url
            .strip_prefix(self.url.trim().trim_end_matches('/'))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']));
        let ours = relative || under || same_server(url, self.url);
        self.version.filter(|_| ours)
    }
}

/// The warnings for the draft as it would be sent now (variables as they resolve now).
pub fn server_warnings(
    draft: &RequestDraft,
    variables: &VariableSet,
    server: KnownServer<'_>,
) -> Vec<String> {
    let url = resolve_for_display(&draft.url, variables);
    let rows: Vec<KvRow> = draft
        .path_params
        .iter()
        .map(|row| KvRow {
            value: resolve_for_display(&row.value, variables),
            ..row.clone()
        })
        .collect();
    let url = fill_path_params(&url, &rows).unwrap_or(url);
    let (_, path) = path_of(&url);
    // Cheap test first: most requests are not about projects.
    if ProjectRequest::of(draft.method, path).is_none() {
        return Vec::new();
    }
    let body = (draft.body_mode == BodyMode::Json && draft.body_text.len() <= MAX_CHECKED_BODY)
        .then(|| serde_json::from_str::<Value>(&resolve_for_display(&draft.body_text, variables)))
        .and_then(Result::ok);
    project_request_warnings(draft.method, path, body.as_ref(), server.version_for(&url))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::HttpMethod;

    fn post(url: &str, body: &str) -> RequestDraft {
        RequestDraft {
            method: HttpMethod::Post,
            body_mode: BodyMode::Json,
            body_text: body.into(),
            ..RequestDraft::get(url)
        }
    }

    #[test]
    fn the_known_release_counts_only_for_its_own_server() {
        let v116 = ServerVersion::parse("1.16.0");
        let server = KnownServer {
            url: "http://ayon.lan:5000/",
            version: v116.as_ref(),
        };
        assert!(server.version_for("/api/projects").is_some());
        assert!(
            server
                .version_for("http://ayon.lan:5000/api/projects")
                .is_some()
        );
        assert!(
            server
                .version_for("http://ayon.lan:50001/api/projects")
                .is_none()
        );
        assert!(server.version_for("https://other/api/projects").is_none());
        assert!(server.version_for("{{base_url}}/api/projects").is_none());
    }

    #[test]
    fn a_project_post_is_checked_with_variables_resolved() {
        let vars = VariableSet::new();
        let v111 = ServerVersion::parse("1.11.2+DEVELOP");
        let server = KnownServer {
            url: "http://ayon.lan:5000",
            version: v111.as_ref(),
        };
        let draft = post("/api/projects", r#"{"name": "demo", "code": "bad code"}"#);
        let warnings = server_warnings(&draft, &vars, server);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("\"bad code\""), "{warnings:?}");
        assert!(warnings[1].contains("AYON 1.11.2"), "{warnings:?}");
        // To another server, the release is not known (still advised).
        let elsewhere = post("https://other/api/projects", r#"{"name": "demo"}"#);
        let warnings = server_warnings(&elsewhere, &vars, server);
        assert!(warnings[0].contains("not known"), "{warnings:?}");
        // A path parameter holding the name.
        let mut put = post("/api/projects/{project_name}", r#"{"code": "ok"}"#);
        put.method = HttpMethod::Put;
        put.path_params = vec![KvRow::new("project_name", "my-project")];
        let warnings = server_warnings(&put, &vars, server);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("\"my-project\""), "{warnings:?}");
        // Anything else is not parsed at all.
        let other = post("/api/users/x", r#"{"name": "bad name"}"#);
        assert!(server_warnings(&other, &vars, server).is_empty());
    }
}
