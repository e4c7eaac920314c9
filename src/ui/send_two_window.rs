//! "Send to two": pick two environments (and, for the right side, another server if it
//! differs), send the open request to both, compare the answers.

use crate::action::Action;
use crate::state::SendTwoDialog;

/// Draws the form when it is open; "Send both" or closing it clears it.
pub fn show(
    ui: &mut egui::Ui,
    form: &mut Option<SendTwoDialog>,
    environments: &[String],
    actions: &mut Vec<Action>,
) {
    let Some(dialog) = form.as_mut() else {
        return;
    };
    let mut open = true;
    let mut send = false;
    egui::Window::new("Send to two")
        .open(&mut open)
        .collapsible(false)
        .default_width(420.0)
        .show(ui.ctx(), |ui| {
            ui.label(
                "Sends this request with each side's environment at once and compares the \
                 answers.",
            );
            egui::Grid::new("send_two_sides")
                .num_columns(2)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    environment_pick(ui, "Left environment", &mut dialog.left_env, environments);
                    ui.end_row();
                    environment_pick(ui, "Right environment", &mut dialog.right_env, environments);
                    ui.end_row();
                    let label = ui.label("Right server");
                    ui.add(
                        egui::TextEdit::singleline(&mut dialog.right_server)
                            .id_salt("send_two_right_server")
                            .hint_text("blank: the same server")
                            .desired_width(240.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                });
            ui.weak(
                "The session token goes only to the server you are logged in to; another \
                 server needs its own key in the request's auth.",
            );
            send = ui.button("Send both").clicked();
        });
    if send {
        actions.push(Action::SendToTwo(dialog.clone()));
    }
    if send || !open {
        *form = None;
    }
}

fn environment_pick(
    ui: &mut egui::Ui,
    name: &str,
    chosen: &mut Option<String>,
    environments: &[String],
) {
    let label = ui.label(name);
    let choices: Vec<Option<String>> = std::iter::once(None)
        .chain(environments.iter().cloned().map(Some))
        .collect();
    let picker = egui::ComboBox::from_id_salt(name)
        .selected_text(chosen.as_deref().unwrap_or("no environment"))
        .width(240.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(chosen, None, "no environment");
            for env in environments {
                ui.selectable_value(chosen, Some(env.clone()), env);
            }
        })
        .response
        .labelled_by(label.id);
    super::combo_keys::step_with_arrows(ui, &picker, &choices, chosen);
}
