//! A query typed into the URL field one key at a time, with the Params table open: the
//! table's blank row must not rewrite the URL under the cursor (a lone `?`, a trailing
//! `&` or `=` used to vanish as they were typed).

use egui_kittest::kittest::Queryable;

use crate::harness::app;

#[test]
fn a_query_typed_key_by_key_keeps_every_character() {
    // No request is sent: any address will do.
    let mut app = app("http://127.0.0.1:9");
    app.fill("URL", "/api/projects");
    for key in "?order=name&length=2".chars() {
        app.harness.get_by_label("URL").type_text(&key.to_string());
        app.harness.step();
    }
    let tab = &app.harness.state().state().tabs[0];
    assert_eq!(tab.draft.url, "/api/projects?order=name&length=2");
    let params: Vec<(&str, &str)> = tab
        .draft
        .params
        .iter()
        .filter(|r| !r.is_blank())
        .map(|r| (r.name.as_str(), r.value.as_str()))
        .collect();
    assert_eq!(params, [("order", "name"), ("length", "2")]);
}
