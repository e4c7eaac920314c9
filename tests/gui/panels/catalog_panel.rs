//! The sidebar's Endpoints view: groups, the filter, Refresh and the spec file.

use std::path::PathBuf;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::action::{Action, FileSlot};
use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::state::{CatalogFailure, CatalogOrigin, CatalogState};
use ayon_rest_explorer::ui::catalog_panel::{self, CatalogPanelView};

use super::{Panel, click, fill, operation_rows, panel, small_catalog};

/// The Endpoints view's slice.
struct Endpoints {
    catalog: CatalogState,
    logged_in: bool,
    can_browse: bool,
}

fn catalog_panel(slice: Endpoints) -> Harness<'static, Panel<Endpoints>> {
    panel(slice, |ui, s, actions| {
        let view = CatalogPanelView {
            catalog: &mut s.catalog,
            logged_in: s.logged_in,
            can_browse: s.can_browse,
        };
        catalog_panel::show(ui, view, actions);
    })
}

#[test]
fn filter_narrows_the_rows_and_a_row_opens_its_operation() {
    let catalog = small_catalog();
    let users = catalog.find(HttpMethod::Get, "/api/users").unwrap();
    let mut harness = catalog_panel(Endpoints {
        catalog: CatalogState {
            catalog: Some(catalog),
            origin: Some(CatalogOrigin::File(PathBuf::from("/specs/openapi.json"))),
            ..CatalogState::default()
        },
        logged_in: true,
        can_browse: false,
    });
    harness.get_by_label("From file /specs/openapi.json");
    harness.get_by_label("4 operations in 3 groups");
    // Groups start closed: a group's header opens it.
    assert!(operation_rows(&harness).is_empty());
    harness.get_by_label("Projects (2)").click();
    harness.run();
    assert_eq!(
        operation_rows(&harness),
        [
            "GET /api/projects: List Projects",
            "POST /api/projects: Create Project"
        ]
    );

    fill(&mut harness, "Filter endpoints", "users");
    assert_eq!(harness.state().slice.catalog.filter, "users");
    assert_eq!(operation_rows(&harness), ["GET /api/users: List Users"]);
    click(&mut harness, "GET /api/users: List Users");
    assert_eq!(harness.state().actions, [Action::OpenOperation(users)]);

    fill(&mut harness, "Filter endpoints", "zzzz");
    harness.get_by_label("No endpoint matches.");
    assert!(operation_rows(&harness).is_empty());

    click(&mut harness, "Refresh catalog");
    assert_eq!(
        harness.state().actions,
        [Action::OpenOperation(users), Action::RefreshCatalog]
    );
}

#[test]
fn logged_out_offers_a_spec_file_instead() {
    let mut harness = catalog_panel(Endpoints {
        catalog: CatalogState::default(),
        logged_in: false,
        can_browse: true,
    });
    harness.get_by_label_contains("Log in as a manager or admin");
    // Refresh needs a session: the button is there but does nothing.
    click(&mut harness, "Refresh catalog");
    assert!(harness.state().actions.is_empty());

    fill(&mut harness, "Spec file", "/specs/openapi.yaml");
    assert_eq!(
        harness.state().slice.catalog.spec_path,
        "/specs/openapi.yaml"
    );
    click(&mut harness, "Browse…");
    // (With Browse… offered, "Load spec" is laid out past the panel's right edge; Enter
    // in the field loads too.)
    harness.get_by_label("Spec file").focus();
    harness.step();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        harness.state().actions,
        [
            Action::BrowseFile {
                slot: FileSlot::SpecFile
            },
            Action::LoadSpecFile
        ]
    );
}

#[test]
fn says_why_the_server_refused_and_keeps_the_spec_row_open() {
    let mut harness = catalog_panel(Endpoints {
        catalog: CatalogState {
            catalog: Some(small_catalog()),
            problem: Some(CatalogFailure {
                message: "The server lets only managers read /openapi.json.".into(),
                refused: true,
            }),
            ..CatalogState::default()
        },
        logged_in: true,
        can_browse: false,
    });
    harness.get_by_label("The server lets only managers read /openapi.json.");
    // Refused: the spec file row is shown, not folded away.
    assert!(harness.query_by_label("Load a spec file instead").is_none());
    assert!(
        harness.query_by_label("Browse…").is_none(),
        "no file dialog here"
    );
    click(&mut harness, "Load spec");
    assert_eq!(harness.state().actions, [Action::LoadSpecFile]);
}
