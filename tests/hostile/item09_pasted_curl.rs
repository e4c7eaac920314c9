//! Item 9 of the untrusted-collection threat list: a pasted curl command's credentials
//! (`-u user:pass`, `-b cookie`) became plain header rows, and Ctrl+S wrote them to the
//! YAML that goes to git. Now they become secret variables kept in memory (as Import
//! does), the saved file holds only `{{references}}`, sending still carries them to the
//! pasted server, and the history keeps neither.

use std::time::Duration;

use egui_kittest::kittest::Queryable;

use axum::Router;
use axum::routing::any;

use crate::harness::{app, io_runtime, temp_dir};
use crate::support::recording_server::{self, record_ok};

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn a_pasted_curl_commands_credentials_never_reach_the_saved_file() {
    let io = io_runtime();
    let server = io.block_on(recording_server::start(
        Router::new().route("/{*path}", any(record_ok)),
    ));
    let dir = temp_dir("pasted-curl");
    let mut app = app(&server.url);
    app.fill("Collection folder", &dir.to_string_lossy());
    app.fill("New collection name", "Shared");
    app.click("Create collection");
    app.wait_for_text("No saved requests yet.", WAIT);

    app.harness.get_by_label("URL").focus();
    app.harness.step();
    app.harness.event(egui::Event::Paste(format!(
        "curl -u 'alice:pa55-w0rd-pasted' -b 'session=c00kie-pasted' \
         {}/api/users/me",
        server.url.trim_end_matches('/')
    )));
    app.harness.step();
    app.harness.step();
    {
        let state = app.harness.state().state();
        let draft = &state.tabs[state.active_tab].draft;
        let headers: Vec<String> = draft
            .headers
            .iter()
            .map(|h| format!("{}: {}", h.name, h.value))
            .collect();
        assert!(
            headers.iter().all(|h| !h.contains("pasted")),
            "no literal credential left in the tab: {headers:?}"
        );
        let values = state.collection.variables();
        let resolved = headers
            .iter()
            .map(|h| ayon_rest_explorer::collection::variables::resolve(h, &values))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())
            .unwrap_or_default()
            .join("\n");
        assert!(
            resolved.contains("session=c00kie-pasted"),
            "the cookie still goes with the request: {resolved}"
        );
    }
    app.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    app.wait_for_text("Save request", WAIT);
    app.fill("Request name", "Who am I");
    app.click("Save request");
    app.wait_for_text("GET Who am I", WAIT);
    let saved = std::fs::read_to_string(dir.join("who-am-i.yml")).unwrap_or_default();
    assert!(saved.contains("{{"), "the file keeps references: {saved}");
    assert!(
        !saved.contains("pasted") && !saved.contains("YWxpY2U6cGE1NS13MHJkLXBhc3RlZA"),
        "no pasted credential (nor its base64) in the saved file: {saved}"
    );

    // Sending carries the credentials to the pasted server; the history keeps neither.
    // (Pressed through its node: the closing Save window may still cover it.)
    app.press("Send");
    app.wait_for_text("200 OK", WAIT);
    let received = server.received();
    assert_eq!(
        received[0].header("authorization"),
        Some("Basic YWxpY2U6cGE1NS13MHJkLXBhc3RlZA==")
    );
    assert_eq!(received[0].header("cookie"), Some("session=c00kie-pasted"));
    let history = serde_json::to_string(&app.harness.state().state().history).unwrap_or_default();
    assert!(history.contains("/api/users/me"), "{history}");
    assert!(
        !history.contains("pasted") && !history.contains("YWxpY2U6cGE1NS13MHJkLXBhc3RlZA"),
        "no pasted credential in the history: {history}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
