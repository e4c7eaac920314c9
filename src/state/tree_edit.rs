//! Changes to the collection tree: the inline edit open in the sidebar, and open tabs
//! following their files when a change arrives.

use std::path::PathBuf;

use crate::collection::store::{Followed, TreeOpDone};

use super::{AppState, LoadedCollection, RequestDraft};

/// What an inline tree edit names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeEditKind {
    /// A new name for the request or folder at the path.
    Rename,
    /// The name of a new folder inside the folder at the path.
    NewFolder,
}

/// The inline text field open in the sidebar tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeEdit {
    /// Renaming, or naming a new folder.
    pub kind: TreeEditKind,
    /// The request or folder renamed, or the parent folder (relative; empty for the top).
    pub path: PathBuf,
    /// The text typed.
    pub text: String,
    /// Whether the field still has to take the keyboard focus.
    pub focus: bool,
}

impl TreeEdit {
    /// A field for `kind` at `path`, starting with `text`, about to take the focus.
    pub fn new(kind: TreeEditKind, path: PathBuf, text: String) -> Self {
        TreeEdit {
            kind,
            path,
            text,
            focus: true,
        }
    }
}

impl AppState {
    /// Applies a finished tree change: the reloaded collection replaces the shown one, and
    /// tabs follow their files (a deleted file's tab keeps its draft, unsaved).
    pub(super) fn collection_edited(
        &mut self,
        result: Result<(TreeOpDone, Box<LoadedCollection>), String>,
    ) {
        self.collection.busy = false;
        let (done, loaded) = match result {
            Ok(ok) => ok,
            Err(message) => {
                self.notices.push(message);
                return;
            }
        };
        // The collection was closed or another one opened meanwhile.
        if self.collection.root().as_ref() != Some(&loaded.collection.root) {
            return;
        }
        for tab in &mut self.tabs {
            let Some(source) = &tab.source else {
                continue;
            };
            match done.follow(source) {
                Followed::Unchanged => {}
                Followed::Moved(to) => {
                    // The file as it is now, so the reload below sees no change on disk.
                    tab.disk = loaded.collection.request(&to).map(|e| e.file.clone());
                    tab.source = Some(to);
                    if let (TreeOpDone::Renamed { request_name, .. }, Some(saved)) =
                        (&done, &mut tab.saved_as)
                        && let Some(name) = request_name
                    {
                        saved.0 = name.clone();
                    }
                }
                Followed::Deleted => {
                    let file = source.display().to_string();
                    let name = tab
                        .saved_as
                        .take()
                        .map_or_else(|| tab.draft.title(), |(name, _)| name);
                    tab.source = None;
                    tab.disk = None;
                    // Nothing on disk holds it now: the tab shows as unsaved.
                    tab.baseline = RequestDraft::default();
                    self.notices.push(format!(
                        "\"{name}\" ({file}) was deleted from disk; its open tab keeps the \
                         request, unsaved (Ctrl+S saves it again)."
                    ));
                }
            }
        }
        self.install_collection(*loaded);
    }
}
