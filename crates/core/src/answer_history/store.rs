//! The answer history database: record, list, load, forget.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::row::{self, SUMMARY_COLUMNS, SUMMARY_COUNT};
use super::{AnswerStoreError, AnswerSummary, Limits, NewAnswer, StoredAnswer, compress, evict};

/// Bytes counted for a row beside its texts and body: ids, numbers and SQLite's own.
const ROW_OVERHEAD: u64 = 64;

/// The answers of every request, in one SQLite database. One per window; two windows
/// (two processes) may open the same file.
#[derive(Debug)]
pub struct AnswerStore {
    conn: Connection,
    path: PathBuf,
    limits: Limits,
}

/// A store just opened, and what the user should be told about it.
#[derive(Debug)]
pub struct OpenedStore {
    /// The store, ready.
    pub store: AnswerStore,
    /// Set when the database was damaged: it names the damaged file, renamed aside, and
    /// the new one started in its place.
    pub warning: Option<String>,
}

impl AnswerStore {
    /// Opens the database at `path`, creating it and its folder private to the user (0700
    /// folder, 0600 file on Unix). A damaged database is renamed to `NAME.broken-UNIXTIME`
    /// and a new one started, with a warning; a folder or file that cannot be reached or
    /// written is an error naming it. Checks the whole file, so a big history takes a
    /// moment: open it off the UI thread.
    pub fn open(path: &Path, limits: Limits) -> Result<OpenedStore, AnswerStoreError> {
        let (conn, warning) = super::open::open_database(path)?;
        Ok(OpenedStore {
            store: Self {
                conn,
                path: path.to_path_buf(),
                limits,
            },
            warning,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Changes the limits and applies them at once: answers over the new limits go, the
    /// oldest first.
    pub fn set_limits(&mut self, limits: Limits) -> Result<(), AnswerStoreError> {
        let failed = self.failed("apply the new limits");
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&failed)?;
        evict::keep_newest_everywhere(&tx, limits.kept_per_request()).map_err(&failed)?;
        evict::keep_under_total(&tx, limits.total_bytes, None).map_err(&failed)?;
        tx.commit().map_err(&failed)?;
        self.limits = limits;
        self.give_back_space();
        Ok(())
    }

    /// Records an answer, already masked by the caller, and returns its id. Then the
    /// oldest answers of the same request beyond the per-request limit go, and the oldest
    /// overall while the stored bytes are over the total; all in one transaction.
    pub fn record(&mut self, answer: &NewAnswer<'_>) -> Result<i64, AnswerStoreError> {
        // Compress before taking the lock, so the other window waits for the write only.
        let packed = compress::pack(&answer.body, self.limits.body_cap, self.limits.keep_bodies)?;
        let headers_json = serde_json::to_string(answer.headers)
            .map_err(|e| AnswerStoreError::Compress { source: e.into() })?;
        let texts = [
            answer.request_key,
            answer.method,
            answer.url,
            answer.environment.unwrap_or(""),
            answer.server.unwrap_or(""),
            answer.content_type.unwrap_or(""),
            answer.request_json,
            &headers_json,
        ];
        let stored = ROW_OVERHEAD
            + packed.compressed.len() as u64
            + texts.iter().map(|t| t.len() as u64).sum::<u64>();
        let (kept, head, tail) = row::kept_columns(packed.kept, packed.size);
        let limits = self.limits;
        let failed = self.failed("record an answer");
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&failed)?;
        tx.execute(
            "INSERT INTO answers (request_key, time_ms, method, url, status, duration_ms,
                 size, stored_bytes, environment, server, kept, head, tail, content_type,
                 request_json, headers_json, body)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            params![
                answer.request_key,
                answer.time_ms,
                answer.method,
                answer.url,
                answer.status,
                row::clamp(answer.duration_ms),
                row::clamp(packed.size),
                row::clamp(stored),
                answer.environment,
                answer.server,
                kept,
                head,
                tail,
                answer.content_type,
                answer.request_json,
                headers_json,
                packed.compressed,
            ],
        )
        .map_err(&failed)?;
        let id = tx.last_insert_rowid();
        evict::keep_newest_of(&tx, answer.request_key, limits.kept_per_request())
            .map_err(&failed)?;
        evict::keep_under_total(&tx, limits.total_bytes, Some(id)).map_err(&failed)?;
        tx.commit().map_err(&failed)?;
        Ok(id)
    }

    /// The answers of `request_key`, newest first, without their bodies. A row that does
    /// not read back is an error naming its id, never a guess.
    pub fn list(&self, request_key: &str) -> Result<Vec<AnswerSummary>, AnswerStoreError> {
        let failed = self.failed("list answers");
        let mut query = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM answers WHERE request_key = ?1
                 ORDER BY time_ms DESC, id DESC"
            ))
            .map_err(&failed)?;
        let mut rows = query.query([request_key]).map_err(&failed)?;
        let mut answers = Vec::new();
        while let Some(found) = rows.next().map_err(&failed)? {
            answers.push(row::summary(found).map_err(|bad| self.damaged(bad.id, bad.problem))?);
        }
        Ok(answers)
    }

    /// One past answer with its request, headers and body.
    pub fn load(&self, id: i64) -> Result<StoredAnswer, AnswerStoreError> {
        let failed = self.failed("open an answer");
        let mut query = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS}, request_json, headers_json, body
                 FROM answers WHERE id = ?1"
            ))
            .map_err(&failed)?;
        let found = query
            .query_row([id], |found| {
                let summary = row::summary(found);
                let rest = (
                    found.get::<_, String>(SUMMARY_COUNT),
                    found.get::<_, String>(SUMMARY_COUNT + 1),
                    found.get::<_, Vec<u8>>(SUMMARY_COUNT + 2),
                );
                Ok((summary, rest))
            })
            .optional()
            .map_err(&failed)?;
        let Some((summary, (request_json, headers_json, compressed))) = found else {
            return Err(AnswerStoreError::NotFound {
                path: self.path.clone(),
                id,
            });
        };
        let summary = summary.map_err(|bad| self.damaged(id, bad.problem))?;
        let column = |e: rusqlite::Error| self.damaged(id, e.to_string());
        let request_json = request_json.map_err(column)?;
        let headers_json = headers_json.map_err(column)?;
        let compressed = compressed.map_err(column)?;
        let headers: Vec<(String, String)> = serde_json::from_str(&headers_json)
            .map_err(|e| self.damaged(id, format!("its headers do not read: {e}")))?;
        let body = compress::unpack(&compressed, row::kept_len(&summary))
            .map_err(|problem| self.damaged(id, problem))?;
        Ok(StoredAnswer {
            summary,
            request_json,
            headers,
            body,
        })
    }

    /// Forgets every answer of `request_key` (the request was deleted); returns how many.
    pub fn forget_request(&mut self, request_key: &str) -> Result<usize, AnswerStoreError> {
        let gone = self
            .conn
            .execute("DELETE FROM answers WHERE request_key = ?1", [request_key])
            .map_err(self.failed("forget a request's answers"))?;
        self.give_back_space();
        Ok(gone)
    }

    /// Forgets every answer.
    pub fn clear(&mut self) -> Result<(), AnswerStoreError> {
        self.conn
            .execute("DELETE FROM answers", [])
            .map_err(self.failed("clear the history"))?;
        self.give_back_space();
        Ok(())
    }

    /// The bytes all answers take (compressed bodies and metadata), as the total limit
    /// counts them.
    pub fn stored_bytes(&self) -> Result<u64, AnswerStoreError> {
        let total = evict::total(&self.conn).map_err(self.failed("count the stored bytes"))?;
        Ok(u64::try_from(total).unwrap_or(0))
    }

    /// Returns freed pages to the system. Only space: failing (the other window busy)
    /// changes nothing the user sees, and the pages are reused by the next answers.
    fn give_back_space(&self) {
        if let Err(e) = self.conn.execute_batch("PRAGMA incremental_vacuum;") {
            tracing::debug!(path = %self.path.display(), "answer history not shrunk: {e}");
        }
    }

    fn failed(
        &self,
        operation: &'static str,
    ) -> impl Fn(rusqlite::Error) -> AnswerStoreError + use<> {
        let path = self.path.clone();
        move |source| AnswerStoreError::Database {
            path: path.clone(),
            operation,
            source,
        }
    }

    fn damaged(&self, id: i64, problem: String) -> AnswerStoreError {
        AnswerStoreError::Damaged {
            path: self.path.clone(),
            id,
            problem,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer_history::AnswerBody;

    fn store_in(dir: &Path) -> AnswerStore {
        AnswerStore::open(&dir.join("answers.sqlite"), Limits::default())
            .unwrap()
            .store
    }

    fn record(store: &mut AnswerStore, key: &str, time_ms: i64) -> i64 {
        store
            .record(&NewAnswer {
                request_key: key,
                time_ms,
                method: "GET",
                url: "http://h/api/info",
                status: Some(200),
                duration_ms: 5,
                environment: Some("dev"),
                server: None,
                request_json: "{}",
                headers: &[("a".into(), "b".into())],
                content_type: None,
                body: AnswerBody::Bytes(b"{}"),
            })
            .unwrap()
    }

    #[test]
    fn a_damaged_row_gives_an_error_naming_it_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_in(dir.path());
        let id = record(&mut store, "k", 1);
        store
            .conn
            .execute(
                "UPDATE answers SET headers_json = 'nope' WHERE id = ?1",
                [id],
            )
            .unwrap();
        let err = store.load(id).unwrap_err();
        assert!(err.to_string().contains("headers do not read"), "{err}");

        store
            .conn
            .execute(
                "UPDATE answers SET status = 70000, body = x'00' WHERE id = ?1",
                [id],
            )
            .unwrap();
        let err = store.list("k").unwrap_err();
        assert!(err.to_string().contains("70000"), "{err}");

        store
            .conn
            .execute(
                "UPDATE answers SET status = 200, kept = 9 WHERE id = ?1",
                [id],
            )
            .unwrap();
        assert!(store.load(id).unwrap_err().to_string().contains("mark 9"));

        store
            .conn
            .execute(
                "UPDATE answers SET kept = 1, url = x'ff00' WHERE id = ?1",
                [id],
            )
            .unwrap();
        assert!(matches!(
            store.load(id),
            Err(AnswerStoreError::Damaged { .. })
        ));
    }

    #[test]
    fn an_unknown_id_is_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        assert!(matches!(
            store.load(42),
            Err(AnswerStoreError::NotFound { id: 42, .. })
        ));
    }

    #[test]
    fn a_database_from_a_newer_version_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        store.conn.pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        let err =
            AnswerStore::open(&dir.path().join("answers.sqlite"), Limits::default()).unwrap_err();
        assert!(err.to_string().contains("newer version"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn forgetting_a_request_keeps_the_others() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store_in(dir.path());
        record(&mut store, "a", 1);
        record(&mut store, "a", 2);
        record(&mut store, "b", 3);
        assert_eq!(store.forget_request("a").unwrap(), 2);
        assert!(store.list("a").unwrap().is_empty());
        assert_eq!(store.list("b").unwrap().len(), 1);
        store.clear().unwrap();
        assert!(store.list("b").unwrap().is_empty());
        assert_eq!(store.stored_bytes().unwrap(), 0);
    }
}
