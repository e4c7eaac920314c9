//! The Ctrl+K palette: search the endpoint catalog from any view; Enter opens the
//! highlighted operation in a new tab, Escape closes.

use std::sync::Arc;

use crate::action::Action;
use crate::catalog::Catalog;
use crate::state::Palette;

use super::operation_row;

/// Results listed at most.
const LIMIT: usize = 50;

/// Ctrl+K opens (or closes) the palette.
pub fn shortcut(ui: &egui::Ui, palette: &mut Option<Palette>) {
    let open = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::K);
    if ui.input_mut(|i| i.consume_shortcut(&open)) {
        *palette = match palette {
            Some(_) => None,
            None => Some(Palette::default()),
        };
    }
}

/// What the palette reads and changes.
pub struct PaletteView<'a> {
    /// The open palette (`None`: closed); Enter, a click and Escape close it.
    pub palette: &'a mut Option<Palette>,
    /// The catalog searched, once one is loaded.
    pub catalog: Option<&'a Arc<Catalog>>,
}

/// Draws the palette when open.
pub fn show(ui: &mut egui::Ui, view: PaletteView<'_>, actions: &mut Vec<Action>) {
    let PaletteView {
        palette: slot,
        catalog,
    } = view;
    let Some(palette) = slot else {
        return;
    };
    let mut close = false;
    let mut open = None;
    let (up, down, enter, escape) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
            i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
        )
    });
    let screen = ui.ctx().content_rect();
    let width = (screen.width() * 0.6).clamp(320.0, 760.0);
    egui::Window::new("Endpoint search")
        .id(egui::Id::unique("catalog_palette"))
        .collapsible(false)
        .resizable(false)
        .title_bar(false)
        .min_width(width)
        .max_width(width)
        .fixed_pos(egui::pos2(
            screen.center().x - width / 2.0,
            screen.top() + 60.0,
        ))
        .show(ui.ctx(), |ui| {
            let label = ui.label("Search endpoints");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut palette.query)
                        .id(egui::Id::unique("catalog_palette_query"))
                        .hint_text("list projects, /api/addons, deploy_project, Desktop…")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            response.request_focus();
            if response.changed() {
                palette.selected = 0;
            }
            let Some(catalog) = catalog else {
                ui.weak(
                    "No endpoint catalog yet: log in as a manager or admin, or load a spec \
                     file in the sidebar's Endpoints view.",
                );
                close |= escape;
                return;
            };
            let query = palette.query.clone();
            let hits = palette.results.update(catalog, &query, LIMIT).to_vec();
            if hits.is_empty() {
                ui.weak(format!("No endpoint matches \"{}\".", query.trim()));
            }
            if down && !hits.is_empty() {
                palette.selected = (palette.selected + 1).min(hits.len() - 1);
            }
            if up {
                palette.selected = palette.selected.saturating_sub(1);
            }
            palette.selected = palette.selected.min(hits.len().saturating_sub(1));
            if enter && let Some(&index) = hits.get(palette.selected) {
                open = Some(index);
            }
            egui::ScrollArea::vertical()
                .max_height(screen.height() * 0.6)
                .show(ui, |ui| {
                    for (row, &index) in hits.iter().enumerate() {
                        let Some(operation) = catalog.operations.get(index) else {
                            continue;
                        };
                        let selected = row == palette.selected;
                        let response = operation_row::show(ui, operation, selected);
                        if selected && (up || down) {
                            response.scroll_to_me(None);
                        }
                        if response.clicked() {
                            open = Some(index);
                        }
                    }
                });
            ui.weak("Up and Down choose, Enter opens in a new tab, Esc closes");
            close |= escape;
        });
    if let Some(index) = open {
        actions.push(Action::OpenOperation(index));
        close = true;
    }
    if close {
        *slot = None;
    }
}
