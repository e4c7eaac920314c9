//! OpenAPI `security` (global, or per operation) and `components.securitySchemes` as
//! this app's auth: bearer as Bearer token, an API key in a header as X-Api-Key (or that
//! header), in the query as a parameter, in a cookie as a `Cookie` header, each holding a
//! secret `{{variable}}` named after its scheme. The rest (basic, OAuth 2, OpenID
//! Connect, mutual TLS...) is reported.

use serde_json::Value;

use crate::ayon::{AuthInput, AuthMode};
use crate::collection::format::is_var_name;
use crate::interchange::ImportedVariable;
use crate::request::{KvRow, RequestDraft, url_with_params};

/// One scheme mapped onto a draft, or why it cannot be.
enum Mapped {
    /// The scheme's secret goes into the draft as `{{variable}}`.
    Carried(Carrier),
    /// Not carried, with the reason shown to the user.
    Not(String),
}

enum Carrier {
    Bearer,
    ApiKeyHeader(String),
    ApiKeyQuery(String),
    ApiKeyCookie(String),
}

/// The schemes of a document and what its operations require.
pub(super) struct Security<'a> {
    schemes: Option<&'a serde_json::Map<String, Value>>,
    global: Option<&'a Value>,
    /// Whether requests without a carried scheme keep AYON's session auth (AYON's own
    /// documents declare no servers: their paths are relative to the server in use).
    session_default: bool,
}

impl<'a> Security<'a> {
    /// Reads `spec`'s schemes and global requirement.
    pub(super) fn read(spec: &'a Value, has_servers: bool) -> Self {
        Security {
            schemes: spec
                .pointer("/components/securitySchemes")
                .and_then(Value::as_object),
            global: spec.get("security"),
            session_default: !has_servers,
        }
    }

    /// Sets the auth of `draft` for `operation`'s requirement (its own, else the global
    /// one); adds the secret variables it uses to `variables` and what is not carried to
    /// `notes`, prefixed with `label`.
    pub(super) fn apply(
        &self,
        operation: Option<&Value>,
        draft: &mut RequestDraft,
        label: &str,
        variables: &mut Vec<ImportedVariable>,
        notes: &mut Vec<String>,
    ) {
        let requirement = operation.and_then(|o| o.get("security")).or(self.global);
        // Without a carried scheme, a document for the server in use (no `servers`)
        // keeps the session; one for another server sends nothing.
        if !self.session_default {
            draft.auth = none();
        }
        let Some(alternatives) = requirement.and_then(Value::as_array) else {
            return;
        };
        // Alternatives: the first one whose schemes are all carried; else the first.
        let mapped: Vec<Vec<(String, Mapped)>> = alternatives
            .iter()
            .filter_map(Value::as_object)
            .map(|all| {
                all.keys()
                    .map(|name| (name.clone(), self.map(name)))
                    .collect()
            })
            .collect();
        let chosen = mapped
            .iter()
            .find(|all| !all.is_empty() && all.iter().all(|(_, m)| matches!(m, Mapped::Carried(_))))
            .or_else(|| mapped.iter().find(|all| !all.is_empty()));
        let Some(chosen) = chosen else {
            // `security: []` or `[{}]`: the operation takes no auth.
            draft.auth = none();
            return;
        };
        for (name, mapped) in chosen {
            match mapped {
                Mapped::Carried(carrier) => {
                    let variable = variable_name(name);
                    let reference = format!("{{{{{variable}}}}}");
                    carry(draft, carrier, reference);
                    if !variables.iter().any(|v| v.name == variable) {
                        variables.push(ImportedVariable {
                            name: variable,
                            value: String::new(),
                            secret: true,
                        });
                    }
                }
                Mapped::Not(why) => notes.push(format!("{label}: {why}")),
            }
        }
    }

    fn map(&self, name: &str) -> Mapped {
        let Some(scheme) = self.schemes.and_then(|s| s.get(name)) else {
            return Mapped::Not(format!(
                "security scheme '{name}' is not defined in components.securitySchemes; \
                 imported without it"
            ));
        };
        let field = |key: &str| scheme.get(key).and_then(Value::as_str).unwrap_or("");
        match (field("type"), field("scheme").to_ascii_lowercase().as_str()) {
            ("http", "bearer") => Mapped::Carried(Carrier::Bearer),
            ("http", "basic") => Mapped::Not(format!(
                "HTTP basic auth (scheme '{name}') is not an auth mode here; add an Authorization header (Basic) by \
                 hand"
            )),
            ("apiKey", _) => {
                let key = field("name").trim().to_string();
                if key.is_empty() {
                    return Mapped::Not(format!("API key scheme '{name}' names no key"));
                }
                match field("in") {
                    "header" => Mapped::Carried(Carrier::ApiKeyHeader(key)),
                    "query" => Mapped::Carried(Carrier::ApiKeyQuery(key)),
                    "cookie" => Mapped::Carried(Carrier::ApiKeyCookie(key)),
                    other => Mapped::Not(format!(
                        "API key scheme '{name}' in '{other}' is not understood"
                    )),
                }
            }
            ("http", other) => Mapped::Not(format!(
                "HTTP {other} auth (scheme '{name}') is not supported; imported without auth"
            )),
            (kind, _) => Mapped::Not(format!(
                "{} auth (scheme '{name}') is not supported; imported without auth",
                match kind {
                    "oauth2" => "OAuth 2",
                    "openIdConnect" => "OpenID Connect",
                    "mutualTLS" => "mutual TLS",
                    "" => "untyped",
                    other => other,
                }
            )),
        }
    }
}

fn none() -> AuthInput {
    AuthInput {
        mode: AuthMode::None,
        ..Default::default()
    }
}

fn carry(draft: &mut RequestDraft, carrier: &Carrier, reference: String) {
    match carrier {
        Carrier::Bearer => {
            draft.auth.mode = AuthMode::Bearer;
            draft.auth.bearer_token = reference;
        }
        Carrier::ApiKeyHeader(key)
            if key.eq_ignore_ascii_case("x-api-key")
                && !matches!(draft.auth.mode, AuthMode::Bearer | AuthMode::ApiKey) =>
        {
            draft.auth.mode = AuthMode::ApiKey;
            draft.auth.api_key = reference;
        }
        Carrier::ApiKeyHeader(key) => set_row(&mut draft.headers, key, reference),
        Carrier::ApiKeyQuery(key) => {
            set_row(&mut draft.params, key, reference);
            draft.url = url_with_params(&draft.url, &draft.params);
        }
        Carrier::ApiKeyCookie(key) => {
            draft
                .headers
                .push(KvRow::new("Cookie", format!("{key}={reference}")));
        }
    }
}

/// Sets `name` (any case) in `rows`, on, to `value`; added when absent.
fn set_row(rows: &mut Vec<KvRow>, name: &str, value: String) {
    match rows.iter_mut().find(|r| r.name.eq_ignore_ascii_case(name)) {
        Some(row) => {
            row.enabled = true;
            row.value = value;
        }
        None => rows.push(KvRow::new(name, value)),
    }
}

/// The variable holding a scheme's secret: its name when `{{}}` can use it as is.
fn variable_name(scheme: &str) -> String {
    if is_var_name(scheme) {
        return scheme.to_string();
    }
    let cleaned: String = scheme
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if is_var_name(&cleaned) {
        cleaned
    } else {
        "api_secret".to_string()
    }
}
