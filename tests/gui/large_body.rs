//! Large response bodies: a 20 MB JSON answer arriving slowly while the UI
//! keeps answering, then found in, filtered with JSONPath and walked as a
//! tree; a body past the in-memory limit shown whole from its spill file.

use std::collections::HashSet;
use std::time::Duration;

use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::settings::Settings;
use egui_kittest::kittest::{NodeT, Queryable};

use crate::harness::{TestApp, app, app_with};
use crate::support::raw_server::{self, Behaviour};

const WAIT: Duration = Duration::from_secs(60);
const MB: usize = 1024 * 1024;

/// A minified folder list of about `size` bytes whose first and last names are markers.
fn folders_body(size: usize) -> Vec<u8> {
    let mut body = String::from(r#"{"folders":["#);
    let mut i = 0;
    while body.len() < size {
        if i > 0 {
            body.push(',');
        }
        let name = if i == 0 {
            "first-marker".to_owned()
        } else {
            format!("sh{i:06}")
        };
        body.push_str(&format!(
            r#"{{"id":"{i:032x}","name":"{name}","folderType":"Shot","attrib":{{"fps":25.0,"frameStart":1001,"frameEnd":1100}},"tags":[]}}"#
        ));
        i += 1;
    }
    body.push_str(r#",{"name":"last-marker"}]}"#);
    body.into_bytes()
}

fn json_reply(body: &[u8]) -> Vec<u8> {
    let mut reply = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    reply.extend_from_slice(body);
    reply
}

fn send(app: &mut TestApp, path: &str) {
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.fill("URL", path);
    app.click("Send");
}

fn pending(app: &TestApp) -> bool {
    app.harness.state().state().tabs[0]
        .state
        .pending_id()
        .is_some()
}

/// Clicks the button `label` and returns what the frames after it copied.
fn click_and_copy(app: &mut TestApp, label: &str) -> String {
    app.harness
        .get_by_role_and_label(egui::Role::Button, label)
        .click();
    app.wait_for_copy()
        .unwrap_or_else(|| panic!("\"{label}\" copied nothing"))
}

/// The number of the current match in "N of TOTAL".
fn current_match(app: &TestApp, total: &str) -> usize {
    app.harness
        .query_all_by_label_contains(total)
        .find_map(|n| {
            let text = n.accesskit_node().value()?;
            text.strip_suffix(total)?.parse().ok()
        })
        .unwrap_or_else(|| panic!("no \"N{total}\" shown"))
}

#[test]
fn a_twenty_megabyte_body_arrives_while_the_ui_answers_then_is_searched_and_filtered() {
    let io = crate::harness::io_runtime();
    let body = folders_body(20 * MB);
    let url = io.block_on(raw_server::start(Behaviour::Trickle {
        bytes: json_reply(&body),
        first: 0,
        chunk: MB,
        pause: Duration::from_millis(60),
    }));
    let mut app = app(&url);
    send(&mut app, "/api/folders");

    // While the body streams in, frames keep coming and show new progress,
    // and typing still reaches the inputs.
    let mut progress_texts = HashSet::new();
    let mut frames = 0;
    let mut typed = false;
    while pending(&app) && frames < 5000 {
        app.harness.step();
        frames += 1;
        for node in app.harness.query_all_by_label_contains("Sending…") {
            progress_texts.insert(node.accesskit_node().value().unwrap_or_default());
        }
        if !typed && frames == 5 {
            app.fill("URL", "/api/folders?typed=while-loading");
            typed = true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(typed && frames > 10, "only {frames} frames while loading");
    assert!(
        progress_texts.len() >= 3,
        "the progress did not move on screen: {progress_texts:?}"
    );
    assert_eq!(
        app.harness.state().state().tabs[0].draft.url,
        "/api/folders?typed=while-loading"
    );

    app.wait_for_text("first-marker", WAIT);
    assert!(
        !app.shows("last-marker"),
        "only the visible rows are laid out"
    );

    // Find: counted, and the view moves to the match.
    app.fill("Find in body", "last-marker");
    app.wait_for_text("1 of 1", WAIT);
    app.wait_for_text("last-marker", WAIT);
    // Searched as shown (pretty: `": "`), though the body has no spaces.
    app.fill("Find in body", "\"folderType\": \"Shot\"");
    let count = body
        .windows(b"\"folderType\"".len())
        .filter(|w| w == b"\"folderType\"")
        .count();
    let total = format!(" of {count}");
    app.wait_for_text(&total, WAIT);
    // The first match from where the view is, then the next ones, wrapping.
    let first = current_match(&app, &total);
    app.click("Next");
    app.wait_for_text(&format!("{}{total}", first % count + 1), WAIT);
    app.click("Previous");
    app.click("Previous");
    app.wait_for_text(&format!("{}{total}", (first + count - 2) % count + 1), WAIT);

    // The JSONPath filter shows the matching values, or where the expression is wrong.
    app.fill("Find in body", "");
    app.fill("JSONPath filter", "$.folders[-1:].name");
    app.wait_for_text("1 value matches", WAIT);
    app.wait_for_text("last-marker", WAIT);
    app.fill("JSONPath filter", "$.folders[");
    app.wait_for_text("Invalid JSONPath at column", WAIT);
    app.click("Clear filter");

    // The tree counts the items without expanding them.
    app.harness
        .get_by_role_and_label(egui::Role::Button, "Tree")
        .click();
    app.wait_for_text(&format!("[…] {} items", count + 1), WAIT);
}

#[test]
fn the_tree_copies_values_and_paths() {
    let io = crate::harness::io_runtime();
    let body =
        br#"{"projects":[{"name":"demo","code":"dm"},{"name":"big show","code":"bs"}],"count":2}"#;
    let url = io.block_on(raw_server::start(Behaviour::Reply(json_reply(body))));
    let mut app = app(&url);
    send(&mut app, "/api/projects");
    app.wait_for_text("\"big show\"", WAIT);
    app.click("Tree");
    app.wait_for_text("[…] 2 items", WAIT);
    app.click("Expand projects");
    app.wait_for_text("[1]: ", WAIT);
    app.harness.get_by_label("[1]: ").click();
    app.harness.step();
    app.wait_for_text("$.projects[1]", WAIT);
    assert_eq!(click_and_copy(&mut app, "Copy path"), "$.projects[1]");
    let value: serde_json::Value =
        serde_json::from_str(&click_and_copy(&mut app, "Copy value")).expect("JSON copied");
    assert_eq!(value, serde_json::json!({"name": "big show", "code": "bs"}));
    app.click("Collapse projects");
    app.harness.step();
    assert!(!app.shows("[1]: "));
}

#[test]
fn a_body_past_the_memory_limit_is_shown_whole_from_its_file() {
    let io = crate::harness::io_runtime();
    let body = folders_body(3 * MB);
    let url = io.block_on(raw_server::start(Behaviour::Reply(json_reply(&body))));
    let mut app = app_with(AppOptions {
        settings: Settings {
            server_url: url,
            spill_threshold_mb: 1,
            ..Settings::default()
        },
        ..AppOptions::default()
    });
    send(&mut app, "/api/folders");
    app.wait_for_text("kept in a temporary file and shown from there", WAIT);
    app.wait_for_text("first-marker", WAIT);
    // The end of the body (past the first megabyte) is there too.
    app.fill("Find in body", "last-marker");
    app.wait_for_text("1 of 1", WAIT);
    app.wait_for_text("last-marker", WAIT);
}
