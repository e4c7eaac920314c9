//! The JSON tree and the JSONPath filter on a real AYON answer (fixture
//! `06b_project_get`, skipped with a message when the shared folder is
//! absent) and on a small body written here.

use std::path::Path;

use ayon_rest_explorer::body::jsonpath::{parse_body, parse_path, run_query};
use ayon_rest_explorer::body::{BodyText, JobControl, JsonTree, PrettyJson};

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/ayon-1.11.2/"
);

/// The body of a recorded exchange, or None (after saying so) when the shared folder is absent.
fn fixture_body(name: &str) -> Option<String> {
    if !Path::new(FIXTURES).is_dir() {
        println!("skipped: fixtures folder absent at {FIXTURES}");
        return None;
    }
    let text = std::fs::read_to_string(format!("{FIXTURES}{name}")).expect("read fixture");
    let body = text
        .split_once("\r\n\r\n")
        .or_else(|| text.split_once("\n\n"))
        .map(|(_, body)| body.trim().to_owned());
    Some(body.expect("the fixture has a body"))
}

fn document(text: &str) -> PrettyJson {
    PrettyJson::build(BodyText::from_string(text.to_owned())).expect("valid JSON")
}

fn labels(tree: &JsonTree) -> Vec<String> {
    (0..tree.len())
        .filter_map(|i| tree.label(i))
        .map(|l| format!("{}: {}", l.key, l.value))
        .collect()
}

/// Opens the child of entry `parent` whose key is `key`; returns its entry.
fn open(tree: &mut JsonTree, parent: usize, key: &str) -> usize {
    let depth = tree.entry(parent).expect("parent").depth;
    let child = (parent + 1..tree.len())
        .take_while(|&i| tree.entry(i).is_some_and(|e| e.depth > depth))
        .find(|&i| tree.label(i).is_some_and(|l| l.key == key))
        .unwrap_or_else(|| panic!("no child {key} under {parent}: {:?}", labels(tree)));
    if !tree.is_expanded(child) {
        tree.toggle(child);
    }
    child
}

fn query(text: &str, expression: &str) -> (usize, String) {
    let value = parse_body(&BodyText::from_string(text.to_owned())).expect("valid JSON");
    let path = parse_path(expression).expect("valid JSONPath");
    let out = run_query(&path, &value, false, &JobControl::default());
    (out.count, out.document.as_str().to_owned())
}

#[test]
fn tree_of_a_real_project() {
    let Some(body) = fixture_body("06b_project_get.txt") else {
        return;
    };
    let value: serde_json::Value = serde_json::from_str(&body).expect("JSON body");
    let mut tree = JsonTree::new(document(&body));
    let keys = value.as_object().map_or(0, |o| o.len());
    assert_eq!(labels(&tree)[0], format!("$: {{…}} {keys} keys"));
    assert_eq!(labels(&tree)[1], "name: \"demo_project\"");
    let folder_types = open(&mut tree, 0, "folderTypes");
    assert_eq!(
        tree.label(folder_types).map(|l| l.value),
        Some("[…] 6 items".to_owned())
    );
    let shot = open(&mut tree, folder_types, "[5]");
    let name = open(&mut tree, shot, "name");
    assert_eq!(tree.path(name), "$.folderTypes[5].name");
    assert_eq!(tree.value(name), "\"Shot\"");
    let config = open(&mut tree, 0, "config");
    let roots = open(&mut tree, config, "roots");
    let work = open(&mut tree, roots, "work");
    assert_eq!(tree.path(work), "$.config.roots.work");
    let copied: serde_json::Value = serde_json::from_str(&tree.value(work)).expect("JSON");
    assert_eq!(copied, value["config"]["roots"]["work"]);
}

#[test]
fn jsonpath_on_a_real_project() {
    let Some(body) = fixture_body("06b_project_get.txt") else {
        return;
    };
    assert_eq!(
        query(&body, "$.taskTypes[?@.shortName == 'anim'].name"),
        (1, "[\n  \"Animation\"\n]".to_owned())
    );
    assert_eq!(query(&body, "$.statuses[*].name").0, 7);
    assert!(query(&body, "$..color").0 > 20);
    let error = parse_path("$.statuses[?@.name ==]").expect_err("invalid");
    assert!(error.column > 10, "{error}");
}

const SMALL: &str = r#"{"projects":[{"name":"demo","code":"dm","active":true},{"name":"big show","code":"bs","active":false}],"count":2,"odd key":{"x y":[[],{}]}}"#;

#[test]
fn tree_of_a_small_body() {
    let mut tree = JsonTree::new(document(SMALL));
    assert_eq!(
        labels(&tree),
        [
            "$: {…} 3 keys",
            "projects: […] 2 items",
            "count: 2",
            "odd key: {…} 1 key"
        ]
    );
    let projects = open(&mut tree, 0, "projects");
    let second = open(&mut tree, projects, "[1]");
    let code = open(&mut tree, second, "code");
    assert_eq!(tree.path(code), "$.projects[1].code");
    let odd = open(&mut tree, 0, "odd key");
    let xy = open(&mut tree, odd, "x y");
    assert_eq!(tree.path(xy), "$['odd key']['x y']");
    assert_eq!(
        labels(&tree)[xy + 1..],
        ["[0]: []".to_owned(), "[1]: {}".to_owned()]
    );
}

#[test]
fn jsonpath_on_a_small_body() {
    assert_eq!(
        query(SMALL, "$.projects[?@.active == false].code"),
        (1, "[\n  \"bs\"\n]".to_owned())
    );
    assert_eq!(query(SMALL, "$.missing").0, 0);
    let error = parse_path("$.projects[?@.active ==").expect_err("invalid");
    assert!(error.to_string().starts_with("column "), "{error}");
}
