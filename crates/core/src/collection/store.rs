//! A collection folder on disk: loading it into a tree, and saving, renaming, moving and
//! deleting requests and folders. All paths are explicit; every write goes through a
//! temporary file, fsync and rename; files that did not load are never overwritten.
//!
//! Operations take `&self` and act on the files as they are on disk now; they do not
//! update the loaded tree: call [`Collection::reload`] afterwards.

mod folders;
mod load;
mod slug;
mod tree_op;
mod write;

use std::path::{Path, PathBuf};

use crate::collection::format::{
    COLLECTION_FILE, CollectionFile, FOLDER_FILE, FolderFile, FormatError, RequestFile,
};

pub use slug::slug;
pub use tree_op::{Followed, TreeOp, TreeOpDone};

pub use load::MAX_FOLDER_DEPTH;
use load::{ENVIRONMENTS_DIR, inside, load_folder, read_text, stem, unquoted};
use write::{io_error, write_atomic};

/// The `.gitignore` line a new collection gets: personal environment overrides stay local.
pub use crate::collection::environment::GITIGNORE_LINE;

/// A collection as loaded from its folder.
#[derive(Clone, Debug, PartialEq)]
pub struct Collection {
    /// The folder on disk.
    pub root: PathBuf,
    /// `collection.yml` (the folder's name and no defaults when it is missing or broken).
    pub file: CollectionFile,
    /// The root folder and everything below it.
    pub tree: Folder,
    /// Files that did not load; they are never overwritten.
    pub problems: Vec<Problem>,
}

/// A folder of the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Folder {
    /// Its name on disk (the collection's folder name for the root).
    pub name: String,
    /// Path relative to the collection root; empty for the root.
    pub path: PathBuf,
    /// Sub-folders, in display order.
    pub folders: Vec<Folder>,
    /// Requests, in display order.
    pub requests: Vec<RequestEntry>,
}

/// A request file that loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestEntry {
    /// Path relative to the collection root (`projects/list-projects.yml`).
    pub path: PathBuf,
    /// Its content.
    pub file: RequestFile,
}

/// A file that did not load, with where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Path relative to the collection root.
    pub path: PathBuf,
    /// Line from 1, when known.
    pub line: Option<usize>,
    /// Column from 1, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    fn new(path: &Path, message: String) -> Self {
        Problem {
            path: path.to_path_buf(),
            line: None,
            column: None,
            message,
        }
    }
}

impl From<FormatError> for Problem {
    fn from(e: FormatError) -> Self {
        Problem {
            path: e.path,
            line: Some(e.line),
            column: Some(e.column),
            message: e.message,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display().to_string();
        write!(f, "{}", crate::untrusted::printable(&path))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Why a collection operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The folder or file cannot be written.
    #[error("{} is read-only: the collection cannot be saved there", path.display())]
    ReadOnly {
        /// What could not be written.
        path: PathBuf,
    },
    /// Another I/O failure.
    #[error("Could not write {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The target did not load, so it is never overwritten.
    #[error("{} has errors and is never overwritten: fix or remove it by hand", path.display())]
    Broken {
        /// The file, relative to the collection root.
        path: PathBuf,
    },
    /// No such request or folder.
    #[error("{} is not in the collection", path.display())]
    NotFound {
        /// The path, relative to the collection root.
        path: PathBuf,
    },
    /// The target exists already.
    #[error("{} exists already", path.display())]
    Exists {
        /// The path.
        path: PathBuf,
    },
    /// A path that leaves the collection or names nothing.
    #[error("{} is not a path inside the collection", path.display())]
    BadPath {
        /// The path as given.
        path: PathBuf,
    },
    /// A name that cannot be used.
    #[error("`{name}` cannot be used: {reason}")]
    BadName {
        /// The name.
        name: String,
        /// Why not.
        reason: &'static str,
    },
    /// A folder holds files that are not loaded requests; they are never deleted.
    #[error(
        "{} is not deleted: it holds files that did not load or are not requests ({}); \
         move or remove them by hand first",
        path.display(),
        files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    Keeps {
        /// The folder, relative to the collection root.
        path: PathBuf,
        /// The files kept, relative to the collection root.
        files: Vec<PathBuf>,
    },
    /// An operation that would break the collection's layout.
    #[error("{} cannot go there: {reason}", path.display())]
    Refused {
        /// What was to be moved, relative to the collection root.
        path: PathBuf,
        /// Why not.
        reason: &'static str,
    },
}

/// Result of collection operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl Collection {
    /// Loads the collection at `root`. Never fails: what cannot be read is listed in
    /// [`Collection::problems`] and the rest loads.
    pub fn load(root: &Path) -> Collection {
        let mut problems = Vec::new();
        let dir_name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let collection_rel = Path::new(COLLECTION_FILE);
        let file = match read_text(root, collection_rel) {
            Ok(read) => CollectionFile::parse(collection_rel, &read.text)
                .map_err(|e| unquoted(Problem::from(e), &read)),
            Err(p) => Err(p),
        };
        let file = file.unwrap_or_else(|p| {
            problems.push(p);
            CollectionFile {
                name: dir_name.clone(),
                ..CollectionFile::default()
            }
        });
        let tree = load_folder(root, Path::new(""), dir_name, 0, &mut problems);
        Collection {
            root: root.to_path_buf(),
            file,
            tree,
            problems,
        }
    }

    /// Makes `root` a new collection named `name`: `collection.yml`, an `environments/`
    /// folder and a `.gitignore` that keeps `environments/*.local.yml` out of git.
    pub fn create(root: &Path, name: &str) -> Result<Collection> {
        if name.trim().is_empty() {
            return Err(StoreError::BadName {
                name: name.to_string(),
                reason: "a collection needs a name",
            });
        }
        let collection_yml = root.join(COLLECTION_FILE);
        if collection_yml.exists() {
            return Err(StoreError::Exists {
                path: collection_yml,
            });
        }
        std::fs::create_dir_all(root.join(ENVIRONMENTS_DIR)).map_err(|e| io_error(root, e))?;
        let file = CollectionFile {
            name: name.to_string(),
            ..CollectionFile::default()
        };
        write_atomic(&collection_yml, file.to_yaml().as_bytes())?;
        crate::collection::environment::ensure_gitignore(root).map_err(|e| StoreError::Io {
            path: root.join(".gitignore"),
            source: std::io::Error::other(e),
        })?;
        Ok(Collection::load(root))
    }

    /// Loads the folder again (after a save, or when files changed on disk).
    pub fn reload(&mut self) {
        *self = Collection::load(&self.root);
    }

    /// Whether `rel` is a file that did not load (and so is never written).
    pub fn is_problem(&self, rel: &Path) -> bool {
        self.problems.iter().any(|p| p.path == rel)
    }

    /// The loaded request at `rel`.
    pub fn request(&self, rel: &Path) -> Option<&RequestEntry> {
        let folder = self.folder(rel.parent().unwrap_or(Path::new("")))?;
        folder.requests.iter().find(|r| r.path == rel)
    }

    /// The folder at `rel` (empty for the root).
    pub fn folder(&self, rel: &Path) -> Option<&Folder> {
        let mut folder = &self.tree;
        for part in rel.components() {
            folder = folder
                .folders
                .iter()
                .find(|f| f.path.file_name() == Some(part.as_os_str()))?;
        }
        Some(folder)
    }

    /// Every loaded request, depth first in display order.
    pub fn requests(&self) -> Vec<&RequestEntry> {
        fn walk<'a>(f: &'a Folder, out: &mut Vec<&'a RequestEntry>) {
            out.extend(f.requests.iter());
            for sub in &f.folders {
                walk(sub, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.tree, &mut out);
        out
    }

    /// An existing folder of the collection, as a relative path.
    fn folder_dir(&self, rel: &Path) -> Result<PathBuf> {
        let rel = inside(rel).ok_or_else(|| StoreError::BadPath {
            path: rel.to_path_buf(),
        })?;
        if rel.starts_with(ENVIRONMENTS_DIR) || !self.root.join(&rel).is_dir() {
            return Err(StoreError::NotFound { path: rel });
        }
        Ok(rel)
    }

    /// The request file at `rel` as it is on disk now: it must be a `.yml` request inside
    /// the collection that loads (files listed in problems never count).
    fn read_request(&self, rel: &Path) -> Result<(PathBuf, RequestFile)> {
        let bad_path = || StoreError::BadPath {
            path: rel.to_path_buf(),
        };
        let rel = inside(rel).ok_or_else(bad_path)?;
        if rel.extension().is_none_or(|e| e != "yml")
            || rel.starts_with(ENVIRONMENTS_DIR)
            || rel == Path::new(COLLECTION_FILE)
            || rel.file_name().is_some_and(|n| n == FOLDER_FILE)
        {
            return Err(bad_path());
        }
        if self.is_problem(&rel) {
            return Err(StoreError::Broken { path: rel });
        }
        let read =
            read_text(&self.root, &rel).map_err(|_| StoreError::NotFound { path: rel.clone() })?;
        let file = RequestFile::parse(&rel, &read.text)
            .map_err(|_| StoreError::Broken { path: rel.clone() })?;
        Ok((rel, file))
    }

    /// Writes `file` to `rel` unless `rel` is broken, now or on disk.
    fn write_request(&self, rel: &Path, file: &RequestFile) -> Result<()> {
        if self.is_problem(rel) {
            return Err(StoreError::Broken {
                path: rel.to_path_buf(),
            });
        }
        // A file that turned invalid on disk since loading is not ours to replace either.
        if let Ok(read) = read_text(&self.root, rel)
            && RequestFile::parse(rel, &read.text).is_err()
        {
            return Err(StoreError::Broken {
                path: rel.to_path_buf(),
            });
        }
        write_atomic(&self.root.join(rel), file.to_yaml().as_bytes())
    }

    /// Saves a new request in `folder` (relative, empty for the root) as a file named by
    /// the slug of its name (`list-projects.yml`; `list-projects-2.yml` when taken).
    /// Returns the new file's path relative to the root.
    pub fn save_request(&self, folder: &Path, file: &RequestFile) -> Result<PathBuf> {
        let dir = self.folder_dir(folder)?;
        let stem = slug::free_stem(&self.root.join(&dir), &slug(&file.name), None);
        let rel = dir.join(format!("{stem}.yml"));
        self.write_request(&rel, file)?;
        Ok(rel)
    }

    /// Overwrites the loaded request at `rel` with `file`, keeping its file name.
    pub fn update_request(&self, rel: &Path, file: &RequestFile) -> Result<PathBuf> {
        let (rel, _) = self.read_request(rel)?;
        self.write_request(&rel, file)?;
        Ok(rel)
    }

    /// Gives the request at `rel` a new name and the file name that goes with it.
    /// Returns the new path.
    pub fn rename_request(&self, rel: &Path, new_name: &str) -> Result<PathBuf> {
        let (rel, mut file) = self.read_request(rel)?;
        file.name = new_name.to_string();
        let dir = rel.parent().unwrap_or(Path::new("")).to_path_buf();
        let old_stem = stem(&rel);
        let new_stem = slug::free_stem(&self.root.join(&dir), &slug(new_name), Some(&old_stem));
        let new_rel = dir.join(format!("{new_stem}.yml"));
        self.write_request(&new_rel, &file)?;
        if new_rel != rel {
            std::fs::remove_file(self.root.join(&rel)).map_err(|e| io_error(&rel, e))?;
            self.edit_order(&dir, |order| {
                for name in order.iter_mut().filter(|n| **n == old_stem) {
                    *name = new_stem.clone();
                }
            })?;
        }
        Ok(new_rel)
    }

    /// Deletes the loaded request at `rel`.
    pub fn delete_request(&self, rel: &Path) -> Result<()> {
        let (rel, _) = self.read_request(rel)?;
        std::fs::remove_file(self.root.join(&rel)).map_err(|e| io_error(&rel, e))?;
        let old_stem = stem(&rel);
        self.edit_order(rel.parent().unwrap_or(Path::new("")), |order| {
            order.retain(|n| *n != old_stem)
        })
    }

    /// Moves the loaded request at `rel` into `to_folder`, renaming it `-2` etc. when its
    /// file name is taken there. The bytes are not rewritten. Returns the new path.
    pub fn move_request(&self, rel: &Path, to_folder: &Path) -> Result<PathBuf> {
        let (rel, _) = self.read_request(rel)?;
        let to = self.folder_dir(to_folder)?;
        let from = rel.parent().unwrap_or(Path::new("")).to_path_buf();
        if from == to {
            return Ok(rel);
        }
        let old_stem = stem(&rel);
        let new_stem = slug::free_stem(&self.root.join(&to), &old_stem, None);
        let new_rel = to.join(format!("{new_stem}.yml"));
        std::fs::rename(self.root.join(&rel), self.root.join(&new_rel))
            .map_err(|e| io_error(&new_rel, e))?;
        self.edit_order(&from, |order| order.retain(|n| *n != old_stem))?;
        Ok(new_rel)
    }

    /// Creates the folder `name` inside `parent` (relative, empty for the root). Returns
    /// its path relative to the root.
    pub fn create_folder(&self, parent: &Path, name: &str) -> Result<PathBuf> {
        let parent = self.folder_dir(parent)?;
        check_folder_name(name, parent.as_os_str().is_empty())?;
        let rel = parent.join(name);
        let full = self.root.join(&rel);
        if full.exists() {
            return Err(StoreError::Exists { path: rel });
        }
        std::fs::create_dir(&full).map_err(|e| io_error(&rel, e))?;
        Ok(rel)
    }

    /// Writes `folder.yml` of `folder` with this order of entry names (request file
    /// names without `.yml`, sub-folder names).
    pub fn set_order(&self, folder: &Path, order: Vec<String>) -> Result<()> {
        let dir = self.folder_dir(folder)?;
        let rel = dir.join(FOLDER_FILE);
        if self.is_problem(&rel) {
            return Err(StoreError::Broken { path: rel });
        }
        write_atomic(
            &self.root.join(&rel),
            FolderFile { order }.to_yaml().as_bytes(),
        )
    }

    /// Applies `change` to the `order:` of `folder`'s `folder.yml` when there is one that
    /// loads; a broken one is left alone.
    fn edit_order(&self, folder: &Path, change: impl FnOnce(&mut Vec<String>)) -> Result<()> {
        let rel = folder.join(FOLDER_FILE);
        if self.is_problem(&rel) {
            return Ok(());
        }
        let Ok(read) = read_text(&self.root, &rel) else {
            return Ok(());
        };
        let Ok(mut file) = FolderFile::parse(&rel, &read.text) else {
            return Ok(());
        };
        let before = file.order.clone();
        change(&mut file.order);
        if file.order == before {
            return Ok(());
        }
        write_atomic(&self.root.join(&rel), file.to_yaml().as_bytes())
    }
}

fn check_folder_name(name: &str, at_root: bool) -> Result<()> {
    let bad = |reason| {
        Err(StoreError::BadName {
            name: name.to_string(),
            reason,
        })
    };
    if name.trim().is_empty() || name != name.trim() {
        return bad("a folder name cannot be empty or start or end with spaces");
    }
    if name.starts_with('.') {
        return bad("a folder name cannot start with `.`");
    }
    if name
        .chars()
        .any(|c| c.is_control() || "/\\:*?\"<>|".contains(c))
    {
        return bad("a folder name cannot contain / \\ : * ? \" < > | or control characters");
    }
    if at_root && name.eq_ignore_ascii_case(ENVIRONMENTS_DIR) {
        return bad("`environments` at the root holds environments");
    }
    Ok(())
}
