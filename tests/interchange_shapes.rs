//! Every shape each format is saved in is told by its content (JSON or YAML, wrapped or
//! not, every version); OpenAPI security and body media types; nothing mistranslated in
//! silence; the same input gives the same import and the same files; "Not carried over"
//! grouped by kind. Every input here is written by this test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::interchange::detect::{detect_text, import_path, import_text};
use ayon_rest_explorer::interchange::write::{WriteTarget, write_import};
use ayon_rest_explorer::interchange::{Format, Imported, group_notes};
use ayon_rest_explorer::state::BodyMode;

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(&path, text).expect("write");
    path
}

const POSTMAN: &str = r#"{"info": {"name": "Shop", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
  "item": [{"name": "Items", "item": [{"name": "List", "request": {"method": "GET", "url": "{{base}}/items"}}]}]}"#;

const INSOMNIA_V4_YAML: &str = "_type: export\n__export_format: 4\nresources:\n  - _id: wrk_1\n    _type: workspace\n    name: Shop\n  - _id: req_1\n    _type: request\n    parentId: wrk_1\n    name: List\n    method: GET\n    url: https://shop.test/items\n";

const INSOMNIA_V5: &str = "type: collection.insomnia.rest/5.0\nname: Shop\ncollection:\n  - name: List\n    meta:\n      id: req_1\n    method: GET\n    url: https://shop.test/items\n  - name: Say hello\n    meta:\n      id: greq_1\n    url: grpc.shop.test:443\n    protoMethodName: /Greeter/SayHello\n  - name: Live\n    meta:\n      id: ws-req_1\n    url: wss://shop.test/live\n";

const OPENAPI_YAML: &str = "openapi: 3.0.3\ninfo:\n  title: Shop\n  version: '1'\npaths:\n  /items:\n    get:\n      responses:\n        '200':\n          description: ok\n";

#[test]
fn every_shape_is_told_by_its_content() {
    let wrapped_postman = format!(r#"{{"collection": {POSTMAN}}}"#);
    let env = r#"{"name": "Local", "values": [{"key": "base", "value": "http://x.test", "enabled": true}]}"#;
    let wrapped_env = format!(r#"{{"environment": {env}}}"#);
    let insomnia_v4_json = r#"{"_type": "export", "__export_format": 4, "resources": [
        {"_id": "wrk_1", "_type": "workspace", "name": "Shop"},
        {"_id": "req_1", "_type": "request", "parentId": "wrk_1", "name": "List", "method": "GET", "url": "https://shop.test/items"}]}"#;
    let thunder = r#"{"client": "Thunder Client", "collectionName": "Shop", "folders": [],
        "requests": [{"_id": "r1", "name": "List", "method": "GET", "url": "https://shop.test/items"}]}"#;
    let thunder_env = r#"{"client": "Thunder Client", "environmentName": "Local", "variables": [{"name": "base", "value": "x"}]}"#;
    let openapi_json = r#"{"openapi": "3.1.0", "info": {"title": "Shop", "version": "1"},
        "paths": {"/items": {"get": {"responses": {"200": {"description": "ok"}}}}}}"#;
    let postman_yaml = "info:\n  name: Shop\n  schema: https://schema.getpostman.com/json/collection/v2.1.0/collection.json\nitem:\n  - name: List\n    request:\n      method: GET\n      url: https://shop.test/items\n";
    let curl = "# list the items\n$ curl https://shop.test/items\n";
    let cases: [(&str, &str, Format, usize); 13] = [
        ("bare Postman", POSTMAN, Format::Postman, 1),
        ("wrapped Postman", &wrapped_postman, Format::Postman, 1),
        ("Postman as YAML", postman_yaml, Format::Postman, 1),
        ("Postman environment", env, Format::PostmanEnvironment, 0),
        (
            "wrapped Postman environment",
            &wrapped_env,
            Format::PostmanEnvironment,
            0,
        ),
        ("Insomnia v4 JSON", insomnia_v4_json, Format::Insomnia, 1),
        ("Insomnia v4 YAML", INSOMNIA_V4_YAML, Format::Insomnia, 1),
        ("Insomnia v5 YAML", INSOMNIA_V5, Format::Insomnia, 1),
        ("Thunder collection", thunder, Format::Thunder, 1),
        ("Thunder environment", thunder_env, Format::Thunder, 0),
        ("OpenAPI JSON", openapi_json, Format::OpenApi, 1),
        ("OpenAPI YAML", OPENAPI_YAML, Format::OpenApi, 1),
        ("curl text", curl, Format::Curl, 1),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    for (index, (what, text, format, requests)) in cases.into_iter().enumerate() {
        assert_eq!(detect_text(text), Some(format), "{what}");
        let imported = import_text(text).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(imported.format, format, "{what}");
        assert_eq!(imported.counts().1, requests, "{what}");
        // The same content saved as a file.
        let file = write(dir.path(), &format!("file{index}.txt"), text);
        let from_file = import_path(&file).unwrap_or_else(|e| panic!("{what} as a file: {e}"));
        assert_eq!(from_file.format, format, "{what} as a file");
    }
    assert_eq!(
        import_text(&wrapped_env).expect("env").environments[0].variables[0].name,
        "base"
    );
}

#[test]
fn every_folder_layout_is_told_by_its_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    // Bruno.
    write(
        root,
        "bruno/bruno.json",
        r#"{"version": "1", "name": "Shop", "type": "collection"}"#,
    );
    write(
        root,
        "bruno/items/list.bru",
        "meta {\n  name: List\n  type: http\n  seq: 1\n}\n\nget {\n  url: https://shop.test/items\n  body: none\n  auth: none\n}\n",
    );
    // OpenCollection.
    write(
        root,
        "oc/opencollection.yml",
        "opencollection: \"1.0.0\"\ninfo:\n  name: Shop\n",
    );
    write(
        root,
        "oc/list.yml",
        "info:\n  name: List\n  type: http\n  seq: 1\nhttp:\n  method: GET\n  url: https://shop.test/items\n",
    );
    // Thunder git-sync.
    write(
        root,
        "tc/thunder-tests/collections/tc_col_shop.json",
        r#"{"_id": "c1", "colName": "Shop", "folders": [],
        "requests": [{"_id": "r1", "colId": "c1", "containerId": "", "name": "List", "method": "GET", "url": "https://shop.test/items", "sortNum": 10}]}"#,
    );
    // Thunder's old layout, collection file and all.
    write(
        root,
        "old/thunderclient.json",
        r#"[{"_id": "r1", "colId": "c1", "containerId": "f1", "name": "List", "method": "GET", "url": "https://shop.test/items", "sortNum": 10}]"#,
    );
    write(
        root,
        "old/thunderCollection.json",
        r#"[{"_id": "c1", "colName": "Shop", "folders": [{"_id": "f1", "name": "Items", "containerId": "", "sortNum": 10}]}]"#,
    );
    let cases = [
        ("bruno", Format::Bruno, (1, 1)),
        ("bruno/bruno.json", Format::Bruno, (1, 1)),
        ("oc", Format::OpenCollection, (0, 1)),
        ("oc/opencollection.yml", Format::OpenCollection, (0, 1)),
        ("tc", Format::Thunder, (0, 1)),
        (
            "tc/thunder-tests/collections/tc_col_shop.json",
            Format::Thunder,
            (0, 1),
        ),
        ("old", Format::Thunder, (1, 1)),
        ("old/thunderclient.json", Format::Thunder, (1, 1)),
    ];
    for (rel, format, counts) in cases {
        let imported = import_path(&root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(imported.format, format, "{rel}");
        assert_eq!(
            imported.counts(),
            counts,
            "{rel}: {:?}",
            imported.not_carried
        );
    }
    // A folder that holds one collection folder stands for it.
    let repo = tempfile::tempdir().expect("tempdir");
    write(repo.path(), "README.md", "# shop\n");
    write(
        repo.path(),
        "api/bruno.json",
        r#"{"version": "1", "name": "Shop", "type": "collection"}"#,
    );
    write(
        repo.path(),
        "api/list.bru",
        "meta {\n  name: List\n  type: http\n  seq: 1\n}\n\nget {\n  url: https://shop.test/items\n}\n",
    );
    assert_eq!(
        import_path(repo.path()).expect("repo").format,
        Format::Bruno
    );
}

#[test]
fn openapi_security_schemes_become_auth() {
    let spec = r#"{"openapi": "3.0.3", "info": {"title": "Shop", "version": "1"},
      "servers": [{"url": "https://shop.test"}],
      "security": [{"bearer": []}],
      "components": {"securitySchemes": {
        "bearer": {"type": "http", "scheme": "bearer"},
        "key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
        "other_header": {"type": "apiKey", "in": "header", "name": "X-Shop-Token"},
        "in_query": {"type": "apiKey", "in": "query", "name": "api_key"},
        "basic": {"type": "http", "scheme": "basic"},
        "oauth": {"type": "oauth2", "flows": {}}}},
      "paths": {
        "/global": {"get": {"summary": "Global", "responses": {"200": {"description": "ok"}}}},
        "/key": {"get": {"summary": "Key", "security": [{"key": []}], "responses": {"200": {"description": "ok"}}}},
        "/header": {"get": {"summary": "Header", "security": [{"other_header": []}], "responses": {"200": {"description": "ok"}}}},
        "/query": {"get": {"summary": "Query", "security": [{"in_query": []}], "responses": {"200": {"description": "ok"}}}},
        "/open": {"get": {"summary": "Open", "security": [], "responses": {"200": {"description": "ok"}}}},
        "/basic": {"get": {"summary": "Basic", "security": [{"basic": []}], "responses": {"200": {"description": "ok"}}}},
        "/either": {"get": {"summary": "Either", "security": [{"oauth": []}, {"key": []}], "responses": {"200": {"description": "ok"}}}},
        "/oauth": {"get": {"summary": "OAuth", "security": [{"oauth": []}], "responses": {"200": {"description": "ok"}}}}}}"#;
    let imported = import_text(spec).expect("imports");
    let by_name: BTreeMap<&str, _> = imported
        .requests()
        .into_iter()
        .map(|(_, r)| (r.name.as_str(), &r.draft))
        .collect();
    assert_eq!(by_name["Global"].auth.mode, AuthMode::Bearer);
    assert_eq!(by_name["Global"].auth.bearer_token, "{{bearer}}");
    assert_eq!(by_name["Key"].auth.mode, AuthMode::ApiKey);
    assert_eq!(by_name["Key"].auth.api_key, "{{key}}");
    assert_eq!(by_name["Header"].auth.mode, AuthMode::None);
    assert!(
        by_name["Header"]
            .headers
            .iter()
            .any(|h| h.name == "X-Shop-Token" && h.value == "{{other_header}}")
    );
    assert_eq!(
        by_name["Query"].url,
        "{{base_url}}/query?api_key={{in_query}}"
    );
    assert_eq!(by_name["Open"].auth.mode, AuthMode::None);
    assert_eq!(by_name["Basic"].auth.mode, AuthMode::None);
    assert_eq!(
        by_name["Either"].auth.mode,
        AuthMode::ApiKey,
        "the carried alternative"
    );
    assert_eq!(by_name["OAuth"].auth.mode, AuthMode::None);
    // Each secret a scheme needs is a secret variable; the rest is reported.
    let secrets: Vec<&str> = imported
        .variables
        .iter()
        .filter(|v| v.secret)
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(secrets, ["bearer", "key", "other_header", "in_query"]);
    let notes = imported.not_carried.join("\n");
    assert!(notes.contains("GET /basic: HTTP basic auth"), "{notes}");
    assert!(notes.contains("GET /oauth: OAuth 2 auth"), "{notes}");
    assert_eq!(imported.not_carried.len(), 2, "{notes}");
}

#[test]
fn openapi_form_multipart_and_raw_bodies_are_carried() {
    let spec = r#"openapi: 3.0.3
info: {title: Shop, version: '1'}
components:
  schemas:
    Upload:
      type: object
      required: [file]
      properties:
        title: {type: string, example: Cat}
        file: {type: string, format: binary}
        thumbs: {type: array, items: {type: string, format: binary}}
  requestBodies:
    Login:
      content:
        application/x-www-form-urlencoded:
          schema:
            type: object
            required: [username]
            properties:
              username: {type: string, example: ana}
              password: {type: string}
paths:
  /login:
    post:
      summary: Log in
      requestBody: {$ref: '#/components/requestBodies/Login'}
      responses: {'200': {description: ok}}
  /upload:
    post:
      summary: Upload
      requestBody:
        content:
          multipart/form-data:
            schema: {$ref: '#/components/schemas/Upload'}
            encoding:
              file: {contentType: image/png}
      responses: {'200': {description: ok}}
  /blob:
    put:
      summary: Blob
      requestBody:
        content:
          '*/*':
            schema: {type: string, format: binary}
      responses: {'200': {description: ok}}
  /note:
    put:
      summary: Note
      requestBody:
        content:
          text/plain:
            example: hello
      responses: {'200': {description: ok}}
"#;
    let imported = import_text(spec).expect("imports");
    let by_name: BTreeMap<&str, _> = imported
        .requests()
        .into_iter()
        .map(|(_, r)| (r.name.as_str(), &r.draft))
        .collect();
    let login = by_name["Log in"];
    assert_eq!(login.body_mode, BodyMode::Text);
    assert_eq!(login.body_text, "username=ana&password=");
    assert!(
        login
            .headers
            .iter()
            .any(|h| h.name == "Content-Type" && h.value == "application/x-www-form-urlencoded")
    );
    let upload = by_name["Upload"];
    assert_eq!(upload.body_mode, BodyMode::Multipart);
    let form: Vec<(&str, bool, &str)> = upload
        .form
        .iter()
        .map(|f| {
            (
                f.name.as_str(),
                f.kind == ayon_rest_explorer::request::FormKind::File,
                f.content_type.as_str(),
            )
        })
        .collect();
    assert_eq!(
        form,
        [
            ("title", false, ""),
            ("file", true, "image/png"),
            ("thumbs", true, "")
        ]
    );
    assert_eq!(upload.form[0].value, "Cat");
    assert_eq!(by_name["Blob"].body_mode, BodyMode::File);
    assert_eq!(by_name["Note"].body_mode, BodyMode::Text);
    assert_eq!(by_name["Note"].body_text, "hello");
    assert!(
        imported.not_carried.is_empty(),
        "{:?}",
        imported.not_carried
    );
}

#[test]
fn insomnia_v5_grpc_and_websocket_items_are_skipped_with_a_note() {
    let imported = import_text(INSOMNIA_V5).expect("imports");
    let names: Vec<&str> = imported
        .requests()
        .iter()
        .map(|(_, r)| r.name.as_str())
        .collect();
    assert_eq!(names, ["List"]);
    assert_eq!(
        imported.not_carried,
        [
            "gRPC request 'Say hello' not carried over",
            "WebSocket request 'Live' not carried over"
        ]
    );
}

#[test]
fn disabled_postman_environment_variables_are_named() {
    let env = r#"{"name": "Local", "values": [
        {"key": "base", "value": "http://x.test", "enabled": true},
        {"key": "old_base", "value": "http://old.test", "enabled": false},
        {"key": "token", "value": "s3cr3t-value", "type": "secret", "enabled": false}]}"#;
    let imported = import_text(env).expect("imports");
    let names: Vec<&str> = imported.environments[0]
        .variables
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(names, ["base"]);
    assert_eq!(imported.not_carried.len(), 2);
    assert!(imported.not_carried[0].contains("'old_base' is disabled"));
    assert!(imported.not_carried[1].contains("'token' is disabled"));
    assert!(
        !imported.not_carried.join(" ").contains("s3cr3t"),
        "values never shown"
    );
}

/// The old Thunder layout: every request in one file; folders live in the collection file.
fn old_thunder(dir: &Path, with_collection_file: bool) {
    let mut requests = Vec::new();
    for (i, col) in ["c2", "c1", "c3", "c1", "c2", "c3"].iter().enumerate() {
        requests.push(format!(
            r#"{{"_id": "r{i}", "colId": "{col}", "containerId": "{}", "name": "Same name", "method": "GET", "url": "https://shop.test/{i}", "sortNum": 10}}"#,
            if i % 2 == 0 { "f1" } else { "" }
        ));
    }
    write(
        dir,
        "thunderclient.json",
        &format!("[{}]", requests.join(",")),
    );
    if with_collection_file {
        write(
            dir,
            "thunderCollection.json",
            r#"[{"_id": "c1", "colName": "One", "sortNum": 10, "folders": [{"_id": "f1", "name": "F", "containerId": "", "sortNum": 10}]},
            {"_id": "c2", "colName": "Two", "sortNum": 10, "folders": []}]"#,
        );
    }
}

#[test]
fn old_thunder_layout_without_its_collection_file_says_its_folders_are_lost() {
    let dir = tempfile::tempdir().expect("tempdir");
    old_thunder(dir.path(), false);
    let imported = import_path(dir.path()).expect("imports");
    assert_eq!(imported.counts(), (0, 6));
    let urls: Vec<&str> = imported
        .requests()
        .iter()
        .map(|(_, r)| r.draft.url.as_str())
        .collect();
    // By collection in the order the collections first appear, then file order.
    assert_eq!(
        urls,
        [
            "https://shop.test/0",
            "https://shop.test/4",
            "https://shop.test/1",
            "https://shop.test/3",
            "https://shop.test/2",
            "https://shop.test/5"
        ]
    );
    assert!(
        imported
            .not_carried
            .iter()
            .any(|n| n.contains("thunderCollection.json is missing") && n.contains("6 requests")),
        "{:?}",
        imported.not_carried
    );
}

fn tree_files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .expect("inside")
                    .display()
                    .to_string();
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

fn same_twice(what: &str, import: impl Fn() -> Imported) {
    let first = import();
    assert_eq!(first, import(), "{what}: imported twice");
    let out = tempfile::tempdir().expect("tempdir");
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    write_import(&first, &WriteTarget::NewCollection(a.clone())).expect("write a");
    write_import(&import(), &WriteTarget::NewCollection(b.clone())).expect("write b");
    let (fa, fb) = (tree_files(&a), tree_files(&b));
    assert!(fa.len() > 1, "{what}: {fa:?}");
    assert_eq!(fa, fb, "{what}: written twice");
}

#[test]
fn every_format_imports_and_writes_the_same_twice() {
    let dir = tempfile::tempdir().expect("tempdir");
    old_thunder(&dir.path().join("old"), true);
    old_thunder(&dir.path().join("old_bare"), false);
    let texts = [
        ("Postman", POSTMAN.to_string()),
        ("Insomnia v4 YAML", INSOMNIA_V4_YAML.to_string()),
        ("Insomnia v5", INSOMNIA_V5.to_string()),
        ("OpenAPI", OPENAPI_YAML.to_string()),
        (
            "curl",
            "curl https://a.test/x\ncurl -X POST https://a.test/y -d 'a=1'\n".to_string(),
        ),
    ];
    for (what, text) in &texts {
        same_twice(what, || import_text(text).expect("imports"));
    }
    for folder in ["old", "old_bare"] {
        let path = dir.path().join(folder);
        same_twice(folder, || import_path(&path).expect("imports"));
    }
}

#[test]
fn a_curl_text_with_several_commands_imports_each() {
    let text = "#!/bin/sh\n# Log in, then list.\nexport URL=https://shop.test\n\
curl -X POST \"$URL/login\" \\\n  -H 'Content-Type: application/json' \\\n  -d '{\"name\": \"ana\"; \"x\": 1}'\n\n\
curl \"$URL/items\" -H \"Authorization: Bearer $TOKEN\" | jq .\n\
curl -X DELETE \"$URL/items/1\"; echo done\n";
    let imported = import_text(text).expect("imports");
    assert_eq!(imported.format, Format::Curl);
    let requests: Vec<String> = imported
        .requests()
        .iter()
        .map(|(_, r)| format!("{} {}", r.draft.method, r.draft.url))
        .collect();
    assert_eq!(
        requests,
        [
            "POST {{URL}}/login",
            "GET {{URL}}/items",
            "DELETE {{URL}}/items/1"
        ]
    );
    assert!(
        imported.requests()[0]
            .1
            .draft
            .body_text
            .contains("\"ana\"; \"x\"")
    );
    let variables: Vec<(&str, bool)> = imported
        .variables
        .iter()
        .map(|v| (v.name.as_str(), v.secret))
        .collect();
    assert_eq!(variables, [("URL", false), ("TOKEN", true)]);
    let ignored: Vec<&String> = imported
        .not_carried
        .iter()
        .filter(|n| n.starts_with("Not a curl command"))
        .collect();
    assert_eq!(ignored.len(), 3, "{:?}", imported.not_carried);
}

#[test]
fn not_carried_over_is_grouped_by_kind() {
    let mut items = Vec::new();
    for i in 0..5 {
        items.push(format!(
            r#"{{"name": "R{i}", "event": [{{"listen": "test", "script": {{"exec": ["pm.test()"]}}}}],
                "request": {{"method": "GET", "url": "https://a.test/{i}"}}}}"#
        ));
    }
    items.push(r#"{"name": "Odd", "request": {"method": "GET", "url": "https://a.test/o", "auth": {"type": "hawk"}}}"#.into());
    let text = format!(
        r#"{{"info": {{"name": "N", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}}, "item": [{}]}}"#,
        items.join(",")
    );
    let imported = import_text(&text).expect("imports");
    let groups = imported.note_groups();
    assert_eq!(groups, group_notes(&imported.not_carried));
    let summary: Vec<(&str, usize)> = groups
        .iter()
        .map(|g| (g.kind.as_str(), g.items.len()))
        .collect();
    assert_eq!(summary.len(), 2, "{summary:?}");
    assert_eq!(summary[0], ("Test script not carried over", 5));
    assert_eq!(summary[1].1, 1);
    assert!(
        groups[0].items[4].contains("R4"),
        "the items keep their places"
    );
}
