//! Reading secret values wherever the app may have put them (the keychain, else the 0600
//! file), for the headless runner, which never writes or probes a store.

use std::path::PathBuf;

use super::{
    FILE_NAME, FileStore, KeyringStore, SecretError, SecretKey, SecretStore, StoredSecret,
};

/// The keychain, then the secrets file in the data directory; read-only.
pub struct ReadOnlyChain {
    file: Option<FileStore>,
}

impl ReadOnlyChain {
    /// The chain for the app's data directory (`None`: the keychain only).
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        ReadOnlyChain {
            file: data_dir.map(|dir| FileStore::new(dir.join(FILE_NAME))),
        }
    }
}

impl SecretStore for ReadOnlyChain {
    fn get_bound(&self, key: &SecretKey) -> Result<Option<StoredSecret>, SecretError> {
        // A keychain that is missing (no D-Bus on a CI machine) is no value, not an error.
        if let Ok(Some(value)) = KeyringStore::new().get_bound(key) {
            return Ok(Some(value));
        }
        match &self.file {
            Some(file) => file.get_bound(key),
            None => Ok(None),
        }
    }

    fn set_bound(&self, _: &SecretKey, _: &StoredSecret) -> Result<(), SecretError> {
        Err(SecretError::Keyring(
            "the runner does not store secrets".into(),
        ))
    }

    fn delete(&self, _: &SecretKey) -> Result<(), SecretError> {
        Err(SecretError::Keyring(
            "the runner does not store secrets".into(),
        ))
    }

    fn describe(&self) -> String {
        "the system keychain or the app's secrets file (read only)".into()
    }
}
