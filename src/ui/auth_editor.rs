//! The auth selector and its fields, with AYON's rules spelled out.

use crate::ayon::{AuthInput, AuthMode, BEARER_TOKEN_LEN};

use super::format;
use super::variable_edit::{Field, Variables};

/// Draws the auth editor. Its fields colour `{{variables}}` and list them on hover.
pub fn show(ui: &mut egui::Ui, auth: &mut AuthInput, vars: Variables<'_>) {
    ui.horizontal(|ui| {
        let label = ui.label("Auth mode");
        let picker = egui::ComboBox::from_id_salt("auth_mode")
            .selected_text(auth.mode.label())
            .show_ui(ui, |ui| {
                for mode in AuthMode::ALL {
                    ui.selectable_value(&mut auth.mode, mode, mode.label());
                }
            })
            .response
            .labelled_by(label.id);
        super::combo_keys::step_with_arrows(ui, &picker, &AuthMode::ALL, &mut auth.mode);
    });
    let dark = ui.visuals().dark_mode;
    match auth.mode {
        AuthMode::None => {
            ui.weak("No credentials are sent.");
        }
        AuthMode::Session => {
            ui.weak("Sends the logged-in session token as Authorization: Bearer.");
        }
        AuthMode::Bearer => {
            secret_field(ui, "Bearer token", &mut auth.bearer_token, vars);
            let len = auth.bearer_token.trim().chars().count();
            if len > 0 && len != BEARER_TOKEN_LEN {
                ui.colored_label(
                    format::warning_color(dark),
                    format!(
                        "{len} character{}: AYON silently ignores Bearer values that are not \
                         {BEARER_TOKEN_LEN} characters. API keys belong in X-Api-Key.",
                        if len == 1 { "" } else { "s" }
                    ),
                );
            }
        }
        AuthMode::ApiKey | AuthMode::ApiKeyAsUser => {
            secret_field(ui, "API key", &mut auth.api_key, vars);
            ui.weak("X-Api-Key accepts an API key or a session token.");
            if auth.mode == AuthMode::ApiKeyAsUser {
                ui.horizontal(|ui| {
                    let label = ui.label("X-as-user");
                    let mut layouter = vars.layouter(Field::Line, egui::TextStyle::Body);
                    let response = ui
                        .add(
                            egui::TextEdit::singleline(&mut auth.as_user)
                                .id_salt("as_user")
                                .layouter(&mut layouter),
                        )
                        .labelled_by(label.id);
                    vars.preview_on_hover(response, &auth.as_user, None);
                });
                ui.colored_label(
                    format::warning_color(dark),
                    "AYON honours X-as-user only when the key belongs to a service user; \
                     otherwise it is silently ignored.",
                );
            }
        }
    }
    ui.weak(
        "Tokens and keys typed here stay in memory and are never saved; to keep one, use a \
         secret variable such as {{token}} (Edit environment, or Remember token at login).",
    );
}

/// A password field: plain text masked, `{{references}}` readable and coloured; hovering
/// lists the variables used without their values.
fn secret_field(ui: &mut egui::Ui, name: &str, value: &mut String, vars: Variables<'_>) {
    ui.horizontal(|ui| {
        let label = ui.label(name);
        let mut layouter = vars.layouter(Field::Password, egui::TextStyle::Body);
        let response = ui
            .add(
                // A fixed id: warnings shown above must not steal focus while typing.
                egui::TextEdit::singleline(value)
                    .id_salt(("secret", name))
                    .password(true)
                    .layouter(&mut layouter)
                    .desired_width(420.0),
            )
            .labelled_by(label.id);
        vars.usage_on_hover(response, value, true);
    });
}
