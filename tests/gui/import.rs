//! The Import window: a typed path or pasted text, the preview, then a new collection
//! written to disk and opened.

use std::time::Duration;

use egui_kittest::kittest::Queryable;

use crate::harness::{app, temp_dir};

const WAIT: Duration = Duration::from_secs(20);

const SPEC: &str = r#"{"openapi": "3.1.0", "info": {"title": "Mini API", "version": "1"},
  "paths": {"/api/projects": {"get": {"tags": ["Projects"], "summary": "List Projects",
     "responses": {"200": {"description": "ok"}}}},
   "/api/auth/login": {"post": {"tags": ["Authentication"], "summary": "Login",
     "requestBody": {"content": {"application/json": {"schema": {"type": "object",
       "properties": {"name": {"type": "string"}, "password": {"type": "string",
       "example": "s3cret-example"}}}}}},
     "responses": {"200": {"description": "ok"}}}}}}"#;

#[test]
fn an_openapi_file_is_previewed_then_written_as_a_new_collection() {
    let dir = temp_dir("import");
    let target = dir.join("mini");
    let mut app = app("http://127.0.0.1:9");
    app.click("Import…");
    app.harness.step();
    let spec = dir.join("mini-openapi.json");
    std::fs::write(&spec, SPEC).unwrap();
    app.fill("Import path", &spec.to_string_lossy());
    app.click("Preview");
    app.step_until("the preview", WAIT, |h| {
        h.state().state().import.preview.is_some()
    });
    if let Some(Err(e)) = &app.harness.state().state().import.preview {
        panic!("preview failed: {e}");
    }
    app.harness.step();
    app.wait_for_text("OpenAPI document", WAIT);
    assert!(app.shows("2 requests in 2 folders"));
    // The example password is secret-looking: it goes to the secret store.
    assert!(app.shows("Secret variables"));
    app.fill("New collection folder", &target.to_string_lossy());
    app.click("Import");
    app.wait_for_text("Imported 2 requests in 2 folders", WAIT);
    app.step_until("the new collection to open", WAIT, |h| {
        h.state().state().collection.loaded.is_some()
    });
    let written = std::fs::read_to_string(target.join("Projects").join("list-projects.yml"))
        .expect("the request file");
    assert!(written.contains("url: /api/projects"), "{written}");
    let login = std::fs::read_to_string(target.join("Authentication").join("login.yml")).unwrap();
    assert!(!login.contains("s3cret-example"), "{login}");
    assert!(login.contains("{{password}}"), "{login}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unknown_text_says_which_formats_are_understood() {
    let mut app = app("http://127.0.0.1:9");
    app.click("Import…");
    app.harness.step();
    app.fill("Pasted text", "hello there");
    app.click("Preview");
    app.wait_for_text("This is not a format I know", WAIT);
    assert!(app.shows("Postman Collection v2.1"));
}

#[test]
fn the_open_collection_exports_to_postman_and_opencollection_without_secrets() {
    use ayon_rest_explorer::collection::format::RequestFile;
    use ayon_rest_explorer::collection::store::Collection;
    use ayon_rest_explorer::state::RequestDraft;

    let dir = temp_dir("export");
    let root = dir.join("coll");
    let collection = Collection::create(&root, "Export me").unwrap();
    let mut draft = RequestDraft::get("/api/projects/{name}");
    draft.path_params[0].value = "demo".into();
    draft.auth.mode = ayon_rest_explorer::ayon::AuthMode::Bearer;
    draft.auth.bearer_token = "{{token}}".into();
    collection
        .save_request(
            std::path::Path::new(""),
            &RequestFile::from_draft("Get one", &draft),
        )
        .unwrap();

    let mut app = app("http://127.0.0.1:9");
    app.fill("Collection folder", &root.to_string_lossy());
    app.click("Open collection");
    app.wait_for_button("Export…", WAIT);
    app.click("Export…");
    // The window shows on the frame after the one that asked for it.
    app.harness.step();
    app.harness.step();
    let postman = dir.join("out.postman_collection.json");
    app.fill("Export to", &postman.to_string_lossy());
    app.click("Export");
    app.wait_for_text("Exported \"Export me\"", WAIT);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&postman).unwrap()).unwrap();
    assert_eq!(json["info"]["name"], "Export me");
    assert!(
        json["info"]["schema"].as_str().unwrap().contains("v2.1.0"),
        "{json}"
    );
    let item = &json["item"][0];
    assert_eq!(item["name"], "Get one");
    assert_eq!(item["request"]["auth"]["type"], "bearer");

    app.harness
        .get_by_label("Bruno OpenCollection YAML (a folder)")
        .click();
    app.harness.step();
    let folder = dir.join("bruno-out");
    app.fill("Export to", &folder.to_string_lossy());
    app.click("Export");
    app.wait_for_text("files into", WAIT);
    assert!(folder.join("opencollection.yml").is_file());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_request_or_folder_exports_as_snippets_from_its_menu() {
    use ayon_rest_explorer::collection::format::RequestFile;
    use ayon_rest_explorer::collection::store::Collection;
    use ayon_rest_explorer::state::RequestDraft;

    let dir = temp_dir("export-scope");
    let root = dir.join("coll");
    let collection = Collection::create(&root, "Scoped").unwrap();
    let folder = collection
        .create_folder(std::path::Path::new(""), "projects")
        .unwrap();
    for (name, url) in [("List them", "/api/projects"), ("Info", "/api/info")] {
        let target = if name == "Info" {
            std::path::Path::new("")
        } else {
            folder.as_path()
        };
        collection
            .save_request(
                target,
                &RequestFile::from_draft(name, &RequestDraft::get(url)),
            )
            .unwrap();
    }
    let mut app = app("http://127.0.0.1:9");
    app.fill("Collection folder", &root.to_string_lossy());
    app.click("Open collection");
    app.wait_for_text("GET Info", WAIT);
    // The folder's menu: Export…
    app.harness.get_by_label("projects").click_secondary();
    app.harness.step();
    app.harness.step();
    app.click("Export this folder…");
    for _ in 0..4 {
        app.harness.step();
    }
    let export = &app.harness.state().state().export;
    assert!(export.open, "the Export window opened");
    assert_eq!(
        export.scope.as_deref(),
        Some(std::path::Path::new("projects"))
    );
    assert!(app.shows("Exports projects of \"Scoped\""));
    app.harness
        .get_by_label("curl commands (a .sh file)")
        .click();
    app.harness.step();
    let script = dir.join("out").join("projects.sh");
    app.fill("Export to", &script.to_string_lossy());
    app.click("Export");
    app.wait_for_text("Exported \"projects\"", WAIT);
    let text = std::fs::read_to_string(&script).unwrap();
    assert!(text.contains("# List them"), "{text}");
    assert!(text.contains("http://127.0.0.1:9/api/projects"), "{text}");
    assert!(!text.contains("/api/info"), "only the folder: {text}");
    let _ = std::fs::remove_dir_all(&dir);
}
