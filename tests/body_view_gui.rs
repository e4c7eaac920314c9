//! GUI tests of the virtualized body view, with egui_kittest.

use std::sync::Arc;

use ayon_rest_explorer::body::{BodyPreview, PrettyJson, Rows, TextDocument};
use ayon_rest_explorer::ui::body_view::BodyView;
use ayon_rest_explorer::ui::highlight::{BodyKind, warm_up_highlighter};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

struct State {
    view: BodyView,
    doc: Arc<dyn Rows>,
}

/// A ~2 MB minified JSON body whose first and last entries carry markers.
fn two_megabyte_body() -> Vec<u8> {
    let mut body = String::from("[");
    let mut i = 0;
    while body.len() < 2 * 1024 * 1024 {
        if i > 0 {
            body.push(',');
        }
        let name = if i == 0 {
            "first-marker".to_owned()
        } else {
            format!("folder-{i:06}")
        };
        body.push_str(&format!(
            r#"{{"id":"{i:032x}","name":"{name}","attrib":{{"fps":25.0,"frameStart":1001,"active":true,"tags":["a","b"]}}}}"#
        ));
        i += 1;
    }
    body.push_str(r#",{"name":"last-marker"}]"#);
    body.into_bytes()
}

fn harness(doc: impl Rows + 'static) -> Harness<'static, State> {
    warm_up_highlighter();
    let state = State {
        view: BodyView::new(),
        doc: Arc::new(doc),
    };
    Harness::builder()
        .with_size(egui::vec2(900.0, 600.0))
        .build_ui_state(
            |ui, state: &mut State| {
                state
                    .view
                    .show(ui, &*state.doc, BodyKind::Json, "response-body");
            },
            state,
        )
}

fn pretty_doc() -> PrettyJson {
    let preview = BodyPreview::build(&two_megabyte_body(), Some("application/json"));
    let BodyPreview::Json { pretty, .. } = preview else {
        panic!("expected JSON, got {preview:?}");
    };
    assert!(pretty.len_bytes() > 2 * 1024 * 1024);
    assert!(
        pretty.line_count() > 100_000,
        "{} rows",
        pretty.line_count()
    );
    pretty
}

#[test]
fn only_visible_lines_are_laid_out_and_scrolling_reaches_the_end() {
    let doc = pretty_doc();
    let rows = doc.line_count();
    let mut harness = harness(doc);
    harness.run();

    harness.get_by_label_contains("first-marker");
    assert!(
        harness.query_by_label_contains("last-marker").is_none(),
        "the last line must not be laid out before scrolling"
    );
    let visible = harness.state().view.visible_rows();
    assert_eq!(visible.start, 0);
    assert!(visible.len() < 100, "{visible:?}");
    assert!(harness.state().view.cached_rows() < 100);

    harness.state_mut().view.scroll_to_end();
    harness.run();
    harness.get_by_label_contains("last-marker");
    assert!(harness.query_by_label_contains("first-marker").is_none());
    assert_eq!(harness.state().view.visible_rows().end, rows);

    // Jump to the middle.
    harness.state_mut().view.scroll_to_line(rows / 2);
    harness.run();
    let visible = harness.state().view.visible_rows();
    assert!(visible.contains(&(rows / 2 + 1)), "{visible:?}");
    assert!(harness.query_by_label_contains("last-marker").is_none());
}

#[test]
fn home_and_end_keys_scroll_when_hovered() {
    let mut harness = harness(pretty_doc());
    harness.run();
    harness.hover_at(egui::pos2(300.0, 300.0));
    harness.run();
    harness.key_press(egui::Key::End);
    harness.run();
    harness.get_by_label_contains("last-marker");
    harness.key_press(egui::Key::Home);
    harness.run();
    harness.get_by_label_contains("first-marker");
}

#[test]
fn long_minified_line_is_shown_in_chunks() {
    let body = two_megabyte_body();
    let BodyPreview::Json { raw, .. } = BodyPreview::build(&body, None) else {
        panic!("expected JSON");
    };
    assert_eq!(raw.logical_line_count(), 1);
    assert!(raw.line_count() > 1000);
    // The marker may be cut between two rows: look for the last row instead.
    let last_row = raw.line(raw.line_count() - 1).to_owned();
    let mut harness = harness(raw);
    harness.run();
    harness.get_by_label_contains("first-marker");
    assert!(
        harness
            .query_all_by_label_contains(&last_row)
            .next()
            .is_none()
    );
    harness.state_mut().view.scroll_to_end();
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains(&last_row)
            .next()
            .is_some()
    );
    assert!(harness.query_by_label_contains("first-marker").is_none());
}

#[test]
fn plain_text_and_empty_documents() {
    let mut harness = harness(TextDocument::new(String::new()));
    harness.run();
    harness.state_mut().doc = Arc::new(TextDocument::new("hello\r\nworld\n".to_owned()));
    harness.run();
    harness.get_by_label_contains("hello");
    harness.get_by_label_contains("world");
}
