//! JSON written inside a GraphQL string argument (issue 21, "Filter helper"): AYON takes
//! some arguments as JSON in a string, e.g.
//! `folders(filter: "{\"conditions\": [{\"key\": \"name\", \"value\": \"sh010\"}]}")`.
//! Here: find such an argument in the query text (at the cursor, or all that look like
//! JSON), check its JSON, and write edited JSON back as an escaped literal.
//!
//! The query is read with the tolerant lexer, so a query being typed (that does not parse)
//! still yields its arguments. An argument is `name: "..."` (in a field's or directive's
//! arguments, or an input object's field); only closed literals count.

use std::ops::Range;

use super::lexer::{Tok, tokenize};
use super::string_literal::{decode_string_literal, encode_string_literal};

/// A string argument in a query: `name: "literal"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringArgument {
    /// The argument's name (`filter`).
    pub name: String,
    /// Where its name starts (bytes): a cursor on the name counts as on the argument.
    pub name_start: usize,
    /// The byte range of the whole literal in the query, quotes included.
    pub range: Range<usize>,
    /// The literal as written (quotes and escapes included).
    pub literal: String,
    /// The string it stands for, escapes decoded.
    pub value: String,
}

impl StringArgument {
    /// Whether byte offset `cursor` is on this argument: on its name, inside its literal
    /// or just after its closing quote.
    pub fn holds_cursor(&self, cursor: usize) -> bool {
        (self.name_start..=self.range.end).contains(&cursor)
    }

    /// Whether it is probably JSON: named `filter`, or its value starts with `{` or `[`.
    pub fn looks_like_json(&self) -> bool {
        self.name == "filter" || self.value.trim_start().starts_with(['{', '['])
    }
}

/// Every string argument of `query`, in order. Literals that are not closed, or hold an
/// escape GraphQL does not know, are left out.
pub fn string_arguments(query: &str) -> Vec<StringArgument> {
    let tokens = tokenize(query);
    let mut found = Vec::new();
    for window in tokens.windows(3) {
        let [name, colon, string] = window else {
            continue;
        };
        if name.kind != Tok::Name || colon.kind != Tok::Punct(b':') || string.kind != Tok::Str {
            continue;
        }
        let (Some(name_text), Some(literal)) =
            (query.get(name.span.clone()), query.get(string.span.clone()))
        else {
            continue;
        };
        if let Some(value) = decode_string_literal(literal) {
            found.push(StringArgument {
                name: name_text.to_owned(),
                name_start: name.span.start,
                range: string.span.clone(),
                literal: literal.to_owned(),
                value,
            });
        }
    }
    found
}

/// The string argument at byte offset `cursor` (on its name, in its literal, or just
/// after it); `None` when the cursor is on none.
pub fn string_argument_at(query: &str, cursor: usize) -> Option<StringArgument> {
    string_arguments(query)
        .into_iter()
        .find(|argument| argument.holds_cursor(cursor))
}

/// The string arguments of `query` that look like JSON (see
/// [`StringArgument::looks_like_json`]), in order.
pub fn json_arguments(query: &str) -> Vec<StringArgument> {
    string_arguments(query)
        .into_iter()
        .filter(StringArgument::looks_like_json)
        .collect()
}

/// Text that is not JSON: serde_json's message, and where (1-based line and column; the
/// column counts characters, where serde_json counts bytes).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Not JSON: {message} (line {line}, column {column})")]
pub struct JsonTextError {
    /// What serde_json found wrong, without its position.
    pub message: String,
    /// The line.
    pub line: usize,
    /// The column.
    pub column: usize,
}

impl From<serde_json::Error> for JsonTextError {
    fn from(error: serde_json::Error) -> Self {
        let (line, column) = (error.line(), error.column());
        let full = error.to_string();
        // serde_json appends the position; it is kept in its own fields.
        let suffix = format!(" at line {line} column {column}");
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        JsonTextError {
            message,
            line,
            column,
        }
    }
}

/// Checks `text` as JSON.
pub fn check_json(text: &str) -> Result<serde_json::Value, JsonTextError> {
    serde_json::from_str(text).map_err(|error| {
        let mut error = JsonTextError::from(error);
        // The characters that start before serde_json's byte column (a filter may hold
        // accented names: the column shown should match what the editor shows).
        if let Some(line) = text.split('\n').nth(error.line.saturating_sub(1)) {
            error.column = line
                .char_indices()
                .take_while(|(at, _)| *at < error.column)
                .count();
        }
        error
    })
}

/// `text` laid out with two spaces a level, for editing; `text` as it is when it is not
/// JSON (its error is then shown next to it).
pub fn pretty_json(text: &str) -> String {
    check_json(text)
        .ok()
        .and_then(|value| serde_json::to_string_pretty(&value).ok())
        .unwrap_or_else(|| text.to_owned())
}

/// `text`, checked as JSON, without the whitespace between tokens. The tokens stay as
/// typed (a number like `1e2` is not rewritten as `100.0`).
pub fn compact_json(text: &str) -> Result<String, JsonTextError> {
    check_json(text)?;
    let mut compact = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            compact.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            compact.push(c);
        } else if !c.is_whitespace() {
            compact.push(c);
        }
    }
    Ok(compact)
}

/// JSON text as a GraphQL string literal: compacted, then escaped.
pub fn json_literal(text: &str) -> Result<String, JsonTextError> {
    Ok(encode_string_literal(&compact_json(text)?))
}

/// Why edited JSON was not written into the query.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JsonWriteError {
    /// The edited text is not JSON: nothing is written.
    #[error(transparent)]
    NotJson(#[from] JsonTextError),
    /// The argument is no longer in the query (edited or removed meanwhile).
    #[error("The argument \"{0}\" is no longer in the query as it was: open it again")]
    Gone(String),
}

/// `query` with `argument`'s literal replaced by `json_text` (compacted, escaped), and the
/// argument as it now stands. The argument is found again when the query changed since it
/// was read: the same name and literal, the nearest to where it was.
pub fn write_json_argument(
    query: &str,
    argument: &StringArgument,
    json_text: &str,
) -> Result<(String, StringArgument), JsonWriteError> {
    let literal = json_literal(json_text)?;
    let range = if query.get(argument.range.clone()) == Some(argument.literal.as_str())
        && string_argument_at(query, argument.range.start).as_ref() == Some(argument)
    {
        argument.range.clone()
    } else {
        string_arguments(query)
            .into_iter()
            .filter(|a| a.name == argument.name && a.literal == argument.literal)
            .min_by_key(|a| a.range.start.abs_diff(argument.range.start))
            .map(|a| a.range)
            .ok_or_else(|| JsonWriteError::Gone(argument.name.clone()))?
    };
    let mut written = String::with_capacity(query.len() + literal.len());
    written.push_str(&query[..range.start]);
    written.push_str(&literal);
    written.push_str(&query[range.end..]);
    let now = string_argument_at(&written, range.start)
        .ok_or_else(|| JsonWriteError::Gone(argument.name.clone()))?;
    Ok((written, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUERY: &str = r#"{ project(name: "demo") { folders(filter: "{\"conditions\": [{\"key\": \"name\", \"value\": \"sh010\"}]}") { edges { node { name } } } } }"#;

    fn filter_of(query: &str) -> StringArgument {
        let found = json_arguments(query);
        assert_eq!(found.len(), 1, "{found:?}");
        found.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn the_argument_at_the_cursor_is_read_unescaped() {
        let at = QUERY.find("conditions").unwrap_or_default();
        let found = string_argument_at(QUERY, at).expect("in the filter");
        assert_eq!(found.name, "filter");
        assert_eq!(
            found.value,
            r#"{"conditions": [{"key": "name", "value": "sh010"}]}"#
        );
        assert_eq!(&QUERY[found.range.clone()], found.literal);
        assert!(found.literal.starts_with("\"{\\\"") && found.literal.ends_with("}\""));
        // On the name, and just after the closing quote, count too.
        let name_at = QUERY.find("filter").unwrap_or_default();
        assert_eq!(string_argument_at(QUERY, name_at).as_ref(), Some(&found));
        assert_eq!(
            string_argument_at(QUERY, found.range.end).as_ref(),
            Some(&found)
        );
        // The other argument is a plain string, not JSON.
        let demo =
            string_argument_at(QUERY, QUERY.find("demo").unwrap_or_default()).expect("on name");
        assert_eq!((demo.name.as_str(), demo.value.as_str()), ("name", "demo"));
        assert!(!demo.looks_like_json());
        assert_eq!(string_arguments(QUERY).len(), 2);
        assert_eq!(filter_of(QUERY), found);
    }

    #[test]
    fn a_cursor_outside_any_string_finds_none() {
        assert_eq!(string_argument_at(QUERY, 0), None);
        let edges = QUERY.find("edges").unwrap_or_default();
        assert_eq!(string_argument_at(QUERY, edges), None);
        assert_eq!(string_argument_at(QUERY, QUERY.len() + 10), None);
        assert_eq!(string_argument_at("", 0), None);
    }

    #[test]
    fn read_edit_write_read_gives_the_same_json() {
        let found = filter_of(QUERY);
        let pretty = pretty_json(&found.value);
        assert!(
            pretty.contains("\n    {\n      \"key\": \"name\""),
            "{pretty}"
        );
        let edited = pretty.replace("sh010", "sh020");
        let (written, now) = write_json_argument(QUERY, &found, &edited).expect("written");
        assert_eq!(
            written,
            QUERY
                .replace(r#"\"value\": \"sh010\"}]}"#, r#"\"value\":\"sh020\"}]}"#)
                .replace(r#"{\"conditions\": ["#, r#"{\"conditions\":["#)
                .replace(r#"{\"key\": \"name\", "#, r#"{\"key\":\"name\","#)
        );
        // Only the literal changed.
        assert!(written.starts_with(&QUERY[..found.range.start]));
        assert!(written.ends_with(&QUERY[found.range.end..]));
        let again = filter_of(&written);
        assert_eq!(again, now);
        assert_eq!(check_json(&again.value), check_json(&edited));
        // The written query parses as GraphQL.
        assert!(crate::ayon::graphql::operation_names(&written).is_ok());
    }

    #[test]
    fn backslashes_and_unicode_in_json_values_survive() {
        // A Windows path: one backslash in the value is `\\` in JSON, `\\\\` in GraphQL.
        let json = r#"{"path": "C:\\shots\\sh010", "name": "ünï 😀", "q": "say \"hi\"\n"}"#;
        let query = r#"{ tasks(filter: "{}") { edges { node { id } } } }"#;
        let found = filter_of(query);
        assert_eq!(found.value, "{}");
        let (written, _) = write_json_argument(query, &found, json).expect("written");
        assert!(
            written.contains(r#"\"path\":\"C:\\\\shots\\\\sh010\""#),
            "{written}"
        );
        assert!(written.contains("ünï 😀"), "{written}");
        let again = filter_of(&written);
        let value = check_json(&again.value).expect("JSON");
        assert_eq!(value["path"], r"C:\shots\sh010");
        assert_eq!(value["name"], "ünï 😀");
        assert_eq!(value["q"], "say \"hi\"\n");
        assert_eq!(again.value, compact_json(json).unwrap_or_default());
        // graphql-parser, as a server would, reads back the same JSON.
        use graphql_parser::query::{Definition, OperationDefinition, Selection, Value};
        let document = graphql_parser::parse_query::<String>(&written).expect("the query parses");
        let Some(Definition::Operation(OperationDefinition::SelectionSet(set))) =
            document.definitions.first()
        else {
            panic!("one selection set: {document}");
        };
        let Some(Selection::Field(tasks)) = set.items.first() else {
            panic!("a field: {document}");
        };
        let Some((_, Value::String(parsed))) = tasks.arguments.first() else {
            panic!("a string argument: {document}");
        };
        assert_eq!(check_json(parsed), Ok(value));
    }

    #[test]
    fn text_that_is_not_json_is_reported_and_never_written() {
        let found = filter_of(QUERY);
        let broken = "{\n  \"conditions\": [\n    {\"key\": \"name\",}\n  ]\n}";
        let error = check_json(broken).expect_err("not JSON");
        assert_eq!((error.line, error.column), (3, 20));
        assert!(!error.message.contains("at line"), "{}", error.message);
        assert!(error.to_string().contains("line 3, column 20"), "{error}");
        assert_eq!(
            write_json_argument(QUERY, &found, broken),
            Err(JsonWriteError::NotJson(error))
        );
        assert!(check_json("sh010").is_err());
        // Columns count characters, not bytes.
        let accented = check_json("{\"é\": \"ü\",}").expect_err("not JSON");
        assert_eq!((accented.line, accented.column), (1, 11));
        // Not JSON is shown as it is.
        assert_eq!(pretty_json("sh010"), "sh010");
    }

    #[test]
    fn a_query_that_does_not_parse_still_works() {
        let typing = r#"{ folders(filter: "{\"a\": [1, 2]}", first: ) { edges { node { na"#;
        assert!(crate::ayon::graphql::operation_names(typing).is_err());
        let found = filter_of(typing);
        assert_eq!(found.value, r#"{"a": [1, 2]}"#);
        let (written, _) = write_json_argument(typing, &found, "[3]").expect("written");
        assert_eq!(
            written,
            r#"{ folders(filter: "[3]", first: ) { edges { node { na"#
        );
        // An unclosed literal is not an argument yet.
        assert!(string_arguments(r#"{ folders(filter: "{\"a\": 1"#).is_empty());
    }

    #[test]
    fn block_strings_and_json_looking_values_are_found() {
        let query =
            "{ a(where: \"\"\"\n  {\"x\": \"y\"}\n  \"\"\") { b(list: \"[1]\", name: \"n\") } }";
        let found = json_arguments(query);
        let names: Vec<&str> = found.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["where", "list"]);
        assert_eq!(found[0].value, r#"{"x": "y"}"#);
        // A block string is written back as a one-line literal.
        let (written, _) = write_json_argument(query, &found[0], "{\"x\": \"z\"}").expect("ok");
        assert!(
            written.starts_with(r#"{ a(where: "{\"x\":\"z\"}") { b("#),
            "{written}"
        );
    }

    #[test]
    fn a_query_changed_meanwhile_is_followed_or_refused() {
        let found = filter_of(QUERY);
        // Text added before the argument: it is found again by name and literal.
        let moved = format!("# a comment\n{QUERY}");
        let (written, now) = write_json_argument(&moved, &found, "{}").expect("found again");
        assert!(written.contains(r#"folders(filter: "{}")"#), "{written}");
        assert_eq!(now.range.start, found.range.start + "# a comment\n".len());
        // The argument edited meanwhile: refused, nothing written.
        let edited = QUERY.replace("sh010", "sh011");
        assert_eq!(
            write_json_argument(&edited, &found, "{}"),
            Err(JsonWriteError::Gone("filter".into()))
        );
    }

    #[test]
    fn compacting_keeps_tokens_as_typed() {
        assert_eq!(
            compact_json("{ \"a b\" : [ 1e2 , \"x \\\" y\" ] }").as_deref(),
            Ok(r#"{"a b":[1e2,"x \" y"]}"#)
        );
        assert_eq!(
            json_literal("{\"a\": \"\\\\\"}").as_deref(),
            Ok(r#""{\"a\":\"\\\\\"}""#)
        );
    }
}
