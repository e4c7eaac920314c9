use std::time::{Duration, Instant};

use super::*;

/// The nesting of a parsed value: what the deserializers count.
fn value_depth(value: &serde_yaml_ng::Value) -> usize {
    use serde_yaml_ng::Value;
    match value {
        Value::Sequence(items) => 1 + items.iter().map(value_depth).max().unwrap_or(0),
        Value::Mapping(map) => {
            1 + map
                .iter()
                .map(|(k, v)| value_depth(k).max(value_depth(v)))
                .max()
                .unwrap_or(0)
        }
        Value::Tagged(tagged) => value_depth(&tagged.value),
        _ => 0,
    }
}

fn refused_fast(text: &str) -> TooDeep {
    let started = Instant::now();
    let err = check_nesting(text).expect_err("refused");
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
    err
}

#[test]
fn a_hundred_thousand_levels_fail_fast_in_every_form() {
    let n = 100_000;
    for text in [
        format!("{}{}", "[".repeat(n), "]".repeat(n)),
        format!("{}1{}", "{a: ".repeat(n), "}".repeat(n)),
        format!("{}x\n", "- ".repeat(n)),
        format!("{}x\n", "? ".repeat(n)),
        format!("{}x\n", ": ".repeat(n)),
        format!("name: x\nbody:\n  text: {}\n", "[".repeat(n)),
        format!("variables: {}\n", "[{\"a\": ".repeat(n)),
    ] {
        let err = refused_fast(&text);
        assert_eq!(err.limit, MAX_NESTING);
        assert!(err.to_string().contains("nested more than 128 levels deep"));
    }
}

#[test]
fn the_position_is_where_the_limit_is_passed() {
    let err = refused_fast(&format!("a: 1\nb: {}\n", "[".repeat(200)));
    // `b:` opens the mapping (1), then 128 brackets reach the limit; the 128th passes it.
    assert_eq!((err.line, err.column), (2, 4 + 127));
}

#[test]
fn indentation_counts_as_nesting() {
    let mut text = String::new();
    for level in 0..200 {
        text.push_str(&" ".repeat(level));
        text.push_str("a:\n");
    }
    assert_eq!(refused_fast(&text).line, 129);
    let list: String = (0..200)
        .map(|l| format!("{}- \n", " ".repeat(l * 2)))
        .collect();
    refused_fast(&list);
}

#[test]
fn what_parses_is_never_refused() {
    // serde_json reads 127 levels, serde_yaml_ng 128: the guard refuses neither.
    let json = format!("{}1{}", "[".repeat(127), "]".repeat(127));
    assert!(check_nesting(&json).is_ok());
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    let yaml = format!("a: {}1{}\n", "[".repeat(127), "]".repeat(127));
    assert!(check_nesting(&yaml).is_ok());
    assert!(serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&yaml).is_ok());
    let flow = format!("{}1{}", "[".repeat(128), "]".repeat(128));
    assert!(check_nesting(&flow).is_ok());
    assert!(serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&flow).is_ok());
    let too_deep = format!("{}1{}", "[".repeat(129), "]".repeat(129));
    assert!(check_nesting(&too_deep).is_err());
    assert!(serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&too_deep).is_err());
}

#[test]
fn brackets_in_strings_comments_and_block_text_do_not_count() {
    let deep = "[".repeat(300);
    for text in [
        format!("name: \"{deep}\"\n"),
        format!("name: '{deep}'\n"),
        format!("name: x # {deep}\n"),
        format!("body:\n  text: |\n    {deep}\n    {deep}\n  mode: json\n"),
        format!("body:\n  text: >-\n\n      {deep}\n"),
        format!("url: /a{deep}\n"),
        format!("# {deep}\nname: x\n"),
        format!("name: \"a\\\"{deep}\"\n"),
        format!("name: 'it''s {deep}'\n"),
        format!("{{\"a\": \"{deep}\", \"b\": [\"]]]\", 1]}}"),
        format!("name: plain\n  continued {deep}\n"),
        format!("a: !<tag:{deep}> x\n"),
    ] {
        assert!(check_nesting(&text).is_ok(), "{text}");
    }
}

#[test]
fn tricks_that_hide_brackets_from_a_naive_count_are_caught() {
    let n = 300;
    for text in [
        // Closing brackets inside strings between the real openings.
        "[ \"]\" ".repeat(n),
        "[ ']' ".repeat(n),
        "{a: \"}\", b: ".repeat(n),
        // A quote inside a plain scalar starts no string.
        format!("[a\"{}", "[".repeat(n)),
        format!("k: x\"y\n- {}", "[".repeat(n)),
        // A line less indented than a block scalar's content is not its content.
        format!("a: |4\n  {}\n", "[".repeat(n)),
        format!("a: |\n      x\n  {}\n", "[".repeat(n)),
        // A quote opening a continuation line of a plain scalar starts no string.
        format!("k: plain\n  \"\n{}\n\"\n", "[".repeat(n)),
        // An anchor before a string.
        "[ &a \"]\" ".repeat(n),
        // Comments need a space before `#`.
        format!("[a#{}", "[".repeat(n)),
        // Unicode line breaks are line breaks.
        format!("a: x\u{2028}b: {}", "[".repeat(n)),
    ] {
        assert!(check_nesting(&text).is_err(), "{text}");
    }
}

#[test]
fn the_shipped_collection_and_a_spec_are_shallow() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets");
    let mut seen = 0;
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "yml" || e == "yaml" || e == "json")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                seen += 1;
                let depth = deepest(&text);
                assert!(depth <= MAX_NESTING, "{}", path.display());
                if let Ok(value) = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&text) {
                    assert!(depth <= value_depth(&value), "{}", path.display());
                }
            }
        }
    }
    assert!(seen > 0);
}

/// Pieces of YAML of every kind, glued at random.
fn pieces() -> impl proptest::strategy::Strategy<Value = String> {
    let piece = proptest::sample::select(vec![
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        ": ",
        "- ",
        "? ",
        "\n",
        "  ",
        " ",
        "a",
        "b: ",
        "\"x\"",
        "'y'",
        "\"]\"",
        "'['",
        "|",
        ">",
        "|2",
        " #c",
        "!t ",
        "&a ",
        "\t",
        "-",
        "\\",
        "\"",
        "'",
        "#",
        "...",
        "---",
        "\r\n",
        "%",
        "key: |\n  [[\n",
        "k:\n- ",
    ]);
    proptest::strategy::Strategy::prop_map(proptest::collection::vec(piece, 0..40), |p| p.concat())
}

/// Lines of YAML: an indentation, block indicators, and a value of any style.
fn documents() -> impl proptest::strategy::Strategy<Value = String> {
    let indicators = proptest::collection::vec(
        proptest::sample::select(vec!["- ", "k: ", "? ", ": ", "-"]),
        0..3,
    );
    let value = proptest::sample::select(vec![
        "",
        "x",
        "x y",
        "[a, [b]]",
        "{a: [1, {b: c}]}",
        "\"s [ ] {\"",
        "'t ]'",
        "|",
        "|2",
        ">-",
        "|+1",
        "&a [x]",
        "!t {a: b}",
        "[\"]\", [1]]",
        "a #c [",
        "[a, {b: [c]}",
        "[[",
        "]]",
        "{",
        "}",
        "[a,",
        "b]",
        "\"open",
        "close\"",
        "'",
        "x: y",
        "{a: b}: c",
        "[a]: b",
        "- [x]",
        "? [y]",
        "# [",
        "a\"[b",
        "!<t[x]> [y]",
        "*a",
        "--- [",
        "...",
    ]);
    let line = (0usize..6, indicators, value);
    proptest::strategy::Strategy::prop_map(proptest::collection::vec(line, 1..14), |lines| {
        lines
            .iter()
            .map(|(indent, indicators, value)| {
                format!("{}{}{}", "  ".repeat(*indent), indicators.concat(), value)
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Every level counted is a collection the parser built (so nothing that parses is
/// refused), and every collection it built is counted (an indentless sequence under a
/// key, or a single pair in a flow sequence, shares a level, so at most twice over).
fn matches_the_parser(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
    let depth = deepest(text);
    // An alias repeats a node elsewhere: the text's nesting is not the value's.
    if !text.contains('*')
        && let Ok(value) = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text)
    {
        let real = value_depth(&value);
        proptest::prop_assert!(depth <= real, "counted {depth}, parsed {real}: {text:?}");
        proptest::prop_assert!(
            real <= 2 * depth + 1,
            "counted {depth}, parsed {real}: {text:?}"
        );
    }
    Ok(())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    #[test]
    fn the_count_matches_the_parser(text in pieces()) {
        matches_the_parser(&text)?;
    }

    #[test]
    fn the_count_matches_the_parser_on_documents(text in documents()) {
        matches_the_parser(&text)?;
    }
}
