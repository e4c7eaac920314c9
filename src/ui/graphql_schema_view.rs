//! What the server's GraphQL schema adds to the query editor: where the schema stands
//! (with Reload), the query's problems against it with line and column, and completions
//! at the cursor (click one to insert it).

use std::sync::Arc;

use crate::action::Action;
use crate::graphql_schema::{Schema, complete};

use super::format;

/// The schema the editor checks against, and a line saying where it stands.
#[derive(Clone, Copy)]
pub struct SchemaContext<'a> {
    /// The schema of the server requests go to, when read.
    pub schema: Option<&'a Arc<Schema>>,
    /// Where it stands ("Schema: 79 types from the server", why there is none).
    pub status: &'a str,
    /// Whether the native file dialog can be offered.
    pub can_browse: bool,
}

/// How many completions are listed.
const SHOWN: usize = 8;

/// What was clicked in the editor's top row.
#[derive(Clone, Copy, Debug, Default)]
pub struct RowClicks {
    /// "Fill variables from the query".
    pub fill: bool,
    /// "Prettify".
    pub prettify: bool,
    /// "Fetch all pages".
    pub fetch_pages: bool,
}

/// The editor's top row: Prettify, Fetch all pages, the schema's status, Reload, and (with a schema)
/// "Fill variables from the query".
/// `pages` says whether "Fetch all pages" can run (or why not).
pub fn status(
    ui: &mut egui::Ui,
    cx: SchemaContext<'_>,
    pages: &Result<(), String>,
    actions: &mut Vec<Action>,
) -> RowClicks {
    let mut clicks = RowClicks::default();
    // Its own id: the buttons keep theirs whatever the rows above show this frame.
    ui.push_id("graphql_schema_status", |ui| {
        ui.horizontal_wrapped(|ui| {
            clicks.prettify = ui
                .small_button("Prettify")
                .on_hover_text("Lay the query out again, two spaces a level (comments are dropped)")
                .clicked();
            clicks.fetch_pages = super::graphql_pages::button(ui, pages);
            ui.weak(cx.status);
            if ui
                .small_button("Reload schema")
                .on_hover_text("Run the introspection query against the server again")
                .clicked()
            {
                actions.push(Action::LoadGraphQlSchema);
            }
            let file_row = egui::Id::unique("graphql_schema_file_row");
            let open: bool = ui.data(|d| d.get_temp(file_row)).unwrap_or(false);
            if ui
                .add(egui::Button::new("Schema file…").small().selected(open))
                .on_hover_text(
                    "Use a schema saved as JSON (an introspection answer), e.g. for a server \
                     that does not give its own",
                )
                .clicked()
            {
                ui.data_mut(|d| d.insert_temp(file_row, !open));
            }
            if cx.schema.is_some() {
                clicks.fill = ui
                    .small_button("Fill variables from the query")
                    .on_hover_text(
                        "A skeleton of every variable the operation declares, by its type",
                    )
                    .clicked();
            }
        });
        let file_row = egui::Id::unique("graphql_schema_file_row");
        if ui.data(|d| d.get_temp(file_row)).unwrap_or(false) {
            schema_file_row(ui, cx.can_browse, actions);
        }
    });
    clicks
}

/// A schema file typed (or dropped onto the window, or picked), and Load.
fn schema_file_row(ui: &mut egui::Ui, can_browse: bool, actions: &mut Vec<Action>) {
    let path_key = egui::Id::unique("graphql_schema_file_path");
    let mut path: String = ui.data(|d| d.get_temp(path_key)).unwrap_or_default();
    ui.horizontal(|ui| {
        let label = ui.label("Schema file");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut path)
                    .hint_text("schema.json (an introspection answer)")
                    .desired_width((ui.available_width() - 170.0).max(80.0)),
            )
            .labelled_by(label.id);
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if can_browse && ui.small_button("Browse…").clicked() {
            actions.push(Action::BrowseFile {
                slot: crate::action::FileSlot::GraphQlSchema,
            });
        }
        let typed = !path.trim().is_empty();
        let load = ui
            .add_enabled(typed, egui::Button::new("Load schema").small())
            .on_disabled_hover_text("Type the schema file's path first");
        if typed && (load.clicked() || enter) {
            actions.push(Action::LoadGraphQlSchemaFile {
                path: path.trim().to_owned(),
            });
        }
    });
    ui.data_mut(|d| d.insert_temp(path_key, path));
}

/// The query's problems against the schema, each with its line and column.
pub fn problems(ui: &mut egui::Ui, schema: &Arc<Schema>, query: &str) {
    let dark = ui.visuals().dark_mode;
    let found = super::graphql_diagnostics::diagnostics(ui.ctx(), schema, query);
    for diagnostic in found.iter().take(10) {
        let text = format!(
            "Line {}, column {}: {}",
            diagnostic.line, diagnostic.column, diagnostic.message
        );
        ui.colored_label(format::error_color(dark), text);
    }
}

/// The keyboard's part in the completions: the item chosen with the arrow keys (while
/// the list is open) and whether Enter accepts it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Choice {
    /// The highlighted item, when the list is open (Ctrl+Space, or typing a name).
    pub selected: Option<usize>,
    /// Enter was pressed: take the highlighted item.
    pub accept: bool,
}

/// Completions at `cursor` (a byte offset); the one clicked (or accepted with Enter), as
/// the range it replaces and its text.
pub fn completions(
    ui: &mut egui::Ui,
    schema: &Schema,
    query: &str,
    cursor: usize,
    choice: Choice,
) -> Option<(std::ops::Range<usize>, String)> {
    let found = complete(schema, query, cursor.min(query.len()));
    if found.items.is_empty() {
        return None;
    }
    let shown = found.items.len().min(SHOWN);
    let selected = choice.selected.map(|s| s.min(shown - 1));
    if choice.accept
        && let Some(item) = selected.and_then(|s| found.items.get(s))
    {
        return Some((found.replace_range.clone(), item.label.clone()));
    }
    let mut picked = None;
    ui.horizontal_wrapped(|ui| {
        ui.weak("Completions:");
        for (index, item) in found.items.iter().take(SHOWN).enumerate() {
            let text = egui::RichText::new(&item.label).monospace();
            let mut button =
                ui.add(egui::Button::selectable(selected == Some(index), text).small());
            let hover = match &item.description {
                Some(description) => format!("{}\n{description}", item.detail),
                None => item.detail.clone(),
            };
            if !hover.is_empty() {
                button = button.on_hover_text(hover);
            }
            if button.clicked() {
                picked = Some((found.replace_range.clone(), item.label.clone()));
            }
        }
        if found.items.len() > SHOWN {
            ui.weak(format!("and {} more", found.items.len() - SHOWN));
        }
    });
    picked
}

/// The byte offset of character `index` in `text`.
pub fn byte_offset(text: &str, index: usize) -> usize {
    text.char_indices()
        .nth(index)
        .map_or(text.len(), |(offset, _)| offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_positions_become_byte_offsets() {
        assert_eq!(byte_offset("ab", 1), 1);
        assert_eq!(byte_offset("éa", 1), 2);
        assert_eq!(byte_offset("ab", 9), 2);
    }
}
