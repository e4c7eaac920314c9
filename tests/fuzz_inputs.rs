//! Property tests over arbitrary input (bounded, so `cargo test` stays quick): URL and
//! `{{variable}}` template handling, the response body indexes, the AYON error-body
//! decoder, request files with `expect:` / `capture:` blocks and the JSONPath lookup of the
//! checks never panic, and keep their invariants.

use std::time::Duration;

use ayon_rest_explorer::ayon::AyonErrorBody;
use ayon_rest_explorer::body::{BodyPreview, BodyText, PrettyJson, TextDocument};
use ayon_rest_explorer::checks::{Found, select};
use ayon_rest_explorer::collection::environment::Variable;
use ayon_rest_explorer::collection::format::RequestFile;
use ayon_rest_explorer::collection::variables::{
    Source, VariableSet, find_references, resolve, resolve_for_display,
};
use ayon_rest_explorer::state::{
    KvRow, RequestDraft, build_spec, fill_path_params, merge_path_params, params_from_url,
    url_with_params,
};
use proptest::prelude::*;

/// Text shaped like URLs and templates: braces, percent signs, slashes, unicode.
fn url_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z{}/?&=%#:. _\\-]{0,40}",
        "(https?://)?[a-z0-9.:\\[\\]@]{0,20}(/[{}a-z0-9%_\\-]{0,8}){0,4}(\\?[a-z{}=&%]{0,20})?",
        "\\PC{0,30}",
    ]
}

fn variables() -> VariableSet {
    let mut set = VariableSet::new();
    set.insert(
        &Variable::plain("base_url", "http://ayon.test:5000"),
        Source::Collection,
    );
    set.insert(
        &Variable::plain("project", "demo {{project}}"),
        Source::Environment,
    );
    set.insert(&Variable::plain("empty", ""), Source::Local);
    set
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn templates_never_panic_and_references_point_into_the_text(text in url_like()) {
        let vars = variables();
        for (range, name) in find_references(&text) {
            prop_assert!(text.get(range.clone()).is_some(), "{range:?} in {text:?}");
            prop_assert!(!name.is_empty());
        }
        // Resolved or a named list of unknowns; never a panic, never a loop.
        let _ = resolve(&text, &vars);
        let _ = resolve_for_display(&text, &vars);
    }

    #[test]
    fn url_params_and_path_placeholders_never_panic(url in url_like(), value in "\\PC{0,10}") {
        let params = params_from_url(&url);
        let rebuilt = url_with_params(&url, &params);
        // Writing back the rows read from a URL keeps every named row (nameless pairs,
        // like the `=x` of `?=x`, are not written back).
        let said = |rows: Vec<KvRow>| -> Vec<KvRow> {
            rows.into_iter().filter(|r| !r.name.trim().is_empty()).collect()
        };
        prop_assert_eq!(said(params_from_url(&rebuilt)), said(params));
        let rows: Vec<KvRow> = merge_path_params(&url, &[])
            .into_iter()
            .map(|row| KvRow { value: value.clone(), ..row })
            .collect();
        let _ = fill_path_params(&url, &rows);
    }

    #[test]
    fn building_a_request_from_any_url_names_problems_instead_of_panicking(
        url in url_like(),
        server in url_like(),
    ) {
        let draft = RequestDraft::get(&url);
        let _ = build_spec(&draft, &server, None, Duration::from_secs(1), None);
    }

    #[test]
    fn any_bytes_are_classified_and_indexed(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        for content_type in [None, Some("application/json"), Some("text/plain")] {
            let preview = BodyPreview::build(&bytes, content_type);
            if let Some(doc) = preview.document() {
                for i in 0..doc.line_count() + 2 {
                    let _ = doc.row(i);
                    let _ = doc.logical_line_number(i);
                }
            }
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let doc = TextDocument::new(text.clone());
        let joined: usize = (0..doc.line_count()).map(|i| doc.line(i).len()).sum();
        prop_assert!(joined <= text.len());
        if let Ok(pretty) = PrettyJson::build(BodyText::from_string(text)) {
            for i in 0..pretty.line_count() {
                let _ = pretty.render(i);
            }
        }
    }

    #[test]
    fn ayon_error_bodies_decode_or_not_but_never_panic(
        status in 100u16..600,
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..200),
            "\\{\"(detail|code|errors|traceback|errorKind)\": (\"\\PC{0,10}\"|[0-9]{1,4}|\\[\\{\"loc\": \\[\"body\", 1\\], \"msg\": \"x\"\\}\\]|null)\\}"
                .prop_map(String::into_bytes),
        ],
    ) {
        if let Some(decoded) = AyonErrorBody::decode(status, &body) {
            let _ = format!("{decoded:?}");
        }
    }

    #[test]
    fn request_files_with_any_checks_load_or_name_a_line(
        block in prop_oneof![
            "expect:\n  (status|time_below_ms): \\PC{0,8}\n",
            "expect:\n  json:\n    - path: [$.\\[\\]'a-z0-9*?@()=<>!]{0,16}\n      (equals|exists|matches): \\PC{0,10}\n",
            "expect:\n  headers:\n    - name: [a-z-]{0,8}\n      (equals|contains): \\PC{0,10}\n",
            "capture:\n  \\PC{0,6}: \\PC{0,12}\n",
            "\\PC{0,60}",
        ],
    ) {
        let text = format!("name: R\nmethod: GET\nurl: /x\n{block}");
        let lines = text.lines().count().max(1);
        match RequestFile::parse(std::path::Path::new("r.yml"), &text) {
            Ok(file) => {
                // What loads is written back and loads again the same.
                let again = RequestFile::parse(std::path::Path::new("r.yml"), &file.to_yaml());
                prop_assert_eq!(again.ok(), Some(file));
            }
            Err(e) => prop_assert!(e.line >= 1 && e.line <= lines + 1, "{e}"),
        }
    }

    #[test]
    fn a_singular_path_agrees_with_serde_json_path(
        body in json_value(),
        steps in prop::collection::vec(prop_oneof![
            "[a-c]".prop_map(|k| format!(".{k}")),
            (0usize..3).prop_map(|i| format!("[{i}]")),
            "[a-c]".prop_map(|k| format!("['{k}']")),
        ], 0..4),
    ) {
        let path = format!("${}", steps.concat());
        let bytes = serde_json::to_vec(&body).expect("JSON");
        let full = serde_json_path::JsonPath::parse(&path).expect("a valid path");
        let expected = full.query(&body).all();
        let found = select(&bytes, &path).expect("JSON body");
        match expected.as_slice() {
            [] => prop_assert_eq!(found, Found::Nothing),
            [one] => prop_assert_eq!(found, Found::One((*one).clone())),
            many => prop_assert!(false, "a singular path found {} values", many.len()),
        }
    }

    #[test]
    fn any_body_and_path_give_an_answer_or_an_error(
        bytes in prop::collection::vec(any::<u8>(), 0..200),
        path in "[$.\\[\\]'a-z0-9*?@()=<>!-]{0,16}",
    ) {
        let _ = select(&bytes, &path);
    }
}

/// Small JSON documents with the keys `a`, `b`, `c`, nested a few levels.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i32>().prop_map(serde_json::Value::from),
        "\\PC{0,6}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map("[a-c]", inner, 0..3)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}
