//! The schema engine against real AYON introspection answers (`../shared/fixtures`), and a
//! small inline schema for what AYON's does not have (enums in required places, input
//! objects with required fields).

use super::*;
use std::path::PathBuf;

fn fixture(version: &str) -> Option<Vec<u8>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/fixtures")
        .join(format!("ayon-{version}/graphql-introspection.json"));
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            println!(
                "skipped: {} is absent, so the real schema is not read",
                path.display()
            );
            None
        }
    }
}

fn ayon_1_11() -> Option<Schema> {
    fixture("1.11.2").map(|b| Schema::from_introspection(&b).expect("the 1.11.2 fixture parses"))
}

fn labels(c: &Completions) -> Vec<String> {
    c.items.iter().map(|i| i.label.clone()).collect()
}

fn at_end(schema: &Schema, text: &str) -> Completions {
    complete(schema, text, text.len())
}

fn messages(schema: &Schema, text: &str) -> Vec<String> {
    validate(schema, text)
        .into_iter()
        .map(|d| d.message)
        .collect()
}

#[test]
fn the_1_11_2_schema_has_79_types() {
    let Some(schema) = ayon_1_11() else { return };
    assert_eq!(schema.type_count(), 79);
    assert_eq!(schema.query_type().map(|q| q.name.as_str()), Some("Query"));
    assert!(schema.mutation_type().is_none());
    let projects = schema
        .query_type()
        .and_then(|q| q.field("projects"))
        .expect("projects");
    assert_eq!(projects.type_ref.display(), "ProjectsConnection!");
    assert_eq!(projects.type_ref.named(), "ProjectsConnection");
}

#[test]
fn the_1_16_0_schema_parses_with_more_types() {
    let Some(bytes) = fixture("1.16.0") else {
        return;
    };
    let schema = Schema::from_introspection(&bytes).expect("the 1.16.0 fixture parses");
    println!("1.16.0: {} types", schema.type_count());
    assert!(schema.type_count() > 79, "{}", schema.type_count());
}

#[test]
fn fields_complete_from_query_down() {
    let Some(schema) = ayon_1_11() else { return };
    let text = "{ projects { edges { node { na";
    let c = at_end(&schema, text);
    assert_eq!(
        c.items.first().map(|i| i.label.as_str()),
        Some("name"),
        "{:?}",
        labels(&c)
    );
    assert_eq!(c.replace_range, text.len() - 2..text.len());
    assert_eq!(c.items[0].kind, CompletionKind::Field);
    assert_eq!(c.items[0].detail, "String!");
    // Substring matches come after prefix matches.
    assert!(
        labels(&c).iter().any(|l| l == "projectName"),
        "{:?}",
        labels(&c)
    );
    // Aliases, and the middle of a document: completion looks only before the cursor.
    let text = "{ p: project(name: \"x\") { fo } }";
    let cursor = text.find("fo }").expect("fo") + 2;
    let l = labels(&complete(&schema, text, cursor)).join(" ");
    assert!(l.starts_with("folder folders folderTypes"), "{l}");
}

#[test]
fn arguments_complete_inside_the_parentheses() {
    let Some(schema) = ayon_1_11() else { return };
    let c = at_end(&schema, "{ projects(");
    let l = labels(&c);
    for arg in ["name", "code", "first", "after", "last", "before"] {
        assert!(l.iter().any(|l| l == arg), "{l:?}");
    }
    assert!(c.items.iter().all(|i| i.kind == CompletionKind::Argument));
    let l = labels(&at_end(&schema, "{ projects(first: 10, a"));
    assert_eq!(l.first().map(String::as_str), Some("after"), "{l:?}");
    assert!(!l.iter().any(|l| l == "first"));
}

#[test]
fn enum_arguments_offer_their_values() {
    let Some(schema) = ayon_1_11() else { return };
    let text = r#"{ project(name: "p") { folders(hasLinks: "#;
    let l = labels(&at_end(&schema, text));
    assert_eq!(l, ["ANY", "BOTH", "IN", "NONE", "OUT"]);
    let l = labels(&at_end(&schema, &format!("{text}B")));
    assert_eq!(l, ["BOTH"]);
}

#[test]
fn variables_complete_after_dollar_and_in_values() {
    let Some(schema) = ayon_1_11() else { return };
    let head =
        "query Q($project: String!, $count: Int, $links: HasLinksFilter) {\n  project(name: ";
    let c = at_end(&schema, &format!("{head}$"));
    assert_eq!(labels(&c), ["$project"], "only variables that fit a String");
    assert_eq!(c.replace_range.len(), 1, "the $ is replaced too");
    let c = at_end(&schema, &format!("{head}$pr"));
    assert_eq!(labels(&c), ["$project"]);
    let text = format!("{head}$project) {{ folders(first: ");
    assert_eq!(labels(&at_end(&schema, &text)), ["$count"]);
    let text = format!("{head}$project) {{ folders(hasLinks: ");
    let l = labels(&at_end(&schema, &text));
    assert!(
        l.iter().any(|l| l == "$links") && l.iter().any(|l| l == "ANY"),
        "{l:?}"
    );
}

#[test]
fn spreads_types_and_keywords_complete() {
    let Some(schema) = ayon_1_11() else { return };
    let text = "{ projects { edges { node { ... } } } }\nfragment Proj on ProjectNode { name }";
    let cursor = text.find("... ").expect("spread") + 4;
    let l = labels(&complete(&schema, text, cursor));
    assert_eq!(l, ["on", "Proj"]);
    let l = labels(&at_end(&schema, "{ projects { edges { node { ... on Proj"));
    assert_eq!(l, ["ProjectNode"], "only types that apply on ProjectNode");
    let l = labels(&at_end(&schema, "fragment F on ProjectN"));
    assert_eq!(l, ["ProjectNode"]);
    let l = labels(&at_end(&schema, "q"));
    assert_eq!(l, ["query"]);
    let l = labels(&at_end(&schema, "query Q($a: Has"));
    assert_eq!(l, ["HasLinksFilter"]);
    let l = labels(&at_end(&schema, "{ projects @sk"));
    assert_eq!(l, ["skip"]);
    // Nothing inside strings and comments.
    assert!(at_end(&schema, "{ project(name: \"pro").items.is_empty());
    assert!(at_end(&schema, "{ project(name: \"pro\"").items.is_empty());
    assert!(at_end(&schema, "{ projects # na").items.is_empty());
    let l = labels(&at_end(&schema, "{ project(name: \"p#\", co"));
    assert_eq!(l, ["code"]);
}

#[test]
fn unknown_fields_are_found_with_line_and_column() {
    let Some(schema) = ayon_1_11() else { return };
    let text = "{\n  projects {\n    edges { node { nam } }\n  }\n}";
    let d = validate(&schema, text);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        d[0].message,
        "Unknown field \"nam\" on ProjectNode (did you mean \"name\"?)"
    );
    assert_eq!((d[0].line, d[0].column), (3, 20));
    assert_eq!(&text[d[0].byte_range.clone()], "nam");
}

#[test]
fn arguments_are_checked() {
    let Some(schema) = ayon_1_11() else { return };
    // `project(name:)` is optional on 1.11.2; `user(name:)` and `folder(id:)` are required.
    assert_eq!(
        messages(&schema, "{ user { name } }"),
        ["Missing required argument \"name\" (String!) of field \"user\""]
    );
    assert_eq!(
        messages(&schema, "{ project(name: \"p\") { folder { id } } }"),
        ["Missing required argument \"id\" (String!) of field \"folder\""]
    );
    assert_eq!(
        messages(
            &schema,
            "{ projects(frist: 3) { edges { node { name } } } }"
        ),
        ["Unknown argument \"frist\" on field \"projects\" (did you mean \"first\"?)"]
    );
    assert_eq!(
        messages(
            &schema,
            "{ projects(first: \"ten\") { edges { node { name } } } }"
        ),
        [
            "Wrong value for argument \"first\" of field \"projects\": Int expected, got a string (\"ten\")"
        ]
    );
    let m = messages(
        &schema,
        "{ project(name: \"p\") { folders(hasLinks: SOME) { edges { node { id } } } } }",
    );
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].contains("\"SOME\" is not a value of HasLinksFilter"),
        "{m:?}"
    );
    let m = messages(&schema, "{ projects(name: 3) { edges { node { name } } } }");
    assert!(m[0].contains("String expected, got the number 3"), "{m:?}");
}

#[test]
fn variables_are_checked() {
    let Some(schema) = ayon_1_11() else { return };
    let m = messages(&schema, "query { project(name: $name) { name } }");
    assert_eq!(m, ["Undefined variable \"$name\""]);
    let m = messages(&schema, "query Q($n: Int) { project(name: $n) { name } }");
    assert_eq!(
        m,
        [
            "Variable \"$n\" of type Int cannot be used for argument \"name\" of field \"project\", which expects String"
        ]
    );
    let m = messages(&schema, "query Q($n: String) { user(name: $n) { name } }");
    assert_eq!(m.len(), 1, "a nullable variable in a non-null place: {m:?}");
    let m = messages(
        &schema,
        "query Q($n: Int = \"ten\") { projects(first: $n) { edges { cursor } } }",
    );
    assert_eq!(
        m,
        ["Wrong default for variable \"$n\": Int expected, got a string (\"ten\")"]
    );
    // Fragments below an operation are checked against its variables.
    let text = "query Q($n: String) { projects { edges { node { ...F } } } }\nfragment F on ProjectNode { folders(name: $n, first: $m) { edges { cursor } } }";
    assert_eq!(
        messages(&schema, text),
        ["Undefined variable \"$m\" (did you mean \"$n\"?)"]
    );
    let m = messages(&schema, "query Q($n: Strin) { project(name: $n) { name } }");
    assert!(
        m[0].starts_with("Unknown type Strin of variable \"$n\""),
        "{m:?}"
    );
}

#[test]
fn fragments_and_types_are_checked() {
    let Some(schema) = ayon_1_11() else { return };
    let m = messages(&schema, "{ projects { edges { node { ...Missing } } } }");
    assert_eq!(m, ["Unknown fragment \"Missing\""]);
    let m = messages(
        &schema,
        "{ projects { edges { node { ... on ProjectNod { name } } } } }",
    );
    assert_eq!(m, ["Unknown type ProjectNod"]);
    let m = messages(
        &schema,
        "{ projects { edges { node { ...P } } } }\nfragment P on ProjectNode { name nam }",
    );
    assert_eq!(
        m,
        ["Unknown field \"nam\" on ProjectNode (did you mean \"name\"?)"]
    );
}

#[test]
fn syntax_errors_come_from_the_document_check() {
    let Some(schema) = ayon_1_11() else { return };
    let d = validate(&schema, "{\n  projects { name }\n  }}");
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].line, d[0].column), (3, 4));
    assert!(d[0].message.starts_with("Unexpected `}`"), "{d:?}");
}

/// A query as AYON's own tools send it: a project's folders filtered, paged.
pub(super) const FOLDERS_QUERY: &str = r#"query FolderPage($projectName: String!, $first: Int = 50, $after: String, $types: [String!]) {
  project(name: $projectName) {
    name
    code
    folders(first: $first, after: $after, folderTypes: $types, hasChildren: true, filter: "active") {
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id
          name
          label
          folderType
          path
          parentId
          status
          tags
          attrib { frameStart frameEnd fps }
          ... on FolderNode { updatedAt }
          tasks(first: 10) { edges { node { id name taskType assignees } } }
        }
      }
    }
  }
}
"#;

#[test]
fn a_real_folders_query_validates_clean() {
    let Some(schema) = ayon_1_11() else { return };
    assert_eq!(validate(&schema, FOLDERS_QUERY), Vec::new());
}

#[test]
fn variables_skeleton_and_check() {
    let Some(schema) = ayon_1_11() else { return };
    let skeleton = variables_skeleton(&schema, FOLDERS_QUERY, Some("FolderPage"));
    assert_eq!(
        skeleton,
        serde_json::json!({"projectName": "", "first": 0, "after": "", "types": []})
    );
    assert_eq!(
        variables_skeleton(&schema, FOLDERS_QUERY, Some("Other")),
        serde_json::json!({})
    );
    assert!(check_variables(&schema, FOLDERS_QUERY, &skeleton.to_string()).is_empty());
    let problems = check_variables(
        &schema,
        FOLDERS_QUERY,
        r#"{"first": "ten", "types": ["a", 1], "extra": true}"#,
    );
    assert_eq!(
        problems,
        [
            "Missing required variable \"$projectName\" (String!)",
            "\"$first\" must be Int, not the string \"ten\"",
            "\"$types[1]\" must be String, not the number 1",
            "Unknown variable \"extra\": the query does not declare $extra",
        ]
    );
    assert_eq!(
        check_variables(&schema, FOLDERS_QUERY, "[1]"),
        ["The variables must be a JSON object"]
    );
}

#[test]
fn docs_list_fields_with_arguments() {
    let Some(schema) = ayon_1_11() else { return };
    let query = fields_of(&schema, "Query").expect("Query");
    let projects = query
        .iter()
        .find(|f| f.name == "projects")
        .expect("projects");
    assert_eq!(projects.type_display, "ProjectsConnection!");
    assert_eq!(projects.type_name, "ProjectsConnection");
    let first = projects
        .args
        .iter()
        .find(|a| a.name == "first")
        .expect("first");
    assert_eq!(first.type_display, "Int");
    let filter = fields_of(&schema, "AttributeFilterInput").expect("input");
    assert!(!filter.is_empty());
    assert!(fields_of(&schema, "Nope").is_none());
}

const SMALL: &str = r#"{"__schema":{"queryType":{"name":"Query"},"mutationType":{"name":"Mutation"},"types":[
  {"kind":"OBJECT","name":"Query","fields":[
    {"name":"items","args":[
      {"name":"order","type":{"kind":"NON_NULL","ofType":{"kind":"ENUM","name":"Order"}}},
      {"name":"where","type":{"kind":"INPUT_OBJECT","name":"Where"}}],
     "type":{"kind":"LIST","ofType":{"kind":"OBJECT","name":"Item"}}}]},
  {"kind":"OBJECT","name":"Mutation","fields":[
    {"name":"rename","args":[{"name":"to","type":{"kind":"NON_NULL","ofType":{"kind":"SCALAR","name":"String"}}}],
     "type":{"kind":"SCALAR","name":"Boolean"}}]},
  {"kind":"OBJECT","name":"Item","fields":[
    {"name":"id","args":[],"type":{"kind":"SCALAR","name":"ID"}},
    {"name":"size","args":[],"type":{"kind":"SCALAR","name":"Float"}}]},
  {"kind":"ENUM","name":"Order","enumValues":[{"name":"ASC"},{"name":"DESC"}]},
  {"kind":"INPUT_OBJECT","name":"Where","inputFields":[
    {"name":"id","type":{"kind":"NON_NULL","ofType":{"kind":"SCALAR","name":"ID"}}},
    {"name":"big","type":{"kind":"SCALAR","name":"Boolean"},"defaultValue":"false"}]},
  {"kind":"SCALAR","name":"ID"},{"kind":"SCALAR","name":"String"},
  {"kind":"SCALAR","name":"Float"},{"kind":"SCALAR","name":"Boolean"}]}}"#;

fn small() -> Schema {
    Schema::from_introspection(SMALL.as_bytes()).expect("the inline schema parses")
}

#[test]
fn small_schema_input_objects_and_enums() {
    let schema = small();
    assert_eq!(
        labels(&at_end(&schema, "{ items(order: ASC, where: {")),
        ["big", "id"]
    );
    assert_eq!(labels(&at_end(&schema, "mu")), ["mutation"]);
    assert_eq!(
        messages(&schema, "{ items(order: ASC, where: {id: 1}) { id size } }"),
        Vec::<String>::new()
    );
    assert_eq!(
        messages(
            &schema,
            "{ items(order: \"ASC\", where: {big: true}) { id } }"
        ),
        [
            "Wrong value for argument \"order\" of field \"items\": Order! expected, got a string (\"ASC\")",
            "Missing required field \"id\" (ID!) of Where in argument \"where\" of field \"items\"",
        ]
    );
    assert_eq!(
        messages(&schema, "{ items(order: ASC) }"),
        ["Field \"items\" of type [Item] needs a selection of its fields { … }"]
    );
    assert_eq!(
        messages(&schema, "mutation { rename(to: \"x\") { id } }"),
        ["Field \"rename\" is a Boolean and has no fields to select"]
    );
    let skeleton = variables_skeleton(
        &schema,
        "query($w: Where!, $o: Order) { items(order: $o) { id } }",
        None,
    );
    assert_eq!(skeleton, serde_json::json!({"w": {"id": ""}, "o": "ASC"}));
    let problems = check_variables(
        &schema,
        "query($w: Where!, $o: Order) { x }",
        r#"{"w": {"nope": 1}, "o": "UP"}"#,
    );
    assert_eq!(
        problems,
        [
            "\"$w.id\" is required (ID!)",
            "\"$w.nope\" is not a field of Where",
            "\"$o\" must be Order, not the string \"UP\"",
        ]
    );
}

#[test]
fn half_typed_or_odd_text_never_panics() {
    let schema = small();
    let text = "query Q($a: [Where!]! = {id: 1}) @x { items(order: [ASC, $a], where: {id: \"é\"}) { ... on Item { id } ...F } }\nfragment F on Item { size } # é";
    for cursor in 0..=text.len() + 2 {
        let _ = complete(&schema, text, cursor);
        if text.is_char_boundary(cursor.min(text.len())) {
            let _ = validate(&schema, &text[..cursor.min(text.len())]);
        }
    }
    let deep = format!("{}{}", "{ items(order: ASC) ".repeat(100), "}".repeat(100));
    let _ = complete(&schema, &deep, deep.len());
    let _ = validate(&schema, &deep);
}
