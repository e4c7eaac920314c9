//! The selected event whole (its frame as JSON, its stored record when fetched), what to
//! do with it (copy, open the full record in a tab, follow), and the "Send an event"
//! form.

use crate::action::Action;
use crate::state::events::EventsState;

/// Draws the detail side of the Events dock.
pub fn show(ui: &mut egui::Ui, events: &mut EventsState, actions: &mut Vec<Action>) {
    egui::ScrollArea::vertical()
        .id_salt("event_detail_scroll")
        .show(ui, |ui| {
            if events.send_form.open {
                send_form(ui, events, actions);
                ui.separator();
            }
            selected(ui, events, actions);
        });
}

fn selected(ui: &mut egui::Ui, events: &mut EventsState, actions: &mut Vec<Action>) {
    let Some(id) = events.selected.clone() else {
        return;
    };
    let Some((_, row)) = events.buffer.by_id(&id) else {
        ui.weak("That event is no longer in the list.");
        return;
    };
    let pretty = serde_json::from_str::<serde_json::Value>(&row.raw)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| row.raw.clone());
    ui.horizontal_wrapped(|ui| {
        ui.strong(&row.event.topic);
        if ui.button("Copy as JSON").clicked() {
            ui.ctx().copy_text(pretty.clone());
        }
        if ui
            .button("Open full record")
            .on_hover_text("GET /api/events/{id} in a new tab: the payload is only there")
            .clicked()
        {
            actions.push(Action::OpenEventRecord(id.clone()));
        }
        let following = events.followed.contains(&id);
        if ui
            .selectable_label(following, "Follow")
            .on_hover_text("Pin it above the list with its live progress")
            .clicked()
        {
            actions.push(Action::FollowEvent(id.clone()));
        }
    });
    if row.updates > 0 {
        ui.weak(format!(
            "{} updates received; this is the latest.",
            row.updates
        ));
    }
    ui.add(egui::Label::new(egui::RichText::new(&pretty).monospace()).selectable(true));
    if let Some(traceback) = events
        .records
        .get(&id)
        .and_then(|r| r.pointer("/payload/traceback"))
        .and_then(|t| t.as_str())
    {
        ui.label("Traceback (from the stored record)");
        ui.add(egui::Label::new(egui::RichText::new(traceback).monospace()).selectable(true));
    }
}

fn send_form(ui: &mut egui::Ui, events: &mut EventsState, actions: &mut Vec<Action>) {
    let form = &mut events.send_form;
    ui.horizontal(|ui| {
        ui.strong("Send an event (POST /api/events)");
        if ui.button("Send event").clicked() {
            actions.push(Action::SendEventForm);
        }
    });
    egui::Grid::new("send_event_grid")
        .num_columns(2)
        .show(ui, |ui| {
            for (name, text, hint) in [
                ("Event topic", &mut form.topic, "lab.test"),
                (
                    "Event description",
                    &mut form.description,
                    "one line for people",
                ),
            ] {
                let label = ui.label(name);
                ui.add(egui::TextEdit::singleline(text).hint_text(hint))
                    .labelled_by(label.id);
                ui.end_row();
            }
            for (name, text) in [
                ("Event summary (JSON)", &mut form.summary),
                ("Event payload (JSON)", &mut form.payload),
            ] {
                let label = ui.label(name);
                ui.add(
                    egui::TextEdit::multiline(text)
                        .code_editor()
                        .desired_rows(2),
                )
                .labelled_by(label.id);
                ui.end_row();
            }
        });
    ui.checkbox(
        &mut form.store,
        "Store it (GET /api/events/{id} then has it)",
    );
    if let Some(problem) = &form.problem {
        ui.colored_label(super::format::error_color(ui.visuals().dark_mode), problem);
    }
}
