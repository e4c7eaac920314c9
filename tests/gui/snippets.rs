//! A curl command pasted into the URL bar becomes the request; "Copy as" puts snippets on
//! the clipboard with secrets left out unless included for that one copy.

use egui_kittest::kittest::Queryable;

use crate::harness::{TestApp, app};

const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn copy_as(app: &mut TestApp, kind: &str, include_secrets: bool) -> String {
    app.click("Copy as");
    app.harness.step();
    if include_secrets {
        app.harness.get_by_label("Include secrets").click();
        app.harness.step();
    }
    app.harness
        .get_by_role_and_label(egui::Role::Button, kind)
        .click();
    if let Some(text) = app.wait_for_copy() {
        return text;
    }
    panic!(
        "nothing was copied as {kind}; notices: {:?}",
        app.harness.state().state().notices
    );
}

#[test]
fn a_pasted_curl_command_becomes_the_request_and_copies_back() {
    let mut app = app("http://127.0.0.1:9");
    app.harness.get_by_label("URL").focus();
    app.harness.step();
    app.harness.event(egui::Event::Paste(format!(
        "curl -X POST 'http://127.0.0.1:9/api/projects?x=1' \\\n  -H 'Authorization: Bearer {TOKEN}' \\\n  --json '{{\"name\": \"demo\", \"code\": \"dm\", \"anatomy\": {{}}}}'"
    )));
    app.harness.step();
    app.harness.step();
    {
        let state = app.harness.state().state();
        let draft = &state.tabs[state.active_tab].draft;
        assert_eq!(draft.method, ayon_rest_explorer::http::HttpMethod::Post);
        assert!(draft.url.ends_with("/api/projects?x=1"), "{}", draft.url);
        assert_eq!(draft.body_mode, ayon_rest_explorer::state::BodyMode::Json);
        // The token moved to a secret variable kept in memory, as Import does: saving
        // the request writes only the reference.
        assert_eq!(draft.auth.bearer_token, "{{token}}");
        let kept = state.collection.pasted.get("token").map(|s| s.expose());
        assert_eq!(kept, Some(TOKEN));
        let note = state.tabs[state.active_tab]
            .paste_note
            .clone()
            .unwrap_or_default();
        assert!(note.contains("secret variables {{token}}"), "{note}");
    }
    let without = copy_as(&mut app, "curl", false);
    // The first line names the variable to set (issue 22: snippets that run).
    assert!(
        without.starts_with("# Set these environment variables first: AYON_SECRET_TOKEN\ncurl"),
        "{without}"
    );
    assert!(
        without.contains("'Authorization: Bearer '\"$AYON_SECRET_TOKEN\""),
        "{without}"
    );
    assert!(without.contains("/api/projects"), "{without}");
    assert!(
        without.contains("\"anatomy\""),
        "the body goes along: {without}"
    );
    assert!(!without.contains(TOKEN), "the token stays out: {without}");
    let python = copy_as(&mut app, "Python requests", false);
    assert!(python.contains("import requests"), "{python}");
    assert!(!python.contains(TOKEN));
    let with = copy_as(&mut app, "curl", true);
    assert!(with.contains(TOKEN), "included for this one copy: {with}");
    // The tick was for that copy only.
    let again = copy_as(&mut app, "HTTPie", false);
    assert!(!again.contains(TOKEN), "{again}");
}
