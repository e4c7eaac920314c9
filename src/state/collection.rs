//! The open collection, its environments, and the "save request" form.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::collection::environment::{self, Environment};
use crate::collection::secrets::Binding;
use crate::collection::store::Collection;
use crate::collection::variables::{Source, VariableSet};
use crate::secret::Secret;

use super::EnvEditor;
use super::TabId;

/// A collection as loaded by the worker, with its environments.
#[derive(Clone, Debug)]
pub struct LoadedCollection {
    /// A stable id for the folder, keying its secret values.
    pub collection_id: String,
    /// The tree and the files that did not load.
    pub collection: Collection,
    /// Environments (shared values and personal overrides).
    pub environments: Vec<Environment>,
    /// Environment files that did not load.
    pub environment_problems: Vec<environment::Problem>,
}

/// The "save request" form (for a tab not yet saved in the collection).
#[derive(Clone, Debug, PartialEq)]
pub struct SaveRequestDialog {
    /// The tab to save.
    pub tab_id: TabId,
    /// The request's name (the file name is a slug of it).
    pub name: String,
    /// Folder inside the collection, `/`-separated; empty for the top.
    pub folder: String,
    /// Whether the name field still has to take the keyboard (once, as the form opens).
    pub focus_name: bool,
}

/// The collection part of the app state.
#[derive(Clone, Debug, Default)]
pub struct CollectionState {
    /// The open collection.
    pub loaded: Option<LoadedCollection>,
    /// The collection folder typed in the sidebar.
    pub path_input: String,
    /// The name for a new collection.
    pub new_name: String,
    /// The active environment's name.
    pub active_environment: Option<String>,
    /// The open "save request" form.
    pub save_dialog: Option<SaveRequestDialog>,
    /// A load or save in flight.
    pub busy: bool,
    /// Secret values of the active environment, from the secret store.
    pub secret_values: BTreeMap<String, Secret>,
    /// Where each value in `secret_values` may be sent, as recorded in the store.
    pub secret_bindings: BTreeMap<String, Binding>,
    /// Values captured from answers (`capture:`), for the requests that follow; in
    /// memory only, never saved.
    pub captured: BTreeMap<String, Secret>,
    /// Credentials taken out of pasted curl commands, for this session only (never
    /// written: saved requests keep `{{references}}` to them).
    pub pasted: BTreeMap<String, Secret>,
    /// The origin of the pasted command each of those came with: it goes there only.
    pub pasted_for: BTreeMap<String, String>,
    /// The origin that answered each captured value: a secret one goes back there only.
    pub captured_from: BTreeMap<String, String>,
    /// The `(collection id, environment)` whose secret values were asked for.
    pub secrets_for: Option<(String, String)>,
    /// The `(collection id, environment)` the values in `secret_values` belong to: kept
    /// through a reload of the same collection, so a send never finds them missing while
    /// they are read again.
    pub values_for: Option<(String, String)>,
    /// Where secret values are kept (keychain or file), once known.
    pub vault_report: Option<String>,
    /// The open environment editor.
    pub env_editor: Option<EnvEditor>,
    /// The inline rename or "new folder" field open in the tree.
    pub tree_edit: Option<super::TreeEdit>,
}

impl CollectionState {
    /// The active environment, when one is picked and exists.
    pub fn environment(&self) -> Option<&Environment> {
        let name = self.active_environment.as_deref()?;
        self.loaded
            .as_ref()?
            .environments
            .iter()
            .find(|e| e.name == name)
    }

    /// The variables requests resolve against now. A secret variable without a stored
    /// value counts as missing (named when sending).
    pub fn variables(&self) -> VariableSet {
        let mut set = VariableSet::build(&[], self.environment(), |name| {
            self.secret_values.get(name).cloned()
        });
        for (name, value) in &self.captured {
            set.set_captured(name, value.expose().to_owned());
        }
        for (name, value) in &self.pasted {
            set.set_secret(name, value.clone(), Source::Local);
        }
        set
    }

    /// The variables of environment `name` (`None`: no environment), for a send that is
    /// not the active environment's ("Send to two"). Secret values are those loaded for
    /// the active environment only when `name` is it; another environment's secrets count
    /// as missing (named when sending).
    pub fn variables_for(&self, name: Option<&str>) -> VariableSet {
        if name == self.active_environment.as_deref() {
            return self.variables();
        }
        let env = name.and_then(|name| {
            self.loaded
                .as_ref()?
                .environments
                .iter()
                .find(|e| e.name == name)
        });
        VariableSet::build(&[], env, |_| None)
    }

    /// The `(collection id, environment)` whose secret values are needed now.
    pub fn secrets_key(&self) -> Option<(String, String)> {
        let loaded = self.loaded.as_ref()?;
        let env = self.environment()?;
        Some((loaded.collection_id.clone(), env.name.clone()))
    }

    /// The collection's root folder.
    pub fn root(&self) -> Option<PathBuf> {
        self.loaded.as_ref().map(|l| l.collection.root.clone())
    }
}
