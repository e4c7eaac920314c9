//! Path completions from the endpoint catalog under the URL field: ↓/↑ choose, Enter or
//! Tab takes one, Escape hides them, a click takes one too.

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
    /// The highlighted one.
    selected: usize,
    /// A key took the highlighted one.
    accepted: bool,
}

#[derive(Clone, Default)]
struct Memory {
    selected: usize,
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
    if focused && !suggestions.is_empty() {
        ui.ctx().input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown) {
                memory.selected += 1;
            }
            if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp) {
                memory.selected = memory.selected.saturating_sub(1);
            }
            if i.consume_key(egui::Modifiers::NONE, egui::Key::Escape) {
                memory.dismissed_for = Some(url.to_string());
            }
            accepted = i.consume_key(egui::Modifiers::NONE, egui::Key::Enter)
                || i.consume_key(egui::Modifiers::NONE, egui::Key::Tab);
        });
    }
    if memory.dismissed_for.is_some() && memory.dismissed_for.as_deref() == Some(url) {
        suggestions.clear();
    }
    memory.selected = memory.selected.min(suggestions.len().saturating_sub(1));
    if suggestions.is_empty() {
        memory.rect = None;
    }
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
    if completion.accepted {
        let path = completion.suggestions.get(completion.selected)?;
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
                            i == completion.selected,
                            egui::RichText::new(path).monospace(),
                        ))
                        .accessible_name(format!("Complete the URL with {path}"));
                    if response.clicked() {
                        chosen = Some(take(path));
                    }
                }
                ui.weak("Down and Up choose, Enter or Tab takes one, Esc hides");
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
