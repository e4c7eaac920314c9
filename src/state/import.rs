//! The Import window: where from (a path or pasted text), the preview of what will be
//! created, where to, and how it went.

use std::sync::Arc;

use crate::interchange::export::ExportFormat;
use crate::interchange::{Imported, NoteGroup};

use super::RequestId;

/// Where an accepted import goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImportTarget {
    /// A new collection in a new folder.
    #[default]
    NewCollection,
    /// A new folder of the open collection.
    OpenCollection,
}

/// The Import window's state.
#[derive(Clone, Debug, Default)]
pub struct ImportDialog {
    /// Whether it shows.
    pub open: bool,
    /// A file or folder to import.
    pub path: String,
    /// Pasted text (a curl command, a Postman collection...).
    pub text: String,
    /// The preview being made.
    pub previewing: Option<RequestId>,
    /// The preview, or why there is none.
    pub preview: Option<Result<Arc<Imported>, String>>,
    /// The preview's "Not carried over", grouped by kind (made once, not every frame).
    pub preview_notes: Vec<NoteGroup>,
    /// Where it goes.
    pub target: ImportTarget,
    /// The folder of a new collection.
    pub new_folder: String,
    /// A write in flight.
    pub writing: bool,
    /// How the last write went, for the user.
    pub outcome: Option<Result<String, String>>,
}

impl ImportDialog {
    /// Takes a finished preview; a late one is dropped.
    pub fn previewed(&mut self, id: RequestId, result: Result<Imported, String>) {
        if self.previewing != Some(id) {
            return;
        }
        self.previewing = None;
        self.outcome = None;
        self.preview_notes = result
            .as_ref()
            .map(Imported::note_groups)
            .unwrap_or_default();
        self.preview = Some(result.map(Arc::new));
    }
}

/// The Export window's state.
#[derive(Clone, Debug, Default)]
pub struct ExportDialog {
    /// Whether it shows.
    pub open: bool,
    /// The format.
    pub format: ExportFormat,
    /// What is exported: a folder or request of the open collection (relative path), or
    /// the whole collection (`None`).
    pub scope: Option<std::path::PathBuf>,
    /// The file (Postman) or folder (OpenCollection) to write.
    pub path: String,
    /// A write in flight.
    pub writing: bool,
    /// How the last export went.
    pub outcome: Option<Result<String, String>>,
}
