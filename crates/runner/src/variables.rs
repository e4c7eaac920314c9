//! The run's variables: the environment's, with secret values from `AYON_SECRET_<NAME>`
//! or the local secret store, and the values captured on the way. Also the list of values
//! that must never appear in any output, and where each secret value may go.
//!
//! Where secrets go in a run: an `AYON_SECRET_<NAME>` value may go only to the server
//! named outside the collection (`--server`, `AYON_SERVER_URL`, or the sandbox), never to
//! one the collection names (`defaults.base_url`, a full URL). A value from the secret
//! store goes to the origins recorded with it when it was stored (a value stored before
//! bindings were recorded: as an `AYON_SECRET_` value). A captured secret goes back only
//! to the origin that answered it. `--allow-host ORIGIN` lets every secret go to that
//! origin too.
//!
//! Which stored values a run reads: only those of secret variables that the selected
//! requests (or `defaults.base_url`) refer to, in the chosen environment of this
//! collection. A pulled commit that adds `secret: true` names can make the run read the
//! value stored under such a name only when a request uses it, and that value still goes
//! only where it is bound.

use std::collections::BTreeSet;

use ayon_explorer_core::collection::environment::{Environment, Variable};
use ayon_explorer_core::collection::secrets::{
    Binding, SecretBindings, SecretKey, SecretStore, StoredSecret, origin_of,
};
use ayon_explorer_core::collection::variables::{Source, VariableSet, find_references};
use ayon_explorer_core::secret::Secret;
use ayon_explorer_core::secret::forms::encodings;

use super::EnvLookup;

/// Where secret values come from, in this order, and where they may go.
pub struct SecretSources<'a> {
    /// The process environment (`AYON_SECRET_<NAME>`).
    pub env: &'a EnvLookup,
    /// The secret store of this machine (none in tests), with the collection's id.
    pub store: Option<(&'a dyn SecretStore, String)>,
    /// The server named outside the collection (the sandbox, `--server`,
    /// `AYON_SERVER_URL`): where `AYON_SECRET_<NAME>` values, and stored values with no
    /// recorded binding, may go.
    pub own_server: Option<&'a str>,
    /// The variable names the run's requests refer to: only their values are read from
    /// the store (`None`: every secret variable of the environment).
    pub used: Option<&'a BTreeSet<String>>,
}

/// `AYON_SECRET_` and the name in upper case, other characters than letters and digits
/// as `_`: `service_api_key` → `AYON_SECRET_SERVICE_API_KEY`. The core's rule, shared with
/// the code snippets.
pub use ayon_explorer_core::secret::env_name as secret_env_name;

/// The run's variables and the values to mask.
pub struct RunVariables {
    /// Values requests resolve against.
    pub set: VariableSet,
    /// Where each secret value may go.
    pub bindings: SecretBindings,
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
        let from_store = |name: &str| -> Option<StoredSecret> {
            let (store, collection_id) = sources.store.as_ref()?;
            let env = environment?;
            let key = SecretKey::new(collection_id.clone(), env.name.clone(), name);
            store.get_bound(&key).ok().flatten()
        };
        let own = Binding::Unrecorded.origins_or(sources.own_server);
        let mut found: Vec<(String, Secret, Vec<String>)> = Vec::new();
        // A value may refer to other variables (`cookie` = `token={{token}}`): the names
        // referred to inside the values a run uses are used too, until none is added.
        let mut used = sources.used.cloned();
        let secret_names = environment
            .map(Environment::secret_names)
            .unwrap_or_default();
        loop {
            let mut grew = false;
            if let (Some(used), Some(env)) = (used.as_mut(), environment) {
                let plain = env.variables.iter().chain(&env.overrides);
                let inside: Vec<String> = plain
                    .filter(|v| !v.secret && used.contains(&v.name))
                    .flat_map(|v| find_references(&v.value).into_iter().map(|(_, n)| n))
                    .collect();
                for name in inside {
                    grew |= used.insert(name);
                }
            }
            for name in &secret_names {
                if found.iter().any(|(n, _, _)| n == name) {
                    continue;
                }
                let value = if let Some(value) = (sources.env)(&secret_env_name(name)) {
                    (Secret::new(value), own.clone())
                } else if used.as_ref().is_none_or(|used| used.contains(name))
                    && let Some(stored) = from_store(name)
                {
                    let origins = stored.binding.origins_or(sources.own_server);
                    (stored.value, origins)
                } else {
                    continue;
                };
                if let Some(used) = used.as_mut() {
                    used.extend(
                        find_references(value.0.expose())
                            .into_iter()
                            .map(|(_, n)| n),
                    );
                }
                found.push((name.clone(), value.0, value.1));
                grew = true;
            }
            if !grew {
                break;
            }
        }
        let mut set = VariableSet::build(&[], environment, |name| {
            found
                .iter()
                .find(|(n, _, _)| n == name)
                .map(|(_, value, _)| value.clone())
        });
        let mut bindings = SecretBindings::new();
        for (name, _, origins) in found {
            bindings.allow(&name, origins);
        }
        let mut public = Vec::new();
        for (name, value) in extra {
            if set.is_secret(name) {
                set.set_secret(name, Secret::new(value.clone()), Source::Local);
                bindings.replace(name, own.clone());
                public.extend(encodings(value));
            } else {
                set.insert(&Variable::plain(name.clone(), value.clone()), Source::Local);
            }
        }
        let masked = set.secret_values();
        let mut vars = RunVariables {
            set,
            bindings,
            masked: Vec::new(),
            public,
        };
        vars.mask_also(masked);
        vars
    }

    /// Sets a value captured from an answer of `answered_by` (a URL). A value is masked
    /// in output, and goes back only to the origin that answered it, when its variable is
    /// secret or its name says it is a credential (`token`, `api_key`, `password`, …).
    pub fn capture(&mut self, name: &str, value: String, answered_by: &str) {
        if self.set.set_captured(name, value.clone()) {
            self.bindings.replace(name, origin_of(answered_by));
            self.mask_also([value]);
        }
    }

    /// Adds values to mask (auth header values of a request, `AYON_API_KEY`), in every
    /// form they take (percent-encoded, form-encoded, JSON-escaped, base64), once each
    /// (every request adds its auth values again), longest first so a value that contains
    /// another is masked whole.
    pub fn mask_also(&mut self, values: impl IntoIterator<Item = String>) {
        for value in values {
            for form in encodings(&value) {
                if !self.masked.contains(&form) {
                    self.masked.push(form);
                }
            }
        }
        self.masked.sort_by_key(|v| std::cmp::Reverse(v.len()));
    }

    /// Every form of every value masked in output (the sandbox's public login left out),
    /// longest first: what a saved answer is masked with.
    pub fn masked_forms(&self) -> Vec<String> {
        self.masked
            .iter()
            .filter(|v| !self.public.contains(v))
            .cloned()
            .collect()
    }

    /// `text` with every masked value replaced by `***`.
    /// A text cut short with `…` (a long check value) that ends in the start of a masked
    /// value has that start masked too.
    pub fn mask(&self, text: &str) -> String {
        let mut out = text.to_owned();
        let masked = || self.masked.iter().filter(|v| !self.public.contains(v));
        for value in masked() {
            if out.contains(value.as_str()) {
                out = out.replace(value.as_str(), "***");
            }
        }
        if let Some(cut) = out.strip_suffix('…')
            && let Some(start) = masked().find_map(|v| cut_start(cut, v))
        {
            out = format!("{}***…", &cut[..start]);
        }
        out
    }
}

/// Where `text` ends with the first four or more characters of `value` (not all of it),
/// the byte index that start begins at.
fn cut_start(text: &str, value: &str) -> Option<usize> {
    let mut ends: Vec<usize> = value.char_indices().map(|(i, _)| i).skip(4).collect();
    ends.reverse();
    ends.into_iter()
        .find(|&end| text.ends_with(&value[..end]))
        .map(|end| text.len() - end)
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
            own_server: Some("http://h:5000/"),
            used: None,
        };
        let mut vars = RunVariables::build(Some(&env), &sources, &[]);
        assert_eq!(vars.bindings.origins("pass_word"), ["http://h:5000"]);
        vars.mask_also([(sources.env)("AYON_API_KEY").unwrap_or_default()]);
        assert_eq!(vars.set.value("pass_word"), Some("s3cr3t-value"));
        assert_eq!(vars.mask("a s3cr3t-value b"), "a *** b");
        assert_eq!(vars.mask(&"k".repeat(32)), "***");
        vars.capture("token", "abc123abc123".into(), "http://a:1/api/auth/login");
        vars.capture("project_name", "demo".into(), "http://a:1/x");
        assert_eq!(vars.bindings.origins("token"), ["http://a:1"]);
        assert!(vars.bindings.origins("project_name").is_empty());
        assert_eq!(vars.mask("abc123abc123 demo"), "*** demo");
        assert_eq!(vars.set.value("project_name"), Some("demo"));
        assert_eq!(secret_env_name("my-key.v2"), "AYON_SECRET_MY_KEY_V2");
        // Every form, and the start of one where a long value was cut.
        assert_eq!(
            vars.mask("q=s3cr3t-value&b=czNjcjN0LXZhbHVl&cut=s3cr3t…"),
            "q=***&b=***&cut=***…"
        );
        assert_eq!(vars.mask("short s3c…"), "short s3c…");
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
            own_server: Some("http://sandbox:1"),
            used: None,
        };
        let vars =
            RunVariables::build(Some(&env), &sources, &[("password".into(), "admin".into())]);
        assert_eq!(vars.set.value("password"), Some("admin"));
        assert_eq!(vars.mask("admin"), "admin");
        assert_eq!(vars.bindings.origins("password"), ["http://sandbox:1"]);
    }

    /// A store holding `(variable, value, binding)` for every collection and environment.
    struct Stored(
        Vec<(&'static str, &'static str, Binding)>,
        std::sync::Mutex<Vec<String>>,
    );

    impl SecretStore for Stored {
        fn get_bound(
            &self,
            key: &SecretKey,
        ) -> Result<Option<StoredSecret>, ayon_explorer_core::collection::secrets::SecretError>
        {
            if let Ok(mut read) = self.1.lock() {
                read.push(key.variable.clone());
            }
            Ok(self
                .0
                .iter()
                .find(|(n, _, _)| *n == key.variable)
                .map(|(_, value, binding)| StoredSecret {
                    value: Secret::new(*value),
                    binding: binding.clone(),
                }))
        }
        fn set_bound(
            &self,
            _: &SecretKey,
            _: &StoredSecret,
        ) -> Result<(), ayon_explorer_core::collection::secrets::SecretError> {
            Ok(())
        }
        fn delete(
            &self,
            _: &SecretKey,
        ) -> Result<(), ayon_explorer_core::collection::secrets::SecretError> {
            Ok(())
        }
        fn describe(&self) -> String {
            "a test store".into()
        }
    }

    #[test]
    fn stored_values_keep_their_binding_and_only_used_ones_are_read() {
        let env = Environment {
            name: "dev".into(),
            variables: vec![
                Variable::secret("bound"),
                Variable::secret("old"),
                Variable::secret("unused"),
            ],
            overrides: vec![],
        };
        let store = Stored(
            vec![
                (
                    "bound",
                    "b-value",
                    Binding::Origins(vec!["https://kept.example".into()]),
                ),
                ("old", "o-value", Binding::Unrecorded),
                ("unused", "u-value", Binding::Unrecorded),
            ],
            std::sync::Mutex::new(Vec::new()),
        );
        let used: BTreeSet<String> = ["bound".to_string(), "old".to_string()].into();
        let sources = SecretSources {
            env: &|_: &str| None,
            store: Some((&store, "c".into())),
            own_server: Some("http://ci:5000"),
            used: Some(&used),
        };
        let vars = RunVariables::build(Some(&env), &sources, &[]);
        assert_eq!(vars.bindings.origins("bound"), ["https://kept.example"]);
        assert_eq!(vars.bindings.origins("old"), ["http://ci:5000"]);
        assert_eq!(vars.set.value("unused"), None);
        let read = store.1.lock().map(|r| r.clone()).unwrap_or_default();
        assert_eq!(read, vec!["bound".to_string(), "old".to_string()]);
    }
}
