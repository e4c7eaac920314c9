//! Writing the `expect:` and `capture:` blocks (see [`crate::checks`]).

use super::yaml::Node;
use crate::checks::{Capture, ExpectFile, StatusList};

/// `expect:` in the collection's key order: status, time, headers, json.
pub fn expect_node(expect: &ExpectFile) -> Node {
    let status = match &expect.status {
        None => Node::Absent,
        Some(StatusList::One(code)) => Node::Raw(code.to_string()),
        Some(StatusList::Any(codes)) => Node::Raw(format!(
            "[{}]",
            codes
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    };
    let headers = expect
        .headers
        .iter()
        .map(|h| {
            Node::Map(vec![
                ("name", Node::str(&h.name)),
                (
                    "equals",
                    h.equals.as_deref().map_or(Node::Absent, Node::str),
                ),
                (
                    "contains",
                    h.contains.as_deref().map_or(Node::Absent, Node::str),
                ),
            ])
        })
        .collect();
    let json = expect
        .json
        .iter()
        .map(|j| {
            Node::Map(vec![
                ("path", Node::str(&j.path)),
                ("equals", j.equals.as_ref().map_or(Node::Absent, json_value)),
                ("exists", j.exists.map_or(Node::Absent, Node::Bool)),
                (
                    "matches",
                    j.matches.as_deref().map_or(Node::Absent, Node::str),
                ),
            ])
        })
        .collect();
    let node = Node::Map(vec![
        ("status", status),
        (
            "time_below_ms",
            expect
                .time_below_ms
                .map_or(Node::Absent, |ms| Node::Raw(ms.to_string())),
        ),
        ("headers", Node::Seq(headers)),
        ("json", Node::Seq(json)),
    ]);
    // An empty `expect:` reads back as "nothing expected"; keep it visible as `{}`.
    if node.is_empty() {
        Node::Raw("{}".to_owned())
    } else {
        node
    }
}

/// `capture:` as `name: path` pairs, in order.
pub fn capture_node(capture: &[Capture]) -> Node {
    Node::Pairs(
        capture
            .iter()
            .map(|c| (c.name.clone(), Node::str(&c.path)))
            .collect(),
    )
}

/// A JSON value: strings as YAML strings, anything else as JSON (which YAML reads).
fn json_value(value: &serde_json::Value) -> Node {
    match value {
        serde_json::Value::String(s) => Node::str(s),
        other => Node::Raw(other.to_string()),
    }
}
