//! Server URL, name, password, Log in / Log out, and who is logged in.

use crate::action::Action;
use crate::settings::Settings;
use crate::state::{LoadedCollection, SandboxInfo, ServerInfo, SessionState, same_server};

use super::format;

/// A first guess at the right-hand groups' width (measured from the second frame on).
const RIGHT_SIDE_WIDTH: f32 = 180.0;

/// Narrower windows get a shorter first row.
const WIDE_WINDOW: f32 = 1100.0;

/// What the connection bar reads and changes.
pub struct ConnectionBarView<'a> {
    /// Server URL, login name and "Remember token" are edited here.
    pub settings: &'a mut Settings,
    /// The password field.
    pub login_password: &'a mut String,
    /// Whether, and as whom, the app is logged in.
    pub session: &'a SessionState,
    /// Which AYON release the server runs, as far as known.
    pub server: &'a ServerInfo,
    /// Why the last login failed.
    pub login_error: Option<&'a str>,
    /// The practice server, when the app started one.
    pub sandbox: Option<&'a SandboxInfo>,
    /// Whether the settings window is open ("Settings" toggles it).
    pub settings_open: &'a mut bool,
    /// Whether the Events dock is open ("Events" toggles it).
    pub events_open: &'a mut bool,
    /// The event stream's connection, shown as a dot beside "Events".
    pub events_status: &'a crate::state::events::StreamStatus,
    /// The open collection, whose environments the picker lists.
    pub collection: Option<&'a LoadedCollection>,
    /// The active environment's name (the picker sets it).
    pub active_environment: &'a mut Option<String>,
}

/// Draws the connection bar.
pub fn show(ui: &mut egui::Ui, view: ConnectionBarView<'_>, actions: &mut Vec<Action>) {
    let ConnectionBarView {
        settings,
        login_password,
        session,
        server,
        login_error,
        sandbox,
        settings_open,
        events_open,
        events_status,
        collection,
        active_environment,
    } = view;
    let row_height = ui.spacing().interact_size.y + 4.0;
    ui.add_space(4.0);
    // A narrow window drops the title (the window's own bar has it) and narrows the
    // fields, so the row still holds everything.
    let narrow = ui.available_width() < WIDE_WINDOW;
    let (url_width, field_width) = if narrow {
        (160.0, 90.0)
    } else {
        (220.0, 110.0)
    };
    super::layout::fixed_row(ui, row_height, |ui| {
        if !narrow {
            ui.strong("AYON REST Explorer");
            ui.separator();
        }
        let label = ui.label("Server URL");
        let url = ui.add(
            egui::TextEdit::singleline(&mut settings.server_url)
                .hint_text("http://localhost:5000")
                .desired_width(url_width),
        );
        let url = url.labelled_by(label.id);
        if url.lost_focus() {
            actions.push(Action::SaveSettings);
        }
        match session {
            SessionState::LoggedIn { identity, .. } => {
                ui.separator();
                ui.label(format!("Logged in as {}", identity.describe()));
                server_version(ui, server, session);
                if ui.button("Log out").clicked() {
                    actions.push(Action::Logout);
                }
            }
            session => {
                let busy = matches!(session, SessionState::LoggingIn { .. });
                server_version(ui, server, session);
                let label = ui.label("Name");
                ui.add(
                    egui::TextEdit::singleline(&mut settings.login_name).desired_width(field_width),
                )
                .labelled_by(label.id);
                let label = ui.label("Password");
                let password = ui
                    .add(
                        egui::TextEdit::singleline(login_password)
                            .password(true)
                            .desired_width(field_width),
                    )
                    .labelled_by(label.id);
                let enter = password.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if busy {
                    ui.spinner();
                    ui.label("Logging in…");
                } else if ui.button("Log in").clicked() || enter {
                    actions.push(Action::Login);
                }
            }
        }
        right_aligned(ui, "connection_bar_right", |ui| {
            let now = std::time::Instant::now();
            let dot = super::events_panel::status_color(events_status, ui.visuals().dark_mode);
            super::events_panel::status_dot(ui, dot);
            if ui
                .selectable_label(*events_open, "Events")
                .on_hover_text(format!(
                    "The server's live events: {}",
                    events_status.describe(now)
                ))
                .clicked()
            {
                *events_open = !*events_open;
            }
            if ui.button("Settings").clicked() {
                *settings_open = !*settings_open;
            }
        });
    });
    // The second row is always there, so the bar keeps its height whatever it says.
    super::layout::fixed_row(ui, row_height, |ui| {
        status_line(ui, session, settings, login_error, sandbox);
        right_aligned(ui, "connection_bar_environment", |ui| {
            if session.identity().is_none()
                && collection.is_some()
                && ui
                    .checkbox(&mut settings.remember_token, "Remember token")
                    .on_hover_text(
                        "After logging in, keep the session token as the secret {{token}} \
                         of the active environment (in the system keychain or a private \
                         file, never in the collection), for Bearer {{token}} requests.",
                    )
                    .changed()
            {
                actions.push(Action::SaveSettings);
            }
            if let Some(collection) = collection {
                environment_picker(ui, collection, active_environment);
                if ui
                    .button("Edit environment")
                    .on_hover_text("Variables, secret values and personal overrides")
                    .clicked()
                {
                    actions.push(Action::EditEnvironment);
                }
            }
        });
    });
    ui.add_space(2.0);
}

/// Lays `add_contents` out left to right at the right end of the row, so that Tab moves
/// through it in reading order (a right-to-left layout would reverse it). Its width is
/// remembered from the frame before.
fn right_aligned(ui: &mut egui::Ui, id: &str, add_contents: impl FnOnce(&mut egui::Ui)) {
    let id = ui.make_persistent_id(id);
    let width: f32 = ui.data(|d| d.get_temp(id)).unwrap_or(RIGHT_SIDE_WIDTH);
    let gap = ui.available_width() - width;
    if gap > 0.0 {
        ui.add_space(gap);
    }
    let start = ui.cursor().min.x;
    add_contents(ui);
    let used = ui.cursor().min.x - start - ui.spacing().item_spacing.x;
    if (used - width).abs() > 0.5 {
        ui.data_mut(|d| d.insert_temp(id, used));
        ui.ctx().request_repaint();
    }
}

/// The one line of messages: a failed login, a session for another server, and the
/// sandbox's hint, in that order of importance.
fn status_line(
    ui: &mut egui::Ui,
    session: &SessionState,
    settings: &Settings,
    login_error: Option<&str>,
    sandbox: Option<&SandboxInfo>,
) {
    let dark = ui.visuals().dark_mode;
    let mut lines: Vec<(egui::Color32, String)> = Vec::new();
    if let Some(error) = login_error {
        lines.push((format::error_color(dark), format!("Login failed: {error}")));
    }
    if let SessionState::LoggedIn { server_url, .. } = session
        && !same_server(server_url, &settings.server_url)
    {
        lines.push((
            format::warning_color(dark),
            format!(
                "The session belongs to {server_url}: Session auth is refused for other servers \
                 until you log in there."
            ),
        ));
    }
    if let Some(sandbox) = sandbox {
        let text = if session.identity().is_some() {
            format!(
                "Sandbox (practice server) at {}: try Who am I, List projects, or any path.",
                sandbox.url
            )
        } else {
            format!(
                "Sandbox (practice server) running at {} — log in as \"{}\" with password \"{}\".",
                sandbox.url, sandbox.admin_name, sandbox.admin_password
            )
        };
        lines.push((ui.visuals().text_color(), text));
    }
    // Clipped at the row's end; each message also reads whole on hover.
    for (color, text) in &lines {
        ui.colored_label(*color, text.as_str())
            .on_hover_text(text.as_str());
    }
}

/// "AYON 1.11.2" once the server said (nothing while unknown; a weak mark when it could
/// not be asked while logged in).
fn server_version(ui: &mut egui::Ui, info: &ServerInfo, session: &SessionState) {
    match (&info.version, &info.problem) {
        (Some(version), _) => {
            ui.label(version.to_string()).on_hover_text(format!(
                "GET /api/info reports version {}. Where AYON releases differ (see the \
                 README's \"AYON versions\"), the app's hints follow it.",
                version.reported()
            ));
        }
        (None, Some(problem)) if session.identity().is_some() => {
            ui.weak("AYON version unknown")
                .on_hover_text(format!("{problem}. Hints assume AYON 1.11."));
        }
        _ => {}
    }
}

/// The active environment of the open collection.
fn environment_picker(ui: &mut egui::Ui, loaded: &LoadedCollection, active: &mut Option<String>) {
    let names: Vec<String> = loaded.environments.iter().map(|e| e.name.clone()).collect();
    let shown = active.clone().unwrap_or_else(|| "No environment".into());
    let choices: Vec<Option<String>> = std::iter::once(None)
        .chain(names.iter().cloned().map(Some))
        .collect();
    let picker = egui::ComboBox::from_id_salt("environment")
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(active, None, "No environment");
            for name in names {
                ui.selectable_value(active, Some(name.clone()), name);
            }
        })
        .response
        .accessible_name("Environment")
        .on_hover_text("Variables for {{name}} in URL, params, headers, body and auth");
    super::combo_keys::step_with_arrows(ui, &picker, &choices, active);
}
