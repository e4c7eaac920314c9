//! Files chosen in a dialog or dropped onto the window, put where they belong.

use std::path::Path;

use crate::action::FileSlot;

use super::{AppState, BodyMode, FormRow};

impl AppState {
    /// Puts `path` into `slot` (a tab closed meanwhile is skipped).
    pub fn fill_file_slot(&mut self, slot: FileSlot, path: &Path) {
        let text = path.to_string_lossy().into_owned();
        match slot {
            FileSlot::RawBody { tab_id } => {
                if let Some(tab) = self.tabs.iter_mut().find(|t| t.id == tab_id) {
                    tab.draft.body_mode = BodyMode::File;
                    tab.draft.body_file = text;
                }
            }
            FileSlot::FormField { tab_id, row } => {
                if let Some(tab) = self.tabs.iter_mut().find(|t| t.id == tab_id) {
                    match tab.draft.form.get_mut(row) {
                        Some(field) => {
                            field.kind = super::FormKind::File;
                            field.value = text;
                        }
                        None => tab.draft.form.push(FormRow::file("file", text)),
                    }
                }
            }
            FileSlot::Upload => self.upload.set_file(path),
            FileSlot::ImportFile => self.import.path = text,
            FileSlot::SpecFile => {
                self.catalog.spec_path = text;
                self.catalog.wanted = Some(super::CatalogWanted::SpecFile);
            }
        }
    }

    /// A file dropped onto the window goes to the open "Upload to AYON" form, else to
    /// the active tab: a new file field of its form, or its raw body.
    pub fn take_dropped_file(&mut self, path: &Path) {
        if self.import.open {
            self.fill_file_slot(FileSlot::ImportFile, path);
            return;
        }
        if self.upload.open {
            self.fill_file_slot(FileSlot::Upload, path);
            return;
        }
        let Some(tab) = self.tabs.get_mut(self.active_tab) else {
            return;
        };
        let tab_id = tab.id;
        let slot = if tab.draft.body_mode == BodyMode::Multipart {
            // Fill the trailing blank row, if there is one, else add a field.
            let row = match tab.draft.form.iter().position(FormRow::is_blank) {
                Some(blank) => {
                    tab.draft.form[blank].name = "file".into();
                    blank
                }
                None => tab.draft.form.len(),
            };
            FileSlot::FormField { tab_id, row }
        } else {
            FileSlot::RawBody { tab_id }
        };
        self.fill_file_slot(slot, path);
        if let Some(tab) = self.tabs.get_mut(self.active_tab) {
            tab.editor = super::EditorTab::Body;
        }
    }
}
