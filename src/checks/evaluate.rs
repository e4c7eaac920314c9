//! Runs an `expect:` block against an answer, and takes the `capture:` values from it.

use std::time::Duration;

use serde_json::Value;

use super::file::{Capture, ExpectFile, HeaderCheck, JsonCheck};
use super::select::{Found, select};
use crate::collection::variables::{VariableSet, resolve};

/// The answer the checks look at.
#[derive(Clone, Copy, Debug)]
pub struct Answer<'a> {
    /// Status code.
    pub status: u16,
    /// Headers as received.
    pub headers: &'a [(String, String)],
    /// The body (decoded).
    pub body: &'a [u8],
    /// How long the exchange took.
    pub elapsed: Duration,
}

/// The result of one test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// What was tested, in words (`status is 200`, `$.name equals "admin"`).
    pub name: String,
    /// Whether it held.
    pub passed: bool,
    /// What was expected.
    pub expected: String,
    /// What the answer had.
    pub actual: String,
}

/// Values longer than this are cut in reports.
const SHOWN_CHARS: usize = 200;

/// Each test of `expect`, in file order: status, time, headers, JSON. Expected strings
/// may use `{{variables}}` from `vars`.
pub fn evaluate(expect: &ExpectFile, answer: &Answer<'_>, vars: &VariableSet) -> Vec<Outcome> {
    let mut out = Vec::new();
    if let Some(status) = &expect.status {
        let codes = status.codes();
        let listed = codes
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        out.push(Outcome {
            name: if codes.len() == 1 {
                format!("status is {listed}")
            } else {
                format!("status is one of {listed}")
            },
            passed: codes.contains(&answer.status),
            expected: listed,
            actual: answer.status.to_string(),
        });
    }
    if let Some(limit) = expect.time_below_ms {
        let took = answer.elapsed.as_millis();
        out.push(Outcome {
            name: format!("time below {limit} ms"),
            passed: took < u128::from(limit),
            expected: format!("< {limit} ms"),
            actual: format!("{took} ms"),
        });
    }
    out.extend(
        expect
            .headers
            .iter()
            .map(|h| header_outcome(h, answer, vars)),
    );
    out.extend(expect.json.iter().map(|j| json_outcome(j, answer, vars)));
    out
}

fn header_outcome(check: &HeaderCheck, answer: &Answer<'_>, vars: &VariableSet) -> Outcome {
    let name = check.name.trim();
    let values: Vec<&str> = answer
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect();
    let actual = if values.is_empty() {
        "no such header".to_owned()
    } else {
        values.join(", ")
    };
    let (verb, wanted) = match (&check.equals, &check.contains) {
        (Some(e), _) => ("equals", e),
        (None, Some(c)) => ("contains", c),
        (None, None) => ("equals", &String::new()),
    };
    let outcome = |passed, expected: String| Outcome {
        name: format!("header {name} {verb} {}", quoted(&expected)),
        passed,
        expected,
        actual: cut(&actual),
    };
    match resolve(wanted, vars) {
        Err(unknown) => outcome(false, format!("{wanted} ({unknown})")),
        Ok(wanted) => {
            let joined = values.join(", ");
            let passed = !values.is_empty()
                && match verb {
                    "equals" => joined == wanted,
                    _ => joined.contains(&wanted),
                };
            outcome(passed, wanted)
        }
    }
}

fn json_outcome(check: &JsonCheck, answer: &Answer<'_>, vars: &VariableSet) -> Outcome {
    let path = check.path.trim();
    let found = select(answer.body, path);
    let shown = |found: &Found| match found {
        Found::Nothing => "nothing".to_owned(),
        Found::One(v) => cut(&v.to_string()),
        Found::Many(vs) => cut(&Value::Array(vs.clone()).to_string()),
    };
    if let Some(exists) = check.exists {
        let name = if exists {
            format!("{path} exists")
        } else {
            format!("{path} does not exist")
        };
        return match found {
            Err(e) => failed(
                name,
                if exists { "a value" } else { "nothing" },
                e.to_string(),
            ),
            Ok(found) => Outcome {
                name,
                passed: (found != Found::Nothing) == exists,
                expected: if exists { "a value" } else { "nothing" }.to_owned(),
                actual: shown(&found),
            },
        };
    }
    if let Some(pattern) = &check.matches {
        let name = format!("{path} matches {pattern}");
        let regex = match regex::Regex::new(pattern) {
            Ok(regex) => regex,
            Err(e) => return failed(name, pattern, e.to_string()),
        };
        return match found {
            Err(e) => failed(name, pattern, e.to_string()),
            Ok(Found::One(value)) => {
                let text = match &value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                Outcome {
                    name,
                    passed: regex.is_match(&text),
                    expected: format!("text matching {pattern}"),
                    actual: cut(&value.to_string()),
                }
            }
            Ok(other) => failed(
                name,
                &format!("one value matching {pattern}"),
                shown(&other),
            ),
        };
    }
    let wanted = check.equals.clone().unwrap_or(Value::Null);
    let wanted = match substitute(&wanted, vars) {
        Ok(wanted) => wanted,
        Err(unknown) => {
            return failed(
                format!("{path} equals {}", cut(&wanted.to_string())),
                &wanted.to_string(),
                unknown,
            );
        }
    };
    let name = format!("{path} equals {}", cut(&wanted.to_string()));
    match found {
        Err(e) => failed(name, &wanted.to_string(), e.to_string()),
        Ok(found) => {
            let passed = match &found {
                Found::One(value) => *value == wanted,
                Found::Many(values) => Value::Array(values.clone()) == wanted,
                Found::Nothing => false,
            };
            Outcome {
                name,
                passed,
                expected: cut(&wanted.to_string()),
                actual: shown(&found),
            }
        }
    }
}

/// The `capture:` values, in order (strings as they are, other values as JSON text);
/// the error names the capture that found nothing or several values.
pub fn captures(list: &[Capture], body: &[u8]) -> Result<Vec<(String, String)>, String> {
    list.iter()
        .map(|c| {
            let path = c.path.trim();
            match select(body, path) {
                Err(e) => Err(format!("capture {}: {e}", c.name)),
                Ok(Found::Nothing) => Err(format!("capture {}: nothing at {path}", c.name)),
                Ok(Found::Many(values)) => Err(format!(
                    "capture {}: {path} finds {} values, not one",
                    c.name,
                    values.len()
                )),
                Ok(Found::One(Value::String(s))) => Ok((c.name.clone(), s)),
                Ok(Found::One(other)) => Ok((c.name.clone(), other.to_string())),
            }
        })
        .collect()
}

/// `{{variables}}` substituted in every string of `value`.
fn substitute(value: &Value, vars: &VariableSet) -> Result<Value, String> {
    Ok(match value {
        Value::String(s) => Value::String(resolve(s, vars).map_err(|e| e.to_string())?),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| substitute(v, vars))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), substitute(v, vars)?)))
                .collect::<Result<_, String>>()?,
        ),
        other => other.clone(),
    })
}

fn failed(name: String, expected: &str, actual: String) -> Outcome {
    Outcome {
        name,
        passed: false,
        expected: cut(expected),
        actual: cut(&actual),
    }
}

fn quoted(text: &str) -> String {
    format!("\"{text}\"")
}

/// `text` cut to [`SHOWN_CHARS`] characters, with an ellipsis.
fn cut(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
