//! Export to other tools. The tree to export is an [`ExportFolder`], made from a saved
//! collection or from an import.

mod error;
mod files;
mod format;
pub mod opencollection;
pub mod postman;
pub mod variables;

pub use error::ExportError;
pub use files::write_export;
pub use format::ExportFormat;
pub use opencollection::{export_opencollection, export_opencollection_with};
pub use postman::{export_postman, export_postman_with};
pub use variables::{ExportEnvironment, ExportVariable, environments_of};

use crate::collection::store::{Collection, Folder};
use crate::interchange::ImportedFolder;
use crate::request::RequestDraft;

/// A folder to export: sub-folders and requests, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportFolder {
    /// Its name (the collection's for the root).
    pub name: String,
    /// Its description (the collection's for the root), if any.
    pub description: Option<String>,
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
    /// Its description.
    pub description: Option<String>,
    /// The request (auth values as `{{variable}}` references where saved ones are).
    pub draft: RequestDraft,
}

/// The tree of a saved collection, with the collection's description.
pub fn from_collection(c: &Collection) -> ExportFolder {
    ExportFolder {
        description: c.file.description.clone().filter(|d| !d.is_empty()),
        ..from_folder(&c.tree)
    }
}

/// The tree of one folder of a saved collection.
pub fn from_folder(f: &Folder) -> ExportFolder {
    ExportFolder {
        name: f.name.clone(),
        // The collection format keeps no folder descriptions.
        description: None,
        folders: f.folders.iter().map(from_folder).collect(),
        requests: f
            .requests
            .iter()
            .map(|r| ExportRequest {
                name: r.file.name.clone(),
                description: r.file.description.clone(),
                draft: r.file.to_draft(),
            })
            .collect(),
    }
}

/// The tree of an import (to export it again, e.g. in round-trip tests).
pub fn from_imported(f: &ImportedFolder) -> ExportFolder {
    ExportFolder {
        name: f.name.clone(),
        description: None,
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
