//! Installed addons and the restart that loads them (ayon-api.md §6, fixtures
//! 60–68).
//!
//! An upload puts the addon on "disk" ([`AddonLibrary::installed`]) once its
//! install event finishes; `GET /api/addons` only shows what was there at the
//! last restart ([`AddonLibrary::restart`]), as on the real server, where addon
//! code is loaded at start-up only. The sandbox runs no uploaded addon's
//! code: it keeps the zip, and a loaded addon has no endpoints and no
//! settings. The list always includes the built-in [`practice`] addon.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::time::{Instant, SystemTime};

use serde_json::{Map, Value, json};

use super::practice;
use super::storage::Blob;

/// One addon version on disk.
#[derive(Debug)]
pub struct InstalledAddon {
    /// The human title (from the package file), else the name.
    pub title: String,
    /// When its install event finishes: not on disk before that.
    pub ready_at: Instant,
    /// The uploaded zip, standing in for the unpacked folder.
    pub zip: Blob,
}

/// The addon versions the server loaded at its last restart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedAddon {
    /// The human title.
    pub title: String,
}

/// Installed and loaded addons, and when the server last restarted.
#[derive(Debug, Default)]
pub struct AddonLibrary {
    /// name → version → addon, as on disk.
    pub installed: BTreeMap<String, BTreeMap<String, InstalledAddon>>,
    /// name → version → addon, as loaded at the last restart.
    pub loaded: BTreeMap<String, BTreeMap<String, LoadedAddon>>,
    /// The last `POST /api/system/restart`; `None` means the sandbox's start.
    pub last_restart: Option<SystemTime>,
    /// The last deletion, which also calls for a restart.
    pub last_deletion: Option<SystemTime>,
}

impl AddonLibrary {
    /// Loads what is on disk at `now`, as a server restart does.
    pub fn restart(&mut self, now: Instant) {
        self.loaded = self
            .installed
            .iter()
            .map(|(name, versions)| {
                let ready = versions
                    .iter()
                    .filter(|(_, addon)| addon.ready_at <= now)
                    .map(|(version, addon)| {
                        let title = addon.title.clone();
                        (version.clone(), LoadedAddon { title })
                    })
                    .collect::<BTreeMap<_, _>>();
                (name.clone(), ready)
            })
            .filter(|(_, versions)| !versions.is_empty())
            .collect();
        self.last_restart = Some(SystemTime::now());
    }

    /// Whether something changed since the last restart: the latest change
    /// among install events (`last_install_change`) and deletions is later
    /// than the restart. Like the real server, nothing at all means no.
    pub fn restart_required(&self, last_install_change: Option<SystemTime>) -> bool {
        let last_change = last_install_change.max(self.last_deletion);
        match (last_change, self.last_restart) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(change), Some(restart)) => change > restart,
        }
    }

    /// `GET /api/addons`: the built-in [`practice`] addon and the loaded
    /// addons, sorted by name, versions in version order (fixture 66). Should
    /// an upload also be called `practice`, its versions join the built-in one.
    pub fn to_json(&self) -> Value {
        let mut names: Vec<&str> = self.loaded.keys().map(String::as_str).collect();
        if !self.loaded.contains_key(practice::NAME) {
            names.push(practice::NAME);
            names.sort_unstable();
        }
        let addons: Vec<Value> = names.into_iter().map(|name| self.entry(name)).collect();
        json!({"addons": addons})
    }

    /// One addon's entry in the list.
    fn entry(&self, name: &str) -> Value {
        let builtin = name == practice::NAME;
        let mut ordered: Vec<(&str, &str)> = self
            .loaded
            .get(name)
            .map(|versions| {
                versions
                    .iter()
                    .map(|(version, addon)| (version.as_str(), addon.title.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        if builtin && !ordered.iter().any(|(v, _)| *v == practice::VERSION) {
            ordered.push((practice::VERSION, practice::TITLE));
        }
        ordered.sort_by(|a, b| compare_versions(a.0, b.0));
        let title = ordered.last().map_or(name, |(_, title)| title);
        let versions: Map<String, Value> = ordered
            .iter()
            .map(|(version, _)| ((*version).to_owned(), practice::version_info()))
            .collect();
        let mut entry = json!({
            "name": name,
            "title": title,
            "versions": versions,
            "description": "",
            "addonType": "pipeline",
            "system": false,
            "projectCanOverrideAddonVersion": false,
        });
        if builtin && let Value::Object(obj) = &mut entry {
            let model = practice::list_entry();
            for key in ["description", "addonType"] {
                obj.insert(key.into(), model[key].clone());
            }
        }
        entry
    }
}

/// Orders versions by their dot-separated parts, numerically where both parts
/// are numbers (so `0.10.0` comes after `0.9.0`), else as text.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let mut left = a.split(['.', '-', '+']);
    let mut right = b.split(['.', '-', '+']);
    loop {
        match (left.next(), right.next()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(x), Ok(y)) => x.cmp(&y),
                    _ => x.cmp(y),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_numerically() {
        let mut versions = vec!["0.10.0", "0.9.1", "0.9.0", "1.0.0-rc"];
        versions.sort_by(|a, b| compare_versions(a, b));
        assert_eq!(versions, ["0.9.0", "0.9.1", "0.10.0", "1.0.0-rc"]);
    }

    #[test]
    fn restart_required_follows_the_latest_change() {
        let mut library = AddonLibrary::default();
        assert!(!library.restart_required(None));
        let before = SystemTime::now();
        assert!(library.restart_required(Some(before)));
        library.restart(Instant::now());
        assert!(!library.restart_required(Some(before)));
        library.last_deletion = Some(SystemTime::now() + std::time::Duration::from_secs(1));
        assert!(library.restart_required(Some(before)));
    }
}
