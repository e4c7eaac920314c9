//! The Events dock: the server's live event stream. A header with the connection and
//! counts, the subscription (topics and project), a filter, the events followed, the list
//! (virtual rows, newest last), and the selected event whole (see `events_detail`).

use std::time::Instant;

use crate::action::Action;
use crate::events::KNOWN_TOPICS;
use crate::state::events::{EventRow, EventsState, StreamStatus};

use super::{events_detail, format};

/// The height of one row of the list.
const ROW_HEIGHT: f32 = 20.0;

/// Draws the dock's content (the caller decides where the dock is).
pub fn show(ui: &mut egui::Ui, events: &mut EventsState, actions: &mut Vec<Action>) {
    let now = Instant::now();
    header(ui, events, now, actions);
    subscription(ui, events, actions);
    ui.horizontal(|ui| {
        let label = ui.label("Filter events");
        ui.add(
            egui::TextEdit::singleline(&mut events.filter)
                .hint_text("topic, project, user, status, words of the description")
                .desired_width(320.0),
        )
        .labelled_by(label.id);
        if ui
            .selectable_label(events.send_form.open, "Send an event…")
            .clicked()
        {
            events.send_form.open = !events.send_form.open;
        }
    });
    followed(ui, events, actions);
    ui.separator();
    if events.selected.is_some() || events.send_form.open {
        egui::Panel::right("event_detail")
            .resizable(true)
            .default_size(380.0)
            .show(ui, |ui| events_detail::show(ui, events, actions));
    }
    // The rest beside the detail: a central panel clips the rows to it.
    egui::CentralPanel::no_frame().show(ui, |ui| list(ui, events));
}

/// The connection, the counts, and Pause / Clear.
fn header(ui: &mut egui::Ui, events: &mut EventsState, now: Instant, actions: &mut Vec<Action>) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal(|ui| {
        ui.strong("Events");
        let color = status_color(&events.status, dark);
        status_dot(ui, color);
        ui.colored_label(color, events.status.describe(now));
        ui.separator();
        let mut counts = format!(
            "{} listed, {} heartbeats",
            events.buffer.len(),
            events.heartbeats
        );
        if events.buffer.dropped > 0 {
            counts.push_str(&format!(", {} oldest dropped", events.buffer.dropped));
        }
        if events.duplicates > 0 {
            counts.push_str(&format!(", {} repeats merged", events.duplicates));
        }
        ui.weak(counts);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Close")
                .on_hover_text("Hide the Events dock")
                .clicked()
            {
                events.open = false;
            }
            if ui.button("Clear").clicked() {
                events.buffer.clear();
                events.selected = None;
            }
            let pause = match &events.paused {
                None => "Pause".to_owned(),
                Some(queue) => format!("Resume ({} waiting)", queue.len()),
            };
            if ui.button(pause).clicked() {
                actions.push(Action::EventsPause);
            }
            if events.status == StreamStatus::NotAuthorised && ui.button("Reconnect").clicked() {
                actions.push(Action::EventsReconnect);
            }
        });
    });
}

/// Topics (with a picker of AYON's) and project; applied when an edit is finished.
fn subscription(ui: &mut egui::Ui, events: &mut EventsState, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let label = ui.label("Topics");
        let topics = ui
            .add(
                egui::TextEdit::singleline(&mut events.topics_input)
                    .hint_text("* or prefixes: entity.project, log.")
                    .desired_width(260.0),
            )
            .labelled_by(label.id)
            .on_hover_text("Topic prefixes, comma separated; * is everything");
        let mut changed = topics.lost_focus();
        egui::ComboBox::from_id_salt("known_topics")
            .selected_text("Add a topic")
            .show_ui(ui, |ui| {
                for topic in KNOWN_TOPICS {
                    if ui.selectable_label(false, *topic).clicked() {
                        add_topic(&mut events.topics_input, topic);
                        changed = true;
                    }
                }
            });
        let label = ui.label("Project");
        let project = ui
            .add(
                egui::TextEdit::singleline(&mut events.project_input)
                    .hint_text("all projects")
                    .desired_width(140.0),
            )
            .labelled_by(label.id);
        changed |= project.lost_focus();
        if changed && events.typed_subscription() != events.subscription {
            actions.push(Action::EventsResubscribe);
        }
    });
}

/// Adds `topic` to the typed list (replacing a lone `*`).
fn add_topic(input: &mut String, topic: &str) {
    let trimmed = input.trim();
    if trimmed.is_empty() || trimmed == "*" {
        *input = topic.to_owned();
    } else if !trimmed.split([',', ' ']).any(|t| t.trim() == topic) {
        *input = format!("{trimmed}, {topic}");
    }
}

/// The events followed, pinned with their progress.
fn followed(ui: &mut egui::Ui, events: &mut EventsState, actions: &mut Vec<Action>) {
    if events.followed.is_empty() {
        return;
    }
    let ids: Vec<String> = events.followed.iter().cloned().collect();
    for id in ids {
        ui.horizontal(|ui| {
            ui.label("Following");
            match events.buffer.by_id(&id) {
                Some((_, row)) => {
                    ui.monospace(&row.event.topic);
                    ui.label(row.event.status.as_deref().unwrap_or("?"));
                    let progress = row.event.progress.unwrap_or(0.0) as f32 / 100.0;
                    ui.add(
                        egui::ProgressBar::new(progress.clamp(0.0, 1.0))
                            .desired_width(140.0)
                            .show_percentage(),
                    );
                    ui.label(row.event.description.as_deref().unwrap_or(""));
                }
                None => {
                    ui.monospace(&id);
                    ui.weak("waiting for its next update…");
                }
            }
            if ui.small_button("Unfollow").clicked() {
                actions.push(Action::FollowEvent(id.clone()));
            }
        });
    }
}

/// The list: virtual rows of time, topic, project, user, status, progress, description.
fn list(ui: &mut egui::Ui, events: &mut EventsState) {
    let visible = events.visible().to_vec();
    if visible.is_empty() {
        ui.weak(if events.buffer.is_empty() {
            "No events yet. They appear here as the server sends them."
        } else {
            "No event matches the filter."
        });
        return;
    }
    let dark = ui.visuals().dark_mode;
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .stick_to_bottom(true)
        .show_rows(ui, ROW_HEIGHT, visible.len(), |ui, range| {
            for &seq in &visible[range] {
                let Some(row) = events.buffer.row(seq) else {
                    continue;
                };
                let selected = events.selected.as_deref() == Some(row.event.id.as_str());
                if event_row(ui, row, selected, dark) {
                    clicked = Some(row.event.id.clone());
                }
            }
        });
    if let Some(id) = clicked {
        events.selected = if events.selected.as_deref() == Some(id.as_str()) {
            None
        } else {
            Some(id)
        };
    }
}

/// One row; `true` when its topic was clicked.
fn event_row(ui: &mut egui::Ui, row: &EventRow, selected: bool, dark: bool) -> bool {
    let event = &row.event;
    let mut clicked = false;
    ui.horizontal(|ui| {
        ui.set_height(ROW_HEIGHT);
        ui.monospace(short_time(event.created_at.as_deref()));
        let topic = egui::RichText::new(&event.topic).monospace();
        let topic = if event.topic.starts_with("log.error") {
            topic.color(format::error_color(dark))
        } else {
            topic
        };
        clicked = ui
            .add_sized(
                [230.0, ROW_HEIGHT],
                egui::Button::selectable(selected, topic),
            )
            .on_hover_text("Show it whole")
            .clicked();
        cell(ui, 110.0, event.project.as_deref().unwrap_or(""));
        cell(ui, 80.0, event.user.as_deref().unwrap_or(""));
        cell(ui, 80.0, event.status.as_deref().unwrap_or(""));
        let progress = event.progress.unwrap_or(0.0) as f32 / 100.0;
        ui.add(
            egui::ProgressBar::new(progress.clamp(0.0, 1.0))
                .desired_width(60.0)
                .desired_height(10.0),
        );
        if let Some(cause) = &row.cause {
            let by = match cause.by {
                crate::state::events::MatchedBy::Sender => "your request",
                crate::state::events::MatchedBy::Path => "your request (by path)",
            };
            ui.weak(format!("from {by}"))
                .on_hover_text(format!("Sent with x-sender {}", cause.sender));
        }
        ui.label(event.description.as_deref().unwrap_or(""));
    });
    clicked
}

/// A cell of fixed width.
fn cell(ui: &mut egui::Ui, width: f32, text: &str) {
    ui.add_sized([width, ROW_HEIGHT], egui::Label::new(text).truncate());
}

/// `10:12:21` from `2026-12-07T10:12:21.261415`.
pub fn short_time(created_at: Option<&str>) -> &str {
    created_at.and_then(|t| t.get(11..19)).unwrap_or("--:--:--")
}

/// A small filled circle of `color` (the fonts have no bullet glyph).
pub fn status_dot(ui: &mut egui::Ui, color: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), 4.5, color);
}

/// The connection's color: green live, amber on the way, red refused, grey off.
pub fn status_color(status: &StreamStatus, dark: bool) -> egui::Color32 {
    match status {
        StreamStatus::Live => {
            if dark {
                egui::Color32::from_rgb(120, 210, 120)
            } else {
                egui::Color32::from_rgb(30, 130, 40)
            }
        }
        StreamStatus::NotAuthorised => format::error_color(dark),
        // Egui's grey reads at 2.6:1 on the light panel; a darker one there.
        StreamStatus::Off if dark => egui::Color32::GRAY,
        StreamStatus::Off => egui::Color32::from_gray(100),
        _ => format::warning_color(dark),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_picked_join_the_typed_list() {
        let mut input = "*".to_owned();
        add_topic(&mut input, "log.");
        assert_eq!(input, "log.");
        add_topic(&mut input, "entity.project");
        add_topic(&mut input, "log.");
        assert_eq!(input, "log., entity.project");
        assert_eq!(short_time(Some("2026-12-07T10:12:21.261415")), "10:12:21");
        assert_eq!(short_time(None), "--:--:--");
    }
}
