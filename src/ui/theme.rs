//! The app's colours for the dark and light themes, raised from egui's defaults so
//! text that carries information reads at WCAG AA (4.5:1) and input borders and focus
//! rings stand out (3:1) against every background they sit on.

use egui::{Color32, Stroke, Visuals};

/// WCAG AA for normal text.
pub const TEXT_CONTRAST: f32 = 4.5;
/// WCAG AA for borders and focus indicators.
pub const BORDER_CONTRAST: f32 = 3.0;

/// The visuals for the dark (`true`) or light theme.
pub fn visuals(dark: bool) -> Visuals {
    let mut v = if dark {
        Visuals::dark()
    } else {
        Visuals::light()
    };
    let (weak, border, error, warn) = if dark {
        (
            Color32::from_gray(160),
            Color32::from_gray(120),
            Color32::from_rgb(255, 120, 110),
            Color32::from_rgb(240, 190, 90),
        )
    } else {
        (
            Color32::from_gray(96),
            Color32::from_gray(118),
            Color32::from_rgb(180, 30, 20),
            Color32::from_rgb(150, 90, 0),
        )
    };
    v.weak_text_color = Some(weak);
    v.error_fg_color = error;
    v.warn_fg_color = warn;
    // Text inputs and buttons at rest show their outline.
    v.widgets.inactive.bg_stroke = Stroke::new(1.0, border);
    v.widgets.noninteractive.bg_stroke.color = border;
    v
}

/// Colour for hint and secondary text (readable, unlike egui's faded default).
pub fn hint_color(visuals: &Visuals) -> Color32 {
    visuals.weak_text_color()
}

/// Colour for error text and markers.
pub fn error_color(visuals: &Visuals) -> Color32 {
    visuals.error_fg_color
}

/// Colour for warnings.
pub fn warning_color(visuals: &Visuals) -> Color32 {
    visuals.warn_fg_color
}

/// The WCAG relative luminance of an opaque colour (0 black .. 1 white).
pub fn relative_luminance(color: Color32) -> f32 {
    let channel = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(color.r()) + 0.7152 * channel(color.g()) + 0.0722 * channel(color.b())
}

/// The WCAG contrast ratio of two colours (1 .. 21), in either order.
pub fn contrast_ratio(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// `top` (premultiplied, possibly translucent or additive) painted over opaque `below`.
pub fn over(top: Color32, below: Color32) -> Color32 {
    let keep = 1.0 - f32::from(top.a()) / 255.0;
    let mix = |t: u8, b: u8| (f32::from(t) + f32::from(b) * keep).round().min(255.0) as u8;
    Color32::from_rgb(
        mix(top.r(), below.r()),
        mix(top.g(), below.g()),
        mix(top.b(), below.b()),
    )
}

/// The backgrounds informative text and inputs sit on, by name.
pub fn backgrounds(v: &Visuals) -> Vec<(&'static str, Color32)> {
    vec![
        ("panel fill", v.panel_fill),
        ("window fill", v.window_fill),
        ("extreme bg", v.extreme_bg_color),
        ("text edit bg", v.text_edit_bg_color()),
        ("faint bg", over(v.faint_bg_color, v.panel_fill)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(dark: bool, what: &str, color: Color32, minimum: f32) {
        let v = visuals(dark);
        for (name, bg) in backgrounds(&v) {
            let ratio = contrast_ratio(color, bg);
            assert!(
                ratio >= minimum,
                "{} theme: {what} on {name}: {ratio:.2}:1 < {minimum}:1",
                if dark { "dark" } else { "light" }
            );
        }
    }

    #[test]
    fn contrast_ratio_matches_the_wcag_extremes() {
        assert!((contrast_ratio(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast_ratio(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.01);
        // A well-known pair: #767676 on white is 4.54:1.
        let gray = Color32::from_gray(0x76);
        assert!((contrast_ratio(gray, Color32::WHITE) - 4.54).abs() < 0.02);
    }

    #[test]
    fn informative_text_reads_at_aa_in_both_themes() {
        for dark in [true, false] {
            let v = visuals(dark);
            check(dark, "weak/hint text", hint_color(&v), TEXT_CONTRAST);
            check(dark, "body text", v.text_color(), TEXT_CONTRAST);
            check(dark, "error text", error_color(&v), TEXT_CONTRAST);
            check(dark, "warning text", warning_color(&v), TEXT_CONTRAST);
        }
    }

    #[test]
    fn input_borders_and_focus_rings_reach_three_to_one_in_both_themes() {
        for dark in [true, false] {
            let v = visuals(dark);
            let border = v.widgets.inactive.bg_stroke;
            assert!(border.width > 0.0);
            check(dark, "input border", border.color, BORDER_CONTRAST);
            check(
                dark,
                "focus ring",
                v.selection.stroke.color,
                BORDER_CONTRAST,
            );
        }
    }

    /// The app's own text colours (status codes, method badges, resolved variables),
    /// by theme.
    fn app_text_colours(dark: bool) -> Vec<(String, Color32)> {
        use super::super::{format, variable_text};
        use crate::http::HttpMethod;
        use crate::state::events::StreamStatus;
        let mut colours = vec![
            ("error (format)".to_owned(), format::error_color(dark)),
            ("warning (format)".to_owned(), format::warning_color(dark)),
            (
                "known variable".to_owned(),
                variable_text::known_color(dark),
            ),
        ];
        for (name, status) in [("live", StreamStatus::Live), ("off", StreamStatus::Off)] {
            let colour = super::super::events_panel::status_color(&status, dark);
            colours.push((format!("events {name}"), colour));
        }
        for status in [200, 301, 404, 500] {
            colours.push((
                format!("status {status}"),
                format::status_color(status, dark),
            ));
        }
        for method in HttpMethod::ALL {
            colours.push((
                format!("method {method:?}"),
                format::method_color(method, dark),
            ));
        }
        colours
    }

    #[test]
    fn the_apps_own_text_colours_read_at_aa_in_both_themes() {
        for dark in [true, false] {
            for (what, colour) in app_text_colours(dark) {
                check(dark, &what, colour, TEXT_CONTRAST);
            }
        }
    }
}
