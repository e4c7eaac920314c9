//! Secrets in the OS keychain (Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows), through the `keyring` crate. A value is kept with its binding in
//! one entry (a small JSON envelope); an entry that is not one (written before bindings
//! existed) is a value with no recorded binding.

use super::{Binding, SERVICE, SecretError, SecretKey, SecretStore, StoredSecret};
use crate::secret::Secret;

/// The field that marks an entry as a value with its binding.
const MARK: &str = "ayon-rest-explorer-secret";

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    #[serde(rename = "ayon-rest-explorer-secret")]
    version: u32,
    value: String,
    origins: Vec<String>,
}

/// The text kept in the keychain for `stored`.
fn encode(stored: &StoredSecret) -> Result<String, SecretError> {
    match &stored.binding {
        // A bare value that happens to look like an envelope is wrapped, never mistaken.
        Binding::Unrecorded if !stored.value.expose().contains(MARK) => {
            Ok(stored.value.expose().to_owned())
        }
        Binding::Unrecorded => encode(&StoredSecret::bound(stored.value.clone(), Vec::new())),
        Binding::Origins(origins) => serde_json::to_string(&Envelope {
            version: 1,
            value: stored.value.expose().to_owned(),
            origins: origins.clone(),
        })
        .map_err(|_| SecretError::Keyring("a value could not be encoded".into())),
    }
}

/// The value and binding kept as `text`.
fn decode(text: String) -> StoredSecret {
    match serde_json::from_str::<Envelope>(&text) {
        Ok(envelope) => StoredSecret::bound(Secret::new(envelope.value), envelope.origins),
        Err(_) => StoredSecret::unrecorded(Secret::new(text)),
    }
}

/// The OS keychain, service [`SERVICE`], account [`SecretKey::account`].
#[derive(Debug, Default)]
pub struct KeyringStore;

impl KeyringStore {
    /// The store (nothing is contacted yet).
    pub fn new() -> Self {
        KeyringStore
    }

    /// Sets, reads back and deletes a throwaway entry: `Ok` when the keychain works.
    pub fn probe(&self) -> Result<(), SecretError> {
        let key = SecretKey::new("probe", "probe", format!("probe-{}", std::process::id()));
        let value = Secret::new(format!("probe-value-{}", std::process::id()));
        self.set(&key, &value)?;
        let back = self.get(&key);
        let deleted = self.delete(&key);
        match back? {
            Some(v) if v == value => deleted,
            _ => Err(SecretError::Keyring(
                "a value written to it could not be read back".into(),
            )),
        }
    }
}

fn entry(key: &SecretKey) -> Result<keyring::Entry, SecretError> {
    keyring::Entry::new(SERVICE, &key.account()).map_err(describe)
}

/// An error message without any secret bytes (some keyring errors carry the value).
fn describe(e: keyring::Error) -> SecretError {
    let message = match e {
        keyring::Error::BadEncoding(_) => "a stored value is not UTF-8 text".to_string(),
        keyring::Error::BadDataFormat(_, _) => "a stored value has a bad format".to_string(),
        keyring::Error::Ambiguous(_) => "several entries match".to_string(),
        keyring::Error::NoDefaultStore => "no keychain service is running".to_string(),
        other => other.to_string(),
    };
    SecretError::Keyring(message)
}

impl SecretStore for KeyringStore {
    fn get_bound(&self, key: &SecretKey) -> Result<Option<StoredSecret>, SecretError> {
        match entry(key)?.get_password() {
            Ok(v) => Ok(Some(decode(v))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(describe(e)),
        }
    }

    fn set_bound(&self, key: &SecretKey, value: &StoredSecret) -> Result<(), SecretError> {
        entry(key)?.set_password(&encode(value)?).map_err(describe)
    }

    fn delete(&self, key: &SecretKey) -> Result<(), SecretError> {
        match entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(describe(e)),
        }
    }

    fn describe(&self) -> String {
        "the system keychain".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_binding_travels_in_the_entry_and_old_entries_are_plain_values() {
        let bound = StoredSecret::bound(Secret::new("v\"1"), vec!["https://h".into()]);
        assert_eq!(decode(encode(&bound).unwrap_or_default()), bound);
        let plain = StoredSecret::unrecorded(Secret::new("plain-value"));
        assert_eq!(encode(&plain).unwrap_or_default(), "plain-value");
        assert_eq!(decode("plain-value".into()), plain);
        // A value that looks like an envelope stays that value.
        let tricky = format!("{{\"{MARK}\":1,\"value\":\"x\",\"origins\":[\"http://evil\"]}}");
        let stored = StoredSecret::unrecorded(Secret::new(tricky.clone()));
        let back = decode(encode(&stored).unwrap_or_default());
        assert_eq!(back.value.expose(), tricky);
        assert_eq!(back.binding, Binding::Origins(Vec::new()));
    }
}
