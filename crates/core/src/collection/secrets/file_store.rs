//! Secrets in a JSON file readable only by the user (0600 on unix), for systems without a
//! working keychain. Written through a temp file (created 0600) and a rename. Each value
//! is kept with the origins it may be sent to; a plain string (written before bindings
//! existed) is a value with no recorded binding.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Binding, SecretError, SecretKey, SecretStore, StoredSecret};
use crate::secret::Secret;

/// collection id -> environment -> variable -> value.
type Tree = BTreeMap<String, BTreeMap<String, BTreeMap<String, Entry>>>;

/// One value in the file.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum Entry {
    /// A value stored before bindings existed.
    Plain(String),
    /// A value and the origins it may be sent to.
    Bound(BoundEntry),
}

#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BoundEntry {
    value: String,
    origins: Vec<String>,
}

impl Entry {
    fn of(stored: &StoredSecret) -> Entry {
        let value = stored.value.expose().to_owned();
        match &stored.binding {
            Binding::Unrecorded => Entry::Plain(value),
            Binding::Origins(origins) => Entry::Bound(BoundEntry {
                value,
                origins: origins.clone(),
            }),
        }
    }

    fn stored(&self) -> StoredSecret {
        match self {
            Entry::Plain(value) => StoredSecret::unrecorded(Secret::new(value.clone())),
            Entry::Bound(entry) => {
                StoredSecret::bound(Secret::new(entry.value.clone()), entry.origins.clone())
            }
        }
    }
}

#[derive(serde::Serialize, serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SecretsFile {
    version: u32,
    secrets: Tree,
}

/// The fallback store: one JSON file, path given by the caller (in the user's data dir).
#[derive(Debug)]
pub struct FileStore {
    path: PathBuf,
    lock: Mutex<()>,
}

impl FileStore {
    /// A store in `path` (created on first write).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileStore {
            path: path.into(),
            lock: Mutex::new(()),
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self, message: impl Into<String>) -> SecretError {
        SecretError::File {
            path: self.path.display().to_string(),
            message: message.into(),
        }
    }

    fn read(&self) -> Result<SecretsFile, SecretError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(SecretsFile {
                    version: 1,
                    ..Default::default()
                });
            }
            Err(e) => return Err(self.error(format!("cannot be read: {e}"))),
        };
        // serde_json errors name a position, never the content.
        serde_json::from_slice(&bytes).map_err(|e| {
            self.error(format!(
                "does not parse ({e}); it is left as is and not overwritten"
            ))
        })
    }

    fn write(&self, file: &SecretsFile) -> Result<(), SecretError> {
        let mut bytes = serde_json::to_vec_pretty(file)
            .map_err(|e| self.error(format!("cannot be encoded: {e}")))?;
        bytes.push(b'\n');
        write_private(&self.path, &bytes).map_err(|e| self.error(format!("cannot be written: {e}")))
    }

    fn update(&self, change: impl FnOnce(&mut Tree)) -> Result<(), SecretError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let mut file = self.read()?;
        change(&mut file.secrets);
        file.secrets.retain(|_, envs| {
            envs.retain(|_, vars| !vars.is_empty());
            !envs.is_empty()
        });
        self.write(&file)
    }
}

/// Writes `bytes` to `path` via a temp file created with mode 0600, fsync and rename.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    crate::files::create_private_dir(&dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "secrets".into());
    let tmp = dir.join(format!(".{name}.part-{}", std::process::id()));
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            options.mode(0o600);
            let file = options.open(&tmp)?;
            // `mode` applies only on creation: make sure a leftover temp file is private too.
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
            write_all(file, bytes)?;
        }
        #[cfg(not(unix))]
        write_all(options.open(&tmp)?, bytes)?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    return result;

    fn write_all(mut file: std::fs::File, bytes: &[u8]) -> std::io::Result<()> {
        file.write_all(bytes)?;
        file.sync_all()
    }
}

impl SecretStore for FileStore {
    fn get_bound(&self, key: &SecretKey) -> Result<Option<StoredSecret>, SecretError> {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let file = self.read()?;
        Ok(file
            .secrets
            .get(&key.collection_id)
            .and_then(|e| e.get(&key.environment))
            .and_then(|v| v.get(&key.variable))
            .map(Entry::stored))
    }

    fn set_bound(&self, key: &SecretKey, value: &StoredSecret) -> Result<(), SecretError> {
        self.update(|tree| {
            tree.entry(key.collection_id.clone())
                .or_default()
                .entry(key.environment.clone())
                .or_default()
                .insert(key.variable.clone(), Entry::of(value));
        })
    }

    fn delete(&self, key: &SecretKey) -> Result<(), SecretError> {
        if !self.path.exists() {
            return Ok(());
        }
        self.update(|tree| {
            if let Some(vars) = tree
                .get_mut(&key.collection_id)
                .and_then(|e| e.get_mut(&key.environment))
            {
                vars.remove(&key.variable);
            }
        })
    }

    fn describe(&self) -> String {
        format!("the file {}", self.path.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "are-secrets-{tag}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn round_trip_private_and_corrupt_file_kept() {
        let dir = temp_dir("unit");
        let store = FileStore::new(dir.join("s.json"));
        let key = SecretKey::new("c", "dev", "token");
        assert_eq!(store.get(&key).unwrap(), None);
        store.set(&key, &Secret::new("v1")).unwrap();
        assert_eq!(store.get(&key).unwrap(), Some(Secret::new("v1")));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        store.delete(&key).unwrap();
        assert_eq!(store.get(&key).unwrap(), None);
        // A binding is kept with its value; a plain value has none recorded.
        let bound = StoredSecret::bound(Secret::new("v3"), vec!["https://h.example".into()]);
        store.set_bound(&key, &bound).unwrap();
        assert_eq!(store.get_bound(&key).unwrap(), Some(bound));
        store.set(&key, &Secret::new("v4")).unwrap();
        assert_eq!(
            store.get_bound(&key).unwrap().map(|s| s.binding),
            Some(Binding::Unrecorded)
        );
        std::fs::write(store.path(), b"{ broken").unwrap();
        let err = store.set(&key, &Secret::new("v2")).unwrap_err();
        assert!(!err.to_string().contains("v2"));
        assert_eq!(std::fs::read(store.path()).unwrap(), b"{ broken");
        let _ = std::fs::remove_dir_all(dir);
    }
}
