//! AYON's known mismatches between its OpenAPI spec and what the server really does
//! (section numbers below refer to the project's AYON API notes, `ayon-api.md`).
//!
//! * **Raw uploads.** These handlers read the request stream directly, so the spec declares no
//!   request body; the client must send the file bytes as the raw body (no multipart):
//!   - `PUT /api/desktop/installers/{filename}`, `PUT /api/desktop/dependencyPackages/{filename}`
//!     (§5.2) and `POST /api/addons/install` (§6.2): the file bytes, `Content-Type` ignored;
//!   - by the same pattern in the spec (an `upload_*` or thumbnail operation without a
//!     requestBody, and the server's shared upload handler): `POST .../files` (project file,
//!     name in `X-File-Name`), `POST .../versions/{version_id}/reviewables`, thumbnails
//!     (`POST .../thumbnails`, `PUT .../thumbnails/{thumbnail_id}`,
//!     `POST .../{folders|versions|tasks|workfiles}/{id}/thumbnail`; png or jpeg, else 415 per
//!     §2.2), `PUT /api/users/{user_name}/avatar` and `PUT /api/config/files/{file_type}`.
//! * **422.** Validation errors are documented as 422 `HTTPValidationError`, but AYON answers
//!   400 with an `errors[]` list (§2.1).
//! * **204 documented as 200.** Handlers that return an empty response object answer 204 while
//!   the spec says 200 (§4.3, §6.3, §10).

use crate::http::HttpMethod;

/// Raw-body upload operations (method, path template) that declare no request body.
const RAW_UPLOADS: &[(HttpMethod, &str)] = &[
    (HttpMethod::Put, "/api/desktop/installers/{filename}"),
    (
        HttpMethod::Put,
        "/api/desktop/dependencyPackages/{filename}",
    ),
    (HttpMethod::Post, "/api/addons/install"),
    (HttpMethod::Post, "/api/projects/{project_name}/files"),
    (
        HttpMethod::Post,
        "/api/projects/{project_name}/versions/{version_id}/reviewables",
    ),
    (HttpMethod::Post, "/api/projects/{project_name}/thumbnails"),
    (
        HttpMethod::Put,
        "/api/projects/{project_name}/thumbnails/{thumbnail_id}",
    ),
    (
        HttpMethod::Post,
        "/api/projects/{project_name}/folders/{folder_id}/thumbnail",
    ),
    (
        HttpMethod::Post,
        "/api/projects/{project_name}/versions/{version_id}/thumbnail",
    ),
    (
        HttpMethod::Post,
        "/api/projects/{project_name}/tasks/{task_id}/thumbnail",
    ),
    (
        HttpMethod::Post,
        "/api/projects/{project_name}/workfiles/{workfile_id}/thumbnail",
    ),
    (HttpMethod::Put, "/api/users/{user_name}/avatar"),
    (HttpMethod::Put, "/api/config/files/{file_type}"),
];

/// Operations that answer 204 although the spec documents 200.
const NO_CONTENT_NOT_200: &[(HttpMethod, &str)] = &[
    (HttpMethod::Put, "/api/users/{user_name}"),
    (HttpMethod::Patch, "/api/users/{user_name}"),
    (HttpMethod::Delete, "/api/users/{user_name}"),
    (HttpMethod::Patch, "/api/users/{user_name}/password"),
    (HttpMethod::Post, "/api/users/{user_name}/rename"),
    (
        HttpMethod::Delete,
        "/api/users/{user_name}/sessions/{session_id}",
    ),
    (HttpMethod::Patch, "/api/users/{user_name}/accessGroups"),
    (HttpMethod::Delete, "/api/addons/{addon_name}"),
    (
        HttpMethod::Delete,
        "/api/addons/{addon_name}/{addon_version}",
    ),
    (HttpMethod::Post, "/api/system/restart"),
];

/// The note on a documented 422.
pub(super) const VALIDATION_NOTE: &str =
    "AYON answers validation errors with 400 and an errors[] list, not 422";

/// The note on a documented 200 that is really 204.
pub(super) const NO_CONTENT_NOTE: &str =
    "AYON answers 204 No Content here (empty body), although the spec documents 200";

/// Whether this operation takes the file as the raw request body without declaring one.
pub(super) fn is_raw_upload(method: HttpMethod, path: &str, declares_body: bool) -> bool {
    !declares_body && RAW_UPLOADS.contains(&(method, path))
}

/// AYON's deviation for one documented response of an operation, if known.
/// Only 422s documented as `HTTPValidationError` get the 400 note: a real 422 (CSV import row
/// errors) has its own schema.
pub(super) fn response_note(
    method: HttpMethod,
    path: &str,
    status: &str,
    schema_name: Option<&str>,
) -> Option<String> {
    match status {
        "422" if schema_name == Some("HTTPValidationError") => Some(VALIDATION_NOTE.to_string()),
        "200" if NO_CONTENT_NOT_200.contains(&(method, path)) => Some(NO_CONTENT_NOTE.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_quirks() {
        assert!(is_raw_upload(
            HttpMethod::Put,
            "/api/desktop/installers/{filename}",
            false
        ));
        assert!(!is_raw_upload(
            HttpMethod::Put,
            "/api/desktop/installers/{filename}",
            true
        ));
        assert!(!is_raw_upload(
            HttpMethod::Get,
            "/api/addons/install",
            false
        ));
        let invalid = Some("HTTPValidationError");
        assert!(response_note(HttpMethod::Get, "/api/x", "422", invalid).is_some());
        assert!(response_note(HttpMethod::Get, "/api/x", "422", Some("RowError")).is_none());
        let user = "/api/users/{user_name}";
        assert!(response_note(HttpMethod::Put, user, "200", None).is_some());
        assert!(response_note(HttpMethod::Get, user, "200", None).is_none());
    }
}
