//! Notices say how much they matter: a failure reads "Error: …" in the error colour, a
//! request to do something first is a warning, and each can be dismissed.

use std::time::Duration;

use ayon_rest_explorer::state::NoticeLevel;

use crate::harness::{app, temp_dir};

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn a_failure_is_an_error_notice_and_a_missing_step_a_warning() {
    let mut app = app("http://127.0.0.1:9");

    // Nothing typed: the user is told what to do first.
    app.click("Open collection");
    app.wait_for_text("Type the collection's folder path first.", WAIT);
    let levels: Vec<NoticeLevel> = app
        .harness
        .state()
        .state()
        .notices
        .iter()
        .map(|n| n.level)
        .collect();
    assert_eq!(levels, [NoticeLevel::Warning]);
    app.click("Dismiss");
    assert!(app.harness.state().state().notices.is_empty());

    // A folder that holds no collection: the load fails.
    let dir = temp_dir("no-collection-here");
    app.fill("Collection folder", &dir.join("missing").to_string_lossy());
    app.click("Open collection");
    app.wait_for_text("Error: ", WAIT);
    let notices = &app.harness.state().state().notices;
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0].level, NoticeLevel::Error);
    let _ = std::fs::remove_dir_all(&dir);
}
