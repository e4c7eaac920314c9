//! The strip of open request tabs.

use crate::action::Action;
use crate::state::RequestTab;

/// What the tab strip reads and changes.
pub struct TabStripView<'a> {
    /// The open tabs, in order.
    pub tabs: &'a [RequestTab],
    /// Index of the visible tab; a click on a tab's title sets it.
    pub active_tab: &'a mut usize,
}

/// Draws the tab strip: a title per tab (• for unsaved edits, … while a send runs), its
/// close button, and "+ New request".
pub fn show(ui: &mut egui::Ui, view: TabStripView<'_>, actions: &mut Vec<Action>) {
    let TabStripView { tabs, active_tab } = view;
    ui.horizontal_wrapped(|ui| {
        for (index, tab) in tabs.iter().enumerate() {
            let selected = index == *active_tab;
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
                *active_tab = index;
            }
            let close_name = format!("Close tab {}", tab.draft.title());
            if ui
                .small_button("×")
                .on_hover_text("Close this tab")
                .accessible_name(close_name)
                .clicked()
            {
                actions.push(Action::CloseTab(tab.id));
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
