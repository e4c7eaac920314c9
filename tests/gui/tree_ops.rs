//! The sidebar tree: rename, duplicate, delete and move requests and folders (context
//! menus and drag and drop), and opening a collection with Browse… or by dropping its
//! folder onto the window. Every test checks the files on disk and what the window shows.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use egui_kittest::kittest::Queryable;

use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::collection::format::RequestFile;
use ayon_rest_explorer::collection::store::Collection;
use ayon_rest_explorer::file_picker::{FilePicker, PickFuture};
use ayon_rest_explorer::state::RequestDraft;

use crate::harness::{TestApp, app, app_with};

const WAIT: Duration = Duration::from_secs(15);

/// A collection "Tree ops" with `list-projects.yml` ("List projects") at the top and the
/// folders `archive/` and `users/` (holding `who-am-i.yml`, "Who am I").
fn scratch(tag: &str) -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir()
        .join(format!(
            "are-gui-tree-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ))
        .join("requests");
    let _ = std::fs::remove_dir_all(&dir);
    let c = Collection::create(&dir, "Tree ops").unwrap();
    c.create_folder(Path::new(""), "archive").unwrap();
    c.create_folder(Path::new(""), "users").unwrap();
    for (folder, name, url) in [
        ("", "List projects", "/api/projects"),
        ("users", "Who am I", "/api/users/me"),
    ] {
        let file = RequestFile::from_draft(name, &RequestDraft::get(url));
        c.save_request(Path::new(folder), &file).unwrap();
    }
    dir
}

fn cleanup(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

fn open(dir: &Path) -> TestApp {
    let mut app = app("http://127.0.0.1:9");
    app.fill("Collection folder", &dir.to_string_lossy());
    app.click("Open collection");
    app.wait_for_text("Ctrl+S saves the open tab here.", WAIT);
    app
}

/// Right-clicks the row labelled `row`, then clicks `item` in its context menu.
fn menu(app: &mut TestApp, row: &str, item: &str) {
    app.row(row).click_secondary();
    // The popup shows on the frame after the click.
    app.harness.step();
    app.harness.step();
    app.click(item);
    app.harness.step();
}

/// Drags the row labelled `from` onto the row labelled `onto` with the mouse.
fn drag(app: &mut TestApp, from: &str, onto: &str) {
    let start = app.row(from).rect().center();
    let end = app.row(onto).rect().center();
    app.drag(start, end);
}

/// The open tab's saved path.
fn tab_source(app: &TestApp) -> Option<PathBuf> {
    let state = app.harness.state().state();
    state.tabs[state.active_tab].source.clone()
}

fn has_row(app: &TestApp, label: &str) -> bool {
    app.harness.query_all_by_label(label).next().is_some()
}

#[test]
fn renaming_a_request_renames_its_file_and_the_open_tab_follows() {
    let dir = scratch("rename");
    let mut app = open(&dir);
    app.row("GET List projects").click();
    app.harness.step();
    assert_eq!(tab_source(&app), Some(PathBuf::from("list-projects.yml")));

    menu(&mut app, "GET List projects", "Rename…");
    app.fill("New name", "All projects");
    app.click("OK");
    app.wait_for_text("GET All projects", WAIT);

    assert!(!dir.join("list-projects.yml").exists());
    let saved = std::fs::read_to_string(dir.join("all-projects.yml")).unwrap();
    assert!(saved.contains("name: All projects"), "{saved}");
    assert!(saved.contains("url: /api/projects"), "{saved}");
    assert!(!has_row(&app, "GET List projects"));
    assert!(!has_row(&app, "New name"), "the field closes");
    assert_eq!(tab_source(&app), Some(PathBuf::from("all-projects.yml")));
    let state = app.harness.state().state();
    let saved_as = state.tabs[state.active_tab].saved_as.clone();
    assert_eq!(saved_as.map(|s| s.0).as_deref(), Some("All projects"));
    cleanup(&dir);
}

#[test]
fn cancelling_a_rename_changes_nothing() {
    let dir = scratch("rename-cancel");
    let mut app = open(&dir);
    menu(&mut app, "GET List projects", "Rename…");
    app.fill("New name", "Something else");
    app.click("Cancel");
    app.harness.step();
    assert!(!has_row(&app, "New name"));
    assert!(has_row(&app, "GET List projects"));
    assert!(dir.join("list-projects.yml").is_file());
    assert!(!dir.join("something-else.yml").exists());
    cleanup(&dir);
}

#[test]
fn duplicating_a_request_saves_a_copy_beside_it() {
    let dir = scratch("duplicate");
    let mut app = open(&dir);
    menu(&mut app, "GET Who am I", "Duplicate");
    app.wait_for_text("GET Who am I copy", WAIT);
    let copy = std::fs::read_to_string(dir.join("users/who-am-i-copy.yml")).unwrap();
    assert!(copy.contains("name: Who am I copy"), "{copy}");
    assert!(copy.contains("url: /api/users/me"), "{copy}");
    assert!(
        dir.join("users/who-am-i.yml").is_file(),
        "the original stays"
    );
    cleanup(&dir);
}

#[test]
fn deleting_a_request_asks_first_and_cancel_keeps_it() {
    let dir = scratch("delete");
    let mut app = open(&dir);
    app.row("GET List projects").click();
    app.harness.step();

    menu(&mut app, "GET List projects", "Delete…");
    app.wait_for_text(
        "Delete \"List projects\"? The file list-projects.yml is removed from disk.",
        WAIT,
    );
    app.click("Cancel");
    app.harness.step();
    assert!(!app.shows("is removed from disk"), "the question is gone");
    assert!(
        dir.join("list-projects.yml").is_file(),
        "cancel keeps the file"
    );
    assert!(has_row(&app, "GET List projects"));

    menu(&mut app, "GET List projects", "Delete…");
    app.wait_for_text("is removed from disk", WAIT);
    app.click("Delete");
    app.step_until("the row is gone", WAIT, |h| {
        h.query_all_by_label("GET List projects").count() == 0
    });
    assert!(!dir.join("list-projects.yml").exists());
    // The open tab keeps the request, now unsaved, and says so.
    app.wait_for_text("was deleted from disk", WAIT);
    let state = app.harness.state().state();
    let tab = &state.tabs[state.active_tab];
    assert_eq!(tab.draft.url, "/api/projects");
    assert!(tab.source.is_none() && tab.saved_as.is_none());
    assert!(tab.is_edited(), "shown as unsaved");
    cleanup(&dir);
}

#[test]
fn deleting_a_folder_with_a_broken_file_refuses_and_names_it() {
    let dir = scratch("delete-folder");
    let broken = b"name: [oops\n";
    std::fs::write(dir.join("users/broken.yml"), broken).unwrap();
    let mut app = open(&dir);
    menu(&mut app, "users", "Delete…");
    app.wait_for_text(
        "Delete the folder \"users\" and the 1 saved request(s) in it?",
        WAIT,
    );
    app.click("Delete");
    app.wait_for_text("users/broken.yml", WAIT);
    app.wait_for_text("is not deleted", WAIT);
    assert_eq!(std::fs::read(dir.join("users/broken.yml")).unwrap(), broken);
    assert!(dir.join("users/who-am-i.yml").is_file());

    // Without the broken file, the folder goes.
    std::fs::remove_file(dir.join("users/broken.yml")).unwrap();
    menu(&mut app, "users", "Delete…");
    app.wait_for_text("Delete the folder", WAIT);
    app.click("Delete");
    app.step_until("the folder row is gone", WAIT, |h| {
        h.query_all_by_label("GET Who am I").count() == 0
    });
    assert!(!dir.join("users").exists());
    cleanup(&dir);
}

#[test]
fn new_folder_and_folder_rename_from_context_menus() {
    let dir = scratch("folders");
    let mut app = open(&dir);
    app.row("GET Who am I").click();
    app.harness.step();

    menu(&mut app, "Tree ops", "New folder…");
    app.fill("Folder name", "projects");
    app.click("OK");
    app.step_until("the new folder row", WAIT, |h| {
        h.query_by_label("projects").is_some()
    });
    assert!(dir.join("projects").is_dir());

    menu(&mut app, "users", "Rename…");
    app.fill("New name", "people");
    app.click("OK");
    app.step_until("the renamed folder row", WAIT, |h| {
        h.query_by_label("people").is_some()
    });
    assert!(!dir.join("users").exists());
    assert!(dir.join("people/who-am-i.yml").is_file());
    assert!(!has_row(&app, "users"));
    assert_eq!(
        tab_source(&app),
        Some(PathBuf::from("people/who-am-i.yml")),
        "the open tab follows its folder"
    );
    cleanup(&dir);
}

#[test]
fn dragging_a_request_onto_a_folder_moves_it() {
    let dir = scratch("move");
    let mut app = open(&dir);
    app.row("GET List projects").click();
    app.harness.step();

    drag(&mut app, "GET List projects", "archive");
    app.step_until("the file moved", WAIT, |_| {
        dir.join("archive/list-projects.yml").is_file()
    });
    app.step_until("the tree reloaded", WAIT, |h| {
        h.state()
            .state()
            .collection
            .loaded
            .as_ref()
            .is_some_and(|l| {
                l.collection
                    .request(Path::new("archive/list-projects.yml"))
                    .is_some()
            })
    });
    assert!(!dir.join("list-projects.yml").exists());
    assert_eq!(
        tab_source(&app),
        Some(PathBuf::from("archive/list-projects.yml"))
    );
    // The row is now drawn inside the folder: between its header and the next folder's.
    let archive = app.harness.get_by_label("archive").rect();
    let users = app.harness.get_by_label("users").rect();
    let row = app.row("GET List projects").rect();
    assert!(
        archive.top() < row.top() && row.top() < users.top(),
        "{archive:?} {row:?} {users:?}"
    );
    cleanup(&dir);
}

#[test]
fn dragging_folders_moves_them_but_never_into_themselves() {
    let dir = scratch("move-folder");
    let mut app = open(&dir);
    drag(&mut app, "users", "archive");
    app.step_until("the folder moved", WAIT, |_| {
        dir.join("archive/users/who-am-i.yml").is_file()
    });
    app.step_until("the tree reloaded", WAIT, |h| {
        h.state()
            .state()
            .collection
            .loaded
            .as_ref()
            .is_some_and(|l| l.collection.folder(Path::new("archive/users")).is_some())
    });
    assert!(!dir.join("users").exists());

    // Onto itself: nothing happens.
    drag(&mut app, "archive", "users");
    for _ in 0..10 {
        app.harness.step();
    }
    assert!(dir.join("archive/users").is_dir());
    assert!(app.harness.state().state().notices.is_empty());

    // Onto the collection's top row: back to the top.
    drag(&mut app, "users", "Tree ops");
    app.step_until("the folder moved back", WAIT, |_| {
        dir.join("users/who-am-i.yml").is_file()
    });
    assert!(!dir.join("archive/users").exists());
    cleanup(&dir);
}

/// A picker that answers with a fixed folder.
struct FixedPicker(PathBuf);

impl FilePicker for FixedPicker {
    fn save_path(&self, _suggested_name: &str) -> PickFuture {
        Box::pin(async { None })
    }

    fn pick_folder(&self) -> PickFuture {
        let path = self.0.clone();
        Box::pin(async move { Some(path) })
    }
}

#[test]
fn browse_fills_the_collection_path_from_the_picker() {
    let dir = scratch("browse");
    let mut app = app_with(AppOptions {
        file_picker: Some(Arc::new(FixedPicker(dir.clone()))),
        ..AppOptions::default()
    });
    app.click("Browse…");
    let expected = dir.to_string_lossy().into_owned();
    app.step_until("the path is filled", WAIT, |h| {
        h.state().state().collection.path_input == expected
    });
    app.click("Open collection");
    app.wait_for_text("GET List projects", WAIT);
    cleanup(&dir);
}

#[test]
fn no_browse_button_without_a_picker() {
    let app = app("http://127.0.0.1:9");
    assert!(app.harness.query_by_label("Browse…").is_none());
    assert!(app.shows("Collection folder"));
}

/// A folder dropped onto the window, as the platform reports it.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        Err("a folder".into())
    }
}

#[test]
fn dropping_a_folder_onto_the_window_opens_it() {
    let dir = scratch("drop");
    let mut app = app("http://127.0.0.1:9");
    app.harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(dir.clone())));
    app.harness.step();
    app.wait_for_text("GET List projects", WAIT);
    let state = app.harness.state().state();
    assert_eq!(state.collection.path_input, dir.to_string_lossy());
    assert_eq!(state.settings.recent_collections[0], dir.to_string_lossy());
    cleanup(&dir);
}

#[test]
fn renaming_a_request_with_unsaved_edits_keeps_them_without_a_conflict() {
    let dir = scratch("rename-edited");
    let mut app = open(&dir);
    app.row("GET List projects").click();
    app.harness.step();
    app.fill("URL", "/api/projects?active=true");
    app.harness.step();

    menu(&mut app, "GET List projects", "Rename…");
    app.fill("New name", "Active projects");
    app.click("OK");
    app.wait_for_text("GET Active projects", WAIT);
    for _ in 0..5 {
        app.harness.step();
    }
    assert!(dir.join("active-projects.yml").is_file());
    let state = app.harness.state().state();
    let tab = &state.tabs[state.active_tab];
    assert_eq!(
        tab.source.as_deref(),
        Some(Path::new("active-projects.yml"))
    );
    assert_eq!(tab.draft.url, "/api/projects?active=true", "the edit stays");
    assert!(tab.is_edited());
    assert!(
        state.disk_conflicts.is_empty(),
        "a rename made here is not a change on disk to ask about"
    );
    cleanup(&dir);
}
