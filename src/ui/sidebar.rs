//! The left sidebar: the open collection, then the history of sent requests.

use crate::action::Action;
use crate::http::HttpMethod;
use crate::state::{AppState, RequestDraft, SidebarView};

use super::format;

/// Draws the sidebar: "Requests" (collection and history) or "Endpoints" (catalog).
pub fn show(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.selectable_value(&mut state.sidebar_view, SidebarView::Requests, "Requests");
        let endpoints = match &state.catalog.catalog {
            Some(catalog) => format!("Endpoints ({})", catalog.operations.len()),
            None => "Endpoints".to_string(),
        };
        ui.selectable_value(&mut state.sidebar_view, SidebarView::Endpoints, endpoints)
            .on_hover_text("The server's own endpoint catalog (Ctrl+K to search it anywhere)")
            .accessible_name("Endpoints");
    });
    ui.separator();
    if state.sidebar_view == SidebarView::Endpoints {
        super::catalog_panel::show(ui, state, actions);
        return;
    }
    ui.horizontal(|ui| {
        if ui
            .button("Upload to AYON")
            .on_hover_text(
                "Install an addon zip, or upload a desktop installer or dependency package",
            )
            .clicked()
        {
            state.upload.open = true;
        }
        if ui
            .button("Import…")
            .on_hover_text(
                "Postman, Thunder Client, Bruno, Insomnia, curl or OpenAPI, previewed first",
            )
            .clicked()
        {
            state.import.open = true;
        }
        if state.collection.loaded.is_some()
            && ui
                .button("Export…")
                .on_hover_text("The open collection as Postman v2.1 or Bruno OpenCollection")
                .clicked()
        {
            actions.push(Action::OpenExport(None));
        }
    });
    if state.collection.loaded.is_some()
        && ui
            .add_enabled(
                !state.collection.busy,
                egui::Button::new("Reload from disk"),
            )
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
        .show(ui, |ui| super::collection_tree::show(ui, state, actions));
    ui.separator();
    ui.strong("History");
    let label = ui.label("Filter history");
    ui.add(
        egui::TextEdit::singleline(&mut state.history_filter)
            .id_salt("history_filter")
            .hint_text("method, URL, status…")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.separator();
    if state.history.is_empty() {
        ui.weak("Sent requests appear here (secrets redacted).");
        return;
    }
    let dark = ui.visuals().dark_mode;
    let query = state.history_filter.clone();
    let matching: Vec<usize> = (0..state.history.len())
        .rev()
        .filter(|&i| state.history[i].matches(&query))
        .collect();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    egui::ScrollArea::vertical()
        .id_salt("history_list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, matching.len(), |ui, rows| {
            for &i in &matching[rows] {
                let entry = &state.history[i];
                let status = match entry.status {
                    Some(code) => egui::RichText::new(code.to_string())
                        .color(format::status_color(code, dark)),
                    None => egui::RichText::new("ERR").color(format::error_color(dark)),
                };
                let path = url::Url::parse(&entry.url)
                    .map(|u| match u.query() {
                        Some(q) => format!("{}?{q}", u.path()),
                        None => u.path().to_string(),
                    })
                    .unwrap_or_else(|_| entry.url.clone());
                let response = ui
                    .horizontal(|ui| {
                        ui.label(status);
                        ui.monospace(&entry.method);
                        ui.add(
                            egui::Label::new(&path)
                                .truncate()
                                .sense(egui::Sense::click()),
                        )
                    })
                    .inner;
                let response = response.on_hover_text(format!(
                    "{} {} — {} ms{}",
                    entry.method,
                    entry.url,
                    entry.duration_ms,
                    entry
                        .error
                        .as_deref()
                        .map(|e| format!("\n{e}"))
                        .unwrap_or_default()
                ));
                if response.clicked() {
                    let method = HttpMethod::ALL
                        .into_iter()
                        .find(|m| m.as_str() == entry.method)
                        .unwrap_or_default();
                    actions.push(Action::OpenDraft(Box::new(RequestDraft {
                        method,
                        ..RequestDraft::get(&entry.url)
                    })));
                }
            }
        });
}
