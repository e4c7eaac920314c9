//! The app's own folders and files on Unix: data and config folders 0700, history,
//! settings, secret and log files 0600, so other users of the machine read none of them.
//! Elsewhere the platform's defaults apply.

use std::path::Path;

use super::WriteError;

/// Makes `dir` (and any missing folder above it) readable by this user only; a folder
/// that exists already with group or other access is tightened to 0700.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        let mode = std::fs::metadata(dir)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// Makes the file at `path` readable and writable by this user only (0600).
pub fn make_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// [`write_file`](super::write_file) for the app's own files: the temporary file is made
/// 0600 before anything is written to it, so the file is private from its first byte.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    super::replace_atomically(path, |file| {
        use std::io::Write;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        file.write_all(bytes)
    })
    .map_err(|source| WriteError {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).expect("stat").permissions().mode() & 0o777
    }

    #[test]
    fn folders_are_0700_and_files_0600() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("data/app");
        create_private_dir(&dir).expect("made");
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&tmp.path().join("data")), 0o700);
        let file = dir.join("history.jsonl");
        write_private(&file, b"{}\n").expect("written");
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::read(&file).expect("read"), b"{}\n");
        // Rewriting keeps it private.
        write_private(&file, b"[]\n").expect("written");
        assert_eq!(mode(&file), 0o600);
    }

    #[test]
    fn an_open_folder_from_an_older_version_is_tightened() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("app");
        std::fs::create_dir(&dir).expect("made");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        create_private_dir(&dir).expect("tightened");
        assert_eq!(mode(&dir), 0o700);
        let file = dir.join("x.log");
        std::fs::write(&file, b"x").expect("write");
        make_private(&file).expect("chmod");
        assert_eq!(mode(&file), 0o600);
    }
}
