//! The Compare view drawn alone over a `CompareState`: the comparison is run here the way
//! the app's worker runs it (`run_compare` on the state's job), then the view is driven by
//! role and accessible label.

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

use ayon_rest_explorer::state::compare::{CompareSide, CompareState, run_compare};
use ayon_rest_explorer::ui::compare_view::{self, CompareRequest};

/// The view's state and what it asked the app for.
struct View {
    state: CompareState,
    requests: Vec<CompareRequest>,
}

const OLDER: &str = r#"{
    "data": {"id": "p1", "name": "alpha", "updatedAt": "2026-01-01", "tags": ["a"]},
    "old": true
}"#;

const NEWER: &str = r#"{
    "data": {"id": "p1", "name": "beta", "updatedAt": "2026-02-02", "tags": ["a"]},
    "new": 1
}"#;

/// Two sides, compared as the worker would.
fn compared(left: &[u8], right: &[u8]) -> CompareState {
    let mut state = CompareState::new(
        CompareSide::new("12:04:31 · 200 · staging", left),
        CompareSide::new("12:05:02 · 200 · staging", right),
        "",
    );
    let outcome = run_compare(state.job());
    assert!(state.apply(outcome));
    state
}

/// Steps enough frames for a click or a jump to show (a running comparison's spinner
/// never lets `run` settle).
fn settle(harness: &mut Harness<'_, View>) {
    harness.run_steps(12);
}

fn view(state: CompareState) -> Harness<'static, View> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(900.0, 600.0))
        .build_ui_state(
            |ui, view: &mut View| {
                let requests = compare_view::show(ui, &mut view.state);
                view.requests.extend(requests);
            },
            View {
                state,
                requests: Vec::new(),
            },
        );
    settle(&mut harness);
    harness
}

/// Runs the comparison again, as the app does on `Recompute`.
fn recompute(harness: &mut Harness<'_, View>) {
    let state = &mut harness.state_mut().state;
    let outcome = run_compare(state.job());
    assert!(state.apply(outcome));
    settle(harness);
}

/// The changed paths listed (each path is a selectable button).
fn listed_paths(harness: &Harness<'_, View>) -> Vec<String> {
    harness
        .query_all_by_role(Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.starts_with('$'))
        .collect()
}

fn click(harness: &mut Harness<'_, View>, label: &str) {
    harness
        .get_by_role_and_label(Role::Button, label)
        .click_accesskit();
    settle(harness);
}

/// Replaces the ignore text with `lines`, pressing Enter between them.
fn type_ignore(harness: &mut Harness<'_, View>, lines: &[&str]) {
    harness.get_by_label("Ignore paths").focus();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.step();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            harness.key_press(egui::Key::Enter);
            harness.step();
        }
        harness.get_by_label("Ignore paths").type_text(line);
        harness.step();
    }
    settle(harness);
}

/// Text the last frame put on the clipboard.
fn copied(harness: &Harness<'_, View>) -> Option<String> {
    harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
}

fn is_selected(harness: &Harness<'_, View>, path: &str) -> bool {
    harness
        .get_by_role_and_label(Role::Button, path)
        .accesskit_node()
        .toggled()
        == Some(egui::accesskit::Toggled::True)
}

#[test]
fn json_changes_are_listed_by_exact_path_with_a_summary() {
    let harness = view(compared(OLDER.as_bytes(), NEWER.as_bytes()));
    assert_eq!(
        listed_paths(&harness),
        ["$.data.name", "$.data.updatedAt", "$.old", "$.new"]
    );
    harness.get_by_label("4 changes: 1 added, 1 removed, 2 changed");
    harness.get_by_label("Compare  12:04:31 · 200 · staging  vs  12:05:02 · 200 · staging");
    let badges = |word| harness.query_all_by_label(word).count();
    assert_eq!(
        [badges("added"), badges("removed"), badges("changed")],
        [1, 1, 2]
    );
    harness.get_by_label(r#""alpha" → "beta""#);
    harness.get_by_label("true → —");
    harness.get_by_label("— → 1");
}

#[test]
fn an_ignore_pattern_hides_its_path_after_the_recompute() {
    let mut harness = view(compared(OLDER.as_bytes(), NEWER.as_bytes()));
    type_ignore(&mut harness, &["$..updatedAt"]);
    assert!(
        harness
            .state()
            .requests
            .contains(&CompareRequest::Recompute)
    );
    assert_eq!(harness.state().state.ignore_text, "$..updatedAt");
    harness.get_by_label("Comparing…");
    recompute(&mut harness);
    assert_eq!(listed_paths(&harness), ["$.data.name", "$.old", "$.new"]);
    harness.get_by_label("3 changes: 1 added, 1 removed, 1 changed");
}

#[test]
fn an_invalid_pattern_is_reported_with_its_line_and_skipped() {
    let mut harness = view(compared(OLDER.as_bytes(), NEWER.as_bytes()));
    type_ignore(&mut harness, &["$..updatedAt", "data.name"]);
    assert_eq!(harness.state().state.ignore_text, "$..updatedAt\ndata.name");
    harness.get_by_label("Line 2: must start with `$` (skipped)");
    recompute(&mut harness);
    // The valid first line still applies; the refused second one hides nothing.
    assert_eq!(listed_paths(&harness), ["$.data.name", "$.old", "$.new"]);
}

#[test]
fn next_and_previous_move_the_selection_and_copy_path_copies_it() {
    let mut harness = view(compared(OLDER.as_bytes(), NEWER.as_bytes()));
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Copy path")
            .accesskit_node()
            .is_disabled(),
        "nothing to copy before a selection"
    );
    click(&mut harness, "Next change");
    assert!(is_selected(&harness, "$.data.name"));
    click(&mut harness, "Next change");
    assert!(is_selected(&harness, "$.data.updatedAt"));
    assert!(!is_selected(&harness, "$.data.name"));
    click(&mut harness, "Previous change");
    click(&mut harness, "Previous change");
    assert!(is_selected(&harness, "$.new"), "wraps to the last change");

    harness
        .get_by_role_and_label(Role::Button, "Copy path")
        .click_accesskit();
    let mut text = None;
    for _ in 0..3 {
        harness.step();
        text = text.or_else(|| copied(&harness));
    }
    assert_eq!(text.as_deref(), Some("$.new"));

    // F7 and Shift+F7 move too.
    harness.key_press(egui::Key::F7);
    settle(&mut harness);
    assert_eq!(harness.state().state.selected_path(), Some("$.data.name"));
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::F7);
    settle(&mut harness);
    assert_eq!(harness.state().state.selected_path(), Some("$.new"));

    // A click on a path selects it.
    click(&mut harness, "$.old");
    assert_eq!(harness.state().state.selected_path(), Some("$.old"));
}

#[test]
fn jumping_scrolls_a_far_change_into_view() {
    let left: String = format!(
        "{{{}}}",
        (0..1000)
            .map(|i| format!("\"k{i:04}\": {i}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let right = left.replace(": ", ": -");
    let mut harness = view(compared(left.as_bytes(), right.as_bytes()));
    assert!(harness.query_by_label("$.k0999").is_none(), "far below");
    click(&mut harness, "Previous change");
    assert!(is_selected(&harness, "$.k0999"));
}

#[test]
fn a_text_comparison_shows_both_sides_line_by_line() {
    let mut harness = view(compared(
        b"alpha\nbeta\ngamma\n",
        b"alpha\nBETA\ngamma\ndelta\n",
    ));
    harness.get_by_label("2 changed blocks: 2 lines added, 1 removed");
    assert_eq!(harness.query_all_by_label("alpha").count(), 2, "both sides");
    assert_eq!(harness.query_all_by_label("gamma").count(), 2);
    harness.get_by_label("beta");
    harness.get_by_label("BETA");
    harness.get_by_label("delta");
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Copy path")
            .is_some(),
        "shown, though only JSON changes have paths"
    );
    click(&mut harness, "Next change");
    click(&mut harness, "Next change");
    assert_eq!(
        harness.state().state.selected_row(),
        Some(3),
        "the delta row"
    );
}

#[test]
fn a_long_text_jumps_to_its_one_change() {
    let left: String = (0..100_000).map(|i| format!("line {i}\n")).collect();
    let right = left.replace("line 50000\n", "line fifty thousand\n");
    let mut harness = view(compared(left.as_bytes(), right.as_bytes()));
    assert!(harness.query_by_label("line fifty thousand").is_none());
    click(&mut harness, "Next change");
    harness.get_by_label("line fifty thousand");
    harness.get_by_label("line 50000");
}

#[test]
fn binary_bodies_are_described_by_size() {
    let harness = view(compared(&[0xff, 0, 1], &[0xff, 0]));
    harness.get_by_label(
        "At least one body is not text, and they differ: 3 B on the left, 2 B on the right.",
    );
    harness.get_by_label("The bodies differ");
}

#[test]
fn swap_and_close_are_asked_of_the_app() {
    let mut harness = view(compared(OLDER.as_bytes(), NEWER.as_bytes()));
    click(&mut harness, "Swap sides");
    assert_eq!(harness.state().requests, [CompareRequest::SwapSides]);
    assert!(harness.state().state.is_pending());
    assert_eq!(harness.state().state.left.label, "12:05:02 · 200 · staging");
    recompute(&mut harness);
    // Swapped: what was added is now removed.
    harness.get_by_label("1 → —");
    click(&mut harness, "Close comparison");
    assert_eq!(
        harness.state().requests,
        [CompareRequest::SwapSides, CompareRequest::Close]
    );
}
