//! The proxy's password, kept in the secret store like a secret variable (never in the
//! settings file) and bound to the proxy's origin: a proxy URL changed to another host
//! does not get the old proxy's password.

use crate::collection::secrets::{Binding, SecretKey, SecretStore, StoredSecret};
use crate::secret::Secret;
use crate::worker::Event;

/// Where the proxy password is kept: the app's own key, which no collection id can take
/// (a collection id always ends in `-` and 16 hex digits).
pub fn key() -> SecretKey {
    SecretKey::new("ayon-rest-explorer", "settings", "proxy_password")
}

/// Stores `password` for the proxy at `origin`, or removes the stored one (`None`).
pub(super) fn store(
    store: Option<&dyn SecretStore>,
    password: Option<Secret>,
    origin: String,
) -> Vec<Event> {
    let Some(store) = store else {
        return vec![Event::Notice {
            message: format!("The proxy password is used until the app closes: {NO_STORE}"),
        }];
    };
    let result = match password {
        Some(value) => store.set_bound(&key(), &StoredSecret::bound(value, vec![origin])),
        None => store.delete(&key()),
    };
    match result {
        Ok(()) => Vec::new(),
        Err(e) => vec![Event::Notice {
            message: format!("The proxy password was not kept: {e}"),
        }],
    }
}

/// Reads the proxy password kept for the proxy at `origin`; one kept for another proxy is
/// not given out.
pub(super) fn load(store: Option<&dyn SecretStore>, origin: String) -> Vec<Event> {
    let Some(store) = store else {
        return Vec::new();
    };
    let (password, warning) = match store.get_bound(&key()) {
        Ok(None) => return Vec::new(),
        Ok(Some(stored)) => match &stored.binding {
            Binding::Origins(origins) if origins.contains(&origin) => (Some(stored.value), None),
            Binding::Origins(origins) => (
                None,
                Some(format!(
                    "The kept proxy password is for {}, not {origin}: type it again under \
                     Settings > Proxy password.",
                    origins.join(", ")
                )),
            ),
            Binding::Unrecorded => (None, None),
        },
        Err(e) => (
            None,
            Some(format!("The proxy password could not be read: {e}")),
        ),
    };
    vec![Event::ProxyPasswordLoaded {
        password,
        origin,
        warning,
    }]
}

const NO_STORE: &str = "there is no keychain and no data directory to keep it in";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::secrets::FileStore;

    fn file_store() -> (tempfile::TempDir, FileStore) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = FileStore::new(dir.path().join("secrets.json"));
        (dir, store)
    }

    fn loaded(events: &[Event]) -> Option<(Option<&str>, Option<&str>)> {
        match events {
            [
                Event::ProxyPasswordLoaded {
                    password, warning, ..
                },
            ] => Some((password.as_ref().map(Secret::expose), warning.as_deref())),
            _ => None,
        }
    }

    #[test]
    fn a_stored_password_comes_back_for_its_proxy_only() {
        let (_dir, file) = file_store();
        let events = store(
            Some(&file),
            Some(Secret::new("pr0xy")),
            "http://proxy.studio:3128".into(),
        );
        assert!(events.is_empty());
        let events = load(Some(&file), "http://proxy.studio:3128".into());
        assert_eq!(loaded(&events), Some((Some("pr0xy"), None)));

        let events = load(Some(&file), "http://elsewhere:3128".into());
        let (password, warning) = loaded(&events).expect("one event");
        assert_eq!(password, None);
        let warning = warning.unwrap_or_default();
        assert!(
            warning.contains("http://proxy.studio:3128") && !warning.contains("pr0xy"),
            "{warning}"
        );

        assert!(store(Some(&file), None, "http://proxy.studio:3128".into()).is_empty());
        assert!(load(Some(&file), "http://proxy.studio:3128".into()).is_empty());
    }

    #[test]
    fn without_a_store_the_password_is_not_kept_and_the_user_is_told() {
        let events = store(None, Some(Secret::new("pr0xy")), "http://p:1".into());
        assert!(
            matches!(&events[..], [Event::Notice { message }] if message.contains("until the app closes"))
        );
    }
}
