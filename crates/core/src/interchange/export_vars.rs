//! A request as it is exported to a snippet: `{{variables}}` filled in from the active
//! environment, except secret ones and ones named like credentials (`service_api_key`,
//! `password`), which stay `{{name}}` references unless the user asked to include secrets
//! for that one copy. Unknown variables stay references too.

use crate::collection::environment::Variable;
use crate::collection::variables::{Source, VariableSet, find_references, resolve_draft_as_text};
use crate::request::RequestDraft;

/// `draft` with the variables of `vars` filled in; secrets, and variables named like
/// credentials, only when `include_secrets`.
pub fn draft_for_export(
    draft: &RequestDraft,
    vars: &VariableSet,
    include_secrets: bool,
) -> RequestDraft {
    let mut set = VariableSet::new();
    for name in vars.names() {
        let credential = vars.is_secret(name) || super::secrets::is_secret_name(name);
        let keep_reference = credential && !include_secrets;
        let value = match vars.value(name) {
            Some(value) if !keep_reference => value.to_string(),
            _ => format!("{{{{{name}}}}}"),
        };
        set.insert(&Variable::plain(name, value), Source::Collection);
    }
    // Unknown references map to themselves, so they stay as written.
    for name in referenced_names(draft) {
        if !set.contains(&name) {
            set.insert(
                &Variable::plain(&name, format!("{{{{{name}}}}}")),
                Source::Collection,
            );
        }
    }
    match resolve_draft_as_text(draft, &set) {
        Ok(resolved) => resolved.draft,
        Err(_) => draft.clone(),
    }
}

/// Every variable name a draft refers to (a superset is fine: it only adds self-maps).
fn referenced_names(draft: &RequestDraft) -> Vec<String> {
    let mut texts: Vec<&str> = vec![
        &draft.url,
        &draft.body_text,
        &draft.body_file,
        &draft.auth.bearer_token,
        &draft.auth.api_key,
        &draft.auth.as_user,
        &draft.graphql.query,
        &draft.graphql.variables,
        &draft.graphql.operation_name,
    ];
    for row in draft
        .params
        .iter()
        .chain(&draft.path_params)
        .chain(&draft.headers)
    {
        texts.push(&row.name);
        texts.push(&row.value);
    }
    for row in &draft.form {
        texts.push(&row.name);
        texts.push(&row.value);
        texts.push(&row.content_type);
    }
    let mut names: Vec<String> = texts
        .into_iter()
        .flat_map(find_references)
        .map(|(_, name)| name)
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    #[test]
    fn secrets_stay_references_unless_included() {
        let mut vars = VariableSet::new();
        vars.insert(
            &Variable::plain("base", "http://h:5000"),
            Source::Environment,
        );
        vars.set_secret("token", Secret::new("s3cr3t"), Source::Environment);
        let mut draft = RequestDraft::get("{{base}}/api/users/me?x={{unknown}}");
        draft.auth.mode = crate::ayon::AuthMode::Bearer;
        draft.auth.bearer_token = "{{token}}".into();
        let kept = draft_for_export(&draft, &vars, false);
        assert_eq!(kept.url, "http://h:5000/api/users/me?x={{unknown}}");
        assert_eq!(kept.auth.bearer_token, "{{token}}");
        let included = draft_for_export(&draft, &vars, true);
        assert_eq!(included.auth.bearer_token, "s3cr3t");
        // A credential's name keeps it out too, even when the variable is not secret.
        vars.insert(
            &Variable::plain("service_api_key", "k"),
            Source::Environment,
        );
        draft.auth.mode = crate::ayon::AuthMode::ApiKey;
        draft.auth.api_key = "{{service_api_key}}".into();
        let kept = draft_for_export(&draft, &vars, false);
        assert_eq!(kept.auth.api_key, "{{service_api_key}}");
        assert_eq!(draft_for_export(&draft, &vars, true).auth.api_key, "k");
    }
}
