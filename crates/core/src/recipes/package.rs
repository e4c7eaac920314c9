//! Uploading and deleting desktop installers and dependency packages: hash the file,
//! register its manifest, `PUT` the raw bytes, then check the listing names the file
//! with a `{"type":"server"}` source (ayon-api.md §5; fixtures 40-57).

use std::path::Path;
use std::time::Instant;

use serde_json::Value;

use crate::http::{HttpMethod, Progress, SpecBody, human_bytes, human_duration};

use super::checksum::sha256_file;
use super::explain::Action;
use super::manifest::manifest_json;
use super::target::{json_of, unexpected};
use super::{PackageForm, PackageKind, RecipeError, RecipeRun, RecipeTarget};

/// What an upload achieved.
#[derive(Clone, Debug, PartialEq)]
pub struct PackageUploaded {
    /// The name on the server.
    pub filename: String,
    /// Bytes uploaded.
    pub size: u64,
    /// Lowercase hex sha256 of the file, as sent in the manifest.
    pub sha256: String,
    /// Whether the listing afterwards shows the file with a `{"type":"server"}` source,
    /// i.e. the server holds the bytes.
    pub listed_with_server_source: bool,
}

/// `["api", "desktop", "installers"]` and the like.
fn endpoint_segments(kind: PackageKind) -> Vec<&'static str> {
    kind.endpoint()
        .split('/')
        .filter(|s| !s.is_empty())
        .collect()
}

/// Hashes the file (sha256 and size; `run.progress()` counts the bytes read), `POST`s
/// the manifest (`?force=true` when `form.force`), `PUT`s the raw file with progress,
/// then lists the kind and checks the file has a `{"type":"server"}` source. Each
/// stage is a step of `run`.
pub async fn upload_package(
    client: &impl crate::http::ClientFor,
    target: &RecipeTarget,
    form: &PackageForm,
    run: &RecipeRun,
) -> Result<PackageUploaded, RecipeError> {
    let shown = display_name(&form.file);
    let id = run.begin(format!("Checking {shown}…"));
    let len = run.check(id, check_form(form).await)?;
    run.done(id, format!("{shown}: {}", human_bytes(len)));

    let hashing = run.new_phase(Progress::with_verb("Hashing"));
    let id = run.begin(format!("Computing the sha256 of {shown}…"));
    let hash_started = Instant::now();
    let (size, sha256) = run.check(id, sha256_file(&form.file, hashing).await)?;
    run.new_phase(Progress::completed("Hashed", size, hash_started.elapsed()));
    run.done(id, format!("sha256 {sha256} ({})", human_bytes(size)));

    let noun = form.kind.noun();
    let filename = &form.filename;
    let replacing = if form.force {
        ", replacing the existing one (?force=true)"
    } else {
        ""
    };
    let id = run.begin(format!(
        "Registering the {noun} manifest for {filename}{replacing}…"
    ));
    let mut spec = target.request(HttpMethod::Post, &endpoint_segments(form.kind))?;
    if form.force {
        spec.url.query_pairs_mut().append_pair("force", "true");
    }
    let spec = spec.json_body(&manifest_json(form, size, &sha256));
    let action = Action::CreateManifest {
        kind: form.kind,
        filename: filename.clone(),
    };
    let exchange = run.check(id, target.call(client, &spec, &action, None).await)?;
    run.done(
        id,
        format!(
            "Registered the {noun} manifest for {filename}{replacing} ({})",
            exchange.response.status
        ),
    );

    let uploading = run.new_phase(Progress::new());
    let id = run.begin(format!("Uploading {filename} ({})…", human_bytes(size)));
    let mut segments = endpoint_segments(form.kind);
    segments.push(filename);
    let mut spec = target
        .request(HttpMethod::Put, &segments)?
        // AYON ignores the type of raw uploads; this one says what the bytes are.
        .header("Content-Type", "application/octet-stream");
    spec.body = SpecBody::File {
        path: form.file.clone(),
        // The size that was hashed: a file that changed since is refused.
        len: Some(size),
    };
    let action = Action::UploadFile {
        kind: form.kind,
        filename: filename.clone(),
    };
    let exchange = run.check(
        id,
        target.call(client, &spec, &action, Some(uploading)).await,
    )?;
    // Keeps showing how the upload went, not the empty answer that followed it.
    run.new_phase(Progress::completed(
        "Uploaded",
        size,
        exchange.timings.total,
    ));
    run.done(
        id,
        format!(
            "Uploaded {filename}: {} in {}",
            human_bytes(size),
            human_duration(exchange.timings.total)
        ),
    );

    let id = run.begin(format!("Checking the {} list…", form.kind.plural()));
    let listed = match list_packages(client, target, form.kind).await {
        Ok(list) => {
            let entry = list
                .iter()
                .find(|p| p.get("filename").and_then(Value::as_str) == Some(filename));
            match entry {
                Some(entry) if has_server_source(entry) => {
                    run.done(id, format!("{filename} is listed with a server source"));
                    true
                }
                Some(_) => {
                    run.fail(
                        id,
                        &format!(
                            "{filename} is listed without a {{\"type\":\"server\"}} source: \
                             the server does not hold the file"
                        ),
                    );
                    false
                }
                None => {
                    run.fail(id, &format!("{filename} is not listed"));
                    false
                }
            }
        }
        // The upload itself went through: say why it could not be confirmed.
        Err(e) => {
            run.fail(id, &e);
            false
        }
    };
    Ok(PackageUploaded {
        filename: filename.clone(),
        size,
        sha256,
        listed_with_server_source: listed,
    })
}

/// `DELETE /api/desktop/{kind}/{filename}`: removes the manifest and the file.
pub async fn delete_package(
    client: &impl crate::http::ClientFor,
    target: &RecipeTarget,
    kind: PackageKind,
    filename: &str,
) -> Result<(), RecipeError> {
    let mut segments = endpoint_segments(kind);
    segments.push(filename);
    let spec = target.request(HttpMethod::Delete, &segments)?;
    let action = Action::DeletePackage {
        kind,
        filename: filename.to_string(),
    };
    target.call(client, &spec, &action, None).await?;
    Ok(())
}

/// The manifests AYON lists for `kind` (`installers` / `packages` of the answer).
pub async fn list_packages(
    client: &impl crate::http::ClientFor,
    target: &RecipeTarget,
    kind: PackageKind,
) -> Result<Vec<Value>, RecipeError> {
    let spec = target.request(HttpMethod::Get, &endpoint_segments(kind))?;
    let exchange = target
        .call(client, &spec, &Action::ListPackages(kind), None)
        .await?;
    let what = format!("a {{\"{}\": [...]}} list", kind.list_key());
    let body = json_of(&exchange, &what)?;
    match body.get(kind.list_key()).and_then(Value::as_array) {
        Some(list) => Ok(list.clone()),
        None => Err(unexpected(
            &exchange,
            &what,
            &format!("no \"{}\" array", kind.list_key()),
        )),
    }
}

/// Whether a listed manifest says the server holds the file.
fn has_server_source(entry: &Value) -> bool {
    entry
        .get("sources")
        .and_then(Value::as_array)
        .is_some_and(|sources| {
            sources
                .iter()
                .any(|s| s.get("type").and_then(Value::as_str) == Some("server"))
        })
}

/// The form's checks, then the file's: it must be a non-empty regular file. Returns
/// its size.
async fn check_form(form: &PackageForm) -> Result<u64, RecipeError> {
    form.validate()?;
    let path = &form.file;
    let meta = tokio::fs::metadata(path)
        .await
        .map_err(|e| RecipeError::Invalid(format!("Could not read {}: {e}", path.display())))?;
    if !meta.is_file() {
        return Err(RecipeError::Invalid(format!(
            "{} is not a file.",
            path.display()
        )));
    }
    if meta.len() == 0 {
        return Err(RecipeError::Invalid(format!(
            "{} is empty: AYON refuses empty uploads (\"Empty file\") and deletes the file \
             already stored under that name. Nothing was sent.",
            path.display()
        )));
    }
    Ok(meta.len())
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn server_sources_are_recognised() {
        // Fixtures 41b, 43 and 55b.
        assert!(!has_server_source(&json!({"filename": "a", "sources": []})));
        assert!(has_server_source(
            &json!({"filename": "a", "sources": [{"type": "server"}]})
        ));
        assert!(has_server_source(&json!({"sources": [
            {"type": "http", "url": "http://x"}, {"type": "server"}
        ]})));
        assert!(!has_server_source(&json!({"filename": "a"})));
        assert_eq!(
            endpoint_segments(PackageKind::DependencyPackage),
            ["api", "desktop", "dependencyPackages"]
        );
    }

    #[tokio::test]
    async fn empty_and_missing_files_are_refused_before_sending() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.exe");
        std::fs::write(&empty, b"").unwrap();
        let mut form = PackageForm {
            kind: PackageKind::Installer,
            file: empty,
            filename: "empty.exe".into(),
            platform: super::super::Platform::Windows,
            version: "1.0.0".into(),
            python_version: String::new(),
            source_addons: Vec::new(),
            force: false,
        };
        let err = check_form(&form).await.unwrap_err();
        assert!(
            matches!(&err, RecipeError::Invalid(m) if m.contains("Empty file")),
            "{err}"
        );
        form.file = dir.path().join("missing.exe");
        assert!(matches!(
            check_form(&form).await,
            Err(RecipeError::Invalid(_))
        ));
        form.file = dir.path().to_path_buf();
        assert!(
            matches!(check_form(&form).await, Err(RecipeError::Invalid(m)) if m.contains("not a file"))
        );
    }
}
