//! Answers in and out of table rows; a row that does not read back is reported, never
//! trusted.

use rusqlite::Row;

use super::{AnswerSummary, BodyKept};

/// The columns [`summary`] reads, in its order.
pub(super) const SUMMARY_COLUMNS: &str = "id, request_key, time_ms, method, url, status, \
     duration_ms, size, stored_bytes, environment, server, kept, head, tail, content_type";
/// How many columns [`SUMMARY_COLUMNS`] names.
pub(super) const SUMMARY_COUNT: usize = 15;

const KEPT_OFF: i64 = 0;
const KEPT_WHOLE: i64 = 1;
const KEPT_HEAD_AND_TAIL: i64 = 2;

/// `kept` as stored: its code, head and tail.
pub(super) fn kept_columns(kept: BodyKept, size: u64) -> (i64, i64, i64) {
    match kept {
        BodyKept::Off => (KEPT_OFF, 0, 0),
        BodyKept::Whole => (KEPT_WHOLE, clamp(size), 0),
        BodyKept::HeadAndTail { head, tail } => (KEPT_HEAD_AND_TAIL, clamp(head), clamp(tail)),
    }
}

/// A count for an `INTEGER` column (SQLite's are signed).
pub(super) fn clamp(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Why a row does not read: its id (when that much reads) and the problem.
pub(super) struct BadRow {
    pub id: i64,
    pub problem: String,
}

/// Reads [`SUMMARY_COLUMNS`] from the start of `row`.
pub(super) fn summary(row: &Row<'_>) -> Result<AnswerSummary, BadRow> {
    let id: i64 = row.get(0).map_err(|e| BadRow {
        id: 0,
        problem: e.to_string(),
    })?;
    let bad = |problem: String| BadRow { id, problem };
    let column = |e: rusqlite::Error| bad(e.to_string());
    let count = |name: &str, value: i64| {
        u64::try_from(value).map_err(|_| bad(format!("its {name} is negative ({value})")))
    };
    let status = match row.get::<_, Option<i64>>(5).map_err(column)? {
        None => None,
        Some(code) => Some(
            u16::try_from(code).map_err(|_| bad(format!("its status {code} is no HTTP status")))?,
        ),
    };
    let size = count("size", row.get(7).map_err(column)?)?;
    let head = count("head", row.get(12).map_err(column)?)?;
    let tail = count("tail", row.get(13).map_err(column)?)?;
    let kept = match row.get::<_, i64>(11).map_err(column)? {
        KEPT_OFF => BodyKept::Off,
        KEPT_WHOLE => BodyKept::Whole,
        KEPT_HEAD_AND_TAIL => BodyKept::HeadAndTail { head, tail },
        other => return Err(bad(format!("its body mark {other} is unknown"))),
    };
    Ok(AnswerSummary {
        id,
        request_key: row.get(1).map_err(column)?,
        time_ms: row.get(2).map_err(column)?,
        method: row.get(3).map_err(column)?,
        url: row.get(4).map_err(column)?,
        status,
        duration_ms: count("duration", row.get(6).map_err(column)?)?,
        size,
        stored_bytes: count("stored size", row.get(8).map_err(column)?)?,
        environment: row.get(9).map_err(column)?,
        server: row.get(10).map_err(column)?,
        kept,
        content_type: row.get(14).map_err(column)?,
    })
}

/// The number of body bytes a summary says were kept.
pub(super) fn kept_len(summary: &AnswerSummary) -> u64 {
    match summary.kept {
        BodyKept::Whole => summary.size,
        BodyKept::HeadAndTail { head, tail } => head.saturating_add(tail),
        BodyKept::Off => 0,
    }
}
