//! Export to other tools' formats, from a tree of requests.

pub mod opencollection;

pub use opencollection::export_opencollection;

use crate::interchange::ImportedFolder;

/// A folder to export: its requests and sub-folders, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportFolder {
    /// Its name (empty for the root).
    pub name: String,
    /// Sub-folders.
    pub folders: Vec<ExportFolder>,
    /// Requests.
    pub requests: Vec<ExportRequest>,
}

/// A request to export.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportRequest {
    /// Its name.
    pub name: String,
    /// Its description, if any.
    pub description: Option<String>,
    /// The request.
    pub draft: crate::state::RequestDraft,
}

/// The export tree of an imported tree (the same folders and requests).
pub fn from_imported(f: &ImportedFolder) -> ExportFolder {
    ExportFolder {
        name: f.name.clone(),
        folders: f.folders.iter().map(from_imported).collect(),
        requests: f
            .requests
            .iter()
            .map(|r| ExportRequest {
                name: r.name.clone(),
                description: r.description.clone(),
                draft: r.draft.clone(),
            })
            .collect(),
    }
}
