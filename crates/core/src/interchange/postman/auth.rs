//! Postman auth (`{type, <type>: [{key, value}]}`) on the draft. Inheritance is resolved
//! by the caller: this gets the effective auth object of a request.

use serde_json::Value;

use super::common::{as_text, basic_auth, str_at};
use crate::ayon::{AuthInput, AuthMode};
use crate::request::{KvRow, RequestDraft};

/// Whether `auth` (a request's or folder's) defers to its parent.
pub(super) fn inherits(auth: Option<&Value>) -> bool {
    match auth {
        None | Some(Value::Null) => true,
        Some(a) => str_at(a, "type").is_none_or(|t| t == "inherit"),
    }
}

/// One parameter of the auth's type: v2.1 lists `[{key, value}]`, v2.0 an object.
fn param(auth: &Value, kind: &str, key: &str) -> String {
    match auth.get(kind) {
        Some(Value::Array(rows)) => rows
            .iter()
            .find(|r| str_at(r, "key") == Some(key))
            .map(|r| as_text(r.get("value")))
            .unwrap_or_default(),
        Some(obj @ Value::Object(_)) => as_text(obj.get(key)),
        _ => String::new(),
    }
}

/// Applies the effective `auth` (none at any level: no auth) to `draft`.
pub(super) fn apply(
    auth: Option<&Value>,
    draft: &mut RequestDraft,
    where_: &str,
    notes: &mut Vec<String>,
) {
    draft.auth = AuthInput {
        mode: AuthMode::None,
        ..Default::default()
    };
    let Some(auth) = auth else { return };
    let kind = str_at(auth, "type").unwrap_or("noauth");
    match kind {
        "noauth" | "inherit" => {}
        "bearer" => {
            draft.auth.mode = AuthMode::Bearer;
            draft.auth.bearer_token = param(auth, "bearer", "token");
        }
        "apikey" => {
            let key = param(auth, "apikey", "key");
            let key = if key.is_empty() {
                "x-api-key".into()
            } else {
                key
            };
            let value = param(auth, "apikey", "value");
            let in_query = param(auth, "apikey", "in") == "query";
            if in_query {
                draft.params.push(KvRow::new(key, value));
                draft.url = crate::request::url_with_params(&draft.url, &draft.params);
            } else if key.trim().eq_ignore_ascii_case("x-api-key") {
                draft.auth.mode = AuthMode::ApiKey;
                draft.auth.api_key = value;
            } else {
                draft.headers.push(KvRow::new(key, value));
            }
        }
        "basic" => {
            let user = param(auth, "basic", "username");
            let password = param(auth, "basic", "password");
            basic_auth(&user, &password, where_, &mut draft.headers, notes);
        }
        other => notes.push(format!(
            "{where_}: auth type '{other}' is not supported; imported without auth"
        )),
    }
}
