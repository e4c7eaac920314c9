//! The "save request" and "save response body" forms.

use std::path::PathBuf;

use egui::Role;
use egui_kittest::kittest::{NodeT as _, Queryable};

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::state::TabId;
use ayon_rest_explorer::state::{SaveDialog, SaveRequestDialog};
use ayon_rest_explorer::ui::dialogs::{self, SaveBodyView};

use super::{click, fill, panel};

#[test]
fn save_request_form_fills_name_and_folder_and_asks_to_save() {
    let dialog = SaveRequestDialog {
        tab_id: TabId::from(3),
        name: String::new(),
        folder: String::new(),
        focus_name: false,
    };
    let mut harness = panel(Some(dialog), |ui, slot, actions| {
        dialogs::save_request(ui, slot, actions)
    });
    // No name yet: nothing to save.
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Save request")
            .accesskit_node()
            .is_disabled()
    );
    fill(&mut harness, "Request name", "List projects");
    fill(&mut harness, "Folder", "projects");
    let form = harness.state().slice.as_ref().unwrap();
    assert_eq!(
        (form.name.as_str(), form.folder.as_str()),
        ("List projects", "projects")
    );
    click(&mut harness, "Save request");
    assert_eq!(harness.state().actions, [Action::SaveTabAs]);

    click(&mut harness, "Cancel");
    assert_eq!(harness.state().slice, None);
    assert_eq!(harness.state().actions.len(), 1);
}

#[test]
fn save_body_form_saves_to_the_typed_path_and_closes() {
    let dialog = SaveDialog {
        tab_id: TabId::from(5),
        path: String::new(),
        suggested_name: "projects.json".into(),
    };
    let mut harness = panel(Some(dialog), |ui, slot, actions| {
        let view = SaveBodyView {
            dialog: slot,
            can_browse: false,
        };
        dialogs::save_body(ui, view, actions)
    });
    assert!(harness.query_by_label("Browse…").is_none());
    fill(&mut harness, "File path", "/tmp/projects.json");
    click(&mut harness, "Save");
    assert_eq!(
        harness.state().actions,
        [Action::SaveBody {
            tab_id: TabId::from(5),
            path: PathBuf::from("/tmp/projects.json")
        }]
    );
    assert_eq!(harness.state().slice, None, "saving closes the form");
}
