//! The vault commands that keep an import's secret values: one
//! [`VaultCommand::SaveEnvironment`] per environment that has values, bound to the
//! environment's `base_url` only. The window's import and the command line's send the
//! same ones.

use crate::collection::environment::load_environments;
use crate::interchange::write::WriteReport;
use crate::secret::Secret;

use super::VaultCommand;

/// The commands that store the secret values `report` handed back, and how many values
/// they store.
pub fn save_imported_secrets(report: &WriteReport) -> (Vec<VaultCommand>, usize) {
    let root = report.root.clone();
    let collection_id = crate::collection::secrets::collection_id(&root);
    let (environments, _) = load_environments(&root);
    let mut commands = Vec::new();
    let mut count = 0;
    for environment in environments {
        let values: Vec<(String, Secret)> = report
            .secret_values
            .iter()
            .filter(|(env, _, _)| *env == environment.name)
            .map(|(_, name, value)| (name.clone(), value.clone()))
            .collect();
        if values.is_empty() {
            continue;
        }
        count += values.len();
        commands.push(VaultCommand::SaveEnvironment {
            root: root.clone(),
            collection_id: collection_id.clone(),
            environment,
            values,
            removed: Vec::new(),
            // Imported values are bound to the environment's base_url only: the window
            // asks before sending them anywhere else.
            bound_to: Vec::new(),
        });
    }
    (commands, count)
}
