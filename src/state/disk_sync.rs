//! Keeping open tabs in step with the collection on disk: a teammate's change pulled
//! with git (or an edit in another editor) reloads into tabs that have no unsaved edits;
//! a tab edited both here and on disk asks instead of overwriting either side.

use std::path::PathBuf;

use crate::collection::format::RequestFile;

use super::Notice;
use super::TabId;
use super::{AppState, LoadedCollection};

/// A request changed on disk while its tab had unsaved edits.
#[derive(Clone, Debug, PartialEq)]
pub struct DiskConflict {
    /// The tab.
    pub tab_id: TabId,
    /// The request's path in the collection.
    pub path: PathBuf,
    /// The file as it is on disk now.
    pub disk: RequestFile,
}

/// How the user settles a [`DiskConflict`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictChoice {
    /// Keep the tab's edits; the next save overwrites the file knowingly.
    KeepMine,
    /// Replace the tab's edits by the file on disk.
    TakeDisk,
}

impl AppState {
    /// Installs a (re)loaded collection: keeps the active environment when it still
    /// exists, and brings tabs in step with their files.
    pub(crate) fn install_collection(&mut self, loaded: LoadedCollection) {
        let names: Vec<&str> = loaded
            .environments
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        if self
            .collection
            .active_environment
            .as_deref()
            .is_some_and(|a| !names.contains(&a))
        {
            self.collection.active_environment = None;
        }
        // With a single environment there is nothing to choose.
        if self.collection.active_environment.is_none()
            && let [only] = loaded.environments.as_slice()
        {
            self.collection.active_environment = Some(only.name.clone());
        }
        self.leave_practice_environment();
        // Secret names may have changed: ask for the values again.
        self.collection.secrets_for = None;
        let same_root = self
            .collection
            .loaded
            .as_ref()
            .is_some_and(|old| old.collection.root == loaded.collection.root);
        if same_root {
            self.sync_tabs_with(&loaded);
        } else {
            // Tabs saved in another collection must never overwrite this one's files.
            for tab in &mut self.tabs {
                tab.source = None;
                tab.saved_as = None;
                tab.disk = None;
            }
        }
        self.collection.loaded = Some(loaded);
    }

    fn sync_tabs_with(&mut self, loaded: &LoadedCollection) {
        let default_mode = loaded.collection.file.defaults.auth_mode;
        for tab in &mut self.tabs {
            let (Some(path), Some(known)) = (tab.source.clone(), tab.disk.clone()) else {
                continue;
            };
            if loaded.collection.is_problem(&path) {
                // Broken on disk now: the tab keeps its copy; saving will say why not.
                continue;
            }
            let Some(entry) = loaded.collection.request(&path) else {
                tab.source = None;
                tab.disk = None;
                self.notices.push(Notice::warning(format!(
                    "{} was removed from the collection on disk; its tab keeps your copy \
                     (Ctrl+S saves it again).",
                    path.display()
                )));
                continue;
            };
            if entry.file == known {
                continue;
            }
            if tab.is_edited() {
                if !self.disk_conflicts.iter().any(|c| c.tab_id == tab.id) {
                    self.disk_conflicts.push(DiskConflict {
                        tab_id: tab.id,
                        path,
                        disk: entry.file.clone(),
                    });
                }
            } else {
                tab.adopt_file(entry.file.clone(), default_mode, false);
            }
        }
    }

    /// Settles the first pending conflict.
    pub fn resolve_conflict(&mut self, choice: ConflictChoice) {
        if self.disk_conflicts.is_empty() {
            return;
        }
        let conflict = self.disk_conflicts.remove(0);
        let default_mode = self
            .collection
            .loaded
            .as_ref()
            .and_then(|l| l.collection.file.defaults.auth_mode);
        let Some(tab) = self.tabs.iter_mut().find(|t| t.id == conflict.tab_id) else {
            return;
        };
        tab.adopt_file(
            conflict.disk,
            default_mode,
            choice == ConflictChoice::KeepMine,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::store::Collection;
    use crate::settings::Settings;

    fn loaded(name: &str) -> LoadedCollection {
        let root = std::env::temp_dir().join(format!(
            "are-disk-sync-{name}-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
        ));
        let collection = Collection::create(&root, name).unwrap();
        LoadedCollection {
            collection_id: name.into(),
            collection,
            environments: Vec::new(),
            environment_problems: Vec::new(),
        }
    }

    #[test]
    fn tabs_of_another_collection_never_point_into_the_new_one() {
        let mut state = AppState::new(Settings::default(), None);
        state.install_collection(loaded("a"));
        state.tabs[0].source = Some(PathBuf::from("list.yml"));
        state.tabs[0].saved_as = Some(("List".into(), None));
        state.install_collection(loaded("b"));
        assert_eq!(state.tabs[0].source, None);
        assert_eq!(state.tabs[0].saved_as, None);
    }
}
