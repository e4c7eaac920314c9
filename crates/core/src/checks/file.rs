//! The `expect:` and `capture:` blocks of a request file, as written, and their checks
//! (JSONPath syntax, regular expressions, one test per item).

use serde::Deserialize;

/// `expect:`: what the answer must be for the request to pass.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectFile {
    /// The status, or any of a list (`200`, `[200, 204]`).
    #[serde(default)]
    pub status: Option<StatusList>,
    /// The whole exchange takes less than this many milliseconds.
    #[serde(default)]
    pub time_below_ms: Option<u64>,
    /// Header tests.
    #[serde(default)]
    pub headers: Vec<HeaderCheck>,
    /// JSONPath tests on the body.
    #[serde(default)]
    pub json: Vec<JsonCheck>,
}

/// One status or several.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum StatusList {
    /// `status: 200`
    One(u16),
    /// `status: [200, 204]`
    Any(Vec<u16>),
}

impl StatusList {
    /// The statuses that pass.
    pub fn codes(&self) -> Vec<u16> {
        match self {
            StatusList::One(code) => vec![*code],
            StatusList::Any(codes) => codes.clone(),
        }
    }
}

/// A header test: `name` plus exactly one of `equals` / `contains`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderCheck {
    /// Header name (any case).
    pub name: String,
    /// The value is exactly this (`{{variables}}` allowed).
    #[serde(default)]
    pub equals: Option<String>,
    /// The value contains this (`{{variables}}` allowed).
    #[serde(default)]
    pub contains: Option<String>,
}

/// A JSONPath test: `path` plus exactly one of `equals` / `exists` / `matches`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonCheck {
    /// An RFC 9535 JSONPath (`$.projects[0].name`).
    pub path: String,
    /// The value found equals this JSON value (strings may hold `{{variables}}`);
    /// `equals: null` tests for null.
    #[serde(default, deserialize_with = "present")]
    pub equals: Option<serde_json::Value>,
    /// Something is (true) or nothing is (false) found.
    #[serde(default)]
    pub exists: Option<bool>,
    /// The value found (as text) matches this regular expression.
    #[serde(default)]
    pub matches: Option<String>,
}

/// A key that is present is `Some`, even when its value is `null`.
fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(deserializer).map(Some)
}

/// `capture:` entry: the value at `path` becomes `{{name}}` for the following requests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Capture {
    /// Variable name.
    pub name: String,
    /// JSONPath into the body.
    pub path: String,
}

impl Capture {
    /// A capture of the value at `path` under a name none of `existing` uses: the path's
    /// last name (`$.user.name` → `name`), made a valid variable name.
    pub fn of_path(path: &str, existing: &[Capture]) -> Capture {
        Capture {
            name: unused_name(path, existing),
            path: path.to_owned(),
        }
    }
}

fn unused_name(path: &str, existing: &[Capture]) -> String {
    let last = path
        .rsplit(['.', '['])
        .map(|part| {
            part.trim_end_matches(']')
                .trim_matches(['\'', '"'])
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || matches!(c, '_' | '-') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect::<String>()
        })
        // Skip indexes and the root `$` (which maps to `_`): they name nothing.
        .find(|part| !part.chars().all(|c| c.is_ascii_digit() || c == '_'))
        .unwrap_or_else(|| "value".to_owned());
    let taken = |name: &str| existing.iter().any(|c| c.name == name);
    if !taken(&last) {
        return last;
    }
    (2..)
        .map(|n| format!("{last}_{n}"))
        .find(|name| !taken(name))
        .unwrap_or(last)
}

/// A problem in an `expect:` or `capture:` block: `needle` is text of the offending item,
/// used to find its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckProblem {
    /// The block: `expect` or `capture`.
    pub block: &'static str,
    /// Text to look for after the block's key (the path, pattern or name).
    pub needle: String,
    /// What is wrong.
    pub message: String,
}

/// Checks the blocks beyond their shape: one test per item, valid JSONPath and regular
/// expressions, variable names.
pub fn validate(expect: Option<&ExpectFile>, capture: &[Capture]) -> Result<(), CheckProblem> {
    // Values from the file are named by a short excerpt.
    let shown = |value: &str| crate::untrusted::excerpt(value, crate::untrusted::EXCERPT_CHARS);
    let problem = |needle: &str, message: String| CheckProblem {
        block: "expect",
        needle: needle.to_owned(),
        message,
    };
    if let Some(expect) = expect {
        if let Some(StatusList::Any(codes)) = &expect.status
            && codes.is_empty()
        {
            return Err(problem("status", "status: the list is empty".into()));
        }
        if let Some(bad) = expect
            .status
            .iter()
            .flat_map(StatusList::codes)
            .find(|c| !(100..=599).contains(c))
        {
            return Err(problem(
                "status",
                format!("status: {bad} is not an HTTP status (100 to 599)"),
            ));
        }
        for header in &expect.headers {
            if header.name.trim().is_empty() {
                return Err(problem("headers", "a header test has no name".into()));
            }
            let tests =
                usize::from(header.equals.is_some()) + usize::from(header.contains.is_some());
            if tests != 1 {
                return Err(problem(
                    &header.name,
                    format!(
                        "the header test of {} needs exactly one of equals or contains",
                        shown(&header.name)
                    ),
                ));
            }
        }
        for check in &expect.json {
            if let Err(e) = crate::body::jsonpath::parse_path(&check.path) {
                return Err(problem(
                    &check.path,
                    format!(
                        "{} is not valid JSONPath (column {}): {}",
                        shown(&check.path),
                        e.column,
                        e.message
                    ),
                ));
            }
            let tests = usize::from(check.equals.is_some())
                + usize::from(check.exists.is_some())
                + usize::from(check.matches.is_some());
            if tests != 1 {
                return Err(problem(
                    &check.path,
                    format!(
                        "the test of {} needs exactly one of equals, exists or matches",
                        shown(&check.path)
                    ),
                ));
            }
            if let Some(pattern) = &check.matches
                && let Err(e) = regex::Regex::new(pattern)
            {
                return Err(problem(
                    pattern,
                    format!(
                        "matches: not a regular expression: {}",
                        first_line(&e.to_string())
                    ),
                ));
            }
        }
    }
    let problem = |needle: &str, message: String| CheckProblem {
        block: "capture",
        needle: needle.to_owned(),
        message,
    };
    for entry in capture {
        if !crate::collection::format::is_var_name(&entry.name) {
            return Err(problem(
                &entry.name,
                format!(
                    "capture: \"{}\" is not a variable name (letters, digits, _ - .)",
                    shown(&entry.name)
                ),
            ));
        }
        if let Err(e) = crate::body::jsonpath::parse_path(&entry.path) {
            return Err(problem(
                &entry.path,
                format!(
                    "capture {}: {} is not valid JSONPath (column {}): {}",
                    shown(&entry.name),
                    shown(&entry.path),
                    e.column,
                    e.message
                ),
            ));
        }
    }
    Ok(())
}

/// The regex crate's messages draw a caret over several lines; the last line says what.
fn first_line(message: &str) -> String {
    message
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map(|l| l.trim().trim_start_matches("error:").trim().to_owned())
        .unwrap_or_else(|| message.lines().next().unwrap_or_default().to_owned())
}

/// Reads `capture:` as an ordered map of variable name to JSONPath.
pub fn deserialize_capture<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<Capture>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Vec<Capture>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of variable name to JSONPath (token: $.token)")
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out: Vec<Capture> = Vec::new();
            while let Some((name, path)) = map.next_entry::<String, String>()? {
                if out.iter().any(|c| c.name == name) {
                    return Err(serde::de::Error::custom(format!(
                        "capture: {name} is captured twice"
                    )));
                }
                out.push(Capture { name, path });
            }
            Ok(out)
        }
    }
    deserializer.deserialize_any(Visitor)
}

/// The 1-based line, inside the top-level block `key:`, of the first line that contains
/// `needle`; the key's own line when none does, and 1 when the key is missing.
pub fn locate(text: &str, key: &str, needle: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let header = format!("{key}:");
    let Some(start) = lines.iter().position(|l| l.starts_with(&header)) else {
        return 1;
    };
    let hit = lines[start..]
        .iter()
        .enumerate()
        .take_while(|(i, l)| *i == 0 || l.is_empty() || l.starts_with([' ', '-', '#']))
        .find(|(_, l)| !needle.is_empty() && l.contains(needle))
        .map_or(0, |(i, _)| i);
    start + hit + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::format::RequestFile;
    use std::path::Path;

    fn problem(text: &str) -> String {
        RequestFile::parse(Path::new("r.yml"), text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn malformed_blocks_name_their_line() {
        let head = "name: R\nmethod: GET\nurl: /x\n";
        let cases = [
            (
                "expect:\n  status: 2000\n",
                "r.yml:5:1: status: 2000 is not an HTTP status",
            ),
            (
                "expect:\n  json:\n    - path: $.a\n      exists: true\n    - path: $.b[\n      exists: true\n",
                "r.yml:8:1: $.b[ is not valid JSONPath",
            ),
            (
                "expect:\n  json:\n    - path: $.a\n      exists: true\n      equals: 1\n",
                "r.yml:6:1: the test of $.a needs exactly one of equals, exists or matches",
            ),
            (
                "expect:\n  json:\n    - path: $.a\n      matches: \"([a-z\"\n",
                "r.yml:7:1: matches: not a regular expression",
            ),
            (
                "expect:\n  headers:\n    - name: etag\n",
                "r.yml:6:1: the header test of etag needs exactly one of equals or contains",
            ),
            (
                "capture:\n  bad name: $.a\n",
                "r.yml:5:1: capture: \"bad name\" is not a variable name",
            ),
            (
                "capture:\n  ok: $..[\n",
                "r.yml:5:1: capture ok: $..[ is not valid JSONPath",
            ),
            (
                "expect:\n  statuss: 200\n",
                "r.yml:5:3: expect: unknown field `statuss`",
            ),
            (
                "capture:\n  - token\n",
                "r.yml:5:3: capture: invalid type: sequence, expected a map",
            ),
        ];
        for (block, wanted) in cases {
            let text = problem(&format!("{head}{block}"));
            assert!(text.starts_with(wanted), "{block}\n→ {text}");
        }
    }

    #[test]
    fn equals_null_is_a_test_for_null() {
        let text = "name: R\nmethod: GET\nurl: /x\nexpect:\n  json:\n    - path: $.a\n      equals: null\n";
        let file = RequestFile::parse(Path::new("r.yml"), text).unwrap();
        let check = &file.expect.as_ref().unwrap().json[0];
        assert_eq!(check.equals, Some(serde_json::Value::Null));
        assert_eq!(file.to_yaml(), text);
    }

    #[test]
    fn a_capture_is_named_from_its_path_and_never_twice_the_same() {
        let first = Capture::of_path("$.user['full name']", &[]);
        assert_eq!(first.name, "full_name");
        let second = Capture::of_path("$.other['full name']", std::slice::from_ref(&first));
        assert_eq!(second.name, "full_name_2");
        assert_eq!(Capture::of_path("$[0]", &[]).name, "value");
    }

    #[test]
    fn locate_stays_inside_the_block() {
        let text = "url: /x\nexpect:\n  json:\n    - path: $.x\ncapture:\n  y: $.x\n";
        assert_eq!(locate(text, "expect", "$.x"), 4);
        assert_eq!(locate(text, "capture", "$.x"), 6);
        assert_eq!(locate(text, "capture", "nowhere"), 5);
        assert_eq!(locate(text, "missing", "x"), 1);
    }
}
