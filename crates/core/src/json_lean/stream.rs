//! Runs a query while the body streams through serde, so a large answer is never held as a
//! whole tree. It applies to queries that start with single names or indexes (`$.a[2].b`,
//! followed through the stream, everything off the path skipped unread), optionally
//! followed by one `[*]` or `[?filter]` over an array (each element read as a lean tree,
//! queried, written out and dropped before the next) or by one descendant segment of names
//! (`..name`, `..['a','b']`: only the values it selects are read whole, see [`descend`]),
//! then anything that does not look at the root (`$`) again.
//!
//! Not `checks::select`'s streaming walk: that one keeps the first of two equal keys, where
//! `serde_json` (and so the filter's reference) keeps the last; and it has no per-element
//! step. Results, their order and locations are those of [`super::evaluate::run`].

use std::fmt::{self, Write as _};

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, Serializer};

use super::Node;
use super::evaluate::{Engine, location};
use super::node::{EscapedKeys, NodeSeed};
use super::query::{Arg, Expr, Function, Operand, Query, Segment, Selector};

mod descend;

/// A query split for streaming.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    prefix: Vec<Step>,
    /// `[*]` or `[?filter]` applied element by element, when the query has it.
    each: Option<Selector>,
    /// The names of a descendant segment after the prefix (`..a`), when the query has one.
    descend: Option<Vec<String>>,
    /// The segments after `each` or `descend` (or the prefix), run on each selected value.
    rest: Query,
}

#[derive(Clone, Debug)]
enum Step {
    Name(String),
    Index(usize),
}

/// The streaming plan of `query`, or `None` when it must run over the whole tree (its
/// prefix is empty and nothing is selected element by element, or it looks at `$` after
/// the prefix).
pub(crate) fn plan(query: &Query) -> Option<Plan> {
    let mut prefix = Vec::new();
    let mut segments = query.segments.iter().peekable();
    while let Some(segment) = segments.peek() {
        let step = match (segment.descendant, segment.selectors.as_slice()) {
            (false, [Selector::Name(name)]) => Step::Name(name.clone()),
            (false, [Selector::Index(i)]) if *i >= 0 => Step::Index(usize::try_from(*i).ok()?),
            _ => break,
        };
        prefix.push(step);
        segments.next();
    }
    let each = match segments.peek() {
        Some(Segment {
            descendant: false,
            selectors,
        }) => match selectors.as_slice() {
            [one @ (Selector::Wildcard | Selector::Filter(_))] => Some(one.clone()),
            _ => None,
        },
        _ => None,
    };
    if each.is_some() {
        segments.next();
    }
    let descend = match segments.peek() {
        Some(Segment {
            descendant: true,
            selectors,
        }) if each.is_none() => selectors
            .iter()
            .map(|s| match s {
                Selector::Name(name) => Some(name.clone()),
                _ => None,
            })
            .collect::<Option<Vec<String>>>(),
        _ => None,
    };
    if descend.is_some() {
        segments.next();
    }
    if prefix.is_empty() && each.is_none() && descend.is_none() {
        return None;
    }
    let rest = Query {
        root: false,
        segments: segments.cloned().collect(),
    };
    let each_uses_root = matches!(&each, Some(Selector::Filter(e)) if expr_uses_root(e));
    if each_uses_root || segments_use_root(&rest.segments) {
        return None;
    }
    Some(Plan {
        prefix,
        each,
        descend,
        rest,
    })
}

fn segments_use_root(segments: &[Segment]) -> bool {
    segments.iter().any(|s| {
        s.selectors
            .iter()
            .any(|sel| matches!(sel, Selector::Filter(e) if expr_uses_root(e)))
    })
}

fn query_uses_root(query: &Query) -> bool {
    query.root || segments_use_root(&query.segments)
}

fn expr_uses_root(expr: &Expr) -> bool {
    match expr {
        Expr::Or(terms) | Expr::And(terms) => terms.iter().any(expr_uses_root),
        Expr::Not(inner) => expr_uses_root(inner),
        Expr::Exists(query) => query_uses_root(query),
        Expr::Test(function) => function_uses_root(function),
        Expr::Compare(left, _, right) => operand_uses_root(left) || operand_uses_root(right),
    }
}

fn operand_uses_root(operand: &Operand) -> bool {
    match operand {
        Operand::Literal(_) => false,
        Operand::Singular(query) => query_uses_root(query),
        Operand::Function(function) => function_uses_root(function),
    }
}

fn function_uses_root(function: &Function) -> bool {
    function.args.iter().any(|arg| match arg {
        Arg::Literal(_) => false,
        Arg::Singular(query) | Arg::Nodes(query) => query_uses_root(query),
        Arg::Function(f) => function_uses_root(f),
        Arg::Logical(e) => expr_uses_root(e),
    })
}

/// What a streamed query selected: each value as compact JSON, with its location when
/// asked for.
#[derive(Debug, Default)]
pub(crate) struct Selected {
    pub values: Vec<Box<str>>,
    pub locations: Vec<String>,
}

impl Selected {
    fn truncate(&mut self, len: usize) {
        self.values.truncate(len);
        self.locations.truncate(len);
    }

    fn append(&mut self, other: &mut Selected) {
        self.values.append(&mut other.values);
        self.locations.append(&mut other.locations);
    }

    fn extend_from(&mut self, other: &Selected) {
        self.values.extend(other.values.iter().cloned());
        self.locations.extend(other.locations.iter().cloned());
    }
}

/// Why a streamed query stopped.
#[derive(Debug)]
pub(crate) enum StreamError {
    /// The body is not JSON.
    Json(serde_json::Error),
    /// Cancelled from outside.
    Cancelled,
}

/// Runs `plan` over `body`.
pub(crate) fn run(
    plan: &Plan,
    body: &[u8],
    locate: bool,
    cancelled: &dyn Fn() -> bool,
) -> Result<Selected, StreamError> {
    let context = Context {
        plan,
        engine: Engine::new(locate),
        locate,
        cancelled,
        descend_query: plan.descend.as_ref().map(|names| {
            let mut segments = vec![Segment {
                descendant: true,
                selectors: names.iter().cloned().map(Selector::Name).collect(),
            }];
            segments.extend(plan.rest.segments.iter().cloned());
            Query {
                root: false,
                segments,
            }
        }),
    };
    let mut selected = Selected::default();
    let mut de = serde_json::Deserializer::from_slice(body);
    let outcome = Follow {
        context: &context,
        steps: &plan.prefix,
        at: String::from("$"),
        out: &mut selected,
    }
    .deserialize(&mut de)
    .and_then(|()| de.end());
    match outcome {
        Ok(()) => Ok(selected),
        Err(_) if cancelled() => Err(StreamError::Cancelled),
        Err(e) => Err(StreamError::Json(e)),
    }
}

struct Context<'p> {
    plan: &'p Plan,
    engine: Engine,
    locate: bool,
    cancelled: &'p dyn Fn() -> bool,
    /// The descendant segment and the rest, as one query (for a value read whole).
    descend_query: Option<Query>,
}

impl Context<'_> {
    /// Writes out what `query` selects from `node`, found at `at`.
    fn emit(&self, query: &Query, node: &Node<'_>, at: &str, out: &mut Selected) {
        for hit in self.engine.run(query, node) {
            out.values
                .push(serde_json::to_string(hit.node).unwrap_or_default().into());
            if self.locate {
                let relative = location(&hit);
                out.locations
                    .push(format!("{at}{}", relative.strip_prefix('$').unwrap_or("")));
            }
        }
    }

    /// The query after the prefix, as one query (for a target read whole).
    fn tail(&self) -> Query {
        let mut segments = Vec::new();
        if let Some(each) = &self.plan.each {
            segments.push(Segment {
                descendant: false,
                selectors: vec![each.clone()],
            });
        }
        segments.extend(self.plan.rest.segments.iter().cloned());
        Query {
            root: false,
            segments,
        }
    }
}

/// Follows the prefix steps through the stream.
struct Follow<'c, 'p, 's> {
    context: &'c Context<'p>,
    steps: &'s [Step],
    at: String,
    out: &'c mut Selected,
}

impl<'de> DeserializeSeed<'de> for Follow<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        if !self.steps.is_empty() {
            return de.deserialize_any(self);
        }
        if let Some(names) = &self.context.plan.descend {
            let mut found = descend::Descend {
                context: self.context,
                names,
                at: self.at,
            }
            .deserialize(de)?;
            self.out.append(&mut found);
            return Ok(());
        }
        if self.context.plan.each.is_some() {
            return de.deserialize_any(Target {
                context: self.context,
                at: self.at,
                out: self.out,
            });
        }
        let keys = EscapedKeys::default();
        let node = NodeSeed(&keys).deserialize(de)?;
        self.context
            .emit(&self.context.plan.rest, &node, &self.at, self.out);
        Ok(())
    }
}

impl<'de> Visitor<'de> for Follow<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let start = self.out.values.len();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match self.steps.first() {
                Some(Step::Name(name)) if *name == key => {
                    // A repeated key: its last value counts, as in `serde_json`.
                    self.out.truncate(start);
                    let at = if self.context.locate {
                        format!("{}['{key}']", self.at)
                    } else {
                        String::new()
                    };
                    map.next_value_seed(Follow {
                        context: self.context,
                        steps: &self.steps[1..],
                        at,
                        out: &mut *self.out,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            let wanted = matches!(self.steps.first(), Some(Step::Index(i)) if *i == index);
            if wanted {
                let mut at = String::new();
                if self.context.locate {
                    let _ = write!(at, "{}[{index}]", self.at);
                }
                let seed = Follow {
                    context: self.context,
                    steps: &self.steps[1..],
                    at,
                    out: &mut *self.out,
                };
                if seq.next_element_seed(seed)?.is_none() {
                    break;
                }
            } else if seq.next_element::<IgnoredAny>()?.is_none() {
                break;
            }
            index += 1;
        }
        Ok(())
    }

    // A scalar where the path goes deeper: nothing there.
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// The value the prefix leads to, when the query selects from it element by element.
struct Target<'c, 'p> {
    context: &'c Context<'p>,
    at: String,
    out: &'c mut Selected,
}

impl<'de> Visitor<'de> for Target<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let context = self.context;
        let mut index = 0usize;
        loop {
            // Each element is dropped once emitted, its escaped keys with it.
            let keys = EscapedKeys::default();
            let Some(element) = seq.next_element_seed(NodeSeed(&keys))? else {
                break;
            };
            if (context.cancelled)() {
                return Err(de::Error::custom("cancelled"));
            }
            let selected = match &context.plan.each {
                Some(Selector::Filter(expr)) => context.engine.passes(expr, &element),
                _ => true,
            };
            if selected {
                let mut at = String::new();
                if context.locate {
                    let _ = write!(at, "{}[{index}]", self.at);
                }
                context.emit(&context.plan.rest, &element, &at, self.out);
            }
            index += 1;
        }
        Ok(())
    }

    /// An object is read whole: its keys may repeat, and the last value of a key counts.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let keys = EscapedKeys::default();
        let node = NodeSeed(&keys).deserialize(de::value::MapAccessDeserializer::new(map))?;
        let tail = self.context.tail();
        self.context.emit(&tail, &node, &self.at, self.out);
        Ok(())
    }

    // `[*]` and filters select nothing from a scalar.
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Selected values written as one JSON array, each value read back from its compact text
/// so that any formatter (pretty included) writes them as it would the values themselves.
pub(crate) struct AsArray<'s>(pub &'s [Box<str>]);

impl Serialize for AsArray<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|text| Reparsed(text)))
    }
}

struct Reparsed<'s>(&'s str);

impl Serialize for Reparsed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let keys = EscapedKeys::default();
        let node = super::parse(self.0.as_bytes(), &keys).map_err(serde::ser::Error::custom)?;
        node.serialize(serializer)
    }
}
