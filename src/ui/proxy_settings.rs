//! The proxy group of Settings: the proxy URL, its password (kept in the secret store),
//! the hosts that bypass it, and what the environment sets when there is no override.

use crate::action::Action;
use crate::settings::Settings;

use super::format;

/// What the proxy group reads and changes.
pub struct ProxyView<'a> {
    /// The settings (proxy URL and bypass list).
    pub settings: &'a mut Settings,
    /// The Proxy password field.
    pub password: &'a mut String,
    /// The proxy variables set in the environment (passwords masked).
    pub environment_proxies: &'a [String],
}

/// The proxy group; `true` when an edit that only touches the settings file is finished
/// (the URL and the password ask through their own actions).
pub fn show(ui: &mut egui::Ui, view: ProxyView<'_>, actions: &mut Vec<Action>) -> bool {
    let ProxyView {
        settings,
        password,
        environment_proxies,
    } = view;
    let dark = ui.visuals().dark_mode;
    let mut done = false;
    ui.horizontal(|ui| {
        let label = ui.label("Proxy");
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut settings.proxy_url)
                    .hint_text("from HTTPS_PROXY / HTTP_PROXY")
                    .desired_width(260.0),
            )
            .labelled_by(label.id)
            .on_hover_text("http://user@proxy:3128: the password goes below");
        if edit.lost_focus() {
            actions.push(Action::ProxyUrlEdited);
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Proxy password");
        let edit = ui
            .add(
                egui::TextEdit::singleline(password)
                    .password(true)
                    .hint_text("kept in the secret store")
                    .desired_width(260.0),
            )
            .labelled_by(label.id)
            .on_hover_text(
                "For the user the proxy URL names. Kept in the keychain (or the private \
                 secrets file), only for this proxy; never in the settings file.",
            );
        if edit.lost_focus() {
            actions.push(Action::ProxyPasswordEntered);
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("No proxy for");
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut settings.no_proxy)
                    .hint_text("localhost, .studio.lan")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
        done |= edit.lost_focus();
    });
    match settings.proxy().to_proxy() {
        Err(problem) => {
            ui.colored_label(format::error_color(dark), problem.to_string());
        }
        Ok(None) if environment_proxies.is_empty() => {
            ui.weak("No proxy: none is set here or in the environment.");
        }
        Ok(None) => {
            ui.weak(format!(
                "From the environment: {}",
                environment_proxies.join(", ")
            ));
        }
        Ok(Some(_)) => {
            ui.weak("Every request goes through this proxy; the environment's are not used.");
        }
    }
    done
}
