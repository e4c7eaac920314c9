//! Unit tests of the executor against a hand-made snapshot.

use serde_json::{Value, json};

use super::data::{Snapshot, project_node, user_node};
use super::exec::{GraphqlRequest, execute};
use crate::records::{ProjectRecord, UserRecord};

fn snapshot() -> Snapshot {
    let mut attrib = serde_json::Map::new();
    attrib.insert("fullName".into(), json!("Sandbox Admin"));
    let mut data = serde_json::Map::new();
    data.insert("isAdmin".into(), json!(true));
    let admin = UserRecord::new("admin", attrib, data);
    let mut service_data = serde_json::Map::new();
    service_data.insert("isService".into(), json!(true));
    let service = UserRecord::new("lab_service", serde_json::Map::new(), service_data);
    Snapshot {
        me: user_node(&admin),
        users: vec![user_node(&admin), user_node(&service)],
        projects: vec![
            project_node(&ProjectRecord::with_default_anatomy("demo_project", "demo")),
            project_node(&ProjectRecord::with_default_anatomy("put_project", "putp")),
        ],
    }
}

fn run(query: &str) -> Value {
    run_with(query, json!({}), None)
}

fn run_with(query: &str, variables: Value, operation_name: Option<&str>) -> Value {
    let request = GraphqlRequest {
        query: query.into(),
        variables: variables.as_object().cloned().unwrap_or_default(),
        operation_name: operation_name.map(str::to_owned),
    };
    execute(&request, &snapshot())
}

#[test]
fn projects_as_fixture_80() {
    let answer = run("{ projects { edges { node { name code active } } } }");
    assert_eq!(
        answer,
        json!({"data": {"projects": {"edges": [
            {"node": {"name": "demo_project", "code": "demo", "active": true}},
            {"node": {"name": "put_project", "code": "putp", "active": true}},
        ]}}})
    );
    let by_code = run(
        "{ p: project(code: \"PUTP\") { name } projects(name: \"DEMO_project\") { edges { node { code } } } }",
    );
    assert_eq!(
        by_code["data"],
        json!({"p": {"name": "put_project"}, "projects": {"edges": [{"node": {"code": "demo"}}]}})
    );
    let first = run("{ projects(first: 1) { edges { node { name } } pageInfo { hasNextPage } } }");
    assert_eq!(
        first["data"]["projects"]["edges"][0]["node"]["name"],
        "demo_project"
    );
    assert_eq!(first["data"]["projects"]["pageInfo"]["hasNextPage"], true);
}

#[test]
fn variables_as_fixture_80b() {
    let answer = run_with(
        "query P($n: String!) { project(name: $n) { name code folderTypes { name } } }",
        json!({"n": "demo_project"}),
        None,
    );
    assert_eq!(answer["data"]["project"]["code"], "demo");
    assert!(answer["data"]["project"]["folderTypes"][0]["name"].is_string());
    let missing = run_with(
        "query P($n: String!) { project(name: $n) { name } }",
        json!({}),
        None,
    );
    assert_eq!(
        missing["errors"][0]["message"],
        "Variable '$n' of required type 'String!' was not provided."
    );
    // A 404 from the resolver, as 1.11.2 answers it (more/1212).
    let unknown = run("{ project(name: \"nothing\") { name } }");
    assert_eq!(
        unknown,
        json!({"data": null, "errors": [{
            "message": "Project not found",
            "locations": [{"line": 1, "column": 3}],
            "path": ["project"],
            "extensions": {"status": 404},
        }]})
    );
    let nobody = run("{ me { name } other: user(name: \"nobody\") { name } }");
    assert_eq!(nobody["data"], Value::Null);
    assert_eq!(nobody["errors"][0]["message"], "User not found");
    assert_eq!(nobody["errors"][0]["path"], json!(["other"]));
}

#[test]
fn unknown_field_as_fixture_82() {
    let answer = run("{ projects { edges { node { nope } } } }");
    assert_eq!(
        answer,
        json!({"data": null, "errors": [{
            "message": "Cannot query field 'nope' on type 'ProjectNode'. Did you mean 'code' or 'name'?",
            "locations": [{"line": 1, "column": 29}],
        }]})
    );
    let no_hint = run("{ me { zzzzzzzz } }");
    assert_eq!(
        no_hint["errors"][0]["message"],
        "Cannot query field 'zzzzzzzz' on type 'UserNode'."
    );
}

#[test]
fn users_as_fixture_83() {
    let answer = run("{ users { edges { node { name isAdmin isService } } } }");
    assert_eq!(
        answer,
        json!({"data": {"users": {"edges": [
            {"node": {"name": "admin", "isAdmin": true, "isService": false}},
            {"node": {"name": "lab_service", "isAdmin": false, "isService": true}},
        ]}}})
    );
}

#[test]
fn aliases_typename_fragments_and_directives() {
    let answer = run_with(
        "query Mine($skip: Boolean = true) { \
           who: me { __typename ...U attrib { fullName } } \
           p: project(name: \"demo_project\") { ... on ProjectNode { code } name @skip(if: $skip) } \
         } \
         fragment U on UserNode { name isAdmin }",
        json!({}),
        None,
    );
    assert_eq!(
        answer,
        json!({"data": {
            "who": {"__typename": "UserNode", "name": "admin", "isAdmin": true, "attrib": {"fullName": "Sandbox Admin"}},
            "p": {"code": "demo"},
        }})
    );
}

#[test]
fn operation_name_chooses() {
    let doc = "query A { me { name } } query B { projects { edges { node { code } } } }";
    let b = run_with(doc, json!({}), Some("B"));
    assert_eq!(b["data"]["projects"]["edges"][0]["node"]["code"], "demo");
    let neither = run(doc);
    assert_eq!(
        neither["errors"][0]["message"],
        "Must provide operation name if query contains multiple operations."
    );
    assert!(neither["errors"][0].get("locations").is_none());
    let unknown = run_with(doc, json!({}), Some("C"));
    assert_eq!(
        unknown["errors"][0]["message"],
        "Unknown operation named 'C'."
    );
}

#[test]
fn syntax_errors_have_a_location() {
    let answer = run("{ projects { edges { node { name } }");
    assert_eq!(answer["data"], Value::Null);
    let message = answer["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("Syntax Error: "), "{message}");
    assert_eq!(answer["errors"][0]["locations"][0]["line"], 1);
    assert!(answer["errors"][0]["locations"][0]["column"].is_u64());
}

#[test]
fn validation_errors() {
    let mutation = run("mutation { me { name } }");
    assert_eq!(
        mutation["errors"][0]["message"],
        "The sandbox answers queries only: mutations are not supported."
    );
    let no_sub = run("{ me }");
    assert_eq!(
        no_sub["errors"][0]["message"],
        "Field 'me' of type 'UserNode!' must have a selection of subfields. Did you mean 'me { ... }'?"
    );
    let scalar_sub = run("{ me { name { x } } }");
    assert!(
        scalar_sub["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("must not have a selection"))
    );
    let missing_arg = run("{ user { name } }");
    assert_eq!(
        missing_arg["errors"][0]["message"],
        "Field 'user' argument 'name' of type 'String!' is required, but it was not provided."
    );
    // `project` takes `name` or `code`, both optional in the schema; the
    // resolver answers 400 without either.
    let neither = run("{ project { name } }");
    assert_eq!(
        neither,
        json!({"data": null, "errors": [{
            "message": "Either name or code must be provided.",
            "locations": [{"line": 1, "column": 3}],
            "path": ["project"],
            "extensions": {"status": 400},
        }]})
    );
    let bad_arg = run("{ projects(frist: 2) { edges { node { name } } } }");
    assert_eq!(
        bad_arg["errors"][0]["message"],
        "Unknown argument 'frist' on field 'Query.projects'. Did you mean 'first' or 'last'?"
    );
    let bad_type = run("{ projects(first: \"two\") { edges { node { name } } } }");
    assert_eq!(
        bad_type["errors"][0]["message"],
        "Int cannot represent non-integer value: \"two\""
    );
    let undefined = run("query Q { project(name: $n) { name } }");
    assert_eq!(
        undefined["errors"][0]["message"],
        "Variable '$n' is not defined by operation 'Q'."
    );
    let cycle = run("{ me { ...A } } fragment A on UserNode { ...A }");
    assert_eq!(
        cycle["errors"][0]["message"],
        "Cannot spread fragment 'A' within itself."
    );
    let conflict = run("{ me { a: name a: active } }");
    assert!(
        conflict["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Fields 'a' conflict"))
    );
}

#[test]
fn exponential_fragments_are_cut_off() {
    let mut doc = String::from("{ me { ...F0 } }");
    for i in 0..30 {
        doc.push_str(&format!(
            " fragment F{i} on UserNode {{ name ...F{n} ...F{n} }}",
            n = i + 1
        ));
    }
    doc.push_str(" fragment F30 on UserNode { name }");
    let answer = run(&doc);
    assert_eq!(answer["data"], Value::Null);
    assert_eq!(
        answer["errors"][0]["message"],
        "The query is too large for the sandbox."
    );
}
