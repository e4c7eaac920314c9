//! Panels drawn alone: each test builds only the slice of state a panel reads and
//! changes (no `ExplorerApp`, no worker, no network), draws it under egui_kittest, acts
//! on it by role and accessible label, and checks what it shows, what it asked for
//! (the actions pushed) and how its slice changed.
//!
//! Building a harness (and each `run`) also checks that every input the panel shows has
//! an accessible name.

use std::path::PathBuf;
use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

use ayon_rest_explorer::action::Action;
use ayon_rest_explorer::catalog::Catalog;
use ayon_rest_explorer::collection::environment::Environment;
use ayon_rest_explorer::collection::format::CollectionFile;
use ayon_rest_explorer::collection::store::{Collection, Folder};
use ayon_rest_explorer::state::TabId;
use ayon_rest_explorer::state::{LoadedCollection, RequestDraft, RequestTab};

mod catalog_panel;
mod confirm;
mod conflict_dialog;
mod connection_bar;
mod environment_editor;
mod export_window;
mod history_list;
mod notices;
mod palette;
mod save_forms;
mod settings_window;
mod sidebar;
mod tab_strip;
mod upload_window;

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
    harness
        .get_by_role_and_label(egui::Role::Button, label)
        .click();
    harness.run();
}

/// Replaces the text of the input labelled `label` (select all, then type).
fn fill<S>(harness: &mut Harness<'_, Panel<S>>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.step();
    harness.get_by_label(label).type_text(text);
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
    tab.id = TabId::from(id);
    tab.baseline = draft.clone();
    tab.draft = draft;
    tab
}

/// A collection held in memory (nothing on disk) with these environments and no
/// requests.
fn collection_with(environments: &[&str]) -> LoadedCollection {
    LoadedCollection {
        collection_id: "panel-test".into(),
        collection: Collection {
            root: PathBuf::from("/studio/requests"),
            file: CollectionFile {
                name: "Studio requests".into(),
                description: None,
                defaults: Default::default(),
            },
            tree: Folder {
                name: "requests".into(),
                path: PathBuf::new(),
                folders: Vec::new(),
                requests: Vec::new(),
            },
            problems: Vec::new(),
        },
        environments: environments.iter().map(|&n| Environment::new(n)).collect(),
        environment_problems: Vec::new(),
    }
}

/// Four operations in three groups.
fn small_catalog() -> Arc<Catalog> {
    let op = |tag: &str, summary: &str, id: &str| serde_json::json!({"tags": [tag], "summary": summary, "operationId": id});
    Arc::new(Catalog::from_spec(serde_json::json!({
        "openapi": "3.0.2",
        "info": {"title": "AYON", "version": "1.11.2"},
        "paths": {
            "/api/projects": {
                "get": op("Projects", "List Projects", "list_projects"),
                "post": op("Projects", "Create Project", "create_project"),
            },
            "/api/users": {"get": op("Users", "List Users", "list_users")},
            "/api/info": {"get": op("System", "Get Site Info", "get_site_info")},
        },
    })))
}

/// The catalog rows shown ("METHOD path: summary").
fn operation_rows<S>(harness: &Harness<'_, Panel<S>>) -> Vec<String> {
    harness
        .query_all_by_role(egui::Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.starts_with("GET /") || l.starts_with("POST /"))
        .collect()
}
