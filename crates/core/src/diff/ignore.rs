//! Ignore patterns: a small JSONPath subset naming the paths a diff must not report.
//!
//! Supported: `$` followed by `.key`, `['key']` (or `["key"]`), `.*` (any key), `[n]`,
//! `[*]` (any index), and `..` before any of those (at any depth below). `$..updatedAt`
//! hides every key named `updatedAt`; `$.data.id` hides that one path;
//! `$.items[*].createdAt` hides `createdAt` in every element of `items`. A matched path
//! hides its whole subtree.

use super::path::Seg;

/// What one step of a pattern accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    AnyKey,
    Index(usize),
    AnyIndex,
}

impl Step {
    fn accepts(&self, seg: &Seg<'_>) -> bool {
        match (self, seg) {
            (Step::Key(k), Seg::Key(s)) => k == s,
            (Step::AnyKey, Seg::Key(_)) => true,
            (Step::Index(i), Seg::Index(j)) => i == j,
            (Step::AnyIndex, Seg::Index(_)) => true,
            _ => false,
        }
    }
}

/// Longest pattern, in steps (the matcher keeps its states in one `u64`).
const MAX_STEPS: usize = 63;

/// A parsed ignore pattern (see the module's documentation for the syntax).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnorePattern {
    /// Each step, with whether it may skip any number of levels first (`..`).
    steps: Vec<(bool, Step)>,
}

/// Why an ignore pattern was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ignore pattern {pattern:?}: {reason}")]
pub struct IgnorePatternError {
    /// The pattern as written.
    pub pattern: String,
    /// What is wrong with it.
    pub reason: String,
}

impl IgnorePattern {
    /// Parses a pattern such as `$..updatedAt`, `$.data.id` or `$.items[*]['odd key']`.
    pub fn parse(pattern: &str) -> Result<Self, IgnorePatternError> {
        let fail = |reason: &str| IgnorePatternError {
            pattern: pattern.to_owned(),
            reason: reason.to_owned(),
        };
        let text = pattern.trim();
        let mut rest = text
            .strip_prefix('$')
            .ok_or_else(|| fail("must start with `$`"))?;
        let mut steps = Vec::new();
        while !rest.is_empty() {
            let deep = rest.starts_with("..");
            if deep {
                rest = &rest[2..];
            } else if let Some(r) = rest.strip_prefix('.') {
                rest = r;
                if rest.starts_with('[') {
                    return Err(fail("`.` followed by `[`"));
                }
            } else if !rest.starts_with('[') {
                return Err(fail("expected `.`, `..` or `[`"));
            }
            let step;
            if let Some(r) = rest.strip_prefix('[') {
                let (inside, after) = bracket(r).ok_or_else(|| fail("unclosed `[`"))?;
                rest = after;
                step = bracket_step(inside).ok_or_else(|| fail("bad `[...]`"))?;
            } else {
                let end = rest.find(['.', '[']).unwrap_or(rest.len());
                let name = &rest[..end];
                rest = &rest[end..];
                step = match name {
                    "" => return Err(fail("empty key")),
                    "*" => Step::AnyKey,
                    _ => Step::Key(name.to_owned()),
                };
            }
            steps.push((deep, step));
        }
        if steps.is_empty() {
            return Err(fail("`$` alone would hide everything"));
        }
        if steps.len() > MAX_STEPS {
            return Err(fail("too many steps"));
        }
        Ok(Self { steps })
    }

    /// Whether the path (from the root) is one this pattern names.
    pub(crate) fn matches(&self, path: &[Seg<'_>]) -> bool {
        // Bit i set: the first i steps have matched the segments seen so far.
        let mut states: u64 = 1;
        for seg in path {
            let mut next = 0u64;
            for (i, (deep, step)) in self.steps.iter().enumerate() {
                if states & (1 << i) == 0 {
                    continue;
                }
                if *deep {
                    next |= 1 << i;
                }
                if step.accepts(seg) {
                    next |= 1 << (i + 1);
                }
            }
            states = next;
            if states == 0 {
                return false;
            }
        }
        states & (1 << self.steps.len()) != 0
    }
}

/// Splits `inside]rest` at the closing bracket, honouring quotes.
fn bracket(text: &str) -> Option<(&str, &str)> {
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match (quote, c) {
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(c),
            (None, ']') => return Some((&text[..i], &text[i + 1..])),
            _ => {}
        }
    }
    None
}

/// The step written inside brackets: `*`, a number, or a quoted key.
fn bracket_step(inside: &str) -> Option<Step> {
    let inside = inside.trim();
    if inside == "*" {
        return Some(Step::AnyIndex);
    }
    if let Ok(n) = inside.parse::<usize>() {
        return Some(Step::Index(n));
    }
    let quote = inside.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let body = inside.strip_prefix(quote)?.strip_suffix(quote)?;
    let mut key = String::new();
    let mut escaped = false;
    for c in body.chars() {
        if escaped {
            key.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else {
            key.push(c);
        }
    }
    (!escaped).then_some(Step::Key(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, path: &[Seg<'_>]) -> bool {
        IgnorePattern::parse(pattern).unwrap().matches(path)
    }

    #[test]
    fn descendant_key_at_any_depth() {
        assert!(m("$..updatedAt", &[Seg::Key("updatedAt")]));
        assert!(m(
            "$..updatedAt",
            &[Seg::Key("a"), Seg::Index(2), Seg::Key("updatedAt")]
        ));
        assert!(!m("$..updatedAt", &[Seg::Key("updatedAt"), Seg::Key("x")]));
        assert!(!m("$..updatedAt", &[Seg::Key("createdAt")]));
    }

    #[test]
    fn exact_and_wildcards() {
        assert!(m("$.data.id", &[Seg::Key("data"), Seg::Key("id")]));
        assert!(!m(
            "$.data.id",
            &[Seg::Key("x"), Seg::Key("data"), Seg::Key("id")]
        ));
        let p = [Seg::Key("items"), Seg::Index(7), Seg::Key("createdAt")];
        assert!(m("$.items[*].createdAt", &p));
        assert!(m("$.items[7].createdAt", &p));
        assert!(!m("$.items[6].createdAt", &p));
        assert!(m("$.*[*].createdAt", &p));
        assert!(!m("$.items.*.createdAt", &p));
        assert!(m("$['odd key']", &[Seg::Key("odd key")]));
        assert!(m(r#"$..["it's"]"#, &[Seg::Index(0), Seg::Key("it's")]));
        assert!(m(r"$['it\'s']", &[Seg::Key("it's")]));
    }

    #[test]
    fn refused_patterns() {
        for bad in [
            "", "$", "data.id", "$.", "$.a[", "$.a[x]", "$.a.[0]", "$.a..", "$.a b c[",
        ] {
            assert!(IgnorePattern::parse(bad).is_err(), "{bad}");
        }
    }
}
