//! Where a secret value may be sent. A stored value is kept with the origins it may go
//! to (by default the server it was stored for), in the secret store beside the value and
//! never in the collection, so a commit to the collection cannot widen it.
//!
//! For one send, the front end turns what it knows into [`SecretBindings`]: the origins
//! recorded with stored values, the run's server for `AYON_SECRET_<NAME>` values, the
//! origin that answered for captured values, and the origins the user allowed for a
//! variable. The pipeline refuses a request that would carry a secret anywhere else.

use std::collections::BTreeMap;

use crate::ayon::normalize_base_url;
use crate::secret::Secret;

/// Where a stored secret value may be sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Binding {
    /// Stored before values were bound to origins: the front end's own server stands in
    /// (the runner's `--server` / `AYON_SERVER_URL`, the window's session or server URL).
    #[default]
    Unrecorded,
    /// These origins (`scheme://host[:port]`); none means nowhere without asking.
    Origins(Vec<String>),
}

impl Binding {
    /// Bound to the origins of `servers` (URLs; those that are not valid server URLs are
    /// left out), each once.
    pub fn to_servers<'a>(servers: impl IntoIterator<Item = &'a str>) -> Binding {
        let mut origins = Vec::new();
        for origin in servers.into_iter().filter_map(origin_of) {
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
        Binding::Origins(origins)
    }

    /// The recorded origins, or `own_server`'s origin when none were recorded.
    pub fn origins_or(&self, own_server: Option<&str>) -> Vec<String> {
        match self {
            Binding::Unrecorded => own_server.and_then(origin_of).into_iter().collect(),
            Binding::Origins(origins) => origins.clone(),
        }
    }
}

/// A secret value with the origins it may be sent to, as the secret store keeps it.
/// `Debug` never shows the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSecret {
    /// The value.
    pub value: Secret,
    /// Where it may go.
    pub binding: Binding,
}

impl StoredSecret {
    /// A value with no recorded binding (as values stored before bindings existed).
    pub fn unrecorded(value: Secret) -> Self {
        StoredSecret {
            value,
            binding: Binding::Unrecorded,
        }
    }

    /// A value bound to `origins`.
    pub fn bound(value: Secret, origins: Vec<String>) -> Self {
        StoredSecret {
            value,
            binding: Binding::Origins(origins),
        }
    }
}

/// The origin (`scheme://host[:port]`, default port left out) of a server URL, `None`
/// when it is not a valid http(s) server URL. A URL without a scheme is taken as http.
pub fn origin_of(url: &str) -> Option<String> {
    normalize_base_url(url)
        .ok()
        .map(|url| url.origin().ascii_serialization())
}

/// No bindings at all, for a context that sends no secret anywhere.
pub static NO_BINDINGS: SecretBindings = SecretBindings::new();

/// Where each secret variable's value may go for one send. A secret variable without an
/// entry may go nowhere (except to origins the context allows for every secret).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SecretBindings {
    by_variable: BTreeMap<String, Vec<String>>,
}

impl SecretBindings {
    /// No bindings: no secret goes anywhere.
    pub const fn new() -> Self {
        SecretBindings {
            by_variable: BTreeMap::new(),
        }
    }

    /// `variable` may (also) go to `origins`.
    pub fn allow(&mut self, variable: &str, origins: impl IntoIterator<Item = String>) {
        let list = self.by_variable.entry(variable.to_owned()).or_default();
        for origin in origins {
            if !list.contains(&origin) {
                list.push(origin);
            }
        }
    }

    /// `variable` may go to `origins` only (a captured value replaces a stored one).
    pub fn replace(&mut self, variable: &str, origins: impl IntoIterator<Item = String>) {
        self.by_variable.remove(variable);
        self.allow(variable, origins);
    }

    /// The origins `variable` may go to.
    pub fn origins(&self, variable: &str) -> &[String] {
        self.by_variable
            .get(variable)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Whether `variable` may go to `origin`.
    pub fn allows(&self, variable: &str, origin: &str) -> bool {
        self.origins(variable).iter().any(|o| o == origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised_and_unrecorded_values_take_the_own_server() {
        assert_eq!(
            origin_of("HTTP://Example.COM:80/api/"),
            Some("http://example.com".into())
        );
        assert_eq!(
            origin_of("127.0.0.1:5000"),
            Some("http://127.0.0.1:5000".into())
        );
        assert_eq!(origin_of("ftp://h"), None);
        let bound =
            Binding::to_servers(["https://a.example/x", "nonsense://", "https://a.example"]);
        assert_eq!(bound, Binding::Origins(vec!["https://a.example".into()]));
        assert_eq!(
            Binding::Unrecorded.origins_or(Some("http://h:5000/")),
            vec!["http://h:5000".to_string()]
        );
        assert!(Binding::Unrecorded.origins_or(None).is_empty());
        let stored = StoredSecret::bound(Secret::new("hunter2"), vec![]);
        assert!(!format!("{stored:?}").contains("hunter2"));
    }

    #[test]
    fn a_variable_without_a_binding_goes_nowhere() {
        let mut bindings = SecretBindings::new();
        assert!(!bindings.allows("key", "http://h"));
        bindings.allow("key", ["http://h".to_string()]);
        bindings.allow("key", ["http://h".to_string(), "http://g".to_string()]);
        assert_eq!(bindings.origins("key"), ["http://h", "http://g"]);
        bindings.replace("key", ["http://x".to_string()]);
        assert!(bindings.allows("key", "http://x") && !bindings.allows("key", "http://h"));
    }
}
