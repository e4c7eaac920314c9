//! The Export window: the open collection as a Postman v2.1 file or a Bruno
//! OpenCollection folder. Secret values are never exported.

use crate::action::Action;
use crate::state::{ExportDialog, ExportFormat};

use super::format;

/// What the Export window reads and changes.
pub struct ExportWindowView<'a> {
    /// The form (closing the window clears its `open`).
    pub dialog: &'a mut ExportDialog,
    /// The open collection's name (`None`: no collection, nothing to export).
    pub collection_name: Option<&'a str>,
}

/// Draws the window when open.
pub fn show(ui: &mut egui::Ui, view: ExportWindowView<'_>, actions: &mut Vec<Action>) {
    let ExportWindowView {
        dialog,
        collection_name: name,
    } = view;
    if !dialog.open {
        return;
    }
    let mut open = true;
    egui::Window::new("Export")
        .id(egui::Id::unique("export_window"))
        .open(&mut open)
        .collapsible(false)
        .default_width(520.0)
        .show(ui.ctx(), |ui| {
            let Some(name) = name else {
                ui.label("Open a collection first: the open collection is what is exported.");
                return;
            };
            let what = match &dialog.scope {
                None => format!("the collection \"{name}\""),
                Some(path) => format!("{} of \"{name}\"", path.display()),
            };
            ui.label(format!(
                "Exports {what}. Secret values stay {{{{references}}}}."
            ));
            for format in ExportFormat::ALL {
                ui.radio_value(&mut dialog.format, format, format.label());
            }
            ui.horizontal(|ui| {
                let label = ui.label("Export to");
                let hint = match dialog.format {
                    ExportFormat::Postman => "/path/to/collection.postman_collection.json",
                    ExportFormat::OpenCollection => "/path/to/a/new/folder",
                    ExportFormat::Curl | ExportFormat::Httpie => "/path/to/requests.sh",
                    ExportFormat::PythonRequests | ExportFormat::AyonApi => "/path/to/requests.py",
                };
                ui.add(
                    egui::TextEdit::singleline(&mut dialog.path)
                        .id_salt("export_path")
                        .hint_text(hint)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            });
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!dialog.writing, egui::Button::new("Export"))
                    .clicked()
                {
                    actions.push(Action::ExportCollection);
                }
                if dialog.writing {
                    ui.spinner();
                }
            });
            let dark = ui.visuals().dark_mode;
            match &dialog.outcome {
                Some(Ok(done)) => {
                    ui.colored_label(format::status_color(200, dark), done);
                }
                Some(Err(problem)) => {
                    ui.colored_label(format::error_color(dark), problem);
                }
                None => {}
            }
        });
    dialog.open = open;
}
