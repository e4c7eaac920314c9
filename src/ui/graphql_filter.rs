//! The filter helper of the GraphQL editor (issue 21): AYON takes some arguments as JSON
//! inside a GraphQL string (`filter: "{\"conditions\": ...}"`), a trap to write by hand.
//! "Edit filter JSON" opens the string argument at the query's cursor (or the first one
//! that looks like JSON) as plain, pretty JSON, checked as it is typed; "Write into query"
//! puts it back compact and escaped, replacing only that literal.
//!
//! The helper's state (the argument, the text being edited) lives in egui's temp memory,
//! per tab: it is a view on the query, not part of the saved request.

use egui::cache::{ComputerMut, FrameCache};

use crate::ayon::graphql::MAX_CHECKED_LEN;
use crate::graphql_schema::{
    JsonTextError, StringArgument, check_json, pretty_json, string_arguments, write_json_argument,
};
use crate::state::TabId;

use super::format;

/// The open helper: which argument, and the JSON as being edited.
#[derive(Clone)]
struct Helper {
    /// The argument as read when the helper opened (or last wrote).
    argument: StringArgument,
    /// The JSON text being edited.
    text: String,
    /// Why the last "Write into query" did nothing (the query changed meanwhile).
    refused: Option<String>,
}

fn helper_key(tab: TabId) -> egui::Id {
    egui::Id::unique(("graphql_filter_helper", tab))
}

/// Draws the "Edit filter JSON" button when `query` has a string argument to edit (the
/// one at byte offset `cursor`, or the first that looks like JSON), and the helper when
/// open. Returns where the query's cursor should go after a write (inside the new literal,
/// so the helper keeps to the same argument).
pub fn show(
    ui: &mut egui::Ui,
    query: &mut String,
    cursor: Option<usize>,
    tab: TabId,
) -> Option<usize> {
    let key = helper_key(tab);
    let mut helper: Option<Helper> = ui.data(|d| d.get_temp(key)).flatten();
    let target = target_argument(ui.ctx(), query, cursor);
    if let Some(target) = &target {
        let clicked = ui
            .push_id(("graphql_filter_button", tab), |ui| {
                ui.small_button("Edit filter JSON").on_hover_text(format!(
                    "Edit the JSON in the string argument \"{}\" unescaped, and write it \
                     back escaped",
                    target.name
                ))
            })
            .inner
            .clicked();
        if clicked {
            helper = Some(Helper {
                argument: target.clone(),
                text: pretty_json(&target.value),
                refused: None,
            });
        }
    }
    let mut new_cursor = None;
    let mut close = false;
    if let Some(open) = &mut helper {
        ui.group(|ui| {
            (new_cursor, close) = editor(ui, open, query, tab);
        });
    }
    if close {
        helper = None;
    }
    ui.data_mut(|d| d.insert_temp(key, helper));
    new_cursor
}

/// The helper's editor; returns the cursor after a write, and whether Close was clicked.
fn editor(
    ui: &mut egui::Ui,
    helper: &mut Helper,
    query: &mut String,
    tab: TabId,
) -> (Option<usize>, bool) {
    let dark = ui.visuals().dark_mode;
    let name = helper.argument.name.clone();
    ui.strong(format!("JSON of the argument \"{name}\""));
    let label = ui.label(format!("Filter JSON ({name})"));
    let edited = ui
        .add(
            egui::TextEdit::multiline(&mut helper.text)
                .id_salt(("graphql_filter_json", tab))
                .font(egui::TextStyle::Monospace)
                .code_editor()
                .desired_rows(6)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if edited.changed() {
        helper.refused = None;
    }
    let problem = checked_json(ui.ctx(), &helper.text);
    if let Some(error) = &problem {
        ui.colored_label(format::error_color(dark), error.to_string());
    }
    if let Some(refused) = &helper.refused {
        ui.colored_label(format::warning_color(dark), refused);
    }
    let mut new_cursor = None;
    let mut close = false;
    ui.horizontal(|ui| {
        let write = ui
            .add_enabled(problem.is_none(), egui::Button::new("Write into query"))
            .on_hover_text(format!(
                "Replace the string of \"{name}\" in the query with this JSON, compact and \
                 escaped"
            ))
            .on_disabled_hover_text("The JSON does not parse: fix it to write it back");
        if write.clicked() {
            match write_json_argument(query, &helper.argument, &helper.text) {
                Ok((written, now)) => {
                    *query = written;
                    // Just inside the opening quote: the cursor stays on this argument.
                    new_cursor = Some(now.range.start + 1);
                    helper.argument = now;
                    helper.refused = None;
                }
                Err(error) => helper.refused = Some(error.to_string()),
            }
        }
        close = ui.button("Close").clicked();
    });
    (new_cursor, close)
}

/// The argument to edit: the string argument at `cursor`, else the first that looks like
/// JSON. Memoized by query text: idle frames do not scan again.
fn target_argument(
    ctx: &egui::Context,
    query: &str,
    cursor: Option<usize>,
) -> Option<StringArgument> {
    if query.len() > MAX_CHECKED_LEN {
        return None;
    }
    ctx.memory_mut(|m| {
        let arguments = &m
            .caches
            .cache::<FrameCache<Arguments, ArgumentFinder>>()
            .get(query)
            .0;
        cursor
            .and_then(|at| arguments.iter().find(|a| a.holds_cursor(at)))
            .or_else(|| arguments.iter().find(|a| a.looks_like_json()))
            .cloned()
    })
}

/// The JSON's problem, memoized by text.
fn checked_json(ctx: &egui::Context, text: &str) -> Option<JsonTextError> {
    ctx.memory_mut(|m| {
        m.caches
            .cache::<FrameCache<JsonCheck, JsonChecker>>()
            .get(text)
            .0
            .clone()
    })
}

struct Arguments(Vec<StringArgument>);

#[derive(Default)]
struct ArgumentFinder;

impl ComputerMut<&str, Arguments> for ArgumentFinder {
    fn compute(&mut self, query: &str) -> Arguments {
        Arguments(string_arguments(query))
    }
}

struct JsonCheck(Option<JsonTextError>);

#[derive(Default)]
struct JsonChecker;

impl ComputerMut<&str, JsonCheck> for JsonChecker {
    fn compute(&mut self, text: &str) -> JsonCheck {
        JsonCheck(check_json(text).err())
    }
}
