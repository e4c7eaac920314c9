//! JSONPath filtering of a JSON body (RFC 9535, by `serde_json_path`).

use serde_json::Value;
use serde_json_path::JsonPath;

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

/// The body parsed for querying (done once per response, off the UI thread).
pub fn parse_body(text: &BodyText) -> Result<Value, JsonSyntaxError> {
    let bytes = text.bytes();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(body).map_err(|e| JsonSyntaxError::from_serde(&e))
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

/// Runs `path` on `value`. Stops early (with an empty result) when cancelled.
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

    #[test]
    fn invalid_body_is_an_error() {
        let e = parse_body(&BodyText::from_string("{\"a\":".to_owned())).err();
        assert!(e.is_some());
    }
}
