//! The vault's commands run now, on the caller's thread, for the command line (no window
//! and no runtime): the same choice of store and the same code as the vault task, so an
//! import from the command line stores its secret values as the window's does.

use std::sync::Arc;

use crate::collection::secrets::{SecretStore, default_store};
use crate::worker::Event;

use super::{VaultCommand, VaultSource, run};

/// What running vault commands now did.
#[derive(Debug)]
pub struct RanNow {
    /// Where secret values are kept (the keychain, or the 0600 file and why), when a
    /// store was chosen.
    pub store: Option<String>,
    /// Each command's outcome, in order: what it did, or why it failed.
    pub outcomes: Vec<Result<String, String>>,
}

/// Chooses the store `source` names (blocking: a keychain probe may wait on D-Bus), then
/// runs `commands` in order.
pub fn run_now(source: Option<VaultSource>, commands: Vec<VaultCommand>) -> RanNow {
    let (store, report): (Option<Arc<dyn SecretStore>>, Option<String>) = match source {
        Some(VaultSource::Store(store)) => (Some(store), None),
        Some(VaultSource::DataDir(dir)) => {
            let chosen = default_store(&dir);
            (Some(Arc::from(chosen.store)), Some(chosen.report))
        }
        None => (None, None),
    };
    let outcomes = commands
        .into_iter()
        .map(|command| outcome(run(store.as_deref(), command)))
        .collect();
    RanNow {
        store: report,
        outcomes,
    }
}

/// The outcome a command's events tell.
fn outcome(events: Vec<Event>) -> Result<String, String> {
    for event in events {
        match event {
            Event::EnvironmentSaved { outcome, .. } => return outcome,
            Event::Notice { message } => return Err(message),
            _ => {}
        }
    }
    Ok(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::environment::{Environment, Variable};
    use crate::collection::secrets::{FileStore, SecretKey};
    use crate::secret::Secret;

    #[test]
    fn a_saved_environment_value_is_in_the_store_and_not_in_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("c");
        std::fs::create_dir_all(&root).expect("collection folder");
        let store: Arc<dyn SecretStore> = Arc::new(FileStore::new(dir.path().join("s.json")));
        let mut environment = Environment::new("dev");
        environment.variables.push(Variable::secret("token"));
        let ran = run_now(
            Some(VaultSource::Store(store.clone())),
            vec![VaultCommand::SaveEnvironment {
                root: root.clone(),
                collection_id: "c".into(),
                environment,
                values: vec![("token".into(), Secret::new("tok-123"))],
                removed: Vec::new(),
                bound_to: Vec::new(),
            }],
        );
        assert!(matches!(&ran.outcomes[..], [Ok(_)]), "{ran:?}");
        let stored = store
            .get_bound(&SecretKey::new("c", "dev", "token"))
            .expect("read")
            .expect("stored");
        assert_eq!(stored.value, Secret::new("tok-123"));
        let file = std::fs::read_to_string(root.join("environments/dev.yml")).expect("env file");
        assert!(!file.contains("tok-123"), "{file}");
    }

    #[test]
    fn without_a_store_a_value_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut environment = Environment::new("dev");
        environment.variables.push(Variable::secret("token"));
        let ran = run_now(
            None,
            vec![VaultCommand::SaveEnvironment {
                root: dir.path().to_path_buf(),
                collection_id: "c".into(),
                environment,
                values: vec![("token".into(), Secret::new("t"))],
                removed: Vec::new(),
                bound_to: Vec::new(),
            }],
        );
        assert!(matches!(&ran.outcomes[..], [Err(_)]), "{ran:?}");
    }
}
