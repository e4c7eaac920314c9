//! Timestamps in the form AYON prints them: `2026-11-28T00:23:01.384971+00:00`.
//!
//! Written by hand (days-from-civil arithmetic) because the crate has no date library.

use std::time::{SystemTime, UNIX_EPOCH};

/// The current UTC time as an AYON timestamp.
pub fn now_iso() -> String {
    format_system_time(SystemTime::now())
}

/// Formats a [`SystemTime`] as an AYON timestamp (microseconds, `+00:00`).
/// Times before 1970 are clamped to the epoch; the sandbox never creates any.
pub fn format_system_time(t: SystemTime) -> String {
    let since = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let micros = since.subsec_micros();
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{micros:06}+00:00",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// A timestamp as the real server writes it into `/ws` messages: the same as
/// [`format_system_time`] without the `+00:00` (Python's naive `datetime`).
pub fn format_naive(t: SystemTime) -> String {
    let mut text = format_system_time(t);
    text.truncate(text.len() - "+00:00".len());
    text
}

/// Formats a [`SystemTime`] as an HTTP date (`Sat, 28 Nov 2026 00:25:56 GMT`), for
/// `Last-Modified`.
pub fn http_date(t: SystemTime) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = t.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = WEEKDAYS[(days % 7) as usize];
    let month = MONTHS[(month.clamp(1, 12) - 1) as usize];
    format!(
        "{weekday}, {day:02} {month} {year} {:02}:{:02}:{:02} GMT",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Converts days since 1970-01-01 to (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's algorithm, restricted to non-negative day counts).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_known_instants() {
        assert_eq!(
            format_system_time(UNIX_EPOCH),
            "1970-01-01T00:00:00.000000+00:00"
        );
        // 2026-11-28T00:23:01.384971Z
        let t = UNIX_EPOCH + Duration::from_micros(1_795_825_381_384_971);
        assert_eq!(format_system_time(t), "2026-11-28T00:23:01.384971+00:00");
        // A leap day.
        let t = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(format_system_time(t), "2000-02-29T00:00:00.000000+00:00");
        assert_eq!(format_naive(t), "2000-02-29T00:00:00.000000");
    }

    #[test]
    fn formats_http_dates() {
        assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
        // Fixture 44's Last-Modified.
        let t = UNIX_EPOCH + Duration::from_secs(1_795_825_556);
        assert_eq!(http_date(t), "Sat, 28 Nov 2026 00:25:56 GMT");
    }
}
