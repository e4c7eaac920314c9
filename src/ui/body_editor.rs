//! The request body editor: none / JSON (checked as you type) / GraphQL / text / a file
//! sent raw / a multipart form.

use crate::action::{Action, FileSlot};
use crate::state::TabId;
use crate::state::{BodyMode, JsonError, RequestDraft};

use super::code_editor::{self, CodeEditor, LineError};
use super::variable_edit::{Field, Variables};
use super::{form_table, graphql_editor};

/// What the body editor needs besides the draft.
pub struct BodyEditorContext<'a> {
    /// The tab's id (widget ids, picked files).
    pub tab_id: TabId,
    /// Why the JSON body does not parse (`None` when it does, or is not JSON).
    pub json_error: Option<JsonError>,
    /// Whether a native file dialog can be opened.
    pub can_browse: bool,
    /// Variables for colouring and hover previews.
    pub vars: Variables<'a>,
    /// The server's GraphQL schema, for the GraphQL editor.
    pub graphql: super::graphql_schema_view::SchemaContext<'a>,
}

/// Draws the body editor. `{{variables}}` are coloured; hovering lists their values.
pub fn show(
    ui: &mut egui::Ui,
    draft: &mut RequestDraft,
    cx: BodyEditorContext<'_>,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Body type");
        for mode in BodyMode::ALL {
            ui.selectable_value(&mut draft.body_mode, mode, mode.label());
        }
        if draft.body_mode == BodyMode::Json
            && cx.json_error.is_none()
            && !draft.body_text.trim().is_empty()
            && ui.small_button("Format").clicked()
            && let Ok(value) = serde_json::from_str::<serde_json::Value>(&draft.body_text)
            && let Ok(pretty) = serde_json::to_string_pretty(&value)
        {
            draft.body_text = pretty;
        }
    });
    match draft.body_mode {
        BodyMode::None => {
            ui.weak("This request has no body.");
        }
        BodyMode::Json | BodyMode::Text => text_body(ui, draft, &cx),
        BodyMode::GraphQl => graphql_editor::show(ui, draft, &cx, actions),
        BodyMode::File => file_body(ui, draft, &cx, actions),
        BodyMode::Multipart => {
            form_table::show(ui, &mut draft.form, &cx, actions);
            ui.weak(
                "Files are streamed from disk. AYON's own uploads (addons, installers, \
                 dependency packages) take a raw file instead: use File (raw) for those.",
            );
        }
    }
}

fn text_body(ui: &mut egui::Ui, draft: &mut RequestDraft, cx: &BodyEditorContext<'_>) {
    let label = ui.label("Request body");
    let mut layouter = cx
        .vars
        .layouter(Field::Multiline, egui::TextStyle::Monospace);
    let error = cx
        .json_error
        .as_ref()
        .filter(|_| draft.body_mode == BodyMode::Json)
        .map(|error| LineError {
            line: error.line,
            message: error.message.clone(),
            shown: error.to_string(),
        });
    let editor = CodeEditor {
        id: ui.make_persistent_id(("body", cx.tab_id)),
        label: label.id,
        hint: "",
        rows: 8,
        error,
    };
    let output = code_editor::show(ui, &mut draft.body_text, &editor, &mut layouter);
    cx.vars
        .usage_on_hover(output.response.response, &draft.body_text, false);
}

fn file_body(
    ui: &mut egui::Ui,
    draft: &mut RequestDraft,
    cx: &BodyEditorContext<'_>,
    actions: &mut Vec<Action>,
) {
    let label = ui.label("Body file");
    ui.horizontal(|ui| {
        let room = if cx.can_browse { 80.0 } else { 0.0 };
        let mut layouter = cx.vars.layouter(Field::Line, egui::TextStyle::Monospace);
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut draft.body_file)
                    .id_salt(("body_file", cx.tab_id))
                    .hint_text("/path/to/addon.zip, or relative to the collection folder")
                    .font(egui::TextStyle::Monospace)
                    .layouter(&mut layouter)
                    .desired_width((ui.available_width() - room).max(120.0)),
            )
            .labelled_by(label.id);
        cx.vars.preview_on_hover(response, &draft.body_file, None);
        if cx.can_browse
            && ui
                .button("Browse…")
                .on_hover_text("Choose the file with the system's dialog")
                .accessible_name("Browse for body file")
                .clicked()
        {
            actions.push(Action::BrowseFile {
                slot: FileSlot::RawBody { tab_id: cx.tab_id },
            });
        }
    });
    ui.weak(
        "Sent as the raw body, streamed from disk with a Content-Length: how AYON takes \
         addon zips, installers and dependency packages. Or drop a file onto the window.",
    );
}
