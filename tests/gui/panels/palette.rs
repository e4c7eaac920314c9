//! The Ctrl+K palette: searching, choosing with the keys, opening and closing.

use std::sync::Arc;

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::catalog::Catalog;
use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::state::Palette;
use ayon_rest_explorer::ui::palette::{self, PaletteView};

use super::{Panel, click, fill, operation_rows, panel, small_catalog};

/// The palette's slice.
struct Search {
    palette: Option<Palette>,
    catalog: Option<Arc<Catalog>>,
}

fn palette_over(catalog: Option<Arc<Catalog>>) -> Harness<'static, Panel<Search>> {
    let slice = Search {
        palette: Some(Palette::default()),
        catalog,
    };
    panel(slice, |ui, s, actions| {
        let view = PaletteView {
            palette: &mut s.palette,
            catalog: s.catalog.as_ref(),
        };
        palette::show(ui, view, actions);
    })
}

#[test]
fn finds_operations_and_enter_opens_the_chosen_one() {
    let catalog = small_catalog();
    let hits = catalog.search("project", 50);
    assert_eq!(hits.len(), 2, "both project operations match");
    let mut harness = palette_over(Some(catalog));

    fill(&mut harness, "Search endpoints", "project");
    assert_eq!(
        harness.state().slice.palette.as_ref().unwrap().query,
        "project"
    );
    let mut shown = operation_rows(&harness);
    shown.sort();
    assert_eq!(
        shown,
        [
            "GET /api/projects: List Projects",
            "POST /api/projects: Create Project"
        ]
    );

    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().slice.palette.as_ref().unwrap().selected, 1);
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(harness.state().actions, [Action::OpenOperation(hits[1])]);
    assert!(harness.state().slice.palette.is_none(), "opening closes it");
    assert!(harness.query_by_label("Search endpoints").is_none());
}

#[test]
fn opens_a_clicked_row_and_escape_closes_it() {
    let catalog = small_catalog();
    let info = catalog.find(HttpMethod::Get, "/api/info").unwrap();
    let mut harness = palette_over(Some(catalog));
    fill(&mut harness, "Search endpoints", "site info");
    click(&mut harness, "GET /api/info: Get Site Info");
    assert_eq!(harness.state().actions, [Action::OpenOperation(info)]);
    assert!(harness.state().slice.palette.is_none());

    let mut harness = palette_over(Some(small_catalog()));
    fill(&mut harness, "Search endpoints", "zzzz");
    harness.get_by_label("No endpoint matches \"zzzz\".");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.state().slice.palette.is_none());
    assert!(harness.state().actions.is_empty(), "Escape opens nothing");
}

#[test]
fn without_a_catalog_says_where_to_get_one() {
    let harness = palette_over(None);
    harness.get_by_label_contains("No endpoint catalog yet");
    harness.get_by_role_and_label(Role::TextInput, "Search endpoints");
    assert!(operation_rows(&harness).is_empty());
}
