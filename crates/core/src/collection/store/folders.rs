//! Tree operations beyond saving: duplicating a request, and renaming, moving and
//! deleting folders. Like the rest of the store they act on the files on disk now, keep
//! the `order:` lists of `folder.yml` in step, and never touch files that did not load.

use std::path::{Path, PathBuf};

use crate::collection::format::{FOLDER_FILE, FolderFile};

use super::load::{ENVIRONMENTS_DIR, inside, read_text, stem};
use super::slug::{free_stem, slug};
use super::write::io_error;
use super::{Collection, Result, StoreError, check_folder_name};

/// Files an operating system or git leaves in folders; deleting them loses nothing.
const LITTER: [&str; 4] = [".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep"];

impl Collection {
    /// Saves a copy of the loaded request at `rel` beside it, named "`<name> copy`" (then
    /// "`<name> copy 2`"...), and lists it right after the original when the folder has an
    /// order. Returns the copy's path.
    pub fn duplicate_request(&self, rel: &Path) -> Result<PathBuf> {
        let (rel, mut file) = self.read_request(rel)?;
        let dir = rel.parent().unwrap_or(Path::new("")).to_path_buf();
        let full_dir = self.root.join(&dir);
        let siblings: Vec<String> = self
            .folder(&dir)
            .map(|f| f.requests.iter().map(|r| r.file.name.clone()).collect())
            .unwrap_or_default();
        let base = format!("{} copy", file.name);
        let (name, new_stem) = std::iter::once(base.clone())
            .chain((2..1000).map(|n| format!("{base} {n}")))
            .find_map(|name| {
                let wanted = slug(&name);
                let free = free_stem(&full_dir, &wanted, None) == wanted;
                (free && !siblings.contains(&name)).then_some((name, wanted))
            })
            .unwrap_or_else(|| {
                let stem = free_stem(&full_dir, &slug(&base), None);
                (base.clone(), stem)
            });
        file.name = name;
        let new_rel = dir.join(format!("{new_stem}.yml"));
        self.write_request(&new_rel, &file)?;
        let old_stem = stem(&rel);
        self.edit_order(&dir, |order| {
            if let Some(i) = order.iter().position(|n| *n == old_stem) {
                order.insert(i + 1, new_stem.clone());
            }
        })?;
        Ok(new_rel)
    }

    /// Renames the folder at `rel` (not the root). Files inside move with it, unread and
    /// unchanged. Returns the new path.
    pub fn rename_folder(&self, rel: &Path, new_name: &str) -> Result<PathBuf> {
        let (rel, parent, old_name) = self.sub_folder(rel)?;
        check_folder_name(new_name, parent.as_os_str().is_empty())?;
        if new_name == old_name {
            return Ok(rel);
        }
        let new_rel = parent.join(new_name);
        let case_only = new_name.to_lowercase() == old_name.to_lowercase();
        if !case_only && name_taken(&self.root.join(&parent), new_name) {
            return Err(StoreError::Exists { path: new_rel });
        }
        std::fs::rename(self.root.join(&rel), self.root.join(&new_rel))
            .map_err(|e| io_error(&new_rel, e))?;
        self.edit_order(&parent, |order| {
            for name in order.iter_mut().filter(|n| **n == old_name) {
                *name = new_name.to_string();
            }
        })?;
        Ok(new_rel)
    }

    /// Deletes the folder at `rel` (not the root) and everything in it, unless it holds
    /// files that did not load or are not requests: those are never deleted, and the
    /// error names them.
    pub fn delete_folder(&self, rel: &Path) -> Result<()> {
        let (rel, parent, name) = self.sub_folder(rel)?;
        let mut kept = Vec::new();
        self.unknown_files(&rel, &mut kept);
        if !kept.is_empty() {
            kept.sort();
            return Err(StoreError::Keeps {
                path: rel,
                files: kept,
            });
        }
        std::fs::remove_dir_all(self.root.join(&rel)).map_err(|e| io_error(&rel, e))?;
        self.edit_order(&parent, |order| order.retain(|n| *n != name))
    }

    /// Moves the folder at `rel` (not the root) into `to_parent` (empty for the root),
    /// keeping its name. Never into itself or a folder inside it, never into the
    /// `environments` folder. Returns the new path.
    pub fn move_folder(&self, rel: &Path, to_parent: &Path) -> Result<PathBuf> {
        let (rel, parent, name) = self.sub_folder(rel)?;
        let to = inside(to_parent).ok_or_else(|| StoreError::BadPath {
            path: to_parent.to_path_buf(),
        })?;
        if to.starts_with(ENVIRONMENTS_DIR) {
            return Err(StoreError::Refused {
                path: rel,
                reason: "the `environments` folder holds environments, not requests",
            });
        }
        if to.starts_with(&rel) {
            return Err(StoreError::Refused {
                path: rel,
                reason: "a folder cannot move into itself or a folder inside it",
            });
        }
        let to = self.folder_dir(&to)?;
        if to == parent {
            return Ok(rel);
        }
        check_folder_name(&name, to.as_os_str().is_empty())?;
        let new_rel = to.join(&name);
        if name_taken(&self.root.join(&to), &name) {
            return Err(StoreError::Exists { path: new_rel });
        }
        std::fs::rename(self.root.join(&rel), self.root.join(&new_rel))
            .map_err(|e| io_error(&new_rel, e))?;
        self.edit_order(&parent, |order| order.retain(|n| *n != name))?;
        Ok(new_rel)
    }

    /// An existing folder below the root: its path, its parent's path and its name.
    fn sub_folder(&self, rel: &Path) -> Result<(PathBuf, PathBuf, String)> {
        let rel = self.folder_dir(rel)?;
        let (Some(parent), Some(name)) = (rel.parent(), rel.file_name()) else {
            return Err(StoreError::BadPath { path: rel });
        };
        let (parent, name) = (parent.to_path_buf(), name.to_string_lossy().into_owned());
        Ok((rel, parent, name))
    }

    /// Adds to `kept` every file under `rel` that deleting would lose: files that did not
    /// load, files that are not requests, links to folders.
    fn unknown_files(&self, rel: &Path, kept: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(self.root.join(rel)) else {
            kept.push(rel.to_path_buf());
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let entry_rel = rel.join(&name);
            let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
                kept.push(entry_rel);
                continue;
            };
            if meta.is_dir() {
                self.unknown_files(&entry_rel, kept);
            } else if LITTER.contains(&name.as_str()) {
                continue;
            } else if name == FOLDER_FILE {
                let loads = !self.is_problem(&entry_rel)
                    && read_text(&self.root, &entry_rel)
                        .is_ok_and(|read| FolderFile::parse(&entry_rel, &read.text).is_ok());
                if !loads {
                    kept.push(entry_rel);
                }
            } else if !entry.path().is_file() || self.read_request(&entry_rel).is_err() {
                kept.push(entry_rel);
            }
        }
    }
}

/// Whether `dir` has an entry named `name`, ignoring case (file systems may).
fn name_taken(dir: &Path, name: &str) -> bool {
    let name = name.to_lowercase();
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().to_lowercase() == name)
}

#[cfg(test)]
mod tests;
