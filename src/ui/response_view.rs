//! Status line, AYON error summary, and the body / raw / headers / request views.

use crate::state::TabId;
use std::sync::Arc;

use crate::body::{BodyPreview, Rows};
use crate::files::suggested_file_name;
use crate::state::{
    BodyTools, CompletedResponse, RequestState, RequestTab, ResponseTab, SaveDialog, Wake,
};

use super::body_view::SearchMarks;
use super::{BodyKind, BodyView, body_tools, format, graphql_errors, json_tree};

/// The per-tab view caches the response area draws with.
pub struct ResponseViews<'a> {
    /// The text views' rows.
    pub body: &'a mut BodyView,
    /// Find and filter.
    pub tools: &'a mut BodyTools,
    /// The picture's texture and choices.
    pub picture: &'a mut super::image_view::PictureView,
    /// Whether long lines of the body wrap (a setting, saved when toggled).
    pub wrap_lines: &'a mut bool,
}

/// Draws the response area of a tab.
pub fn show(
    ui: &mut egui::Ui,
    tab: &mut RequestTab,
    views: ResponseViews<'_>,
    save_dialog: &mut Option<SaveDialog>,
    events: &crate::state::events::EventsState,
    actions: &mut Vec<crate::action::Action>,
) {
    let ResponseViews {
        body: view,
        tools,
        picture,
        wrap_lines,
    } = views;
    let dark = ui.visuals().dark_mode;
    super::answer_history::show(ui, tab, actions);
    super::graphql_pages::status(ui, tab, actions);
    match &tab.state {
        RequestState::Idle => {
            ui.add_space(8.0);
            ui.weak("Send a request to see the response here. Ctrl+Enter sends.");
            return;
        }
        RequestState::Pending {
            started, progress, ..
        } => transfer_progress(ui, started.elapsed(), &progress.snapshot()),
        RequestState::Failed {
            error, certificate, ..
        } => {
            ui.colored_label(format::error_color(dark), error)
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, error));
            if let Some(certificate) = certificate {
                refused_certificate(ui, certificate, actions);
            }
        }
        RequestState::Done(_) => {}
    }
    let Some(response) = tab.state.response().cloned() else {
        return;
    };
    if !matches!(tab.state, RequestState::Done(_)) {
        ui.weak("Previous response:");
    }
    let mut save_request = false;
    status_line(ui, &response, tab, &mut save_request);
    if save_request {
        let data = &response.exchange.response;
        let name = suggested_file_name(
            data.header("content-disposition"),
            &response.exchange.request.url,
            data.content_type(),
        );
        let folder = std::env::var("HOME").unwrap_or_else(|_| ".".into());
        *save_dialog = Some(SaveDialog {
            tab_id: tab.id,
            path: std::path::Path::new(&folder)
                .join(&name)
                .to_string_lossy()
                .into_owned(),
            suggested_name: name,
        });
    }
    super::caused_events::show(ui, tab, response.event_id.as_deref(), events, actions);
    error_summary(ui, &response);
    redirects(ui, &response);
    if let Some(errors) = &response.graphql_errors {
        graphql_errors::show(ui, errors);
    }
    body_file_banner(ui, &response);
    ui.separator();
    if tab.response_tab == ResponseTab::Tree && response.preview.json().is_none() {
        tab.response_tab = ResponseTab::Pretty;
    }
    let wrapped = *wrap_lines;
    view.set_wrap(wrapped);
    let raw = tab.response_tab == ResponseTab::Raw;
    match tab.response_tab {
        ResponseTab::Pretty | ResponseTab::Raw => {
            let text = (view, picture, &mut *wrap_lines);
            body(ui, &response, text, tools, tab.id, raw, actions);
        }
        ResponseTab::Tree => tree(ui, &response, view, tools, tab),
        ResponseTab::Tests => super::tests_view::show(ui, &response, &mut tab.draft),
        ResponseTab::Headers => headers_table(ui, &response.exchange.response.headers, "response"),
        ResponseTab::Request => request_view(ui, &response),
    }
    if *wrap_lines != wrapped {
        actions.push(crate::action::Action::SaveSettings);
    }
}

/// The certificate a server presented and that was refused, and the way to trust it for
/// that host only.
fn refused_certificate(
    ui: &mut egui::Ui,
    certificate: &crate::http::CertificateInfo,
    actions: &mut Vec<crate::action::Action>,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong(format!("Certificate presented by {}", certificate.host));
        egui::Grid::new("refused_certificate")
            .num_columns(2)
            .show(ui, |ui| {
                let names = certificate.names.join(", ");
                for (label, value) in [
                    ("Subject", certificate.subject.as_str()),
                    ("Issuer", certificate.issuer.as_str()),
                    ("Valid from", certificate.not_before.as_str()),
                    ("Valid until", certificate.not_after.as_str()),
                    ("For", names.as_str()),
                    ("SHA-256", certificate.sha256.as_str()),
                ] {
                    ui.weak(label);
                    ui.monospace(value);
                    ui.end_row();
                }
            });
        ui.weak(
            "Compare the fingerprint with the one your server's administrator gives you \
             before trusting it.",
        );
        if ui
            .button(format!("Trust this certificate for {}", certificate.host))
            .clicked()
        {
            actions.push(crate::action::Action::TrustCertificate(crate::http::Pin {
                host: certificate.host.clone(),
                sha256: certificate.sha256.clone(),
            }));
        }
    });
}

fn status_line(
    ui: &mut egui::Ui,
    response: &CompletedResponse,
    tab: &mut RequestTab,
    save_request: &mut bool,
) {
    let data = &response.exchange.response;
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        let status = format!("{} {}", data.status, data.reason);
        ui.label(
            egui::RichText::new(&status)
                .strong()
                .color(format::status_color(data.status, dark)),
        )
        .on_hover_text("Status line as sent by the server");
        if response.graphql_errors.is_some() {
            // GraphQL reports failures with 200: do not let the status read as success.
            graphql_errors::status_mark(ui);
        }
        ui.label(format::duration(response.exchange.timings.total))
            .on_hover_text(format!(
                "Headers after {}",
                format::duration(response.exchange.timings.to_headers)
            ));
        let size = response
            .body_file()
            .map_or(response.body().len() as u64, |f| f.len);
        ui.label(format::size(size));
        if let Some(ct) = data.content_type() {
            ui.weak(ct);
        }
        ui.separator();
        let is_json = response.preview.json().is_some();
        for (which, label) in [
            (ResponseTab::Pretty, "Body"),
            (ResponseTab::Tree, "Tree"),
            (ResponseTab::Raw, "Raw"),
            (ResponseTab::Headers, "Headers"),
            (ResponseTab::Request, "Request"),
        ] {
            if which == ResponseTab::Tree && !is_json {
                continue;
            }
            ui.selectable_value(&mut tab.response_tab, which, label);
        }
        // "Tests 3/4" once checks ran; red when one failed.
        let label = match response.tests.as_ref().map(|t| t.counts()) {
            Some((passed, total)) if total > 0 => {
                let text = format!("Tests {passed}/{total}");
                let color = if passed == total {
                    format::status_color(200, ui.visuals().dark_mode)
                } else {
                    format::error_color(ui.visuals().dark_mode)
                };
                egui::RichText::new(text).color(color)
            }
            _ => egui::RichText::new("Tests"),
        };
        ui.selectable_value(&mut tab.response_tab, ResponseTab::Tests, label);
        if let Some(raw) = response.preview.raw()
            && ui.button("Copy body").clicked()
        {
            ui.ctx().copy_text(raw.as_str().to_string());
        }
        let has_body = !response.body().is_empty() || response.body_file().is_some();
        if has_body && ui.button("Save to file…").clicked() {
            *save_request = true;
        }
    });
}

/// Spinner and elapsed time; with a body going out or a download coming in, a bar with
/// bytes, percent, rate and time left.
fn transfer_progress(
    ui: &mut egui::Ui,
    elapsed: std::time::Duration,
    snap: &crate::http::ProgressSnapshot,
) {
    let moving = snap.send_total > 0 || snap.received > 0;
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(format!("Sending… {}", format::duration(elapsed)));
        if moving {
            ui.label(snap.describe());
        }
    });
    if moving && let Some(fraction) = snap.fraction() {
        let text = format!("{:.0}%", fraction * 100.0);
        ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(ui.available_width().min(480.0))
                .text(text.clone()),
        )
        .accessible_name(format!("Transfer progress {text}"));
    }
}

/// Where a body kept on disk is, and how much of it the viewer shows.
fn body_file_banner(ui: &mut egui::Ui, response: &CompletedResponse) {
    let Some(file) = response.body_file() else {
        return;
    };
    let size = format::size(file.len);
    let path = file.path.display().to_string();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            if !file.is_temporary() {
                ui.label(format!("Saved to {path} ({size})."));
            } else if response.preview.raw().is_some() {
                ui.label(format!(
                    "The body ({size}) is larger than the in-memory limit (Settings), so it \
                     is kept in a temporary file and shown from there."
                ));
            } else {
                ui.label(format!(
                    "Binary body ({size}{}) kept in a temporary file until the next send. \
                     \"Save to file…\" keeps it.",
                    response
                        .exchange
                        .response
                        .content_type()
                        .map(|ct| format!(", {ct}"))
                        .unwrap_or_default()
                ));
            }
            if ui.small_button("Copy path").clicked() {
                ui.ctx().copy_text(path.clone());
            }
        });
    });
}

/// Every redirect hop followed, with its status and location; or, for a 3xx answer that
/// was not followed, where it points.
fn redirects(ui: &mut egui::Ui, response: &CompletedResponse) {
    let hops = &response.exchange.redirects;
    let data = &response.exchange.response;
    if hops.is_empty() {
        if (300..400).contains(&data.status)
            && let Some(location) = data.header("location")
        {
            ui.weak(format!(
                "Redirect not followed (Options tab): Location: {location}"
            ));
        }
        return;
    }
    let title = match hops.len() {
        1 => "1 redirect followed".to_owned(),
        n => format!("{n} redirects followed"),
    };
    egui::CollapsingHeader::new(title)
        .id_salt("redirect_hops")
        .default_open(true)
        .show(ui, |ui| {
            for (k, hop) in hops.iter().enumerate() {
                let note = if hop.dropped_credentials {
                    "  (credential headers dropped: another origin)"
                } else {
                    ""
                };
                ui.monospace(format!(
                    "{}. {} {} -> {}{note}",
                    k + 1,
                    hop.status,
                    hop.from,
                    hop.to
                ));
            }
        });
}

fn error_summary(ui: &mut egui::Ui, response: &CompletedResponse) {
    let dark = ui.visuals().dark_mode;
    if let Some(error) = &response.ayon_error {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            if let Some(detail) = &error.detail {
                ui.colored_label(format::error_color(dark), detail);
            }
            if let Some(kind) = &error.error_kind {
                ui.weak(format!("error kind: {kind}"));
            }
            if let Some(location) = &error.server_location {
                ui.weak(format!("raised at {location}"));
            }
            for issue in &error.issues {
                ui.label(format!("- {}: {}", issue.location, issue.message));
            }
            if let Some(traceback) = &error.traceback {
                egui::CollapsingHeader::new("Server traceback")
                    .id_salt("traceback")
                    .show(ui, |ui| {
                        ui.monospace(traceback);
                    });
            }
        });
    }
    for hint in &response.hints {
        ui.colored_label(format::warning_color(dark), format!("Hint: {hint}"));
    }
}

/// Wakes the UI when a background job of the body tools finishes.
fn wake(ui: &egui::Ui) -> Wake {
    let ctx = ui.ctx().clone();
    Arc::new(move || ctx.request_repaint())
}

/// The find bar and, for JSON, the JSONPath filter; then the filter's output
/// or the document with its search marks.
fn searchable(
    ui: &mut egui::Ui,
    doc: Arc<dyn Rows>,
    kind: BodyKind,
    response: &CompletedResponse,
    (view, wrap): (&mut BodyView, &mut bool),
    tools: &mut BodyTools,
    salt: (&str, TabId, bool),
) {
    let tab_id = salt.1;
    let wake = wake(ui);
    let mut go = None;
    ui.horizontal_wrapped(|ui| {
        go = body_tools::find_bar(ui, &mut tools.find, tab_id);
        ui.separator();
        ui.checkbox(wrap, "Wrap lines").on_hover_text(
            "Wrap long lines at the view's width instead of scrolling sideways (a body \
                 of millions of lines is not wrapped)",
        );
        if response.preview.json().is_some() {
            ui.separator();
            body_tools::filter_bar(ui, &mut tools.filter, tab_id);
        }
    });
    tools.find.update(&doc, &wake);
    if let Some(pretty) = response.preview.json() {
        tools.filter.update(pretty, &wake);
    }
    if tools.find.progress().is_some() {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }
    if tools.find.take_fresh() {
        // New results: go to the first match from where the view is.
        if let Some(results) = &tools.find.results {
            tools.find.current = results.first_from_row(view.visible_rows().start);
            go = tools.find.current_row();
        }
    }
    if body_tools::filter_output(ui, &tools.filter, view, tab_id) {
        return;
    }
    if let Some(row) = go {
        view.reveal_line(row);
    }
    view.set_marks(tools.find.results.as_ref().map(|results| SearchMarks {
        results: Arc::clone(results),
        current: tools.find.current,
    }));
    view.show(ui, doc.as_ref(), kind, salt);
}

fn tree(
    ui: &mut egui::Ui,
    response: &CompletedResponse,
    view: &mut BodyView,
    tools: &mut BodyTools,
    tab: &mut RequestTab,
) {
    let tab_id = tab.id;
    let Some(pretty) = response.preview.json() else {
        return;
    };
    let wake = wake(ui);
    ui.horizontal(|ui| body_tools::filter_bar(ui, &mut tools.filter, tab_id));
    tools.filter.update(pretty, &wake);
    if body_tools::filter_output(ui, &tools.filter, view, tab_id) {
        return;
    }
    let mut selected = tools.selected;
    if let Some(path) = json_tree::show(ui, tools.tree_for(pretty), &mut selected) {
        // Saved with the request (Ctrl+S); the next answer fills {{name}}.
        let capture = crate::checks::Capture::of_path(&path, &tab.draft.capture);
        tab.draft.capture.push(capture);
        tab.response_tab = ResponseTab::Tests;
    }
    tools.selected = selected;
}

fn body(
    ui: &mut egui::Ui,
    response: &Arc<CompletedResponse>,
    (view, picture, wrap): (
        &mut BodyView,
        &mut super::image_view::PictureView,
        &mut bool,
    ),
    tools: &mut BodyTools,
    tab_id: TabId,
    raw: bool,
    actions: &mut Vec<crate::action::Action>,
) {
    let dark = ui.visuals().dark_mode;
    if response.body_file().is_some() && matches!(response.preview, BodyPreview::Empty) {
        // A download kept in the user's file: the banner above says where.
        return;
    }
    // Pictures, and binary bodies in hex.
    if super::image_view::show(ui, response, picture, tab_id, raw, actions) {
        return;
    }
    match &response.preview {
        BodyPreview::Json {
            pretty,
            raw: raw_doc,
        } => {
            let (doc, kind): (Arc<dyn Rows>, _) = if raw {
                (Arc::new(raw_doc.clone()), BodyKind::Plain)
            } else {
                (Arc::new(pretty.clone()), BodyKind::Json)
            };
            let views = (view, wrap);
            searchable(ui, doc, kind, response, views, tools, ("body", tab_id, raw));
        }
        BodyPreview::Text {
            raw: doc,
            json_error,
        } => {
            if let Some(error) = json_error {
                ui.colored_label(
                    format::warning_color(dark),
                    format!("The content type says JSON, but the body is not valid JSON: {error}"),
                );
            }
            let doc: Arc<dyn Rows> = Arc::new(doc.clone());
            searchable(
                ui,
                doc,
                BodyKind::Plain,
                response,
                (view, wrap),
                tools,
                ("body", tab_id, raw),
            );
        }
        preview => {
            let message = preview.message().unwrap_or_default();
            match preview {
                BodyPreview::InvalidUtf8 { .. } => {
                    ui.colored_label(format::warning_color(dark), message);
                    ui.weak(
                        "Shown below with invalid bytes replaced (first 64 KB). \"Save to \
                         file…\" keeps the exact bytes.",
                    );
                    let body = response.body();
                    let head = &body[..body.len().min(64 * 1024)];
                    let text = String::from_utf8_lossy(head);
                    egui::ScrollArea::both()
                        .id_salt(("lossy", tab_id))
                        .show(ui, |ui| ui.monospace(text.as_ref()));
                }
                BodyPreview::Binary { .. } => {
                    // Drawn by the picture and hex views above.
                    ui.label(message);
                }
                _ => {
                    ui.weak(message);
                }
            }
        }
    }
}

fn headers_table(ui: &mut egui::Ui, headers: &[(String, String)], id: &str) {
    egui::ScrollArea::both().id_salt(id).show(ui, |ui| {
        egui::Grid::new(id)
            .striped(true)
            .num_columns(2)
            .show(ui, |ui| {
                for (name, value) in headers {
                    ui.monospace(name);
                    ui.monospace(value);
                    ui.end_row();
                }
            });
    });
}

fn request_view(ui: &mut egui::Ui, response: &CompletedResponse) {
    let sent = &response.exchange.request;
    ui.monospace(format!("{} {}", sent.method, sent.url));
    for hop in &response.exchange.redirects {
        let note = if hop.dropped_credentials {
            " (credential headers dropped: other origin)"
        } else {
            ""
        };
        ui.weak(format!(
            "{} redirect {} -> {}{note}",
            hop.status, hop.from, hop.to
        ));
    }
    ui.label(format!("Body: {}", format::size(sent.body_len as u64)));
    headers_table(ui, &sent.headers, "request_headers");
}
