//! Making room: the oldest answers go first, per request and then overall. "Oldest" is
//! the earliest time, then the lowest id.

use rusqlite::{Connection, params};

/// Keeps the newest `keep` answers of `request_key`; returns how many went.
pub(super) fn keep_newest_of(
    conn: &Connection,
    request_key: &str,
    keep: usize,
) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM answers WHERE request_key = ?1 AND id NOT IN (
             SELECT id FROM answers WHERE request_key = ?1
             ORDER BY time_ms DESC, id DESC LIMIT ?2)",
        params![request_key, super::row::clamp(keep as u64)],
    )
}

/// Keeps the newest `keep` answers of every request; returns how many went.
pub(super) fn keep_newest_everywhere(conn: &Connection, keep: usize) -> rusqlite::Result<usize> {
    conn.execute(
        "DELETE FROM answers WHERE id IN (
             SELECT id FROM (
                 SELECT id, ROW_NUMBER() OVER (
                     PARTITION BY request_key ORDER BY time_ms DESC, id DESC) AS newer
                 FROM answers)
             WHERE newer > ?1)",
        params![super::row::clamp(keep as u64)],
    )
}

/// The stored bytes of every answer.
pub(super) fn total(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COALESCE(SUM(stored_bytes), 0) FROM answers",
        [],
        |row| row.get(0),
    )
}

/// Removes the oldest answers while the stored bytes exceed `limit`, sparing `spare` (the
/// answer just recorded); returns how many went.
pub(super) fn keep_under_total(
    conn: &Connection,
    limit: u64,
    spare: Option<i64>,
) -> rusqlite::Result<usize> {
    let limit = super::row::clamp(limit);
    let mut over = total(conn)?.saturating_sub(limit);
    if over <= 0 {
        return Ok(0);
    }
    let mut doomed = Vec::new();
    {
        let mut oldest =
            conn.prepare("SELECT id, stored_bytes FROM answers ORDER BY time_ms, id")?;
        let mut rows = oldest.query([])?;
        while over > 0 {
            let Some(row) = rows.next()? else { break };
            let id: i64 = row.get(0)?;
            if Some(id) == spare {
                continue;
            }
            over = over.saturating_sub(row.get::<_, i64>(1)?.max(0));
            doomed.push(id);
        }
    }
    let mut delete = conn.prepare("DELETE FROM answers WHERE id = ?1")?;
    for id in &doomed {
        delete.execute([id])?;
    }
    Ok(doomed.len())
}
