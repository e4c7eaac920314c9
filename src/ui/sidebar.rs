//! The left sidebar: the open collection, then the history of sent requests; or the
//! server's endpoint catalog.

use crate::action::Action;
use crate::state::SidebarView;

use super::catalog_panel::{self, CatalogPanelView};
use super::collection_tree::{self, CollectionTreeView};
use super::history_list::{self, HistoryListView};

/// What the sidebar reads and changes: which view it shows, the Upload and Import
/// windows it opens, and the slices of the sections it draws.
pub struct SidebarPanelView<'a> {
    /// "Requests" or "Endpoints".
    pub shown: &'a mut SidebarView,
    /// Whether the "Upload to AYON" window is open.
    pub upload_open: &'a mut bool,
    /// Whether the Import window is open.
    pub import_open: &'a mut bool,
    /// The Endpoints view.
    pub catalog: CatalogPanelView<'a>,
    /// The collection section (its open collection also decides Export… and Reload).
    pub tree: CollectionTreeView<'a>,
    /// The history section.
    pub history: HistoryListView<'a>,
}

/// Draws the sidebar: "Requests" (collection and history) or "Endpoints" (catalog).
pub fn show(ui: &mut egui::Ui, view: SidebarPanelView<'_>, actions: &mut Vec<Action>) {
    let SidebarPanelView {
        shown,
        upload_open,
        import_open,
        catalog,
        tree,
        history,
    } = view;
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.selectable_value(shown, SidebarView::Requests, "Requests");
        let endpoints = match &catalog.catalog.catalog {
            Some(catalog) => format!("Endpoints ({})", catalog.operations.len()),
            None => "Endpoints".to_string(),
        };
        ui.selectable_value(shown, SidebarView::Endpoints, endpoints)
            .on_hover_text("The server's own endpoint catalog (Ctrl+K to search it anywhere)")
            .accessible_name("Endpoints");
    });
    ui.separator();
    if *shown == SidebarView::Endpoints {
        catalog_panel::show(ui, catalog, actions);
        return;
    }
    let has_collection = tree.collection.loaded.is_some();
    ui.horizontal(|ui| {
        if ui
            .button("Upload to AYON")
            .on_hover_text(
                "Install an addon zip, or upload a desktop installer or dependency package",
            )
            .clicked()
        {
            *upload_open = true;
        }
        if ui
            .button("Compare bundles")
            .on_hover_text(
                "The server's bundles side by side, or an addon's settings between bundles, \
                 variants or a project (read-only)",
            )
            .clicked()
        {
            actions.push(Action::OpenBundleWindow);
        }
        if ui
            .button("Import…")
            .on_hover_text(
                "Postman, Thunder Client, Bruno, Insomnia, curl or OpenAPI, previewed first",
            )
            .clicked()
        {
            *import_open = true;
        }
        if has_collection
            && ui
                .button("Export…")
                .on_hover_text("The open collection as Postman v2.1 or Bruno OpenCollection")
                .clicked()
        {
            actions.push(Action::OpenExport(None));
        }
    });
    if has_collection
        && ui
            .add_enabled(!tree.collection.busy, egui::Button::new("Reload from disk"))
            .on_hover_text(
                "Read the collection again (after a git pull); tabs without unsaved edits \
                 follow, edited ones ask. Also happens when the window regains focus.",
            )
            .clicked()
    {
        actions.push(Action::ReloadCollection);
    }
    egui::ScrollArea::vertical()
        .id_salt("collection_scroll")
        .max_height(ui.available_height() * 0.55)
        .show(ui, |ui| collection_tree::show(ui, tree, actions));
    ui.separator();
    history_list::show(ui, history, actions);
}
