//! Where a response body goes: memory, a temporary file (large or binary bodies), or a
//! file the user chose. A download is written to a new `.part` file of its own beside
//! its final name (created exclusively, under a unique name: never an existing file or a
//! symlink planted there, never shared by two downloads of one name) and moved to its
//! name only when complete and only if nothing has that name then, so an interrupted
//! download never looks finished and nothing is ever replaced or written through a link.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the engine puts the response body.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ResponseSink {
    /// In memory, up to the request's `max_body_bytes`.
    #[default]
    Memory,
    /// In memory up to `threshold` bytes; larger or binary bodies go to a temporary file
    /// in `dir`, deleted when the response is dropped.
    Spill {
        /// The largest body kept in memory.
        threshold: u64,
        /// Where temporary files go.
        dir: PathBuf,
    },
    /// To this file, which must not exist yet: a file (or symlink) of that name is never
    /// replaced.
    File(PathBuf),
    /// Into this folder, named after `Content-Disposition` (or the URL's last segment);
    /// an existing file is never replaced: ` (1)`, ` (2)`… is added instead.
    IntoFolder(PathBuf),
}

/// A response body that lives on disk.
#[derive(Clone, Debug)]
pub struct BodyFile {
    /// The file.
    pub path: PathBuf,
    /// Its length.
    pub len: u64,
    /// Keeps a temporary file alive; it is deleted when the last clone is dropped.
    temp: Option<Arc<tempfile::TempPath>>,
}

impl BodyFile {
    /// Whether this is a temporary file (deleted with the response), not a saved one.
    pub fn is_temporary(&self) -> bool {
        self.temp.is_some()
    }
}

/// An open file a body is being written to. Network chunks are gathered, without
/// copying, into batches of about a megabyte, each written with one vectored call on the
/// thread that read them (the runtime moves its other tasks away meanwhile): handing each
/// batch to a writer thread cost two threads per download, which on a two-core machine
/// fought the server and the network for the cores.
pub(crate) struct FileWriter {
    /// The open file (`None` only while a batch is being written off the runtime).
    file: Option<std::fs::File>,
    /// Network chunks gathered into one write per MB.
    pending: Vec<bytes::Bytes>,
    /// Bytes in `pending`.
    pending_len: usize,
    /// Where it is being written: a file of its own, deleted when dropped unfinished.
    part: tempfile::TempPath,
    /// Where it goes when complete (`None`: it stays a temporary file).
    destination: Option<Placement>,
    written: u64,
}

/// Where a finished download goes. Never over an existing name: the file is moved there
/// only if nothing (no file, no symlink) has that name at that moment.
#[derive(Debug)]
enum Placement {
    /// Exactly this path; a download whose name is taken fails, replacing nothing.
    Exactly(PathBuf),
    /// Into this folder, under this name or the first free `stem (n).ext`.
    InFolder {
        /// The folder.
        dir: PathBuf,
        /// The name wanted.
        name: String,
        /// The name free when the download started (named while it runs).
        planned: PathBuf,
    },
}

/// Big writes keep the disk calls and thread hand-overs few.
const WRITE_BUFFER: usize = 1024 * 1024;

/// Writes a batch of chunks with as few system calls as the platform allows (vectored).
fn write_batch(out: &mut std::fs::File, batch: &[bytes::Bytes]) -> std::io::Result<()> {
    use std::io::{IoSlice, Write};
    let mut slices: Vec<IoSlice<'_>> = batch.iter().map(|c| IoSlice::new(c)).collect();
    let mut rest: &mut [IoSlice<'_>] = &mut slices;
    while !rest.is_empty() {
        match out.write_vectored(rest) {
            Ok(0) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::WriteZero,
                    "the file took no more bytes",
                ));
            }
            Ok(n) => IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Free names tried when the ones before were taken while a download ran.
const PLACE_TRIES: usize = 64;

impl FileWriter {
    fn spawn(
        file: std::fs::File,
        part: tempfile::TempPath,
        destination: Option<Placement>,
    ) -> FileWriter {
        FileWriter {
            file: Some(file),
            pending: Vec::new(),
            pending_len: 0,
            part,
            destination,
            written: 0,
        }
    }

    /// A temporary file in `dir`.
    pub(crate) async fn temporary(dir: &Path) -> std::io::Result<FileWriter> {
        let dir = dir.to_path_buf();
        let named = tokio::task::spawn_blocking(move || {
            tempfile::Builder::new()
                .prefix("ayon-response-")
                .tempfile_in(dir)
        })
        .await
        .map_err(std::io::Error::other)??;
        let (file, temp) = named.into_parts();
        Ok(Self::spawn(file, temp, None))
    }

    /// `destination`, written to a new `.part` file beside it until complete, then moved
    /// there only if that name is still free.
    pub(crate) async fn to_path(destination: &Path) -> std::io::Result<FileWriter> {
        let name = destination.file_name().ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file")
        })?;
        let name = name.to_string_lossy().into_owned();
        let dir = match destination.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let placement = Placement::Exactly(destination.to_path_buf());
        Self::beside(dir, name, placement).await
    }

    /// Into `dir` as `name` (or the first free `stem (n).ext`), written to a new `.part`
    /// file there until complete.
    pub(crate) async fn into_folder(dir: &Path, name: &str) -> std::io::Result<FileWriter> {
        let placement = Placement::InFolder {
            dir: dir.to_path_buf(),
            name: name.to_owned(),
            planned: unused_path(dir, name),
        };
        Self::beside(dir.to_path_buf(), name.to_owned(), placement).await
    }

    /// A new `.part` file in `dir` for a download named `name`.
    async fn beside(dir: PathBuf, name: String, placement: Placement) -> std::io::Result<Self> {
        let named = tokio::task::spawn_blocking(move || new_part(&dir, &name))
            .await
            .map_err(std::io::Error::other)??;
        let (file, part) = named.into_parts();
        Ok(Self::spawn(file, part, Some(placement)))
    }

    /// Appends a chunk.
    pub(crate) async fn write(&mut self, chunk: bytes::Bytes) -> std::io::Result<()> {
        self.written += chunk.len() as u64;
        self.pending_len += chunk.len();
        self.pending.push(chunk);
        if self.pending_len >= WRITE_BUFFER {
            let batch = std::mem::take(&mut self.pending);
            self.pending_len = 0;
            return self.hand_over(batch).await;
        }
        Ok(())
    }

    /// Writes a batch: in place on a multi-threaded runtime (`block_in_place` lets its
    /// other tasks run elsewhere meanwhile), else on the blocking pool.
    async fn hand_over(&mut self, batch: Vec<bytes::Bytes>) -> std::io::Result<()> {
        let Some(mut file) = self.file.take() else {
            return Err(std::io::Error::other("an earlier write failed"));
        };
        let multi_threaded = tokio::runtime::Handle::current().runtime_flavor()
            == tokio::runtime::RuntimeFlavor::MultiThread;
        let (file, result) = if multi_threaded {
            let result = tokio::task::block_in_place(|| write_batch(&mut file, &batch));
            (file, result)
        } else {
            tokio::task::spawn_blocking(move || {
                let result = write_batch(&mut file, &batch);
                (file, result)
            })
            .await
            .map_err(std::io::Error::other)?
        };
        result?;
        self.file = Some(file);
        Ok(())
    }

    /// Waits for the last write, and moves a `.part` file to its final name (never over
    /// an existing one). No fsync: a download cut by a crash is simply fetched again, and
    /// syncing gigabytes would slow every download.
    pub(crate) async fn finish(mut self) -> std::io::Result<BodyFile> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.pending_len = 0;
            self.hand_over(rest).await?;
        }
        // Closed before it is moved into place.
        drop(self.file.take());
        let FileWriter {
            part,
            destination,
            written,
            ..
        } = self;
        match destination {
            Some(placement) => {
                let path = tokio::task::spawn_blocking(move || place(part, &placement))
                    .await
                    .map_err(std::io::Error::other)??;
                Ok(BodyFile {
                    path,
                    len: written,
                    temp: None,
                })
            }
            None => Ok(BodyFile {
                path: part.to_path_buf(),
                len: written,
                temp: Some(Arc::new(part)),
            }),
        }
    }

    /// Removes what was written (the `.part` or temporary file goes with its `TempPath`).
    pub(crate) async fn discard(mut self) {
        drop(self.file.take());
    }

    /// Where the bytes are going.
    pub(crate) fn describe(&self) -> String {
        match &self.destination {
            Some(Placement::Exactly(path)) => path.display().to_string(),
            Some(Placement::InFolder { planned, .. }) => planned.display().to_string(),
            None => self.part.display().to_string(),
        }
    }
}

/// A new file in `dir` for the download `name`, of a name no other download uses
/// (`.NAME.XXXXXX.part`), created exclusively: never an existing file, never through a
/// symlink planted there.
fn new_part(dir: &Path, name: &str) -> std::io::Result<tempfile::NamedTempFile> {
    // Room for the random part and the suffix within a file name's limit.
    let short: String = name.chars().take(100).collect();
    let prefix = format!(".{short}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".part");
    #[cfg(unix)]
    {
        // As a plain create would: readable as the user's umask says (not 0600).
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Moves the finished `part` to where `placement` says, never over an existing name (a
/// file, or a symlink, is neither replaced nor followed); returns where it went.
fn place(part: tempfile::TempPath, placement: &Placement) -> std::io::Result<PathBuf> {
    match placement {
        Placement::Exactly(path) => match part.persist_noclobber(path) {
            Ok(()) => Ok(path.clone()),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "something of that name is already there; it was not replaced",
                ))
            }
            Err(e) => Err(e.error),
        },
        Placement::InFolder { dir, name, .. } => {
            let mut part = part;
            for _ in 0..PLACE_TRIES {
                let path = unused_path(dir, name);
                match part.persist_noclobber(&path) {
                    Ok(()) => return Ok(path),
                    // Taken since it was looked at (another download of that name): the
                    // next free name.
                    Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                        part = e.path;
                    }
                    Err(e) => return Err(e.error),
                }
            }
            Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("no free name for {name} was left in {}", dir.display()),
            ))
        }
    }
}

/// Whether a body of this media type is meant to be read as text (JSON, XML, YAML…).
/// A missing type counts as text: AYON's errors and many small answers come without one.
pub fn is_textual(content_type: Option<&str>) -> bool {
    let Some(content_type) = content_type else {
        return true;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("text/")
        || essence.ends_with("+json")
        || essence.ends_with("+xml")
        || matches!(
            essence.as_str(),
            "application/json"
                | "application/xml"
                | "application/javascript"
                | "application/yaml"
                | "application/x-yaml"
                | "application/graphql"
                | "application/x-www-form-urlencoded"
                | "application/problem+json"
                | ""
        )
}

/// The file name a response suggests: `Content-Disposition`'s `filename*` or `filename`,
/// else the URL's last path segment. Never a path: separators and leading dots are
/// removed.
pub fn suggested_file_name(content_disposition: Option<&str>, url: &url::Url) -> Option<String> {
    let from_header = content_disposition.and_then(file_name_from_disposition);
    let from_url = || {
        url.path_segments()
            .and_then(|mut s| s.next_back())
            .filter(|s| !s.is_empty())
            .map(|s| percent_decode(s).unwrap_or_else(|| s.to_string()))
    };
    let raw = from_header.or_else(from_url)?;
    let clean: String = raw
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '\0' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    (!clean.is_empty()).then_some(clean)
}

fn file_name_from_disposition(header: &str) -> Option<String> {
    let mut plain = None;
    for param in header.split(';').skip(1) {
        let Some((key, value)) = param.split_once('=') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim();
        if key == "filename*" {
            // RFC 5987: charset'language'percent-encoded
            let encoded = value.splitn(3, '\'').nth(2).unwrap_or(value);
            if let Some(decoded) = percent_decode(encoded) {
                return Some(decoded);
            }
        } else if key == "filename" {
            plain = Some(value.trim_matches('"').to_string());
        }
    }
    plain.filter(|n| !n.is_empty())
}

/// `%XX` escapes decoded; `None` when the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// `dir/name`, or `dir/stem (1).ext`, `(2)`… when taken (by anything: a file, a folder,
/// or a symlink, even one that leads nowhere).
pub fn unused_path(dir: &Path, name: &str) -> PathBuf {
    let taken = |path: &Path| path.symlink_metadata().is_ok();
    let first = dir.join(name);
    if !taken(&first) {
        return first;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, format!(".{ext}")),
        _ => (name, String::new()),
    };
    (1..10_000)
        .map(|i| dir.join(format!("{stem} ({i}){ext}")))
        .find(|p| !taken(p))
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_content_disposition_then_url() {
        let url = url::Url::parse("http://h/api/desktop/installers/AYON%201.0.exe").unwrap();
        let name = |cd: Option<&str>, url: &url::Url| suggested_file_name(cd, url).unwrap();
        assert_eq!(
            name(Some("attachment; filename=\"dep.zip\""), &url),
            "dep.zip"
        );
        assert_eq!(
            name(
                Some("attachment; filename=\"x.zip\"; filename*=UTF-8''na%C3%AFve.zip"),
                &url
            ),
            "naïve.zip"
        );
        assert_eq!(name(None, &url), "AYON 1.0.exe");
        assert_eq!(
            name(Some("attachment; filename=\"../../etc/passwd\""), &url),
            "_.._etc_passwd"
        );
        let root = url::Url::parse("http://h/").unwrap();
        assert_eq!(suggested_file_name(None, &root), None);
    }

    #[test]
    fn binary_types_are_told_from_text() {
        assert!(is_textual(Some("application/json")));
        assert!(is_textual(Some("text/html; charset=utf-8")));
        assert!(is_textual(None));
        assert!(is_textual(Some("application/vnd.api+json")));
        assert!(!is_textual(Some("application/zip")));
        assert!(!is_textual(Some("application/octet-stream")));
        assert!(!is_textual(Some("image/png")));
    }

    #[test]
    fn taken_names_get_a_number() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(unused_path(dir.path(), "a.zip"), dir.path().join("a.zip"));
        std::fs::write(dir.path().join("a.zip"), b"x").unwrap();
        std::fs::write(dir.path().join("a (1).zip"), b"x").unwrap();
        assert_eq!(
            unused_path(dir.path(), "a.zip"),
            dir.path().join("a (2).zip")
        );
    }
}
