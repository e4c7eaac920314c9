//! A JSONPath expression (RFC 9535) read into a syntax tree for [`super::evaluate`].
//!
//! Only expressions `serde_json_path` has already accepted are read here, so this reader
//! does not explain mistakes: it answers `None` for anything it does not understand, and
//! the caller then falls back to `serde_json_path` over a parsed `serde_json::Value`.

use std::borrow::Cow;

use serde_json::Number;

use super::Node;

/// A whole query: `$` (or `@` inside a filter) followed by segments.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Query {
    /// Starts at the document root (`$`) rather than the filter's current node (`@`).
    pub root: bool,
    pub segments: Vec<Segment>,
}

/// One segment: `.name`, `[sel, sel]`, or their descendant forms `..name`, `..[sel]`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Segment {
    /// Applies to the input node and all its descendants.
    pub descendant: bool,
    pub selectors: Vec<Selector>,
}

/// One selector inside a segment.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Selector {
    Name(String),
    Wildcard,
    Index(i64),
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: Option<i64>,
    },
    Filter(Box<Expr>),
}

/// A logical expression of a filter.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Compare(Operand, CompareOp, Operand),
    /// A query selecting at least one node.
    Exists(Query),
    /// A function whose result is a logical value or a node list.
    Test(Function),
}

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Operand {
    Literal(Node<'static>),
    /// A query of only single names and indexes (see [`is_singular`]).
    Singular(Query),
    Function(Function),
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A call of one of the standard functions.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Function {
    pub name: FunctionName,
    pub args: Vec<Arg>,
}

/// The standard functions of RFC 9535.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FunctionName {
    Length,
    Count,
    Match,
    Search,
    Value,
}

/// A function argument, classified as `serde_json_path` classifies it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Arg {
    Literal(Node<'static>),
    Singular(Query),
    Nodes(Query),
    Function(Function),
    Logical(Expr),
}

/// Whether every segment is a child segment with one name or index selector.
pub(crate) fn is_singular(query: &Query) -> bool {
    query.segments.iter().all(|s| {
        !s.descendant
            && matches!(
                s.selectors.as_slice(),
                [Selector::Name(_) | Selector::Index(_)]
            )
    })
}

/// Reads a whole expression (`$...`), or `None` when it is not one this reader knows.
pub(crate) fn parse_query(expression: &str) -> Option<Query> {
    let mut reader = Reader {
        text: expression.trim(),
        pos: 0,
    };
    let query = reader.query()?;
    if !query.root {
        return None;
    }
    reader.blank();
    reader.rest().is_empty().then_some(query)
}

/// The largest magnitude of an integer in a query (as `serde_json_path` checks it).
const INT_LIMIT: i64 = (1 << 53) - 1;

struct Reader<'s> {
    text: &'s str,
    pos: usize,
}

impl Reader<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.rest().starts_with(token);
        if found {
            self.pos += token.len();
        }
        found
    }

    fn blank(&mut self) {
        let rest = self.rest();
        let trimmed = rest.trim_start_matches([' ', '\t', '\n', '\r']);
        self.pos += rest.len() - trimmed.len();
    }

    fn query(&mut self) -> Option<Query> {
        let root = if self.eat("$") {
            true
        } else if self.eat("@") {
            false
        } else {
            return None;
        };
        let mut segments = Vec::new();
        loop {
            let before = self.pos;
            self.blank();
            let descendant = self.eat("..");
            let selectors = if descendant || self.eat(".") {
                if self.eat("*") {
                    vec![Selector::Wildcard]
                } else if descendant && self.peek() == Some('[') {
                    self.bracket()?
                } else {
                    vec![Selector::Name(self.member_name()?)]
                }
            } else if self.peek() == Some('[') {
                self.bracket()?
            } else {
                self.pos = before;
                break;
            };
            segments.push(Segment {
                descendant,
                selectors,
            });
        }
        Some(Query { root, segments })
    }

    /// A shorthand name: a letter, `_` or non-ASCII character, then those or digits.
    fn member_name(&mut self) -> Option<String> {
        let rest = self.rest();
        let first = rest.chars().next()?;
        if !(first.is_ascii_alphabetic() || first == '_' || !first.is_ascii()) {
            return None;
        }
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || !c.is_ascii()))
            .unwrap_or(rest.len());
        let name = rest[..end].to_owned();
        self.pos += end;
        Some(name)
    }

    fn bracket(&mut self) -> Option<Vec<Selector>> {
        if !self.eat("[") {
            return None;
        }
        let mut selectors = Vec::new();
        loop {
            self.blank();
            selectors.push(self.selector()?);
            self.blank();
            if self.eat("]") {
                return Some(selectors);
            }
            if !self.eat(",") {
                return None;
            }
        }
    }

    fn selector(&mut self) -> Option<Selector> {
        match self.peek()? {
            '\'' | '"' => Some(Selector::Name(self.string()?)),
            '*' => {
                self.pos += 1;
                Some(Selector::Wildcard)
            }
            '?' => {
                self.pos += 1;
                self.blank();
                Some(Selector::Filter(Box::new(self.or()?)))
            }
            _ => {
                let start = self.integer();
                self.blank();
                if !self.eat(":") {
                    return start.map(Selector::Index);
                }
                self.blank();
                let end = self.integer();
                self.blank();
                let step = if self.eat(":") {
                    self.blank();
                    self.integer()
                } else {
                    None
                };
                Some(Selector::Slice { start, end, step })
            }
        }
    }

    fn integer(&mut self) -> Option<i64> {
        let rest = self.rest();
        let digits_from = usize::from(rest.starts_with('-'));
        let end = rest[digits_from..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(rest.len(), |n| n + digits_from);
        if end == digits_from {
            return None;
        }
        let value: i64 = rest[..end].parse().ok()?;
        if !(-INT_LIMIT..=INT_LIMIT).contains(&value) {
            return None;
        }
        self.pos += end;
        Some(value)
    }

    /// A quoted string with JSON-like escapes (`\'` too).
    fn string(&mut self) -> Option<String> {
        let quote = self.peek()?;
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                c if c == quote => {
                    self.pos += at + 1;
                    return Some(out);
                }
                '\\' => {
                    let escaped = match chars.next()?.1 {
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'u' => {
                            let high = hex4(&mut chars)?;
                            if (0xD800..0xDC00).contains(&high) {
                                if chars.next()?.1 != '\\' || chars.next()?.1 != 'u' {
                                    return None;
                                }
                                let low = hex4(&mut chars)?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return None;
                                }
                                char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?
                            } else {
                                char::from_u32(high)?
                            }
                        }
                        other @ ('/' | '\\' | '\'' | '"') => other,
                        _ => return None,
                    };
                    out.push(escaped);
                }
                c => out.push(c),
            }
        }
        None
    }

    fn or(&mut self) -> Option<Expr> {
        let mut terms = vec![self.and()?];
        loop {
            let before = self.pos;
            self.blank();
            if !self.eat("||") {
                self.pos = before;
                break;
            }
            self.blank();
            terms.push(self.and()?);
        }
        Some(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Expr::Or(terms)
        })
    }

    fn and(&mut self) -> Option<Expr> {
        let mut terms = vec![self.basic()?];
        loop {
            let before = self.pos;
            self.blank();
            if !self.eat("&&") {
                self.pos = before;
                break;
            }
            self.blank();
            terms.push(self.basic()?);
        }
        Some(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Expr::And(terms)
        })
    }

    fn paren(&mut self) -> Option<Expr> {
        if !self.eat("(") {
            return None;
        }
        self.blank();
        let inner = self.or()?;
        self.blank();
        self.eat(")").then_some(inner)
    }

    fn basic(&mut self) -> Option<Expr> {
        if self.eat("!") {
            self.blank();
            let negated = match self.peek()? {
                '(' => self.paren()?,
                '@' | '$' => Expr::Exists(self.query()?),
                _ => Expr::Test(self.function()?),
            };
            return Some(Expr::Not(Box::new(negated)));
        }
        if self.peek()? == '(' {
            return self.paren();
        }
        let left = self.operand_or_test()?;
        let before = self.pos;
        self.blank();
        match self.compare_op() {
            Some(op) => {
                self.blank();
                let right = self.operand_or_test()?;
                Some(Expr::Compare(as_operand(left)?, op, as_operand(right)?))
            }
            None => {
                self.pos = before;
                match left {
                    Side::Query(q) => Some(Expr::Exists(q)),
                    Side::Function(f) => Some(Expr::Test(f)),
                    Side::Literal(_) => None,
                }
            }
        }
    }

    fn compare_op(&mut self) -> Option<CompareOp> {
        for (token, op) in [
            ("==", CompareOp::Eq),
            ("!=", CompareOp::Ne),
            ("<=", CompareOp::Le),
            (">=", CompareOp::Ge),
            ("<", CompareOp::Lt),
            (">", CompareOp::Gt),
        ] {
            if self.eat(token) {
                return Some(op);
            }
        }
        None
    }

    fn operand_or_test(&mut self) -> Option<Side> {
        match self.peek()? {
            '@' | '$' => Some(Side::Query(self.query()?)),
            _ => match self.literal() {
                Some(literal) => Some(Side::Literal(literal)),
                None => Some(Side::Function(self.function()?)),
            },
        }
    }

    fn literal(&mut self) -> Option<Node<'static>> {
        let rest = self.rest();
        for (word, node) in [
            ("true", Node::Bool(true)),
            ("false", Node::Bool(false)),
            ("null", Node::Null),
        ] {
            let after = rest.strip_prefix(word);
            if after.is_some_and(|a| {
                !a.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '(')
            }) {
                self.pos += word.len();
                return Some(node);
            }
        }
        match rest.chars().next()? {
            '\'' | '"' => Some(Node::String(Cow::Owned(self.string()?))),
            '-' | '0'..='9' => {
                let end = rest
                    .find(|c: char| {
                        !(c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
                    })
                    .unwrap_or(rest.len());
                let number: Number = serde_json::from_str(&rest[..end]).ok()?;
                self.pos += end;
                Some(Node::Number(number))
            }
            _ => None,
        }
    }

    fn function(&mut self) -> Option<Function> {
        let rest = self.rest();
        let end = rest
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
            .unwrap_or(rest.len());
        let name = match &rest[..end] {
            "length" => FunctionName::Length,
            "count" => FunctionName::Count,
            "match" => FunctionName::Match,
            "search" => FunctionName::Search,
            "value" => FunctionName::Value,
            _ => return None,
        };
        self.pos += end;
        if !self.eat("(") {
            return None;
        }
        self.blank();
        let mut args = Vec::new();
        if !self.eat(")") {
            loop {
                args.push(self.arg()?);
                self.blank();
                if self.eat(")") {
                    break;
                }
                if !self.eat(",") {
                    return None;
                }
                self.blank();
            }
        }
        Some(Function { name, args })
    }

    /// An argument: literal, query (singular or not), function, or logical expression, in
    /// the order `serde_json_path` tries them.
    fn arg(&mut self) -> Option<Arg> {
        let before = self.pos;
        if let Some(literal) = self.literal() {
            if self.ends_arg() {
                return Some(Arg::Literal(literal));
            }
            self.pos = before;
        }
        if matches!(self.peek()?, '@' | '$') {
            let query = self.query()?;
            if self.ends_arg() {
                return Some(if is_singular(&query) {
                    Arg::Singular(query)
                } else {
                    Arg::Nodes(query)
                });
            }
            self.pos = before;
        }
        if self.peek()?.is_ascii_lowercase()
            && let Some(function) = self.function()
            && self.ends_arg()
        {
            return Some(Arg::Function(function));
        }
        self.pos = before;
        Some(Arg::Logical(self.or()?))
    }

    /// Whether an argument ends here (at `,` or `)`, after blanks), without consuming them.
    fn ends_arg(&mut self) -> bool {
        let before = self.pos;
        self.blank();
        let ends = matches!(self.peek(), Some(',' | ')'));
        self.pos = before;
        ends
    }
}

/// What a comparison side or a test read as.
enum Side {
    Literal(Node<'static>),
    Query(Query),
    Function(Function),
}

fn as_operand(side: Side) -> Option<Operand> {
    match side {
        Side::Literal(l) => Some(Operand::Literal(l)),
        Side::Query(q) => is_singular(&q).then_some(Operand::Singular(q)),
        Side::Function(f) => Some(Operand::Function(f)),
    }
}

fn hex4(chars: &mut std::str::CharIndices<'_>) -> Option<u32> {
    let mut value = 0;
    for _ in 0..4 {
        value = value * 16 + chars.next()?.1.to_digit(16)?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str) -> Selector {
        Selector::Name(n.to_owned())
    }

    #[test]
    fn reads_segments_and_selectors() {
        let q = parse_query("$.a..b[0, -1, 1:3, ::-2, *, 'c d']..*").unwrap();
        assert!(q.root);
        assert_eq!(q.segments.len(), 4);
        assert_eq!(q.segments[0].selectors, vec![name("a")]);
        assert!(q.segments[1].descendant);
        assert_eq!(
            q.segments[2].selectors,
            vec![
                Selector::Index(0),
                Selector::Index(-1),
                Selector::Slice {
                    start: Some(1),
                    end: Some(3),
                    step: None
                },
                Selector::Slice {
                    start: None,
                    end: None,
                    step: Some(-2)
                },
                Selector::Wildcard,
                name("c d"),
            ]
        );
        assert_eq!(q.segments[3].selectors, vec![Selector::Wildcard]);
        assert!(q.segments[3].descendant);
    }

    #[test]
    fn reads_escapes_in_names() {
        let q = parse_query(r#"$['it\'s', "q\"", '\u00e9\ud83d\ude00\n']"#).unwrap();
        assert_eq!(
            q.segments[0].selectors,
            vec![name("it's"), name("q\""), name("é😀\n")]
        );
    }

    #[test]
    fn reads_filters() {
        let q = parse_query("$[?@.a == 1 && (!@.b || length(@.c) > 2)]").unwrap();
        let Selector::Filter(expr) = &q.segments[0].selectors[0] else {
            panic!("{q:?}");
        };
        let Expr::And(terms) = expr.as_ref() else {
            panic!("{expr:?}");
        };
        assert!(matches!(
            terms[0],
            Expr::Compare(_, CompareOp::Eq, Operand::Literal(_))
        ));
        assert!(matches!(&terms[1], Expr::Or(t) if t.len() == 2));
        let q = parse_query("$[?count(@..x) >= 2 && match(@.n, 'a.*') && value(@.v)]").unwrap();
        assert_eq!(q.segments.len(), 1);
    }

    #[test]
    fn unknown_forms_are_none() {
        for expression in ["", "@.a", "$.a[", "$[?foo(@)]", "$.a b", "$[?1]"] {
            assert_eq!(parse_query(expression), None, "{expression}");
        }
    }
}
