//! The "Upload to AYON" form: which recipe, its fields, and the run in progress.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::ayon::AddonZipInfo;
use crate::recipes::{
    AddonInstalled, PackageForm, PackageKind, PackageUploaded, Platform, RecipeError, RecipeRun,
    guess_platform,
};

use super::file_size::FileSizeProbe;
use super::{KvRow, RequestId};

/// Which of AYON's uploads the form makes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UploadKind {
    /// An addon zip, installed through `/api/addons/install`.
    #[default]
    Addon,
    /// A desktop (launcher) installer.
    Installer,
    /// A dependency package.
    DependencyPackage,
}

impl UploadKind {
    /// Every kind, in the order the form offers them.
    pub const ALL: [UploadKind; 3] = [
        UploadKind::Addon,
        UploadKind::Installer,
        UploadKind::DependencyPackage,
    ];

    /// Label in the form.
    pub fn label(self) -> &'static str {
        match self {
            UploadKind::Addon => "Addon zip",
            UploadKind::Installer => "Desktop installer",
            UploadKind::DependencyPackage => "Dependency package",
        }
    }
}

/// What reading the addon zip's manifest found, for the file it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct ZipCheck {
    /// The file read.
    pub path: String,
    /// Name and version, or what is missing; `None` while reading.
    pub result: Option<Result<AddonZipInfo, String>>,
}

/// How the last run ended.
#[derive(Clone, Debug, PartialEq)]
pub enum UploadOutcome {
    /// An installer or dependency package.
    Package(Result<PackageUploaded, RecipeError>),
    /// An addon install.
    Addon(Result<AddonInstalled, RecipeError>),
    /// A restart, then whether the addon is listed.
    Restarted {
        /// The addon looked for.
        addon: AddonInstalled,
        /// Listed or not, or why the check failed.
        result: Result<bool, RecipeError>,
    },
}

/// A run in flight.
#[derive(Clone)]
pub struct UploadRunning {
    /// The worker's id for it (Cancel).
    pub id: RequestId,
    /// Its live status.
    pub run: Arc<RecipeRun>,
}

impl std::fmt::Debug for UploadRunning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadRunning")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// The form's state.
#[derive(Debug, Default)]
pub struct UploadDialog {
    /// Whether the window is shown.
    pub open: bool,
    /// The recipe.
    pub kind: UploadKind,
    /// The file to upload, as typed or picked.
    pub file: String,
    /// The name the file gets on the server; follows the file's name until edited.
    pub filename: String,
    /// Whether the user typed `filename` (then it no longer follows the file).
    pub filename_edited: bool,
    /// The platform; guessed from the file name until chosen.
    pub platform: Option<Platform>,
    /// Installer `version`, or a dependency package's `installerVersion`.
    pub version: String,
    /// Python version (optional).
    pub python_version: String,
    /// A dependency package's source addons (name, version).
    pub source_addons: Vec<KvRow>,
    /// The addon zip's manifest, once read.
    pub zip: Option<ZipCheck>,
    /// The run in flight.
    pub running: Option<UploadRunning>,
    /// The steps of the last run (kept after it ends).
    pub last_run: Option<Arc<RecipeRun>>,
    /// How the last run ended.
    pub outcome: Option<UploadOutcome>,
    /// The "Restart the server?" question is shown.
    pub confirm_restart: bool,
    /// The picked file's size, read off the UI thread (see `probe_file_size`).
    pub file_size: Option<FileSizeProbe>,
    /// The addon zip the last successful install sent (installing it again waits for
    /// another file).
    pub installed_file: Option<String>,
}

impl UploadDialog {
    /// Takes a picked, dropped or typed file: the server name and platform follow it.
    pub fn set_file(&mut self, path: &Path) {
        self.file = path.to_string_lossy().into_owned();
        self.file_changed();
    }

    /// Call after `file` changed: updates what follows the file's name.
    pub fn file_changed(&mut self) {
        let name = Path::new(self.file.trim())
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !self.filename_edited {
            self.filename = name.clone();
        }
        if let Some(platform) = guess_platform(&name) {
            self.platform = Some(platform);
        }
        self.outcome = None;
    }

    /// Starts reading the file's size when the file changed since it was last read.
    pub fn probe_file_size(&mut self) {
        let file = self.file.trim();
        if file.is_empty() {
            self.file_size = None;
        } else if self.file_size.as_ref().is_none_or(|p| p.path() != file) {
            self.file_size = Some(FileSizeProbe::start(file));
        }
    }

    /// The file's size, once read, for the file as it is now.
    pub fn known_file_size(&self) -> Option<&Result<u64, String>> {
        self.file_size
            .as_ref()
            .filter(|p| p.path() == self.file.trim())
            .and_then(FileSizeProbe::result)
    }

    /// A run ended with `outcome`; a successful addon install remembers its file.
    pub fn finished(&mut self, outcome: UploadOutcome) {
        if matches!(outcome, UploadOutcome::Addon(Ok(_))) {
            self.installed_file = Some(self.file.trim().to_string());
        }
        self.outcome = Some(outcome);
    }

    /// Whether the addon zip in the file field was installed by a run of this window:
    /// installing it again waits for another file.
    pub fn addon_installed_from_this_file(&self) -> bool {
        self.kind == UploadKind::Addon
            && self
                .installed_file
                .as_deref()
                .is_some_and(|f| f == self.file.trim())
    }

    /// The zip to read, when the addon recipe's file has not been read yet.
    pub fn zip_to_inspect(&self) -> Option<PathBuf> {
        let file = self.file.trim();
        let fresh = self.zip.as_ref().is_none_or(|z| z.path != file);
        (self.kind == UploadKind::Addon && !file.is_empty() && fresh).then(|| PathBuf::from(file))
    }

    /// The installer or dependency package form, or what is missing.
    pub fn package_form(&self, force: bool) -> Result<PackageForm, String> {
        let kind = match self.kind {
            UploadKind::Installer => PackageKind::Installer,
            UploadKind::DependencyPackage => PackageKind::DependencyPackage,
            UploadKind::Addon => return Err("The addon recipe has no package form".into()),
        };
        let mut missing = Vec::new();
        if self.file.trim().is_empty() {
            missing.push("a file");
        }
        if self.filename.trim().is_empty() {
            missing.push("the file name on the server");
        }
        if self.platform.is_none() {
            missing.push("the platform");
        }
        // AYON 1.11.2 refuses an installer manifest without it (fixture 45c).
        if kind == PackageKind::Installer && self.python_version.trim().is_empty() {
            missing.push("the Python version");
        }
        if self.version.trim().is_empty() {
            missing.push(match kind {
                PackageKind::Installer => "the version",
                PackageKind::DependencyPackage => "the installer version",
            });
        }
        let Some(platform) = self.platform.filter(|_| missing.is_empty()) else {
            return Err(format!("Still needed: {}.", missing.join(", ")));
        };
        Ok(PackageForm {
            kind,
            file: PathBuf::from(self.file.trim()),
            filename: self.filename.trim().to_string(),
            platform,
            version: self.version.trim().to_string(),
            python_version: self.python_version.trim().to_string(),
            source_addons: self
                .source_addons
                .iter()
                .filter(|r| r.enabled && !r.name.trim().is_empty())
                .map(|r| (r.name.trim().to_string(), r.value.trim().to_string()))
                .collect(),
            force,
        })
    }

    /// The addon the last run installed, if it did.
    pub fn installed_addon(&self) -> Option<&AddonInstalled> {
        match &self.outcome {
            Some(UploadOutcome::Addon(Ok(addon))) => Some(addon),
            Some(UploadOutcome::Restarted { addon, .. }) => Some(addon),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_sets_name_and_platform_until_they_are_edited() {
        let mut dialog = UploadDialog {
            kind: UploadKind::Installer,
            ..Default::default()
        };
        dialog.set_file(Path::new("/builds/AYON-1.2.0-setup.exe"));
        assert_eq!(dialog.filename, "AYON-1.2.0-setup.exe");
        assert_eq!(dialog.platform, Some(Platform::Windows));
        let err = dialog.package_form(false).unwrap_err();
        assert_eq!(err, "Still needed: the Python version, the version.");
        dialog.version = "1.2.0".into();
        dialog.python_version = "3.11.9".into();
        dialog.filename = "custom.exe".into();
        dialog.filename_edited = true;
        dialog.set_file(Path::new("/builds/other.exe"));
        let form = dialog.package_form(true).unwrap();
        assert_eq!(form.filename, "custom.exe");
        assert_eq!(form.file, PathBuf::from("/builds/other.exe"));
        assert!(form.force);
    }

    #[test]
    fn an_installed_zip_waits_for_another_file() {
        let mut dialog = UploadDialog::default();
        dialog.set_file(Path::new("/tmp/labtest-0.1.0.zip"));
        assert!(!dialog.addon_installed_from_this_file());
        dialog.finished(UploadOutcome::Addon(Ok(AddonInstalled {
            name: "labtest".into(),
            version: "0.1.0".into(),
            event_id: "e".into(),
            status: "finished".into(),
            description: String::new(),
        })));
        assert!(dialog.addon_installed_from_this_file());
        // Another tab and back: still the same file.
        dialog.kind = UploadKind::Installer;
        dialog.outcome = None;
        dialog.kind = UploadKind::Addon;
        assert!(dialog.addon_installed_from_this_file());
        dialog.set_file(Path::new("/tmp/labtest-0.2.0.zip"));
        assert!(!dialog.addon_installed_from_this_file());
    }

    #[test]
    fn a_zip_is_read_once_per_path() {
        let mut dialog = UploadDialog::default();
        assert_eq!(dialog.zip_to_inspect(), None);
        dialog.set_file(Path::new("/tmp/labtest-0.1.0.zip"));
        assert_eq!(
            dialog.zip_to_inspect(),
            Some(PathBuf::from("/tmp/labtest-0.1.0.zip"))
        );
        dialog.zip = Some(ZipCheck {
            path: "/tmp/labtest-0.1.0.zip".into(),
            result: None,
        });
        assert_eq!(dialog.zip_to_inspect(), None);
    }
}
