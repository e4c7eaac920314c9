//! Introspection answers: read by core's schema engine, shaped like the real
//! 1.11.2 schema, honouring the selections asked; and paging over HTTP.

use std::path::PathBuf;

use ayon_explorer_core::graphql_schema::{INTROSPECTION_QUERY, Schema, validate};
use serde_json::{Value, json};

use super::data::{Snapshot, user_node};
use super::exec::{GraphqlRequest, execute};
use crate::records::{ProjectRecord, UserRecord};
use crate::{Sandbox, SandboxConfig};

fn run(query: &str) -> Value {
    let admin = UserRecord::new("admin", serde_json::Map::new(), serde_json::Map::new());
    let snapshot = Snapshot {
        me: user_node(&admin),
        users: vec![user_node(&admin)],
        projects: Vec::new(),
    };
    let request = GraphqlRequest {
        query: query.into(),
        ..GraphqlRequest::default()
    };
    execute(&request, &snapshot)
}

/// A started sandbox (without the demo project) and an admin token.
async fn sandbox_with_token() -> (Sandbox, reqwest::Client, String) {
    let sandbox = Sandbox::start(SandboxConfig {
        seed_demo_project: false,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts");
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{}/api/auth/login", sandbox.base_url()))
        .json(&json!({"name": sandbox.admin_name(), "password": sandbox.admin_password()}))
        .send()
        .await
        .expect("login answers")
        .json()
        .await
        .expect("login JSON");
    let token = login["token"].as_str().unwrap_or_default().to_owned();
    assert!(!token.is_empty(), "no token: {login}");
    (sandbox, http, token)
}

async fn post_graphql(
    sandbox: &Sandbox,
    http: &reqwest::Client,
    token: &str,
    body: Value,
) -> Vec<u8> {
    let reply = http
        .post(format!("{}/graphql", sandbox.base_url()))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("graphql answers");
    assert_eq!(reply.status(), 200);
    reply.bytes().await.expect("a body").to_vec()
}

#[tokio::test]
async fn core_reads_the_introspection_answer_over_http() {
    let (sandbox, http, token) = sandbox_with_token().await;
    let body = post_graphql(
        &sandbox,
        &http,
        &token,
        json!({"query": INTROSPECTION_QUERY, "operationName": "IntrospectionQuery"}),
    )
    .await;
    sandbox.shutdown().await;
    let answer: Value = serde_json::from_slice(&body).expect("JSON");
    assert!(answer.get("errors").is_none(), "{answer}");
    let listed = answer["data"]["__schema"]["types"]
        .as_array()
        .map_or(0, Vec::len);
    let schema = Schema::from_introspection(&body).expect("core reads the answer");
    assert_eq!(schema.type_count(), listed);
    for name in [
        "Query",
        "ProjectNode",
        "ProjectsConnection",
        "ProjectEdge",
        "PageInfo",
        "UserNode",
        "UsersConnection",
        "String",
        "Int",
        "Boolean",
        "DateTime",
        "__Type",
        "__TypeKind",
    ] {
        assert!(schema.type_named(name).is_some(), "{name} is missing");
    }
    assert!(schema.directive("include").is_some() && schema.directive("skip").is_some());
    let good = "{ projects(first: 2) { edges { node { name code active } } pageInfo { hasNextPage endCursor } } }";
    assert_eq!(validate(&schema, good), Vec::new());
    let problems = validate(&schema, "{ projects { edges { node { nam } } } }");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].message.contains("nam"),
        "{}",
        problems[0].message
    );
}

/// `[String!]!` from a type reference of an introspection answer.
fn printed(type_ref: &Value) -> String {
    match type_ref["kind"].as_str() {
        Some("NON_NULL") => format!("{}!", printed(&type_ref["ofType"])),
        Some("LIST") => format!("[{}]", printed(&type_ref["ofType"])),
        _ => type_ref["name"].as_str().unwrap_or("?").to_owned(),
    }
}

/// The entries of `list` by their `name`.
fn by_name(list: &Value) -> Vec<(&str, &Value)> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| Some((item["name"].as_str()?, item)))
        .collect()
}

/// A description the sandbox gives must be the real one.
fn described(mismatches: &mut Vec<String>, what: &str, ours: &Value, real: &Value) {
    if !ours["description"].is_null() && ours["description"] != real["description"] {
        mismatches.push(format!(
            "{what}: description {} vs {}",
            ours["description"], real["description"]
        ));
    }
}

#[test]
fn every_listed_field_and_argument_is_as_in_the_1_11_2_fixture() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures/ayon-1.11.2/graphql-introspection.json");
    let Ok(bytes) = std::fs::read(&path) else {
        println!(
            "skipped: {} is absent, so the real schema is not compared",
            path.display()
        );
        return;
    };
    let fixture: Value = serde_json::from_slice(&bytes).expect("the fixture is JSON");
    let real = by_name(&fixture["data"]["__schema"]["types"]);
    let ours = run(INTROSPECTION_QUERY);
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for (name, ty) in by_name(&ours["data"]["__schema"]["types"]) {
        let Some((_, real_ty)) = real.iter().find(|(n, _)| *n == name) else {
            mismatches.push(format!("type {name} is not in the fixture"));
            continue;
        };
        described(&mut mismatches, name, ty, real_ty);
        if ty["kind"] != real_ty["kind"] {
            mismatches.push(format!(
                "{name}: kind {} vs {}",
                ty["kind"], real_ty["kind"]
            ));
        }
        let real_fields = by_name(&real_ty["fields"]);
        for (field, def) in by_name(&ty["fields"]) {
            let Some((_, real_def)) = real_fields.iter().find(|(n, _)| *n == field) else {
                mismatches.push(format!("{name}.{field} is not in the fixture"));
                continue;
            };
            compared += 1;
            described(&mut mismatches, &format!("{name}.{field}"), def, real_def);
            let (mine, theirs) = (printed(&def["type"]), printed(&real_def["type"]));
            if mine != theirs {
                mismatches.push(format!("{name}.{field}: {mine} vs {theirs}"));
            }
            let real_args = by_name(&real_def["args"]);
            for (arg, arg_def) in by_name(&def["args"]) {
                match real_args.iter().find(|(n, _)| *n == arg) {
                    Some((_, real_arg)) => {
                        described(
                            &mut mismatches,
                            &format!("{name}.{field}({arg})"),
                            arg_def,
                            real_arg,
                        );
                        let (mine, theirs) =
                            (printed(&arg_def["type"]), printed(&real_arg["type"]));
                        if mine != theirs || arg_def["defaultValue"] != real_arg["defaultValue"] {
                            mismatches.push(format!(
                                "{name}.{field}({arg}): {mine} = {} vs {theirs} = {}",
                                arg_def["defaultValue"], real_arg["defaultValue"]
                            ));
                        }
                    }
                    None => mismatches.push(format!("{name}.{field}({arg}) is not in the fixture")),
                }
            }
        }
    }
    assert!(mismatches.is_empty(), "{mismatches:#?}");
    assert!(compared > 80, "only {compared} fields compared");
}

#[test]
fn type_by_name_lists_its_fields() {
    let answer = run(
        "{ __type(name: \"ProjectNode\") { kind name fields { name type { kind name ofType { kind name } } } } }",
    );
    let ty = &answer["data"]["__type"];
    assert_eq!(ty["kind"], "OBJECT");
    assert_eq!(ty["name"], "ProjectNode");
    let fields = by_name(&ty["fields"]);
    let names: Vec<&str> = fields.iter().map(|(n, _)| *n).collect();
    for wanted in ["name", "code", "active", "folderTypes", "tags"] {
        assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
    }
    let code = fields.iter().find(|(n, _)| *n == "code").map(|(_, f)| *f);
    assert_eq!(
        code.map(|f| &f["type"]),
        Some(
            &json!({"kind": "NON_NULL", "name": null, "ofType": {"kind": "SCALAR", "name": "String"}})
        )
    );
    // Only what was asked comes back.
    assert_eq!(ty.as_object().map(|o| o.len()), Some(3));
    assert_eq!(
        run("{ __type(name: \"Nope\") { name } }"),
        json!({"data": {"__type": null}})
    );
}

#[test]
fn introspection_mixes_with_fields_aliases_and_fragments() {
    let answer = run(
        "{ me { name } __typename s: __schema { q: queryType { n: name __typename } m: mutationType { name } } \
           edge: __type(name: \"ProjectsConnection\") { fields { name type { ofType { ...Named } } } } } \
         fragment Named on __Type { name kind fields { name } }",
    );
    assert!(answer.get("errors").is_none(), "{answer}");
    let data = &answer["data"];
    assert_eq!(data["me"]["name"], "admin");
    assert_eq!(data["__typename"], "Query");
    assert_eq!(
        data["s"],
        json!({"q": {"n": "Query", "__typename": "__Type"}, "m": null})
    );
    // A field's type is a reference, yet its fields can be read through it.
    let page_info = &data["edge"]["fields"][0];
    assert_eq!(page_info["name"], "pageInfo");
    assert_eq!(page_info["type"]["ofType"]["name"], "PageInfo");
    assert_eq!(page_info["type"]["ofType"]["kind"], "OBJECT");
    assert_eq!(
        page_info["type"]["ofType"]["fields"][0]["name"],
        "hasNextPage"
    );
}

#[test]
fn unknown_introspection_fields_are_reported_like_others() {
    let answer = run("{ __type(name: \"Tag\") { nam } }");
    assert_eq!(
        answer,
        json!({"data": null, "errors": [{
            "message": "Cannot query field 'nam' on type '__Type'. Did you mean 'name'?",
            "locations": [{"line": 1, "column": 25}],
        }]})
    );
    let deep = run("{ __schema { types { fields { nmae } } } }");
    assert_eq!(
        deep["errors"][0]["message"],
        "Cannot query field 'nmae' on type '__Field'. Did you mean 'name'?"
    );
    let not_root = run("{ me { __schema { description } } }");
    assert_eq!(
        not_root["errors"][0]["message"],
        "Cannot query field '__schema' on type 'UserNode'."
    );
    let no_name = run("{ __type { name } }");
    assert_eq!(
        no_name["errors"][0]["message"],
        "Field '__type' argument 'name' of type 'String!' is required, but it was not provided."
    );
}

#[tokio::test]
async fn pages_of_100_over_250_projects() {
    let (sandbox, http, token) = sandbox_with_token().await;
    {
        let mut store = sandbox.state().store();
        for i in 0..250 {
            store.insert_project(ProjectRecord::with_default_anatomy(
                format!("paged_{i:03}"),
                format!("pg{i:03}"),
            ));
        }
    }
    let query = "query Page($after: String) { projects(first: 100, after: $after) { \
                 edges { node { name } } pageInfo { hasNextPage endCursor } } }";
    let mut after = Value::Null;
    let mut pages = Vec::new();
    let mut names = Vec::new();
    for _ in 0..4 {
        let body = post_graphql(
            &sandbox,
            &http,
            &token,
            json!({"query": query, "variables": {"after": after}}),
        )
        .await;
        let answer: Value = serde_json::from_slice(&body).expect("JSON");
        let projects = &answer["data"]["projects"];
        let edges = projects["edges"].as_array().cloned().unwrap_or_default();
        names.extend(
            edges
                .iter()
                .filter_map(|e| e["node"]["name"].as_str().map(str::to_owned)),
        );
        let more = projects["pageInfo"]["hasNextPage"] == true;
        pages.push((edges.len(), more));
        after = projects["pageInfo"]["endCursor"].clone();
        if !more {
            break;
        }
    }
    sandbox.shutdown().await;
    assert_eq!(pages, [(100, true), (100, true), (50, false)]);
    let expected: Vec<String> = (0..250).map(|i| format!("paged_{i:03}")).collect();
    assert_eq!(names, expected);
}
