//! Reading a collection folder into a tree, listing the files that do not load.

use std::path::{Path, PathBuf};

use crate::collection::format::{COLLECTION_FILE, FOLDER_FILE, FolderFile, RequestFile};

use super::{Folder, Problem, RequestEntry};

/// The folder at the collection root that holds environments, not requests.
pub(super) const ENVIRONMENTS_DIR: &str = "environments";

/// Reads `root/rel` as UTF-8 text, or says why not.
pub(super) fn read_text(root: &Path, rel: &Path) -> Result<String, Problem> {
    let bytes = std::fs::read(root.join(rel)).map_err(|e| Problem::new(rel, e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| {
        Problem::new(
            rel,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        )
    })
}

/// The folder `rel` (empty for the root) and everything below it.
pub(super) fn load_folder(
    root: &Path,
    rel: &Path,
    name: String,
    problems: &mut Vec<Problem>,
) -> Folder {
    let mut folder = Folder {
        name,
        path: rel.to_path_buf(),
        folders: Vec::new(),
        requests: Vec::new(),
    };
    let mut names: Vec<String> = match std::fs::read_dir(root.join(rel)) {
        Ok(entries) => entries
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .collect(),
        Err(e) => {
            problems.push(Problem::new(rel, e.to_string()));
            return folder;
        }
    };
    names.sort();
    let mut order = Vec::new();
    for entry in names {
        if entry.starts_with('.') {
            continue;
        }
        let entry_rel = rel.join(&entry);
        let full = root.join(&entry_rel);
        let Ok(link_meta) = std::fs::symlink_metadata(&full) else {
            continue;
        };
        if link_meta.is_dir() {
            if !(rel.as_os_str().is_empty() && entry == ENVIRONMENTS_DIR) {
                let sub = load_folder(root, &entry_rel, entry, problems);
                folder.folders.push(sub);
            }
            continue;
        }
        // Files may be symlinks; folders that are symlinks are not followed (no cycles).
        if !full.is_file() || !entry.ends_with(".yml") {
            continue;
        }
        if rel.as_os_str().is_empty() && entry == COLLECTION_FILE {
            continue;
        }
        let text = match read_text(root, &entry_rel) {
            Ok(t) => t,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        if entry == FOLDER_FILE {
            match FolderFile::parse(&entry_rel, &text) {
                Ok(f) => order = f.order,
                Err(e) => problems.push(e.into()),
            }
            continue;
        }
        match RequestFile::parse(&entry_rel, &text) {
            Ok(file) => folder.requests.push(RequestEntry {
                path: entry_rel,
                file,
            }),
            Err(e) => problems.push(e.into()),
        }
    }
    sort(&mut folder, &order);
    folder
}

/// Alphabetical (case-insensitive), then the names in `order` first, in that order.
fn sort(folder: &mut Folder, order: &[String]) {
    let rank = |name: &str| order.iter().position(|o| o == name).unwrap_or(usize::MAX);
    folder
        .requests
        .sort_by_cached_key(|r| (r.file.name.to_lowercase(), r.path.clone()));
    folder.requests.sort_by_cached_key(|r| rank(&stem(&r.path)));
    folder
        .folders
        .sort_by_cached_key(|f| (f.name.to_lowercase(), f.name.clone()));
    folder.folders.sort_by_cached_key(|f| rank(&f.name));
}

/// The file name of `path` without `.yml`.
pub(super) fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `rel` when it names something inside the collection: relative, with plain
/// components only.
pub(super) fn inside(rel: &Path) -> Option<PathBuf> {
    use std::path::Component;
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| rel.to_path_buf())
}
