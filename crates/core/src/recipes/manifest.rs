//! Desktop installers and dependency packages: the form the user fills in, and the
//! JSON manifest AYON registers before the file is uploaded (ayon-api.md §5.1;
//! fixtures 41 and 51).

use std::path::PathBuf;

use serde_json::{Map, Value, json};

use super::{Platform, RecipeError};

/// Which kind of desktop file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackageKind {
    /// An AYON launcher installer (`/api/desktop/installers`).
    Installer,
    /// A dependency package (`/api/desktop/dependencyPackages`).
    DependencyPackage,
}

impl PackageKind {
    /// Both kinds.
    pub const ALL: [PackageKind; 2] = [PackageKind::Installer, PackageKind::DependencyPackage];

    /// The endpoint path: `/api/desktop/installers` or `/api/desktop/dependencyPackages`.
    pub fn endpoint(self) -> &'static str {
        match self {
            PackageKind::Installer => "/api/desktop/installers",
            PackageKind::DependencyPackage => "/api/desktop/dependencyPackages",
        }
    }

    /// The key of the listing's array: `installers` or `packages`.
    pub fn list_key(self) -> &'static str {
        match self {
            PackageKind::Installer => "installers",
            PackageKind::DependencyPackage => "packages",
        }
    }

    /// The manifest field holding the version: `version` or `installerVersion`.
    pub fn version_field(self) -> &'static str {
        match self {
            PackageKind::Installer => "version",
            PackageKind::DependencyPackage => "installerVersion",
        }
    }

    /// `installer` or `dependency package`, for sentences.
    pub fn noun(self) -> &'static str {
        match self {
            PackageKind::Installer => "installer",
            PackageKind::DependencyPackage => "dependency package",
        }
    }

    /// `installers` or `dependency packages`.
    pub fn plural(self) -> &'static str {
        match self {
            PackageKind::Installer => "installers",
            PackageKind::DependencyPackage => "dependency packages",
        }
    }
}

/// What the user says about the file to upload.
#[derive(Clone, Debug, PartialEq)]
pub struct PackageForm {
    /// Installer or dependency package.
    pub kind: PackageKind,
    /// The file on disk.
    pub file: PathBuf,
    /// Its name on the server (AYON allows letters, digits and `_-+.`).
    pub filename: String,
    /// The platform it is for.
    pub platform: Platform,
    /// The installer's `version`, or the dependency package's `installerVersion`.
    pub version: String,
    /// `pythonVersion`; empty leaves it out (AYON 1.11 requires it for installers).
    pub python_version: String,
    /// `sourceAddons` {name: version}: dependency packages only.
    pub source_addons: Vec<(String, String)>,
    /// Send the manifest with `?force=true`, replacing one of the same name (after a 409).
    pub force: bool,
}

impl PackageForm {
    /// Checks what can be checked before anything is sent; the error names the field.
    pub fn validate(&self) -> Result<(), RecipeError> {
        if !valid_filename(&self.filename) {
            return Err(RecipeError::Invalid(format!(
                "The name on the server \"{}\" is not one AYON accepts: use only letters, \
                 digits and _ - + . (no spaces or slashes).",
                self.filename
            )));
        }
        if self.version.trim().is_empty() {
            let field = self.kind.version_field();
            return Err(RecipeError::Invalid(format!(
                "The {} needs a version ({field}).",
                self.kind.noun()
            )));
        }
        if self.kind == PackageKind::DependencyPackage {
            for (name, version) in &self.source_addons {
                if name.trim().is_empty() || version.trim().is_empty() {
                    return Err(RecipeError::Invalid(format!(
                        "Each source addon needs a name and a version (got \"{name}\" \
                         \"{version}\")."
                    )));
                }
            }
        }
        Ok(())
    }
}

/// AYON's `^[\w\-+._]+$` for `filename` (`\w` is Unicode in Python).
pub fn valid_filename(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '.'))
}

/// The manifest `POST`ed before the upload: `filename`, `platform`, `version` (or
/// `installerVersion`), `size`, `checksum`, `checksumAlgorithm` (`sha256`), then
/// `pythonVersion` when given and, for dependency packages, `sourceAddons` when any.
pub fn manifest_json(form: &PackageForm, size: u64, sha256: &str) -> Value {
    let mut manifest = Map::new();
    manifest.insert("filename".into(), json!(form.filename));
    manifest.insert("platform".into(), json!(form.platform.as_str()));
    manifest.insert(form.kind.version_field().into(), json!(form.version.trim()));
    manifest.insert("size".into(), json!(size));
    manifest.insert("checksum".into(), json!(sha256));
    manifest.insert("checksumAlgorithm".into(), json!("sha256"));
    let python = form.python_version.trim();
    if !python.is_empty() {
        manifest.insert("pythonVersion".into(), json!(python));
    }
    if form.kind == PackageKind::DependencyPackage && !form.source_addons.is_empty() {
        let addons: Map<String, Value> = form
            .source_addons
            .iter()
            .map(|(name, version)| (name.trim().to_string(), json!(version.trim())))
            .collect();
        manifest.insert("sourceAddons".into(), Value::Object(addons));
    }
    Value::Object(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "5e6a0d43531364ca5d11ff687c13563a91f22610e791573a80ba8fddaca732ef";

    fn form(kind: PackageKind) -> PackageForm {
        PackageForm {
            kind,
            file: PathBuf::from("/tmp/x"),
            filename: "AYON-1.2.3-linux.tar.gz".into(),
            platform: Platform::Linux,
            version: "1.2.3".into(),
            python_version: "3.11.7".into(),
            source_addons: vec![("core".into(), "1.0.0".into())],
            force: false,
        }
    }

    #[test]
    fn installer_manifest_has_exactly_its_fields_in_order() {
        let manifest = manifest_json(&form(PackageKind::Installer), 4096, SHA);
        assert_eq!(
            manifest.to_string(),
            format!(
                r#"{{"filename":"AYON-1.2.3-linux.tar.gz","platform":"linux","version":"1.2.3","size":4096,"checksum":"{SHA}","checksumAlgorithm":"sha256","pythonVersion":"3.11.7"}}"#
            )
        );
        // Source addons belong to dependency packages only; no Python version, no key.
        let mut bare = form(PackageKind::Installer);
        bare.python_version = " ".into();
        let manifest = manifest_json(&bare, 1, SHA);
        let keys: Vec<&String> = manifest.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "filename",
                "platform",
                "version",
                "size",
                "checksum",
                "checksumAlgorithm"
            ]
        );
    }

    #[test]
    fn dependency_package_manifest_has_exactly_its_fields_in_order() {
        let mut deps = form(PackageKind::DependencyPackage);
        deps.filename = "deps-linux.zip".into();
        deps.platform = Platform::Windows;
        deps.source_addons.push(("maya".into(), "0.2.1".into()));
        let manifest = manifest_json(&deps, 2048, SHA);
        assert_eq!(
            manifest,
            json!({
                "filename": "deps-linux.zip",
                "platform": "windows",
                "installerVersion": "1.2.3",
                "size": 2048,
                "checksum": SHA,
                "checksumAlgorithm": "sha256",
                "pythonVersion": "3.11.7",
                "sourceAddons": {"core": "1.0.0", "maya": "0.2.1"},
            })
        );
        let keys: Vec<&String> = manifest.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "filename",
                "platform",
                "installerVersion",
                "size",
                "checksum",
                "checksumAlgorithm",
                "pythonVersion",
                "sourceAddons"
            ]
        );
        deps.source_addons.clear();
        deps.python_version.clear();
        assert_eq!(
            manifest_json(&deps, 1, SHA).as_object().unwrap().len(),
            6,
            "no empty sourceAddons, no pythonVersion"
        );
    }

    #[test]
    fn forms_are_checked_before_sending() {
        assert_eq!(form(PackageKind::Installer).validate(), Ok(()));
        let mut bad = form(PackageKind::Installer);
        bad.filename = "my installer.exe".into();
        assert!(
            matches!(bad.validate(), Err(RecipeError::Invalid(m)) if m.contains("letters, digits"))
        );
        let mut bad = form(PackageKind::DependencyPackage);
        bad.version = "".into();
        assert!(
            matches!(bad.validate(), Err(RecipeError::Invalid(m)) if m.contains("installerVersion"))
        );
        let mut bad = form(PackageKind::DependencyPackage);
        bad.source_addons.push(("".into(), "1".into()));
        assert!(bad.validate().is_err());
        assert!(valid_filename("ayon_1.2.3+build-7.tar.gz"));
        assert!(!valid_filename("../x"));
        assert!(!valid_filename(""));
    }
}
