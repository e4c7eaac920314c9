//! Runs an `expect:` block against an answer.

use std::time::Duration;

use serde_json::Value;

use super::file::{ExpectFile, HeaderCheck, JsonCheck};
use super::select::{Found, select};
use crate::collection::variables::{UnknownVariables, VariableSet, resolve};

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
    } else if crate::http::CREDENTIAL_HEADERS.contains(&name.to_ascii_lowercase().as_str())
        || name.eq_ignore_ascii_case("set-cookie")
    {
        "***".to_owned()
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
        Found::One(v) => cut(&redacted(v).to_string()),
        Found::Many(vs) => cut(&redacted(&Value::Array(vs.clone())).to_string()),
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
                    actual: cut(&redacted(&value).to_string()),
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
                unknown.to_string(),
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

/// `value` as a report may show it: the values of members named like credentials
/// (`token`, `password`, `apiKey`, …) replaced by `***`, so a login answer shown as the
/// actual value of a failed check does not print the session token.
fn redacted(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if is_credential_name(k) && !v.is_null() {
                        Value::String("***".to_owned())
                    } else {
                        redacted(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redacted).collect()),
        other => other.clone(),
    }
}

/// Whether a JSON member's name says it holds a credential.
fn is_credential_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase().replace(['_', '-'], "");
    [
        "token",
        "password",
        "apikey",
        "secret",
        "accesstoken",
        "refreshtoken",
        "authorization",
    ]
    .iter()
    .any(|word| lower.contains(word))
}

/// `{{variables}}` substituted in every string of `value`.
fn substitute(value: &Value, vars: &VariableSet) -> Result<Value, UnknownVariables> {
    Ok(match value {
        Value::String(s) => Value::String(resolve(s, vars)?),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| substitute(v, vars))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), substitute(v, vars)?)))
                .collect::<Result<_, UnknownVariables>>()?,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{HeaderCheck, JsonCheck, StatusList};
    use crate::collection::environment::{Environment, Variable};

    fn answer<'a>(headers: &'a [(String, String)], body: &'a [u8]) -> Answer<'a> {
        Answer {
            status: 200,
            headers,
            body,
            elapsed: Duration::from_millis(30),
        }
    }

    #[test]
    fn each_kind_of_test_passes_and_fails_with_expected_and_actual() {
        let env = Environment {
            name: "t".into(),
            variables: vec![Variable::plain("who", "admin")],
            overrides: vec![],
        };
        let vars = VariableSet::build(&[], Some(&env), |_| None);
        let headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
        let body = br#"{"name":"admin","n":3,"list":[1,2],"token":"abc"}"#;
        let expect = ExpectFile {
            status: Some(StatusList::Any(vec![200, 204])),
            time_below_ms: Some(10),
            headers: vec![HeaderCheck {
                name: "content-type".into(),
                contains: Some("json".into()),
                ..Default::default()
            }],
            json: vec![
                JsonCheck {
                    path: "$.name".into(),
                    equals: Some(serde_json::json!("{{who}}")),
                    ..Default::default()
                },
                JsonCheck {
                    path: "$.list[*]".into(),
                    equals: Some(serde_json::json!([1, 2])),
                    ..Default::default()
                },
                JsonCheck {
                    path: "$.n".into(),
                    matches: Some("^[0-9]$".into()),
                    ..Default::default()
                },
                JsonCheck {
                    path: "$.missing".into(),
                    exists: Some(true),
                    ..Default::default()
                },
                JsonCheck {
                    path: "$".into(),
                    equals: Some(serde_json::json!(null)),
                    ..Default::default()
                },
            ],
        };
        let outcomes = evaluate(&expect, &answer(&headers, body), &vars);
        let passed: Vec<bool> = outcomes.iter().map(|o| o.passed).collect();
        assert_eq!(passed, [true, false, true, true, true, true, false, false]);
        assert_eq!(outcomes[0].name, "status is one of 200, 204");
        assert_eq!(outcomes[1].actual, "30 ms");
        assert_eq!(outcomes[3].name, "$.name equals \"admin\"");
        assert_eq!(outcomes[6].actual, "nothing");
        // The whole body as an actual value: the token is not shown.
        assert!(
            outcomes[7].actual.contains("\"token\":\"***\""),
            "{:?}",
            outcomes[7]
        );
        assert!(!outcomes[7].actual.contains("abc"));
    }
}
