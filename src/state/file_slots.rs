//! Files chosen in a dialog or dropped onto the window, put where they belong.

use std::path::Path;

use crate::action::FileSlot;

use super::{AppState, BodyMode, Effect, FormRow};

impl AppState {
    /// Puts `path` into `slot` (a tab closed meanwhile is skipped); a spec file also asks
    /// for the catalog to be loaded from it.
    pub fn fill_file_slot(&mut self, slot: FileSlot, path: &Path) -> Option<Effect> {
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
            FileSlot::GraphQlSchema => {
                self.graphql_schema.file_path = text;
                return Some(Effect::LoadGraphQlSchemaFile);
            }
            FileSlot::SpecFile => {
                self.catalog.spec_path = text;
                return Some(Effect::LoadCatalog(super::CatalogWanted::SpecFile));
            }
        }
        None
    }

    /// A file dropped onto the window goes to the open "Upload to AYON" form, else to
    /// the active tab: a new file field of its form, or its raw body. A JSON file dropped
    /// on a GraphQL tab is read as the editor's schema (its body is the query).
    pub fn take_dropped_file(&mut self, path: &Path) -> Option<Effect> {
        if self.import.open {
            return self.fill_file_slot(FileSlot::ImportFile, path);
        }
        if self.upload.open {
            return self.fill_file_slot(FileSlot::Upload, path);
        }
        let tab = self.tabs.get_mut(self.active_tab)?;
        let tab_id = tab.id;
        let json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if tab.draft.body_mode == BodyMode::GraphQl && json {
            return self.fill_file_slot(FileSlot::GraphQlSchema, path);
        }
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
        let effect = self.fill_file_slot(slot, path);
        if let Some(tab) = self.tabs.get_mut(self.active_tab) {
            tab.editor = super::EditorTab::Body;
        }
        effect
    }
}
