//! JSONPath filtering of a JSON body (RFC 9535).
//!
//! [`compile_path`] checks an expression with `serde_json_path` (its messages, its
//! grammar); [`query_body`] (or a [`FilterSession`], which keeps what it read between
//! queries) runs it without a `serde_json::Value`, which takes six to ten times the body:
//!
//! - most filters (`$.items[?@.v > 1].name`, `$..name`: see
//!   [`CompiledPath::is_streamed`]) while the body streams, holding one array element at a
//!   time and what they select;
//! - the others (`$..*`, descendant filters and slices, `$` inside filters) over the lean
//!   tree of the whole body, which borrows its strings from the body (about 2.4 times the
//!   body for an AYON folder list).
//!
//! The results are those `serde_json_path` gives, in its order, in the same output. An
//! expression the lean reader does not understand (none of RFC 9535 is known to be left
//! out) is run by `serde_json_path` over a parsed `Value`, as [`run_query`] does.

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::json_lean::{self, evaluate, query, stream};

mod session;

pub use session::FilterSession;

use super::background::JobControl;
use super::document::TextDocument;
use super::pretty::JsonSyntaxError;
use super::text::BodyText;

/// Why a JSONPath expression cannot be used.
///
/// Displays as `column 7: expected ...`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: {message}")]
pub struct PathError {
    /// 1-based character position of the problem in the expression.
    pub column: usize,
    /// What is wrong there.
    pub message: String,
}

/// A parsed expression.
pub fn parse_path(expression: &str) -> Result<JsonPath, PathError> {
    JsonPath::parse(expression.trim()).map_err(|e| {
        let leading = expression.len() - expression.trim_start().len();
        PathError {
            column: e.position().max(1) + expression[..leading].chars().count(),
            message: match e.message() {
                // The parser's catch-all: say something a person can act on.
                "parser error" => "not valid JSONPath from here (e.g. $.items[*].name)".to_owned(),
                other => other.to_owned(),
            },
        }
    })
}

/// An expression ready to run on bodies: checked by `serde_json_path`, and read for the
/// lean evaluator.
#[derive(Clone, Debug)]
pub struct CompiledPath {
    pub(crate) full: JsonPath,
    pub(crate) lean: Option<query::Query>,
    /// How to run it while the body streams, when it can be.
    pub(crate) stream: Option<stream::Plan>,
}

impl CompiledPath {
    /// Whether the query runs over the lean tree (else over a parsed `serde_json::Value`,
    /// which takes several times the body's size).
    pub fn is_lean(&self) -> bool {
        self.lean.is_some()
    }

    /// Whether the query runs while the body streams: true when it starts with single names
    /// or indexes, or with `[*]`, `[?filter]` or `..name`, and does not look at `$` after
    /// that. The value the names and indexes lead to is read whole, unless `[*]`, a filter
    /// (one array element at a time) or `..name` (only the values selected) comes next.
    pub fn is_streamed(&self) -> bool {
        self.stream.is_some()
    }
}

/// Checks `expression` and prepares it for [`query_body`].
pub fn compile_path(expression: &str) -> Result<CompiledPath, PathError> {
    let full = parse_path(expression)?;
    let lean = query::parse_query(expression);
    let stream = lean.as_ref().and_then(stream::plan);
    Ok(CompiledPath { full, lean, stream })
}

/// Runs `path` over the JSON body `text`: streaming, or over a lean tree read for this
/// query only. Stops early (with an empty result) when cancelled.
pub fn query_body(
    path: &CompiledPath,
    text: &BodyText,
    show_paths: bool,
    control: &JobControl,
) -> Result<QueryOutput, JsonSyntaxError> {
    if let Some(plan) = &path.stream {
        return run_streamed(plan, text, show_paths, &|| control.is_cancelled());
    }
    let Some(lean) = &path.lean else {
        let value = parse_body(text)?;
        return Ok(run_query(&path.full, &value, show_paths, control));
    };
    let keys = json_lean::EscapedKeys::default();
    let tree = json_lean::parse(without_bom(text.bytes()), &keys)
        .map_err(|e| JsonSyntaxError::from_serde(&e))?;
    Ok(run_lean(lean, &tree, show_paths, &|| {
        control.is_cancelled()
    }))
}

/// Runs a streamable query over the body and writes the output as [`run_query`] does.
pub(crate) fn run_streamed(
    plan: &stream::Plan,
    text: &BodyText,
    show_paths: bool,
    cancelled: &dyn Fn() -> bool,
) -> Result<QueryOutput, JsonSyntaxError> {
    let selected = match stream::run(plan, without_bom(text.bytes()), show_paths, cancelled) {
        Ok(selected) => selected,
        Err(stream::StreamError::Cancelled) => return Ok(empty_output()),
        Err(stream::StreamError::Json(e)) => return Err(JsonSyntaxError::from_serde(&e)),
    };
    let count = selected.values.len();
    let text = if show_paths {
        let mut out = String::new();
        for (at, value) in selected.locations.iter().zip(&selected.values) {
            out.push_str(&format!("{at} = {value}\n"));
        }
        out
    } else {
        serde_json::to_string_pretty(&stream::AsArray(&selected.values)).unwrap_or_default()
    };
    Ok(QueryOutput {
        count,
        document: TextDocument::new(text),
    })
}

/// Runs a lean query over a parsed tree and writes the output as [`run_query`] does.
pub(crate) fn run_lean(
    lean: &query::Query,
    tree: &json_lean::Node<'_>,
    show_paths: bool,
    cancelled: &dyn Fn() -> bool,
) -> QueryOutput {
    if cancelled() {
        return empty_output();
    }
    let hits = evaluate::run(lean, tree, show_paths);
    let count = hits.len();
    let text = if show_paths {
        let mut out = String::new();
        for (k, hit) in hits.iter().enumerate() {
            if k % 4096 == 0 && cancelled() {
                break;
            }
            let compact = serde_json::to_string(hit.node).unwrap_or_default();
            out.push_str(&format!("{} = {compact}\n", evaluate::location(hit)));
        }
        out
    } else {
        let values: Vec<&json_lean::Node<'_>> = hits.iter().map(|hit| hit.node).collect();
        serde_json::to_string_pretty(&values).unwrap_or_default()
    };
    QueryOutput {
        count,
        document: TextDocument::new(text),
    }
}

pub(crate) fn empty_output() -> QueryOutput {
    QueryOutput {
        count: 0,
        document: TextDocument::new(String::new()),
    }
}

pub(crate) fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The body parsed for querying (done once per response, off the UI thread).
pub fn parse_body(text: &BodyText) -> Result<Value, JsonSyntaxError> {
    serde_json::from_slice(without_bom(text.bytes())).map_err(|e| JsonSyntaxError::from_serde(&e))
}

/// The values a query selected, ready to show.
#[derive(Clone, Debug)]
pub struct QueryOutput {
    /// Number of matching values.
    pub count: usize,
    /// The values as a pretty JSON array, or with `show_paths` one line per
    /// value: `$['projects'][0]['name'] = "demo"`.
    pub document: TextDocument,
}

/// Runs `path` on `value` with `serde_json_path` (the reference [`query_body`] agrees
/// with). Stops early (with an empty result) when cancelled.
pub fn run_query(
    path: &JsonPath,
    value: &Value,
    show_paths: bool,
    control: &JobControl,
) -> QueryOutput {
    let nodes = path.query_located(value);
    let count = nodes.len();
    let text = if show_paths {
        let mut out = String::new();
        for (k, node) in nodes.iter().enumerate() {
            if k % 4096 == 0 && control.is_cancelled() {
                break;
            }
            let compact = serde_json::to_string(node.node()).unwrap_or_default();
            out.push_str(&format!("{} = {compact}\n", node.location()));
        }
        out
    } else {
        let values: Vec<&Value> = nodes.iter().map(|n| n.node()).collect();
        serde_json::to_string_pretty(&values).unwrap_or_default()
    };
    QueryOutput {
        count,
        document: TextDocument::new(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> Value {
        parse_body(&BodyText::from_string(text.to_owned())).unwrap_or(Value::Null)
    }

    fn query(expr: &str, value: &Value, paths: bool) -> QueryOutput {
        match parse_path(expr) {
            Ok(path) => run_query(&path, value, paths, &JobControl::default()),
            Err(e) => panic!("{expr}: {e}"),
        }
    }

    #[test]
    fn selects_values_and_paths() {
        let v = body(r#"{"projects":[{"name":"a","active":true},{"name":"b","active":false}]}"#);
        let out = query("$.projects[*].name", &v, false);
        assert_eq!(out.count, 2);
        assert_eq!(out.document.as_str(), "[\n  \"a\",\n  \"b\"\n]");
        let out = query("$.projects[?@.active == true].name", &v, true);
        assert_eq!(out.document.as_str(), "$['projects'][0]['name'] = \"a\"\n");
        assert_eq!(query("$.nothing", &v, false).count, 0);
    }

    #[test]
    fn invalid_expression_names_the_column() {
        let e = parse_path("$.projects[").err();
        assert!(
            matches!(&e, Some(PathError { column, .. }) if *column >= 10),
            "{e:?}"
        );
        let e = parse_path("  projects").err();
        assert!(matches!(&e, Some(PathError { column: 3, .. })), "{e:?}");
        assert!(e.is_some_and(|e| e.to_string().starts_with("column 3: ")));
    }

    /// Both ways of running a query give the same output, in both forms.
    fn agree(expr: &str, text: &str) -> QueryOutput {
        let path = compile_path(expr).unwrap();
        assert!(path.is_lean(), "{expr}");
        let mut tree_only = path.clone();
        tree_only.stream = None;
        let body = BodyText::from_string(text.to_owned());
        let value = parse_body(&body).unwrap();
        let control = JobControl::default();
        for paths in [false, true] {
            let full = run_query(&path.full, &value, paths, &control);
            for way in [&path, &tree_only] {
                let lean = query_body(way, &body, paths, &control).unwrap();
                assert_eq!(lean.count, full.count, "{expr}");
                assert_eq!(lean.document.as_str(), full.document.as_str(), "{expr}");
            }
        }
        query_body(&path, &body, false, &control).unwrap()
    }

    #[test]
    fn lean_queries_give_the_same_output() {
        let text = "\u{feff}{\"projects\":[{\"name\":\"a\",\"active\":true,\"n\":[1,2.5]},\
                    {\"name\":\"b\",\"active\":false,\"odd 'key'\":{}}]}";
        for expr in [
            "$",
            "$.projects[*].name",
            "$.projects[?@.active == true].name",
            "$..n[::-1]",
            "$..*",
            "$.projects[?match(@.name, '[ab]') && length(@.n) == 2]",
            "$.nothing",
            "$.projects[1]",
            "$.projects[?@.active == false]['odd \\'key\\'']",
        ] {
            agree(expr, text);
        }
        assert!(compile_path("$.projects[*].name").unwrap().is_streamed());
        assert!(compile_path("$..name").unwrap().is_streamed());
        assert!(!compile_path("$..*").unwrap().is_streamed());
        assert_eq!(agree("$..name", text).count, 2);
    }

    #[test]
    fn lean_query_on_a_body_that_is_not_json_is_an_error() {
        let path = compile_path("$.a").unwrap();
        let body = BodyText::from_string("{\"a\":".to_owned());
        assert!(query_body(&path, &body, false, &JobControl::default()).is_err());
    }

    #[test]
    fn invalid_body_is_an_error() {
        let e = parse_body(&BodyText::from_string("{\"a\":".to_owned())).err();
        assert!(e.is_some());
    }
}
