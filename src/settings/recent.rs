//! The recent collections list: each folder with the collection's name as it was when
//! last opened (read from its `collection.yml` then, never while drawing).

use std::collections::BTreeMap;
use std::path::Path;

use super::Settings;

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

    /// The name to list the recent collection at `root` by (see [`recent_name`]).
    pub fn recent_collection_name(&self, root: &str) -> String {
        recent_name(&self.collection_names, root)
    }
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
}
