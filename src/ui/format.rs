//! Small display helpers: sizes, durations, status colours.

use std::time::Duration;

/// `512 B`, `4.2 KB`, `10.0 MB`.
pub fn size(bytes: u64) -> String {
    crate::body::format_size(usize::try_from(bytes).unwrap_or(usize::MAX))
}

/// `0.8 ms`, `87 ms`, `1.24 s`.
pub fn duration(d: Duration) -> String {
    if d.as_millis() < 10 {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    } else if d.as_millis() < 1000 {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

/// Colour by status class: 2xx green, 3xx blue, 4xx orange, 5xx red.
pub fn status_color(status: u16, dark: bool) -> egui::Color32 {
    match (status / 100, dark) {
        (2, true) => egui::Color32::from_rgb(80, 200, 120),
        (2, false) => egui::Color32::from_rgb(20, 130, 60),
        (3, true) => egui::Color32::from_rgb(110, 170, 255),
        (3, false) => egui::Color32::from_rgb(30, 90, 200),
        (4, true) => egui::Color32::from_rgb(255, 170, 70),
        (4, false) => egui::Color32::from_rgb(160, 82, 0),
        (_, true) => egui::Color32::from_rgb(255, 100, 100),
        (_, false) => egui::Color32::from_rgb(190, 30, 30),
    }
}

/// Colour for error text.
pub fn error_color(dark: bool) -> egui::Color32 {
    if dark {
        egui::Color32::from_rgb(255, 120, 110)
    } else {
        egui::Color32::from_rgb(180, 30, 20)
    }
}

/// Colour for warnings.
pub fn warning_color(dark: bool) -> egui::Color32 {
    if dark {
        egui::Color32::from_rgb(240, 190, 90)
    } else {
        egui::Color32::from_rgb(150, 90, 0)
    }
}

/// Colour of a method badge: GET green, POST orange, PUT blue, PATCH purple,
/// DELETE red, others grey.
pub fn method_color(method: crate::http::HttpMethod, dark: bool) -> egui::Color32 {
    use crate::http::HttpMethod as M;
    let (light, darkc) = match method {
        M::Get => ((20, 130, 60), (80, 200, 120)),
        M::Post => ((160, 82, 0), (255, 170, 70)),
        M::Put => ((30, 90, 200), (110, 170, 255)),
        M::Patch => ((130, 60, 180), (200, 140, 255)),
        M::Delete => ((190, 30, 30), (255, 110, 110)),
        _ => ((100, 100, 100), (170, 170, 170)),
    };
    let (r, g, b) = if dark { darkc } else { light };
    egui::Color32::from_rgb(r, g, b)
}

/// The method as a fixed-width coloured badge (`GET   `, `DELETE`).
pub fn method_badge(method: crate::http::HttpMethod, dark: bool) -> egui::RichText {
    egui::RichText::new(format!("{:<6}", method.as_str()))
        .monospace()
        .strong()
        .color(method_color(method, dark))
}

/// A time in ms since the Unix epoch as `2026-12-07 23:04:31.250` (to the millisecond, so
/// two answers of the same second read apart), in local time when the offset can be
/// known, else in UTC (then marked so).
pub fn clock_time_ms(ms: i64) -> String {
    let Ok(utc) = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
    else {
        return format!("{ms} ms");
    };
    let format = time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second].[subsecond digits:3]"
    );
    match time::UtcOffset::current_local_offset() {
        Ok(offset) => utc.to_offset(offset).format(format).unwrap_or_default(),
        Err(_) => format!("{} UTC", utc.format(format).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_naturally() {
        assert_eq!(super::size(512), "512 B");
        assert_eq!(super::size(4300), "4.2 KB");
        assert_eq!(super::size(10 * 1024 * 1024), "10.0 MB");
    }
}
