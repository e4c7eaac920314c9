//! Runs a [`Query`] over the lean tree. Every rule follows `serde_json_path` 0.7 exactly
//! (results, their order, and its readings of the RFC: e.g. a negative index in a singular
//! query inside a filter selects nothing), so the filter shows the same answer either way.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;

use regex::Regex;
use serde_json::Number;

use super::Node;
use super::query::{Arg, CompareOp, Expr, Function, FunctionName, Operand, Query, Selector};

/// One selected node, with where it is when locations were asked for.
#[derive(Clone, Debug)]
pub(crate) struct Hit<'t, 'a> {
    pub node: &'t Node<'a>,
    /// The last step from the root (`None`: the root itself, or locations not asked for).
    pub at: Option<Rc<Step<'t>>>,
}

/// One step of a location, linked to the steps before it.
#[derive(Debug)]
pub(crate) struct Step<'t> {
    parent: Option<Rc<Step<'t>>>,
    key: Key<'t>,
}

#[derive(Clone, Copy, Debug)]
enum Key<'t> {
    Name(&'t str),
    Index(usize),
}

/// Runs `query` over `root`, with locations when `locate` is set.
pub(crate) fn run<'t, 'a>(query: &Query, root: &'t Node<'a>, locate: bool) -> Vec<Hit<'t, 'a>> {
    Engine::new(locate).run(query, root)
}

/// The location of a hit written as `serde_json_path` writes a normalized path,
/// `$['a'][0]`, names unescaped.
pub(crate) fn location(hit: &Hit<'_, '_>) -> String {
    let mut keys = Vec::new();
    let mut step = hit.at.as_deref();
    while let Some(s) = step {
        keys.push(s.key);
        step = s.parent.as_deref();
    }
    let mut out = String::from("$");
    for key in keys.iter().rev() {
        match key {
            Key::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            // Names are written as they are, unescaped, as serde_json_path does.
            Key::Name(name) => {
                let _ = write!(out, "['{name}']");
            }
        }
    }
    out
}

/// A value met while testing a filter.
enum Val<'r, 'a> {
    Nodes(Vec<&'r Node<'a>>),
    Logical(bool),
    One(Cow<'r, Node<'a>>),
    Nothing,
}

/// Runs queries, keeping the patterns of `match` and `search` compiled between them.
pub(crate) struct Engine {
    locate: bool,
    /// Compiled patterns (`None`: not a valid pattern).
    regexes: RefCell<HashMap<String, Option<Regex>>>,
}

impl Engine {
    /// An engine giving locations with its hits when `locate` is set.
    pub(crate) fn new(locate: bool) -> Self {
        Self {
            locate,
            regexes: RefCell::default(),
        }
    }

    /// Runs `query` with `root` as both the root and the current node.
    pub(crate) fn run<'t, 'a>(&self, query: &Query, root: &'t Node<'a>) -> Vec<Hit<'t, 'a>> {
        self.select(query, root, root)
    }

    /// Whether `node` passes a filter that does not look at the root.
    pub(crate) fn passes(&self, expr: &Expr, node: &Node<'_>) -> bool {
        self.test(expr, node, node)
    }

    fn select<'t, 'a>(
        &self,
        query: &Query,
        current: &'t Node<'a>,
        root: &'t Node<'a>,
    ) -> Vec<Hit<'t, 'a>> {
        let start = if query.root { root } else { current };
        let mut hits = vec![Hit {
            node: start,
            at: None,
        }];
        for segment in &query.segments {
            let mut next = Vec::new();
            for hit in &hits {
                self.segment(segment, hit, root, &mut next);
            }
            hits = next;
        }
        hits
    }

    fn segment<'t, 'a>(
        &self,
        segment: &super::query::Segment,
        hit: &Hit<'t, 'a>,
        root: &'t Node<'a>,
        out: &mut Vec<Hit<'t, 'a>>,
    ) {
        for selector in &segment.selectors {
            self.selector(selector, hit, root, out);
        }
        if segment.descendant {
            // Recursion is bounded: parsing limits the depth (serde_json's limit of 128).
            match hit.node {
                Node::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let child = self.child(hit, item, Key::Index(i));
                        self.segment(segment, &child, root, out);
                    }
                }
                Node::Object(members) => {
                    for (key, value) in members.iter() {
                        let child = self.child(hit, value, Key::Name(key));
                        self.segment(segment, &child, root, out);
                    }
                }
                _ => {}
            }
        }
    }

    fn child<'t, 'a>(&self, parent: &Hit<'t, 'a>, node: &'t Node<'a>, key: Key<'t>) -> Hit<'t, 'a> {
        let at = self.locate.then(|| {
            Rc::new(Step {
                parent: parent.at.clone(),
                key,
            })
        });
        Hit { node, at }
    }

    fn selector<'t, 'a>(
        &self,
        selector: &Selector,
        hit: &Hit<'t, 'a>,
        root: &'t Node<'a>,
        out: &mut Vec<Hit<'t, 'a>>,
    ) {
        match (selector, hit.node) {
            (Selector::Name(name), Node::Object(members)) => {
                if let Some((key, value)) = members.iter().find(|(k, _)| k == name) {
                    out.push(self.child(hit, value, Key::Name(key)));
                }
            }
            (Selector::Wildcard, Node::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    out.push(self.child(hit, item, Key::Index(i)));
                }
            }
            (Selector::Wildcard, Node::Object(members)) => {
                for (key, value) in members.iter() {
                    out.push(self.child(hit, value, Key::Name(key)));
                }
            }
            (Selector::Index(index), Node::Array(items)) => {
                let at = if *index < 0 {
                    usize::try_from(index.unsigned_abs())
                        .ok()
                        .and_then(|back| items.len().checked_sub(back))
                } else {
                    usize::try_from(*index).ok()
                };
                if let Some((i, item)) = at.and_then(|i| items.get(i).map(|item| (i, item))) {
                    out.push(self.child(hit, item, Key::Index(i)));
                }
            }
            (Selector::Slice { start, end, step }, Node::Array(items)) => {
                for i in slice_indexes(*start, *end, *step, items.len()) {
                    if let Some(item) = items.get(i) {
                        out.push(self.child(hit, item, Key::Index(i)));
                    }
                }
            }
            (Selector::Filter(expr), Node::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    if self.test(expr, item, root) {
                        out.push(self.child(hit, item, Key::Index(i)));
                    }
                }
            }
            (Selector::Filter(expr), Node::Object(members)) => {
                for (key, value) in members.iter() {
                    if self.test(expr, value, root) {
                        out.push(self.child(hit, value, Key::Name(key)));
                    }
                }
            }
            _ => {}
        }
    }

    fn test<'r, 'a>(&self, expr: &'r Expr, current: &'r Node<'a>, root: &'r Node<'a>) -> bool {
        match expr {
            Expr::Or(terms) => terms.iter().any(|t| self.test(t, current, root)),
            Expr::And(terms) => terms.iter().all(|t| self.test(t, current, root)),
            Expr::Not(inner) => !self.test(inner, current, root),
            Expr::Exists(query) => !self.select(query, current, root).is_empty(),
            Expr::Test(function) => match self.call(function, current, root) {
                Val::Nodes(nodes) => !nodes.is_empty(),
                Val::Logical(b) => b,
                Val::One(value) => truthy(&value),
                Val::Nothing => false,
            },
            Expr::Compare(left, op, right) => {
                let left = self.operand(left, current, root);
                let right = self.operand(right, current, root);
                compare(left.as_deref(), *op, right.as_deref())
            }
        }
    }

    /// A comparison side: a value, or `None` for nothing.
    fn operand<'r, 'a>(
        &self,
        operand: &'r Operand,
        current: &'r Node<'a>,
        root: &'r Node<'a>,
    ) -> Option<Cow<'r, Node<'a>>> {
        match operand {
            Operand::Literal(literal) => Some(Cow::Borrowed(literal)),
            Operand::Singular(query) => singular(query, current, root).map(Cow::Borrowed),
            Operand::Function(function) => match self.call(function, current, root) {
                Val::One(value) => Some(value),
                // Only value-typed functions are accepted in comparisons.
                Val::Nodes(_) | Val::Logical(_) | Val::Nothing => None,
            },
        }
    }

    fn arg<'r, 'a>(&self, arg: &'r Arg, current: &'r Node<'a>, root: &'r Node<'a>) -> Val<'r, 'a> {
        match arg {
            Arg::Literal(literal) => Val::One(Cow::Borrowed(literal)),
            Arg::Singular(query) => {
                singular(query, current, root).map_or(Val::Nothing, |n| Val::One(Cow::Borrowed(n)))
            }
            Arg::Nodes(query) => Val::Nodes(
                self.select(query, current, root)
                    .into_iter()
                    .map(|hit| hit.node)
                    .collect(),
            ),
            Arg::Function(function) => self.call(function, current, root),
            Arg::Logical(expr) => Val::Logical(self.test(expr, current, root)),
        }
    }

    fn call<'r, 'a>(
        &self,
        function: &'r Function,
        current: &'r Node<'a>,
        root: &'r Node<'a>,
    ) -> Val<'r, 'a> {
        let mut args = function.args.iter().map(|a| self.arg(a, current, root));
        let mut next = || args.next().unwrap_or(Val::Nothing);
        match function.name {
            FunctionName::Length => match next() {
                Val::One(value) => length(&value).map_or(Val::Nothing, |n| {
                    Val::One(Cow::Owned(Node::Number(Number::from(n))))
                }),
                _ => Val::Nothing,
            },
            FunctionName::Count => {
                let n = match next() {
                    Val::Nodes(nodes) => nodes.len(),
                    Val::One(_) => 1,
                    Val::Logical(_) | Val::Nothing => 0,
                };
                Val::One(Cow::Owned(Node::Number(Number::from(n))))
            }
            FunctionName::Value => match next() {
                Val::Nodes(nodes) if nodes.len() == 1 => Val::One(Cow::Borrowed(nodes[0])),
                Val::One(value) => Val::One(value),
                _ => Val::Nothing,
            },
            FunctionName::Match | FunctionName::Search => {
                let (text, pattern) = (next(), next());
                let (Val::One(text), Val::One(pattern)) = (text, pattern) else {
                    return Val::Logical(false);
                };
                let (Node::String(text), Node::String(pattern)) = (text.as_ref(), pattern.as_ref())
                else {
                    return Val::Logical(false);
                };
                let whole = function.name == FunctionName::Match;
                Val::Logical(self.regex_matches(pattern, whole, text))
            }
        }
    }

    /// Same pattern text as `serde_json_path` builds: CRLF mode, anchored for `match`.
    fn regex_matches(&self, pattern: &str, whole: bool, text: &str) -> bool {
        let source = if whole {
            format!("(?R)^({pattern})$")
        } else {
            format!("(?R)({pattern})")
        };
        let mut cache = self.regexes.borrow_mut();
        cache
            .entry(source)
            .or_insert_with_key(|source| Regex::new(source).ok())
            .as_ref()
            .is_some_and(|r| r.is_match(text))
    }
}

/// A singular query inside a filter: names and non-negative indexes only.
fn singular<'r, 'a>(
    query: &Query,
    current: &'r Node<'a>,
    root: &'r Node<'a>,
) -> Option<&'r Node<'a>> {
    let mut node = if query.root { root } else { current };
    for segment in &query.segments {
        node = match (segment.selectors.first()?, node) {
            (Selector::Name(name), Node::Object(members)) => {
                &members.iter().find(|(k, _)| k == name)?.1
            }
            (Selector::Index(index), Node::Array(items)) => {
                items.get(usize::try_from(*index).ok()?)?
            }
            _ => return None,
        };
    }
    Some(node)
}

fn length(node: &Node<'_>) -> Option<usize> {
    match node {
        Node::String(s) => Some(s.chars().count()),
        Node::Array(a) => Some(a.len()),
        Node::Object(o) => Some(o.len()),
        _ => None,
    }
}

fn truthy(node: &Node<'_>) -> bool {
    match node {
        Node::Null => false,
        Node::Bool(b) => *b,
        Node::Number(n) => *n != Number::from(0),
        _ => true,
    }
}

fn compare(left: Option<&Node<'_>>, op: CompareOp, right: Option<&Node<'_>>) -> bool {
    let equal = match (left, right) {
        (Some(l), Some(r)) => value_equal(l, r),
        (None, None) => true,
        _ => false,
    };
    let less = match (left, right) {
        (Some(l), Some(r)) => value_less(l, r),
        _ => false,
    };
    let same_type = match (left, right) {
        (Some(l), Some(r)) => std::mem::discriminant(l) == std::mem::discriminant(r),
        _ => false,
    };
    match op {
        CompareOp::Eq => equal,
        CompareOp::Ne => !equal,
        CompareOp::Lt => same_type && less,
        CompareOp::Gt => same_type && !less && !equal,
        CompareOp::Le => same_type && (less || equal),
        CompareOp::Ge => same_type && !less,
    }
}

/// Numbers at the top compare by value; anything else as `Value == Value` does.
fn value_equal(left: &Node<'_>, right: &Node<'_>) -> bool {
    match (left, right) {
        (Node::Number(l), Node::Number(r)) => number_equal(l, r),
        _ => deep_equal(left, right),
    }
}

fn number_equal(left: &Number, right: &Number) -> bool {
    if let (Some(l), Some(r)) = (left.as_f64(), right.as_f64()) {
        l == r
    } else if let (Some(l), Some(r)) = (left.as_i64(), right.as_i64()) {
        l == r
    } else if let (Some(l), Some(r)) = (left.as_u64(), right.as_u64()) {
        l == r
    } else {
        false
    }
}

fn value_less(left: &Node<'_>, right: &Node<'_>) -> bool {
    match (left, right) {
        (Node::Number(l), Node::Number(r)) => {
            if let (Some(a), Some(b)) = (l.as_f64(), r.as_f64()) {
                a < b
            } else if let (Some(a), Some(b)) = (l.as_i64(), r.as_i64()) {
                a < b
            } else if let (Some(a), Some(b)) = (l.as_u64(), r.as_u64()) {
                a < b
            } else {
                false
            }
        }
        (Node::String(l), Node::String(r)) => l < r,
        _ => false,
    }
}

/// `serde_json::Value`'s equality: numbers by representation, objects regardless of order.
fn deep_equal(left: &Node<'_>, right: &Node<'_>) -> bool {
    match (left, right) {
        (Node::Null, Node::Null) => true,
        (Node::Bool(l), Node::Bool(r)) => l == r,
        (Node::Number(l), Node::Number(r)) => l == r,
        (Node::String(l), Node::String(r)) => l == r,
        (Node::Array(l), Node::Array(r)) => {
            l.len() == r.len() && l.iter().zip(r.iter()).all(|(a, b)| deep_equal(a, b))
        }
        (Node::Object(l), Node::Object(r)) => {
            l.len() == r.len()
                && l.iter().all(|(key, value)| {
                    r.iter()
                        .find(|(k, _)| k == key)
                        .is_some_and(|(_, other)| deep_equal(value, other))
                })
        }
        _ => false,
    }
}

/// The indexes a slice selects from an array of `len`, in order (RFC 9535 section 2.3.4,
/// with `serde_json_path`'s bounds and its limit of 2^53 - 1 on integers).
fn slice_indexes(
    start: Option<i64>,
    end: Option<i64>,
    step: Option<i64>,
    len: usize,
) -> Vec<usize> {
    const LIMIT: i64 = (1 << 53) - 1;
    let checked = |v: Option<i64>| v.filter(|v| (-LIMIT..=LIMIT).contains(v));
    let step = step.unwrap_or(1);
    let Some(len) = i64::try_from(len).ok().filter(|l| *l <= LIMIT) else {
        return Vec::new();
    };
    let normalize = |i: i64| {
        if i >= 0 {
            Some(i)
        } else {
            checked(len.checked_sub(i.abs()))
        }
    };
    let mut out = Vec::new();
    if step == 0 {
        return out;
    }
    if step > 0 {
        let start = normalize(start.unwrap_or(0)).unwrap_or(0).max(0);
        let end = normalize(end.unwrap_or(len)).unwrap_or(0).max(0);
        let (lower, upper) = (start.min(len), end.min(len));
        let mut i = lower;
        while i < upper {
            out.extend(usize::try_from(i).ok());
            match checked(i.checked_add(step)) {
                Some(n) => i = n,
                None => break,
            }
        }
    } else {
        let Some(start) = start.or_else(|| checked(len.checked_sub(1))) else {
            return out;
        };
        let Some(end) =
            end.or_else(|| checked(checked(len.checked_mul(-1)).and_then(|l| l.checked_sub(1))))
        else {
            return out;
        };
        let start = normalize(start).unwrap_or(0).max(-1);
        let end = normalize(end).unwrap_or(0).max(-1);
        let last = checked(len.checked_sub(1)).unwrap_or(len);
        let (lower, upper) = (end.min(last), start.min(last));
        let mut i = upper;
        while lower < i {
            out.extend(usize::try_from(i).ok());
            match checked(i.checked_add(step)) {
                Some(n) => i = n,
                None => break,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_lean::{EscapedKeys, parse, query::parse_query};

    fn values(expression: &str, body: &str) -> Vec<String> {
        let keys = EscapedKeys::default();
        let tree = parse(body.as_bytes(), &keys).unwrap();
        let query = parse_query(expression).unwrap();
        run(&query, &tree, false)
            .iter()
            .map(|h| serde_json::to_string(h.node).unwrap())
            .collect()
    }

    #[test]
    fn selects_in_document_order() {
        let body = r#"{"a":[1,{"b":2},[3]],"b":{"b":4}}"#;
        assert_eq!(values("$.a[*]", body), ["1", r#"{"b":2}"#, "[3]"]);
        assert_eq!(values("$..b", body), [r#"{"b":4}"#, "2", "4"]);
        assert_eq!(values("$.a[::-1]", body), ["[3]", r#"{"b":2}"#, "1"]);
        assert_eq!(values("$.a[-1, 0, 0]", body), ["[3]", "1", "1"]);
    }

    #[test]
    fn filters_and_functions() {
        let body = r#"[{"n":"ab","v":1},{"n":"b","v":2.0},{"n":"abc","v":[1]},{"v":null}]"#;
        assert_eq!(values("$[?@.v == 2].n", body), [r#""b""#]);
        assert_eq!(values("$[?@.v > 1].n", body), [r#""b""#]);
        assert_eq!(values("$[?match(@.n, 'a.')].n", body), [r#""ab""#]);
        assert_eq!(values("$[?search(@.n, 'c')].n", body), [r#""abc""#]);
        assert_eq!(values("$[?length(@.n) == 3].v", body), ["[1]"]);
        assert_eq!(values("$[?!@.n].v", body), ["null"]);
        assert_eq!(values("$[?count(@.*) == 1].v", body), ["null"]);
    }

    #[test]
    fn locations_are_normalized_paths() {
        let keys = EscapedKeys::default();
        let tree = parse(br#"{"a":[{"it's":1}],"b\\c":2}"#, &keys).unwrap();
        let query = parse_query("$..*").unwrap();
        let found: Vec<String> = run(&query, &tree, true).iter().map(location).collect();
        assert_eq!(
            found,
            ["$['a']", "$['b\\c']", "$['a'][0]", "$['a'][0]['it's']"]
        );
    }

    #[test]
    fn slices_match_the_rfc_examples() {
        let len = 7;
        assert_eq!(slice_indexes(Some(1), Some(3), None, len), [1, 2]);
        assert_eq!(slice_indexes(Some(5), None, None, len), [5, 6]);
        assert_eq!(slice_indexes(Some(1), Some(5), Some(2), len), [1, 3]);
        assert_eq!(slice_indexes(Some(5), Some(1), Some(-2), len), [5, 3]);
        assert_eq!(
            slice_indexes(None, None, Some(-1), len),
            [6, 5, 4, 3, 2, 1, 0]
        );
        assert!(slice_indexes(None, None, Some(0), len).is_empty());
    }
}
