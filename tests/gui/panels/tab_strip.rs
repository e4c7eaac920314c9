//! The tab strip: selecting, closing and opening tabs, and the marks on titles.

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::state::TabId;
use ayon_rest_explorer::state::{RequestDraft, RequestTab};
use ayon_rest_explorer::ui::tab_strip::{self, TabStripView};

use super::{Panel, click, is_on, panel, tab};

/// The tab strip's slice: the tabs and which one is shown.
struct Tabs {
    tabs: Vec<RequestTab>,
    active_tab: usize,
    catalog: Option<ayon_rest_explorer::catalog::Catalog>,
}

fn tab_strip(tabs: Vec<RequestTab>) -> Harness<'static, Panel<Tabs>> {
    tab_strip_with(tabs, None)
}

fn tab_strip_with(
    tabs: Vec<RequestTab>,
    catalog: Option<ayon_rest_explorer::catalog::Catalog>,
) -> Harness<'static, Panel<Tabs>> {
    let slice = Tabs {
        tabs,
        active_tab: 0,
        catalog,
    };
    panel(slice, |ui, s, actions| {
        let view = TabStripView {
            tabs: &s.tabs,
            active_tab: &mut s.active_tab,
            catalog: s.catalog.as_ref(),
        };
        tab_strip::show(ui, view, actions);
    })
}

#[test]
fn selects_closes_and_opens_tabs() {
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
        [Action::CloseTab(TabId::from(3)), Action::NewTab]
    );
    assert_eq!(
        harness.state().slice.tabs.len(),
        3,
        "the strip removes no tab"
    );
    assert_eq!(harness.state().slice.active_tab, 1);
}

#[test]
fn marks_unsaved_edits_and_a_running_send() {
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

#[test]
fn tabs_are_named_by_the_saved_name_or_the_catalogs_summary() {
    let mut saved = tab(1, RequestDraft::get("/api/projects"));
    saved.saved_as = Some(("List projects".into(), None));
    let unsaved = tab(2, RequestDraft::get("/api/projects/{project_name}"));
    let other = tab(3, RequestDraft::get("/api/unknown"));
    let spec = serde_json::json!({
        "openapi": "3.0.0",
        "paths": {"/api/projects/{project_name}": {"get": {"summary": "Get Project"}}}
    });
    let catalog = ayon_rest_explorer::catalog::Catalog::from_spec(spec);
    let harness = tab_strip_with(vec![saved, unsaved, other], Some(catalog));
    harness.get_by_role_and_label(Role::Button, "GET List projects");
    harness.get_by_role_and_label(Role::Button, "GET Get Project");
    harness.get_by_role_and_label(Role::Button, "GET /api/unknown");
    // The close button still names the method and path.
    harness.get_by_role_and_label(Role::Button, "Close tab GET /api/projects");
}

#[test]
fn many_tabs_scroll_and_never_push_new_request_to_a_second_row() {
    let tabs: Vec<RequestTab> = (1..=12)
        .map(|i| {
            tab(
                i,
                RequestDraft::get(&format!("/api/projects/project_number_{i}")),
            )
        })
        .collect();
    let harness = tab_strip(tabs);
    let first = harness
        .get_by_role_and_label(Role::Button, "GET /api/projects/project_number_1")
        .rect();
    let new = harness
        .get_by_role_and_label(Role::Button, "+ New request")
        .rect();
    assert!(
        (new.center().y - first.center().y).abs() < 4.0,
        "one row: {first:?} / {new:?}"
    );
    assert!(
        new.right() <= 900.0,
        "+ New request stays in the window: {new:?}"
    );
}
