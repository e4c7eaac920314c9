//! Bruno (.bru), OpenCollection YAML and Thunder Client importers, and the OpenCollection
//! exporter: the shared real collections and small fixtures written here.

use std::path::{Path, PathBuf};

use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::interchange::export::{ExportFolder, export_opencollection, from_imported};
use ayon_rest_explorer::interchange::{
    Imported, ImportedVariable, import_bruno, import_opencollection, import_thunder,
    import_thunder_text,
};
use ayon_rest_explorer::state::{BodyMode, FormKind, FormRow, KvRow};

const SHARED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/interchange"
);

/// The shared fixture at `rel`, or `None` (with a note) when absent.
fn shared(rel: &str) -> Option<PathBuf> {
    let path = Path::new(SHARED).join(rel);
    if path.exists() {
        Some(path)
    } else {
        println!("skipped: {rel} absent at {}", path.display());
        None
    }
}

/// Writes `files` (relative path, content) under a fresh temp dir.
fn write_tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, content) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

fn find<'a>(
    imported: &'a Imported,
    name: &str,
) -> &'a ayon_rest_explorer::interchange::ImportedRequest {
    imported
        .requests()
        .into_iter()
        .map(|(_, r)| r)
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no request {name}"))
}

fn notes_mention(imported: &Imported, words: &[&str]) -> bool {
    imported
        .not_carried
        .iter()
        .any(|n| words.iter().all(|w| n.contains(w)))
}

fn env_var<'a>(imported: &'a Imported, env: &str, var: &str) -> &'a ImportedVariable {
    imported
        .environments
        .iter()
        .find(|e| e.name == env)
        .unwrap_or_else(|| panic!("no environment {env}"))
        .variables
        .iter()
        .find(|v| v.name == var)
        .unwrap_or_else(|| panic!("no variable {var} in {env}"))
}

// ---------------------------------------------------------------- Bruno, shared files

#[test]
fn bruno_amsterdam_collection() {
    let Some(path) = shared("bruno/Amsterdam__beheeromgeving-catalogus__bruno") else {
        return;
    };
    let imported = import_bruno(&path).unwrap();
    assert_eq!(imported.name, "CMS Catalog");
    assert_eq!(imported.counts(), (6, 39));
    // Three levels, names from folder.bru, files with spaces.
    let products = imported
        .root
        .folders
        .iter()
        .find(|f| f.name == "Products")
        .unwrap();
    let contracts = products
        .folders
        .iter()
        .find(|f| f.name == "Contracts")
        .unwrap();
    let distributions = &contracts.folders[0];
    assert_eq!(distributions.name, "Distributions");
    assert_eq!(distributions.requests.len(), 5);

    let create = find(&imported, "create contract");
    let draft = &create.draft;
    assert_eq!(draft.method, HttpMethod::Post);
    assert_eq!(draft.url, "{{baseUrl}}/products/2/contracts");
    assert_eq!(draft.body_mode, BodyMode::Json);
    assert_eq!(
        draft.body_text,
        "{\n  \"publication_status\": \"D\",\n  \"name\": \"Another Contract\"\n}"
    );
    assert!(draft.headers.is_empty());
    // Folder auth inherits from the collection, which has none.
    assert_eq!(draft.auth.mode, AuthMode::None);
    let paginate = find(&imported, "Me paginate");
    assert_eq!(
        paginate.draft.params,
        [KvRow::new("page", "3"), KvRow::new("pagesize", "5")]
    );
    // Sorted by seq: Me (1) before Me paginate (2).
    let me = imported
        .root
        .folders
        .iter()
        .find(|f| f.name == "Me")
        .unwrap();
    assert_eq!(me.requests[0].name, "Me");
    assert_eq!(imported.variables[0].name, "baseUrl");
    assert_eq!(imported.variables[0].value, "http://localhost:8096");
    assert!(notes_mention(
        &imported,
        &["Request 'Me/Me'", "pre-request script"]
    ));
}

#[test]
fn bruno_generate_docs_collection_orders_by_seq_with_environments() {
    let Some(path) =
        shared("bruno/usebruno__bruno__tests__collection__generate-docs__fixtures__collection")
    else {
        return;
    };
    let imported = import_bruno(&path).unwrap();
    assert_eq!(imported.name, "GenerateDocsOrder");
    assert_eq!(imported.counts(), (2, 5));
    let names: Vec<&str> = imported
        .root
        .requests
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["ReqBeta", "ReqAlpha"]);
    let folders: Vec<&str> = imported
        .root
        .folders
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(folders, ["Zoo", "Aviary"]);
    assert_eq!(imported.environments.len(), 3);
    assert_eq!(
        env_var(&imported, "Staging", "baseUrl").value,
        "https://staging.example.com"
    );
    let parrot = find(&imported, "Parrot");
    assert_eq!(parrot.draft.url, "https://echo.usebruno.com");
    assert_eq!(parrot.draft.auth.mode, AuthMode::None);
}

// ---------------------------------------------------------------- Bruno, own fixtures

const EVERY_BLOCK: &str = r#"meta {
  name: Every block
  type: http
  seq: 1
}

post {
  url: {{host}}/items/:id?q=1
  body: multipartForm
  auth: bearer
}

params:query {
  q: 1
  ~off: 2
}

params:path {
  id: 42
}

headers {
  X-Trace: {{$guid}}
  ~X-Off: no
}

auth:bearer {
  token: {{token}}
}

body:json {
  {"unused": true}
}

body:multipart-form {
  name: value
  upload: @file(files/a b.png)
  ~skip: x
}

vars:pre-request {
  local: 1
}

script:pre-request {
  bru.setVar("a", 1);
  console.log("}");
}

script:post-response {
  test();
}

tests {
  test("ok", () => {});
}

docs {
  # Every block
  Sends everything.
}

settings {
  encodeUrl: false
}
"#;

#[test]
fn bruno_request_with_every_block() {
    let dir = write_tree(&[
        (
            "bruno.json",
            r#"{"version": "1", "name": "Mine", "type": "collection"}"#,
        ),
        (
            "collection.bru",
            "headers {\n  X-Team: core\n}\n\nauth {\n  mode: apikey\n}\n\nauth:apikey {\n  key: x-api-key\n  value: {{key}}\n  placement: header\n}\n\nvars:pre-request {\n  host: http://h\n}\n",
        ),
        (
            "Sub Folder/folder.bru",
            "meta {\n  name: Sub\n  seq: 1\n}\n\nauth {\n  mode: inherit\n}\n\nheaders {\n  X-Folder: f\n}\n",
        ),
        ("Sub Folder/every block.bru", EVERY_BLOCK),
        (
            "Sub Folder/inherits.bru",
            "meta {\n  name: Inherits\n  seq: 2\n}\n\nget {\n  url: {{host}}/x\n  body: none\n  auth: inherit\n}\n",
        ),
        (
            "gql.bru",
            "meta {\n  name: GQL\n  type: graphql\n  seq: 3\n}\n\npost {\n  url: {{host}}/graphql\n  body: graphql\n  auth: basic\n}\n\nauth:basic {\n  username: ann\n  password: pw\n}\n\nbody:graphql {\n  { projects { name } }\n}\n\nbody:graphql:vars {\n  {\"n\": 1}\n}\n",
        ),
        (
            "form.bru",
            "meta {\n  name: Form\n  seq: 2\n}\n\nput {\n  url: {{host}}/f\n  body: formUrlEncoded\n  auth: none\n}\n\nbody:form-urlencoded {\n  a: 1 2\n  b: {{v}}\n}\n",
        ),
        (
            "xml.bru",
            "meta {\n  name: Xml\n  seq: 1\n}\n\npatch {\n  url: {{host}}/x\n  body: xml\n  auth: none\n}\n\nbody:xml {\n  <a/>\n}\n",
        ),
        (
            "environments/Dev.bru",
            "vars {\n  host: http://dev\n}\nvars:secret [\n  token,\n  key\n]\n",
        ),
    ]);
    let imported = import_bruno(dir.path()).unwrap();
    assert_eq!(imported.name, "Mine");
    assert_eq!(imported.counts(), (1, 5));
    let every = find(&imported, "Every block");
    let d = &every.draft;
    assert_eq!(d.method, HttpMethod::Post);
    assert_eq!(d.url, "{{host}}/items/{id}?q=1");
    assert_eq!(d.path_params, [KvRow::new("id", "42")]);
    assert_eq!(d.params.len(), 2);
    assert!(!d.params[1].enabled);
    let header_names: Vec<&str> = d.headers.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(header_names, ["X-Team", "X-Folder", "X-Trace", "X-Off"]);
    assert!(!d.headers[3].enabled);
    assert_eq!(d.auth.mode, AuthMode::Bearer);
    assert_eq!(d.auth.bearer_token, "{{token}}");
    assert_eq!(d.body_mode, BodyMode::Multipart);
    assert_eq!(d.form[0], FormRow::text("name", "value"));
    assert_eq!(d.form[1], FormRow::file("upload", "files/a b.png"));
    assert!(!d.form[2].enabled);
    assert_eq!(
        every.description.as_deref(),
        Some("# Every block\nSends everything.")
    );
    for words in [
        ["Every block", "pre-request script"],
        ["Every block", "post-response script"],
        ["Every block", "tests"],
        ["Every block", "vars:pre-request (local)"],
        ["Every block", "encodeUrl: false"],
        ["Every block", "{{$guid}}"],
    ] {
        assert!(
            notes_mention(&imported, &words),
            "{words:?}: {:#?}",
            imported.not_carried
        );
    }
    // Collection API key reaches the inheriting request through the folder.
    let inherits = find(&imported, "Inherits");
    assert_eq!(inherits.draft.auth.mode, AuthMode::ApiKey);
    assert_eq!(inherits.draft.auth.api_key, "{{key}}");

    let gql = find(&imported, "GQL");
    assert_eq!(gql.draft.body_mode, BodyMode::GraphQl);
    assert_eq!(gql.draft.graphql.query, "{ projects { name } }");
    assert_eq!(gql.draft.graphql.variables, "{\"n\": 1}");
    assert!(
        gql.draft
            .headers
            .contains(&KvRow::new("Authorization", "Basic YW5uOnB3"))
    );

    let form = find(&imported, "Form");
    assert_eq!(form.draft.body_mode, BodyMode::Text);
    assert_eq!(form.draft.body_text, "a=1%202&b={{v}}");
    assert!(form.draft.headers.contains(&KvRow::new(
        "Content-Type",
        "application/x-www-form-urlencoded"
    )));
    // Root order by seq: Xml (1), Form (2), GQL (3); folders apart.
    let names: Vec<&str> = imported
        .root
        .requests
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["Xml", "Form", "GQL"]);
    let xml = find(&imported, "Xml");
    assert_eq!(xml.draft.body_text, "<a/>");

    assert_eq!(env_var(&imported, "Dev", "host").value, "http://dev");
    let token = env_var(&imported, "Dev", "token");
    assert!(token.secret);
    assert_eq!(token.value, "");
    assert!(env_var(&imported, "Dev", "key").secret);
}

#[test]
fn bruno_parse_errors_name_file_line_and_column() {
    let dir = write_tree(&[
        ("bruno.json", r#"{"name": "Bad"}"#),
        (
            "dir with space/broken one.bru",
            "meta {\n  name: x\n}\n\nget {\n  url: /x\n  no colon here\n}\n",
        ),
    ]);
    let err = import_bruno(dir.path()).unwrap_err();
    assert!(
        err.message.contains("dir with space/broken one.bru"),
        "{err}"
    );
    assert_eq!(err.position.as_deref(), Some("line 7, column 3"));

    let dir = write_tree(&[
        ("bruno.json", r#"{"name": "Bad"}"#),
        ("r.bru", "meta {\n  name: x\n}\n\nget {\n  url: /x\n"),
    ]);
    let err = import_bruno(dir.path()).unwrap_err();
    assert!(
        err.message.contains("r.bru") && err.message.contains("not closed"),
        "{err}"
    );
    assert_eq!(err.position.as_deref(), Some("line 5, column 1"));

    let dir = write_tree(&[("bruno.json", "{\n  \"name\": \n}")]);
    let err = import_bruno(dir.path()).unwrap_err();
    assert!(err.message.starts_with("bruno.json"), "{err}");
    assert!(err.position.is_some());

    let empty = tempfile::tempdir().unwrap();
    assert!(
        import_bruno(empty.path())
            .unwrap_err()
            .message
            .contains("bruno.json")
    );
}

#[test]
fn bruno_deep_nesting_is_capped_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bruno.json"), r#"{"name": "Deep"}"#).unwrap();
    let mut path = dir.path().to_path_buf();
    for _ in 0..80 {
        path.push("d");
    }
    std::fs::create_dir_all(&path).unwrap();
    std::fs::write(
        path.join("r.bru"),
        "meta {\n  name: r\n}\n\nget {\n  url: /x\n}\n",
    )
    .unwrap();
    let imported = import_bruno(dir.path()).unwrap();
    assert_eq!(imported.counts().1, 0);
    assert!(notes_mention(&imported, &["nested deeper than 64"]));
}

// ---------------------------------------------------------------- OpenCollection

#[test]
fn opencollection_directus() {
    let Some(path) = shared("bruno-opencollection/ComfortablyCoding__bruno-directus") else {
        return;
    };
    let imported = import_opencollection(&path).unwrap();
    assert_eq!(imported.name, "directus");
    // 33 folders; 194 http + 11 graphql items (4 websocket items reported).
    assert_eq!(imported.counts(), (33, 205));
    assert_eq!(imported.environments.len(), 4);
    assert_eq!(
        env_var(&imported, "admin", "base_url").value,
        "http://localhost:8055"
    );
    assert!(notes_mention(
        &imported,
        &["Collection", "before-request script"]
    ));
    assert!(notes_mention(
        &imported,
        &["subscribe_collection", "websocket"]
    ));

    let upload = find(&imported, "upload_file");
    let d = &upload.draft;
    assert_eq!(d.method, HttpMethod::Post);
    assert_eq!(d.url, "{{base_url}}/files");
    assert_eq!(d.body_mode, BodyMode::Multipart);
    assert_eq!(d.form, [FormRow::file("file", "path/to/file.jpg")]);
    assert_eq!(d.auth.mode, AuthMode::None);
    assert!(d.headers.is_empty());
    assert!(
        upload
            .description
            .as_deref()
            .unwrap()
            .starts_with("Upload a file")
    );

    let bulk = imported
        .requests()
        .into_iter()
        .find(|(path, r)| r.name == "create_items_bulk" && path.contains(&"items"))
        .unwrap()
        .1;
    assert_eq!(bulk.draft.url, "{{base_url}}/items/{collection}");
    assert_eq!(
        bulk.draft.path_params,
        [KvRow::new("collection", "my_collection")]
    );
    assert_eq!(bulk.draft.body_mode, BodyMode::Json);
    assert!(
        bulk.draft
            .body_text
            .starts_with("[\n  {\"title\": \"Item 1\"")
    );

    let gql = imported
        .requests()
        .into_iter()
        .find(|(path, r)| r.name == "create_item" && path.contains(&"mutations"))
        .unwrap()
        .1;
    assert_eq!(gql.draft.body_mode, BodyMode::GraphQl);
    assert!(gql.draft.graphql.query.starts_with("mutation {"));
}

#[test]
fn opencollection_typed_variables() {
    let Some(path) =
        shared("bruno-opencollection/usebruno__bruno__packages__bruno-tests__yml-collection")
    else {
        return;
    };
    let imported = import_opencollection(&path).unwrap();
    assert_eq!(imported.name, "bruno-yml-testbench");
    assert_eq!(imported.counts(), (1, 3));
    let vars: Vec<(&str, &str)> = imported
        .variables
        .iter()
        .map(|v| (v.name.as_str(), v.value.as_str()))
        .collect();
    assert_eq!(
        vars,
        [
            ("coll_str", "collection_string"),
            ("coll_num", "100"),
            ("coll_bool", "false"),
            ("coll_obj", "{\"scope\":\"collection\"}"),
        ]
    );
    assert_eq!(
        env_var(&imported, "Prod", "typed_env_obj").value,
        "{\"scope\":\"env\"}"
    );
    let form = find(&imported, "form-urlencoded");
    assert_eq!(
        form.draft.body_text,
        "fu_str={{fu_str}}&fu_num={{fu_num}}&fu_bool={{fu_bool}}&fu_obj={{fu_obj}}"
    );
    let multipart = find(&imported, "multipart");
    assert_eq!(
        multipart.draft.form[0],
        FormRow::text("mp_str", "{{mp_str}}")
    );
    let typed = find(&imported, "typed vars");
    assert_eq!(typed.draft.headers[0], KvRow::new("x-h-str", "{{req_str}}"));
    assert!(notes_mention(&imported, &["typed vars", "tests script"]));
}

const OC_ITEM: &str = r#"info:
  name: Get item
  type: http
  seq: 2
http:
  method: GET
  url: "{{host}}/items/:id?full=1"
  headers:
    - name: Accept
      value: application/json
    - name: X-Off
      value: "1"
      disabled: true
  params:
    - name: full
      value: "1"
      type: query
    - name: id
      value: "7"
      type: path
  auth:
    type: bearer
    token: "{{token}}"
runtime:
  scripts:
    - type: before-request
      code: console.log(1)
docs: Reads one item.
"#;

#[test]
fn opencollection_own_folder() {
    let dir = write_tree(&[
        (
            "opencollection.yml",
            "opencollection: 1.0.0\ninfo:\n  name: Mine\nrequest:\n  auth:\n    type: apikey\n    key: X-API-KEY\n    value: \"{{k}}\"\n    placement: header\n  headers:\n    - name: X-Team\n      value: core\n",
        ),
        (
            "items/folder.yml",
            "info:\n  name: Items\n  type: folder\n  seq: 1\n",
        ),
        ("items/get.yml", OC_ITEM),
        (
            "items/post.yml",
            "info:\n  name: Post item\n  type: http\n  seq: 1\nhttp:\n  method: POST\n  url: \"{{host}}/items\"\n  body:\n    type: text\n    data: hello\n  auth: inherit\n",
        ),
        (
            "environments/dev.yml",
            "name: Dev\nvariables:\n  - name: host\n    value: http://dev\n  - name: token\n    value: \"\"\n    secret: true\n",
        ),
    ]);
    let imported = import_opencollection(dir.path()).unwrap();
    assert_eq!(imported.counts(), (1, 2));
    let names: Vec<&str> = imported.root.folders[0]
        .requests
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["Post item", "Get item"]);
    let get = find(&imported, "Get item");
    assert_eq!(get.draft.url, "{{host}}/items/{id}?full=1");
    assert_eq!(get.draft.path_params, [KvRow::new("id", "7")]);
    assert_eq!(get.draft.params, [KvRow::new("full", "1")]);
    assert_eq!(get.draft.auth.mode, AuthMode::Bearer);
    assert_eq!(get.draft.headers.len(), 3);
    assert!(!get.draft.headers[2].enabled);
    assert_eq!(get.description.as_deref(), Some("Reads one item."));
    let post = find(&imported, "Post item");
    assert_eq!(post.draft.auth.mode, AuthMode::ApiKey);
    assert_eq!(post.draft.auth.api_key, "{{k}}");
    assert_eq!(post.draft.body_mode, BodyMode::Text);
    assert!(env_var(&imported, "Dev", "token").secret);
    assert!(notes_mention(
        &imported,
        &["Get item", "before-request script"]
    ));
}

#[test]
fn opencollection_yaml_errors_have_positions() {
    let dir = write_tree(&[
        ("opencollection.yml", "info:\n  name: X\n"),
        ("a/bad.yml", "info:\n  name: x\nhttp:\n  method: [GET\n"),
    ]);
    let err = import_opencollection(dir.path()).unwrap_err();
    assert!(err.message.contains("a/bad.yml"), "{err}");
    assert!(
        err.position.as_deref().unwrap().starts_with("line "),
        "{err:?}"
    );
    let empty = tempfile::tempdir().unwrap();
    assert!(
        import_opencollection(empty.path())
            .unwrap_err()
            .message
            .contains("opencollection.yml")
    );
}

#[test]
fn opencollection_export_round_trips() {
    let dir = write_tree(&[
        ("opencollection.yml", "info:\n  name: Source\n"),
        (
            "items/folder.yml",
            "info:\n  name: Items / all\n  type: folder\n",
        ),
        ("items/get.yml", OC_ITEM),
        (
            "items/multi.yml",
            "info:\n  name: \"Multi: form\"\n  seq: 3\nhttp:\n  method: POST\n  url: /upload\n  body:\n    type: multipart-form\n    data:\n      - name: f\n        value: \"@file(a.zip)\"\n      - name: t\n        value: text\n        disabled: true\n  auth:\n    type: none\n",
        ),
        (
            "q.yml",
            "info:\n  name: Query\n  type: graphql\ngraphql:\n  method: POST\n  url: /graphql\n  body:\n    query: \"{ a }\"\n    variables: '{\"x\": 1}'\n  auth:\n    type: none\n",
        ),
        (
            "file.yml",
            "info:\n  name: Raw\nhttp:\n  method: PUT\n  url: /raw\n  body:\n    type: file\n    data:\n      - filePath: pkg.zip\n  auth:\n    type: none\n",
        ),
    ]);
    let first = import_opencollection(dir.path()).unwrap();
    let tree: ExportFolder = from_imported(&first.root);
    let files = export_opencollection("Source", &tree);
    let out = tempfile::tempdir().unwrap();
    for (rel, text) in &files {
        let path = out.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let second = import_opencollection(out.path()).unwrap();
    assert_eq!(second.name, "Source");
    assert_eq!(second.root, first.root);
    assert_eq!(find(&second, "Raw").draft.body_file, "pkg.zip");
}

#[test]
fn opencollection_export_never_writes_secrets() {
    let mut draft = ayon_rest_explorer::state::RequestDraft::get("/api/x");
    draft.auth.mode = AuthMode::Bearer;
    draft.auth.bearer_token = "s3cr3t-token".into();
    let mut keyed = draft.clone();
    keyed.auth.mode = AuthMode::ApiKey;
    keyed.auth.api_key = "s3cr3t-key".into();
    let tree = ExportFolder {
        name: String::new(),
        description: None,
        folders: Vec::new(),
        requests: vec![
            ayon_rest_explorer::interchange::export::ExportRequest {
                name: "a".into(),
                description: None,
                draft,
            },
            ayon_rest_explorer::interchange::export::ExportRequest {
                name: "a".into(),
                description: None,
                draft: keyed,
            },
        ],
    };
    let files = export_opencollection("S", &tree);
    let all: String = files.iter().map(|(_, t)| t.as_str()).collect();
    assert!(!all.contains("s3cr3t"), "{all}");
    assert!(all.contains("{{token}}") && all.contains("{{api_key}}"));
    // Same names get distinct files.
    assert_eq!(files.len(), 3);
    assert_ne!(files[1].0, files[2].0);
}

// ---------------------------------------------------------------- Thunder, shared files

#[test]
fn thunder_dfx_new_git_sync() {
    let Some(path) = shared("thunder/DFXswiss__api__thunder-tests") else {
        return;
    };
    let imported = import_thunder(&path).unwrap();
    assert_eq!(imported.name, "DFX API");
    assert_eq!(imported.counts(), (29, 99));
    assert_eq!(
        env_var(&imported, "dev (Admin)", "url").value,
        "https://app-dfx-api-dev.azurewebsites.net"
    );
    let upload = find(&imported, "Upload Incorporation Certificate");
    let d = &upload.draft;
    assert_eq!(d.method, HttpMethod::Post);
    assert_eq!(d.url, "{{url}}/v1/kyc/{{kycCode}}/incorporationCertificate");
    assert_eq!(d.body_mode, BodyMode::Multipart);
    assert_eq!(d.form, [FormRow::file("files", "test-files/test.json")]);
    // No auth on the request: the collection's bearer applies.
    assert_eq!(d.auth.mode, AuthMode::Bearer);
    assert_eq!(d.auth.bearer_token, "{{token}}");
    assert!(d.headers.is_empty());
    assert!(notes_mention(&imported, &["Sign In", "tests"]));
    // The collection file alone finds its environments too.
    let single = import_thunder(&path.join("collections/tc_col_dfx-api.json")).unwrap();
    assert_eq!(single.counts(), (29, 99));
    assert_eq!(single.environments.len(), 1);
}

#[test]
fn thunder_cumulocity_old_git_sync() {
    let Some(path) = shared("thunder/Cumulocity-IoT__cumulocity-pki-integration__thunder-tests")
    else {
        return;
    };
    let imported = import_thunder(&path).unwrap();
    assert_eq!(imported.counts().1, 195);
    // Two collections, each a top folder.
    assert_eq!(imported.root.folders.len(), 2);
    let attach = find(&imported, "Attach a file to a specific event");
    let d = &attach.draft;
    assert_eq!(d.method, HttpMethod::Post);
    assert_eq!(d.url, "{{baseUrl}}/event/events/{id}/binaries");
    assert_eq!(d.path_params, [KvRow::new("id", "")]);
    assert_eq!(d.body_mode, BodyMode::Text);
    assert_eq!(d.body_text, "thunder");
    assert_eq!(d.auth.mode, AuthMode::None);
    assert!(notes_mention(
        &imported,
        &["Attach a file", "basic auth with variables"]
    ));
    assert_eq!(
        env_var(&imported, "(Global Env)", "tenantId").value,
        "t1072830126"
    );
    // The file itself works too.
    let again = import_thunder(&path.join("thunderclient.json")).unwrap();
    assert_eq!(again.counts(), imported.counts());
}

#[test]
fn thunder_rovaran_export_with_folder_auth() {
    let Some(path) =
        shared("thunder/RovaRan__mbds-assignements-backend__thunder-collection_Tpangular.json")
    else {
        return;
    };
    let imported = import_thunder(&path).unwrap();
    assert_eq!(imported.name, "Tpangular");
    assert_eq!(imported.counts(), (4, 16));
    let login = find(&imported, "user authentication");
    let d = &login.draft;
    assert_eq!(d.method, HttpMethod::Post);
    assert_eq!(d.url, "{{url}}/user/authenticate");
    assert_eq!(d.body_mode, BodyMode::Json);
    assert_eq!(
        d.body_text,
        "{\n  \"identifiant\": \"Mopolo\",\n  \"motDePasse\": \"test\"\n}"
    );
    assert_eq!(d.headers, [KvRow::new("x-access-token", "{{token}}")]);
    assert_eq!(d.auth.mode, AuthMode::Bearer);
    let detailed = find(&imported, "get matieres");
    assert_eq!(detailed.draft.headers.len(), 2);
    assert!(notes_mention(
        &imported,
        &["get users", "basic auth without"]
    ));
    assert!(notes_mention(&imported, &["user authentication", "tests"]));
}

#[test]
fn thunder_shop_golang_export_and_environment() {
    let (Some(col), Some(env)) = (
        shared("thunder/khanhcongpruj123__shop-golang__thunder-collection_shop-golang.json"),
        shared("thunder/khanhcongpruj123__shop-golang__thunder-environment_local.json"),
    ) else {
        return;
    };
    let imported = import_thunder(&col).unwrap();
    assert_eq!(imported.counts(), (0, 2));
    let create = find(&imported, "create production");
    assert_eq!(create.draft.body_mode, BodyMode::Json);
    assert_eq!(create.draft.url, "{{host}}/productions");
    let env = import_thunder(&env).unwrap();
    assert_eq!(env.counts(), (0, 0));
    assert_eq!(
        env_var(&env, "local", "host").value,
        "http://localhost:8080"
    );
}

// ---------------------------------------------------------------- Thunder, own fixtures

const THUNDER_EXPORT: &str = r#"{
  "client": "Thunder Client",
  "collectionName": "Own",
  "version": "1.1",
  "settings": {"headers": [{"name": "X-Col", "value": "c"}], "auth": {"type": "bearer", "bearer": "{{token}}"}},
  "folders": [
    {"_id": "f1", "name": "Outer", "containerId": "", "sortNum": 20000},
    {"_id": "f2", "name": "Inner", "containerId": "f1", "sortNum": 10000,
     "settings": {"auth": {"type": "none"}}}
  ],
  "requests": [
    {"_id": "r1", "containerId": "f2", "name": "Encoded", "method": "POST", "url": "{{host}}/login?x=1", "sortNum": 2,
     "headers": [{"name": "X-Off", "value": "1", "isDisabled": true}],
     "params": [{"name": "x", "value": "1"}, {"name": "y", "value": "2", "isDisabled": true}],
     "body": {"type": "formencoded", "form": [{"name": "u", "value": "a b"}]},
     "auth": {"type": "inherit"}},
    {"_id": "r2", "containerId": "f2", "name": "Files", "method": "PUT", "url": "{{host}}/up/{id}", "sortNum": 1,
     "params": [{"name": "id", "value": "9", "isPath": true}],
     "body": {"type": "formdata", "form": [{"name": "t", "value": "v"}], "files": [{"name": "f", "value": "/tmp/a.bin"}]},
     "tests": [{"type": "res-code", "custom": "", "action": "equal", "value": "200"}]},
    {"_id": "r3", "containerId": "f1", "name": "Graph", "method": "POST", "url": "{{host}}/graphql", "sortNum": 1,
     "body": {"type": "graphql", "graphql": {"query": "{ a }", "variables": "{\"n\": 1}"}},
     "auth": {"type": "basic", "basic": {"username": "u", "password": "p"}}},
    {"_id": "r4", "containerId": "", "name": "Top", "method": "GET", "url": "{{host}}/t/{{#guid}}", "sortNum": 1,
     "auth": {"type": "oauth2"}}
  ]
}"#;

#[test]
fn thunder_own_export() {
    let imported = import_thunder_text(THUNDER_EXPORT).unwrap();
    assert_eq!(imported.name, "Own");
    assert_eq!(imported.counts(), (2, 4));
    let inner = &imported.root.folders[0].folders[0];
    let names: Vec<&str> = inner.requests.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Files", "Encoded"]);
    let encoded = find(&imported, "Encoded");
    let d = &encoded.draft;
    // Inner folder auth none wins over the collection's bearer.
    assert_eq!(d.auth.mode, AuthMode::None);
    assert_eq!(d.url, "{{host}}/login?x=1");
    assert_eq!(d.params.len(), 2);
    assert!(!d.params[1].enabled);
    assert_eq!(d.body_text, "u=a%20b");
    assert_eq!(d.headers[0], KvRow::new("X-Col", "c"));
    assert!(!d.headers[1].enabled);
    let files = find(&imported, "Files");
    assert_eq!(files.draft.path_params, [KvRow::new("id", "9")]);
    assert_eq!(files.draft.form[1].kind, FormKind::File);
    assert_eq!(files.draft.form[1].value, "/tmp/a.bin");
    assert!(notes_mention(&imported, &["Files", "tests"]));
    let graph = find(&imported, "Graph");
    assert_eq!(graph.draft.body_mode, BodyMode::GraphQl);
    assert_eq!(graph.draft.graphql.variables, "{\"n\": 1}");
    assert!(
        graph
            .draft
            .headers
            .contains(&KvRow::new("Authorization", "Basic dTpw"))
    );
    assert!(notes_mention(&imported, &["Top", "oauth2"]));
    assert!(notes_mention(&imported, &["Top", "{{#guid}}"]));

    let env = import_thunder_text(
        r#"{"client":"Thunder Client","environmentName":"e","variables":[{"name":"k","value":"v","isSecret":true}]}"#,
    )
    .unwrap();
    assert!(env_var(&env, "e", "k").secret);
}

#[test]
fn thunder_git_sync_own_folder() {
    let dir = write_tree(&[
        (
            "thunder-tests/collections/tc_col_a.json",
            r#"{"colName": "A", "folders": [], "requests": [{"name": "one", "method": "GET", "url": "/a"}]}"#,
        ),
        (
            "thunder-tests/collections/tc_col_b.json",
            r#"{"colName": "B", "folders": [], "requests": [{"name": "two", "method": "DELETE", "url": "/b"}]}"#,
        ),
        (
            "thunder-tests/environments/tc_env_x.json",
            r#"{"name": "X", "data": [{"name": "h", "value": "v"}]}"#,
        ),
    ]);
    let imported = import_thunder(dir.path()).unwrap();
    assert_eq!(imported.counts(), (2, 2));
    assert_eq!(imported.root.folders[1].name, "B");
    assert_eq!(find(&imported, "two").draft.method, HttpMethod::Delete);
    assert_eq!(env_var(&imported, "X", "h").value, "v");
}

#[test]
fn thunder_json_errors_have_positions() {
    let err =
        import_thunder_text("{\n  \"collectionName\": \"x\",\n  \"requests\": [\n}").unwrap_err();
    assert_eq!(err.position.as_deref(), Some("line 4, column 1"));
    let err = import_thunder_text(r#"{"collectionName": "x", "requests": 3}"#).unwrap_err();
    assert_eq!(err.position.as_deref(), Some("$.requests"));
    let err = import_thunder_text("[]").unwrap_err();
    assert_eq!(err.position.as_deref(), Some("$"));
    let dir = write_tree(&[("thunder-tests/collections/tc_col_a.json", "{\"colName\": ")]);
    let err = import_thunder(dir.path()).unwrap_err();
    assert!(err.message.contains("tc_col_a.json"), "{err}");
    assert!(err.position.is_some());
}

#[test]
fn thunder_deep_and_looping_folders_do_not_overflow() {
    let mut folders = Vec::new();
    for i in 0..500 {
        let parent = if i == 0 {
            String::new()
        } else {
            format!("f{}", i - 1)
        };
        folders.push(format!(
            r#"{{"_id": "f{i}", "name": "n{i}", "containerId": "{parent}"}}"#
        ));
    }
    // Two folders in a loop, holding a request.
    folders.push(r#"{"_id": "x", "name": "x", "containerId": "y"}"#.to_string());
    folders.push(r#"{"_id": "y", "name": "y", "containerId": "x"}"#.to_string());
    let text = format!(
        r#"{{"collectionName": "deep", "folders": [{}], "requests": [{{"name": "r", "url": "/", "containerId": "f499"}}, {{"name": "l", "url": "/", "containerId": "x"}}]}}"#,
        folders.join(",")
    );
    let imported = import_thunder_text(&text).unwrap();
    assert_eq!(imported.counts().1, 0);
    assert!(notes_mention(&imported, &["nested deeper than 64"]));
    assert!(notes_mention(&imported, &["2 requests"]));
}

#[test]
fn deeply_nested_json_and_yaml_values_give_errors_not_overflows() {
    let deep = format!(
        "{{\"collectionName\": \"x\", \"requests\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(import_thunder_text(&deep).is_err());
    let dir = write_tree(&[
        ("opencollection.yml", "info:\n  name: X\n"),
        (
            "deep.yml",
            &format!(
                "info:\n  name: d\nhttp: {}{}\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
    ]);
    let err = import_opencollection(dir.path()).unwrap_err();
    assert!(err.message.contains("deep.yml"), "{err}");
    assert_eq!(err.position.as_deref(), Some("line 3, column 134"));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_bru_files_never_panic(body in "(meta|get|post|body:json|vars:secret|headers|auth:basic| |\\{|\\}|\\[|\\]|~|:|'''|\n|[a-z]{1,4}|@file\\(x\\)|\\{\\{\\$guid\\}\\})*") {
        let dir = write_tree(&[("bruno.json", "{\"name\": \"p\"}"), ("r.bru", &body), ("environments/e.bru", &body)]);
        let _ = import_bruno(dir.path());
    }

    #[test]
    fn arbitrary_thunder_text_never_panics(body in "(\\{|\\}|\\[|\\]|,|:|\"collectionName\"|\"requests\"|\"folders\"|\"containerId\"|\"_id\"|\"auth\"|\"type\"|\"x\"|1|null)*") {
        let _ = import_thunder_text(&body);
    }
}

#[test]
fn opencollection_export_looks_like_bruno_files() {
    let mut draft = ayon_rest_explorer::state::RequestDraft::get("{{host}}/items/{id}?full=1");
    draft.method = HttpMethod::Post;
    draft.body_mode = BodyMode::Json;
    draft.body_text = "{\n  \"a\": 1\n}".into();
    draft.auth.mode = AuthMode::None;
    let tree = ExportFolder {
        name: String::new(),
        description: None,
        folders: Vec::new(),
        requests: vec![ayon_rest_explorer::interchange::export::ExportRequest {
            name: "Create".into(),
            description: Some("Makes one.".into()),
            draft,
        }],
    };
    let files = export_opencollection("Mine", &tree);
    assert_eq!(files[0].0, Path::new("opencollection.yml"));
    assert_eq!(files[1].0, Path::new("Create.yml"));
    let text = &files[1].1;
    assert!(text.contains("method: POST"), "{text}");
    assert!(text.contains("/items/:id?full=1"), "{text}");
    assert!(text.contains("type: path"), "{text}");
    assert!(text.contains("docs: Makes one."), "{text}");
}
