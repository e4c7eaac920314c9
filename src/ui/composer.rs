//! Method, URL, Send / Cancel, and the params / headers / body / auth editors.

use crate::action::Action;
use crate::ayon::{AuthMode, before_send_warnings};
use crate::collection::variables::{VariableSet, resolve_for_display, unknown_in};
use crate::http::HttpMethod;
use crate::state::{
    EditorTab, RequestDraft, RequestTab, merge_params_from_url, params_from_url, url_with_params,
};

use super::variable_edit::{Field, Variables};
use super::{auth_editor, body_editor, format, kv_table};

/// Starter requests a newcomer can send with one click.
const STARTERS: [(&str, &str); 3] = [
    ("Who am I", "/api/users/me"),
    ("List projects", "/api/projects"),
    ("Server info", "/api/info"),
];

/// Draws the composer for one tab.
pub fn show(
    ui: &mut egui::Ui,
    tab: &mut RequestTab,
    index: usize,
    variables: &VariableSet,
    can_browse: bool,
    actions: &mut Vec<Action>,
) {
    let vars = Variables::new(variables);
    ui.add_space(4.0);
    url_row(ui, tab, index, vars, actions);
    variable_preview(ui, &tab.draft.url, variables);
    if let Some((_, Some(description))) = &tab.saved_as {
        egui::CollapsingHeader::new("Description")
            .id_salt(("description", tab.id))
            .default_open(true)
            .show(ui, |ui| {
                ui.label(description.trim_end());
            });
    }
    ui.horizontal(|ui| {
        ui.weak("Try:");
        for (label, path) in STARTERS {
            if ui
                .small_button(label)
                .on_hover_text(format!("GET {path}"))
                .clicked()
            {
                let auth = tab.draft.auth.clone();
                tab.draft = RequestDraft {
                    auth,
                    ..RequestDraft::get(path)
                };
                actions.push(Action::Send {
                    tab: index,
                    confirmed: false,
                    download: false,
                });
            }
        }
    });
    ui.separator();
    editor_tabs(ui, tab);
    let json_valid = tab.json_error().is_none();
    egui::ScrollArea::vertical()
        .id_salt(("editor", tab.id))
        .auto_shrink([false, false])
        .show(ui, |ui| match tab.editor {
            EditorTab::Params => {
                let before = tab.draft.params.clone();
                kv_table::show(
                    ui,
                    &mut tab.draft.params,
                    "Query parameter",
                    ("params", tab.id),
                    vars,
                );
                if tab.draft.params != before {
                    tab.draft.url = url_with_params(&tab.draft.url, &tab.draft.params);
                }
            }
            EditorTab::Headers => {
                kv_table::show(
                    ui,
                    &mut tab.draft.headers,
                    "Header",
                    ("headers", tab.id),
                    vars,
                );
                ui.weak("Auth headers are added from the Auth tab.");
            }
            EditorTab::Body => {
                let cx = body_editor::BodyEditorContext {
                    tab_id: tab.id,
                    json_valid,
                    can_browse,
                    vars,
                };
                body_editor::show(ui, &mut tab.draft, cx, actions);
            }
            EditorTab::Auth => auth_editor::show(ui, &mut tab.draft.auth, vars),
        });
}

fn url_row(
    ui: &mut egui::Ui,
    tab: &mut RequestTab,
    index: usize,
    vars: Variables<'_>,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        egui::ComboBox::from_id_salt(("method", tab.id))
            .selected_text(tab.draft.method.as_str())
            .width(90.0)
            .show_ui(ui, |ui| {
                for method in HttpMethod::ALL {
                    ui.selectable_value(&mut tab.draft.method, method, method.as_str());
                }
            })
            .response
            .on_hover_text("Method")
            .accessible_name("Method");
        let pending = tab.state.pending_id().is_some();
        let button_width = 90.0;
        let download_width = 80.0;
        let label = ui.label("URL");
        let before = tab.draft.url.clone();
        let mut layouter = vars.layouter(Field::Line, egui::TextStyle::Monospace);
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut tab.draft.url)
                    .hint_text("/api/projects or https://server/api/…")
                    .font(egui::TextStyle::Monospace)
                    .layouter(&mut layouter)
                    .desired_width(ui.available_width() - button_width - download_width - 20.0),
            )
            .labelled_by(label.id);
        vars.preview_on_hover(
            response,
            &tab.draft.url,
            Some("A path relative to the server URL, or a full URL. Ctrl+Enter sends."),
        );
        if tab.draft.url != before {
            tab.draft.params = merge_params_from_url(&tab.draft.url, &tab.draft.params);
        }
        if pending {
            if ui
                .add_sized([button_width, 22.0], egui::Button::new("Cancel"))
                .clicked()
            {
                actions.push(Action::Cancel { tab: index });
            }
        } else {
            if ui
                .add_sized([button_width, 22.0], egui::Button::new("Send"))
                .on_hover_text("Send (Ctrl+Enter)")
                .clicked()
            {
                actions.push(Action::Send {
                    tab: index,
                    confirmed: false,
                    download: false,
                });
            }
            if ui
                .add_sized([download_width, 22.0], egui::Button::new("Download"))
                .on_hover_text(
                    "Send, and stream the response body straight into the download folder \
                     (Settings) under the name the server suggests",
                )
                .clicked()
            {
                actions.push(Action::Send {
                    tab: index,
                    confirmed: false,
                    download: true,
                });
            }
        }
    });
    if let Some(error) = tab.json_error() {
        ui.colored_label(
            format::error_color(ui.visuals().dark_mode),
            error.to_string(),
        );
    }
    // The Auth tab shows the same warning next to the field.
    if tab.draft.auth.mode == AuthMode::Bearer && tab.editor != EditorTab::Auth {
        for warning in before_send_warnings(&tab.draft.auth, None) {
            ui.colored_label(format::warning_color(ui.visuals().dark_mode), warning);
        }
    }
    // Params parsed from the URL must exist even before the Params tab is opened.
    if tab.draft.params.is_empty() && tab.draft.url.contains('?') {
        tab.draft.params = params_from_url(&tab.draft.url);
    }
}

fn editor_tabs(ui: &mut egui::Ui, tab: &mut RequestTab) {
    ui.horizontal(|ui| {
        let count = |n: usize| {
            if n == 0 {
                String::new()
            } else {
                format!(" ({n})")
            }
        };
        let params = tab
            .draft
            .params
            .iter()
            .filter(|r| r.enabled && !r.is_blank())
            .count();
        let headers = tab
            .draft
            .headers
            .iter()
            .filter(|r| r.enabled && !r.is_blank())
            .count();
        let entries = [
            (EditorTab::Params, format!("Params{}", count(params))),
            (EditorTab::Headers, format!("Headers{}", count(headers))),
            (
                EditorTab::Body,
                format!("Body: {}", tab.draft.body_mode.label()),
            ),
            (
                EditorTab::Auth,
                format!("Auth: {}", tab.draft.auth.mode.label()),
            ),
        ];
        for (which, label) in entries {
            ui.selectable_value(&mut tab.editor, which, label);
        }
    });
}

/// For a URL with `{{variables}}`: the resolved URL (secrets masked), or the unknown names.
fn variable_preview(ui: &mut egui::Ui, url: &str, variables: &VariableSet) {
    if !url.contains("{{") {
        return;
    }
    let dark = ui.visuals().dark_mode;
    let unknown = unknown_in(url, variables);
    if unknown.is_empty() {
        ui.weak(format!(
            "Resolves to {}",
            resolve_for_display(url, variables)
        ));
    } else {
        ui.colored_label(
            format::error_color(dark),
            format!("{unknown} (sending is refused)"),
        );
    }
}
