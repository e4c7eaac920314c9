//! The endpoint catalog against AYON 1.11.2's real `/openapi.json` (skipped with a message when
//! the shared fixtures folder is absent) and against small specs written here.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Value, json};

use ayon_rest_explorer::catalog::{AddonVersion, Catalog, ParamIn, SpecError, parse_spec};
use ayon_rest_explorer::http::HttpMethod;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/ayon-1.11.2/"
);

/// The fixture's parsed JSON, or None (after saying so) when the shared folder is absent.
fn fixture(name: &str) -> Option<Value> {
    if !Path::new(FIXTURES).is_dir() {
        println!("skipped: fixtures folder absent at {FIXTURES}");
        return None;
    }
    let bytes = std::fs::read(format!("{FIXTURES}{name}")).expect("read fixture");
    Some(parse_spec(&bytes).expect("fixture is OpenAPI 3.x"))
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// (paths, operations, tags in file order) counted straight from the JSON.
fn count(spec: &Value) -> (usize, usize, Vec<String>) {
    let paths = spec["paths"].as_object().unwrap();
    let mut ops = 0;
    let mut tags: Vec<String> = Vec::new();
    for item in paths.values() {
        for (method, op) in item.as_object().unwrap() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            ops += 1;
            for t in op["tags"].as_array().into_iter().flatten() {
                let t = t.as_str().unwrap().to_string();
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
        }
    }
    (paths.len(), ops, tags)
}

fn group_tags(catalog: &Catalog) -> Vec<String> {
    catalog.groups.iter().map(|g| g.tag.clone()).collect()
}

fn labtest() -> AddonVersion {
    AddonVersion {
        name: "labtest".into(),
        title: "Lab Test".into(),
        version: "0.1.0".into(),
    }
}

#[test]
fn real_spec_counts_and_tags() {
    let Some(spec) = fixture("openapi.json") else {
        return;
    };
    let (paths, ops, tags) = count(&spec);
    assert_eq!((paths, ops), (181, 272));
    let catalog = Catalog::from_spec(spec);
    assert_eq!(catalog.title, "Ayon server");
    assert_eq!(catalog.version, "1.11.2");
    assert_eq!(catalog.operations.len(), 272);
    assert!(catalog.skipped.is_empty());
    let distinct: BTreeSet<&str> = catalog.operations.iter().map(|o| o.path.as_str()).collect();
    assert_eq!(distinct.len(), 181);
    let heads: Vec<_> = catalog
        .operations
        .iter()
        .filter(|o| o.method == HttpMethod::Head)
        .collect();
    assert_eq!(heads.len(), 1);
    // Every operation in the file is tagged, so the groups are exactly the file's tags.
    assert_eq!(group_tags(&catalog), tags);
}

#[test]
fn real_spec_operation_details() {
    let Some(spec) = fixture("openapi.json") else {
        return;
    };
    let catalog = Catalog::from_spec(spec);
    let list = &catalog.operations[catalog.find(HttpMethod::Get, "/api/projects").unwrap()];
    assert_eq!(list.operation_id, "list_projects");
    let page = list.params.iter().find(|p| p.name == "page").unwrap();
    assert_eq!(page.type_label, "integer ≥ 1");
    assert_eq!(page.default, Some(json!(1)));
    let order = list.params.iter().find(|p| p.name == "order").unwrap();
    assert_eq!(order.type_label, "enum: name | createdAt | updatedAt");

    let get_one = catalog
        .find(HttpMethod::Get, "/api/projects/{project_name}")
        .unwrap();
    let first = &catalog.operations[get_one].params[0];
    assert_eq!(
        (first.name.as_str(), first.location, first.required),
        ("project_name", ParamIn::Path, true)
    );

    let deploy = catalog.find(HttpMethod::Post, "/api/projects").unwrap();
    let body = catalog.operations[deploy].body.as_ref().unwrap();
    assert_eq!(
        body.schema_name.as_deref(),
        Some("DeployProjectRequestModel")
    );
    let skeleton = catalog.skeleton(deploy).unwrap();
    assert!(skeleton.value.get("name").is_some(), "{}", skeleton.value);
    assert!(skeleton.value.get("code").is_some(), "{}", skeleton.value);
    assert!(catalog.skeleton(list_index(&catalog)).is_none());

    let installer = catalog
        .find(HttpMethod::Put, "/api/desktop/installers/{filename}")
        .unwrap();
    assert!(catalog.operations[installer].raw_upload);
    let install = catalog
        .find(HttpMethod::Post, "/api/addons/install")
        .unwrap();
    assert!(catalog.operations[install].raw_upload);
    assert!(!catalog.operations[deploy].raw_upload);

    let user_put = catalog
        .find(HttpMethod::Put, "/api/users/{user_name}")
        .unwrap();
    let responses = &catalog.operations[user_put].responses;
    let ok = responses.iter().find(|r| r.status == "200").unwrap();
    assert!(ok.ayon_note.as_deref().unwrap().contains("204"));
    let invalid = responses.iter().find(|r| r.status == "422").unwrap();
    assert!(invalid.ayon_note.as_deref().unwrap().contains("400"));

    let completions = catalog.complete_path("/API/PROJECTS/{project_name}/fo", 50);
    assert!(completions.contains(&"/api/projects/{project_name}/folders"));
    assert!(completions.windows(2).all(|w| w[0] < w[1]));
}

fn list_index(catalog: &Catalog) -> usize {
    catalog.find(HttpMethod::Get, "/api/projects").unwrap()
}

#[test]
fn real_spec_every_skeleton_terminates() {
    let Some(spec) = fixture("openapi.json") else {
        return;
    };
    let catalog = Catalog::from_spec(spec);
    let with_body = (0..catalog.operations.len())
        .filter_map(|i| catalog.skeleton(i))
        .count();
    assert!(with_body > 50, "{with_body}");
}

#[test]
fn real_spec_search_ranks_list_projects_first() {
    let Some(spec) = fixture("openapi.json") else {
        return;
    };
    let catalog = Catalog::from_spec(spec);
    let want = list_index(&catalog);
    for query in [
        "list projects",
        "lst proj",
        "List Projects",
        "list_projects",
    ] {
        let hits = catalog.search(query, 10);
        let names: Vec<_> = hits
            .iter()
            .map(|&i| {
                format!(
                    "{} {}",
                    catalog.operations[i].method.as_str(),
                    catalog.operations[i].path
                )
            })
            .collect();
        assert_eq!(hits.first(), Some(&want), "{query}: {names:?}");
    }
    let get_folder = catalog
        .find(
            HttpMethod::Get,
            "/api/projects/{project_name}/folders/{folder_id}",
        )
        .unwrap();
    assert_eq!(catalog.search("get folder", 5).first(), Some(&get_folder));
    let upload = catalog
        .find(HttpMethod::Put, "/api/desktop/installers/{filename}")
        .unwrap();
    assert_eq!(catalog.search("upload installer", 5).first(), Some(&upload));
    assert_eq!(catalog.search("", 1000).len(), 272);
    assert_eq!(catalog.search("", 5).len(), 5);
    assert!(catalog.search("zzzqqqxxx", 10).is_empty());
}

#[test]
fn with_addon_endpoints_each_ping_in_its_own_group() {
    let Some(spec) = fixture("openapi-with-addon-endpoints.json") else {
        return;
    };
    let (paths, ops, tags) = count(&spec);
    assert_eq!((paths, ops), (183, 274));
    let mut catalog = Catalog::from_spec(spec);
    assert_eq!(catalog.operations.len(), 274);
    assert_eq!(group_tags(&catalog), tags);
    for (path, tag) in [
        ("/api/addons/labtest/0.1.0/ping", "Lab Test 0.1.0"),
        ("/api/addons/labrez/0.2.0/ping", "Lab Rez 0.2.0"),
    ] {
        let i = catalog.find(HttpMethod::Get, path).unwrap();
        let group = catalog.groups.iter().find(|g| g.tag == tag).unwrap();
        assert_eq!(group.operations, [i]);
    }

    // Attaching the addon without an own spec keeps the ping, once, and no note.
    catalog.attach_addon(&labtest(), None);
    assert_eq!(catalog.operations.len(), 274);
    let group = catalog
        .groups
        .iter()
        .find(|g| g.tag == "Lab Test 0.1.0")
        .unwrap();
    assert_eq!(group.operations.len(), 1);
    assert_eq!(group.note, None);
    assert_eq!(group.addon, Some(labtest()));
    // An own spec repeating the ping does not duplicate it either.
    catalog.attach_addon(&labtest(), Some(own_spec()));
    let group = catalog
        .groups
        .iter()
        .find(|g| g.tag == "Lab Test 0.1.0")
        .unwrap();
    assert_eq!(group.operations.len(), 2);
    assert_eq!(catalog.operations.len(), 275);
}

/// A per-addon spec as newer servers serve it: the ping again plus one new operation.
fn own_spec() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "labtest", "version": "0.1.0"},
        "paths": {
            "/api/addons/labtest/0.1.0/ping": {"get": {"operationId": "ping", "responses": {}}},
            "/api/addons/labtest/0.1.0/echo": {"post": {
                "operationId": "echo", "summary": "Echo",
                "requestBody": {"required": true, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/EchoBody"}}}},
                "responses": {"200": {"description": "ok"}}
            }}
        },
        "components": {"schemas": {"EchoBody": {"type": "object", "required": ["text"],
            "properties": {"text": {"type": "string"}}}}}
    })
}

#[test]
fn plain_spec_addon_group_explains_missing_endpoints() {
    let Some(spec) = fixture("openapi.json") else {
        return;
    };
    let mut catalog = Catalog::from_spec(spec);
    catalog.attach_addon(&labtest(), None);
    let group = catalog.groups.last().unwrap();
    assert_eq!(group.tag, "Lab Test 0.1.0");
    assert!(group.operations.is_empty());
    let note = group.note.as_deref().unwrap();
    assert!(
        note.contains("AYON_OPENAPI_INCLUDE_ADDON_ENDPOINTS"),
        "{note}"
    );
    assert!(
        note.contains("/api/addons/labtest/0.1.0/openapi.json"),
        "{note}"
    );
}

#[test]
fn own_addon_spec_adds_operations_under_the_tag() {
    let mut catalog = Catalog::from_spec(minimal_spec(json!({
        "/api/info": {"get": {"operationId": "get_info", "tags": ["System"], "responses": {}}}
    })));
    catalog.attach_addon(&labtest(), Some(own_spec()));
    assert_eq!(catalog.operations.len(), 3);
    let group = catalog.groups.last().unwrap();
    assert_eq!(group.tag, "Lab Test 0.1.0");
    assert_eq!(group.operations.len(), 2);
    assert_eq!(group.note, None);
    let echo = catalog
        .find(HttpMethod::Post, "/api/addons/labtest/0.1.0/echo")
        .unwrap();
    assert!(
        catalog.operations[echo]
            .tags
            .contains(&"Lab Test 0.1.0".to_string())
    );
    // The skeleton resolves $refs in the addon's own document, not the main one.
    assert_eq!(catalog.skeleton(echo).unwrap().value, json!({"text": ""}));
    assert_eq!(catalog.search("echo", 5), [echo]);
    // Attaching again changes nothing.
    catalog.attach_addon(&labtest(), Some(own_spec()));
    assert_eq!(catalog.operations.len(), 3);
}

fn minimal_spec(paths: Value) -> Value {
    json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths})
}

fn spec_with_schemas(schemas: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Root"}}}},
            "responses": {}
        }}},
        "components": {"schemas": schemas}
    })
}

fn skeleton_of(schemas: Value) -> ayon_rest_explorer::catalog::Skeleton {
    let catalog = Catalog::from_spec(spec_with_schemas(schemas));
    catalog.skeleton(0).expect("JSON body")
}

#[test]
fn mutual_recursion_stops_with_marker() {
    let s = skeleton_of(json!({
        "Root": {"$ref": "#/components/schemas/A"},
        "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}}
    }));
    assert_eq!(s.stopped_at, ["/b/a"]);
    assert_eq!(
        s.value,
        json!({"b": {"a": "<recursive: #/components/schemas/A>"}})
    );
}

#[test]
fn self_reference_through_array_items_stops_with_marker() {
    let s = skeleton_of(json!({
        "Root": {"type": "object", "properties": {"name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Root"}}}}
    }));
    // The body schema is itself the $ref, so the first child is already recursion.
    assert_eq!(s.stopped_at, ["/children/0"]);
    assert_eq!(
        s.value["children"][0],
        "<recursive: #/components/schemas/Root>"
    );
}

#[test]
fn broken_ref_stops_with_marker() {
    let s = skeleton_of(json!({
        "Root": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Nope"}}}
    }));
    assert_eq!(s.stopped_at, ["/x"]);
    assert_eq!(s.value["x"], "<unresolved $ref: #/components/schemas/Nope>");
}

#[test]
fn deep_chain_hits_depth_limit() {
    let mut schemas = serde_json::Map::new();
    schemas.insert("Root".into(), json!({"$ref": "#/components/schemas/L0"}));
    for i in 0..200 {
        schemas.insert(
            format!("L{i}"),
            json!({"type": "object", "properties": {"next": {"$ref": format!("#/components/schemas/L{}", i + 1)}}}),
        );
    }
    let s = skeleton_of(Value::Object(schemas));
    assert_eq!(s.stopped_at.len(), 1);
    assert!(s.value.to_string().contains("<depth limit>"));
    // Stopped at nesting level MAX_DEPTH + 1.
    let levels = s.stopped_at[0].matches('/').count();
    assert_eq!(levels, ayon_rest_explorer::catalog::MAX_DEPTH + 1);
}

#[test]
fn yaml_spec_parses_and_indexes() {
    let yaml = "openapi: 3.0.3\ninfo:\n  title: Y\n  version: '2'\npaths:\n  /a/{id}:\n    parameters:\n      - {name: id, in: path, required: true, schema: {type: integer}}\n    get:\n      summary: Get A\n      responses: {}\n    delete:\n      tags: [A]\n      responses: {}\n";
    let catalog = Catalog::from_spec(parse_spec(yaml.as_bytes()).unwrap());
    assert_eq!(catalog.title, "Y");
    assert_eq!(catalog.operations.len(), 2);
    assert_eq!(catalog.operations[0].params[0].type_label, "integer");
    assert_eq!(group_tags(&catalog), ["Other", "A"]);
}

#[test]
fn invalid_json_error_names_line_and_column() {
    let err = parse_spec(b"{\"openapi\": \"3.0.0\",\n \"paths\": {\n  \"/a\": [}\n}").unwrap_err();
    assert!(matches!(err, SpecError::Syntax { line: 3, .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("line 3") && text.contains("column"), "{text}");
}

#[test]
fn swagger_two_and_missing_paths_are_rejected() {
    let err = parse_spec(br#"{"swagger": "2.0", "info": {}, "paths": {}}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "not an OpenAPI 3.x document (found swagger 2.0)"
    );
    let err = parse_spec(b"openapi: 3.1.0\ninfo: {title: t}\n").unwrap_err();
    assert_eq!(err, SpecError::NoPaths);
    assert!(err.to_string().contains("paths"));
}

#[test]
fn odd_content_is_skipped_not_fatal() {
    let catalog = Catalog::from_spec(json!({
        "openapi": "3.0.0",
        "info": "not an object",
        "paths": {
            "/a": {"get": "not an op", "trace": {"responses": {}}, "post": {"tags": [1, "T"],
                "parameters": [{"$ref": "#/nowhere"}, 7],
                "requestBody": {"$ref": "#/components/requestBodies/Missing"},
                "responses": {"200": {"$ref": "#/x"}}}},
            "/b": 5
        }
    }));
    assert_eq!(catalog.operations.len(), 1);
    assert_eq!(catalog.skipped, ["TRACE /a"]);
    assert_eq!(catalog.title, "");
    assert!(catalog.skeleton(0).is_none());
    assert!(catalog.skeleton(99).is_none());
    assert_eq!(catalog.search("a", 10), [0]);
}

#[test]
fn every_raw_upload_quirk_names_a_real_operation() {
    let Some(spec) = fixture("openapi.json") else {
        return;
    };
    let catalog = Catalog::from_spec(spec);
    let raw: Vec<_> = catalog.operations.iter().filter(|o| o.raw_upload).collect();
    // The quirk table lists 13 (method, path) pairs; all exist in 1.11.2 without a body.
    assert_eq!(raw.len(), 13, "{raw:#?}");
    assert!(raw.iter().all(|o| o.body.is_none()));
}

#[test]
fn catalog_is_shareable_across_threads() {
    fn check<T: Send + Sync + Clone + std::fmt::Debug>() {}
    check::<Catalog>();
}
