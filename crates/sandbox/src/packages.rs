//! Desktop installers and dependency packages: their manifests (ayon-api.md §5.1,
//! fixtures 41 and 51), how a manifest body is validated, and how a record is
//! rendered in the listings (fixtures 41b, 43, 53, 55b).
//!
//! Both kinds share one record type; [`PackageKind`] tells them apart and
//! carries the texts that differ between them on the real server.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::errors::{ApiError, LOGGING_FRAME, ValidationIssue};

use super::request::{Body, Validator};
use super::storage::{Blob, StoredKind};

/// The platforms a package can be for.
pub const PLATFORMS: [&str; 3] = ["windows", "linux", "darwin"];
/// Accepted checksum algorithms.
pub const CHECKSUM_ALGORITHMS: [&str; 3] = ["md5", "sha1", "sha256"];
/// Source types; `url` is accepted as the legacy name of `http`.
pub const SOURCE_TYPES: [&str; 2] = ["server", "http"];

/// Sources pointing here are hidden from listings by the real server.
const HIDDEN_SOURCE_PREFIX: &str = "https://download.ynput.cloud";

/// Installers or dependency packages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageKind {
    /// `/api/desktop/installers`.
    Installer,
    /// `/api/desktop/dependencyPackages`.
    DependencyPackage,
}

impl PackageKind {
    /// The folder under `/storage/desktop` where the real server keeps them.
    pub fn storage_folder(self) -> &'static str {
        match self {
            PackageKind::Installer => "installers",
            PackageKind::DependencyPackage => "dependency_packages",
        }
    }

    /// The unhandled error the real server raises when it writes the manifest of
    /// a file name that is not a plain file name (`a/../b.zip`: more/1167), or
    /// `None` when the name can be stored.
    pub fn unstorable_filename(self, filename: &str) -> Option<ApiError> {
        let plain = !filename.contains(['/', '\\', '\0']) && !matches!(filename, "." | "..");
        if plain {
            return None;
        }
        let detail = format!(
            "FileNotFoundError: [Errno 2] No such file or directory: \
             '/storage/desktop/{}/{filename}.json'",
            self.storage_folder()
        );
        Some(ApiError::unhandled(
            detail,
            &[
                LOGGING_FRAME,
                "api/desktop/installers.py:214\nasync with aiofiles.open(payload.path, \"w\") as f:",
            ],
        ))
    }

    /// The key of the list in `GET` responses.
    pub fn list_key(self) -> &'static str {
        match self {
            PackageKind::Installer => "installers",
            PackageKind::DependencyPackage => "packages",
        }
    }

    /// Where uploaded files of this kind are kept.
    pub fn stored_kind(self) -> StoredKind {
        match self {
            PackageKind::Installer => StoredKind::Installer,
            PackageKind::DependencyPackage => StoredKind::DependencyPackage,
        }
    }

    /// The 403 detail for a non-admin doing `action`, worded as the real
    /// server words each one (fixture 29b for creating installers).
    pub fn forbidden(self, action: Action) -> &'static str {
        match (self, action) {
            (PackageKind::Installer, Action::Create) => "Only admins can create installers",
            (PackageKind::Installer, Action::Upload) => "Only admins can upload installers",
            (PackageKind::Installer, Action::Patch) => "Only admins can patch installers",
            (PackageKind::Installer, Action::Delete) => "Only admins can delete installers",
            (PackageKind::DependencyPackage, Action::Create) => {
                "Only admins can save dependency packages."
            }
            (PackageKind::DependencyPackage, Action::Upload) => {
                "Only admins can upload dependency packages."
            }
            (PackageKind::DependencyPackage, Action::Patch) => {
                "Only admins can update dependency packages"
            }
            (PackageKind::DependencyPackage, Action::Delete) => {
                "Only admins can delete dependency packages"
            }
        }
    }

    /// The 404 detail when no manifest has this filename (fixture 46).
    pub fn manifest_not_found(self, filename: &str) -> String {
        match self {
            PackageKind::Installer => format!("Installer manifest {filename} not found"),
            PackageKind::DependencyPackage => {
                format!("Dependency package manifest {filename} not found")
            }
        }
    }

    /// The 409 detail when the filename is taken (fixtures 45 and 51b).
    pub fn already_exists(self, filename: &str) -> String {
        match self {
            PackageKind::Installer => "Installer already exists".into(),
            PackageKind::DependencyPackage => {
                format!("Dependency package {filename} already exists")
            }
        }
    }
}

/// The admin-only actions, for their 403 texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `POST` a manifest.
    Create,
    /// `PUT` the file.
    Upload,
    /// `PATCH` the sources.
    Patch,
    /// `DELETE` manifest and file.
    Delete,
}

/// One installer or dependency package: its manifest as sent, plus the file
/// once uploaded.
#[derive(Debug)]
pub struct PackageRecord {
    /// `filename`, the key.
    pub filename: String,
    /// `windows`, `linux` or `darwin`.
    pub platform: String,
    /// `size` as the client sent it (never checked, as on the real server).
    pub size: Option<i64>,
    /// `checksum` as sent (never checked).
    pub checksum: Option<String>,
    /// `checksumAlgorithm`.
    pub checksum_algorithm: Option<String>,
    /// `sources` as sent or patched, without the implicit server source.
    pub sources: Vec<Value>,
    /// Installer `version`, or dependency package `installerVersion`.
    pub version: String,
    /// `pythonVersion` (required for installers in 1.11.2).
    pub python_version: Option<String>,
    /// `pythonModules`.
    pub python_modules: Map<String, Value>,
    /// Installers only: `runtimePythonModules`.
    pub runtime_python_modules: Map<String, Value>,
    /// Dependency packages only: `sourceAddons`, without null versions.
    pub source_addons: Map<String, Value>,
    /// The uploaded file, if any.
    pub file: Option<Blob>,
}

impl PackageRecord {
    /// Validates a manifest body the way pydantic checks the real model, field
    /// by field in model order; `None` when there were issues (recorded in `v`).
    pub fn from_body(kind: PackageKind, v: &mut Validator, body: &Body) -> Option<PackageRecord> {
        let obj = v.body_object(body)?;
        // 1.11.2's model has no pattern for it: see `unstorable_filename`.
        let filename = v.required_str(obj, &["filename"]);
        let platform = v.required_const(obj, &["platform"], &PLATFORMS);
        let size = v.optional_int(obj, &["size"]);
        let checksum = v.optional_str(obj, &["checksum"]);
        let checksum_algorithm = v.optional_const(
            obj,
            &["checksumAlgorithm", "checksum_algorithm"],
            &CHECKSUM_ALGORITHMS,
        );
        let sources = read_sources(v, obj);
        let (version, python_version) = match kind {
            PackageKind::Installer => {
                let version = v.required_str(obj, &["version"]);
                let python = v.required_str(obj, &["pythonVersion", "python_version"]);
                (version, python)
            }
            PackageKind::DependencyPackage => {
                let python = v.optional_str(obj, &["pythonVersion", "python_version"]);
                let version = v.required_str(obj, &["installerVersion", "installer_version"]);
                (version, python)
            }
        };
        let source_addons = match kind {
            PackageKind::DependencyPackage => v
                .optional_object(obj, &["sourceAddons", "source_addons"])
                .unwrap_or_default()
                .into_iter()
                // The real server drops addons whose version is null.
                .filter(|(_, version)| !version.is_null())
                .collect(),
            PackageKind::Installer => Map::new(),
        };
        let python_modules = v
            .optional_object(obj, &["pythonModules", "python_modules"])
            .unwrap_or_default();
        let runtime_python_modules = match kind {
            PackageKind::Installer => v
                .optional_object(obj, &["runtimePythonModules", "runtime_python_modules"])
                .unwrap_or_default(),
            PackageKind::DependencyPackage => Map::new(),
        };
        if !v.is_ok() {
            return None;
        }
        Some(PackageRecord {
            filename: filename?,
            platform: platform?,
            size,
            checksum,
            checksum_algorithm,
            sources,
            version: version?,
            python_version,
            python_modules,
            runtime_python_modules,
            source_addons,
            file: None,
        })
    }

    /// The manifest as listed: fields in the real model's order, unset optional
    /// fields left out, and `{"type":"server"}` first among the sources once a
    /// file is stored.
    pub fn to_json(&self, kind: PackageKind) -> Value {
        let mut obj = Map::new();
        obj.insert("filename".into(), json!(self.filename));
        obj.insert("platform".into(), json!(self.platform));
        if let Some(size) = self.size {
            obj.insert("size".into(), json!(size));
        }
        if let Some(checksum) = &self.checksum {
            obj.insert("checksum".into(), json!(checksum));
        }
        if let Some(algorithm) = &self.checksum_algorithm {
            obj.insert("checksumAlgorithm".into(), json!(algorithm));
        }
        obj.insert("sources".into(), Value::Array(self.listed_sources()));
        match kind {
            PackageKind::Installer => {
                obj.insert("version".into(), json!(self.version));
                if let Some(python) = &self.python_version {
                    obj.insert("pythonVersion".into(), json!(python));
                }
                obj.insert("pythonModules".into(), json!(self.python_modules));
                obj.insert(
                    "runtimePythonModules".into(),
                    json!(self.runtime_python_modules),
                );
            }
            PackageKind::DependencyPackage => {
                if let Some(python) = &self.python_version {
                    obj.insert("pythonVersion".into(), json!(python));
                }
                obj.insert("installerVersion".into(), json!(self.version));
                obj.insert("sourceAddons".into(), json!(self.source_addons));
                obj.insert("pythonModules".into(), json!(self.python_modules));
            }
        }
        Value::Object(obj)
    }

    fn listed_sources(&self) -> Vec<Value> {
        let mut sources: Vec<Value> = self
            .sources
            .iter()
            .filter(|s| {
                !s.get("url")
                    .and_then(Value::as_str)
                    .is_some_and(|u| u.starts_with(HIDDEN_SOURCE_PREFIX))
            })
            .cloned()
            .collect();
        let has_server = sources.iter().any(|s| s["type"] == "server");
        if self.file.is_some() && !has_server {
            sources.insert(0, json!({"type": "server"}));
        }
        sources
    }
}

/// The `sources` list: each item a `{"type", "url"?}` object.
pub fn read_sources(v: &mut Validator, obj: &Map<String, Value>) -> Vec<Value> {
    let Some(items) = v.optional_list(obj, &["sources"]) else {
        return Vec::new();
    };
    let mut sources = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let loc = |field: Option<&str>| {
            let mut loc = vec![json!("body"), json!("sources"), json!(index)];
            loc.extend(field.map(|f| json!(f)));
            loc
        };
        let Value::Object(source) = item else {
            v.push(ValidationIssue::new(
                loc(None),
                "value is not a valid dict",
                "type_error.dict",
            ));
            continue;
        };
        let kind = match source.get("type") {
            None => {
                v.push(ValidationIssue::new(
                    loc(Some("type")),
                    "field required",
                    "value_error.missing",
                ));
                None
            }
            // The legacy name, renamed by a pre-validator on the real server.
            Some(Value::String(t)) if t == "url" => Some("http".to_owned()),
            other => v.const_at(loc(Some("type")), other, &SOURCE_TYPES),
        };
        let url = v.optional_str_at(loc(Some("url")), source.get("url"));
        if let Some(kind) = kind {
            let mut out = Map::new();
            out.insert("type".into(), json!(kind));
            if let Some(url) = url {
                out.insert("url".into(), json!(url));
            }
            sources.push(Value::Object(out));
        }
    }
    sources
}

/// Both kinds' records, keyed by filename.
#[derive(Debug, Default)]
pub struct DesktopFiles {
    installers: BTreeMap<String, PackageRecord>,
    dependency_packages: BTreeMap<String, PackageRecord>,
}

impl DesktopFiles {
    /// The records of one kind.
    pub fn of(&self, kind: PackageKind) -> &BTreeMap<String, PackageRecord> {
        match kind {
            PackageKind::Installer => &self.installers,
            PackageKind::DependencyPackage => &self.dependency_packages,
        }
    }

    /// The records of one kind, to change.
    pub fn of_mut(&mut self, kind: PackageKind) -> &mut BTreeMap<String, PackageRecord> {
        match kind {
            PackageKind::Installer => &mut self.installers,
            PackageKind::DependencyPackage => &mut self.dependency_packages,
        }
    }

    /// The record with this filename, or the real server's 404 (fixture 46).
    pub fn manifest_mut(
        &mut self,
        kind: PackageKind,
        filename: &str,
    ) -> Result<&mut PackageRecord, ApiError> {
        self.of_mut(kind)
            .get_mut(filename)
            .ok_or_else(|| ApiError::not_found(kind.manifest_not_found(filename)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{QueryParams, RequestInfo};

    fn info() -> RequestInfo {
        RequestInfo {
            method: "POST".into(),
            path: "/api/desktop/installers".into(),
            query: QueryParams::default(),
        }
    }

    #[test]
    fn installer_missing_fields_match_fixture_45c() {
        let mut v = Validator::new();
        let body = Body::Json(json!({"filename": "x.tar.gz"}));
        assert!(PackageRecord::from_body(PackageKind::Installer, &mut v, &body).is_none());
        let Err(ApiError::Validation { errors, .. }) = v.finish(&info()) else {
            panic!("expected issues");
        };
        let locs: Vec<Value> = errors.iter().map(|e| json!(e.loc)).collect();
        assert_eq!(
            locs,
            [
                json!(["body", "platform"]),
                json!(["body", "version"]),
                json!(["body", "pythonVersion"])
            ]
        );
    }

    #[test]
    fn bad_platform_and_source_are_reported_but_not_the_filename() {
        let mut v = Validator::new();
        let body = Body::Json(json!({
            "filename": "../x", "platform": "beos", "installerVersion": "1",
            "sources": [{"type": "ftp"}, 3, {"type": "url", "url": "http://x"}]
        }));
        assert!(PackageRecord::from_body(PackageKind::DependencyPackage, &mut v, &body).is_none());
        let Err(ApiError::Validation { errors, .. }) = v.finish(&info()) else {
            panic!("expected issues");
        };
        let kinds: Vec<&str> = errors.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(
            kinds,
            ["value_error.const", "value_error.const", "type_error.dict"]
        );
        assert_eq!(
            errors[0].msg,
            "unexpected value; permitted: 'windows', 'linux', 'darwin'"
        );
    }

    #[test]
    fn listing_shape_matches_fixture_53() {
        let mut v = Validator::new();
        let body = Body::Json(json!({
            "filename": "deps-linux.zip", "platform": "linux", "installerVersion": "1.2.3",
            "size": 2048, "checksum": "a82c", "checksumAlgorithm": "md5",
            "sourceAddons": {"core": "1.0.0", "dropped": null},
            "pythonModules": {"requests": "2.32.3"},
            "sources": [{"type": "http", "url": "https://download.ynput.cloud/x"}]
        }));
        let record = PackageRecord::from_body(PackageKind::DependencyPackage, &mut v, &body)
            .expect("valid manifest");
        let listed = serde_json::to_string(&record.to_json(PackageKind::DependencyPackage))
            .expect("serializable");
        assert_eq!(
            listed,
            r#"{"filename":"deps-linux.zip","platform":"linux","size":2048,"checksum":"a82c","checksumAlgorithm":"md5","sources":[],"installerVersion":"1.2.3","sourceAddons":{"core":"1.0.0"},"pythonModules":{"requests":"2.32.3"}}"#
        );
    }
}
