//! Reading a collection folder into a tree, listing every file that does not load.
//!
//! The folder comes from someone else (git), so every file goes through
//! [`crate::untrusted`]: regular files only, symlinks followed only to files inside the
//! collection, at most [`MAX_COLLECTION_FILE_BYTES`] each, the depth guard before the YAML
//! parser. Nothing the loader would have read is skipped without a word: a file or folder
//! that cannot be read, is not a regular file, is too big, has a name that is not UTF-8,
//! or sits deeper than [`MAX_FOLDER_DEPTH`] folders is listed in the problems.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::collection::format::{COLLECTION_FILE, FOLDER_FILE, FolderFile, RequestFile};
use crate::untrusted::{self, FileText, MAX_COLLECTION_FILE_BYTES};

use super::{Folder, Problem, RequestEntry};

/// The folder at the collection root that holds environments, not requests.
pub(super) const ENVIRONMENTS_DIR: &str = "environments";

/// How many folders deep requests are loaded; deeper folders are listed, not read.
pub const MAX_FOLDER_DEPTH: usize = 64;

/// Reads `root/rel` as UTF-8 text through the loader's guards, or says why not.
pub(super) fn read_text(root: &Path, rel: &Path) -> Result<FileText, Problem> {
    untrusted::read_text(&root.join(rel), Some(root), MAX_COLLECTION_FILE_BYTES)
        .map_err(|e| Problem::new(rel, e.to_string()))
}

/// A parse error of a file read through a symlink quotes nothing of it: the link may
/// lead to any file of the collection, a personal one included.
pub(super) fn unquoted(mut problem: Problem, read: &FileText) -> Problem {
    if read.through_link {
        problem.message = untrusted::parser_message(&problem.message, true);
    }
    problem
}

/// The folder `rel` (empty for the root, at `depth` 0) and everything below it.
pub(super) fn load_folder(
    root: &Path,
    rel: &Path,
    name: String,
    depth: usize,
    problems: &mut Vec<Problem>,
) -> Folder {
    let mut folder = Folder {
        name,
        path: rel.to_path_buf(),
        folders: Vec::new(),
        requests: Vec::new(),
    };
    let Some(mut names) = entry_names(root, rel, problems) else {
        return folder;
    };
    names.sort();
    let mut order = Vec::new();
    for entry in names {
        // Environments are read by their own loader, which lists their problems.
        if entry.starts_with('.') || (rel.as_os_str().is_empty() && entry == ENVIRONMENTS_DIR) {
            continue;
        }
        let entry_rel = rel.join(&entry);
        let full = root.join(&entry_rel);
        let link_meta = match std::fs::symlink_metadata(&full) {
            Ok(meta) => meta,
            Err(e) => {
                problems.push(Problem::new(&entry_rel, format!("cannot be read: {e}")));
                continue;
            }
        };
        if link_meta.is_dir() {
            if depth + 1 > MAX_FOLDER_DEPTH {
                problems.push(Problem::new(
                    &entry_rel,
                    format!("is nested more than {MAX_FOLDER_DEPTH} folders deep: not loaded"),
                ));
                continue;
            }
            let sub = load_folder(root, &entry_rel, entry, depth + 1, problems);
            folder.folders.push(sub);
            continue;
        }
        // Files may be symlinks (to files inside the collection); folders that are
        // symlinks are not followed (no cycles, nothing outside).
        if link_meta.file_type().is_symlink() && full.is_dir() {
            problems.push(Problem::new(
                &entry_rel,
                "is a symlink to a folder: not followed (the requests in it are not loaded)"
                    .to_string(),
            ));
            continue;
        }
        if !entry.ends_with(".yml") || (rel.as_os_str().is_empty() && entry == COLLECTION_FILE) {
            continue;
        }
        let read = match read_text(root, &entry_rel) {
            Ok(read) => read,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        if entry == FOLDER_FILE {
            match FolderFile::parse(&entry_rel, &read.text) {
                Ok(f) => order = f.order,
                Err(e) => problems.push(unquoted(e.into(), &read)),
            }
            continue;
        }
        match RequestFile::parse(&entry_rel, &read.text) {
            Ok(file) => folder.requests.push(RequestEntry {
                path: entry_rel,
                file,
            }),
            Err(e) => problems.push(unquoted(e.into(), &read)),
        }
    }
    sort(&mut folder, &order);
    folder
}

/// The UTF-8 names in the folder `rel`; names that are not UTF-8 (of folders and of
/// `.yml` files: what the loader would read) are listed in `problems`. `None` when the
/// folder cannot be listed.
fn entry_names(root: &Path, rel: &Path, problems: &mut Vec<Problem>) -> Option<Vec<String>> {
    let entries = match std::fs::read_dir(root.join(rel)) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(Problem::new(rel, format!("cannot be listed: {e}")));
            return None;
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(Problem::new(rel, format!("cannot be listed whole: {e}")));
                continue;
            }
        };
        match entry.file_name().into_string() {
            Ok(name) => names.push(name),
            Err(raw) => {
                if loader_would_read(&raw, &entry) {
                    problems.push(Problem::new(
                        &rel.join(&raw),
                        "has a name that is not UTF-8: not loaded (rename it)".to_string(),
                    ));
                }
            }
        }
    }
    Some(names)
}

/// Whether an entry with a name that is not UTF-8 is one the loader reads: a folder or a
/// `.yml` file, not hidden.
fn loader_would_read(name: &OsString, entry: &std::fs::DirEntry) -> bool {
    let bytes = name.as_encoded_bytes();
    !bytes.starts_with(b".")
        && (bytes.ends_with(b".yml") || entry.file_type().is_ok_and(|t| t.is_dir()))
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

#[cfg(test)]
mod tests;
