//! Writing files safely: a temporary file beside the target, fsync, rename.

use std::io::Write;
use std::path::Path;

use super::StoreError;

/// The error for an I/O failure on `path`, naming a read-only folder as such.
pub(super) fn io_error(path: &Path, error: std::io::Error) -> StoreError {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => StoreError::ReadOnly {
            path: path.to_path_buf(),
        },
        _ => StoreError::Io {
            path: path.to_path_buf(),
            source: error,
        },
    }
}

/// Writes `bytes` to `path` through a dotfile beside it (which loading skips), fsync and
/// rename, so readers never see half a file (see [`crate::files::replace_atomically`]).
pub(super) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    if path.parent().is_none() || path.file_name().is_none() {
        return Err(StoreError::BadPath {
            path: path.to_path_buf(),
        });
    }
    crate::files::replace_atomically(path, |file| file.write_all(bytes))
        .map_err(|e| io_error(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_errors_say_read_only() {
        let e = io_error(
            Path::new("c/x.yml"),
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert!(matches!(e, StoreError::ReadOnly { .. }));
        assert!(e.to_string().contains("read-only"), "{e}");
    }
}
