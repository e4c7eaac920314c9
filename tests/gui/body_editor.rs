//! The JSON body's code editor: line numbers, the error marked on its line with the
//! message beside the editor, auto-indent and bracket pairing.

use ayon_rest_explorer::state::{BodyMode, EditorTab};

use egui_kittest::kittest::Queryable;

use crate::harness::app;

fn json_body(text: &str) -> crate::harness::TestApp {
    let mut app = app("http://127.0.0.1:9");
    {
        let tab = &mut app.harness.state_mut().state_mut().tabs[0];
        tab.draft.body_mode = BodyMode::Json;
        tab.draft.body_text = text.into();
        tab.editor = EditorTab::Body;
    }
    app.harness.step();
    app.harness.step();
    app
}

#[test]
fn an_invalid_json_body_is_marked_on_its_line_next_to_the_editor() {
    let app = json_body("{\n  \"a\": 1\n  \"b\": 2\n}");
    // The message sits under the editor, naming line and column.
    assert!(app.shows("Invalid JSON at line 3, column 3"));
    // The gutter marks that line.
    let marker = app
        .harness
        .query_all_by_label_contains("Line 3: expected `,` or `}`")
        .count();
    assert_eq!(marker, 1);
    assert!(app.shows("Line numbers 1 to 4"));
}

#[test]
fn a_valid_json_body_shows_line_numbers_and_no_marker() {
    let app = json_body("{\n  \"a\": 1\n}");
    assert!(app.shows("Line numbers 1 to 3"));
    assert!(!app.shows("Invalid JSON"));
}

#[test]
fn typing_an_opening_brace_then_enter_indents_inside_the_pair() {
    let mut app = json_body("");
    app.harness.get_by_label("Request body").focus();
    app.harness.step();
    app.harness.get_by_label("Request body").type_text("{");
    app.harness.step();
    app.harness.key_press(egui::Key::Enter);
    app.harness.step();
    app.harness.get_by_label("Request body").type_text("\"");
    app.harness.step();
    let body = app.harness.state().state().tabs[0].draft.body_text.clone();
    assert_eq!(body, "{\n  \"\"\n}");
}

#[test]
fn graphql_query_and_variables_errors_are_marked_on_their_lines() {
    let mut app = app("http://127.0.0.1:9");
    app.open_graphql_tab();
    {
        let body = &mut app.harness.state_mut().state_mut().tabs[0].draft.graphql;
        body.query = "{\n  projects {\n}".into();
        body.variables = "{\n  \"a\": \n}".into();
    }
    app.harness.step();
    app.harness.step();
    // Two editors, each with its gutter and the marker on the line at fault.
    assert_eq!(
        app.harness
            .query_all_by_label_contains("Line numbers 1 to 3")
            .count(),
        2
    );
    assert!(app.shows("GraphQL variables: invalid JSON at line 3, column 1"));
    assert!(app.shows("Line 3: expected value"));
    let query_marker = app.harness.query_all_by_label_contains("Line 3: ").count();
    assert_eq!(query_marker, 2, "the query's error is marked too");
}

#[test]
fn both_themes_carry_the_raised_contrast_colours() {
    let app = json_body("");
    for (theme, dark) in [(egui::Theme::Dark, true), (egui::Theme::Light, false)] {
        let applied = app.harness.ctx.style_of(theme).visuals.clone();
        let wanted = ayon_rest_explorer::ui::theme::visuals(dark);
        assert_eq!(applied.weak_text_color, wanted.weak_text_color);
        assert_eq!(
            applied.widgets.inactive.bg_stroke,
            wanted.widgets.inactive.bg_stroke
        );
    }
}
