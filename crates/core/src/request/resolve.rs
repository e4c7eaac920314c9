//! Turns a [`RequestDraft`] into a [`RequestSpec`] ready to send.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::ayon::resolve_url;
use crate::http::{CREDENTIAL_HEADERS, FormPart, PartValue, RequestSpec, SpecBody};

use super::{BodyMode, FormKind, RequestDraft, RequestError};

/// Resolves URL, headers, auth and body. Relative body file paths are taken from
/// `base_dir` (the collection folder). The error names what must be fixed.
pub fn build_spec(
    draft: &RequestDraft,
    server_url: &str,
    session_token: Option<&str>,
    timeout: Duration,
    base_dir: Option<&Path>,
) -> Result<RequestSpec, RequestError> {
    let filled = super::fill_path_params(&draft.url, &draft.path_params)?;
    let url = resolve_url(server_url, &filled)?;
    let mut spec = RequestSpec::new(draft.method, url).timeout(timeout);
    spec.follow_redirects = draft.follow_redirects;
    let mut has_content_type = false;
    for row in draft.headers.iter().filter(|r| r.enabled) {
        let name = row.name.trim();
        if name.is_empty() {
            if row.value.trim().is_empty() {
                continue;
            }
            return Err(RequestError::HeaderWithoutName {
                value: row.value.clone(),
            });
        }
        has_content_type |= name.eq_ignore_ascii_case("content-type");
        spec.headers.push((name.to_string(), row.value.clone()));
        // Credentials typed into the headers table are masked like the auth tab's.
        if CREDENTIAL_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            let value = row.value.trim();
            let secret = value
                .split_once(' ')
                .filter(|(scheme, _)| !scheme.is_empty() && scheme.len() < 16)
                .map(|(_, rest)| rest.trim())
                .unwrap_or(value);
            spec = spec.secret(secret.to_string());
        }
    }
    for (name, value) in draft.auth.headers(session_token)? {
        spec.headers.push((name, value));
    }
    for secret in draft.auth.secret_values(session_token) {
        spec = spec.secret(secret);
    }
    if let (false, Some(content_type)) = (has_content_type, draft.body_mode.content_type()) {
        spec.headers
            .push(("Content-Type".into(), content_type.to_string()));
    }
    spec.body = match draft.body_mode {
        BodyMode::None => SpecBody::Empty,
        BodyMode::Json | BodyMode::Text => {
            SpecBody::Bytes(bytes::Bytes::from(draft.body_text.clone()))
        }
        BodyMode::GraphQl => SpecBody::Bytes(draft.graphql.to_bytes()?.into()),
        BodyMode::File => {
            if draft.body_file.trim().is_empty() {
                return Err(RequestError::NoBodyFile);
            }
            SpecBody::File {
                path: body_path(&draft.body_file, base_dir),
                len: None,
            }
        }
        BodyMode::Multipart => SpecBody::Multipart(form_parts(draft, base_dir)?),
    };
    Ok(spec)
}

/// `spec` with the secret values substituted from `{{variables}}` masked wherever it is
/// shown, in every form they take on the way (percent-encoded in the URL, a path
/// parameter's segment, form-encoded, JSON-escaped, base64: see
/// [`crate::secret::forms::encodings`]).
pub fn mask_variable_secrets(mut spec: RequestSpec, secrets: Vec<String>) -> RequestSpec {
    for secret in secrets {
        let segment = super::encode_path_segment(&secret);
        for form in crate::secret::forms::encodings(&secret)
            .into_iter()
            .chain([segment])
        {
            if !spec.secrets.contains(&form) {
                spec = spec.secret(form);
            }
        }
    }
    spec.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    spec
}

/// `path` as typed, with a relative one taken from `base_dir` (the collection folder).
pub fn body_path(path: &str, base_dir: Option<&Path>) -> PathBuf {
    let path = Path::new(path.trim());
    match base_dir {
        Some(base) if path.is_relative() => base.join(path),
        _ => path.to_path_buf(),
    }
}

fn form_parts(
    draft: &RequestDraft,
    base_dir: Option<&Path>,
) -> Result<Vec<FormPart>, RequestError> {
    let mut parts = Vec::new();
    for row in draft.form.iter().filter(|r| r.enabled && !r.is_blank()) {
        let name = row.name.trim();
        if name.is_empty() {
            return Err(RequestError::FormFieldWithoutName {
                value: row.value.clone(),
            });
        }
        let value = match row.kind {
            FormKind::Text => PartValue::Text(row.value.clone()),
            FormKind::File if row.value.trim().is_empty() => {
                return Err(RequestError::FormFieldWithoutFile {
                    name: name.to_string(),
                });
            }
            FormKind::File => PartValue::File(body_path(&row.value, base_dir)),
        };
        parts.push(FormPart {
            name: name.to_string(),
            value,
            content_type: Some(row.content_type.trim().to_string()).filter(|c| !c.is_empty()),
            file_name: None,
        });
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ayon::AuthMode;
    use crate::request::KvRow;

    #[test]
    fn file_bodies_resolve_against_the_collection_folder() {
        use crate::request::FormRow;
        let root = Path::new("/team/requests");
        let mut draft = RequestDraft::get("/api/addons/install");
        draft.auth.mode = AuthMode::None;
        draft.body_mode = BodyMode::File;
        let err = build_spec(&draft, "http://h", None, Duration::from_secs(1), Some(root))
            .unwrap_err()
            .to_string();
        assert!(err.contains("no file is chosen"), "{err}");
        draft.body_file = "files/labtest-0.1.0.zip".into();
        let spec =
            build_spec(&draft, "http://h", None, Duration::from_secs(1), Some(root)).unwrap();
        assert_eq!(
            spec.body,
            SpecBody::File {
                path: root.join("files/labtest-0.1.0.zip"),
                len: None
            }
        );
        assert!(
            spec.headers
                .contains(&("Content-Type".into(), "application/octet-stream".into()))
        );
        draft.body_file = "/abs/x.zip".into();
        let spec =
            build_spec(&draft, "http://h", None, Duration::from_secs(1), Some(root)).unwrap();
        assert!(
            matches!(spec.body, SpecBody::File { ref path, .. } if path == Path::new("/abs/x.zip"))
        );

        draft.body_mode = BodyMode::Multipart;
        draft.form = vec![
            FormRow::text("note", "hi"),
            FormRow::file("file", "files/a.zip"),
            FormRow {
                enabled: false,
                ..FormRow::file("off", "x")
            },
            FormRow::text("", ""),
        ];
        let spec =
            build_spec(&draft, "http://h", None, Duration::from_secs(1), Some(root)).unwrap();
        let SpecBody::Multipart(parts) = &spec.body else {
            panic!("not a form: {:?}", spec.body);
        };
        assert_eq!(parts.len(), 2, "disabled and blank rows are left out");
        assert_eq!(parts[1].value, PartValue::File(root.join("files/a.zip")));
        assert!(!spec.headers.iter().any(|(n, _)| n == "Content-Type"));
        draft.form[3] = FormRow::file("empty", "");
        let err = build_spec(&draft, "http://h", None, Duration::from_secs(1), Some(root))
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"empty\" has no file chosen"), "{err}");
    }

    #[test]
    fn draft_becomes_spec_with_auth_and_content_type() {
        let mut draft = RequestDraft::get("/api/projects?active=true");
        draft.method = crate::http::HttpMethod::Post;
        draft.body_mode = BodyMode::Json;
        draft.body_text = "{}".into();
        draft.headers.push(KvRow {
            enabled: false,
            ..KvRow::new("X-Off", "1")
        });
        let token = "a".repeat(64);
        let spec = build_spec(
            &draft,
            "http://h:5000",
            Some(&token),
            Duration::from_secs(5),
            None,
        )
        .unwrap();
        assert_eq!(spec.url.as_str(), "http://h:5000/api/projects?active=true");
        let names: Vec<&str> = spec.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Accept", "Authorization", "Content-Type"]);
        assert_eq!(
            spec.mask(&format!("Bearer {token}")),
            "Bearer aaaa…(64 chars)"
        );
    }

    #[test]
    fn problems_are_named() {
        let draft = RequestDraft::get("/api/projects");
        let err = build_spec(&draft, "http://h", None, Duration::from_secs(1), None)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("Not logged in"), "{err}");
        let mut draft = RequestDraft::get("/x");
        draft.auth.mode = AuthMode::None;
        draft.headers.push(KvRow::new("", "orphan"));
        let err = build_spec(&draft, "http://h", None, Duration::from_secs(1), None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("orphan"), "{err}");
    }
}

#[cfg(test)]
mod masking_tests {
    use super::*;
    use crate::ayon::AuthMode;
    use crate::request::KvRow;

    #[test]
    fn credentials_typed_as_headers_are_masked() {
        let mut draft = RequestDraft::get("/api/users/me");
        draft.auth.mode = AuthMode::None;
        draft
            .headers
            .push(KvRow::new("authorization", "Bearer 0123456789abcdef0123"));
        draft
            .headers
            .push(KvRow::new("X-Api-Key", "fe26e8249ae7cfcbf6c6"));
        let spec = build_spec(&draft, "http://h", None, Duration::from_secs(1), None).unwrap();
        let shown = format!("{spec:?}");
        assert!(!shown.contains("0123456789abcdef0123"), "{shown}");
        assert!(!shown.contains("fe26e8249ae7cfcbf6c6"), "{shown}");
        assert!(shown.contains("Bearer 0123…(20 chars)"), "{shown}");
    }
}
