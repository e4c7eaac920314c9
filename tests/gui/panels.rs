//! Panels drawn alone: each test builds only the slice of state a panel reads and
//! changes (no `ExplorerApp`, no worker, no network), draws it under egui_kittest, acts
//! on it by role and accessible label, and checks what it shows, what it asked for
//! (the actions pushed) and how its slice changed.
//!
//! Building a harness (and each `run`) also checks that every input the panel shows has
//! an accessible name.

use std::path::PathBuf;

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::collection::format::RequestFile;
use ayon_rest_explorer::state::{
    ConflictChoice, DiskConflict, Notice, NoticeLevel, RequestDraft, RequestTab,
};
use ayon_rest_explorer::ui::{conflict_dialog, notices, tab_strip};

/// A panel's own state: its slice, plus the actions it pushed.
struct Panel<S> {
    slice: S,
    actions: Vec<Action>,
}

/// A harness that draws `draw` over `slice` every frame.
fn panel<S: 'static>(
    slice: S,
    mut draw: impl FnMut(&mut egui::Ui, &mut S, &mut Vec<Action>) + 'static,
) -> Harness<'static, Panel<S>> {
    Harness::builder()
        .with_size(egui::vec2(900.0, 600.0))
        .build_ui_state(
            move |ui, panel: &mut Panel<S>| draw(ui, &mut panel.slice, &mut panel.actions),
            Panel {
                slice,
                actions: Vec::new(),
            },
        )
}

/// Clicks the button labelled `label` and lets the frame act on it.
fn click<S>(harness: &mut Harness<'_, Panel<S>>, label: &str) {
    harness.get_by_role_and_label(Role::Button, label).click();
    harness.run();
}

/// Whether the button (or selectable label, or checkbox) labelled `label` is on.
fn is_on<S>(harness: &Harness<'_, Panel<S>>, label: &str) -> bool {
    let node = harness.get_by_label(label);
    node.accesskit_node().toggled() == Some(egui::accesskit::Toggled::True)
}

/// A tab holding `draft`, saved as it is (no unsaved edits).
fn tab(id: u64, draft: RequestDraft) -> RequestTab {
    let mut tab = RequestTab::default();
    tab.id = id;
    tab.baseline = draft.clone();
    tab.draft = draft;
    tab
}

// ---- tab strip ----

/// The tab strip's slice: the tabs and which one is shown.
struct Tabs {
    tabs: Vec<RequestTab>,
    active_tab: usize,
}

fn tab_strip(tabs: Vec<RequestTab>) -> Harness<'static, Panel<Tabs>> {
    let slice = Tabs {
        tabs,
        active_tab: 0,
    };
    panel(slice, |ui, s, actions| {
        let view = tab_strip::TabStripView {
            tabs: &s.tabs,
            active_tab: &mut s.active_tab,
        };
        tab_strip::show(ui, view, actions);
    })
}

#[test]
fn tab_strip_selects_closes_and_opens_tabs() {
    let mut harness = tab_strip(vec![
        tab(1, RequestDraft::get("/api/projects")),
        tab(2, RequestDraft::get("/api/users")),
        tab(3, RequestDraft::get("/api/info")),
    ]);
    for title in ["GET /api/projects", "GET /api/users", "GET /api/info"] {
        harness.get_by_role_and_label(Role::Button, title);
        harness.get_by_role_and_label(Role::Button, &format!("Close tab {title}"));
    }

    // Selecting is the strip's own business: the slice changes, nothing is asked.
    click(&mut harness, "GET /api/users");
    assert_eq!(harness.state().slice.active_tab, 1);
    assert!(harness.state().actions.is_empty());
    assert!(
        is_on(&harness, "GET /api/users"),
        "the clicked tab is drawn selected"
    );
    assert!(!is_on(&harness, "GET /api/projects"));

    // Closing and opening are asked of the app.
    click(&mut harness, "Close tab GET /api/info");
    click(&mut harness, "+ New request");
    assert_eq!(
        harness.state().actions,
        [Action::CloseTab(2), Action::NewTab]
    );
    assert_eq!(
        harness.state().slice.tabs.len(),
        3,
        "the strip removes no tab"
    );
    assert_eq!(harness.state().slice.active_tab, 1);
}

#[test]
fn tab_strip_marks_unsaved_edits_and_a_running_send() {
    let mut edited = tab(1, RequestDraft::get("/api/projects"));
    edited.draft.url = "/api/projects/demo".into();
    let mut sending = tab(2, RequestDraft::get("/api/users"));
    sending.state.start(42);
    let harness = tab_strip(vec![edited, sending]);

    harness.get_by_role_and_label(Role::Button, "• GET /api/projects/demo");
    harness.get_by_role_and_label(Role::Button, "GET /api/users …");
    // The close buttons name the tab without the marks.
    harness.get_by_role_and_label(Role::Button, "Close tab GET /api/projects/demo");
    harness.get_by_role_and_label(Role::Button, "Close tab GET /api/users");
}

// ---- notices ----

fn notices_bar(list: Vec<Notice>) -> Harness<'static, Panel<Vec<Notice>>> {
    panel(list, |ui, list, _| notices::show(ui, list))
}

#[test]
fn notices_say_errors_in_words_and_dismiss_removes_one() {
    let mut harness = notices_bar(vec![
        Notice::info("Saved the collection.".into()),
        Notice::error("Could not read collection.yml".into()),
        Notice::warning("Type the collection's folder path first.".into()),
    ]);
    harness.get_by_label("Saved the collection.");
    harness.get_by_label("Error: Could not read collection.yml");
    // Only errors are prefixed: info and warnings read as they are.
    harness.get_by_label("Type the collection's folder path first.");
    assert!(harness.query_by_label_contains("Error: Saved").is_none());
    assert!(harness.query_by_label_contains("Error: Type").is_none());

    let dismiss: Vec<_> = harness
        .query_all_by_role_and_label(Role::Button, "Dismiss")
        .collect();
    assert_eq!(dismiss.len(), 3, "one Dismiss per notice");
    // The second row's button: the error.
    dismiss[1].click();
    harness.run();

    let left: Vec<NoticeLevel> = harness.state().slice.iter().map(|n| n.level).collect();
    assert_eq!(left, [NoticeLevel::Info, NoticeLevel::Warning]);
    assert!(harness.query_by_label_contains("Error:").is_none());
    assert_eq!(
        harness
            .query_all_by_role_and_label(Role::Button, "Dismiss")
            .count(),
        2
    );
}

// ---- conflict dialog ----

fn conflict(tab_id: u64, name: &str, path: &str) -> DiskConflict {
    DiskConflict {
        tab_id,
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
fn conflict_dialog_asks_about_the_first_conflict_only() {
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
fn conflict_dialog_keeps_the_edits_on_request_and_is_absent_without_conflicts() {
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
