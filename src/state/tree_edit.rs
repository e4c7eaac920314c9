//! Changes to the collection tree: the inline edit open in the sidebar, and open tabs
//! following their files when a change arrives.

use std::path::PathBuf;

use crate::collection::store::{Followed, TreeOpDone};

use super::Notice;
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
    /// The text it started with (the current name, when renaming).
    pub original: String,
    /// Whether the field still has to take the keyboard focus.
    pub focus: bool,
}

impl TreeEdit {
    /// A field for `kind` at `path`, starting with `text`, about to take the focus.
    pub fn new(kind: TreeEditKind, path: PathBuf, text: String) -> Self {
        TreeEdit {
            kind,
            path,
            original: text.clone(),
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
                self.notices.push(Notice::error(message));
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
                    self.notices.push(Notice::warning(format!(
                        "\"{name}\" ({file}) was deleted from disk; its open tab keeps the \
                         request, unsaved (Ctrl+S saves it again)."
                    )));
                }
            }
        }
        self.install_collection(*loaded);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::store::Collection;
    use crate::settings::Settings;

    fn loaded(root: &std::path::Path) -> Box<LoadedCollection> {
        Box::new(LoadedCollection {
            collection_id: "test".into(),
            collection: Collection {
                root: root.to_path_buf(),
                file: Default::default(),
                tree: crate::collection::store::Folder {
                    name: String::new(),
                    path: PathBuf::new(),
                    folders: Vec::new(),
                    requests: Vec::new(),
                },
                problems: Vec::new(),
            },
            environments: Vec::new(),
            environment_problems: Vec::new(),
        })
    }

    fn state_with_saved_tab(source: &str) -> AppState {
        let mut state = AppState::new(Settings::default(), None);
        state.collection.loaded = Some(*loaded(std::path::Path::new("/c")));
        state.tabs[0].draft = RequestDraft::get("/api/projects");
        state.tabs[0].baseline = state.tabs[0].draft.clone();
        state.tabs[0].source = Some(source.into());
        state.tabs[0].saved_as = Some(("List projects".into(), Some("About".into())));
        state
    }

    #[test]
    fn tabs_follow_renames_and_keep_their_description() {
        let mut state = state_with_saved_tab("list.yml");
        let done = TreeOpDone::Renamed {
            from: "list.yml".into(),
            to: "all.yml".into(),
            request_name: Some("All projects".into()),
        };
        let effects = state.apply(crate::worker::Event::CollectionEdited {
            result: Ok((done, loaded(std::path::Path::new("/c")))),
        });
        assert!(effects.is_empty(), "{effects:?}");
        let tab = &state.tabs[0];
        assert_eq!(tab.source.as_deref(), Some(std::path::Path::new("all.yml")));
        assert_eq!(
            tab.saved_as,
            Some(("All projects".into(), Some("About".into())))
        );
        assert!(!tab.is_edited());
    }

    #[test]
    fn a_deleted_file_leaves_its_tab_unsaved_with_a_notice() {
        let mut state = state_with_saved_tab("users/list.yml");
        let effects = state.apply(crate::worker::Event::CollectionEdited {
            result: Ok((
                TreeOpDone::Deleted {
                    path: "users".into(),
                },
                loaded(std::path::Path::new("/c")),
            )),
        });
        assert!(effects.is_empty(), "{effects:?}");
        let tab = &state.tabs[0];
        assert!(tab.source.is_none() && tab.saved_as.is_none());
        assert_eq!(tab.draft.url, "/api/projects", "the draft stays");
        assert!(tab.is_edited());
        assert!(
            state.notices[0]
                .text
                .contains("\"List projects\" (users/list.yml)")
        );
        assert_eq!(state.notices[0].level, super::super::NoticeLevel::Warning);
    }

    #[test]
    fn answers_for_a_collection_no_longer_open_are_dropped() {
        let mut state = state_with_saved_tab("list.yml");
        let effects = state.apply(crate::worker::Event::CollectionEdited {
            result: Ok((
                TreeOpDone::Deleted {
                    path: "list.yml".into(),
                },
                loaded(std::path::Path::new("/other")),
            )),
        });
        assert!(effects.is_empty(), "{effects:?}");
        assert_eq!(
            state.tabs[0].source.as_deref(),
            Some(std::path::Path::new("list.yml"))
        );
        assert!(state.notices.is_empty());
        assert!(!state.collection.busy);
    }
}
