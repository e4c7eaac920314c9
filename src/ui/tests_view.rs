//! The response's Tests tab: each `expect:` check with expected and actual values when it
//! fails, what `capture:` took (credentials masked), and the request's captures, whose
//! names can be edited or removed here.

use crate::state::{CompletedResponse, RequestDraft};

use super::format;

/// Draws the tab.
pub fn show(ui: &mut egui::Ui, response: &CompletedResponse, draft: &mut RequestDraft) {
    let dark = ui.visuals().dark_mode;
    egui::ScrollArea::vertical()
        .id_salt("tests_view")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            match &response.tests {
                None => {
                    ui.weak(
                        "No checks ran for this answer. Add an expect: block to the request's \
                         file (status, headers, JSONPath), or capture a value from the Tree tab \
                         (select a node, then Capture as variable); the headless runner \
                         (ayon-rest-explorer run) checks the same blocks.",
                    );
                }
                Some(tests) => {
                    let (passed, total) = tests.counts();
                    if total > 0 {
                        ui.strong(format!("{passed} of {total} checks passed"));
                    }
                    for outcome in &tests.outcomes {
                        if outcome.passed {
                            ui.colored_label(
                                format::status_color(200, dark),
                                format!("PASS  {}", outcome.name),
                            );
                        } else {
                            ui.colored_label(
                                format::error_color(dark),
                                format!("FAIL  {}", outcome.name),
                            );
                            ui.indent(("failed_check", &outcome.name), |ui| {
                                ui.monospace(format!("expected: {}", outcome.expected));
                                ui.monospace(format!("actual:   {}", outcome.actual));
                            });
                        }
                    }
                    for (name, value) in &tests.captured {
                        let shown = if crate::checks::looks_like_credential(name) {
                            "***"
                        } else {
                            value.as_str()
                        };
                        ui.label(format!(
                            "Captured {{{{{name}}}}} = {shown} for the next requests"
                        ));
                    }
                    if let Some(error) = &tests.capture_error {
                        ui.colored_label(format::error_color(dark), error);
                    }
                }
            }
            captures_editor(ui, draft);
        });
}

/// The request's captures: a name field and a Remove button each (Ctrl+S saves them).
fn captures_editor(ui: &mut egui::Ui, draft: &mut RequestDraft) {
    if draft.capture.is_empty() {
        return;
    }
    ui.separator();
    ui.strong("Captures of this request");
    let mut remove = None;
    for (index, capture) in draft.capture.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let label = ui.label(format!("Capture {} name", index + 1));
            ui.add(egui::TextEdit::singleline(&mut capture.name).desired_width(160.0))
                .labelled_by(label.id);
            ui.monospace(format!("= {}", capture.path));
            if ui.button(format!("Remove capture {}", index + 1)).clicked() {
                remove = Some(index);
            }
        });
        if !crate::collection::format::is_var_name(&capture.name) {
            ui.colored_label(
                format::error_color(ui.visuals().dark_mode),
                "A name is letters, digits, _ - . (it becomes {{name}})",
            );
        }
    }
    if let Some(index) = remove {
        draft.capture.remove(index);
    }
    ui.weak("Captured values fill {{name}} in later requests; Ctrl+S saves the captures.");
}
