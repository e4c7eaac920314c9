//! References inside values. A value may itself hold `{{references}}`: a `Cookie` header
//! moved whole into a secret keeps its `token={{token}}`, a plain `auth_line` may say
//! `Bearer {{token}}`. They are resolved when the value is put in, at most
//! [`MAX_NESTING`] levels deep; a loop is named, never followed. A value that is only
//! its own reference (`token` = `{{token}}`) stands for itself: that is how an export
//! keeps a reference as written (see `interchange::export_vars`).
//!
//! Every secret met on the way counts as substituted, with the value it was put in as:
//! a secret inside a plain value is masked and held to its origins like one put in
//! directly, and a secret holding references is masked as it was sent (resolved).

use super::{Entry, SubstitutedSecret, UnknownVariables, VariableSet, find_references, substitute};

/// How many values deep references inside values are followed.
pub const MAX_NESTING: usize = 8;

/// Resolves variables for one text, collecting what was substituted and what could not be.
pub(super) struct Expander<'a> {
    vars: &'a VariableSet,
    /// Each secret variable substituted, once, in order of first use.
    pub used: &'a mut Vec<SubstitutedSecret>,
    /// What could not be substituted.
    pub unknown: UnknownVariables,
    /// The variables being expanded, outermost first.
    chain: Vec<String>,
}

impl<'a> Expander<'a> {
    /// An expander over `vars` that adds the secrets it puts in to `used`.
    pub fn new(vars: &'a VariableSet, used: &'a mut Vec<SubstitutedSecret>) -> Self {
        Expander {
            vars,
            used,
            unknown: UnknownVariables::default(),
            chain: Vec::new(),
        }
    }

    /// The value of `name` with the references inside it resolved; `None` (and the reason
    /// recorded in `unknown`) when it cannot be.
    pub fn value(&mut self, name: &str) -> Option<String> {
        let vars = self.vars;
        let entry = match vars.entries.get(name) {
            None => {
                self.unknown.add_name(name);
                return None;
            }
            Some(Entry { value: None, .. }) => {
                self.unknown.add_missing_secret(name);
                return None;
            }
            Some(entry) => entry,
        };
        let raw = entry.value.as_ref().map(|v| v.expose()).unwrap_or_default();
        let refs = find_references(raw);
        let only_itself = refs.len() == 1 && refs[0].1 == name && refs[0].0 == (0..raw.len());
        let value = if refs.is_empty() || only_itself {
            raw.to_owned()
        } else {
            self.expand(name, raw)?
        };
        if entry.secret && !value.is_empty() && !self.used.iter().any(|u| u.variable == name) {
            self.used.push(SubstitutedSecret {
                variable: name.to_owned(),
                value: value.clone(),
            });
        }
        Some(value)
    }

    /// `raw`, the value of `name`, with its references resolved.
    fn expand(&mut self, name: &str, raw: &str) -> Option<String> {
        if self.chain.iter().any(|n| n == name) || self.chain.len() >= MAX_NESTING {
            let mut chain = self.chain.clone();
            chain.push(name.to_owned());
            self.unknown.add_loop(chain);
            return None;
        }
        self.chain.push(name.to_owned());
        let mut complete = true;
        let out = substitute(raw, |inner| {
            let value = self.value(inner);
            complete &= value.is_some();
            value
        });
        self.chain.pop();
        complete.then_some(out)
    }
}

/// The value of `name` for display: secrets masked, references inside plain values
/// resolved the same way (unknown ones left as `{{name}}`).
pub(super) fn display_value(vars: &VariableSet, name: &str, depth: usize) -> Option<String> {
    let shown = vars.display_value(name)?;
    if depth >= MAX_NESTING || vars.is_secret(name) {
        return Some(shown.to_owned());
    }
    Some(substitute(shown, |inner| {
        display_value(vars, inner, depth + 1)
    }))
}

#[cfg(test)]
mod tests {
    use super::super::{Source, resolve, resolve_draft, resolve_for_display};
    use super::*;
    use crate::collection::environment::Variable;
    use crate::request::{KvRow, RequestDraft};
    use crate::secret::Secret;

    fn vars() -> VariableSet {
        let mut vars = VariableSet::new();
        vars.set_secret("cookie", Secret::new("token={{token}};"), Source::Local);
        vars.set_secret("token", Secret::new("tok-9f2"), Source::Local);
        vars.insert(&Variable::plain("who", "bob"), Source::Local);
        vars.set_secret("greeting", Secret::new("hi {{who}}"), Source::Local);
        vars.insert(&Variable::plain("line", "Bearer {{token}}"), Source::Local);
        vars
    }

    #[test]
    fn references_inside_values_are_resolved_and_their_secrets_reported() {
        let vars = vars();
        assert_eq!(resolve("{{cookie}}", &vars).unwrap(), "token=tok-9f2;");
        assert_eq!(resolve("{{greeting}}", &vars).unwrap(), "hi bob");
        let mut draft = RequestDraft::get("/api/x");
        draft.headers.clear();
        draft.headers.push(KvRow::new("Cookie", "{{cookie}}"));
        draft.headers.push(KvRow::new("X-Line", "{{line}}"));
        draft.headers.push(KvRow::new("X-Who", "{{who}}"));
        let resolved = resolve_draft(&draft, &vars).unwrap();
        assert_eq!(resolved.draft.headers[0].value, "token=tok-9f2;");
        assert_eq!(resolved.draft.headers[1].value, "Bearer tok-9f2");
        // The secret is masked as sent, and the secret inside it by its own name.
        let names: Vec<_> = resolved
            .secrets
            .iter()
            .map(|s| s.variable.as_str())
            .collect();
        assert_eq!(names, ["token", "cookie"]);
        assert!(
            resolved
                .secret_values()
                .contains(&"token=tok-9f2;".to_string())
        );
        // A plain value holding a secret makes its header a credential.
        assert_eq!(resolved.secret_headers, ["Cookie", "X-Line"]);
        assert!(vars.secret_values().contains(&"token=tok-9f2;".to_string()));
    }

    #[test]
    fn loops_and_unknown_names_inside_values_are_named() {
        let mut vars = vars();
        vars.insert(&Variable::plain("a", "x{{b}}"), Source::Local);
        vars.insert(&Variable::plain("b", "{{a}}"), Source::Local);
        vars.insert(&Variable::plain("inner", "{{nowhere}}"), Source::Local);
        vars.insert(&Variable::plain("me", "{{me}}"), Source::Local);
        assert_eq!(resolve("{{me}}", &vars).unwrap(), "{{me}}");
        let err = resolve("{{a}} {{inner}}", &vars).unwrap_err();
        assert_eq!(err.loops, vec![vec!["a", "b", "a"]]);
        assert_eq!(err.names, ["nowhere"]);
        let text = err.to_string();
        assert!(text.contains("{{a}} → {{b}} → {{a}}"), "{text}");
        let mut deep = VariableSet::new();
        for n in 0..20 {
            let v = Variable::plain(format!("v{n}"), format!("{{{{v{}}}}}", n + 1));
            deep.insert(&v, Source::Local);
        }
        let err = resolve("{{v0}}", &deep).unwrap_err();
        assert_eq!(err.loops[0].len(), MAX_NESTING + 1);
    }

    #[test]
    fn displays_mask_secrets_inside_plain_values() {
        let vars = vars();
        assert_eq!(resolve_for_display("{{line}}", &vars), "Bearer ••••");
        assert_eq!(resolve_for_display("{{cookie}}", &vars), "••••");
        let shown = resolve_for_display("{{greeting}} {{line}}", &vars);
        assert!(
            !shown.contains("tok-9f2") && !shown.contains("bob"),
            "{shown}"
        );
    }
}
