//! Opening the database: a private file, WAL mode and a busy timeout for two windows at
//! once, a quick check, and a damaged file renamed aside instead of emptied.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, ffi::ErrorCode};

use super::AnswerStoreError;
use super::schema::{self, SCHEMA_VERSION};

/// How long a write waits for the other window's transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens (or creates) the database at `path`; a damaged one is set aside and a fresh one
/// started, with a warning that names both files.
pub(super) fn open_database(path: &Path) -> Result<(Connection, Option<String>), AnswerStoreError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    crate::files::create_private_dir(folder).map_err(|source| AnswerStoreError::Folder {
        path: folder.to_path_buf(),
        source,
    })?;
    let problem = match attempt(path) {
        Ok(conn) => return Ok((conn, None)),
        Err(Attempt::Failed(e)) => return Err(e),
        Err(Attempt::Damaged(problem)) => problem,
    };
    let aside = set_aside(path, &problem)?;
    match attempt(path) {
        Ok(conn) => Ok((
            conn,
            Some(format!(
                "The answer history {} was damaged ({problem}). It was set aside as {} and a new, empty one started.",
                path.display(),
                aside.display()
            )),
        )),
        Err(Attempt::Failed(e)) => Err(e),
        Err(Attempt::Damaged(again)) => Err(AnswerStoreError::File {
            path: path.to_path_buf(),
            source: std::io::Error::other(format!("a new database is damaged too: {again}")),
        }),
    }
}

/// Why an attempt to open failed.
enum Attempt {
    /// The file is not a sound database: set it aside.
    Damaged(String),
    /// Anything else: report it.
    Failed(AnswerStoreError),
}

fn attempt(path: &Path) -> Result<Connection, Attempt> {
    create_private_file(path).map_err(|source| {
        Attempt::Failed(AnswerStoreError::File {
            path: path.to_path_buf(),
            source,
        })
    })?;
    let failed =
        |operation: &'static str| move |source: rusqlite::Error| classify(path, operation, source);
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(failed("open it"))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(failed("set its busy timeout"))?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(failed("check it"))?;
    if check != "ok" {
        return Err(Attempt::Damaged(format!("its check says: {check}")));
    }
    // Readers never block the writer and a crash never leaves half an answer; where the
    // file system cannot do WAL, SQLite keeps its rollback journal, which is safe too.
    let _mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(failed("switch it to WAL mode"))?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(failed("set its sync mode"))?;
    let found = schema::prepare(&mut conn).map_err(failed("create its tables"))?;
    if found > SCHEMA_VERSION {
        return Err(Attempt::Failed(AnswerStoreError::NewerSchema {
            path: path.to_path_buf(),
            found,
            known: SCHEMA_VERSION,
        }));
    }
    Ok(conn)
}

/// A "not a database" or "malformed" answer means a damaged file; anything else (no
/// access, locked, full disk) is reported as it is.
fn classify(path: &Path, operation: &'static str, source: rusqlite::Error) -> Attempt {
    match source.sqlite_error_code() {
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
            Attempt::Damaged(source.to_string())
        }
        _ => Attempt::Failed(AnswerStoreError::Database {
            path: path.to_path_buf(),
            operation,
            source,
        }),
    }
}

/// Creates the file 0600 before SQLite touches it (its `-wal` and `-shm` files take the
/// same mode), and tightens an existing one; also proves the file can be written.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    drop(options.open(path)?);
    crate::files::make_private(path)
}

/// Renames the damaged database and its `-wal` and `-shm` files to `NAME.broken-UNIXTIME`
/// (`-wal`, `-shm`), so the damaged copy still opens with its journal; returns the name.
fn set_aside(path: &Path, problem: &str) -> Result<PathBuf, AnswerStoreError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "answers".into());
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut aside_name = format!("{name}.broken-{stamp}");
    let mut n = 1;
    while path.with_file_name(&aside_name).exists() {
        n += 1;
        aside_name = format!("{name}.broken-{stamp}-{n}");
    }
    let aside = path.with_file_name(&aside_name);
    let failed = |source| AnswerStoreError::SetAside {
        path: path.to_path_buf(),
        aside: aside.clone(),
        problem: problem.to_string(),
        source,
    };
    std::fs::rename(path, &aside).map_err(failed)?;
    // A journal left beside a new database would be replayed into it: move it along.
    for suffix in ["-wal", "-shm"] {
        let journal = path.with_file_name(format!("{name}{suffix}"));
        if journal.exists() {
            std::fs::rename(
                &journal,
                path.with_file_name(format!("{aside_name}{suffix}")),
            )
            .map_err(failed)?;
        }
    }
    Ok(aside)
}
