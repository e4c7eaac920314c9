//! Method, URL, Send / Cancel, and the params / headers / body / auth editors.

use crate::action::{Action, SnippetKind};
use crate::ayon::{AuthMode, before_send_warnings};
use crate::catalog::Catalog;
use crate::collection::variables::{VariableSet, resolve_for_display, unknown_in};
use crate::http::HttpMethod;
use crate::interchange::detect::is_curl_command;
use crate::interchange::secrets::move_pasted_secrets;
use crate::secret::Secret;
use crate::state::{
    EditorTab, KnownServer, RequestDraft, RequestTab, fill_path_params, merge_params_from_url,
    merge_path_params, params_from_url, path_of, path_param_names, server_warnings,
    url_with_params,
};

use super::variable_edit::{Field, Variables};
use super::{
    auth_editor, body_editor, format, kv_table, operation_docs, path_params, url_completion,
};

/// Starter requests a newcomer can send with one click.
const STARTERS: [(&str, &str); 3] = [
    ("Who am I", "/api/users/me"),
    ("List projects", "/api/projects"),
    ("Server info", "/api/info"),
];

/// What the composer draws with besides the tab.
pub struct Context<'a> {
    /// The variables in effect.
    pub variables: &'a VariableSet,
    /// Whether a native file dialog can be offered.
    pub can_browse: bool,
    /// The endpoint catalog, for completions and docs.
    pub catalog: Option<&'a Catalog>,
    /// The server requests go to, for warnings about its traps.
    pub server: KnownServer<'a>,
    /// The server's GraphQL schema, for the GraphQL editor.
    pub graphql: super::graphql_schema_view::SchemaContext<'a>,
}

/// Draws the composer for one tab.
pub fn show(ui: &mut egui::Ui, tab: &mut RequestTab, cx: Context<'_>, actions: &mut Vec<Action>) {
    let Context {
        variables,
        can_browse,
        catalog,
        server,
        graphql,
    } = cx;
    let vars = Variables::new(variables);
    ui.add_space(4.0);
    url_row(ui, tab, vars, catalog, actions);
    let operation = catalog.and_then(|c| {
        c.find(tab.draft.method, path_of(&tab.draft.url).1)
            .and_then(|i| c.operations.get(i))
    });
    if operation.is_none() && tab.editor == EditorTab::Docs {
        tab.editor = EditorTab::Params;
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
                    tab: tab.id,
                    confirmed: false,
                    download: false,
                });
            }
        }
    });
    message_line(ui, tab, variables, server);
    if let Some((_, Some(description))) = &tab.saved_as {
        egui::CollapsingHeader::new("Description")
            .id_salt(("description", tab.id))
            .default_open(true)
            .show(ui, |ui| {
                ui.label(description.trim_end());
            });
    }
    ui.separator();
    editor_tabs(ui, tab, operation.is_some());
    let json_error = tab.json_error();
    egui::ScrollArea::vertical()
        .id_salt(("editor", tab.id))
        .auto_shrink([false, false])
        .show(ui, |ui| match tab.editor {
            EditorTab::Params => {
                path_params::show(
                    ui,
                    &mut tab.draft.path_params,
                    operation,
                    ("path_params", tab.id),
                    vars,
                );
                if !tab.draft.path_params.is_empty() {
                    ui.strong("Query parameters");
                }
                // Only what the table says about the query counts: the blank row it
                // adds must not rewrite a URL being typed (`x?`, `x?a=1&`).
                let before = url_with_params(&tab.draft.url, &tab.draft.params);
                kv_table::show(
                    ui,
                    &mut tab.draft.params,
                    "Query parameter",
                    ("params", tab.id),
                    vars,
                );
                let after = url_with_params(&tab.draft.url, &tab.draft.params);
                if after != before {
                    tab.draft.url = after;
                }
                if let Some(operation) = operation {
                    operation_docs::query_params(ui, operation, &mut tab.draft);
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
                    json_error,
                    can_browse,
                    vars,
                    graphql,
                };
                body_editor::show(ui, &mut tab.draft, cx, actions);
            }
            EditorTab::Auth => auth_editor::show(ui, &mut tab.draft.auth, vars),
            EditorTab::Options => request_options(ui, &mut tab.draft),
            EditorTab::Docs => {
                if let Some(operation) = operation {
                    operation_docs::show(ui, operation);
                }
            }
        });
}

/// Per-request options, saved with the request.
fn request_options(ui: &mut egui::Ui, draft: &mut RequestDraft) {
    ui.checkbox(&mut draft.follow_redirects, "Follow redirects");
    ui.weak(format!(
        "Up to {} hops, each listed with the response. Credential headers are dropped at a \
         hop to another origin. Off: a 3xx answer is shown as it came, with its Location.",
        crate::http::RequestSpec::MAX_REDIRECTS
    ));
    ui.checkbox(&mut draft.mark_sender, "Mark with x-sender");
    ui.weak(
        "Adds x-sender (this window's id and the send's number) so the Events dock can show \
         what this request caused. Only to the logged-in server; a request that sets its own \
         x-sender keeps it. Settings can turn it off for every request.",
    );
}

/// The URL field's id: one for every tab, so focus stays in it when another tab shows.
fn url_field_id() -> egui::Id {
    egui::Id::unique("request_url")
}

/// Puts the keyboard in the URL field with all of it selected (Ctrl+L): typing replaces
/// it.
pub fn focus_url(ctx: &egui::Context) {
    let id = url_field_id();
    ctx.memory_mut(|m| m.request_focus(id));
    let mut state = egui::TextEdit::load_state(ctx, id).unwrap_or_default();
    // Past the end is clamped to the text's end when the field next draws.
    let all = egui::text::CCursorRange::two(
        egui::text::CCursor::new(0),
        egui::text::CCursor::new(usize::MAX / 2),
    );
    state.cursor.set_char_range(Some(all));
    state.store(ctx, id);
}

fn url_row(
    ui: &mut egui::Ui,
    tab: &mut RequestTab,
    vars: Variables<'_>,
    catalog: Option<&Catalog>,
    actions: &mut Vec<Action>,
) {
    let url_id = url_field_id();
    let completion = catalog.map(|c| url_completion::before_edit(ui, url_id, &tab.draft.url, c));
    ui.horizontal(|ui| {
        let method = egui::ComboBox::from_id_salt(("method", tab.id))
            .selected_text(tab.draft.method.as_str())
            .width(90.0)
            .show_ui(ui, |ui| {
                for method in HttpMethod::ALL {
                    ui.selectable_value(&mut tab.draft.method, method, method.as_str());
                }
            })
            .response
            .on_hover_text("Method (Up and Down change it)")
            .accessible_name("Method");
        super::combo_keys::step_with_arrows(ui, &method, &HttpMethod::ALL, &mut tab.draft.method);
        let pending = tab.state.pending_id().is_some();
        let button_width = 90.0;
        let download_width = 80.0;
        let copy_width = 80.0;
        let two_width = 96.0;
        let label = ui.label("URL");
        let before = tab.draft.url.clone();
        let mut layouter = vars.layouter(Field::Line, egui::TextStyle::Monospace);
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut tab.draft.url)
                    .id(url_id)
                    .hint_text("/api/projects or https://server/api/…")
                    .font(egui::TextStyle::Monospace)
                    .layouter(&mut layouter)
                    .desired_width(
                        ui.available_width()
                            - button_width
                            - download_width
                            - copy_width
                            - two_width
                            - 36.0,
                    ),
            )
            .labelled_by(label.id);
        let url_rect = response.rect;
        vars.preview_on_hover(
            response,
            &tab.draft.url,
            Some(
                "A path relative to the server URL, or a full URL; {name} marks a path \
                 parameter. Ctrl+Enter sends.",
            ),
        );
        if let Some(completion) = completion
            && let Some(url) = url_completion::show(ui, url_id, url_rect, completion)
        {
            tab.draft.url = url;
        }
        if tab.draft.url != before {
            take_pasted_curl(ui, tab, vars.set(), actions);
            tab.draft.params = merge_params_from_url(&tab.draft.url, &tab.draft.params);
        }
        if pending {
            if ui
                .add_sized([button_width, 22.0], egui::Button::new("Cancel"))
                .clicked()
            {
                actions.push(Action::Cancel { tab: tab.id });
            }
        } else {
            if ui
                .add_sized([button_width, 22.0], egui::Button::new("Send"))
                .on_hover_text("Send (Ctrl+Enter)")
                .clicked()
            {
                actions.push(Action::Send {
                    tab: tab.id,
                    confirmed: false,
                    download: false,
                });
            }
            copy_as_menu(ui, tab, actions);
            if ui
                .add_sized([two_width, 22.0], egui::Button::new("Send to two…"))
                .on_hover_text(
                    "Send this request with two environments (or to two servers) at once \
                     and compare the answers",
                )
                .clicked()
            {
                actions.push(Action::OpenSendTwo { tab: tab.id });
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
                    tab: tab.id,
                    confirmed: false,
                    download: true,
                });
            }
        }
    });
    // Params parsed from the URL must exist even before the Params tab is opened.
    if tab.draft.params.is_empty() && tab.draft.url.contains('?') {
        tab.draft.params = params_from_url(&tab.draft.url);
    }
    // Path parameters follow the URL's `{name}` placeholders, however the URL changed.
    let names = path_param_names(&tab.draft.url);
    if names.len() != tab.draft.path_params.len()
        || names
            .iter()
            .zip(&tab.draft.path_params)
            .any(|(name, row)| *name != row.name)
    {
        tab.draft.path_params = merge_path_params(&tab.draft.url, &tab.draft.path_params);
    }
}

/// "Copy as": curl, Python requests, Python ayon_api, HTTPie; secrets stay references
/// unless "Include secrets" is ticked, for that one copy.
fn copy_as_menu(ui: &mut egui::Ui, tab: &mut RequestTab, actions: &mut Vec<Action>) {
    // Ticking "Include secrets" must not close the menu: only a choice or a click outside.
    let config = egui::containers::menu::MenuConfig::new()
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    let (response, _) = egui::containers::menu::MenuButton::new("Copy as")
        .config(config)
        .ui(ui, |ui| {
            for kind in SnippetKind::ALL {
                if ui.button(kind.label()).clicked() {
                    actions.push(Action::CopyAs {
                        tab: tab.id,
                        kind,
                        include_secrets: tab.copy_with_secrets,
                    });
                    tab.copy_with_secrets = false;
                    ui.close();
                }
            }
            ui.separator();
            ui.checkbox(&mut tab.copy_with_secrets, "Include secrets")
                .on_hover_text(
                    "Put the token, API key and secret variables into this one copy. \
                     Otherwise the snippet reads them from environment variables \
                     (AYON_SECRET_<NAME>, AYON_API_KEY), named in its first line.",
                );
        });
    response.on_hover_text("Copy this request as a curl, Python or HTTPie snippet");
}

/// A curl command pasted into the URL field becomes the request (method, URL, headers,
/// body, auth); what it cannot carry over is said under the URL.
/// A curl command pasted into the URL field becomes the tab's request; its literal
/// credentials (`-u`, `-b`, auth headers) become secret variables kept in memory, so
/// saving the request writes only `{{references}}`.
fn take_pasted_curl(
    ui: &egui::Ui,
    tab: &mut RequestTab,
    known: &crate::collection::variables::VariableSet,
    actions: &mut Vec<Action>,
) {
    let pasted = ui.input(|i| {
        i.events.iter().find_map(|e| match e {
            egui::Event::Paste(text) if is_curl_command(text) => Some(text.clone()),
            _ => None,
        })
    });
    let Some(command) = pasted else {
        return;
    };
    match crate::interchange::curl::import_curl(&command) {
        Ok(imported) => {
            if let Some(request) = imported.root.requests.into_iter().next() {
                let mut draft = request.draft;
                let moved = move_pasted_secrets(&mut draft, known.names());
                let origin = crate::collection::secrets::origin_of(&draft.url);
                tab.draft = draft;
                let mut notes = Vec::new();
                if !moved.is_empty() {
                    let names: Vec<String> = moved
                        .iter()
                        .map(|(name, _)| format!("{{{{{name}}}}}"))
                        .collect();
                    notes.push(format!(
                        "Credentials moved to secret variables {}: kept in memory for this \
                         session and never saved; add them to an environment to keep them",
                        names.join(", ")
                    ));
                    actions.push(Action::KeepPastedSecrets {
                        values: moved
                            .into_iter()
                            .map(|(name, value)| (name, Secret::new(value)))
                            .collect(),
                        origin,
                    });
                }
                if !imported.not_carried.is_empty() {
                    notes.push(format!(
                        "not carried over: {}",
                        imported.not_carried.join("; ")
                    ));
                }
                tab.paste_note = (!notes.is_empty())
                    .then(|| format!("From the curl command. {}", notes.join(". ")));
            }
        }
        Err(error) => tab.paste_note = Some(format!("Not read as a curl command: {error}")),
    }
}

fn editor_tabs(ui: &mut egui::Ui, tab: &mut RequestTab, has_docs: bool) {
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
        let params = params + tab.draft.path_params.len();
        let mut entries = vec![
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
        entries.push((
            EditorTab::Options,
            if tab.draft.follow_redirects {
                "Options".to_string()
            } else {
                "Options (1)".to_string()
            },
        ));
        if has_docs {
            entries.push((EditorTab::Docs, "Docs".to_string()));
        }
        for (which, label) in entries {
            ui.selectable_value(&mut tab.editor, which, label);
        }
    });
}

/// For a URL with `{{variables}}` or `{path}` parameters: the URL as it will be sent
/// (secrets masked), or what is missing.
/// One line for the request's messages, always there so the rows below never move:
/// warnings, a paste note, then where the URL resolves to (the JSON body's error is
/// under its editor). Each reads whole on hover; what does not fit is clipped.
fn message_line(
    ui: &mut egui::Ui,
    tab: &mut RequestTab,
    variables: &VariableSet,
    server: KnownServer<'_>,
) {
    let height = ui.spacing().interact_size.y;
    let dark = ui.visuals().dark_mode;
    super::layout::fixed_row(ui, height, |ui| {
        let message = |ui: &mut egui::Ui, color: Option<egui::Color32>, text: String| {
            let shown = match color {
                Some(color) => ui.colored_label(color, text.as_str()),
                None => ui.weak(text.as_str()),
            };
            shown.on_hover_text(text);
        };
        for warning in server_warnings(&tab.draft, variables, server) {
            message(ui, Some(format::warning_color(dark)), warning);
        }
        // The Auth tab shows the same warning next to the field.
        if tab.draft.auth.mode == AuthMode::Bearer && tab.editor != EditorTab::Auth {
            for warning in before_send_warnings(&tab.draft.auth, None) {
                message(ui, Some(format::warning_color(dark)), warning);
            }
        }
        if let Some(note) = tab.paste_note.clone() {
            message(ui, Some(format::warning_color(dark)), note);
            if ui.small_button("Dismiss").clicked() {
                tab.paste_note = None;
            }
        }
        url_preview(ui, &tab.draft, variables);
    });
}

fn url_preview(ui: &mut egui::Ui, draft: &RequestDraft, variables: &VariableSet) {
    let url = draft.url.as_str();
    let has_params = !draft.path_params.is_empty();
    if !url.contains("{{") && !has_params {
        return;
    }
    let dark = ui.visuals().dark_mode;
    let unknown = unknown_in(url, variables);
    if unknown.is_empty() {
        let resolved = resolve_for_display(url, variables);
        // Path parameter values may hold variables too: show those resolved as well.
        let rows: Vec<_> = draft
            .path_params
            .iter()
            .map(|r| crate::state::KvRow::new(&r.name, resolve_for_display(&r.value, variables)))
            .collect();
        match fill_path_params(&resolved, &rows) {
            Ok(filled) => {
                ui.weak(format!("Resolves to {filled}"));
            }
            Err(missing) => {
                ui.colored_label(format::warning_color(dark), missing.to_string());
            }
        }
    } else {
        ui.colored_label(
            format::error_color(dark),
            format!("{unknown} (sending is refused)"),
        );
    }
}
