//! The "Upload to AYON" form: which recipe, its fields, and the run in progress.

use std::path::Path;

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

/// The form's state.
#[derive(Debug, Default)]
pub struct UploadDialog {
    /// Whether the window is shown.
    pub open: bool,
    /// The recipe.
    pub kind: UploadKind,
    /// The file to upload, as typed or picked.
    pub file: String,
}

impl UploadDialog {
    /// Takes a picked or dropped file.
    pub fn set_file(&mut self, path: &Path) {
        self.file = path.to_string_lossy().into_owned();
    }
}
