//! Property: a query run over the lean tree selects exactly what `serde_json_path` selects
//! over the same body parsed into a `serde_json::Value`: the same values, at the same
//! locations, in the same order.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use serde_json_path::JsonPath;

use super::evaluate::{location, run};
use super::query::parse_query;
use super::stream;
use super::{EscapedKeys, parse};

const KEYS: [&str; 8] = ["a", "b", "n", "v", "odd key", "it's", "é", "back\\slash"];
const WORDS: [&str; 8] = ["a", "ab", "abc", "b", "é", "x\ny", "", "A1"];

/// Queries covering every selector kind, descendants, slices with negative steps, and
/// filters with every operator and standard function.
const QUERIES: &[&str] = &[
    "$",
    "$.a",
    "$['odd key']",
    "$[\"it's\"]",
    "$['it\\'s', 'é', 'back\\\\slash']",
    "$.*",
    "$[*].a",
    "$..*",
    "$..a",
    "$..[0]",
    "$..['a','b']",
    "$.a..v",
    "$..a.b",
    "$..['b','a','b'][0]",
    "$..a[?@ == 1]",
    "$[0]..['n', 'v']",
    "$[0]",
    "$[-1]",
    "$[1, -2, 0, 0]",
    "$.a[2]",
    "$[1:3]",
    "$[:2]",
    "$[-2:]",
    "$[::2]",
    "$[::-1]",
    "$[5:1:-2]",
    "$[-1:-4:-1]",
    "$[1::-1]",
    "$[:-3:-2]",
    "$[0:0]",
    "$[::0]",
    "$.a[1:]",
    "$..[::-2]",
    "$[?@.a]",
    "$[?!@.a]",
    "$[?@.a == 1]",
    "$[?@.a != 1]",
    "$[?@.a < 1]",
    "$[?@.a <= 0.5]",
    "$[?@.a > 'ab']",
    "$[?@.a >= 'ab']",
    "$[?@.a == null]",
    "$[?@.a == true || @.b == false]",
    "$[?@.a && @.b]",
    "$[?(@.a || @.b) && !(@.n)]",
    "$[?@ == 1]",
    "$[?@ == 'a']",
    "$[?@.a == @.b]",
    "$[?@.a == $[0]]",
    "$[?@.a == $.a]",
    "$[?@[0] == 1]",
    "$[?@[-1] == 1]",
    "$[?@[-1]]",
    "$[?@.*]",
    "$[?@..a]",
    "$[?@.a[?@ == 1]]",
    "$..[?@.v]",
    "$..[?@ > 0]",
    "$[?length(@) > 1]",
    "$[?length(@.a) == 2]",
    "$[?length(@.n) >= 1]",
    "$[?length(@) == length(@.a)]",
    "$[?count(@.*) == 2]",
    "$[?count(@..a) > 1]",
    "$[?count(@[0]) == 1]",
    "$[?match(@.n, 'a.*')]",
    "$[?match(@, '[ab]+')]",
    "$[?!match(@.n, 'b')]",
    "$[?search(@.n, 'b')]",
    "$[?search(@, '^a')]",
    "$[?search(@.a, '(')]",
    "$[?match(@.n, @.b)]",
    "$[?value(@..v) == 1]",
    "$[?value(@.*) == 'a']",
    "$[?value(@.a) == null]",
    "$.*[?@ == 1 || @ == 'a']",
    "$..[?length(@) == 0]",
    "$[?@.a == 1.0]",
    "$[?@.a == -0]",
    "$[?@.a > 1e0]",
    "$[?@.a == 'x\\ny']",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-2i64..3).prop_map(Value::from),
        prop::sample::select(vec![0.0, 1.0, -0.0, 0.5, 2.5]).prop_map(|f| json!(f)),
        prop::sample::select(WORDS.to_vec()).prop_map(Value::from),
    ]
}

fn document() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS.to_vec()), inner), 0..5).prop_map(
                |members| {
                    Value::Object(
                        members
                            .into_iter()
                            .map(|(k, v)| (k.to_owned(), v))
                            .collect::<Map<String, Value>>(),
                    )
                }
            ),
        ]
    })
}

/// What `serde_json_path` gives: (location, compact value) per node.
fn expected(path: &JsonPath, value: &Value) -> Vec<(String, String)> {
    path.query_located(value)
        .iter()
        .map(|n| (n.location().to_string(), n.node().to_string()))
        .collect()
}

fn lean(expression: &str, body: &str) -> Vec<(String, String)> {
    let keys = EscapedKeys::default();
    let tree = parse(body.as_bytes(), &keys).unwrap();
    let query = parse_query(expression).unwrap();
    run(&query, &tree, true)
        .iter()
        .map(|hit| (location(hit), serde_json::to_string(hit.node).unwrap()))
        .collect()
}

/// The same through the stream, for the queries that stream (`None` for the others).
fn streamed(expression: &str, body: &str) -> Option<Vec<(String, String)>> {
    let plan = stream::plan(&parse_query(expression)?)?;
    let selected = stream::run(&plan, body.as_bytes(), true, &|| false).ok()?;
    Some(
        selected
            .locations
            .into_iter()
            .zip(selected.values.into_iter().map(String::from))
            .collect(),
    )
}

#[test]
fn many_queries_of_the_corpus_stream() {
    let streaming = QUERIES
        .iter()
        .filter(|q| streamed(q, "[]").is_some())
        .count();
    assert!(streaming >= 40, "{streaming}");
    for expression in ["$..*", "$..[0]", "$[?@.a == $[0]]", "$", "$[-1]"] {
        assert!(streamed(expression, "[]").is_none(), "{expression}");
    }
}

#[test]
fn every_query_of_the_corpus_is_read() {
    for expression in QUERIES {
        assert!(JsonPath::parse(expression).is_ok(), "{expression}");
        assert!(parse_query(expression).is_some(), "{expression}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn lean_queries_select_what_serde_json_path_selects(
        doc in document(),
        // Bodies with a repeated key: the last value wins, at the first place.
        duplicate in any::<bool>(),
    ) {
        let mut body = doc.to_string();
        if duplicate && body.starts_with("{\"") {
            body = format!("{{\"a\":[1,\"a\"],{}", &body[1..]);
        }
        let value: Value = serde_json::from_str(&body).unwrap();
        for expression in QUERIES {
            let path = JsonPath::parse(expression).unwrap();
            let expected = expected(&path, &value);
            prop_assert_eq!(&lean(expression, &body), &expected, "{}", expression);
            if let Some(streamed) = streamed(expression, &body) {
                prop_assert_eq!(&streamed, &expected, "streamed {}", expression);
            }
        }
    }
}

/// Spacing and spellings the grammar allows: read, and giving the reference's results.
#[test]
fn odd_but_valid_spellings_agree() {
    let body = r#"[{"a":1,"b":"x","c":[1,2]},{"a":"xA","b":2},{"a":[1],"é":3,"a_b1":4},5,"a"]"#;
    let value: Value = serde_json::from_str(body).unwrap();
    let mut accepted = 0;
    for expression in [
        "$[?(@.a)]",
        "$[? @.a]",
        "$[?@.a==1]",
        "$[ 0 , 1 ]",
        "$[ 1 : 3 : 1 ]",
        "$[?@.b==\"x\"]",
        "$[?!(@.a==1)]",
        "$[?@.a == -1]",
        "$[?@.a == 1.5e1]",
        "$[?@.a == 1E0]",
        "$[?@.a == 1.0e+0]",
        "$[?(@.a == 1)]",
        "$[?@.a&&@.b]",
        "$[?@.a||@.b]",
        "$[?@.a || @.b && @.c]",
        "$[?(@.a || @.b) && @.c]",
        "$[?length(@.a)==2]",
        "$[?count(@.*)>0]",
        "$[?match(@.a,\"x.\")]",
        "$[? match( @.a , 'x.' ) ]",
        "$[?value(@['a'])==1]",
        "$[?@.a == \"x\\u0041\"]",
        "$[*].a_b1",
        "$[*].é",
        "$..['a']",
        "$..[?@]",
        "$[?true == true]",
        "$[?1 == @.a]",
        "$[?null == @.x]",
        "$[?@.a == $[0].a]",
        "$[?@.c[1] == 2]",
        "$[?@['c'][0] == 1]",
        "$[?@.*.* == 2]",
        "$[?count(@..*) >= 3]",
        "$[?search(@.b, 'x') || search(@, '^a$')]",
        "$[?length(value(@.c)) == 2]",
        "$[?!@.a && !@.b]",
        "$[?@.a != 'xA' && @.a]",
        "$ [0]",
        "$..*",
        "$[::]",
        "$[:]",
    ] {
        let Ok(path) = JsonPath::parse(expression) else {
            continue;
        };
        accepted += 1;
        assert!(parse_query(expression).is_some(), "not read: {expression}");
        let expected = expected(&path, &value);
        assert_eq!(lean(expression, body), expected, "{expression}");
        if let Some(streamed) = streamed(expression, body) {
            assert_eq!(streamed, expected, "streamed {expression}");
        }
    }
    assert!(accepted >= 40, "{accepted}");
}

/// Keys given twice at any depth: the last value counts, at the first place.
#[test]
fn repeated_keys_at_any_depth_agree() {
    let body = r#"{"a":{"a":1,"b":{"a":2},"a":{"a":3,"x":[{"a":4},{"a":5,"a":6}]}},"b":[{"b":1,"b":{"a":7}}],"a":{"c":{"a":8},"c":[9]}}"#;
    let value: Value = serde_json::from_str(body).unwrap();
    for expression in [
        "$..a",
        "$..b",
        "$..['a','b']",
        "$.a..a",
        "$..a..a",
        "$.b[*].b",
        "$.b[?@.b].b.a",
        "$.a.c",
        "$..c[0]",
        "$..*",
    ] {
        let path = JsonPath::parse(expression).unwrap();
        let expected = expected(&path, &value);
        assert_eq!(lean(expression, body), expected, "{expression}");
        if let Some(streamed) = streamed(expression, body) {
            assert_eq!(streamed, expected, "streamed {expression}");
        }
    }
}
