//! Log files readable by this user only (0600 on Unix). The rolling appender creates each
//! day's file with the default mode; this writer wraps it and makes the files of its
//! folder private when it starts and whenever the day (UTC, as the appender counts it)
//! changes, which is when the appender opens a new file. The folder itself is 0700, so
//! nobody else can open a file in the moment before.

use std::io::Write;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

/// A writer that keeps the log files of `dir` whose names start with `prefix` private.
pub(super) struct PrivateFiles<W> {
    inner: W,
    dir: PathBuf,
    prefix: &'static str,
    day: u64,
}

impl<W: Write> PrivateFiles<W> {
    /// Wraps `inner`, making the files there now private.
    pub(super) fn new(inner: W, dir: PathBuf, prefix: &'static str) -> Self {
        let files = PrivateFiles {
            inner,
            dir,
            prefix,
            day: today(),
        };
        files.tighten();
        files
    }

    fn tighten(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let ours = entry
                .file_name()
                .to_str()
                .is_some_and(|name| name.starts_with(self.prefix));
            let file = entry.file_type().is_ok_and(|t| t.is_file());
            if ours && file {
                // Best effort: a file that cannot be changed is still inside a 0700 folder.
                let _ = crate::files::make_private(&entry.path());
            }
        }
    }
}

impl<W: Write> Write for PrivateFiles<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        let now = today();
        if now != self.day {
            self.day = now;
            self.tighten();
        }
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Days since the Unix epoch, UTC.
fn today() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400)
}
