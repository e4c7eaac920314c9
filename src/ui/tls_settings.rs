//! The TLS part of Settings: the app-wide CA bundle and client certificate (typed paths,
//! `AYON_CA_FILE` / `AYON_CERT_FILE` when empty) and servers with files of their own.

use crate::http::{ServerMatch, ServerTls};
use crate::settings::Settings;

/// Draws the TLS settings; `true` when an edit is finished (to save and apply it).
pub fn tls_settings(ui: &mut egui::Ui, settings: &mut Settings) -> bool {
    let mut done = false;
    let ca_hint = environment_hint("AYON_CA_FILE");
    let cert_hint = environment_hint("AYON_CERT_FILE");
    done |= path_field(ui, "CA file (PEM)", &mut settings.ca_file, &ca_hint);
    done |= path_field(
        ui,
        "Client certificate (PEM, with its key)",
        &mut settings.client_cert_file,
        &cert_hint,
    );
    ui.weak(
        "Trusted on top of the system's certificates, for a studio CA; the client \
         certificate is sent to servers that ask for one. Empty: AYON_CA_FILE and \
         AYON_CERT_FILE apply, as in ayon-python-api.",
    );
    done |= per_server(ui, settings);
    done
}

/// "AYON_CA_FILE: /path" when the variable is set, else "none".
fn environment_hint(variable: &str) -> String {
    match std::env::var(variable) {
        Ok(value) if !value.trim().is_empty() => format!("{variable}: {value}"),
        _ => "none".to_owned(),
    }
}

/// A labelled path field; `true` when its edit is finished.
fn path_field(ui: &mut egui::Ui, label_text: &str, value: &mut String, hint: &str) -> bool {
    ui.horizontal(|ui| {
        let label = ui.label(label_text);
        ui.add(
            egui::TextEdit::singleline(value)
                .hint_text(hint)
                .desired_width(260.0),
        )
        .labelled_by(label.id)
        .lost_focus()
    })
    .inner
}

/// The servers with their own CA file or client certificate.
fn per_server(ui: &mut egui::Ui, settings: &mut Settings) -> bool {
    let dark = ui.visuals().dark_mode;
    let mut done = false;
    ui.add_space(4.0);
    ui.strong("TLS per server");
    let current = url::Url::parse(settings.server_url.trim()).ok();
    let app_ca = non_empty_or(&settings.ca_file, "the app-wide CA file");
    let app_cert = non_empty_or(
        &settings.client_cert_file,
        "the app-wide client certificate",
    );
    let mut remove = None;
    egui::ScrollArea::vertical()
        .max_height(220.0)
        .id_salt("per_server_tls")
        .show(ui, |ui| {
            for (index, entry) in settings.server_tls.iter_mut().enumerate() {
                let n = index + 1;
                ui.horizontal(|ui| {
                    let label = ui.label(format!("Server {n}"));
                    done |= ui
                        .add(
                            egui::TextEdit::singleline(&mut entry.server)
                                .hint_text("ayon.studio.lan or host:port")
                                .desired_width(220.0),
                        )
                        .labelled_by(label.id)
                        .lost_focus();
                    if ui.button(format!("Remove server {n}")).clicked() {
                        remove = Some(index);
                    }
                });
                ui.indent(("server_tls", index), |ui| {
                    done |= path_field(
                        ui,
                        &format!("Server {n} CA file"),
                        &mut entry.ca_file,
                        &app_ca,
                    );
                    done |= path_field(
                        ui,
                        &format!("Server {n} client certificate"),
                        &mut entry.client_cert_file,
                        &app_cert,
                    );
                    match ServerMatch::parse(&entry.server) {
                        Err(problem) => {
                            ui.colored_label(super::format::error_color(dark), problem.to_string());
                        }
                        Ok(server) if current.as_ref().is_some_and(|url| server.matches(url)) => {
                            ui.weak(format!("Applies to {server}: the current server."));
                        }
                        Ok(server) => {
                            ui.weak(format!("Applies to {server}."));
                        }
                    }
                });
            }
        });
    if let Some(index) = remove {
        settings.server_tls.remove(index);
        done = true;
    }
    ui.horizontal(|ui| {
        if ui.button("Add a server").clicked() {
            let entry = ServerTls {
                server: suggested_server(settings).unwrap_or_default(),
                ..ServerTls::default()
            };
            settings.server_tls.push(entry);
        }
        ui.weak("Its own CA file or client certificate; empty fields use the ones above.");
    });
    done
}

/// `value` when set, else `fallback` (as a field's hint).
fn non_empty_or(value: &str, fallback: &str) -> String {
    if value.trim().is_empty() {
        fallback.to_owned()
    } else {
        value.trim().to_owned()
    }
}

/// The current server's `host:port`, unless an entry already covers it.
fn suggested_server(settings: &Settings) -> Option<String> {
    let url = url::Url::parse(settings.server_url.trim()).ok()?;
    let covered = settings
        .server_tls
        .iter()
        .filter_map(|e| ServerMatch::parse(&e.server).ok())
        .any(|server| server.matches(&url));
    if covered {
        return None;
    }
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}
