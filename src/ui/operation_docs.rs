//! What the catalog says about a tab's operation: the Docs tab (summary, description,
//! parameters, body, documented responses with AYON's known deviations) and the
//! documented query parameters under the Params table.

use crate::catalog::{Operation, Param, ParamIn};
use crate::state::{KvRow, RequestDraft, url_with_params};

use super::format;

/// The Docs tab.
pub fn show(ui: &mut egui::Ui, operation: &Operation) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal(|ui| {
        ui.label(format::method_badge(operation.method, dark));
        ui.monospace(&operation.path);
    });
    if !operation.summary.is_empty() {
        ui.heading(&operation.summary);
    }
    let mut facts = Vec::new();
    if !operation.operation_id.is_empty() {
        facts.push(format!("operationId {}", operation.operation_id));
    }
    if !operation.tags.is_empty() {
        facts.push(format!("tags: {}", operation.tags.join(", ")));
    }
    if operation.deprecated {
        facts.push("deprecated".into());
    }
    if !facts.is_empty() {
        ui.weak(facts.join(" · "));
    }
    if !operation.description.trim().is_empty() {
        ui.add_space(4.0);
        ui.label(operation.description.trim());
    }
    if operation.raw_upload {
        ui.add_space(4.0);
        ui.colored_label(
            format::warning_color(dark),
            "Raw file upload: AYON reads the request body as the file's bytes, though its spec \
             declares no request body. The body type is set to File (raw); a multipart form \
             would be stored as a corrupt file.",
        );
    }
    if !operation.params.is_empty() {
        ui.add_space(6.0);
        ui.strong("Parameters");
        param_grid(ui, "docs_params", operation.params.iter());
    }
    if let Some(body) = &operation.body {
        ui.add_space(6.0);
        ui.strong("Request body");
        let mut line = format!(
            "{}{}",
            body.content_type,
            if body.required { ", required" } else { "" }
        );
        if let Some(schema) = &body.schema_name {
            line.push_str(&format!(", schema {schema}"));
        }
        ui.label(line);
    }
    if !operation.responses.is_empty() {
        ui.add_space(6.0);
        ui.strong("Documented responses");
        egui::Grid::new("docs_responses")
            .num_columns(2)
            .spacing([10.0, 4.0])
            .show(ui, |ui| {
                for response in &operation.responses {
                    let color = response
                        .status
                        .parse::<u16>()
                        .map(|s| format::status_color(s, dark))
                        .unwrap_or(ui.visuals().text_color());
                    ui.label(
                        egui::RichText::new(&response.status)
                            .monospace()
                            .color(color),
                    );
                    ui.vertical(|ui| {
                        let mut text = response.description.clone();
                        if let Some(schema) = &response.schema_name {
                            text.push_str(&format!(" ({schema})"));
                        }
                        ui.label(text);
                        if let Some(note) = &response.ayon_note {
                            ui.colored_label(format::warning_color(dark), format!("AYON: {note}"));
                        }
                    });
                    ui.end_row();
                }
            });
    }
}

/// The documented query parameters not in the table yet, each with an Add button.
pub fn query_params(ui: &mut egui::Ui, operation: &Operation, draft: &mut RequestDraft) {
    let missing: Vec<&Param> = operation
        .params
        .iter()
        .filter(|p| p.location == ParamIn::Query)
        .filter(|p| !draft.params.iter().any(|row| row.name == p.name))
        .collect();
    let documented = operation
        .params
        .iter()
        .filter(|p| p.location == ParamIn::Query)
        .count();
    if documented == 0 {
        return;
    }
    ui.add_space(6.0);
    ui.strong("Documented query parameters");
    param_grid(
        ui,
        "query_param_docs",
        operation
            .params
            .iter()
            .filter(|p| p.location == ParamIn::Query),
    );
    if missing.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.weak("Add:");
        for param in missing {
            if ui
                .small_button(&param.name)
                .on_hover_text(format!("Add the query parameter {}", param.name))
                .accessible_name(format!("Add query parameter {}", param.name))
                .clicked()
            {
                draft.params.retain(|r| !r.is_blank());
                draft
                    .params
                    .push(KvRow::new(&param.name, param.suggested_value()));
                draft.url = url_with_params(&draft.url, &draft.params);
            }
        }
    });
}

fn param_grid<'a>(ui: &mut egui::Ui, id: &str, params: impl Iterator<Item = &'a Param>) {
    egui::Grid::new(id)
        .num_columns(4)
        .striped(true)
        .spacing([10.0, 3.0])
        .show(ui, |ui| {
            for param in params {
                let name = if param.required {
                    format!("{} *", param.name)
                } else {
                    param.name.clone()
                };
                ui.monospace(name).on_hover_text(if param.required {
                    "required"
                } else {
                    "optional"
                });
                let place = match param.location {
                    ParamIn::Path => "path",
                    ParamIn::Query => "query",
                    ParamIn::Header => "header",
                    ParamIn::Cookie => "cookie",
                };
                ui.weak(format!("{place} · {}", param.type_label));
                let default = param
                    .default
                    .as_ref()
                    .map(|d| format!("default {d}"))
                    .unwrap_or_default();
                ui.weak(default);
                ui.label(param.description.lines().next().unwrap_or(""))
                    .on_hover_text(&param.description);
                ui.end_row();
            }
        });
}
