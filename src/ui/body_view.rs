//! TEMPORARY stand-in for the virtualized body view (replaced on merge).

use crate::body::TextDocument;

/// Shows a document.
#[derive(Default)]
pub struct BodyView;

impl BodyView {
    /// Draws `doc`.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        doc: &TextDocument,
        _json: bool,
        id: impl egui::AsIdSalt,
    ) {
        egui::ScrollArea::both().id_salt(id).show(ui, |ui| {
            ui.monospace(doc.as_str());
        });
    }
}

/// Loads syntax definitions.
pub fn warm_up_highlighter() {}
