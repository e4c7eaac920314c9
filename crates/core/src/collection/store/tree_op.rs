//! One change to the collection tree as asked from the sidebar, and what it did, so
//! open tabs can follow their files.

use std::path::{Path, PathBuf};

use super::{Collection, Result, StoreError};

/// A change to requests and folders; paths are relative to the collection root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TreeOp {
    /// Give a request (its name and file name) or a folder a new name.
    Rename {
        /// The request file or folder.
        path: PathBuf,
        /// The new request or folder name.
        new_name: String,
    },
    /// Save a copy of a request beside it.
    Duplicate {
        /// The request file.
        path: PathBuf,
    },
    /// Delete a request file or a folder with everything in it.
    Delete {
        /// The request file or folder.
        path: PathBuf,
    },
    /// Move a request or folder into another folder.
    Move {
        /// The request file or folder.
        path: PathBuf,
        /// The folder it goes into (empty for the top).
        to_folder: PathBuf,
    },
    /// Create an empty folder.
    NewFolder {
        /// The folder it goes into (empty for the top).
        parent: PathBuf,
        /// Its name.
        name: String,
    },
}

/// What a [`TreeOp`] did; paths are relative to the collection root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TreeOpDone {
    /// A request or folder was renamed.
    Renamed {
        /// The old path.
        from: PathBuf,
        /// The new path.
        to: PathBuf,
        /// The request's new name (`None` for a folder).
        request_name: Option<String>,
    },
    /// A request was copied.
    Duplicated {
        /// The original.
        from: PathBuf,
        /// The copy.
        to: PathBuf,
    },
    /// A request or folder was deleted.
    Deleted {
        /// What is gone.
        path: PathBuf,
    },
    /// A request or folder was moved.
    Moved {
        /// The old path.
        from: PathBuf,
        /// The new path.
        to: PathBuf,
    },
    /// A folder was created.
    FolderCreated {
        /// Its path.
        path: PathBuf,
    },
}

/// Where a saved request is after a [`TreeOpDone`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Followed {
    /// Where it was.
    Unchanged,
    /// At this new path.
    Moved(PathBuf),
    /// Deleted.
    Deleted,
}

impl TreeOp {
    /// Does it on the files on disk. `collection` must be freshly loaded: it tells
    /// requests from folders and lists the files that did not load.
    pub fn apply(&self, collection: &Collection) -> Result<TreeOpDone> {
        let is_folder = |path: &Path| collection.folder(path).is_some();
        match self {
            TreeOp::Rename { path, new_name } if is_folder(path) => Ok(TreeOpDone::Renamed {
                from: path.clone(),
                to: collection.rename_folder(path, new_name.trim())?,
                request_name: None,
            }),
            TreeOp::Rename { path, new_name } => {
                let new_name = new_name.trim();
                if new_name.is_empty() {
                    return Err(StoreError::BadName {
                        name: new_name.to_string(),
                        reason: "a request needs a name",
                    });
                }
                Ok(TreeOpDone::Renamed {
                    from: path.clone(),
                    to: collection.rename_request(path, new_name)?,
                    request_name: Some(new_name.to_string()),
                })
            }
            TreeOp::Duplicate { path } => Ok(TreeOpDone::Duplicated {
                from: path.clone(),
                to: collection.duplicate_request(path)?,
            }),
            TreeOp::Delete { path } => {
                if is_folder(path) {
                    collection.delete_folder(path)?;
                } else {
                    collection.delete_request(path)?;
                }
                Ok(TreeOpDone::Deleted { path: path.clone() })
            }
            TreeOp::Move { path, to_folder } => Ok(TreeOpDone::Moved {
                from: path.clone(),
                to: if is_folder(path) {
                    collection.move_folder(path, to_folder)?
                } else {
                    collection.move_request(path, to_folder)?
                },
            }),
            TreeOp::NewFolder { parent, name } => Ok(TreeOpDone::FolderCreated {
                path: collection.create_folder(parent, name.trim())?,
            }),
        }
    }
}

impl TreeOpDone {
    /// Where the request saved at `source` is now.
    pub fn follow(&self, source: &Path) -> Followed {
        match self {
            TreeOpDone::Renamed { from, to, .. } | TreeOpDone::Moved { from, to } => {
                match source.strip_prefix(from) {
                    Ok(rest) if rest.as_os_str().is_empty() => Followed::Moved(to.clone()),
                    Ok(rest) => Followed::Moved(to.join(rest)),
                    Err(_) => Followed::Unchanged,
                }
            }
            TreeOpDone::Deleted { path } if source.starts_with(path) => Followed::Deleted,
            _ => Followed::Unchanged,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_requests_follow_renames_moves_and_deletes() {
        let renamed = TreeOpDone::Renamed {
            from: "projects".into(),
            to: "Projects".into(),
            request_name: None,
        };
        assert_eq!(
            renamed.follow(Path::new("projects/list.yml")),
            Followed::Moved("Projects/list.yml".into())
        );
        assert_eq!(
            renamed.follow(Path::new("projects-old/list.yml")),
            Followed::Unchanged,
            "only whole path components match"
        );
        let moved = TreeOpDone::Moved {
            from: "a.yml".into(),
            to: "users/a.yml".into(),
        };
        assert_eq!(
            moved.follow(Path::new("a.yml")),
            Followed::Moved("users/a.yml".into())
        );
        let deleted = TreeOpDone::Deleted {
            path: "users".into(),
        };
        assert_eq!(deleted.follow(Path::new("users/a.yml")), Followed::Deleted);
        assert_eq!(deleted.follow(Path::new("a.yml")), Followed::Unchanged);
    }
}
