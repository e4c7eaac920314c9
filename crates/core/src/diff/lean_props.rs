//! Property: comparing two bodies through the lean tree gives exactly the changes
//! `json_diff` gives for the same bodies parsed into `serde_json::Value`.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::{BodyComparison, DiffOptions, compare_bodies, json_diff};

const KEYS: [&str; 7] = ["name", "id", "a", "b", "odd key", "x", "updatedAt"];
const WORDS: [&str; 7] = ["a", "b", "name", "é", "q\"", "x\ny", ""];
const IGNORES: [&str; 6] = [
    "$..name",
    "$..a",
    "$[*].id",
    "$.a[0]",
    "$.*.x",
    "$..updatedAt",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-3i64..3).prop_map(Value::from),
        prop::sample::select(vec![0.0, 1.0, -0.0, 0.5, 100.0]).prop_map(|f| json!(f)),
        prop::sample::select(WORDS.to_vec()).prop_map(Value::from),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(KEYS.to_vec()).prop_map(str::to_owned)
}

fn document() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((key(), inner.clone()), 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            // Arrays of objects identified by `name` or `id` (sometimes not uniquely).
            prop::collection::vec((0u8..6, any::<bool>(), inner), 0..6).prop_map(|items| {
                Value::Array(
                    items
                        .into_iter()
                        .map(|(n, by_name, v)| {
                            let mut o = Map::new();
                            let id = if by_name { "name" } else { "id" };
                            o.insert(id.to_owned(), json!(format!("e{n}")));
                            o.insert("v".to_owned(), v);
                            Value::Object(o)
                        })
                        .collect(),
                )
            }),
        ]
    })
}

fn next(seed: u64) -> u64 {
    seed.wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407)
}

/// One random edit somewhere in `v`: a replaced value, an added or removed member or
/// element, or a reordering.
fn edit(v: &mut Value, seed: u64, new: Value) {
    let seed = next(seed);
    let pick = (seed >> 33) as usize;
    let descend = !pick.is_multiple_of(3);
    match v {
        Value::Array(a) if descend && !a.is_empty() => {
            let i = pick / 3 % a.len();
            edit(&mut a[i], seed, new);
        }
        Value::Object(o) if descend && !o.is_empty() => {
            let i = pick / 3 % o.len();
            if let Some(child) = o.values_mut().nth(i) {
                edit(child, seed, new);
            }
        }
        Value::Array(a) => match pick / 3 % 5 {
            0 => a.push(new),
            1 if !a.is_empty() => {
                a.remove(pick / 15 % a.len());
            }
            2 => a.reverse(),
            3 if a.len() > 1 => {
                let last = a.len() - 1;
                a.swap(0, last);
            }
            _ => a.insert(0, new),
        },
        Value::Object(o) => match pick / 3 % 4 {
            0 => {
                o.insert(KEYS[pick / 12 % KEYS.len()].to_owned(), new);
            }
            1 if !o.is_empty() => {
                let k = o
                    .keys()
                    .nth(pick / 12 % o.len())
                    .cloned()
                    .unwrap_or_default();
                o.remove(&k);
            }
            2 => *o = std::mem::take(o).into_iter().rev().collect(),
            _ => *v = new,
        },
        // The same number written as a float (`1` to `1.0`): a change for `Value`.
        Value::Number(n) if pick.is_multiple_of(2) && !n.is_f64() => {
            *v = json!(n.as_f64().unwrap_or_default());
        }
        _ => *v = new,
    }
}

fn options() -> impl Strategy<Value = DiffOptions> {
    let keys = prop::sample::select(vec![
        vec!["name".to_owned(), "id".to_owned()],
        vec!["id".to_owned()],
        vec![],
    ]);
    let ignore = prop::sample::subsequence(IGNORES.to_vec(), 0..3)
        .prop_map(|p| p.into_iter().map(str::to_owned).collect());
    (keys, ignore).prop_map(|(array_keys, ignore)| DiffOptions { array_keys, ignore })
}

/// The document as text; sometimes pretty, sometimes with `name` keys escaped (the lean
/// tree copies those instead of borrowing).
fn text(v: &Value, pretty: bool, escape: bool) -> String {
    let t = if pretty {
        serde_json::to_string_pretty(v).unwrap()
    } else {
        serde_json::to_string(v).unwrap()
    };
    if escape {
        t.replace("\"name\"", "\"n\\u0061me\"")
    } else {
        t
    }
}

fn same_as_value_diff(left: &str, right: &str, options: &DiffOptions) {
    let l: Value = serde_json::from_str(left).unwrap();
    let r: Value = serde_json::from_str(right).unwrap();
    assert_eq!(
        compare_bodies(left.as_bytes(), right.as_bytes(), options),
        BodyComparison::Json(json_diff(&l, &r, options)),
        "left {left}\nright {right}\noptions {options:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn lean_diff_equals_value_diff(
        left in document(),
        edits in prop::collection::vec((any::<u64>(), document()), 0..5),
        options in options(),
        pretty in any::<bool>(),
        escape in any::<bool>(),
    ) {
        let mut right = left.clone();
        for (seed, new) in edits {
            edit(&mut right, seed, new);
        }
        same_as_value_diff(&text(&left, pretty, escape), &text(&right, false, false), &options);
    }
}

#[test]
fn lean_diff_equals_value_diff_on_tricky_text() {
    let o = DiffOptions::default();
    let cases = [
        (r#"{"a": 1, "a": 2}"#, r#"{"a": 2}"#),
        (r#"{"a": 1, "b": 0, "a": 2}"#, r#"{"b": 0, "a": 1}"#),
        (r#"[1, 1.0, -0, -0.0, 1e2]"#, r#"[1.0, 1, 0, 0.0, 100]"#),
        (
            r#"[{"id": 1, "v": 1}, {"id": 1.0, "v": 2}]"#,
            r#"[{"id": 1.0, "v": 2}, {"id": 1, "v": 1}]"#,
        ),
        (r#"{"\u0061": "\u00e9"}"#, r#"{"a": "é"}"#),
        (
            r#"[{"name": "a", "name": "b"}, {"name": "a"}]"#,
            r#"[{"name": "a"}, {"name": "b"}]"#,
        ),
    ];
    for (l, r) in cases {
        same_as_value_diff(l, r, &o);
        same_as_value_diff(r, l, &o);
    }
    // A large object (indexed during the walk) with a repeated key.
    let mut l = String::from("{");
    let mut r = String::from("{");
    for i in 0..40 {
        l.push_str(&format!(r#""k{}": {i},"#, i % 30));
        r.push_str(&format!(r#""k{}": {},"#, 39 - i, i % 7));
    }
    l.push_str(r#""z": 0}"#);
    r.push_str(r#""y": 0}"#);
    same_as_value_diff(&l, &r, &o);
    same_as_value_diff(&r, &l, &o);
}
