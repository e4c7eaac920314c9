//! The Settings window: timeout, memory limit for bodies, download folder, proxy, TLS
//! and theme.

use std::path::Path;

use crate::action::Action;
use crate::settings::{Settings, Theme};

use super::{proxy_settings, tls_settings};

/// What the settings window reads and changes.
pub struct SettingsWindowView<'a> {
    /// Whether the window is open (closing it clears this).
    pub open: &'a mut bool,
    /// The settings edited here.
    pub settings: &'a mut Settings,
    /// Where settings are saved (`None`: not in this session).
    pub settings_path: Option<&'a Path>,
    /// The proxy variables set in the environment (passwords masked).
    pub environment_proxies: &'a [String],
    /// The Proxy password field.
    pub proxy_password: &'a mut String,
}

/// Timeout, memory limit for bodies, download folder, proxy, TLS and theme; a finished
/// edit asks to save the settings.
pub fn show(ui: &mut egui::Ui, view: SettingsWindowView<'_>, actions: &mut Vec<Action>) {
    let SettingsWindowView {
        open: settings_open,
        settings,
        settings_path,
        environment_proxies,
        proxy_password,
    } = view;
    if !*settings_open {
        return;
    }
    let mut open = true;
    let mut changed = false;
    egui::Window::new("Settings")
        .open(&mut open)
        .resizable(false)
        .show(ui.ctx(), |ui| {
            ui.horizontal(|ui| {
                let label = ui.label("Timeout (seconds)");
                let drag = ui
                    .add(egui::DragValue::new(&mut settings.timeout_secs).range(1..=3600))
                    .labelled_by(label.id);
                // Save once the value settles, not on every frame of a drag.
                changed |= (drag.changed() && !drag.dragged()) || drag.drag_stopped();
            });
            ui.horizontal(|ui| {
                let label = ui.label("Keep response bodies in memory up to (MB)");
                let drag = ui
                    .add(egui::DragValue::new(&mut settings.spill_threshold_mb).range(1..=16_384))
                    .labelled_by(label.id)
                    .on_hover_text("Larger or binary bodies go to a temporary file");
                changed |= (drag.changed() && !drag.dragged()) || drag.drag_stopped();
            });
            ui.separator();
            changed |= history_settings(ui, settings);
            ui.separator();
            ui.horizontal(|ui| {
                let label = ui.label("Download folder");
                let mut folder = settings.download_dir.clone().unwrap_or_default();
                let edit = ui
                    .add(
                        egui::TextEdit::singleline(&mut folder)
                            .hint_text("~/Downloads")
                            .desired_width(260.0),
                    )
                    .labelled_by(label.id);
                if edit.changed() {
                    settings.download_dir = Some(folder).filter(|f| !f.trim().is_empty());
                }
                changed |= edit.lost_focus();
            });
            let view = proxy_settings::ProxyView {
                settings,
                password: proxy_password,
                environment_proxies,
            };
            changed |= proxy_settings::show(ui, view, actions);
            changed |= tls_settings::tls_settings(ui, settings);
            changed |= ui
                .checkbox(&mut settings.mark_sender, "Mark requests with x-sender")
                .on_hover_text(
                    "Every request to the logged-in server carries x-sender (this window's id \
                     and the send's number), so the Events dock shows what each caused",
                )
                .changed();
            ui.horizontal(|ui| {
                ui.label("Theme");
                for (theme, label) in [
                    (Theme::System, "System"),
                    (Theme::Dark, "Dark"),
                    (Theme::Light, "Light"),
                ] {
                    changed |= ui
                        .selectable_value(&mut settings.theme, theme, label)
                        .changed();
                }
                ui.separator();
                if ui
                    .button("Reset layout")
                    .on_hover_text(
                        "Panel sizes, splits and window positions back to their defaults \
                         (they are otherwise kept from one start to the next)",
                    )
                    .clicked()
                {
                    actions.push(Action::ResetLayout);
                }
            });
            match settings_path {
                Some(path) => ui.weak(format!("Saved to {}", path.display())),
                None => ui.weak("Settings are not saved in this session."),
            };
        });
    if changed {
        actions.push(Action::SaveSettings);
    }
    *settings_open = open;
}

/// The response history's limits. Returns whether a value settled on a new one.
fn history_settings(ui: &mut egui::Ui, settings: &mut Settings) -> bool {
    let mut changed = false;
    ui.strong("Response history");
    changed |= ui
        .checkbox(
            &mut settings.history_bodies,
            "Keep answer bodies in history",
        )
        .on_hover_text("Off: only status, time, size and headers are kept (secrets masked)")
        .changed();
    let mut number = |ui: &mut egui::Ui, text: &str, value: &mut u64, max: u64| {
        ui.horizontal(|ui| {
            let label = ui.label(text);
            let drag = ui
                .add(egui::DragValue::new(value).range(1..=max))
                .labelled_by(label.id);
            changed |= (drag.changed() && !drag.dragged()) || drag.drag_stopped();
        });
    };
    let mut per_request = settings.history_per_request as u64;
    number(ui, "Past answers kept per request", &mut per_request, 1000);
    settings.history_per_request = per_request as usize;
    number(
        ui,
        "History size limit (MB)",
        &mut settings.history_total_mb,
        100_000,
    );
    number(
        ui,
        "Bodies over this size keep head and tail only (MB)",
        &mut settings.history_body_cap_mb,
        4096,
    );
    changed
}
