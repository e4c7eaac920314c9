//! A file's size, read on a short-lived thread so the window never waits on the disk
//! (a picked file may sit on a slow network share).

use std::sync::{Arc, OnceLock};

/// The size of one file, once read.
#[derive(Clone, Debug)]
pub struct FileSizeProbe {
    path: String,
    size: Arc<OnceLock<Result<u64, String>>>,
}

impl FileSizeProbe {
    /// Starts reading the size of the file at `path`.
    pub fn start(path: &str) -> Self {
        let size = Arc::new(OnceLock::new());
        let probe = FileSizeProbe {
            path: path.to_string(),
            size: Arc::clone(&size),
        };
        let path = path.to_string();
        let spawned = std::thread::Builder::new()
            .name("file-size".into())
            .spawn(move || {
                let result = match std::fs::metadata(&path) {
                    Ok(meta) if meta.is_file() => Ok(meta.len()),
                    Ok(_) => Err("not a file".to_string()),
                    Err(e) => Err(e.to_string()),
                };
                let _ = size.set(result);
            });
        if let Err(e) = spawned {
            let _ = probe.size.set(Err(e.to_string()));
        }
        probe
    }

    /// The file it reads.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The size in bytes, or why it could not be read; `None` while reading.
    pub fn result(&self) -> Option<&Result<u64, String>> {
        self.size.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_size_off_the_calling_thread() {
        let path = std::env::temp_dir().join(format!("file-size-{}.bin", std::process::id()));
        std::fs::write(&path, vec![0u8; 1234]).unwrap();
        let probe = FileSizeProbe::start(&path.to_string_lossy());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while probe.result().is_none() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(probe.result(), Some(&Ok(1234)));
        let missing = FileSizeProbe::start("/no/such/file.zip");
        while missing.result().is_none() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(matches!(missing.result(), Some(Err(_))));
        let _ = std::fs::remove_file(path);
    }
}
