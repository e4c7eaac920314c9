//! The collection's `.gitignore`: personal overrides stay out of git.

use std::path::{Path, PathBuf};

use crate::files::WriteError;

/// The `.gitignore` line that keeps personal overrides out of git.
pub const GITIGNORE_LINE: &str = "environments/*.local.yml";

/// Why the collection's `.gitignore` could not be made to ignore local overrides.
#[derive(Debug, thiserror::Error)]
pub enum GitignoreError {
    /// The existing file could not be read.
    #[error("Could not read {}: {source}", path.display())]
    Read {
        /// The `.gitignore` file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The new content could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

/// Makes sure `root/.gitignore` ignores local overrides: creates the file, or appends the
/// line to an existing one (keeping its other lines).
pub fn ensure_gitignore(root: &Path) -> Result<(), GitignoreError> {
    let path = root.join(".gitignore");
    let existing = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(source) => return Err(GitignoreError::Read { path, source }),
    };
    let text = String::from_utf8_lossy(&existing);
    let covered = text.lines().any(|l| {
        matches!(
            l.trim(),
            "environments/*.local.yml" | "/environments/*.local.yml" | "*.local.yml"
        )
    });
    if covered {
        return Ok(());
    }
    let mut bytes = existing.clone();
    if !bytes.is_empty() && !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(GITIGNORE_LINE.as_bytes());
    bytes.push(b'\n');
    Ok(crate::files::write_file(&path, &bytes)?)
}
