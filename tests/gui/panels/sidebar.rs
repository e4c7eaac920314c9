//! The sidebar: its two views, the windows it opens, the collection section.

use std::path::PathBuf;

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::collection::format::RequestFile;
use ayon_rest_explorer::collection::history::HistoryEntry;
use ayon_rest_explorer::collection::store::RequestEntry;
use ayon_rest_explorer::state::{
    CatalogState, CollectionState, Confirm, RequestDraft, SidebarView,
};
use ayon_rest_explorer::ui::catalog_panel::CatalogPanelView;
use ayon_rest_explorer::ui::collection_tree::CollectionTreeView;
use ayon_rest_explorer::ui::history_list::HistoryListView;
use ayon_rest_explorer::ui::sidebar::{self, SidebarPanelView};

use super::{Panel, click, collection_with, panel, small_catalog};

/// No recent collection's name is known: each reads by its folder's name.
static NO_NAMES: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();

/// The sidebar's slice.
struct SidebarSlice {
    shown: SidebarView,
    upload_open: bool,
    import_open: bool,
    catalog: CatalogState,
    collection: CollectionState,
    confirm: Option<Confirm>,
    recent_collections: Vec<String>,
    history: Vec<HistoryEntry>,
    history_filter: String,
}

fn sidebar(slice: SidebarSlice) -> Harness<'static, Panel<SidebarSlice>> {
    panel(slice, |ui, s, actions| {
        let view = SidebarPanelView {
            shown: &mut s.shown,
            upload_open: &mut s.upload_open,
            import_open: &mut s.import_open,
            catalog: CatalogPanelView {
                catalog: &mut s.catalog,
                logged_in: false,
                can_browse: false,
            },
            tree: CollectionTreeView {
                collection: &mut s.collection,
                confirm: &mut s.confirm,
                recent_collections: &s.recent_collections,
                recent_names: &NO_NAMES,
                can_browse: false,
            },
            history: HistoryListView {
                entries: &s.history,
                filter: &mut s.history_filter,
            },
        };
        sidebar::show(ui, view, actions);
    })
}

#[test]
fn opens_windows_and_a_collection_and_switches_to_endpoints() {
    let mut harness = sidebar(SidebarSlice {
        shown: SidebarView::Requests,
        upload_open: false,
        import_open: false,
        catalog: CatalogState {
            catalog: Some(small_catalog()),
            ..CatalogState::default()
        },
        collection: CollectionState::default(),
        confirm: None,
        recent_collections: vec!["/studio/requests".into()],
        history: Vec::new(),
        history_filter: String::new(),
    });
    harness.get_by_label("Sent requests appear here (secrets redacted).");
    // No collection open: nothing to export or reload.
    assert!(harness.query_by_label("Export…").is_none());
    assert!(harness.query_by_label("Reload from disk").is_none());

    click(&mut harness, "Upload to AYON");
    click(&mut harness, "Import…");
    assert!(harness.state().slice.upload_open);
    assert!(harness.state().slice.import_open);
    assert!(
        harness.state().actions.is_empty(),
        "the windows open by the slice"
    );

    // A recent collection fills the folder field and asks to open it.
    // Listed by name (no name known: the folder's), the path in its tooltip.
    click(&mut harness, "requests");
    assert_eq!(
        harness.state().slice.collection.path_input,
        "/studio/requests"
    );
    assert_eq!(harness.state().actions, [Action::OpenCollection]);

    click(&mut harness, "Endpoints");
    assert_eq!(harness.state().slice.shown, SidebarView::Endpoints);
    harness.get_by_label("4 operations in 3 groups");
    harness.get_by_role_and_label(Role::Button, "Refresh catalog");
    assert!(harness.query_by_label("Upload to AYON").is_none());
}

#[test]
fn with_a_collection_lists_its_requests() {
    let mut loaded = collection_with(&[]);
    loaded.collection.tree.requests.push(RequestEntry {
        path: PathBuf::from("list-projects.yml"),
        file: RequestFile::from_draft("List projects", &RequestDraft::get("/api/projects")),
    });
    let mut harness = sidebar(SidebarSlice {
        shown: SidebarView::Requests,
        upload_open: false,
        import_open: false,
        catalog: CatalogState::default(),
        collection: CollectionState {
            loaded: Some(loaded),
            ..CollectionState::default()
        },
        confirm: None,
        recent_collections: Vec::new(),
        history: Vec::new(),
        history_filter: String::new(),
    });
    harness.get_by_label("Studio requests");
    click(&mut harness, "Export…");
    click(&mut harness, "Reload from disk");
    harness.get_by_label("GET List projects").click();
    harness.run();
    click(&mut harness, "Close");
    assert_eq!(
        harness.state().actions,
        [
            Action::OpenExport(None),
            Action::ReloadCollection,
            Action::OpenSaved(PathBuf::from("list-projects.yml")),
            Action::CloseCollection,
        ]
    );

    // Deleting is asked first: the context menu only sets the question.
    harness.get_by_label("GET List projects").click_secondary();
    harness.run();
    click(&mut harness, "Delete…");
    assert_eq!(
        harness.state().slice.confirm,
        Some(Confirm::DeleteFromCollection {
            path: PathBuf::from("list-projects.yml"),
            name: "List projects".into(),
            folder: false,
        })
    );
    assert_eq!(harness.state().actions.len(), 4);
}

#[test]
fn files_that_did_not_load_are_listed_under_the_tree() {
    use ayon_rest_explorer::collection::store::Problem;
    let mut loaded = collection_with(&[]);
    loaded.collection.problems = vec![
        Problem {
            path: PathBuf::from("pipe.yml"),
            line: None,
            column: None,
            message: "is a FIFO (named pipe), not a regular file: not read".into(),
        },
        Problem {
            path: PathBuf::from("deep.yml"),
            line: Some(4),
            column: Some(134),
            message: "nested more than 128 levels deep: not parsed".into(),
        },
    ];
    loaded.environment_problems = vec![Problem {
        path: PathBuf::from("/studio/requests/environments/dev.yml"),
        line: None,
        column: None,
        message: "is larger than 8 MB, the limit for this file: not read".into(),
    }];
    let harness = sidebar(SidebarSlice {
        shown: SidebarView::Requests,
        upload_open: false,
        import_open: false,
        catalog: CatalogState::default(),
        collection: CollectionState {
            loaded: Some(loaded),
            ..CollectionState::default()
        },
        confirm: None,
        recent_collections: Vec::new(),
        history: Vec::new(),
        history_filter: String::new(),
    });
    harness.get_by_label("pipe.yml: is a FIFO (named pipe), not a regular file: not read");
    harness.get_by_label("deep.yml:4: nested more than 128 levels deep: not parsed");
    harness.get_by_label(
        "/studio/requests/environments/dev.yml: is larger than 8 MB, the limit for this file: not read",
    );
}
