//! The database's tables and their version, kept in `PRAGMA user_version` so a later
//! version of the app can migrate them.

use rusqlite::{Connection, TransactionBehavior};

/// The schema this version of the app writes.
pub(super) const SCHEMA_VERSION: i64 = 1;

/// Version 1: one row per answer, the compressed body last so listing never reads it.
const CREATE_V1: &str = "
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_key TEXT NOT NULL,
    time_ms INTEGER NOT NULL,
    method TEXT NOT NULL,
    url TEXT NOT NULL,
    status INTEGER,
    duration_ms INTEGER NOT NULL,
    size INTEGER NOT NULL,
    stored_bytes INTEGER NOT NULL,
    environment TEXT,
    server TEXT,
    kept INTEGER NOT NULL,
    head INTEGER NOT NULL,
    tail INTEGER NOT NULL,
    content_type TEXT,
    request_json TEXT NOT NULL,
    headers_json TEXT NOT NULL,
    body BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_request ON answers (request_key, time_ms, id);
CREATE INDEX IF NOT EXISTS answers_by_age ON answers (time_ms, id, stored_bytes);
";

/// Creates the tables in a new database and returns the schema version found, which may
/// be newer than [`SCHEMA_VERSION`] (the caller refuses it).
pub(super) fn prepare(conn: &mut Connection) -> rusqlite::Result<i64> {
    let version = user_version(conn)?;
    if version != 0 {
        return Ok(version);
    }
    // Pages freed by forgetting answers can go back to the system; only settable before
    // the first table exists.
    conn.execute_batch("PRAGMA auto_vacuum = INCREMENTAL;")?;
    // Another window may be creating it at the same moment: look again under the lock.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version = user_version(&tx)?;
    if version == 0 {
        tx.execute_batch(CREATE_V1)?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    }
    tx.commit()?;
    Ok(version.max(SCHEMA_VERSION))
}

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}
