//! The find bar and the JSONPath filter above a response body.

use crate::state::TabId;
use egui::{Key, KeyboardShortcut, Modifiers, TextEdit, Ui};

use crate::state::{FilterOutput, FilterState, FindState};

use super::body_view::BodyView;
use super::{BodyKind, format};

/// Ctrl+F (Cmd+F on macOS) focuses the find field.
const FIND_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);

/// The find field, match-case switch, "3 of 120" and previous / next.
/// Returns the row to scroll to when the user moved to another match.
pub fn find_bar(ui: &mut Ui, find: &mut FindState, id: TabId) -> Option<usize> {
    let mut go = None;
    let edit_id = egui::Id::unique(("find_in_body", id));
    if ui.input_mut(|i| i.consume_shortcut(&FIND_SHORTCUT)) {
        ui.memory_mut(|m| m.request_focus(edit_id));
    }
    let edit = ui.add(
        TextEdit::singleline(&mut find.query.needle)
            .id(edit_id)
            .hint_text("Find in body (Ctrl+F)")
            .desired_width(200.0),
    );
    let edit = edit.accessible_name("Find in body");
    if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        let back = ui.input(|i| i.modifiers.shift);
        go = find.step(!back);
        edit.request_focus();
    }
    ui.checkbox(&mut find.query.case_sensitive, "Match case");
    let status = find.status();
    if !status.is_empty() {
        ui.label(status);
    }
    let has_matches = find.results.as_ref().is_some_and(|r| r.count > 0);
    if ui
        .add_enabled(has_matches, egui::Button::new("Previous"))
        .on_hover_text("Previous match (Shift+Enter)")
        .clicked()
    {
        go = find.step(false);
    }
    if ui
        .add_enabled(has_matches, egui::Button::new("Next"))
        .on_hover_text("Next match (Enter)")
        .clicked()
    {
        go = find.step(true);
    }
    go
}

/// The JSONPath field and its "show paths" switch.
pub fn filter_bar(ui: &mut Ui, filter: &mut FilterState, id: TabId) {
    let edit = ui.add(
        TextEdit::singleline(&mut filter.expression)
            .id(egui::Id::unique(("jsonpath_filter", id)))
            .hint_text("JSONPath filter, e.g. $.projects[*].name")
            .font(egui::TextStyle::Monospace)
            .desired_width(ui.available_width().clamp(200.0, 420.0)),
    );
    edit.accessible_name("JSONPath filter");
    if !filter.expression.is_empty() {
        ui.checkbox(&mut filter.show_paths, "Show paths");
        if ui.button("Clear filter").clicked() {
            filter.expression.clear();
        }
    }
}

/// What the filter selected, or why it cannot; `false` when the filter is off
/// (the caller then shows the body).
pub fn filter_output(ui: &mut Ui, filter: &FilterState, view: &mut BodyView, id: TabId) -> bool {
    let dark = ui.visuals().dark_mode;
    match &filter.output {
        FilterOutput::Off => return false,
        FilterOutput::Working(what) => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(*what);
            });
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        FilterOutput::InvalidPath(error) => {
            let message = format!("Invalid JSONPath at {error}");
            ui.colored_label(format::error_color(dark), &message)
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &message));
            // A caret under the expression where the problem is.
            let expression = filter.expression.as_str();
            let caret = format!("{}^", " ".repeat(error.column.saturating_sub(1)));
            ui.monospace(format!("{expression}\n{caret}"));
        }
        FilterOutput::InvalidBody(error) => {
            ui.colored_label(
                format::error_color(dark),
                format!("The body cannot be queried: {error}"),
            );
        }
        FilterOutput::Done(output) => {
            let count = match output.count {
                0 => "No values match".to_owned(),
                1 => "1 value matches".to_owned(),
                n => format!("{n} values match"),
            };
            ui.horizontal(|ui| {
                ui.label(count);
                if output.count > 0 && ui.button("Copy results").clicked() {
                    ui.ctx().copy_text(output.document.as_str().to_owned());
                }
            });
            if output.count > 0 {
                let kind = if filter.show_paths {
                    BodyKind::Plain
                } else {
                    BodyKind::Json
                };
                view.set_marks(None);
                view.show(ui, &output.document, kind, ("jsonpath", id));
            }
        }
    }
    true
}
