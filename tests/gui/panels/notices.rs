//! The notices bar: levels in colour and words, and Dismiss.

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::state::{Notice, NoticeLevel};
use ayon_rest_explorer::ui::notices;

use super::{Panel, panel};

fn notices_bar(list: Vec<Notice>) -> Harness<'static, Panel<Vec<Notice>>> {
    panel(list, |ui, list, _| notices::show(ui, list))
}

#[test]
fn say_errors_in_words_and_dismiss_removes_one() {
    let mut harness = notices_bar(vec![
        Notice::info("Saved the collection.".into()),
        Notice::error("Could not read collection.yml".into()),
        Notice::warning("Type the collection's folder path first.".into()),
    ]);
    harness.get_by_label("Saved the collection.");
    harness.get_by_label("Error: Could not read collection.yml");
    // Only errors are prefixed: info and warnings read as they are.
    harness.get_by_label("Type the collection's folder path first.");
    assert!(harness.query_by_label_contains("Error: Saved").is_none());
    assert!(harness.query_by_label_contains("Error: Type").is_none());

    let dismiss: Vec<_> = harness
        .query_all_by_role_and_label(Role::Button, "Dismiss")
        .collect();
    assert_eq!(dismiss.len(), 3, "one Dismiss per notice");
    // The second row's button: the error.
    dismiss[1].click();
    harness.run();

    let left: Vec<NoticeLevel> = harness.state().slice.iter().map(|n| n.level).collect();
    assert_eq!(left, [NoticeLevel::Info, NoticeLevel::Warning]);
    assert!(harness.query_by_label_contains("Error:").is_none());
    assert_eq!(
        harness
            .query_all_by_role_and_label(Role::Button, "Dismiss")
            .count(),
        2
    );
}
