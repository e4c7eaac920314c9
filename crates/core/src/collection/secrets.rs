//! Secret variable values, kept outside the collection: in the OS keychain when one works
//! ([`KeyringStore`]), else in a JSON file with 0600 permissions in the user's data
//! directory ([`FileStore`]). Values are [`Secret`]s and never appear in errors or logs.
//! Each value is kept with the origins it may be sent to ([`binding`]).

pub mod binding;
mod file_store;
mod keyring_store;
mod read_chain;

use std::path::Path;

use crate::secret::Secret;

pub use binding::{Binding, NO_BINDINGS, SecretBindings, StoredSecret, origin_of};
pub use file_store::FileStore;
pub use keyring_store::KeyringStore;
pub use read_chain::ReadOnlyChain;

/// The keychain service name.
pub const SERVICE: &str = "ayon-rest-explorer";

/// The file name of the fallback store inside the data directory.
pub const FILE_NAME: &str = "secrets.json";

/// Which secret: a variable of an environment of a collection.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SecretKey {
    /// The collection, see [`collection_id`].
    pub collection_id: String,
    /// Environment name.
    pub environment: String,
    /// Variable name.
    pub variable: String,
}

impl SecretKey {
    /// A key.
    pub fn new(
        collection_id: impl Into<String>,
        environment: impl Into<String>,
        variable: impl Into<String>,
    ) -> Self {
        SecretKey {
            collection_id: collection_id.into(),
            environment: environment.into(),
            variable: variable.into(),
        }
    }

    /// The keychain account name: `collection_id/environment/variable`.
    pub fn account(&self) -> String {
        format!(
            "{}/{}/{}",
            self.collection_id, self.environment, self.variable
        )
    }
}

/// Why the secret store failed. Never carries a secret value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// The OS keychain refused or is unavailable.
    #[error("The system keychain failed: {0}")]
    Keyring(String),
    /// The secrets file could not be read or written, or does not parse (then it is left
    /// as is, not overwritten).
    #[error("The secrets file {path} {message}")]
    File {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
}

/// A place for secret values, each with the origins it may be sent to.
pub trait SecretStore: Send + Sync {
    /// The value and where it may go, or `None` when none is stored.
    fn get_bound(&self, key: &SecretKey) -> Result<Option<StoredSecret>, SecretError>;
    /// Stores (or replaces) a value with where it may go.
    fn set_bound(&self, key: &SecretKey, value: &StoredSecret) -> Result<(), SecretError>;
    /// Removes a value; removing a missing value is not an error.
    fn delete(&self, key: &SecretKey) -> Result<(), SecretError>;
    /// Where values are kept, for the user ("the system keychain", "the file …").
    fn describe(&self) -> String;

    /// The value alone, or `None` when none is stored.
    fn get(&self, key: &SecretKey) -> Result<Option<Secret>, SecretError> {
        Ok(self.get_bound(key)?.map(|stored| stored.value))
    }

    /// Stores (or replaces) a value without a recorded binding: the front end's own
    /// server stands in for it ([`Binding::Unrecorded`]). Prefer [`Self::set_bound`].
    fn set(&self, key: &SecretKey, value: &Secret) -> Result<(), SecretError> {
        self.set_bound(key, &StoredSecret::unrecorded(value.clone()))
    }
}

/// A stable id for a collection: its folder name plus a hash of the canonical path, so two
/// collections never share secrets and the id stays the same across runs and Rust versions.
pub fn collection_id(root: &Path) -> String {
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let name: String = canonical
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    // FNV-1a, 64-bit: stable, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in canonical.to_string_lossy().as_bytes() {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{name}-{hash:016x}")
}

/// The store picked by [`default_store`] and why.
pub struct ChosenStore {
    /// The store.
    pub store: Box<dyn SecretStore>,
    /// Whether it is the OS keychain.
    pub is_keyring: bool,
    /// A sentence for the user: where secrets go, and why the keychain is not used.
    pub report: String,
}

/// The OS keychain when a set/get/delete probe works, else a [`FileStore`] in `data_dir`.
/// May block (D-Bus on Linux): call it off the UI thread and outside async tasks.
pub fn default_store(data_dir: &Path) -> ChosenStore {
    let keyring = KeyringStore::new();
    match keyring.probe() {
        Ok(()) => ChosenStore {
            report: format!("Secret values are kept in {}.", keyring.describe()),
            store: Box::new(keyring),
            is_keyring: true,
        },
        Err(e) => {
            let file = FileStore::new(data_dir.join(FILE_NAME));
            ChosenStore {
                report: format!(
                    "Secret values are kept in {} (readable only by you), because the system \
                     keychain is not available: {e}",
                    file.describe()
                ),
                store: Box::new(file),
                is_keyring: false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = collection_id(Path::new("/no/such/My Collection"));
        assert_eq!(a, collection_id(Path::new("/no/such/My Collection")));
        assert!(a.starts_with("My_Collection-"), "{a}");
        assert_ne!(a, collection_id(Path::new("/other/My Collection")));
        assert_eq!(SecretKey::new("c", "dev", "token").account(), "c/dev/token");
    }
}
