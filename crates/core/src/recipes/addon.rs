//! Installing an addon from a zip and checking it is loaded (ayon-api.md §6; fixtures
//! 60-68): read the zip's manifest here first, `POST` the raw zip to
//! `/api/addons/install`, follow the install event to its end. AYON loads new addons
//! only at a restart ([`super::restart_server`]); [`addon_listed`] then tells.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::ayon::{AddonLayout, AddonZipError, AddonZipInfo, read_addon_zip};
use crate::http::{HttpMethod, Progress, SpecBody, human_bytes};

use super::event::wait_for_event;
use super::explain::Action;
use super::target::{json_of, unexpected};
use super::{RecipeError, RecipeRun, RecipeTarget, StepState};

/// How often the install event is read.
pub const EVENT_POLL: Duration = Duration::from_millis(300);
/// How long an install may take before the recipe stops waiting.
pub const EVENT_WAIT: Duration = Duration::from_secs(120);

/// What an install reported.
#[derive(Clone, Debug, PartialEq)]
pub struct AddonInstalled {
    /// The addon name, from the zip's manifest.
    pub name: String,
    /// The addon version, from the zip's manifest.
    pub version: String,
    /// The `addon.install` event's ID.
    pub event_id: String,
    /// The event's final status (`finished`).
    pub status: String,
    /// The event's final description, e.g. `Addon labtest 0.1.0 installed`.
    pub description: String,
}

/// The sentence every install ends with: what `finished` does and does not mean.
pub const RESTART_NOTE: &str = "AYON loads new addons only after a server restart: until \
     then GET /api/addons does not list it. And \"finished\" is not proof: AYON reports \
     finished even when unpacking failed, so restart and check the addon list.";

/// Reads the zip's manifest (refusing a zip AYON would refuse, before sending), `POST`s
/// the raw zip to `/api/addons/install` with progress, then polls the install event
/// every [`EVENT_POLL`] for up to [`EVENT_WAIT`] until it is `finished` (`Ok`) or
/// `failed` (`Err`). Each stage is a step of `run`; the last one is the
/// [`RESTART_NOTE`].
pub async fn install_addon(
    client: &impl crate::http::ClientFor,
    target: &RecipeTarget,
    zip: &Path,
    run: &RecipeRun,
) -> Result<AddonInstalled, RecipeError> {
    let shown = zip
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| zip.display().to_string());
    let id = run.begin(format!("Reading the addon manifest in {shown}…"));
    let info = run.check(id, read_manifest(zip, &shown).await)?;
    run.done(
        id,
        format!(
            "{shown} holds addon {} {} ({})",
            info.name, info.version, info.manifest_file
        ),
    );

    let size = tokio::fs::metadata(zip).await.map(|m| m.len()).unwrap_or(0);
    let uploading = run.new_phase(Progress::new());
    let id = run.begin(format!(
        "Uploading {shown} ({}) to /api/addons/install…",
        human_bytes(size)
    ));
    let mut spec = target
        .request(HttpMethod::Post, &["api", "addons", "install"])?
        // AYON ignores the type of raw uploads; this one says what the bytes are.
        .header("Content-Type", "application/zip");
    spec.body = SpecBody::File {
        path: zip.to_path_buf(),
        len: None,
    };
    let exchange = run.check(
        id,
        target
            .call(client, &spec, &Action::InstallAddon, Some(uploading))
            .await,
    )?;
    let event_id = run.check(id, event_id_of(&exchange))?;
    let sent = u64::try_from(exchange.request.body_len).unwrap_or(size);
    run.new_phase(Progress::completed(
        "Uploaded",
        sent,
        exchange.timings.total,
    ));
    run.done(id, format!("Uploaded {shown}; install event {event_id}"));
    run.set_event(&event_id);

    let (event, id) =
        wait_for_event(client, target, &event_id, run, EVENT_POLL, EVENT_WAIT).await?;
    if event.is_failure() {
        let err = RecipeError::Server {
            status: exchange.response.status,
            detail: event.description.clone(),
            explanation: format!(
                "AYON could not install addon {} {}: the install event ended {} \
                 (\"{}\").",
                info.name, info.version, event.status, event.description
            ),
        };
        run.fail(id, &err);
        return Err(err);
    }
    run.done(
        id,
        format!("Install event {}: {}", event.status, event.description),
    );
    run.info(RESTART_NOTE);
    Ok(AddonInstalled {
        name: info.name,
        version: info.version,
        event_id,
        status: event.status,
        description: event.description,
    })
}

/// `GET /api/addons`: whether addon `name` lists `version`, recorded as a step either
/// way (a listed but broken version is recorded as failed, with AYON's reason).
pub async fn addon_listed(
    client: &impl crate::http::ClientFor,
    target: &RecipeTarget,
    name: &str,
    version: &str,
    run: &RecipeRun,
) -> Result<bool, RecipeError> {
    let id = run.begin(format!("Looking for {name} {version} in the addon list…"));
    let spec = target.request(HttpMethod::Get, &["api", "addons"])?;
    let exchange = run.check(
        id,
        target.call(client, &spec, &Action::ListAddons, None).await,
    )?;
    let body = run.check(id, json_of(&exchange, "an addon list"))?;
    let Some(addons) = body.get("addons").and_then(Value::as_array) else {
        let err = unexpected(&exchange, "an addon list", &"no \"addons\" array");
        run.fail(id, &err);
        return Err(err);
    };
    let listed = addons
        .iter()
        .filter(|a| a.get("name").and_then(Value::as_str) == Some(name))
        .find_map(|a| a.get("versions").and_then(|v| v.get(version)));
    match listed {
        Some(entry) if entry.get("isBroken").and_then(Value::as_bool) == Some(true) => {
            let reason = entry
                .pointer("/reason/error")
                .and_then(Value::as_str)
                .unwrap_or("no reason given");
            run.fail(
                id,
                &format!("{name} {version} is listed but broken: {reason}"),
            );
            Ok(true)
        }
        Some(_) => {
            run.done(id, format!("{name} {version} is listed"));
            Ok(true)
        }
        None => {
            run.finish(
                id,
                format!("{name} {version} is not listed"),
                StepState::Info,
            );
            Ok(false)
        }
    }
}

/// The zip's manifest, read on a blocking thread; a zip AYON would refuse (no
/// manifest, a manifest without name or version, `manifest.json` without `addon/`)
/// is an [`RecipeError::Invalid`] naming what is missing.
async fn read_manifest(zip: &Path, shown: &str) -> Result<AddonZipInfo, RecipeError> {
    let path = zip.to_path_buf();
    let read = tokio::task::spawn_blocking(move || read_addon_zip(&path))
        .await
        .map_err(|e| RecipeError::Invalid(format!("Reading {shown} stopped: {e}")))?;
    let info = read.map_err(|e| RecipeError::Invalid(zip_problem(shown, &e)))?;
    if info.layout == AddonLayout::ManifestJson && !info.has_addon_dir {
        return Err(RecipeError::Invalid(format!(
            "{shown} has a manifest.json but no addon/ folder with the server code: \
             AYON would fail to unpack it. Nothing was sent."
        )));
    }
    Ok(info)
}

fn zip_problem(shown: &str, err: &AddonZipError) -> String {
    match err {
        AddonZipError::NoManifest => format!(
            "{shown} has no addon manifest at its root: AYON needs manifest.json (with \
             addon_name and addon_version, plus the code in addon/), or package.yaml, \
             package.yml or package.py (with name and version). Nothing was sent."
        ),
        AddonZipError::Io(e) => format!("Could not read {shown}: {e}"),
        other => format!("{shown} is not an addon AYON can install: {other}. Nothing was sent."),
    }
}

/// The `eventId` of the install answer (fixture 61).
fn event_id_of(exchange: &crate::http::Exchange) -> Result<String, RecipeError> {
    let body = json_of(exchange, "an install event ID")?;
    match body.get("eventId").and_then(Value::as_str) {
        Some(id) if !id.is_empty() => Ok(id.to_string()),
        _ => Err(unexpected(
            exchange,
            "an install event ID",
            &"no \"eventId\"",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &str)]) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in entries {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(text.as_bytes()).unwrap();
        }
        let bytes = writer.finish().unwrap().into_inner();
        file.write_all(&bytes).unwrap();
        file
    }

    #[tokio::test]
    async fn manifests_are_read_and_bad_zips_named() {
        let good = zip_of(&[
            (
                "manifest.json",
                r#"{"addon_name":"lab","addon_version":"0.1.0"}"#,
            ),
            ("addon/__init__.py", ""),
        ]);
        let info = read_manifest(good.path(), "good.zip").await.unwrap();
        assert_eq!(
            (info.name.as_str(), info.version.as_str()),
            ("lab", "0.1.0")
        );

        let none = zip_of(&[("addon/__init__.py", "")]);
        let err = read_manifest(none.path(), "none.zip").await.unwrap_err();
        assert!(
            matches!(&err, RecipeError::Invalid(m) if m.contains("no addon manifest") && m.contains("manifest.json")),
            "{err}"
        );

        let no_code = zip_of(&[(
            "manifest.json",
            r#"{"addon_name":"lab","addon_version":"0.1.0"}"#,
        )]);
        let err = read_manifest(no_code.path(), "nocode.zip")
            .await
            .unwrap_err();
        assert!(
            matches!(&err, RecipeError::Invalid(m) if m.contains("no addon/ folder")),
            "{err}"
        );

        let no_version = zip_of(&[
            ("manifest.json", r#"{"addon_name":"lab"}"#),
            ("addon/__init__.py", ""),
        ]);
        let err = read_manifest(no_version.path(), "nov.zip")
            .await
            .unwrap_err();
        assert!(
            matches!(&err, RecipeError::Invalid(m) if m.contains("addon_version")),
            "{err}"
        );
    }
}
