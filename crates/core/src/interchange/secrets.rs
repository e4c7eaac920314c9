//! Moves secret-looking values out of imported requests into secret variables, so a
//! token pasted into a Postman collection never lands in a collection file: bearer tokens,
//! API keys, credential headers, credential query parameters, and password-like fields of
//! JSON and form bodies, each recognised by what its name means where it stands (see
//! `meaning`) and replaced at that one place only (see `json`). Variables whose names
//! look secret are marked secret too.

mod json;
mod meaning;

use crate::collection::format::var_reference;
use crate::http::CREDENTIAL_HEADERS;
use crate::request::{FormKind, KvRow, RequestDraft};

use super::model::{Imported, ImportedVariable};

pub use meaning::{is_auth_endpoint, is_secret_field, is_secret_name, looks_like_credential};

/// The secret variables made so far, by value, so one value gets one variable.
struct Vault<'a> {
    variables: &'a mut Vec<ImportedVariable>,
    made: usize,
}

impl Vault<'_> {
    /// The `{{reference}}` for `value`, creating a secret variable named after `hint`.
    fn reference(&mut self, hint: &str, value: &str) -> String {
        if let Some(existing) = self.variables.iter().find(|v| v.secret && v.value == value) {
            return format!("{{{{{}}}}}", existing.name);
        }
        let base = variable_name(hint);
        let mut name = base.clone();
        let mut n = 2;
        while self.variables.iter().any(|v| v.name == name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.variables.push(ImportedVariable {
            name: name.clone(),
            value: value.to_string(),
            secret: true,
        });
        self.made += 1;
        format!("{{{{{name}}}}}")
    }
}

/// `hint` as a variable name: lower case letters, digits and `_`.
fn variable_name(hint: &str) -> String {
    let mut name: String = hint
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    name = name.trim_matches('_').to_string();
    if name.is_empty() {
        "secret".to_string()
    } else {
        name
    }
}

/// Whether `value` holds something literal (not only `{{references}}` and spaces).
fn has_literal(value: &str) -> bool {
    let mut rest = value;
    while let Some(start) = rest.find("{{") {
        if !rest[..start].trim().is_empty() {
            return true;
        }
        match rest[start..].find("}}") {
            Some(end) => rest = &rest[start + end + 2..],
            None => return true,
        }
    }
    !rest.trim().is_empty()
}

/// Moves the secrets of every request and marks secret-looking variables. Returns how
/// many secret variables were made.
pub fn move_secrets(imported: &mut Imported) -> usize {
    for variable in imported.variables.iter_mut().chain(
        imported
            .environments
            .iter_mut()
            .flat_map(|e| e.variables.iter_mut()),
    ) {
        if !variable.value.is_empty() && is_secret_name(&variable.name) {
            variable.secret = true;
        }
    }
    let mut vault = Vault {
        variables: &mut imported.variables,
        made: 0,
    };
    let mut stack = vec![&mut imported.root];
    while let Some(folder) = stack.pop() {
        for request in &mut folder.requests {
            move_in_draft(&mut request.draft, &mut vault);
        }
        stack.extend(folder.folders.iter_mut());
    }
    vault.made
}

/// `draft` with every literal credential replaced by a `{{reference}}` (for snippets copied
/// without secrets); the values are dropped.
pub fn references_only(mut draft: RequestDraft) -> RequestDraft {
    let mut variables = Vec::new();
    let mut vault = Vault {
        variables: &mut variables,
        made: 0,
    };
    move_in_draft(&mut draft, &mut vault);
    draft
}

/// A pasted request's literal credentials moved to fresh secret variables, as Import
/// does: `draft` keeps `{{references}}`, and the `(name, value)` pairs are returned for
/// the caller to keep out of any file. New names never clash with `taken` (the variables
/// already known), so a paste cannot shadow an environment's `{{token}}`.
pub fn move_pasted_secrets<'a>(
    draft: &mut RequestDraft,
    taken: impl IntoIterator<Item = &'a str>,
) -> Vec<(String, String)> {
    let mut variables: Vec<ImportedVariable> = taken
        .into_iter()
        .map(|name| ImportedVariable {
            name: name.to_owned(),
            value: String::new(),
            secret: false,
        })
        .collect();
    let known = variables.len();
    let mut vault = Vault {
        variables: &mut variables,
        made: 0,
    };
    move_in_draft(draft, &mut vault);
    variables
        .into_iter()
        .skip(known)
        .map(|v| (v.name, v.value))
        .collect()
}

fn move_in_draft(draft: &mut RequestDraft, vault: &mut Vault<'_>) {
    let auth = &mut draft.auth;
    if has_literal(&auth.bearer_token) && var_reference(&auth.bearer_token).is_none() {
        auth.bearer_token = vault.reference("token", auth.bearer_token.trim());
    }
    if has_literal(&auth.api_key) && var_reference(&auth.api_key).is_none() {
        auth.api_key = vault.reference("api_key", auth.api_key.trim());
    }
    for row in &mut draft.headers {
        let lower = row.name.trim().to_ascii_lowercase();
        if !(CREDENTIAL_HEADERS.contains(&lower.as_str()) || is_secret_name(&lower))
            || lower == "x-as-user"
            || !has_literal(&row.value)
        {
            continue;
        }
        // Keep an auth scheme ("Bearer", "Basic", "Token") readable; move what follows.
        let value = row.value.trim().to_string();
        row.value = match value.split_once(' ') {
            Some((scheme, rest))
                if lower == "authorization" && !scheme.is_empty() && scheme.len() < 16 =>
            {
                if has_literal(rest) {
                    format!(
                        "{scheme} {}",
                        vault.reference(&format!("{scheme}_credentials"), rest.trim())
                    )
                } else {
                    value.clone()
                }
            }
            _ => vault.reference(&row.name, &value),
        };
    }
    let before = draft.params.clone();
    move_rows(&mut draft.params, vault);
    if draft.params != before {
        draft.url = crate::request::url_with_params(&draft.url, &draft.params);
    }
    let auth_request = is_auth_endpoint(&draft.url);
    for row in &mut draft.form {
        if row.kind == FormKind::Text
            && has_literal(&row.value)
            && is_secret_field(&row.name, &[], &row.value, auth_request)
        {
            row.value = vault.reference(&row.name, &row.value.clone());
        }
    }
    if matches!(draft.body_mode, crate::request::BodyMode::Json) {
        draft.body_text = move_in_json(&draft.body_text, auth_request, vault);
    }
}

fn move_rows(rows: &mut [KvRow], vault: &mut Vault<'_>) {
    for row in rows {
        if is_secret_name(&row.name) && has_literal(&row.value) {
            row.value = vault.reference(&row.name, &row.value.clone());
        }
    }
}

/// Replaces the string values of the secret members of a JSON body (see
/// [`is_secret_field`]) by references, each at its own place, keeping the text as written
/// otherwise. Bodies that do not parse are left as they are.
fn move_in_json(text: &str, auth_request: bool, vault: &mut Vault<'_>) -> String {
    if serde_json::from_str::<serde_json::Value>(text).is_err() {
        return text.to_string();
    }
    let mut replacements = Vec::new();
    for member in json::string_members(text) {
        if has_literal(&member.value)
            && is_secret_field(&member.key, &member.ancestors, &member.value, auth_request)
        {
            let reference = vault.reference(&member.key, &member.value);
            replacements.push((member.range, format!("\"{reference}\"")));
        }
    }
    let mut out = text.to_string();
    for (range, reference) in replacements.into_iter().rev() {
        out.replace_range(range, &reference);
    }
    out
}

#[cfg(test)]
mod pasted_tests {
    use super::*;
    use crate::request::KvRow;

    #[test]
    fn pasted_credentials_become_fresh_secret_variables() {
        let mut draft = RequestDraft::get("http://h/api/users/me");
        draft.headers = vec![
            KvRow::new("Authorization", "Basic YTpi"),
            KvRow::new("Cookie", "session=abc123"),
            KvRow::new("Accept", "application/json"),
        ];
        let moved = move_pasted_secrets(&mut draft, ["basic_credentials", "project"]);
        assert_eq!(
            moved,
            vec![
                ("basic_credentials_2".to_string(), "YTpi".to_string()),
                ("cookie".to_string(), "session=abc123".to_string()),
            ]
        );
        assert_eq!(draft.headers[0].value, "Basic {{basic_credentials_2}}");
        assert_eq!(draft.headers[1].value, "{{cookie}}");
        assert_eq!(draft.headers[2].value, "application/json");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ayon::AuthMode;
    use crate::interchange::model::{Format, ImportedRequest};
    use crate::request::BodyMode;

    fn imported_with(draft: RequestDraft) -> Imported {
        let mut imported = Imported::new("t", Format::Postman);
        imported.root.requests.push(ImportedRequest {
            name: "r".into(),
            description: None,
            draft,
        });
        imported
    }

    #[test]
    fn literal_credentials_become_secret_variables() {
        let mut draft = RequestDraft::get("https://h/api/x?token=abc&page=2");
        draft.auth.mode = AuthMode::Bearer;
        draft.auth.bearer_token = "a".repeat(64);
        draft
            .headers
            .push(KvRow::new("Authorization", "Basic dXNlcjpwYXNz"));
        draft.headers.push(KvRow::new("X-Trace", "keep"));
        draft.body_mode = BodyMode::Json;
        draft.body_text = "{\n  \"name\": \"admin\",\n  \"password\": \"hunter22\"\n}".into();
        let mut imported = imported_with(draft);
        let made = move_secrets(&mut imported);
        assert_eq!(made, 4);
        let draft = &imported.root.requests[0].draft;
        assert_eq!(draft.auth.bearer_token, "{{token}}");
        assert_eq!(draft.headers[1].value, "Basic {{basic_credentials}}");
        assert_eq!(draft.headers[2].value, "keep");
        assert!(draft.url.contains("token={{token_2}}"), "{}", draft.url);
        assert!(draft.url.contains("page=2"));
        assert!(draft.body_text.contains("\"password\": \"{{password}}\""));
        assert!(draft.body_text.contains("\"name\": \"admin\""));
        let text = format!("{:?}", imported.root);
        for secret in ["hunter22", "dXNlcjpwYXNz", &"a".repeat(64)] {
            assert!(!text.contains(secret), "{secret} left in the requests");
        }
        assert!(imported.variables.iter().all(|v| v.secret));
    }

    fn json_request(url: &str, body: &str) -> Imported {
        let mut draft = RequestDraft::get(url);
        draft.body_mode = BodyMode::Json;
        draft.body_text = body.into();
        imported_with(draft)
    }

    #[test]
    fn keys_named_key_or_token_stay_unless_their_context_says_credential() {
        let bodies = [
            r#"{"variable": {"key": "region", "value": "eu-west-1"}}"#,
            r#"{"code": "EUR", "token": "EUR", "key": "currency"}"#,
        ];
        for body in bodies {
            let mut imported = json_request("https://h/api/v2/vars", body);
            assert_eq!(move_secrets(&mut imported), 0, "{body}");
            assert_eq!(imported.root.requests[0].draft.body_text, body);
        }
        // An auth block, an auth request, or a value that looks like a credential.
        let hex = "9f86d081884c7d659a2feaa0c55ad015";
        let cases = [
            (
                "https://h/api/x",
                r#"{"auth": {"token": "abc"}}"#.to_string(),
            ),
            ("https://h/oauth/token", r#"{"token": "abc"}"#.to_string()),
            ("https://h/api/x", format!(r#"{{"key": "{hex}"}}"#)),
        ];
        for (url, body) in cases {
            let mut imported = json_request(url, &body);
            assert_eq!(move_secrets(&mut imported), 1, "{url} {body}");
        }
    }

    #[test]
    fn a_secret_is_replaced_at_its_own_place_only() {
        let body =
            "{\n  \"name\": \"admin\",\n  \"password\": \"admin\",\n  \"note\": \"admin\"\n}";
        let mut imported = json_request("{{base}}/api/auth/login", body);
        assert_eq!(move_secrets(&mut imported), 1);
        assert_eq!(
            imported.root.requests[0].draft.body_text,
            "{\n  \"name\": \"admin\",\n  \"password\": \"{{password}}\",\n  \"note\": \"admin\"\n}"
        );
        assert_eq!(imported.variables[0].value, "admin");
        // The same value under a key that means nothing secret keeps its text, and an
        // escaped value is replaced whole.
        let body = r#"{"token":"a\"b","label":"a\"b"}"#;
        let mut imported = json_request("https://h/api/login", body);
        move_secrets(&mut imported);
        assert_eq!(
            imported.root.requests[0].draft.body_text,
            r#"{"token":"{{token}}","label":"a\"b"}"#
        );
        assert_eq!(imported.variables[0].value, "a\"b");
    }

    #[test]
    fn references_and_repeats_are_left_or_shared() {
        let mut one = RequestDraft::get("/a");
        one.auth.bearer_token = "{{token}}".into();
        one.headers.push(KvRow::new("X-Api-Key", "k123"));
        let mut imported = imported_with(one.clone());
        imported.root.requests.push(ImportedRequest {
            name: "again".into(),
            description: None,
            draft: one,
        });
        move_secrets(&mut imported);
        assert_eq!(imported.variables.len(), 1, "{:?}", imported.variables);
        let drafts: Vec<_> = imported.root.requests.iter().map(|r| &r.draft).collect();
        assert!(drafts.iter().all(|d| d.auth.bearer_token == "{{token}}"));
        assert!(
            drafts
                .iter()
                .all(|d| d.headers.iter().any(|h| h.value == "{{x_api_key}}"))
        );
    }

    #[test]
    fn secret_looking_variables_are_marked() {
        let mut imported = Imported::new("t", Format::Postman);
        imported.variables.push(ImportedVariable {
            name: "apiKey".into(),
            value: "v".into(),
            secret: false,
        });
        imported.variables.push(ImportedVariable {
            name: "baseUrl".into(),
            value: "http://x".into(),
            secret: false,
        });
        move_secrets(&mut imported);
        assert!(imported.variables[0].secret);
        assert!(!imported.variables[1].secret);
    }
}
