//! Secrets in the OS keychain (Secret Service on Linux, Keychain on macOS, Credential
//! Manager on Windows), through the `keyring` crate.

use super::{SERVICE, SecretError, SecretKey, SecretStore};
use crate::secret::Secret;

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
    fn get(&self, key: &SecretKey) -> Result<Option<Secret>, SecretError> {
        match entry(key)?.get_password() {
            Ok(v) => Ok(Some(Secret::new(v))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(describe(e)),
        }
    }

    fn set(&self, key: &SecretKey, value: &Secret) -> Result<(), SecretError> {
        entry(key)?.set_password(value.expose()).map_err(describe)
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
