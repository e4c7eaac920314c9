//! The "changed on disk" question.

use std::path::PathBuf;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::collection::format::RequestFile;
use ayon_rest_explorer::state::TabId;
use ayon_rest_explorer::state::{ConflictChoice, DiskConflict, RequestDraft};
use ayon_rest_explorer::ui::conflict_dialog;

use super::{Panel, click, panel};

fn conflict(tab_id: u64, name: &str, path: &str) -> DiskConflict {
    DiskConflict {
        tab_id: TabId::from(tab_id),
        path: PathBuf::from(path),
        disk: RequestFile::from_draft(name, &RequestDraft::get("/api/projects")),
    }
}

fn conflict_dialog(conflicts: Vec<DiskConflict>) -> Harness<'static, Panel<Vec<DiskConflict>>> {
    panel(conflicts, |ui, conflicts, actions| {
        conflict_dialog::show(ui, conflicts, actions)
    })
}

#[test]
fn asks_about_the_first_conflict_only() {
    let mut harness = conflict_dialog(vec![
        conflict(7, "List projects", "projects/list.yml"),
        conflict(8, "Who am I", "me.yml"),
    ]);
    harness.get_by_label("Changed on disk");
    harness.get_by_label_contains("\"List projects\" (projects/list.yml) was changed on disk");
    assert!(harness.query_by_label_contains("Who am I").is_none());

    click(&mut harness, "Load from disk");
    assert_eq!(
        harness.state().actions,
        [Action::ResolveConflict(ConflictChoice::TakeDisk)]
    );
}

#[test]
fn keeps_the_edits_on_request_and_is_absent_without_conflicts() {
    let mut harness = conflict_dialog(vec![conflict(7, "List projects", "list.yml")]);
    click(&mut harness, "Keep my edits");
    assert_eq!(
        harness.state().actions,
        [Action::ResolveConflict(ConflictChoice::KeepMine)]
    );

    let harness = conflict_dialog(Vec::new());
    assert!(harness.query_by_label("Changed on disk").is_none());
    assert!(harness.query_by_label("Keep my edits").is_none());
    assert!(harness.state().actions.is_empty());
}
