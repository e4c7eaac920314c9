//! Between a request tab's [`RequestDraft`] and a [`RequestFile`]. Secret values never
//! cross into the file: only `{{variable}}` references do.

use crate::ayon::AuthInput;
use crate::request::{
    FormKind, FormRow, GraphQlBody, KvRow, RequestDraft, merge_params_from_url, merge_path_params,
    params_from_url,
};

use super::{AuthFile, BodyFile, FormFieldFile, KvFile, RequestFile};

/// Whether `name` is a variable name: non-empty, letters, digits, `_`, `-` or `.`.
pub fn is_var_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The variable name when `value` is nothing but one reference (`{{token}}`, spaces
/// around allowed); `None` for literals and mixed text.
pub fn var_reference(value: &str) -> Option<&str> {
    let inner = value.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    is_var_name(inner).then_some(inner)
}

fn rows_to_file(rows: &[KvRow]) -> Vec<KvFile> {
    rows.iter()
        .filter(|r| !r.is_blank())
        .map(|r| KvFile {
            name: r.name.clone(),
            value: r.value.clone(),
            enabled: r.enabled,
        })
        .collect()
}

fn form_to_file(rows: &[FormRow]) -> Vec<FormFieldFile> {
    rows.iter()
        .filter(|r| !r.is_blank())
        .map(|r| {
            let (value, file) = match r.kind {
                FormKind::Text => (r.value.clone(), String::new()),
                FormKind::File => (String::new(), r.value.clone()),
            };
            FormFieldFile {
                name: r.name.clone(),
                value,
                file,
                content_type: Some(r.content_type.clone()).filter(|c| !c.trim().is_empty()),
                enabled: r.enabled,
            }
        })
        .collect()
}

fn form_from_file(fields: &[FormFieldFile]) -> Vec<FormRow> {
    fields
        .iter()
        .map(|f| {
            let (kind, value) = if f.file.is_empty() {
                (FormKind::Text, f.value.clone())
            } else {
                (FormKind::File, f.file.clone())
            };
            FormRow {
                enabled: f.enabled,
                name: f.name.clone(),
                kind,
                value,
                content_type: f.content_type.clone().unwrap_or_default(),
            }
        })
        .collect()
}

fn rows_from_file(rows: &[KvFile]) -> Vec<KvRow> {
    rows.iter()
        .map(|r| KvRow {
            enabled: r.enabled,
            name: r.name.clone(),
            value: r.value.clone(),
        })
        .collect()
}

impl RequestFile {
    /// The file for a draft saved under `name`. Blank table rows are dropped; the bearer
    /// token and API key are kept only when they are a pure `{{variable}}` reference.
    /// `description` is `None`: keep the old one by setting it afterwards.
    pub fn from_draft(name: &str, draft: &RequestDraft) -> Self {
        let auth = &draft.auth;
        RequestFile {
            name: name.to_string(),
            description: None,
            method: draft.method,
            url: draft.url.clone(),
            params: rows_to_file(&draft.params),
            path_params: draft
                .path_params
                .iter()
                .filter(|r| !r.value.is_empty())
                .map(|r| KvFile {
                    name: r.name.clone(),
                    value: r.value.clone(),
                    enabled: true,
                })
                .collect(),
            headers: rows_to_file(&draft.headers),
            auth: Some(AuthFile {
                mode: auth.mode,
                as_user: Some(auth.as_user.clone()).filter(|u| !u.is_empty()),
                token_var: var_reference(&auth.bearer_token).map(str::to_string),
                key_var: var_reference(&auth.api_key).map(str::to_string),
            }),
            follow_redirects: draft.follow_redirects,
            x_sender: draft.mark_sender,
            body: BodyFile {
                mode: draft.body_mode,
                text: draft.body_text.clone(),
                query: draft.graphql.query.clone(),
                variables: draft.graphql.variables.clone(),
                operation_name: Some(draft.graphql.operation_name.clone())
                    .filter(|n| !n.is_empty()),
                file: draft.body_file.clone(),
                form: form_to_file(&draft.form),
            },
            expect: draft.expect.clone(),
            capture: draft.capture.clone(),
        }
    }

    /// The draft a tab opens with. Auth without an `auth:` section uses the default mode;
    /// see [`RequestFile::to_draft_with_default_auth`] for the collection's default.
    pub fn to_draft(&self) -> RequestDraft {
        self.to_draft_with_default_auth(None)
    }

    /// Like [`RequestFile::to_draft`], with the collection's default auth mode for a
    /// request that has no `auth:` section.
    pub fn to_draft_with_default_auth(
        &self,
        default_mode: Option<crate::ayon::AuthMode>,
    ) -> RequestDraft {
        let reference = |var: &Option<String>| {
            var.as_deref()
                .map(|v| format!("{{{{{v}}}}}"))
                .unwrap_or_default()
        };
        let auth = match &self.auth {
            Some(a) => AuthInput {
                mode: a.mode,
                bearer_token: reference(&a.token_var),
                api_key: reference(&a.key_var),
                as_user: a.as_user.clone().unwrap_or_default(),
            },
            None => AuthInput {
                mode: default_mode.unwrap_or_default(),
                ..AuthInput::default()
            },
        };
        let mut params = rows_from_file(&self.params);
        // Enabled rows mirror the URL's query; when a hand edit broke that, the URL wins.
        let enabled: Vec<KvRow> = params.iter().filter(|r| r.enabled).cloned().collect();
        if enabled != params_from_url(&self.url) {
            params = merge_params_from_url(&self.url, &params);
        }
        RequestDraft {
            method: self.method,
            url: self.url.clone(),
            params,
            // Rows follow the URL's placeholders; saved values fill them.
            path_params: merge_path_params(&self.url, &rows_from_file(&self.path_params)),
            headers: rows_from_file(&self.headers),
            body_mode: self.body.mode,
            body_text: self.body.text.clone(),
            body_file: self.body.file.clone(),
            form: form_from_file(&self.body.form),
            graphql: GraphQlBody {
                query: self.body.query.clone(),
                variables: self.body.variables.clone(),
                operation_name: self.body.operation_name.clone().unwrap_or_default(),
            },
            auth,
            follow_redirects: self.follow_redirects,
            mark_sender: self.x_sender,
            expect: self.expect.clone(),
            capture: self.capture.clone(),
        }
    }
}
