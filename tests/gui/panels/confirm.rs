//! The pending question: closing an edited tab, deleting from the collection.

use std::path::PathBuf;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::collection::store::TreeOp;
use ayon_rest_explorer::state::TabId;
use ayon_rest_explorer::state::{Confirm, LoadedCollection, RequestDraft, RequestTab};
use ayon_rest_explorer::ui::dialogs::{self, ConfirmView};

use super::{Panel, click, panel, tab};

/// The question's slice.
struct Question {
    confirm: Option<Confirm>,
    tabs: Vec<RequestTab>,
    collection: Option<LoadedCollection>,
}

fn question(confirm: Confirm, tabs: Vec<RequestTab>) -> Harness<'static, Panel<Question>> {
    let slice = Question {
        confirm: Some(confirm),
        tabs,
        collection: None,
    };
    panel(slice, |ui, s, actions| {
        let view = ConfirmView {
            confirm: &mut s.confirm,
            tabs: &s.tabs,
            collection: s.collection.as_ref(),
        };
        dialogs::confirm(ui, view, actions);
    })
}

#[test]
fn asks_before_closing_an_edited_tab_and_deleting_a_request() {
    let mut harness = question(
        Confirm::CloseEdited {
            tab_id: TabId::from(9),
        },
        vec![tab(9, RequestDraft::get("/api/users"))],
    );
    harness.get_by_label("Close without saving?");
    harness.get_by_label_contains("GET /api/users has changes that are not saved");
    click(&mut harness, "Close without saving");
    assert_eq!(
        harness.state().actions,
        [Action::DiscardTab(TabId::from(9))]
    );
    assert_eq!(harness.state().slice.confirm, None);

    let mut harness = question(
        Confirm::DeleteFromCollection {
            path: PathBuf::from("projects/list.yml"),
            name: "List projects".into(),
            folder: false,
        },
        Vec::new(),
    );
    harness.get_by_label_contains("Delete \"List projects\"? The file projects/list.yml");
    click(&mut harness, "Cancel");
    assert_eq!(harness.state().slice.confirm, None);
    assert!(harness.state().actions.is_empty(), "Cancel deletes nothing");

    let mut harness = question(
        Confirm::DeleteFromCollection {
            path: PathBuf::from("projects/list.yml"),
            name: "List projects".into(),
            folder: false,
        },
        Vec::new(),
    );
    click(&mut harness, "Delete");
    assert_eq!(
        harness.state().actions,
        [Action::EditCollection(TreeOp::Delete {
            path: PathBuf::from("projects/list.yml")
        })]
    );
    assert_eq!(harness.state().slice.confirm, None);
}
