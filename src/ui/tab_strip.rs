//! The strip of open request tabs.

use crate::action::Action;
use crate::state::AppState;

/// Draws the tab strip.
pub fn show(ui: &mut egui::Ui, state: &mut AppState, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        for (index, tab) in state.tabs.iter().enumerate() {
            let selected = index == state.active_tab;
            let pending = tab.state.pending_id().is_some();
            let mut title = tab.draft.title();
            if tab.is_edited() {
                // The dot marks unsaved changes.
                title = format!("• {title}");
            }
            if pending {
                title.push_str(" …");
            }
            if ui.selectable_label(selected, title).clicked() {
                state.active_tab = index;
            }
            let close_name = format!("Close tab {}", tab.draft.title());
            if ui
                .small_button("×")
                .on_hover_text("Close this tab")
                .accessible_name(close_name)
                .clicked()
            {
                actions.push(Action::CloseTab(index));
            }
            ui.separator();
        }
        if ui
            .button("+ New request")
            .on_hover_text("Open a new request tab (Ctrl+T)")
            .clicked()
        {
            actions.push(Action::NewTab);
        }
    });
}
