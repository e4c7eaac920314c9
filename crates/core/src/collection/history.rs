//! The history of sent requests, in the user's data directory (never in the collection),
//! as JSON lines, capped (oldest dropped), secret values redacted before they are stored.
//! A file that does not parse is renamed aside and reported; it never crashes the app.

mod error;
mod redact;
mod snapshot;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use error::HistoryError;
use error::ParseError;
pub use redact::{REDACTED, redact, redact_named};
pub use snapshot::{reopen_snapshot, request_snapshot};

/// How many entries are kept unless told otherwise.
pub const DEFAULT_CAP: usize = 1000;

/// One sent request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When it was sent (seconds since the Unix epoch).
    pub time: u64,
    /// Method (`GET`).
    pub method: String,
    /// URL, secret values replaced (by `{{name}}` or [`REDACTED`]).
    pub url: String,
    /// HTTP status, when a response came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// How long it took.
    pub duration_ms: u64,
    /// Why it failed, when it did (redacted too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The whole request as sent, as request-file text with secrets masked (see
    /// [`request_snapshot`]); entries written before it existed have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// The saved request's name, when it was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The environment active when it was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
}

impl HistoryEntry {
    /// An entry stamped now, with `secrets` redacted from the URL and the error.
    pub fn now(
        method: impl Into<String>,
        url: &str,
        status: Option<u16>,
        duration_ms: u64,
        error: Option<&str>,
        secrets: &[String],
    ) -> Self {
        let time = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        HistoryEntry {
            time,
            method: method.into(),
            url: url.to_string(),
            status,
            duration_ms,
            error: error.map(str::to_string),
            request: None,
            name: None,
            environment: None,
        }
        .redacted(secrets)
    }

    /// This entry with `secrets` redacted from the URL and the error.
    pub fn redacted(mut self, secrets: &[String]) -> Self {
        self.url = redact(&self.url, secrets);
        self.error = self.error.map(|e| redact(&e, secrets));
        self.request = self.request.map(|r| redact(&r, secrets));
        self
    }

    /// The draft this entry reopens as: the whole request when it was kept, else its
    /// method and URL.
    pub fn reopen(&self) -> crate::request::RequestDraft {
        if let Some(draft) = self
            .request
            .as_deref()
            .and_then(|r| reopen_snapshot(r).ok())
        {
            return draft;
        }
        let method = crate::http::HttpMethod::ALL
            .into_iter()
            .find(|m| m.as_str() == self.method)
            .unwrap_or_default();
        crate::request::RequestDraft {
            method,
            ..crate::request::RequestDraft::get(&self.url)
        }
    }

    /// Whether the sidebar filter `query` matches (case-insensitive, on method, URL,
    /// status and error).
    pub fn matches(&self, query: &str) -> bool {
        let query = query.trim().to_lowercase();
        if query.is_empty() {
            return true;
        }
        let status = self.status.map(|s| s.to_string()).unwrap_or_default();
        [
            self.method.as_str(),
            self.url.as_str(),
            status.as_str(),
            self.error.as_deref().unwrap_or(""),
            self.name.as_deref().unwrap_or(""),
            self.environment.as_deref().unwrap_or(""),
        ]
        .iter()
        .any(|field| field.to_lowercase().contains(&query))
    }
}

/// The history file and its entries (oldest first).
#[derive(Clone, Debug)]
pub struct History {
    path: PathBuf,
    cap: usize,
    entries: Vec<HistoryEntry>,
}

/// What [`History::load`] found.
#[derive(Clone, Debug)]
pub struct LoadedHistory {
    /// The history (empty when the file was missing or set aside).
    pub history: History,
    /// A message for the user when the file could not be used.
    pub warning: Option<String>,
}

impl History {
    /// An empty history stored at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        History {
            path: path.into(),
            cap: DEFAULT_CAP,
            entries: Vec::new(),
        }
    }

    /// Loads `path`. A missing file gives an empty history; one that does not parse is
    /// renamed to `NAME.broken-TIME` and reported.
    pub fn load(path: impl Into<PathBuf>) -> LoadedHistory {
        let mut history = History::new(path);
        let bytes = match std::fs::read(&history.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return LoadedHistory {
                    history,
                    warning: None,
                };
            }
            Err(e) => {
                let warning = format!(
                    "The history file {} cannot be read ({e}); history starts empty.",
                    history.path.display()
                );
                return LoadedHistory {
                    history,
                    warning: Some(warning),
                };
            }
        };
        match parse(&bytes) {
            Ok(entries) => {
                history.entries = entries;
                history.trim();
                LoadedHistory {
                    history,
                    warning: None,
                }
            }
            Err(reason) => {
                let warning = set_aside(&history.path, &reason);
                LoadedHistory {
                    history,
                    warning: Some(warning),
                }
            }
        }
    }

    /// Keeps at most `cap` entries (at least 1).
    pub fn with_cap(mut self, cap: usize) -> Self {
        self.cap = cap.max(1);
        self.trim();
        self
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The cap.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// Entries, oldest first.
    pub fn entries(&self) -> &[HistoryEntry] {
        &self.entries
    }

    /// Entries matching `query`, newest first (the sidebar's order).
    pub fn filtered<'a>(&'a self, query: &'a str) -> impl Iterator<Item = &'a HistoryEntry> {
        self.entries.iter().rev().filter(move |e| e.matches(query))
    }

    /// Adds `entry` (drops the oldest past the cap) and writes the file.
    /// The caller redacts first ([`HistoryEntry::now`] or [`HistoryEntry::redacted`]).
    pub fn append(&mut self, entry: HistoryEntry) -> Result<(), HistoryError> {
        self.entries.push(entry);
        self.trim();
        self.save()
    }

    /// Removes every entry and writes the (empty) file.
    pub fn clear(&mut self) -> Result<(), HistoryError> {
        self.entries.clear();
        self.save()
    }

    /// Writes the file through a temp file and a rename.
    pub fn save(&self) -> Result<(), HistoryError> {
        let mut out = Vec::new();
        for e in &self.entries {
            let line = serde_json::to_vec(e).map_err(HistoryError::Encode)?;
            out.extend_from_slice(&line);
            out.push(b'\n');
        }
        // The app's data folder and its history: this user's only (0700, 0600).
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::files::create_private_dir(dir).map_err(|source| HistoryError::CreateFolder {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        Ok(crate::files::write_private(&self.path, &out)?)
    }

    fn trim(&mut self) {
        if self.entries.len() > self.cap {
            let extra = self.entries.len() - self.cap;
            self.entries.drain(..extra);
        }
    }
}

fn parse(bytes: &[u8]) -> Result<Vec<HistoryEntry>, ParseError> {
    let text = std::str::from_utf8(bytes).map_err(ParseError::NotUtf8)?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|source| ParseError::Line {
                line: i + 1,
                source,
            })
        })
        .collect()
}

fn set_aside(path: &Path, reason: &ParseError) -> String {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "history".into());
    let aside = path.with_file_name(format!("{name}.broken-{stamp}"));
    match std::fs::rename(path, &aside) {
        Ok(()) => format!(
            "The history file {} does not parse ({reason}); it was kept as {} and history \
             starts empty.",
            path.display(),
            aside.display()
        ),
        Err(e) => format!(
            "The history file {} does not parse ({reason}) and could not be set aside ({e}); \
             history starts empty.",
            path.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(i: u64) -> HistoryEntry {
        HistoryEntry {
            time: i,
            method: "GET".into(),
            url: format!("/api/{i}"),
            status: Some(200),
            duration_ms: 3,
            error: None,
            request: None,
            name: None,
            environment: None,
        }
    }

    #[test]
    fn cap_drops_oldest_and_corrupt_files_are_set_aside() {
        let dir = std::env::temp_dir().join(format!("are-history-unit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("history.jsonl");
        let mut h = History::load(&path).history.with_cap(3);
        for i in 0..5 {
            h.append(entry(i)).unwrap();
        }
        let times: Vec<u64> = h.entries().iter().map(|e| e.time).collect();
        assert_eq!(times, vec![2, 3, 4]);
        let again = History::load(&path);
        assert_eq!(again.warning, None);
        assert_eq!(again.history.entries(), h.entries());
        assert_eq!(h.filtered("/api/3").count(), 1);
        assert_eq!(h.filtered("").next().map(|e| e.time), Some(4));

        std::fs::write(&path, b"{\"time\": 1}\nnot json\n").unwrap();
        let broken = History::load(&path);
        assert!(broken.history.entries().is_empty());
        let warning = broken.warning.unwrap();
        assert!(warning.contains("line 1"), "{warning}");
        assert!(!path.exists());
        let kept = std::fs::read_dir(&dir).unwrap().flatten().any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("history.jsonl.broken-")
        });
        assert!(kept);
        let _ = std::fs::remove_dir_all(dir);
    }
}
