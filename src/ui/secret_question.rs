//! "Send a secret to another server?": asked once before a request carries a secret
//! variable to an origin it is not bound to. A yes is remembered on this computer (the
//! settings), never in the collection.

use crate::action::Action;
use crate::pipeline::{RefusedSecret, variable_list};
use crate::state::{Confirm, TabId};

/// The question for `secrets` going to `target` in `tab`'s request. "Send and remember"
/// pushes [`Action::AllowSecretOrigin`]; "Don't send" and closing clear the question.
pub fn ask(
    ui: &mut egui::Ui,
    confirm: &mut Option<Confirm>,
    actions: &mut Vec<Action>,
    tab: TabId,
    download: bool,
    secrets: &[RefusedSecret],
    target: &str,
) {
    let names = variable_list(secrets.iter().map(|s| s.variable.as_str()));
    let modal = egui::Modal::new(egui::Id::unique("confirm_send_secret")).show(ui.ctx(), |ui| {
        ui.heading("Send a secret to another server?");
        ui.label(format!("This request would send {names} to {target}."));
        for secret in secrets {
            let name = variable_list([secret.variable.as_str()]);
            ui.label(if secret.bound_to.is_empty() {
                format!("{name} is bound to no server yet.")
            } else {
                format!("{name} is kept for {}.", secret.bound_to.join(", "))
            });
        }
        ui.label(
            "A collection shared with you can point a request anywhere: send it there only \
             if you trust that server. The answer is remembered on this computer.",
        );
        ui.horizontal(|ui| {
            if ui.button("Send and remember").clicked() {
                actions.push(Action::AllowSecretOrigin {
                    tab,
                    download,
                    variables: secrets.iter().map(|s| s.variable.clone()).collect(),
                    origin: target.to_owned(),
                });
                *confirm = None;
            }
            if ui.button("Don't send").clicked() {
                *confirm = None;
            }
        });
    });
    if modal.should_close() {
        *confirm = None;
    }
}
