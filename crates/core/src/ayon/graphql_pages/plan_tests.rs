//! Planning tests: which connection, its path, the rewritten query.

use super::plan::{PlanError, plan_pages, plan_request_body};

/// The rewritten query on one line, whitespace collapsed (the printer lays it out).
fn flat(query: &str) -> String {
    query.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn an_anonymous_query_gets_a_cursor_variable_and_page_info() {
    let plan =
        plan_pages("{ projects(first: 100) { edges { node { name } } } }", None).expect("a plan");
    assert_eq!(plan.path, ["projects"]);
    assert_eq!(plan.cursor_variable, "after");
    assert_eq!(plan.start_cursor, None);
    assert_eq!(plan.operation_name, None);
    assert_eq!(
        flat(&plan.query),
        "query($after: String) { projects(first: 100, after: $after) { edges { node { name } } \
         pageInfo { hasNextPage endCursor } } }"
    );
    assert_eq!(
        (
            plan.edges_key.as_str(),
            plan.page_info_key.as_str(),
            plan.has_next_key.as_str(),
            plan.end_cursor_key.as_str()
        ),
        ("edges", "pageInfo", "hasNextPage", "endCursor")
    );
}

#[test]
fn aliases_are_followed_for_the_path_and_the_keys() {
    let plan = plan_pages(
        "query { all: projects { items: edges { node { name } } info: pageInfo { more: hasNextPage } } }",
        None,
    )
    .expect("a plan");
    assert_eq!(plan.path, ["all"]);
    assert_eq!(plan.edges_key, "items");
    assert_eq!(plan.page_info_key, "info");
    assert_eq!(plan.has_next_key, "more");
    assert_eq!(plan.end_cursor_key, "endCursor");
    assert!(
        flat(&plan.query).contains("info: pageInfo { more: hasNextPage endCursor }"),
        "{}",
        plan.query
    );
}

#[test]
fn an_existing_after_variable_is_reused() {
    let query = "query P($c: String, $n: Int) { projects(first: $n, after: $c) { edges { node { name } } pageInfo { hasNextPage endCursor } } }";
    let plan = plan_pages(query, Some("P")).expect("a plan");
    assert_eq!(plan.cursor_variable, "c");
    assert_eq!(plan.operation_name.as_deref(), Some("P"));
    assert_eq!(flat(&plan.query), flat(&graphql_parser_print(query)));
    // Used but not declared: declared for it.
    let plan = plan_pages("{ projects(after: $x) { edges { cursor } } }", None).expect("a plan");
    assert_eq!(plan.cursor_variable, "x");
    assert!(
        flat(&plan.query).starts_with("query($x: String)"),
        "{}",
        plan.query
    );
}

fn graphql_parser_print(query: &str) -> String {
    graphql_parser::parse_query::<&str>(query)
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn a_literal_after_becomes_the_start_cursor() {
    let plan = plan_pages(
        "query Q($after: ID) { projects(after: \"abc\") { edges { node { name } } } }",
        None,
    )
    .expect("a plan");
    assert_eq!(plan.start_cursor.as_deref(), Some("abc"));
    // `$after` is taken: a fresh name.
    assert_eq!(plan.cursor_variable, "after2");
    assert_eq!(
        flat(&plan.query),
        "query Q($after: ID, $after2: String) { projects(after: $after2) { edges { node { name \
         } } pageInfo { hasNextPage endCursor } } }"
    );
    let plan = plan_pages("{ projects(after: null) { edges { cursor } } }", None).expect("plan");
    assert_eq!(plan.start_cursor, None);
    assert!(matches!(
        plan_pages("{ projects(after: 3) { edges { cursor } } }", None),
        Err(PlanError::BadAfter { .. })
    ));
}

#[test]
fn a_nested_connection_is_found_under_its_parent() {
    let plan = plan_pages(
        "{ project(name: \"x\") { name folders(first: 50) { edges { node { id } } } } }",
        None,
    )
    .expect("a plan");
    assert_eq!(plan.path, ["project", "folders"]);
    assert_eq!(plan.field_path(), "project.folders");
    assert!(
        flat(&plan.query).contains("folders(first: 50, after: $after)"),
        "{}",
        plan.query
    );
    // The outermost connection wins over one inside its nodes.
    let plan = plan_pages(
        "{ projects { edges { node { folders { edges { node { id } } } } } } }",
        None,
    )
    .expect("a plan");
    assert_eq!(plan.path, ["projects"]);
}

#[test]
fn queries_that_cannot_be_paged_say_why() {
    let error = plan_pages("{ users { name } }", None).unwrap_err();
    assert_eq!(error, PlanError::NoConnection);
    assert!(
        error.to_string().starts_with("No connection field"),
        "{error}"
    );
    assert!(matches!(
        plan_pages("{ projects { ", None),
        Err(PlanError::Syntax(_))
    ));
    assert_eq!(
        plan_pages("query A { a } query B { b }", None),
        Err(PlanError::SeveralOperations)
    );
    assert_eq!(
        plan_pages("query A { a }", Some("B")),
        Err(PlanError::NoSuchOperation("B".into()))
    );
    assert_eq!(
        plan_pages("mutation { x { edges { id } } }", None),
        Err(PlanError::NotAQuery("mutation"))
    );
    // The named operation is the one planned.
    let plan = plan_pages(
        "query A { a } query B { projects { edges { cursor } } }",
        Some("B"),
    )
    .expect("a plan");
    assert_eq!(plan.path, ["projects"]);
}

#[test]
fn a_request_body_gives_the_plan_and_its_variables() {
    let body = br#"{"query":"query P($n: Int) { projects(first: $n) { edges { cursor } } }","variables":{"n":2},"operationName":"P"}"#;
    let (plan, variables) = plan_request_body(body).expect("a plan");
    assert_eq!(plan.operation_name.as_deref(), Some("P"));
    assert_eq!(variables.get("n"), Some(&serde_json::json!(2)));
    assert!(matches!(
        plan_request_body(b"[1]"),
        Err(PlanError::NotGraphQl(_))
    ));
    assert!(matches!(
        plan_request_body(br#"{"query": "{ a }", "variables": 3}"#),
        Err(PlanError::NotGraphQl(_))
    ));
}
