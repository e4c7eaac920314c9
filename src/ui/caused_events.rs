//! Under an answer: the events that request caused ("3 events, 1 log.error"), each marked
//! by how it was matched, a `log.error`'s traceback right there, and "Follow" for an
//! `eventId` the answer carries (an addon install, ...).

use crate::action::Action;
use crate::state::RequestTab;
use crate::state::events::{EventsState, MatchedBy, caused_summary};

use super::format;

/// Draws the block (nothing when there is nothing to say).
pub fn show(
    ui: &mut egui::Ui,
    tab: &RequestTab,
    event_id: Option<&str>,
    events: &EventsState,
    actions: &mut Vec<Action>,
) {
    if let Some(id) = event_id {
        ui.horizontal(|ui| {
            ui.label(format!("The answer names event {id}."));
            let following = events.followed.contains(id);
            let label = if following {
                "Following"
            } else {
                "Follow event"
            };
            if ui
                .selectable_label(following, label)
                .on_hover_text("Track its progress live in the Events dock")
                .clicked()
            {
                actions.push(Action::FollowEvent(id.to_owned()));
            }
        });
    }
    let Some(sender) = &tab.sender else {
        return;
    };
    let caused = events.caused_by(sender);
    if caused.is_empty() {
        return;
    }
    let dark = ui.visuals().dark_mode;
    egui::CollapsingHeader::new(format!("Caused {}", caused_summary(&caused)))
        .id_salt(("caused", tab.id))
        .default_open(true)
        .show(ui, |ui| {
            for row in &caused {
                let event = &row.event;
                ui.horizontal_wrapped(|ui| {
                    let topic = egui::RichText::new(&event.topic).monospace();
                    let error = event.topic == "log.error";
                    ui.label(if error {
                        topic.color(format::error_color(dark))
                    } else {
                        topic
                    });
                    ui.label(event.description.as_deref().unwrap_or(""));
                    if row.cause.as_ref().is_some_and(|c| c.by == MatchedBy::Path) {
                        ui.weak("(by path)").on_hover_text(
                            "The server did not pass x-sender on: matched by user, time, \
                             method and path",
                        );
                    }
                    if ui.small_button("Show").clicked() {
                        actions.push(Action::ShowEvent(event.id.clone()));
                    }
                });
                if let Some(traceback) = events
                    .records
                    .get(&event.id)
                    .and_then(|r| r.pointer("/payload/traceback"))
                    .and_then(|t| t.as_str())
                {
                    egui::CollapsingHeader::new("Traceback")
                        .id_salt(("traceback", &event.id))
                        .default_open(true)
                        .show(ui, |ui| {
                            ui.add(
                                egui::Label::new(egui::RichText::new(traceback).monospace())
                                    .selectable(true),
                            );
                        });
                }
            }
        });
}
