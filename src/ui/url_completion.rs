//! Path completions from the endpoint catalog under the URL field: Down/Up choose one,
//! Enter takes the chosen one (Enter without a choice keeps what was typed), Escape hides
//! the list, a click takes one too. Tab is left alone: it moves focus as everywhere.

use crate::catalog::Catalog;
use crate::state::path_of;

/// Suggestions listed at most.
const LIMIT: usize = 8;

/// What the completion list will show this frame.
pub struct Completion {
    /// The URL text before the path (server or `{{variable}}`).
    head: String,
    /// Paths to offer.
    suggestions: Vec<String>,
    /// The highlighted one (only after Down or Up).
    selected: Option<usize>,
    /// A key took the highlighted one.
    accepted: bool,
}

#[derive(Clone, Default)]
struct Memory {
    selected: Option<usize>,
    /// The field had focus last frame (egui drops focus on Escape before we see the key).
    focused_last: bool,
    /// Hidden with Escape for this URL text.
    dismissed_for: Option<String>,
    /// Where the list was last drawn (a click there must not count as leaving the field).
    rect: Option<egui::Rect>,
}

/// Reads the keys the list uses, before the URL field sees them. Call before adding the
/// field with id `url_id`.
pub fn before_edit(ui: &egui::Ui, url_id: egui::Id, url: &str, catalog: &Catalog) -> Completion {
    let mut memory: Memory = ui.data(|d| d.get_temp(url_id.with("completion")).unwrap_or_default());
    let focused = ui.memory(|m| m.has_focus(url_id));
    let pointer_on_list = memory.rect.is_some_and(|rect| {
        ui.input(|i| i.pointer.interact_pos().is_some_and(|p| rect.contains(p)))
    });
    let (start, path) = path_of(url);
    let mut suggestions = Vec::new();
    let wanted = (focused || pointer_on_list)
        && path.starts_with('/')
        && !url.contains('?')
        && memory.dismissed_for.as_deref() != Some(url);
    if wanted {
        suggestions = catalog
            .complete_path(path, LIMIT + 1)
            .into_iter()
            .filter(|p| *p != path)
            .take(LIMIT)
            .map(str::to_string)
            .collect();
    }
    let mut accepted = false;
    let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
    if (focused || memory.focused_last) && escape && !suggestions.is_empty() {
        memory.dismissed_for = Some(url.to_string());
    }
    if focused && !suggestions.is_empty() {
        ui.ctx().input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown) {
                memory.selected = Some(memory.selected.map_or(0, |s| s + 1));
            }
            if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp) {
                memory.selected = memory.selected.and_then(|s| s.checked_sub(1));
            }
            // Enter takes a suggestion only when one was chosen with the arrows.
            accepted =
                memory.selected.is_some() && i.consume_key(egui::Modifiers::NONE, egui::Key::Enter);
        });
    }
    memory.focused_last = focused;
    if memory.dismissed_for.as_deref() == Some(url) {
        suggestions.clear();
    }
    if suggestions.is_empty() {
        memory.selected = None;
        memory.rect = None;
    }
    memory.selected = memory
        .selected
        .map(|s| s.min(suggestions.len().saturating_sub(1)));
    let selected = memory.selected;
    ui.data_mut(|d| d.insert_temp(url_id.with("completion"), memory));
    Completion {
        head: url[..start].to_string(),
        suggestions,
        selected,
        accepted,
    }
}

/// Draws the list under `field_rect`; returns the new URL when one was taken.
pub fn show(
    ui: &egui::Ui,
    url_id: egui::Id,
    field_rect: egui::Rect,
    completion: Completion,
) -> Option<String> {
    if completion.suggestions.is_empty() {
        return None;
    }
    let take = |path: &str| format!("{}{path}", completion.head);
    if completion.accepted
        && let Some(path) = completion
            .selected
            .and_then(|i| completion.suggestions.get(i))
    {
        return Some(take(path));
    }
    let mut chosen = None;
    let area = egui::Area::new(url_id.with("completion_list"))
        .order(egui::Order::Foreground)
        .fixed_pos(field_rect.left_bottom())
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.set_min_width(field_rect.width());
                for (i, path) in completion.suggestions.iter().enumerate() {
                    let response = ui
                        .add(egui::Button::selectable(
                            completion.selected == Some(i),
                            egui::RichText::new(path).monospace(),
                        ))
                        .accessible_name(format!("Complete the URL with {path}"));
                    if response.clicked() {
                        chosen = Some(take(path));
                    }
                }
                ui.weak("Down and Up choose, Enter takes the chosen one, Esc hides");
            });
        });
    let rect = area.response.rect;
    ui.data_mut(|d| {
        let memory: &mut Memory = d.get_temp_mut_or_default(url_id.with("completion"));
        memory.rect = Some(rect);
    });
    if chosen.is_some() {
        ui.memory_mut(|m| m.request_focus(url_id));
    }
    chosen
}
