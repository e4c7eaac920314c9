//! Teammates change the collection on disk (git pull): clean tabs follow, edited tabs ask,
//! and a save never overwrites a change it has not seen.

use std::path::Path;
use std::time::Duration;

use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::collection::format::RequestFile;
use ayon_rest_explorer::collection::store::Collection;
use ayon_rest_explorer::settings::Settings;
use ayon_rest_explorer::state::RequestDraft;

use crate::harness::{TestApp, app_with, temp_dir};

const WAIT: Duration = Duration::from_secs(15);

/// What a teammate's `git pull` does: the file's URL changes behind the app's back.
fn change_on_disk(root: &Path, url: &str) {
    let collection = Collection::load(root);
    let file = RequestFile::from_draft("List things", &RequestDraft::get(url));
    collection
        .update_request(Path::new("list-things.yml"), &file)
        .unwrap();
}

fn tab_url(app: &TestApp) -> String {
    let state = app.harness.state().state();
    state.tabs[state.active_tab].draft.url.clone()
}

fn disk_url(root: &Path) -> String {
    let text = std::fs::read_to_string(root.join("list-things.yml")).unwrap();
    RequestFile::parse(Path::new("list-things.yml"), &text)
        .unwrap()
        .url
}

#[test]
fn changes_on_disk_reload_clean_tabs_and_ask_for_edited_ones() {
    let root = temp_dir("disk-sync");
    let collection = Collection::create(&root, "Synced").unwrap();
    let file = RequestFile::from_draft("List things", &RequestDraft::get("/api/a"));
    collection.save_request(Path::new(""), &file).unwrap();

    let mut app = app_with(AppOptions {
        settings: Settings {
            open_collection: Some(root.to_string_lossy().into_owned()),
            ..Settings::default()
        },
        ..AppOptions::default()
    });
    app.wait_for_text("GET List things", WAIT);
    app.row("GET List things").click();
    app.harness.step();
    assert_eq!(tab_url(&app), "/api/a");

    // A clean tab follows the file, here when the window regains focus.
    change_on_disk(&root, "/api/b");
    app.harness.event(egui::Event::WindowFocused(true));
    app.step_until("the tab follows the file", WAIT, |h| {
        let s = h.state().state();
        s.tabs[s.active_tab].draft.url == "/api/b"
    });

    // Edited here and on disk: the app asks; keeping the edits writes nothing yet.
    app.fill("URL", "/api/mine");
    change_on_disk(&root, "/api/c");
    app.click("Reload from disk");
    app.wait_for_text("was changed on disk while you edited it here", WAIT);
    app.click("Keep my edits");
    app.harness.step();
    assert_eq!(tab_url(&app), "/api/mine");
    assert_eq!(disk_url(&root), "/api/c");
    // Having seen the change, the next save overwrites it knowingly.
    app.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    app.step_until("the save lands", WAIT, |_| true);
    let deadline = std::time::Instant::now() + WAIT;
    while disk_url(&root) != "/api/mine" {
        assert!(
            std::time::Instant::now() < deadline,
            "the save never landed"
        );
        app.harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }

    // A change the app has not seen yet is never overwritten by a save: it asks.
    app.step_until("the save settles", WAIT, |h| {
        !h.state().state().collection.busy
    });
    app.fill("URL", "/api/mine-again");
    change_on_disk(&root, "/api/d");
    app.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    app.wait_for_text("was changed on disk while you edited it here", WAIT);
    assert_eq!(disk_url(&root), "/api/d", "the teammate's change is kept");
    app.click("Load from disk");
    app.harness.step();
    assert_eq!(tab_url(&app), "/api/d");
    let state = app.harness.state().state();
    assert!(!state.tabs[state.active_tab].is_edited());
    let _ = std::fs::remove_dir_all(&root);
}
