//! The run's variables: the environment's, with secret values from `AYON_SECRET_<NAME>`
//! or the local secret store, and the values captured on the way. Also the list of values
//! that must never appear in any output.

use ayon_explorer_core::collection::environment::{Environment, Variable};
use ayon_explorer_core::collection::secrets::{SecretKey, SecretStore};
use ayon_explorer_core::collection::variables::{Source, VariableSet};
use ayon_explorer_core::secret::Secret;

use super::EnvLookup;

/// Where secret values come from, in this order.
pub struct SecretSources<'a> {
    /// The process environment (`AYON_SECRET_<NAME>`).
    pub env: &'a EnvLookup,
    /// The secret store of this machine (none in tests), with the collection's id.
    pub store: Option<(&'a dyn SecretStore, String)>,
}

/// `AYON_SECRET_` and the name in upper case, other characters than letters and digits
/// as `_`: `service_api_key` → `AYON_SECRET_SERVICE_API_KEY`.
pub fn secret_env_name(variable: &str) -> String {
    let upper: String = variable
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("AYON_SECRET_{upper}")
}

/// The run's variables and the values to mask.
pub struct RunVariables {
    /// Values requests resolve against.
    pub set: VariableSet,
    /// Values that never appear in output (secrets, keys, captured credentials).
    masked: Vec<String>,
    /// Values that are public though their variable is secret (the sandbox's practice
    /// login, shown on screen anyway).
    public: Vec<String>,
}

impl RunVariables {
    /// The environment's variables (secret ones filled from `sources`: `AYON_SECRET_<NAME>`,
    /// then the store), then `extra` (the sandbox's login).
    pub fn build(
        environment: Option<&Environment>,
        sources: &SecretSources<'_>,
        extra: &[(String, String)],
    ) -> RunVariables {
        let from_store = |name: &str| -> Option<Secret> {
            let (store, collection_id) = sources.store.as_ref()?;
            let env = environment?;
            let key = SecretKey::new(collection_id.clone(), env.name.clone(), name);
            store.get(&key).ok().flatten()
        };
        let mut set = VariableSet::build(&[], environment, |name| {
            (sources.env)(&secret_env_name(name))
                .map(Secret::new)
                .or_else(|| from_store(name))
        });
        let mut public = Vec::new();
        for (name, value) in extra {
            if set.is_secret(name) {
                set.set_secret(name, Secret::new(value.clone()), Source::Local);
                public.push(value.clone());
            } else {
                set.insert(&Variable::plain(name.clone(), value.clone()), Source::Local);
            }
        }
        let masked = set.secret_values();
        let mut vars = RunVariables {
            set,
            masked: Vec::new(),
            public,
        };
        vars.mask_also(masked);
        vars
    }

    /// Sets a captured value. A value is masked in output when its variable is secret or
    /// its name says it is a credential (`token`, `api_key`, `password`, …).
    pub fn capture(&mut self, name: &str, value: String) {
        if self.set.set_captured(name, value.clone()) {
            self.mask_also([value]);
        }
    }

    /// Adds values to mask (auth header values of a request, `AYON_API_KEY`), once each
    /// (every request adds its auth values again), longest first so a value that contains
    /// another is masked whole.
    pub fn mask_also(&mut self, values: impl IntoIterator<Item = String>) {
        for value in values {
            if !value.is_empty() && !self.masked.contains(&value) {
                self.masked.push(value);
            }
        }
        self.masked.sort_by_key(|v| std::cmp::Reverse(v.len()));
    }

    /// `text` with every masked value replaced by `***`.
    pub fn mask(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for value in self.masked.iter().filter(|v| !self.public.contains(v)) {
            if out.contains(value.as_str()) {
                out = out.replace(value.as_str(), "***");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_come_from_the_environment_and_are_masked() {
        let env = Environment {
            name: "ci".into(),
            variables: vec![
                Variable::plain("user", "bob"),
                Variable::secret("pass_word"),
            ],
            overrides: vec![],
        };
        let lookup = |name: &str| match name {
            "AYON_SECRET_PASS_WORD" => Some("s3cr3t-value".to_owned()),
            "AYON_API_KEY" => Some("k".repeat(32)),
            _ => None,
        };
        let sources = SecretSources {
            env: &lookup,
            store: None,
        };
        let mut vars = RunVariables::build(Some(&env), &sources, &[]);
        vars.mask_also([(sources.env)("AYON_API_KEY").unwrap_or_default()]);
        assert_eq!(vars.set.value("pass_word"), Some("s3cr3t-value"));
        assert_eq!(vars.mask("a s3cr3t-value b"), "a *** b");
        assert_eq!(vars.mask(&"k".repeat(32)), "***");
        vars.capture("token", "abc123abc123".into());
        vars.capture("project_name", "demo".into());
        assert_eq!(vars.mask("abc123abc123 demo"), "*** demo");
        assert_eq!(vars.set.value("project_name"), Some("demo"));
        assert_eq!(secret_env_name("my-key.v2"), "AYON_SECRET_MY_KEY_V2");
    }

    #[test]
    fn the_sandbox_login_is_public() {
        let env = Environment {
            name: "practice".into(),
            variables: vec![Variable::secret("password")],
            overrides: vec![],
        };
        let sources = SecretSources {
            env: &|_: &str| None,
            store: None,
        };
        let vars =
            RunVariables::build(Some(&env), &sources, &[("password".into(), "admin".into())]);
        assert_eq!(vars.set.value("password"), Some("admin"));
        assert_eq!(vars.mask("admin"), "admin");
    }
}
