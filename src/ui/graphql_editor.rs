//! The GraphQL body editor: the query document (syntax-checked as you type), its
//! variables (JSON, checked), and the operation to run.

use egui::cache::{ComputerMut, FrameCache};

use crate::ayon::graphql::{
    GraphQlInputError, MAX_CHECKED_LEN, SyntaxError, check_variables, graphql_url, is_graphql_path,
    operation_names,
};
use crate::http::HttpMethod;
use crate::state::{GraphQlBody, RequestDraft, merge_params_from_url};

use super::body_editor::BodyEditorContext;
use super::code_editor::{self, CodeEditor, LineError};
use super::format;
use super::graphql_schema_view;
use super::variable_edit::Field;

/// Shown in the empty query editor: a query AYON answers on any server.
pub const EXAMPLE_QUERY: &str = "{ projects { edges { node { name code active } } } }";

/// Draws the GraphQL editor for `draft` (its URL is offered a `/graphql` fix).
pub fn show(
    ui: &mut egui::Ui,
    draft: &mut RequestDraft,
    cx: &BodyEditorContext<'_>,
    actions: &mut Vec<crate::action::Action>,
) {
    let dark = ui.visuals().dark_mode;
    if !is_graphql_path(&draft.url) || draft.method != HttpMethod::Post {
        // The URL and method are the user's; offer the fix instead of rewriting them.
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                format::warning_color(dark),
                "AYON answers GraphQL at POST /graphql (no /api prefix).",
            );
            if ui
                .button("Use /graphql")
                .on_hover_text("Set the method to POST and the URL to the server's /graphql")
                .clicked()
            {
                draft.method = HttpMethod::Post;
                if !is_graphql_path(&draft.url) {
                    draft.url = graphql_url(&draft.url);
                    draft.params = merge_params_from_url(&draft.url, &draft.params);
                }
            }
        });
    }
    let names = checked_query(ui.ctx(), &draft.graphql.query);
    let pages = super::graphql_pages::availability(ui.ctx(), &draft.graphql);
    let clicks = graphql_schema_view::status(ui, cx.graphql, &pages, actions);
    if clicks.fetch_pages {
        actions.push(crate::action::Action::FetchAllPages { tab: cx.tab_id });
    }
    if clicks.fill
        && let Some(schema) = cx.graphql.schema
    {
        fill_variables(&mut draft.graphql, schema);
    }
    // A query that does not parse is left as it is; its error is shown below it.
    if clicks.prettify
        && let Ok(pretty) = crate::ayon::graphql::prettify(&draft.graphql.query)
    {
        draft.graphql.query = pretty;
    }
    // The filter helper edits a JSON string argument; after a write the cursor stays in it.
    let cursor = ui.data(|d| d.get_temp(cursor_key(cx.tab_id)));
    if let Some(at) = super::graphql_filter::show(ui, &mut draft.graphql.query, cursor, cx.tab_id) {
        ui.data_mut(|d| d.insert_temp(cursor_key(cx.tab_id), at));
    }
    query_editor(ui, &mut draft.graphql, cx, names.as_ref());
    variables_editor(ui, &mut draft.graphql, cx);
    operation_field(ui, &mut draft.graphql, cx, names.as_ref());
}

fn query_editor(
    ui: &mut egui::Ui,
    body: &mut GraphQlBody,
    cx: &BodyEditorContext<'_>,
    names: Option<&Result<Vec<String>, SyntaxError>>,
) {
    let mut layouter = query_layouter(cx);
    // Completions at the cursor (where it was last), above the editor so they stay in
    // sight; one clicked replaces the word typed and the editor takes the focus back.
    let cursor_key = cursor_key(cx.tab_id);
    let editor_id = ui.make_persistent_id(("graphql_query", cx.tab_id));
    let cursor: Option<usize> = ui.data(|d| d.get_temp(cursor_key));
    let choice = completion_keys(ui, editor_id, cx.tab_id);
    // A field picked in the Docs pane goes in at the cursor, like a completion.
    let from_docs = cx.graphql.schema.and_then(|schema| {
        super::graphql_docs::show(ui, schema, cx.tab_id).map(|name| {
            let at = cursor.unwrap_or(body.query.len()).min(body.query.len());
            (at..at, format!("{name} "))
        })
    });
    let picked = from_docs.or_else(|| {
        let (schema, cursor) = (cx.graphql.schema?, cursor?);
        if body.query.len() > MAX_CHECKED_LEN {
            return None;
        }
        graphql_schema_view::completions(ui, schema, &body.query, cursor, choice)
    });
    if let Some((range, text)) = picked
        && range.end <= body.query.len()
        && body.query.is_char_boundary(range.start)
        && body.query.is_char_boundary(range.end)
    {
        body.query.replace_range(range.clone(), &text);
        let after = range.start + text.len();
        ui.data_mut(|d| d.insert_temp(cursor_key, after));
        // The cursor goes after the inserted text, and the editor takes the focus back.
        if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), editor_id) {
            let chars = body.query[..after].chars().count();
            state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::one(
                    egui::text::CCursor::new(chars),
                )));
            state.store(ui.ctx(), editor_id);
        }
        ui.memory_mut(|m| m.request_focus(editor_id));
        set_popup(ui, cx.tab_id, None);
    }
    let label = ui.label("GraphQL query");
    let error = match names {
        Some(Err(error)) if !body.query.trim().is_empty() => Some(LineError {
            line: error.line,
            message: error.message.clone(),
            shown: error.to_string(),
        }),
        _ => None,
    };
    let editor = CodeEditor {
        id: editor_id,
        label: label.id,
        hint: EXAMPLE_QUERY,
        rows: 10,
        error,
    };
    let output = code_editor::show(ui, &mut body.query, &editor, &mut layouter);
    let response = output.response.response.clone();
    // Where the cursor was last, kept so a completion can still be clicked after the
    // click took the focus from the editor.
    if let Some(range) = output.cursor_range {
        let cursor = graphql_schema_view::byte_offset(&body.query, range.primary.index.into());
        ui.data_mut(|d| d.insert_temp(cursor_key, cursor));
        // Typing a name opens the list (as you type); anything else closes it.
        if output.response.changed() {
            let typed_name = body.query[..cursor.min(body.query.len())]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
            set_popup(ui, cx.tab_id, typed_name.then_some(0));
        }
    }
    cx.vars.usage_on_hover(response, &body.query, false);
    match names {
        // The error itself is shown by the editor, on its line and under it.
        Some(Err(_)) if !body.query.trim().is_empty() => typed_note(ui, &body.query),
        None => {
            ui.weak("Not checked as you type: the query is over 200 KB.");
        }
        Some(Ok(_)) => {
            if let Some(schema) = cx.graphql.schema {
                graphql_schema_view::problems(ui, schema, &body.query);
            }
        }
        _ => {}
    }
}

/// The query's layouter: `{{variables}}` coloured, and with a schema, its problems
/// underlined where they are.
fn query_layouter<'a>(
    cx: &BodyEditorContext<'a>,
) -> impl FnMut(&egui::Ui, &dyn egui::TextBuffer, f32) -> std::sync::Arc<egui::Galley> + 'a {
    let schema = cx.graphql.schema;
    cx.vars.decorated_layouter(
        Field::Multiline,
        egui::TextStyle::Monospace,
        move |ui, job| {
            let Some(schema) = schema else { return };
            if job.text.len() > MAX_CHECKED_LEN {
                return;
            }
            let found = super::graphql_diagnostics::diagnostics(ui.ctx(), schema, &job.text);
            let ranges: Vec<_> = found.iter().map(|d| d.byte_range.clone()).collect();
            let color = format::error_color(ui.visuals().dark_mode);
            super::marks::underline_ranges(job, &ranges, egui::Stroke::new(1.5, color));
        },
    )
}

fn variables_editor(ui: &mut egui::Ui, body: &mut GraphQlBody, cx: &BodyEditorContext<'_>) {
    let label = ui.label("GraphQL variables (JSON)");
    let mut layouter = cx
        .vars
        .layouter(Field::Multiline, egui::TextStyle::Monospace);
    let checked = checked_variables(ui.ctx(), &body.variables);
    let error = checked.as_ref().map(|error| match error {
        GraphQlInputError::VariablesJson { line, message, .. } => LineError {
            line: *line,
            message: message.clone(),
            shown: error.to_string(),
        },
        GraphQlInputError::VariablesNotObject { .. } => LineError {
            line: 1,
            message: error.to_string(),
            shown: error.to_string(),
        },
    });
    let editor = CodeEditor {
        id: ui.make_persistent_id(("graphql_variables", cx.tab_id)),
        label: label.id,
        hint: "{\"name\": \"demo_project\"}",
        rows: 4,
        error,
    };
    let response = code_editor::show(ui, &mut body.variables, &editor, &mut layouter)
        .response
        .response;
    cx.vars.usage_on_hover(response, &body.variables, false);
    if checked.is_some() {
        typed_note(ui, &body.variables);
    } else if let Some(schema) = cx.graphql.schema
        && body.query.len() <= MAX_CHECKED_LEN
    {
        // Against the types the operation declares.
        let variables = if body.variables.trim().is_empty() {
            "{}"
        } else {
            body.variables.as_str()
        };
        let dark = ui.visuals().dark_mode;
        for problem in crate::graphql_schema::check_variables(schema, &body.query, variables)
            .iter()
            .take(6)
        {
            ui.colored_label(format::warning_color(dark), problem);
        }
    }
}

/// Fills the variables with a skeleton of those the operation declares, by their types.
fn fill_variables(body: &mut GraphQlBody, schema: &crate::graphql_schema::Schema) {
    let operation = Some(body.operation_name.trim()).filter(|n| !n.is_empty());
    let skeleton = crate::graphql_schema::variables_skeleton(schema, &body.query, operation);
    if let Ok(text) = serde_json::to_string_pretty(&skeleton) {
        body.variables = text;
    }
}

/// A text field, or a choice when the document names several operations (the server
/// refuses such a document without one, so the first is filled in).
fn operation_field(
    ui: &mut egui::Ui,
    body: &mut GraphQlBody,
    cx: &BodyEditorContext<'_>,
    names: Option<&Result<Vec<String>, SyntaxError>>,
) {
    let parsed = matches!(names, Some(Ok(_)));
    let names: &[String] = match names {
        Some(Ok(names)) => names,
        _ => &[],
    };
    ui.horizontal(|ui| {
        let label = ui.label("Operation name");
        if names.len() > 1 {
            if !names.contains(&body.operation_name)
                && let Some(first) = names.first()
            {
                body.operation_name = first.clone();
            }
            let picker = egui::ComboBox::from_id_salt(("graphql_operation", cx.tab_id))
                .selected_text(body.operation_name.as_str())
                .show_ui(ui, |ui| {
                    for name in names {
                        ui.selectable_value(&mut body.operation_name, name.clone(), name.as_str());
                    }
                })
                .response
                .on_hover_text("The document has several operations: this one runs")
                .accessible_name("Operation name");
            super::combo_keys::step_with_arrows(ui, &picker, names, &mut body.operation_name);
        } else {
            let hint = names.first().map_or("optional", String::as_str);
            ui.add(
                egui::TextEdit::singleline(&mut body.operation_name)
                    .id_salt(("graphql_operation", cx.tab_id))
                    .hint_text(hint)
                    .font(egui::TextStyle::Monospace)
                    .desired_width(240.0),
            )
            .labelled_by(label.id)
            .on_hover_text("Sent as operationName; needed only when the document has several");
        }
    });
    // A name left over from an earlier document would make the server refuse the query.
    let name = body.operation_name.trim();
    if parsed && names.len() <= 1 && !name.is_empty() && !names.iter().any(|n| n == name) {
        ui.colored_label(
            super::format::warning_color(ui.visuals().dark_mode),
            format!(
                "The query has no operation named \"{name}\": the server will refuse it. \
                 Clear the name or name the operation."
            ),
        );
    }
}

/// Where the query editor's cursor was last (a byte offset), per tab in egui's memory.
fn cursor_key(tab: crate::state::TabId) -> egui::Id {
    egui::Id::unique(("graphql_cursor", tab))
}

/// The completion list's highlighted item while open (per tab, in egui's memory).
fn popup_key(tab: crate::state::TabId) -> egui::Id {
    egui::Id::unique(("graphql_completion_popup", tab))
}

fn set_popup(ui: &egui::Ui, tab: crate::state::TabId, selected: Option<usize>) {
    ui.data_mut(|d| d.insert_temp(popup_key(tab), selected));
}

/// Ctrl+Space opens the list; while it is open and the editor has the focus, the arrow
/// keys move the highlight, Enter accepts, Escape closes. The keys are taken before the
/// editor sees them, so they do not move its cursor.
fn completion_keys(
    ui: &egui::Ui,
    editor_id: egui::Id,
    tab: crate::state::TabId,
) -> graphql_schema_view::Choice {
    let focused = ui.memory(|m| m.has_focus(editor_id));
    let mut selected: Option<usize> = ui.data(|d| d.get_temp(popup_key(tab))).flatten();
    if !focused {
        return graphql_schema_view::Choice::default();
    }
    let mut accept = false;
    ui.input_mut(|i| {
        if i.consume_key(egui::Modifiers::COMMAND, egui::Key::Space) {
            selected = Some(0);
        }
        if let Some(index) = selected {
            if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown) {
                selected = Some(index + 1);
            } else if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp) {
                selected = Some(index.saturating_sub(1));
            } else if i.consume_key(egui::Modifiers::NONE, egui::Key::Enter) {
                accept = true;
            } else if i.consume_key(egui::Modifiers::NONE, egui::Key::Escape) {
                selected = None;
            }
        }
    });
    set_popup(ui, tab, selected);
    graphql_schema_view::Choice { selected, accept }
}

/// Under an error in text with `{{variables}}`: the check sees them unfilled.
fn typed_note(ui: &mut egui::Ui, text: &str) {
    if text.contains("{{") {
        ui.weak("Checked as typed: {{variables}} are filled in when sending.");
    }
}

/// The named operations, or the syntax error; `None` when too long to check per edit.
/// Memoized by text: idle frames do not parse again.
fn checked_query(ctx: &egui::Context, query: &str) -> Option<Result<Vec<String>, SyntaxError>> {
    if query.len() > MAX_CHECKED_LEN {
        return None;
    }
    let result = ctx.memory_mut(|m| {
        m.caches
            .cache::<FrameCache<QueryCheck, QueryChecker>>()
            .get(query)
            .0
            .clone()
    });
    Some(result)
}

/// The variables' problem, memoized by text.
fn checked_variables(ctx: &egui::Context, variables: &str) -> Option<GraphQlInputError> {
    ctx.memory_mut(|m| {
        m.caches
            .cache::<FrameCache<VariablesCheck, VariablesChecker>>()
            .get(variables)
            .0
            .clone()
    })
}

struct QueryCheck(Result<Vec<String>, SyntaxError>);

#[derive(Default)]
struct QueryChecker;

impl ComputerMut<&str, QueryCheck> for QueryChecker {
    fn compute(&mut self, query: &str) -> QueryCheck {
        QueryCheck(operation_names(query))
    }
}

struct VariablesCheck(Option<GraphQlInputError>);

#[derive(Default)]
struct VariablesChecker;

impl ComputerMut<&str, VariablesCheck> for VariablesChecker {
    fn compute(&mut self, variables: &str) -> VariablesCheck {
        VariablesCheck(check_variables(variables))
    }
}
