//! Substitution over a whole request draft.

use super::{UnknownVariables, VariableSet, resolve_tracking};
use crate::ayon::AuthMode;
use crate::request::{BodyMode, KvRow, RequestDraft};

/// A secret variable whose value was put into a request. `Debug` shows the name only.
#[derive(Clone, PartialEq, Eq)]
pub struct SubstitutedSecret {
    /// The variable's name.
    pub variable: String,
    /// Its value (never shown).
    pub value: String,
}

impl std::fmt::Debug for SubstitutedSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SubstitutedSecret({{{{{}}}}})", self.variable)
    }
}

/// A draft with its variables substituted, and what that put into it. `Debug` shows the
/// secret variables' names, not the draft (it holds their values).
#[derive(Clone)]
pub struct ResolvedDraft {
    /// The draft as it will be sent.
    pub draft: RequestDraft,
    /// Each secret variable substituted anywhere in it, once, in order of first use.
    pub secrets: Vec<SubstitutedSecret>,
    /// The names (substituted, trimmed) of the enabled header rows a secret variable was
    /// substituted into, name or value: they carry a credential.
    pub secret_headers: Vec<String>,
}

impl std::fmt::Debug for ResolvedDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResolvedDraft")
            .field("secrets", &self.secrets)
            .field("secret_headers", &self.secret_headers)
            .finish_non_exhaustive()
    }
}

impl ResolvedDraft {
    /// The secret values, to mask wherever the request is shown or recorded.
    pub fn secret_values(&self) -> Vec<String> {
        self.secrets.iter().map(|s| s.value.clone()).collect()
    }
}

/// `draft` as it is sent: `{{name}}` substituted in the URL (each value percent-encoded
/// for its place in the path or query, see [`super::resolve_in_url`]), the enabled params
/// and headers (names and values), the body (when one is sent) and the auth fields the
/// auth mode uses. Also reports each secret variable that was substituted, with its value:
/// to hold it to where it may go, and to mask it wherever the request is shown or
/// recorded. `Err` names every unknown variable of all those fields.
pub fn resolve_draft(
    draft: &RequestDraft,
    vars: &VariableSet,
) -> Result<ResolvedDraft, UnknownVariables> {
    resolve(draft, vars, true)
}

/// Like [`resolve_draft`], with values put into the URL as they are (not encoded): the
/// draft as text, for a snippet or an export that keeps `{{references}}` readable.
pub fn resolve_draft_as_text(
    draft: &RequestDraft,
    vars: &VariableSet,
) -> Result<ResolvedDraft, UnknownVariables> {
    resolve(draft, vars, false)
}

fn resolve(
    draft: &RequestDraft,
    vars: &VariableSet,
    encode_url: bool,
) -> Result<ResolvedDraft, UnknownVariables> {
    let mut unknown = UnknownVariables::default();
    let mut used = Vec::new();
    let url = if encode_url {
        super::resolve_in_url(&draft.url, vars, &mut used)
    } else {
        resolve_tracking(&draft.url, vars, &mut used)
    };
    let mut out = draft.clone();
    match url {
        Ok(url) => out.url = url,
        Err(e) => unknown.merge(e),
    }
    let mut field = |text: &mut String| match resolve_tracking(text, vars, &mut used) {
        Ok(v) => *text = v,
        Err(e) => unknown.merge(e),
    };
    let rows = |rows: &mut Vec<KvRow>, field: &mut dyn FnMut(&mut String)| {
        for row in rows.iter_mut().filter(|r| r.enabled) {
            field(&mut row.name);
            field(&mut row.value);
        }
    };
    rows(&mut out.params, &mut field);
    rows(&mut out.path_params, &mut field);
    // A header row that a secret went into, directly or inside another value, carries
    // a credential.
    let mut carrying = Vec::new();
    for (i, row) in out
        .headers
        .iter_mut()
        .enumerate()
        .filter(|(_, r)| r.enabled)
    {
        let mut in_row = Vec::new();
        for text in [&mut row.name, &mut row.value] {
            match resolve_tracking(text, vars, &mut in_row) {
                Ok(v) => *text = v,
                Err(e) => unknown.merge(e),
            }
        }
        if !in_row.is_empty() {
            carrying.push(i);
        }
        for secret in in_row {
            if !used
                .iter()
                .any(|u: &SubstitutedSecret| u.variable == secret.variable)
            {
                used.push(secret);
            }
        }
    }
    let mut field = |text: &mut String| match resolve_tracking(text, vars, &mut used) {
        Ok(v) => *text = v,
        Err(e) => unknown.merge(e),
    };
    match out.body_mode {
        BodyMode::None => {}
        BodyMode::Json | BodyMode::Text => field(&mut out.body_text),
        // Substituted as text, before the variables are parsed as JSON.
        BodyMode::GraphQl => {
            field(&mut out.graphql.query);
            field(&mut out.graphql.variables);
            field(&mut out.graphql.operation_name);
        }
        BodyMode::File => field(&mut out.body_file),
        BodyMode::Multipart => {
            for row in out.form.iter_mut().filter(|r| r.enabled) {
                field(&mut row.name);
                field(&mut row.value);
                field(&mut row.content_type);
            }
        }
    }
    match out.auth.mode {
        AuthMode::Bearer => field(&mut out.auth.bearer_token),
        AuthMode::ApiKey => field(&mut out.auth.api_key),
        AuthMode::ApiKeyAsUser => {
            field(&mut out.auth.api_key);
            field(&mut out.auth.as_user);
        }
        AuthMode::None | AuthMode::Session => {}
    }
    let secret_headers = carrying
        .into_iter()
        .filter_map(|i| out.headers.get(i))
        .map(|r| r.name.trim().to_owned())
        .collect();
    if unknown.is_empty() {
        Ok(ResolvedDraft {
            draft: out,
            secrets: used,
            secret_headers,
        })
    } else {
        Err(unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::environment::{Environment, Variable};
    use crate::secret::Secret;

    #[test]
    fn every_field_is_substituted() {
        let env = Environment {
            name: "dev".into(),
            variables: vec![
                Variable::plain("p", "demo"),
                Variable::secret("key"),
                Variable::plain("who", "bob"),
            ],
            overrides: vec![],
        };
        let vars = VariableSet::build(&[], Some(&env), |_| Some(Secret::new("K123")));
        let mut draft = RequestDraft::get("/api/projects/{{p}}?x={{p}}");
        draft.headers.push(KvRow::new("X-{{p}}", "{{ who }}"));
        let mut off = KvRow::new("X-Off", "{{undefined}}");
        off.enabled = false;
        draft.headers.push(off);
        draft.body_mode = BodyMode::Json;
        draft.body_text = "{\"name\": \"{{p}}\"}".into();
        draft.auth.mode = AuthMode::ApiKeyAsUser;
        draft.auth.api_key = "{{key}}".into();
        draft.auth.as_user = "{{who}}".into();
        draft.auth.bearer_token = "{{unused}}".into();
        let resolved = resolve_draft(&draft, &vars).unwrap();
        let (out, used) = (resolved.draft.clone(), resolved.secret_values());
        assert_eq!(out.url, "/api/projects/demo?x=demo");
        assert_eq!(out.params[0].value, "demo");
        assert_eq!(
            (out.headers[1].name.as_str(), out.headers[1].value.as_str()),
            ("X-demo", "bob")
        );
        assert_eq!(out.headers[2].value, "{{undefined}}");
        assert_eq!(out.body_text, "{\"name\": \"demo\"}");
        assert_eq!(
            (out.auth.api_key.as_str(), out.auth.as_user.as_str()),
            ("K123", "bob")
        );
        assert_eq!(used, vec!["K123".to_string()]);
        assert_eq!(resolved.secrets[0].variable, "key");
        assert!(resolved.secret_headers.is_empty(), "{resolved:?}");
        assert!(!format!("{resolved:?}").contains("K123"));

        let mut custom = draft.clone();
        custom
            .headers
            .push(KvRow::new("X-Custom-Token ", "Token {{ key }}"));
        let mut off = KvRow::new("X-Off-Secret", "{{key}}");
        off.enabled = false;
        custom.headers.push(off);
        let resolved = resolve_draft(&custom, &vars).unwrap();
        assert_eq!(resolved.secret_headers, vec!["X-Custom-Token".to_string()]);

        draft.url = "/{{a}}/{{b}}".into();
        draft.body_text = "{{a}}{{c}}".into();
        let err = resolve_draft(&draft, &vars).unwrap_err();
        assert_eq!(err.names, vec!["a", "b", "c"]);
    }
}
