//! The query document: its named operations, or where its syntax goes wrong.

use graphql_parser::query::{Definition, OperationDefinition, parse_query};

/// Above this many bytes the editor does not check the query as you type (the parser
/// runs on the UI thread; normal queries are a few KB).
pub const MAX_CHECKED_LEN: usize = 200 * 1024;

/// A syntax error in a query document, 1-based position.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("GraphQL syntax error at line {line}, column {column}: {message}")]
pub struct SyntaxError {
    /// What is wrong (`Unexpected `}`; Expected Name`).
    pub message: String,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// The document laid out again (two-space indents, one field a line), or the syntax
/// error. Comments are not kept: the parser drops them.
pub fn prettify(query: &str) -> Result<String, SyntaxError> {
    let document = parse_query::<&str>(query).map_err(|e| syntax_error(&e.to_string()))?;
    Ok(document.to_string().trim_end().to_owned())
}

/// The names of the document's named operations, in order (anonymous ones are skipped).
/// The parser limits nesting to 50 levels, so a deep document is an error, not a crash.
pub fn operation_names(query: &str) -> Result<Vec<String>, SyntaxError> {
    let document = parse_query::<&str>(query).map_err(|e| syntax_error(&e.to_string()))?;
    Ok(document
        .definitions
        .iter()
        .filter_map(|d| match d {
            Definition::Operation(OperationDefinition::Query(q)) => q.name,
            Definition::Operation(OperationDefinition::Mutation(m)) => m.name,
            Definition::Operation(OperationDefinition::Subscription(s)) => s.name,
            Definition::Operation(OperationDefinition::SelectionSet(_))
            | Definition::Fragment(_) => None,
        })
        .map(str::to_string)
        .collect())
}

/// Reads graphql-parser's opaque message: `query parse error: Parse error at L:C\n
/// Unexpected `x[Kind]`\nExpected ...\n`.
pub(crate) fn syntax_error(text: &str) -> SyntaxError {
    let mut lines = text.lines();
    let head = lines.next().unwrap_or_default();
    let (line, column) = head
        .rsplit_once(" at ")
        .and_then(|(_, pos)| pos.trim().split_once(':'))
        .and_then(|(l, c)| Some((l.parse().ok()?, c.parse().ok()?)))
        .unwrap_or((1, 1));
    let mut message = lines
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    // Token kinds are the parser's internals: `}[Punctuator]` reads better as `}`.
    for kind in [
        "Punctuator",
        "Name",
        "IntValue",
        "FloatValue",
        "StringValue",
        "BlockString",
    ] {
        message = message.replace(&format!("[{kind}]`"), "`");
    }
    if message.is_empty() {
        message = "invalid document".into();
    }
    SyntaxError {
        message,
        line,
        column,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn prettify_lays_the_document_out_and_names_a_syntax_error() {
        let pretty = prettify("{projects(first:2){edges{node{name code}}}}").unwrap_or_default();
        assert_eq!(
            pretty,
            "{\n  projects(first: 2) {\n    edges {\n      node {\n        name\n        code\n      }\n    }\n  }\n}"
        );
        assert!(prettify("{ projects { ").is_err());
    }

    use super::*;

    #[test]
    fn named_operations_are_listed_in_order() {
        let doc = "query B { a }\nfragment F on T { x }\nmutation A($x: Int) { b }\n{ c }";
        assert_eq!(operation_names(doc).unwrap(), ["B", "A"]);
        assert_eq!(
            operation_names("{ projects { edges { node { name code active } } } }").unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let err = operation_names("query {\n  projects { name }\n  }}").unwrap_err();
        assert_eq!((err.line, err.column), (3, 4), "{err:?}");
        assert!(err.message.starts_with("Unexpected `}`"), "{err:?}");
        assert!(
            err.to_string()
                .starts_with("GraphQL syntax error at line 3, column 4: Unexpected `}`"),
            "{err}"
        );
        let deep = format!("{}{}", "{ a ".repeat(60), "}".repeat(60));
        let err = operation_names(&deep).unwrap_err();
        assert!(err.message.contains("Recursion limit exceeded"), "{err:?}");
        assert!(operation_names("").is_err());
    }
}
