//! AYON's error answers, explained for the user in terms of what the recipe was doing
//! (ayon-api.md §2, §5, §6; fixtures 29b, 45, 45b, 45c, 46, 46b, 51b, 67b, 67c).

use crate::ayon::AyonErrorBody;

use super::error::FORCE_HINT;
use super::{PackageKind, RecipeError};

/// What a recipe was doing when AYON answered; decides how an error is explained.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// `POST /api/desktop/{kind}` with a manifest.
    CreateManifest {
        /// Installer or dependency package.
        kind: PackageKind,
        /// The manifest's `filename`.
        filename: String,
    },
    /// `PUT /api/desktop/{kind}/{filename}` with the raw file.
    UploadFile {
        /// Installer or dependency package.
        kind: PackageKind,
        /// The name on the server.
        filename: String,
    },
    /// `GET /api/desktop/{kind}`.
    ListPackages(PackageKind),
    /// `DELETE /api/desktop/{kind}/{filename}`.
    DeletePackage {
        /// Installer or dependency package.
        kind: PackageKind,
        /// The name on the server.
        filename: String,
    },
    /// `POST /api/addons/install` with the raw zip.
    InstallAddon,
    /// `GET /api/events/{id}`.
    ReadEvent {
        /// The event ID.
        id: String,
    },
    /// `GET /api/addons`.
    ListAddons,
    /// `POST /api/system/restart`.
    Restart,
}

impl Action {
    /// `registering the installer manifest for x.exe`: for "… while {doing}".
    fn doing(&self) -> String {
        match self {
            Action::CreateManifest { kind, filename } => {
                format!("registering the {} manifest for {filename}", kind.noun())
            }
            Action::UploadFile { filename, .. } => format!("uploading {filename}"),
            Action::ListPackages(kind) => format!("listing {}", kind.plural()),
            Action::DeletePackage { kind, filename } => {
                format!("deleting the {} {filename}", kind.noun())
            }
            Action::InstallAddon => "uploading the addon zip".into(),
            Action::ReadEvent { id } => format!("reading the install event {id}"),
            Action::ListAddons => "listing addons".into(),
            Action::Restart => "asking the server to restart".into(),
        }
    }

    /// `create installers`: for "Only admins can …".
    fn admin_action(&self) -> String {
        match self {
            Action::CreateManifest { kind, .. } => format!("create {}", kind.plural()),
            Action::UploadFile { kind, .. } => format!("upload {}", kind.plural()),
            Action::ListPackages(kind) => format!("list {}", kind.plural()),
            Action::DeletePackage { kind, .. } => format!("delete {}", kind.plural()),
            Action::InstallAddon => "install addons".into(),
            Action::ReadEvent { .. } => "read this event".into(),
            Action::ListAddons => "list addons".into(),
            Action::Restart => "restart the server".into(),
        }
    }
}

/// AYON's error answer `status` (`reason` is the status line's phrase, `body` the
/// response body) to `action`, as a [`RecipeError::Server`] the user can act on.
pub fn explain(action: &Action, status: u16, reason: &str, body: &[u8]) -> RecipeError {
    let decoded = AyonErrorBody::decode(status, body).unwrap_or_default();
    let detail = decoded
        .detail
        .clone()
        .or_else(|| short_text(body))
        .unwrap_or_else(|| reason.to_string());
    let explanation = explanation(action, status, reason, &detail, &decoded);
    RecipeError::Server {
        status,
        detail,
        explanation,
    }
}

fn explanation(
    action: &Action,
    status: u16,
    reason: &str,
    detail: &str,
    decoded: &AyonErrorBody,
) -> String {
    let doing = action.doing();
    match status {
        400 if !decoded.issues.is_empty() => fields_refused(decoded),
        400 if detail.eq_ignore_ascii_case("Empty file") => {
            "The file is empty: AYON refuses empty uploads (\"Empty file\") and removes \
             any file already stored under that name."
                .into()
        }
        400 => format!("AYON refused the request while {doing}: \"{detail}\"."),
        401 => format!(
            "AYON did not accept the credentials (\"{detail}\"): log in again, or check \
             the API key."
        ),
        403 if detail.to_ascii_lowercase().contains("custom addon") => format!(
            "This server does not allow custom addons to be uploaded (\"{detail}\"): its \
             allowCustomAddons setting is off."
        ),
        403 => {
            let only_admins = format!("Only admins can {}", action.admin_action());
            // Quote AYON only when it says more than we do.
            let said = if detail.eq_ignore_ascii_case(&only_admins) {
                String::new()
            } else {
                format!(" (AYON answered \"{detail}\")")
            };
            format!("{only_admins}{said}: log in as an admin, or use an admin's API key.")
        }
        404 => not_found(action, detail),
        409 => conflict(action, detail),
        413 => format!(
            "A proxy in front of AYON limits the request body size and refused this \
             file (413 {reason}); AYON itself sets no limit. Raise the proxy's limit \
             (e.g. nginx client_max_body_size) or upload from a network without it."
        ),
        500 if detail.contains("same version and platform") => format!(
            "Another installer on the server already has this version and platform \
             (\"{detail}\"): AYON keeps one installer per version and platform, so \
             delete that one or use another version."
        ),
        500 if detail.contains("BadZipFile") => {
            format!("The file is not a zip archive: AYON could not open it (\"{detail}\").")
        }
        500 => format!(
            "AYON failed while {doing}: \"{detail}\" (an error inside the server; its \
             log has the details)."
        ),
        502..=504 => format!(
            "The server did not answer properly while {doing} ({status} {reason}): it \
             may be restarting or overloaded; try again in a moment."
        ),
        _ => format!("AYON answered {status} {reason} while {doing}: \"{detail}\"."),
    }
}

/// A 400 validation error: the fields AYON names in `errors[]`.
fn fields_refused(decoded: &AyonErrorBody) -> String {
    let fields: Vec<String> = decoded
        .issues
        .iter()
        .map(|issue| {
            let field = issue
                .location
                .strip_prefix("body.")
                .unwrap_or(&issue.location);
            format!("{field} ({})", issue.message)
        })
        .collect();
    let mut text = format!("AYON refused these fields: {}.", fields.join(", "));
    if decoded
        .issues
        .iter()
        .any(|i| i.location == "body.pythonVersion")
    {
        text.push_str(" AYON 1.11 needs a Python version for installers.");
    }
    text
}

fn not_found(action: &Action, detail: &str) -> String {
    match action {
        Action::UploadFile { kind, filename } => format!(
            "The server has no {} manifest for {filename}, so it refused the file \
             (\"{detail}\"): the manifest must be registered first. Was it deleted \
             meanwhile?",
            kind.noun()
        ),
        Action::DeletePackage { kind, filename } => format!(
            "The {} {filename} is not on the server (\"{detail}\"): already deleted?",
            kind.noun()
        ),
        Action::ReadEvent { id } => {
            format!("The install event {id} is not on the server (\"{detail}\").")
        }
        _ => format!(
            "AYON has no such endpoint or item while {} (\"{detail}\"): an older server?",
            action.doing()
        ),
    }
}

fn conflict(action: &Action, detail: &str) -> String {
    match action {
        Action::CreateManifest { kind, filename } => format!(
            "The {} {filename} already exists on the server; {FORCE_HINT}.",
            kind.noun()
        ),
        Action::InstallAddon => format!(
            "AYON refused the zip as an unsupported addon format (\"{detail}\"): it \
             needs a manifest at the zip root, manifest.json with addon_name and \
             addon_version (and the server code in addon/), or package.yaml / \
             package.py with name and version."
        ),
        _ => format!(
            "AYON reports a conflict while {}: \"{detail}\".",
            action.doing()
        ),
    }
}

/// A body short enough to quote (a proxy's one-line answer), else nothing.
fn short_text(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?.trim();
    let quotable = !text.is_empty()
        && text.len() <= 200
        && !text.contains('<')
        && !text.contains(['\n', '\r']);
    quotable.then(|| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn installer_manifest() -> Action {
        Action::CreateManifest {
            kind: PackageKind::Installer,
            filename: "AYON-1.2.3-linux.tar.gz".into(),
        }
    }

    fn explained(action: &Action, status: u16, reason: &str, body: &str) -> (String, String) {
        match explain(action, status, reason, body.as_bytes()) {
            RecipeError::Server {
                status: s,
                detail,
                explanation,
            } => {
                assert_eq!(s, status);
                (detail, explanation)
            }
            other => panic!("not a server error: {other:?}"),
        }
    }

    #[test]
    fn manifest_conflict_offers_force() {
        // Fixture 45.
        let body = r#"{"code":409,"detail":"Installer already exists"}"#;
        let err = explain(&installer_manifest(), 409, "Conflict", body.as_bytes());
        assert!(err.already_exists());
        let text = err.to_string();
        assert!(text.contains("already exists on the server"), "{text}");
        assert!(text.contains("?force=true"), "{text}");
        // Fixture 51b.
        let deps = Action::CreateManifest {
            kind: PackageKind::DependencyPackage,
            filename: "deps-linux.zip".into(),
        };
        let body = r#"{"code":409,"detail":"Dependency package deps-linux.zip already exists"}"#;
        let err = explain(&deps, 409, "Conflict", body.as_bytes());
        assert!(err.already_exists());
        assert!(
            err.to_string()
                .contains("dependency package deps-linux.zip")
        );
    }

    #[test]
    fn addon_install_conflict_is_a_bad_zip_not_a_duplicate() {
        // Fixture 67b.
        let body = r#"{"code":409,"detail":"Unsupported addon format"}"#;
        let err = explain(&Action::InstallAddon, 409, "Conflict", body.as_bytes());
        assert!(!err.already_exists());
        let text = err.to_string();
        assert!(text.contains("unsupported addon format"), "{text}");
        assert!(text.contains("manifest.json"), "{text}");
    }

    #[test]
    fn forbidden_names_the_admin_only_action_or_the_custom_addon_rule() {
        // Fixture 29b.
        let body = r#"{"code":403,"detail":"Only admins can create installers"}"#;
        let (detail, text) = explained(&installer_manifest(), 403, "Forbidden", body);
        assert_eq!(detail, "Only admins can create installers");
        assert!(
            text.starts_with("Only admins can create installers:"),
            "{text}"
        );
        assert_eq!(
            text,
            "Only admins can create installers: log in as an admin, or use an admin's API key."
        );
        let (_, text) = explained(
            &Action::Restart,
            403,
            "Forbidden",
            r#"{"code":403,"detail":"Forbidden"}"#,
        );
        assert_eq!(
            text,
            "Only admins can restart the server (AYON answered \"Forbidden\"): log in as an \
             admin, or use an admin's API key."
        );
        let body = r#"{"code":403,"detail":"Custom addons uploads are not allowed"}"#;
        let (_, text) = explained(&Action::InstallAddon, 403, "Forbidden", body);
        assert!(text.contains("does not allow custom addons"), "{text}");
        assert!(
            text.contains("Custom addons uploads are not allowed"),
            "{text}"
        );
    }

    #[test]
    fn upload_without_manifest_says_the_manifest_is_missing() {
        // Fixture 46.
        let action = Action::UploadFile {
            kind: PackageKind::Installer,
            filename: "nomanifest.tar.gz".into(),
        };
        let body = r#"{"code":404,"detail":"Installer manifest nomanifest.tar.gz not found"}"#;
        let (_, text) = explained(&action, 404, "Not Found", body);
        assert!(
            text.contains("no installer manifest for nomanifest.tar.gz"),
            "{text}"
        );
        assert!(text.contains("registered first"), "{text}");
    }

    #[test]
    fn same_version_and_platform_names_the_other_installer() {
        // Fixture 45b: a 500, not a 409.
        let body = r#"{"code":500,"detail":"Installer with the same version and platform already exists"}"#;
        let err = explain(
            &installer_manifest(),
            500,
            "Internal Server Error",
            body.as_bytes(),
        );
        assert!(!err.already_exists());
        assert!(
            err.to_string()
                .contains("Another installer on the server already has this version and platform"),
            "{err}"
        );
    }

    #[test]
    fn validation_errors_list_the_fields() {
        // Fixture 45c.
        let body = r#"{"code":400,"detail":"Request validation error in [POST] /api/desktop/installers","path":"/api/desktop/installers","traceback":"platform: field required\nversion: field required\npythonVersion: field required","errors":[{"loc":["body","platform"],"msg":"field required","type":"value_error.missing"},{"loc":["body","version"],"msg":"field required","type":"value_error.missing"},{"loc":["body","pythonVersion"],"msg":"field required","type":"value_error.missing"}]}"#;
        let (_, text) = explained(&installer_manifest(), 400, "Bad Request", body);
        assert!(
            text.starts_with(
                "AYON refused these fields: platform (field required), version (field \
                 required), pythonVersion (field required)."
            ),
            "{text}"
        );
        assert!(text.contains("needs a Python version"), "{text}");
    }

    #[test]
    fn empty_file_and_proxy_limits_are_named() {
        // Fixture 46b.
        let upload = Action::UploadFile {
            kind: PackageKind::Installer,
            filename: "x.tar.gz".into(),
        };
        let (_, text) = explained(
            &upload,
            400,
            "Bad Request",
            r#"{"code":400,"detail":"Empty file"}"#,
        );
        assert!(text.starts_with("The file is empty"), "{text}");
        // nginx answers with HTML: the status line's phrase is quoted instead.
        let (detail, text) = explained(
            &upload,
            413,
            "Payload Too Large",
            "<html><body>413 Request Entity Too Large</body></html>",
        );
        assert_eq!(detail, "Payload Too Large");
        assert!(text.contains("A proxy in front of AYON limits"), "{text}");
    }

    #[test]
    fn other_answers_are_quoted_with_what_was_being_done() {
        // Fixture 67c: `status`, not `code`.
        let body = r#"{"status":500,"detail":"zipfile.BadZipFile: File is not a zip file","traceback":"..."}"#;
        let (_, text) = explained(&Action::InstallAddon, 500, "Internal Server Error", body);
        assert!(text.starts_with("The file is not a zip archive"), "{text}");
        let (_, text) = explained(
            &Action::ListAddons,
            401,
            "Unauthorized",
            r#"{"code":401,"detail":"Invalid session"}"#,
        );
        assert!(
            text.contains("Invalid session") && text.contains("log in again"),
            "{text}"
        );
        let delete = Action::DeletePackage {
            kind: PackageKind::DependencyPackage,
            filename: "d.zip".into(),
        };
        let (_, text) = explained(&delete, 404, "Not Found", "{}");
        assert!(text.contains("already deleted?"), "{text}");
        let (detail, text) = explained(&Action::ListAddons, 418, "I'm a teapot", "short and stout");
        assert_eq!(detail, "short and stout");
        assert_eq!(
            text,
            "AYON answered 418 I'm a teapot while listing addons: \"short and stout\"."
        );
        let (_, text) = explained(&Action::Restart, 502, "Bad Gateway", "");
        assert!(text.contains("may be restarting"), "{text}");
    }
}
