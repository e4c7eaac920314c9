//! "Upload to AYON": who it sends as, the file field, and the kinds of upload.

use std::path::PathBuf;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

use ayon_rest_explorer::action::{Action, UploadAction};
use ayon_rest_explorer::collection::variables::VariableSet;
use ayon_rest_explorer::state::{UploadDialog, UploadKind};
use ayon_rest_explorer::ui::upload_window::{self, UploadWindowView};

use super::{Panel, click, fill, panel};

/// The upload window's slice.
struct Upload {
    dialog: UploadDialog,
    logged_in_as: Option<String>,
    variables: VariableSet,
}

fn upload_window(logged_in_as: Option<&str>) -> Harness<'static, Panel<Upload>> {
    let slice = Upload {
        dialog: UploadDialog {
            open: true,
            ..UploadDialog::default()
        },
        logged_in_as: logged_in_as.map(str::to_owned),
        variables: VariableSet::default(),
    };
    panel(slice, |ui, s, actions| {
        let view = UploadWindowView {
            dialog: &mut s.dialog,
            can_browse: false,
            logged_in_as: s.logged_in_as.as_deref(),
            server_url: "http://localhost:5000",
            variables: &s.variables,
        };
        upload_window::show(ui, view, actions);
    })
}

#[test]
fn logged_out_says_to_log_in_first() {
    let mut harness = upload_window(None);
    harness.get_by_label(
        "Log in to http://localhost:5000 first, as an admin: AYON lets only admins upload.",
    );
    assert!(harness.query_by_label("Install addon").is_none());
    click(&mut harness, UploadKind::Installer.label());
    assert_eq!(harness.state().slice.dialog.kind, UploadKind::Installer);
    assert!(harness.query_by_label("Upload").is_none());

    click(&mut harness, "Close window");
    assert!(!harness.state().slice.dialog.open);
}

#[test]
fn asks_to_read_a_typed_addon_zip() {
    let mut harness = upload_window(Some("admin"));
    harness.get_by_label("Sends to http://localhost:5000 as admin.");
    fill(&mut harness, "Upload file", "/tmp/my_addon-1.0.0.zip");
    assert_eq!(harness.state().slice.dialog.file, "/tmp/my_addon-1.0.0.zip");
    let inspect = Action::Upload(UploadAction::InspectZip(PathBuf::from(
        "/tmp/my_addon-1.0.0.zip",
    )));
    // Asked each frame until the app records the check (nothing does, here).
    let asked = &harness.state().actions;
    assert!(asked.contains(&inspect), "{asked:?}");
    assert!(
        asked
            .iter()
            .all(|a| matches!(a, Action::Upload(UploadAction::InspectZip(_))))
    );
    // Not read yet: nothing to install.
    assert!(
        harness
            .get_by_label("Install addon")
            .accesskit_node()
            .is_disabled()
    );
}
