//! The task that owns the secret store. Secret values are read and written here, one
//! command at a time and in order, so a value saved is the value the next load sees.
//! Saving an environment also goes through here: its files and its secret values change
//! together. Keychain calls may block (D-Bus), so each runs on the blocking pool.
//!
//! Each value is stored with the origins it may be sent to: the window's server when it
//! was stored (the session's, else the server URL) and the environment's `base_url`. A
//! value saved again unchanged keeps the binding it has, so re-saving an environment after
//! a pull that changed its `base_url` does not move where its secrets may go.

mod blocking;
mod imported;
mod proxy_password;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;

use crate::collection::environment::{Environment, Variable, delete_environment, save_environment};
use crate::collection::secrets::{
    Binding, SecretKey, SecretStore, StoredSecret, default_store, origin_of,
};
use crate::secret::Secret;
use crate::worker::{Event, Waker, open_collection};

/// Where secret values are kept.
#[derive(Clone)]
pub enum VaultSource {
    /// The OS keychain when it works, else a 0600 file in this data directory (the choice
    /// is made off the UI thread).
    DataDir(PathBuf),
    /// This store (tests, or a store chosen by the caller).
    Store(Arc<dyn SecretStore>),
}

/// What the vault is asked to do.
#[derive(Debug)]
pub enum VaultCommand {
    /// Read the values of the secret variables `names` of one environment.
    Load {
        /// The collection, see [`crate::collection::secrets::collection_id`].
        collection_id: String,
        /// Environment name.
        environment: String,
        /// Secret variable names.
        names: Vec<String>,
    },
    /// Write an environment's files, then store (or delete) its secret values, then
    /// reload the collection and the environment's values.
    SaveEnvironment {
        /// The collection folder.
        root: PathBuf,
        /// The collection's id.
        collection_id: String,
        /// The environment as it should be on disk (secret values are not in it).
        environment: Environment,
        /// Secret values to store.
        values: Vec<(String, Secret)>,
        /// Secret variables whose stored value is removed.
        removed: Vec<String>,
        /// The origins a new or changed value may be sent to (the window's server), on
        /// top of the environment's `base_url`.
        bound_to: Vec<String>,
    },
    /// Delete an environment's files and its stored secret values.
    DeleteEnvironment {
        /// The collection folder.
        root: PathBuf,
        /// The collection's id.
        collection_id: String,
        /// Environment name.
        environment: String,
        /// Its secret variables.
        secret_names: Vec<String>,
    },
    /// Keep a session token as the secret variable `variable` of an environment, adding
    /// the variable (as secret) to the environment's file when it is not there.
    RememberToken {
        /// The collection folder.
        root: PathBuf,
        /// The collection's id.
        collection_id: String,
        /// Environment name.
        environment: String,
        /// Variable name (`token`).
        variable: String,
        /// The token.
        token: Secret,
        /// The origin it may be sent to (the server that gave it).
        bound_to: Vec<String>,
    },
    /// Keep (or, with `None`, forget) the proxy's password, bound to the proxy.
    StoreProxyPassword {
        /// The password.
        password: Option<Secret>,
        /// The proxy's origin.
        origin: String,
    },
    /// Read the proxy's password kept for the proxy at `origin`.
    LoadProxyPassword {
        /// The proxy's origin.
        origin: String,
    },
}

pub use blocking::{RanNow, run_now};
pub use imported::save_imported_secrets;
pub use proxy_password::key as proxy_password_key;

/// Starts the vault task; commands sent before the store is chosen wait for it.
pub fn spawn_vault(
    runtime: &tokio::runtime::Handle,
    source: Option<VaultSource>,
    events: mpsc::Sender<Event>,
    waker: Waker,
) -> tokio::sync::mpsc::UnboundedSender<VaultCommand> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<VaultCommand>();
    runtime.spawn(async move {
        let send = |event: Event| {
            let ok = events.send(event).is_ok();
            waker();
            ok
        };
        let store: Option<Arc<dyn SecretStore>> = match source {
            Some(VaultSource::Store(store)) => Some(store),
            Some(VaultSource::DataDir(dir)) => {
                match tokio::task::spawn_blocking(move || default_store(&dir)).await {
                    Ok(chosen) => {
                        send(Event::VaultReady {
                            report: chosen.report,
                        });
                        Some(Arc::from(chosen.store))
                    }
                    Err(e) => {
                        send(Event::VaultReady {
                            report: format!("No place to keep secret values: {e}"),
                        });
                        None
                    }
                }
            }
            None => None,
        };
        while let Some(command) = rx.recv().await {
            let store = store.clone();
            let events = tokio::task::spawn_blocking(move || run(store.as_deref(), command))
                .await
                .unwrap_or_else(|e| {
                    vec![Event::Notice {
                        message: format!("The secret store failed: {e}"),
                    }]
                });
            for event in events {
                if !send(event) {
                    return;
                }
            }
        }
    });
    tx
}

const NO_STORE: &str = "Secret values cannot be kept on this computer (no keychain and no \
                        data directory)";

/// Runs one command (blocking); returns the events to send.
fn run(store: Option<&dyn SecretStore>, command: VaultCommand) -> Vec<Event> {
    match command {
        VaultCommand::Load {
            collection_id,
            environment,
            names,
        } => {
            let (loaded, warning) = load_values(store, &collection_id, &environment, &names);
            vec![secrets_loaded(collection_id, environment, loaded, warning)]
        }
        VaultCommand::SaveEnvironment {
            root,
            collection_id,
            environment,
            values,
            removed,
            bound_to,
        } => {
            let result = save_environment(&root, &environment)
                .map_err(|e| e.to_string())
                .and_then(|()| {
                    if values.is_empty() && removed.is_empty() {
                        return Ok(());
                    }
                    let store = store.ok_or_else(|| NO_STORE.to_string())?;
                    let binding = binding_for(&environment, bound_to);
                    for (name, value) in &values {
                        let key = SecretKey::new(&collection_id, &environment.name, name);
                        let stored = keep_binding(store, &key, value, &binding);
                        store.set_bound(&key, &stored).map_err(|e| e.to_string())?;
                    }
                    for name in &removed {
                        let key = SecretKey::new(&collection_id, &environment.name, name);
                        store.delete(&key).map_err(|e| e.to_string())?;
                    }
                    Ok(())
                });
            after_change(
                store,
                &root,
                &collection_id,
                &environment.name,
                result.map(|()| format!("Saved environment \"{}\".", environment.name)),
            )
        }
        VaultCommand::DeleteEnvironment {
            root,
            collection_id,
            environment,
            secret_names,
        } => {
            let result = delete_environment(&root, &environment)
                .map_err(|e| e.to_string())
                .map(|()| {
                    if let Some(store) = store {
                        for name in &secret_names {
                            // A value left behind is harmless; the file is gone.
                            let _ =
                                store.delete(&SecretKey::new(&collection_id, &environment, name));
                        }
                    }
                    format!("Deleted environment \"{environment}\".")
                });
            after_change(store, &root, &collection_id, &environment, result)
        }
        VaultCommand::RememberToken {
            root,
            collection_id,
            environment,
            variable,
            token,
            bound_to,
        } => {
            let result = remember_token(
                store,
                &root,
                &collection_id,
                &environment,
                &variable,
                &StoredSecret::bound(token, bound_to),
            )
            .map(|()| {
                format!(
                    "The session token is kept as the secret {{{{{variable}}}}} of \
                         environment \"{environment}\" (outside the collection)."
                )
            });
            after_change(store, &root, &collection_id, &environment, result)
        }
        VaultCommand::StoreProxyPassword { password, origin } => {
            proxy_password::store(store, password, origin)
        }
        VaultCommand::LoadProxyPassword { origin } => proxy_password::load(store, origin),
    }
}

fn remember_token(
    store: Option<&dyn SecretStore>,
    root: &std::path::Path,
    collection_id: &str,
    environment: &str,
    variable: &str,
    token: &StoredSecret,
) -> Result<(), String> {
    let store = store.ok_or_else(|| NO_STORE.to_string())?;
    let (environments, problems) = crate::collection::environment::load_environments(root);
    if let Some(problem) = problems.iter().find(|p| {
        p.path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{environment}.")))
    }) {
        return Err(format!(
            "The token was not kept: the environment file does not load ({problem})"
        ));
    }
    let mut env = environments
        .into_iter()
        .find(|e| e.name == environment)
        .unwrap_or_else(|| Environment::new(environment));
    match env.merged().iter().find(|v| v.name == variable) {
        Some(v) if !v.secret => {
            return Err(format!(
                "The token was not kept: {{{{{variable}}}}} is a plain variable of \
                 environment \"{environment}\"; mark it secret in the environment editor first"
            ));
        }
        Some(_) => {}
        None => {
            env.variables.push(Variable::secret(variable));
            save_environment(root, &env).map_err(|e| e.to_string())?;
        }
    }
    store
        .set_bound(&SecretKey::new(collection_id, environment, variable), token)
        .map_err(|e| e.to_string())
}

/// The binding of a value saved in `environment` now: `bound_to` (the window's server)
/// and the environment's `base_url`, when it is a server URL.
fn binding_for(environment: &Environment, bound_to: Vec<String>) -> Vec<String> {
    let base_url = environment
        .merged()
        .into_iter()
        .find(|v| v.name == "base_url" && !v.secret)
        .and_then(|v| origin_of(&v.value));
    let mut origins = bound_to;
    if let Some(origin) = base_url.filter(|o| !origins.contains(o)) {
        origins.push(origin);
    }
    origins
}

/// `value` with the binding it already has in `store` when it is stored there unchanged,
/// else bound to `origins`.
fn keep_binding(
    store: &dyn SecretStore,
    key: &SecretKey,
    value: &Secret,
    origins: &[String],
) -> StoredSecret {
    match store.get_bound(key) {
        Ok(Some(old)) if old.value == *value && matches!(old.binding, Binding::Origins(_)) => old,
        _ => StoredSecret::bound(value.clone(), origins.to_vec()),
    }
}

/// The event for values read from the store.
fn secrets_loaded(
    collection_id: String,
    environment: String,
    loaded: Vec<(String, StoredSecret)>,
    warning: Option<String>,
) -> Event {
    let bindings = loaded
        .iter()
        .map(|(name, stored)| (name.clone(), stored.binding.clone()))
        .collect();
    Event::SecretsLoaded {
        collection_id,
        environment,
        values: loaded
            .into_iter()
            .map(|(name, stored)| (name, stored.value))
            .collect(),
        bindings,
        warning,
    }
}

/// Reloads the collection and the environment's values after a change.
fn after_change(
    store: Option<&dyn SecretStore>,
    root: &std::path::Path,
    collection_id: &str,
    environment: &str,
    outcome: Result<String, String>,
) -> Vec<Event> {
    let mut events = Vec::new();
    let reloaded = open_collection(root, None);
    if let Ok(loaded) = &reloaded
        && let Some(env) = loaded.environments.iter().find(|e| e.name == environment)
    {
        let (loaded, warning) = load_values(store, collection_id, environment, &env.secret_names());
        events.push(secrets_loaded(
            collection_id.to_string(),
            environment.to_string(),
            loaded,
            warning,
        ));
    }
    events.insert(
        0,
        Event::EnvironmentSaved {
            outcome,
            reloaded: reloaded.ok(),
        },
    );
    events
}

fn load_values(
    store: Option<&dyn SecretStore>,
    collection_id: &str,
    environment: &str,
    names: &[String],
) -> (Vec<(String, StoredSecret)>, Option<String>) {
    let Some(store) = store else {
        let warning = (!names.is_empty()).then(|| NO_STORE.to_string());
        return (Vec::new(), warning);
    };
    let mut values = Vec::new();
    let mut warning = None;
    for name in names {
        match store.get_bound(&SecretKey::new(collection_id, environment, name)) {
            Ok(Some(value)) => values.push((name.clone(), value)),
            Ok(None) => {}
            Err(e) => warning = Some(e.to_string()),
        }
    }
    (values, warning)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::secrets::FileStore;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "are-vault-{name}-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_remembered_token_is_a_secret_variable_and_never_in_the_collection() {
        let root = temp("remember");
        let store = FileStore::new(temp("remember-data").join("secrets.json"));
        let events = run(
            Some(&store),
            VaultCommand::RememberToken {
                root: root.clone(),
                collection_id: "c1".into(),
                environment: "dev".into(),
                variable: "token".into(),
                token: Secret::new("tok-0123456789"),
                bound_to: vec!["http://h:5000".into()],
            },
        );
        assert!(matches!(
            &events[0],
            Event::EnvironmentSaved { outcome: Ok(_), .. }
        ));
        match &events[1] {
            Event::SecretsLoaded {
                values, bindings, ..
            } => {
                assert_eq!(values[0].0, "token");
                assert_eq!(values[0].1.expose(), "tok-0123456789");
                assert_eq!(
                    bindings[0].1,
                    Binding::Origins(vec!["http://h:5000".into()])
                );
            }
            other => panic!("{other:?}"),
        }
        let file = std::fs::read_to_string(root.join("environments/dev.yml")).unwrap();
        assert!(file.contains("secret: true"), "{file}");
        assert!(!file.contains("tok-0123456789"));
        // A plain variable of that name is not turned into a secret behind the user's back.
        let env = Environment {
            name: "prod".into(),
            variables: vec![Variable::plain("token", "visible")],
            overrides: vec![],
        };
        save_environment(&root, &env).unwrap();
        let events = run(
            Some(&store),
            VaultCommand::RememberToken {
                root: root.clone(),
                collection_id: "c1".into(),
                environment: "prod".into(),
                variable: "token".into(),
                token: Secret::new("tok-x"),
                bound_to: Vec::new(),
            },
        );
        match &events[0] {
            Event::EnvironmentSaved {
                outcome: Err(e), ..
            } => {
                assert!(e.contains("plain variable"), "{e}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn saving_an_environment_stores_and_removes_values() {
        let root = temp("save");
        let store = FileStore::new(temp("save-data").join("secrets.json"));
        let env = Environment {
            name: "dev".into(),
            variables: vec![Variable::plain("host", "h"), Variable::secret("key")],
            overrides: vec![],
        };
        let save = |values: Vec<(String, Secret)>, removed: Vec<String>| {
            run(
                Some(&store),
                VaultCommand::SaveEnvironment {
                    root: root.clone(),
                    collection_id: "c".into(),
                    environment: env.clone(),
                    values,
                    removed,
                    bound_to: vec!["http://window:5000".into()],
                },
            )
        };
        let events = save(vec![("key".into(), Secret::new("k-1"))], vec![]);
        assert!(
            matches!(&events[1], Event::SecretsLoaded { values, .. } if values.len() == 1),
            "{events:?}"
        );
        let events = save(vec![], vec!["key".into()]);
        assert!(
            matches!(&events[1], Event::SecretsLoaded { values, .. } if values.is_empty()),
            "{events:?}"
        );
        // Without a store, a secret value is refused by name, not dropped silently.
        let events = run(
            None,
            VaultCommand::SaveEnvironment {
                root: root.clone(),
                collection_id: "c".into(),
                environment: env.clone(),
                values: vec![("key".into(), Secret::new("k"))],
                removed: vec![],
                bound_to: Vec::new(),
            },
        );
        assert!(matches!(
            &events[0],
            Event::EnvironmentSaved {
                outcome: Err(_),
                ..
            }
        ));
    }

    #[test]
    fn a_value_is_bound_when_stored_and_keeps_its_binding_when_saved_again() {
        let root = temp("bind");
        let store = FileStore::new(temp("bind-data").join("secrets.json"));
        let key = SecretKey::new("c", "dev", "key");
        let save = |base_url: &str, value: &str| {
            let env = Environment {
                name: "dev".into(),
                variables: vec![
                    Variable::plain("base_url", base_url),
                    Variable::secret("key"),
                ],
                overrides: vec![],
            };
            run(
                Some(&store),
                VaultCommand::SaveEnvironment {
                    root: root.clone(),
                    collection_id: "c".into(),
                    environment: env,
                    values: vec![("key".into(), Secret::new(value))],
                    removed: vec![],
                    bound_to: vec!["http://window:5000".into()],
                },
            )
        };
        let both = Binding::Origins(vec![
            "http://window:5000".into(),
            "https://team.example".into(),
        ]);
        save("https://team.example/", "k-1");
        let stored = store.get_bound(&key).unwrap().map(|s| s.binding);
        assert_eq!(stored, Some(both.clone()));
        // A pull changed base_url: saving the same value again does not follow it.
        save("https://elsewhere.example", "k-1");
        let stored = store.get_bound(&key).unwrap().map(|s| s.binding);
        assert_eq!(stored, Some(both));
        // A new value is bound to where it is stored now.
        save("https://elsewhere.example", "k-2");
        let stored = store.get_bound(&key).unwrap().map(|s| s.binding);
        assert_eq!(
            stored,
            Some(Binding::Origins(vec![
                "http://window:5000".into(),
                "https://elsewhere.example".into()
            ]))
        );
    }
}
