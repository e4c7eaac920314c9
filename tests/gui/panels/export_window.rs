//! The Export window: the format, the path, Export, and what came of it.

use std::path::PathBuf;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::state::{ExportDialog, ExportFormat};
use ayon_rest_explorer::ui::export_window::{self, ExportWindowView};

use super::{Panel, click, fill, panel};

/// The Export window's slice.
struct Export {
    dialog: ExportDialog,
    collection_name: Option<String>,
}

fn export_window(dialog: ExportDialog, name: Option<&str>) -> Harness<'static, Panel<Export>> {
    let slice = Export {
        dialog,
        collection_name: name.map(str::to_owned),
    };
    panel(slice, |ui, s, actions| {
        let view = ExportWindowView {
            dialog: &mut s.dialog,
            collection_name: s.collection_name.as_deref(),
        };
        export_window::show(ui, view, actions);
    })
}

fn open_dialog() -> ExportDialog {
    ExportDialog {
        open: true,
        ..ExportDialog::default()
    }
}

#[test]
fn picks_a_format_and_a_path_and_asks_to_export() {
    let mut harness = export_window(open_dialog(), Some("Studio requests"));
    harness.get_by_label_contains("Exports the collection \"Studio requests\"");
    harness.get_by_label(ExportFormat::Curl.label()).click();
    harness.run();
    assert_eq!(harness.state().slice.dialog.format, ExportFormat::Curl);
    fill(&mut harness, "Export to", "/tmp/requests.sh");
    assert_eq!(harness.state().slice.dialog.path, "/tmp/requests.sh");
    assert!(harness.state().actions.is_empty());
    click(&mut harness, "Export");
    assert_eq!(harness.state().actions, [Action::ExportCollection]);
}

#[test]
fn shows_its_scope_and_outcome_and_needs_a_collection() {
    let dialog = ExportDialog {
        scope: Some(PathBuf::from("projects")),
        outcome: Some(Err("The folder /tmp/out is not empty.".into())),
        ..open_dialog()
    };
    let harness = export_window(dialog, Some("Studio requests"));
    harness.get_by_label_contains("Exports projects of \"Studio requests\"");
    harness.get_by_label("The folder /tmp/out is not empty.");

    let harness = export_window(open_dialog(), None);
    harness.get_by_label_contains("Open a collection first");
    assert!(harness.query_by_label("Export to").is_none());
}
