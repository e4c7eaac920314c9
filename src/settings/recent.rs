//! The recent collections list: each folder with the collection's name as it was when
//! last opened (read from its `collection.yml` then, never while drawing).

use std::collections::BTreeMap;
use std::path::Path;

use super::Settings;
use crate::collection::format::{COLLECTION_FILE, CollectionFile};
use crate::untrusted::MAX_COLLECTION_FILE_BYTES;

/// At most this many collections are listed as recent.
pub const MAX_RECENT: usize = 8;

impl Settings {
    /// `root` (named `name`) was opened: it becomes the one reopened at start and the
    /// first recent one. `true` when anything changed (the settings want saving).
    pub fn remember_collection(&mut self, root: &str, name: &str) -> bool {
        let known_name = self.collection_names.get(root).map(String::as_str);
        if self.open_collection.as_deref() == Some(root)
            && self.recent_collections.first().map(String::as_str) == Some(root)
            && known_name == Some(name)
        {
            return false;
        }
        self.open_collection = Some(root.to_string());
        let recent = &mut self.recent_collections;
        recent.retain(|r| r != root);
        recent.insert(0, root.to_string());
        recent.truncate(MAX_RECENT);
        self.collection_names
            .insert(root.to_string(), name.to_string());
        let listed = self.recent_collections.clone();
        self.collection_names
            .retain(|path, _| listed.contains(path));
        true
    }

    /// Reads the name of each recent collection that has none yet from its
    /// `collection.yml` (lists kept before names were): done once, when the settings are
    /// loaded, never while drawing. A folder that cannot be read keeps no name.
    pub fn fill_recent_names(&mut self) {
        for root in &self.recent_collections {
            if self.collection_names.contains_key(root) {
                continue;
            }
            if let Some(name) = name_in_folder(Path::new(root)) {
                self.collection_names.insert(root.clone(), name);
            }
        }
    }

    /// The name to list the recent collection at `root` by (see [`recent_name`]).
    pub fn recent_collection_name(&self, root: &str) -> String {
        recent_name(&self.collection_names, root)
    }
}

/// The `name` in the collection file of the folder `root`, if it reads.
fn name_in_folder(root: &Path) -> Option<String> {
    let file = Path::new(COLLECTION_FILE);
    let read = crate::untrusted::read_text(&root.join(file), Some(root), MAX_COLLECTION_FILE_BYTES)
        .ok()?;
    let parsed = CollectionFile::parse(file, &read.text).ok()?;
    Some(parsed.name).filter(|n| !n.trim().is_empty())
}

/// The name to list the recent collection at `root` by: its collection's name in
/// `names` when known, else the folder's name (else the path).
pub fn recent_name(names: &BTreeMap<String, String>, root: &str) -> String {
    if let Some(name) = names.get(root).filter(|n| !n.trim().is_empty()) {
        return name.clone();
    }
    Path::new(root)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| root.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_collections_read_by_name_newest_first() {
        let mut settings = Settings::default();
        assert!(settings.remember_collection("/work/requests", "Studio requests"));
        assert!(!settings.remember_collection("/work/requests", "Studio requests"));
        assert!(settings.remember_collection("/work/other", "Other"));
        assert!(settings.remember_collection("/work/requests", "Renamed"));
        assert_eq!(
            settings.recent_collections,
            ["/work/requests", "/work/other"]
        );
        assert_eq!(settings.recent_collection_name("/work/requests"), "Renamed");
        // Listed before names were kept: the folder's name.
        settings
            .recent_collections
            .push("/old/ones/pipeline".into());
        assert_eq!(
            settings.recent_collection_name("/old/ones/pipeline"),
            "pipeline"
        );
        for i in 0..MAX_RECENT {
            settings.remember_collection(&format!("/c/{i}"), "c");
        }
        assert_eq!(settings.recent_collections.len(), MAX_RECENT);
        assert_eq!(settings.collection_names.len(), MAX_RECENT);
    }

    #[test]
    fn names_of_older_entries_are_read_from_their_collection_files() {
        let dir = std::env::temp_dir().join(format!("recent-names-{}", std::process::id()));
        let root = dir.join("pipeline");
        crate::collection::store::Collection::create(&root, "Pipeline checks").unwrap();
        let root = root.to_string_lossy().into_owned();
        let mut settings = Settings {
            recent_collections: vec![root.clone(), "/no/such/folder".into()],
            ..Settings::default()
        };
        settings.fill_recent_names();
        assert_eq!(settings.recent_collection_name(&root), "Pipeline checks");
        assert_eq!(settings.recent_collection_name("/no/such/folder"), "folder");
        let _ = std::fs::remove_dir_all(dir);
    }
}
