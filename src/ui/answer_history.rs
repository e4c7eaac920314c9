//! A request's past answers, above its response: unfold the list, click one to view it in
//! the same viewer, tick two (or one and the current answer) to compare them.

use crate::action::Action;
use crate::answer_history::{AnswerSummary, BodyKept};
use crate::state::RequestTab;

use super::format;

/// Draws the past-answers strip and, unfolded, the list.
pub fn show(ui: &mut egui::Ui, tab: &mut RequestTab, actions: &mut Vec<Action>) {
    let dark = ui.visuals().dark_mode;
    if let Some(viewing) = tab.answers.viewing.clone() {
        ui.horizontal(|ui| {
            ui.colored_label(
                format::warning_color(dark),
                format!("Viewing a past answer: {}", describe(&viewing)),
            );
            if ui.button("Latest answer").clicked() {
                actions.push(Action::ShowLatestAnswer { tab: tab.id });
            }
        });
    }
    let count = tab.answers.entries.len();
    // A saved request has past answers to look for; an unsaved one once it was sent.
    if tab.answers.key.is_none() && tab.source.is_none() && count == 0 {
        return;
    }
    ui.horizontal(|ui| {
        let label = if tab.answers.listed {
            format!("Past answers ({count})")
        } else {
            "Past answers".to_owned()
        };
        let toggle = ui
            .selectable_label(tab.answers.open, label)
            .on_hover_text("Every answer of this request, kept with secrets masked");
        if toggle.clicked() {
            tab.answers.open = !tab.answers.open;
            if tab.answers.open {
                actions.push(Action::ListAnswers { tab: tab.id });
            }
        }
        if tab.answers.open {
            let picked = tab.answers.picked.len();
            let compare = ui
                .add_enabled(picked == 2, egui::Button::new("Compare picked"))
                .on_hover_text("Tick two answers (the current one counts) to compare them")
                .on_disabled_hover_text("Tick two answers to compare them");
            if compare.clicked() {
                actions.push(Action::ComparePickedAnswers { tab: tab.id });
            }
        }
    });
    if let Some(problem) = &tab.answers.problem {
        ui.colored_label(format::error_color(dark), problem.as_str());
    }
    if !tab.answers.open {
        return;
    }
    let has_current = tab.answers.latest.is_some() || tab.state.response().is_some();
    egui::ScrollArea::vertical()
        .id_salt(("past_answers", tab.id))
        .max_height(160.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if has_current {
                let mut ticked = tab.answers.picked.contains(&None);
                if ui
                    .checkbox(&mut ticked, "Current answer")
                    .on_hover_text("Pick the answer shown now (the latest) to compare")
                    .changed()
                {
                    tab.answers.toggle_pick(None);
                }
            }
            if tab.answers.listed && count == 0 {
                ui.weak("No past answers yet: each answer of this request is kept here.");
            }
            for entry in tab.answers.entries.clone() {
                ui.horizontal(|ui| {
                    let mut ticked = tab.answers.picked.contains(&Some(entry.id));
                    let text = describe(&entry);
                    // The status is drawn in its colour before the row's text.
                    let row_text = describe_without_status(&entry);
                    if ui
                        .checkbox(&mut ticked, "")
                        .on_hover_text("Pick to compare")
                        .accessible_name(format!("Pick {text}"))
                        .changed()
                    {
                        tab.answers.toggle_pick(Some(entry.id));
                    }
                    let status = match entry.status {
                        Some(code) => egui::RichText::new(code.to_string())
                            .color(format::status_color(code, dark)),
                        None => egui::RichText::new("ERR").color(format::error_color(dark)),
                    };
                    ui.label(status);
                    let viewing = tab.answers.viewing.as_ref().map(|v| v.id) == Some(entry.id);
                    let row = ui
                        .selectable_label(viewing, row_text)
                        .accessible_name(text.clone())
                        .on_hover_text(format!("{} {}", entry.method, entry.url));
                    if row.clicked() {
                        actions.push(Action::ShowPastAnswer {
                            tab: tab.id,
                            summary: Box::new(entry.clone()),
                        });
                    }
                });
            }
        });
    ui.separator();
}

/// "2026-12-07 12:04:31.250 · 200 · 1.2 KB · staging · ayon.example:5000 (head and tail
/// kept)".
pub fn describe(entry: &AnswerSummary) -> String {
    describe_parts(entry, true)
}

/// [`describe`] without the status.
fn describe_without_status(entry: &AnswerSummary) -> String {
    describe_parts(entry, false)
}

fn describe_parts(entry: &AnswerSummary, with_status: bool) -> String {
    let mut parts = vec![format::clock_time_ms(entry.time_ms)];
    if let (true, Some(status)) = (with_status, entry.status) {
        parts.push(status.to_string());
    }
    parts.push(format::size(entry.size));
    if let Some(env) = &entry.environment {
        parts.push(env.clone());
    }
    if let Some(server) = &entry.server {
        let host = server
            .split_once("://")
            .map_or(server.as_str(), |(_, rest)| rest);
        parts.push(host.to_owned());
    }
    let mut text = parts.join(" · ");
    match entry.kept {
        BodyKept::Whole => {}
        BodyKept::HeadAndTail { .. } => text.push_str(" (head and tail kept)"),
        BodyKept::Off => text.push_str(" (body not kept)"),
    }
    text
}
