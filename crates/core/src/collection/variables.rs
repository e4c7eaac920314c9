//! `{{name}}` substitution. Whitespace inside the braces is allowed (`{{ token }}`);
//! `\{{`, unmatched braces and braces around something that is not a name are left as is.
//!
//! A [`VariableSet`] merges, by precedence, local override > environment > collection
//! defaults, and knows which names are secret so displays can mask their values. A value
//! may hold references of its own, resolved when it is put in (see [`nested`]).

mod draft;
pub mod nested;
mod url_place;

use std::collections::BTreeMap;
use std::ops::Range;

use super::environment::{Environment, Variable, is_valid_variable_name};
use crate::secret::Secret;

pub use draft::{ResolvedDraft, SubstitutedSecret, resolve_draft, resolve_draft_as_text};
pub use url_place::{UrlPlace, places_in_url, resolve_in_url};

/// What a secret value shows as in a display form.
pub const MASK: &str = "••••";

/// Variables that could not be substituted. Sending must be refused with these names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnknownVariables {
    /// Names defined nowhere, in order of first use.
    pub names: Vec<String>,
    /// Secret variables whose value is not stored on this computer.
    pub missing_secrets: Vec<String>,
    /// References inside values that loop or nest deeper than [`nested::MAX_NESTING`]:
    /// each the chain of names, outermost first.
    pub loops: Vec<Vec<String>>,
}

impl UnknownVariables {
    /// Whether nothing is missing.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.missing_secrets.is_empty() && self.loops.is_empty()
    }

    /// Every name that blocks sending.
    pub fn all(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .names
            .iter()
            .chain(&self.missing_secrets)
            .cloned()
            .collect();
        for name in self.loops.iter().filter_map(|chain| chain.first()) {
            if !all.contains(name) {
                all.push(name.clone());
            }
        }
        all
    }

    fn add_name(&mut self, name: &str) {
        if !self.names.iter().any(|n| n == name) {
            self.names.push(name.to_owned());
        }
    }

    fn add_missing_secret(&mut self, name: &str) {
        if !self.missing_secrets.iter().any(|n| n == name) {
            self.missing_secrets.push(name.to_owned());
        }
    }

    fn add_loop(&mut self, chain: Vec<String>) {
        if !self.loops.contains(&chain) {
            self.loops.push(chain);
        }
    }

    fn merge(&mut self, other: UnknownVariables) {
        for n in &other.names {
            self.add_name(n);
        }
        for n in &other.missing_secrets {
            self.add_missing_secret(n);
        }
        for chain in other.loops {
            self.add_loop(chain);
        }
    }
}

impl std::fmt::Display for UnknownVariables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |names: &[String]| {
            names
                .iter()
                .map(|n| format!("{{{{{n}}}}}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !self.names.is_empty() {
            let noun = if self.names.len() == 1 {
                "Unknown variable"
            } else {
                "Unknown variables"
            };
            parts.push(format!(
                "{noun} {}: define it in the active environment or the collection",
                list(&self.names)
            ));
        }
        if !self.missing_secrets.is_empty() {
            parts.push(format!(
                "No value stored on this computer for the secret {}: set it in the \
                 environment editor",
                list(&self.missing_secrets)
            ));
        }
        for chain in &self.loops {
            let chain: Vec<String> = chain.iter().map(|n| format!("{{{{{n}}}}}")).collect();
            parts.push(format!(
                "The values of {} refer to each other in a loop or more than {} levels \
                 deep: change one of them",
                chain.join(" → "),
                nested::MAX_NESTING
            ));
        }
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for UnknownVariables {}

/// Where a variable's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// The collection's defaults.
    Collection,
    /// The active environment's shared file.
    Environment,
    /// The personal override file.
    Local,
}

#[derive(Clone, PartialEq)]
struct Entry {
    value: Option<Secret>,
    secret: bool,
    source: Source,
}

/// The variables in effect, with secret values. `Debug` shows names only.
#[derive(Clone, Default, PartialEq)]
pub struct VariableSet {
    entries: BTreeMap<String, Entry>,
}

impl std::fmt::Debug for VariableSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.entries.keys()).finish()
    }
}

impl VariableSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// The set for `defaults` (collection), then `env` (shared, then local override).
    /// `secret_value(name)` fetches a secret variable's value (from the secret store).
    pub fn build(
        defaults: &[Variable],
        env: Option<&Environment>,
        secret_value: impl Fn(&str) -> Option<Secret>,
    ) -> Self {
        let mut set = VariableSet::new();
        let layers: [(&[Variable], Source); 3] = match env {
            Some(e) => [
                (defaults, Source::Collection),
                (&e.variables, Source::Environment),
                (&e.overrides, Source::Local),
            ],
            None => [
                (defaults, Source::Collection),
                (&[], Source::Environment),
                (&[], Source::Local),
            ],
        };
        for (vars, source) in layers {
            for v in vars {
                set.insert(v, source);
            }
        }
        let secrets: Vec<String> = set
            .entries
            .iter()
            .filter(|(_, e)| e.secret)
            .map(|(n, _)| n.clone())
            .collect();
        for name in secrets {
            let value = secret_value(&name);
            if let Some(e) = set.entries.get_mut(&name) {
                e.value = value;
            }
        }
        set
    }

    /// Adds `v` from `source`; it wins over what was there. Once secret, a name stays secret.
    pub fn insert(&mut self, v: &Variable, source: Source) {
        let was_secret = self.entries.get(&v.name).is_some_and(|e| e.secret);
        let secret = v.secret || was_secret;
        let value = if secret {
            None
        } else {
            Some(Secret::new(v.value.clone()))
        };
        self.entries.insert(
            v.name.clone(),
            Entry {
                value,
                secret,
                source,
            },
        );
    }

    /// Sets a value captured from an answer (`capture:`); it wins over what was there. It
    /// is kept as a secret (masked wherever values are shown) when the variable is secret
    /// or its name says it is a credential. Returns whether it is secret.
    pub fn set_captured(&mut self, name: &str, value: String) -> bool {
        let secret = self.is_secret(name) || crate::checks::looks_like_credential(name);
        if secret {
            self.set_secret(name, Secret::new(value), Source::Local);
        } else {
            self.insert(&Variable::plain(name.to_owned(), value), Source::Local);
        }
        secret
    }

    /// Sets a secret variable's value (e.g. from the keychain).
    pub fn set_secret(&mut self, name: &str, value: Secret, source: Source) {
        self.entries.insert(
            name.to_string(),
            Entry {
                value: Some(value),
                secret: true,
                source,
            },
        );
    }

    /// Whether `name` is defined.
    pub fn contains(&self, name: &str) -> bool {
        self.entries.contains_key(name)
    }

    /// Whether `name` is secret.
    pub fn is_secret(&self, name: &str) -> bool {
        self.entries.get(name).is_some_and(|e| e.secret)
    }

    /// Where `name` comes from.
    pub fn source(&self, name: &str) -> Option<Source> {
        self.entries.get(name).map(|e| e.source)
    }

    /// The value of `name` (secret or not); `None` when undefined or a secret without value.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.entries
            .get(name)
            .and_then(|e| e.value.as_ref())
            .map(Secret::expose)
    }

    /// The value of `name` for display: secrets masked.
    pub fn display_value(&self, name: &str) -> Option<&str> {
        let e = self.entries.get(name)?;
        if e.secret {
            return e.value.as_ref().map(|_| MASK);
        }
        e.value.as_ref().map(Secret::expose)
    }

    /// Defined names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// `(name, value)` of every secret with a non-empty value (for `{{name}}` redaction).
    pub fn secret_pairs(&self) -> Vec<(String, String)> {
        self.entries
            .iter()
            .filter(|(_, e)| e.secret)
            .filter_map(|(n, e)| Some((n.clone(), e.value.as_ref()?.expose().to_string())))
            .filter(|(_, v)| !v.is_empty())
            .collect()
    }

    /// Every non-empty secret value, to redact wherever requests are shown or recorded:
    /// as stored and, when it holds references, as it is sent (resolved).
    pub fn secret_values(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (name, entry) in self.entries.iter().filter(|(_, e)| e.secret) {
            let Some(raw) = entry.value.as_ref().map(Secret::expose) else {
                continue;
            };
            let resolved = self.resolved_value(name).ok();
            for value in [Some(raw.to_owned()), resolved].into_iter().flatten() {
                if !value.is_empty() && !out.contains(&value) {
                    out.push(value);
                }
            }
        }
        out
    }

    /// The value of `name` with the references inside it resolved, as it is sent.
    pub fn resolved_value(&self, name: &str) -> Result<String, UnknownVariables> {
        let mut used = Vec::new();
        let mut expander = nested::Expander::new(self, &mut used);
        match expander.value(name) {
            Some(value) => Ok(value),
            None => Err(expander.unknown),
        }
    }
}

/// Every `{{name}}` reference in `text`: the byte range of the whole `{{ … }}` and the name.
pub fn find_references(text: &str) -> Vec<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'{') {
            // `\{{` is literal: skip the backslash and both braces.
            i += if bytes.get(i + 2) == Some(&b'{') {
                3
            } else {
                2
            };
            continue;
        }
        if bytes[i] == b'{' && bytes[i + 1] == b'{' {
            let inner_start = i + 2;
            if let Some(len) = text[inner_start..].find("}}") {
                let inner = &text[inner_start..inner_start + len];
                let name = inner.trim_matches([' ', '\t']);
                if is_valid_variable_name(name) {
                    let end = inner_start + len + 2;
                    out.push((i..end, name.to_string()));
                    i = end;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

fn substitute(text: &str, mut value_of: impl FnMut(&str) -> Option<String>) -> String {
    substitute_at(text, |_, name| value_of(name))
}

/// Like `substitute`; `value_of` also gets where the reference starts in `text`.
fn substitute_at(text: &str, mut value_of: impl FnMut(usize, &str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, name) in find_references(text) {
        out.push_str(&text[last..range.start]);
        match value_of(range.start, &name) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&text[range.clone()]),
        }
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// `text` with every `{{name}}` replaced by its value (references inside values too, see
/// [`nested`]); `Err` names every unknown variable (every secret without a stored value,
/// every loop).
pub fn resolve(text: &str, vars: &VariableSet) -> Result<String, UnknownVariables> {
    resolve_tracking(text, vars, &mut Vec::new())
}

/// Like [`resolve`], also collecting the secret variables substituted into `used` (once
/// each).
pub(crate) fn resolve_tracking(
    text: &str,
    vars: &VariableSet,
    used: &mut Vec<SubstitutedSecret>,
) -> Result<String, UnknownVariables> {
    resolve_tracking_with(text, vars, used, |_, value| value.to_owned())
}

/// Like [`resolve_tracking`], each value put in as `encode(where the reference starts,
/// value)` says.
pub(crate) fn resolve_tracking_with(
    text: &str,
    vars: &VariableSet,
    used: &mut Vec<SubstitutedSecret>,
    encode: impl Fn(usize, &str) -> String,
) -> Result<String, UnknownVariables> {
    let mut expander = nested::Expander::new(vars, used);
    let out = substitute_at(text, |start, name| {
        expander.value(name).map(|value| encode(start, &value))
    });
    if expander.unknown.is_empty() {
        Ok(out)
    } else {
        Err(expander.unknown)
    }
}

/// `text` resolved for showing (e.g. a hover preview): secret values as [`MASK`], unknown
/// variables left as `{{name}}`, references inside plain values resolved the same way.
pub fn resolve_for_display(text: &str, vars: &VariableSet) -> String {
    substitute(text, |name| nested::display_value(vars, name, 0))
}

/// Names referenced in `text` that `vars` cannot resolve (for highlighting).
pub fn unknown_in(text: &str, vars: &VariableSet) -> UnknownVariables {
    resolve(text, vars).err().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> VariableSet {
        let env = Environment {
            name: "dev".into(),
            variables: vec![
                Variable::plain("host", "env-host"),
                Variable::secret("token"),
            ],
            overrides: vec![Variable::plain("host", "my-host")],
        };
        VariableSet::build(
            &[
                Variable::plain("host", "default"),
                Variable::plain("v", "1"),
            ],
            Some(&env),
            |n| (n == "token").then(|| Secret::new("s3cret")),
        )
    }

    #[test]
    fn references_and_escapes() {
        let refs = find_references("a {{x}} {{ y }} \\{{z}} {{ {{w}} }} {{a b}} {{");
        let names: Vec<_> = refs.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, vec!["x", "y", "w"]);
        assert_eq!(refs[0].0, 2..7);
        assert_eq!(find_references("{{{x}}}")[0].0, 1..6);
    }

    #[test]
    fn precedence_and_masking() {
        let vars = set();
        assert_eq!(vars.value("host"), Some("my-host"));
        assert_eq!(vars.source("host"), Some(Source::Local));
        assert_eq!(
            resolve("{{host}}/{{ v }}?t={{token}}", &vars).unwrap(),
            "my-host/1?t=s3cret"
        );
        assert_eq!(
            resolve_for_display("{{host}}?t={{token}}&{{nope}}", &vars),
            "my-host?t=••••&{{nope}}"
        );
        assert!(!format!("{vars:?}").contains("s3cret"));
        assert_eq!(vars.secret_values(), vec!["s3cret".to_string()]);
    }

    #[test]
    fn unknown_names_are_all_reported() {
        let vars = set();
        let err = resolve("{{a}} {{host}} {{b}} {{a}} \\{{c}}", &vars).unwrap_err();
        assert_eq!(err.names, vec!["a".to_string(), "b".to_string()]);
        assert!(err.to_string().contains("{{a}}, {{b}}"), "{err}");
        let no_secret = VariableSet::build(
            &[],
            Some(&Environment {
                name: "e".into(),
                variables: vec![Variable::secret("token")],
                overrides: vec![],
            }),
            |_| None,
        );
        let err = resolve("{{token}}", &no_secret).unwrap_err();
        assert_eq!(err.missing_secrets, vec!["token".to_string()]);
        assert_eq!(
            resolve("no vars {{ }}", &no_secret).unwrap(),
            "no vars {{ }}"
        );
    }
}
