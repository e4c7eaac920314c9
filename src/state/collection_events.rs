//! The open collection's answers from the worker: loaded, a request saved, a save that
//! met a change on disk, an environment saved.

use std::path::PathBuf;

use crate::collection::format::RequestFile;

use super::TabId;
use super::{AppState, DiskConflict, Effect, LoadedCollection, Notice};

impl AppState {
    /// A collection was read; remembered for the next start (an effect saves the
    /// settings) when it is not the one remembered already.
    pub(super) fn collection_loaded(
        &mut self,
        result: Result<Box<LoadedCollection>, String>,
    ) -> Option<Effect> {
        self.collection.busy = false;
        match result {
            Ok(loaded) => {
                let root = loaded.collection.root.display().to_string();
                let name = loaded.collection.file.name.clone();
                self.collection.path_input = root.clone();
                self.install_collection(*loaded);
                // Remembered for the next start, and listed as recent.
                if self.settings.remember_collection(&root, &name) {
                    return Some(Effect::SaveSettings);
                }
            }
            Err(message) => self.notices.push(Notice::error(message)),
        }
        None
    }

    /// A tab's request was written to `path` (or why not).
    pub(super) fn request_saved(
        &mut self,
        tab_id: TabId,
        result: Result<(PathBuf, Box<LoadedCollection>), String>,
    ) {
        self.collection.busy = false;
        match result {
            Ok((path, loaded)) => {
                if let Some(tab) = self.tabs.iter_mut().find(|t| t.id == tab_id) {
                    tab.disk = loaded.collection.request(&path).map(|e| e.file.clone());
                    if let Some(file) = &tab.disk {
                        // The tab is named after the request from now on.
                        tab.saved_as = Some((file.name.clone(), file.description.clone()));
                        self.notices.push(Notice::info(format!(
                            "Saved \"{}\" as {}",
                            file.name,
                            path.display()
                        )));
                    }
                    tab.source = Some(path);
                    if let Some(saved) = tab.saving.take() {
                        tab.baseline = saved;
                    }
                }
                self.install_collection(*loaded);
            }
            Err(message) => self.notices.push(Notice::error(message)),
        }
    }

    /// Saving a tab met a change on disk: the user is asked which to keep.
    pub(super) fn save_conflict(
        &mut self,
        tab_id: TabId,
        path: PathBuf,
        disk: RequestFile,
        loaded: LoadedCollection,
    ) {
        self.collection.busy = false;
        if let Some(tab) = self.tabs.iter_mut().find(|t| t.id == tab_id) {
            tab.saving = None;
        }
        self.disk_conflicts.retain(|c| c.tab_id != tab_id);
        self.disk_conflicts
            .push(DiskConflict { tab_id, path, disk });
        self.install_collection(loaded);
    }

    /// An environment was written (and the collection read again).
    pub(super) fn environment_saved(
        &mut self,
        outcome: Result<String, String>,
        reloaded: Option<Box<LoadedCollection>>,
    ) {
        let key = self.collection.secrets_for.clone();
        if let Some(loaded) = reloaded {
            self.install_collection(*loaded);
            // The vault sends this environment's values right after; keep the key
            // so they are taken.
            self.collection.secrets_for = key;
        }
        let env = self.collection.environment().cloned();
        if let Some(editor) = &mut self.collection.env_editor {
            editor.saving = false;
            if outcome.is_ok()
                && let Some(env) = env
                && env.name == editor.original.name
            {
                editor.saved(env);
            }
        }
        match outcome {
            Ok(message) => self.notices.push(Notice::info(message)),
            Err(message) => self.notices.push(Notice::error(message)),
        }
    }
}
