//! Writing files safely: through a temporary file and a rename, so a failed write never
//! leaves half a file under the chosen name; where a path really leads ([`real_path`]);
//! the app's own folders and files private.

mod error;
mod private;
mod real_path;

use std::path::{Path, PathBuf};

pub use error::WriteError;
pub use private::{create_private_dir, make_private, write_private};
pub use real_path::real_path;

/// Writes `bytes` to `path` through a temporary file beside it and a rename, so a failed
/// write (or a crash, or a kill) never leaves half a file under the chosen name.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    replace_atomically(path, |file| {
        use std::io::Write;
        file.write_all(bytes)
    })
    .map_err(|source| WriteError {
        path: path.to_path_buf(),
        source,
    })
}

/// Copies the file `from` to `path` the same way (a body kept in a temporary file);
/// returns the bytes copied.
pub fn copy_file(from: &Path, path: &Path) -> Result<u64, WriteError> {
    let mut copied = 0;
    replace_atomically(path, |file| {
        copied = std::io::copy(&mut std::fs::File::open(from)?, file)?;
        Ok(())
    })
    .map_err(|source| WriteError {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(copied)
}

/// Writes `path` through `fill` into a temporary dotfile beside it (a name no other
/// writer, thread or process, uses), flushes it to disk, renames it over `path` and
/// flushes the folder, so `path` is always the old file or the new one, whole.
///
/// The folder must exist. Loaders skip dotfiles, so a temporary file left by a kill is
/// never read as data.
pub fn replace_atomically(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file")
    })?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("the folder {} does not exist", dir.display()),
        ));
    }
    let tmp = dir.join(format!(
        ".{}.part-{}-{}",
        name.to_string_lossy(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create_new(&tmp)?;
        fill(&mut file)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    if let Err(e) = write() {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // Make the rename itself durable where the platform can sync a folder.
    if let Ok(folder) = std::fs::File::open(&dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// A file name for a response body: from `Content-Disposition`, else the URL's last
/// path segment, else `response` with an extension from the content type.
pub fn suggested_file_name(
    content_disposition: Option<&str>,
    url: &str,
    content_type: Option<&str>,
) -> String {
    let safe = url::Url::parse(url)
        .ok()
        .and_then(|u| crate::http::suggested_file_name(content_disposition, &u))
        .unwrap_or_default();
    if !safe.is_empty() {
        if safe.contains('.') {
            return safe;
        }
        return format!("{safe}{}", extension_for(content_type));
    }
    format!("response{}", extension_for(content_type))
}

fn extension_for(content_type: Option<&str>) -> &'static str {
    let essence = content_type
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => ".json",
        "application/zip" => ".zip",
        "text/html" => ".html",
        "text/plain" => ".txt",
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        _ => ".bin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_disposition_then_url_then_type() {
        assert_eq!(
            suggested_file_name(
                Some("attachment; filename=\"AYON-1.0.tar.gz\""),
                "http://h/api/desktop/installers/x",
                None
            ),
            "AYON-1.0.tar.gz"
        );
        assert_eq!(
            suggested_file_name(None, "http://h/api/projects", Some("application/json")),
            "projects.json"
        );
        assert_eq!(suggested_file_name(None, "http://h/", None), "response.bin");
        assert_eq!(
            suggested_file_name(
                Some("attachment; filename=../../etc/passwd"),
                "http://h/",
                None
            ),
            "_.._etc_passwd"
        );
    }

    #[test]
    fn writes_whole_files_or_names_the_problem() {
        let dir = std::env::temp_dir().join(format!("are-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("body.bin");
        write_file(&path, b"\x00\x01binary").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"\x00\x01binary");
        let err = write_file(&dir.join("missing/x.bin"), b"x").unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert!(err.path.ends_with("missing/x.bin"), "{err:?}");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temp file left"
        );
    }
}
