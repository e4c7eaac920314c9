//! The body view's indexes against serde_json on generated bodies: the pretty
//! layout rendered row by row must equal `serde_json::to_string_pretty`, and
//! the raw row index must give back the text's lines, in memory and mapped.

use ayon_rest_explorer::body::{BodyText, MAX_ROW_BYTES, PrettyJson, Rows, TextDocument};
use proptest::prelude::*;
use serde_json::Value;

/// Strings with escapes, control characters, unicode and long runs.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{0,8}",
        "[\"\\\\/\\n\\t\u{0}-\u{1f} é€日本😀]{0,12}",
        "[a-zé\"\\\\]{250,700}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 80, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// `text` with extra whitespace between tokens (outside strings).
fn sprinkle_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        out.push(c);
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if matches!(c, ',' | ':' | '[' | '{') {
            out.push_str(" \r\n\t ");
        }
    }
    out
}

fn rendered(doc: &PrettyJson) -> String {
    doc.pretty_text()
}

fn pretty_of(text: &str) -> PrettyJson {
    match PrettyJson::build(BodyText::from_string(text.to_owned())) {
        Ok(doc) => doc,
        Err(e) => panic!("valid JSON refused: {e}\n{text}"),
    }
}

/// Every container's count equals the number of members of the value at its row.
fn check_containers(doc: &PrettyJson) {
    for c in doc.containers() {
        let value: Value = match serde_json::from_str(doc.value_text(c.open_row as usize)) {
            Ok(v) => v,
            Err(e) => panic!("row {}: {e}", c.open_row),
        };
        let count = match &value {
            Value::Array(items) => items.len(),
            Value::Object(members) => members.len(),
            other => panic!("row {} is not a container: {other}", c.open_row),
        };
        assert_eq!(c.count as usize, count, "row {}", c.open_row);
        assert_eq!(c.is_array, value.is_array());
    }
}

fn text_rows(doc: &TextDocument) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for i in 0..doc.line_count() {
        if doc.is_continuation(i) {
            if let Some(last) = lines.last_mut() {
                last.push_str(doc.line(i));
            }
        } else {
            lines.push(doc.line(i).to_owned());
        }
    }
    lines
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn pretty_rows_equal_serde_pretty(value in json_value()) {
        let expected = serde_json::to_string_pretty(&value).unwrap_or_default();
        let minified = serde_json::to_string(&value).unwrap_or_default();
        for input in [minified.clone(), expected.clone(), sprinkle_whitespace(&minified)] {
            let doc = pretty_of(&input);
            prop_assert_eq!(rendered(&doc), expected.clone());
            prop_assert_eq!(doc.logical_line_count(), expected.lines().count());
            for i in 0..doc.line_count() {
                let row = doc.render(i);
                let indent = row.len() - row.trim_start().len();
                prop_assert!(row.len() <= indent + MAX_ROW_BYTES + 8, "row {} is {} bytes", i, row.len());
            }
            check_containers(&doc);
        }
    }

    #[test]
    fn raw_rows_give_back_the_lines(value in json_value(), crlf in any::<bool>()) {
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let doc = TextDocument::new(text.clone());
        let expected: Vec<&str> = text.lines().collect();
        prop_assert_eq!(text_rows(&doc), expected);
        for i in 0..doc.line_count() {
            prop_assert!(doc.line(i).len() <= MAX_ROW_BYTES);
        }
    }
}

#[test]
fn a_minified_single_line_of_two_megabytes() {
    let items: Vec<Value> = (0..20_000)
        .map(|i| serde_json::json!({"id": i, "name": format!("sh{i:05} é \"q\""), "tags": []}))
        .collect();
    let value = serde_json::json!({ "folders": items });
    let minified = serde_json::to_string(&value).unwrap_or_default();
    let doc = pretty_of(&minified);
    assert_eq!(
        rendered(&doc),
        serde_json::to_string_pretty(&value).unwrap_or_default()
    );
    let raw = TextDocument::new(minified.clone());
    assert_eq!(raw.logical_line_count(), 1);
    // Cuts back off to char boundaries, so there may be a few more rows.
    assert!(raw.line_count() >= minified.len().div_ceil(MAX_ROW_BYTES));
    let root = doc.container_at(0).copied();
    assert_eq!(root.map(|c| c.count), Some(1));
    assert_eq!(doc.container_at(1).map(|c| c.count), Some(20_000));
}

#[test]
fn a_mapped_file_renders_like_memory() -> std::io::Result<()> {
    let text = r#"{"projects":[{"name":"demo","code":"dm"},{"name":"日本","code":"jp"}]}"#;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("body.json");
    std::fs::write(&path, text)?;
    let mapped = PrettyJson::build(BodyText::map_file(&path)?).map_err(std::io::Error::other)?;
    assert!(mapped.text().is_mapped());
    assert_eq!(rendered(&mapped), rendered(&pretty_of(text)));
    let raw = TextDocument::from_text(BodyText::map_file(&path)?);
    assert_eq!(raw.line(0), text);
    Ok(())
}
