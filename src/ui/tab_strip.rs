//! The strip of open request tabs.

use crate::action::Action;
use crate::state::RequestTab;

/// What the tab strip reads and changes.
pub struct TabStripView<'a> {
    /// The open tabs, in order.
    pub tabs: &'a [RequestTab],
    /// Index of the visible tab; a click on a tab's title sets it.
    pub active_tab: &'a mut usize,
    /// The server's endpoint catalog, whose summaries name unsaved tabs.
    pub catalog: Option<&'a crate::catalog::Catalog>,
}

/// Room kept at the strip's right end for "+ New request".
const NEW_BUTTON_WIDTH: f32 = 130.0;

/// Draws the tab strip, one row that never wraps: a title per tab (the method in its
/// colour, then the saved name or the catalog's summary or the path; • for unsaved
/// edits, … while a send runs), its close button, and "+ New request" at the end.
/// Tabs that do not fit scroll sideways.
pub fn show(ui: &mut egui::Ui, view: TabStripView<'_>, actions: &mut Vec<Action>) {
    let TabStripView {
        tabs,
        active_tab,
        catalog,
    } = view;
    let dark = ui.visuals().dark_mode;
    let last_shown = ui.make_persistent_id("tab_strip_active");
    let moved = ui.data(|d| d.get_temp::<usize>(last_shown)) != Some(*active_tab);
    ui.data_mut(|d| d.insert_temp(last_shown, *active_tab));
    ui.horizontal(|ui| {
        let room = (ui.available_width() - NEW_BUTTON_WIDTH).max(0.0);
        egui::ScrollArea::horizontal()
            .id_salt("tab_strip")
            .max_width(room)
            .auto_shrink([true, true])
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysHidden)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    for (index, tab) in tabs.iter().enumerate() {
                        tab_title(ui, tab, index, (active_tab, moved), catalog, dark);
                        let close_name = format!("Close tab {}", tab.draft.title());
                        if ui
                            .small_button("×")
                            .on_hover_text("Close this tab (Ctrl+W)")
                            .accessible_name(close_name)
                            .clicked()
                        {
                            actions.push(Action::CloseTab(tab.id));
                        }
                        ui.separator();
                    }
                });
            });
        if ui
            .button("+ New request")
            .on_hover_text("Open a new request tab (Ctrl+T)")
            .clicked()
        {
            actions.push(Action::NewTab);
        }
    });
}

/// One tab's title: "GET List projects", the method coloured, the whole method and URL
/// on hover. The active tab is scrolled into view when it changes.
fn tab_title(
    ui: &mut egui::Ui,
    tab: &RequestTab,
    index: usize,
    (active_tab, moved): (&mut usize, bool),
    catalog: Option<&crate::catalog::Catalog>,
    dark: bool,
) {
    let selected = index == *active_tab;
    let mut name = tab.name(catalog);
    if name.chars().count() > 40 {
        name = name.chars().take(39).collect::<String>() + "…";
    }
    let mut job = egui::text::LayoutJob::default();
    let font = egui::TextStyle::Button.resolve(ui.style());
    let text = ui.visuals().text_color();
    if tab.is_edited() {
        // The dot marks unsaved changes.
        job.append("• ", 0.0, egui::TextFormat::simple(font.clone(), text));
    }
    let method = tab.draft.method;
    job.append(
        method.as_str(),
        0.0,
        egui::TextFormat::simple(font.clone(), super::format::method_color(method, dark)),
    );
    job.append(
        &format!(" {name}"),
        0.0,
        egui::TextFormat::simple(font.clone(), text),
    );
    if tab.state.pending_id().is_some() {
        job.append(" …", 0.0, egui::TextFormat::simple(font, text));
    }
    let response = ui.selectable_label(selected, job).on_hover_text(format!(
        "{} {}",
        method.as_str(),
        tab.draft.url
    ));
    if selected && moved {
        response.scroll_to_me(None);
    }
    if response.clicked() {
        *active_tab = index;
    }
}
