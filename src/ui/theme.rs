//! The app's dark and light visuals: egui's, with the colours that carry information
//! raised to WCAG AA. Text (hints such as "Resolves to …" included) reads at 4.5:1 or
//! more on every background it sits on, and input borders and the focus ring at 3:1
//! (egui's own hint text measures 2.7:1 dark and 2.9:1 light, and its light inputs are
//! white on #F8F8F8 with no border).

use egui::{Color32, Stroke, Visuals};

/// The minimum for text that carries information (WCAG 2 AA, normal text).
pub const TEXT_CONTRAST: f32 = 4.5;

/// The minimum for input borders and focus rings (WCAG 2.1 non-text contrast).
pub const BORDER_CONTRAST: f32 = 3.0;

/// The visuals for the dark (`true`) or light theme.
pub fn visuals(dark: bool) -> Visuals {
    let mut visuals = if dark {
        Visuals::dark()
    } else {
        Visuals::light()
    };
    let (weak, border) = if dark {
        (Color32::from_gray(150), Color32::from_gray(120))
    } else {
        (Color32::from_gray(100), Color32::from_gray(120))
    };
    visuals.weak_text_color = Some(weak);
    // Text inputs and buttons at rest are outlined, so a field shows where it is.
    visuals.widgets.inactive.bg_stroke = Stroke::new(1.0, border);
    visuals.widgets.noninteractive.bg_stroke = Stroke::new(1.0, border);
    if !dark {
        // egui's light focus ring is a pale blue; this one reads on white and on grey.
        visuals.selection.stroke = Stroke::new(1.5, Color32::from_rgb(0, 83, 160));
    }
    visuals
}

/// The relative luminance of a colour (WCAG 2), from its sRGB channels.
pub fn relative_luminance(color: Color32) -> f32 {
    fn linear(channel: u8) -> f32 {
        let c = f32::from(channel) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    0.2126 * linear(color.r()) + 0.7152 * linear(color.g()) + 0.0722 * linear(color.b())
}

/// The contrast ratio of two colours (1 to 21), whichever is lighter.
pub fn contrast_ratio(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::HttpMethod;
    use crate::ui::format;

    /// The backgrounds text sits on: panels, windows, text fields, striped rows.
    fn backgrounds(v: &Visuals) -> Vec<(&'static str, Color32)> {
        vec![
            ("panel", v.panel_fill),
            ("window", v.window_fill),
            ("text field", v.text_edit_bg_color()),
            ("striped row", blend(v.panel_fill, v.faint_bg_color)),
        ]
    }

    /// `over` (premultiplied, e.g. additive faint_bg) drawn over `under`.
    fn blend(under: Color32, over: Color32) -> Color32 {
        let a = f32::from(over.a()) / 255.0;
        let mix = |u: u8, o: u8| (f32::from(o) + f32::from(u) * (1.0 - a)).min(255.0) as u8;
        Color32::from_rgb(
            mix(under.r(), over.r()),
            mix(under.g(), over.g()),
            mix(under.b(), over.b()),
        )
    }

    /// Every text colour that carries information, named.
    fn texts(v: &Visuals, dark: bool) -> Vec<(String, Color32)> {
        let mut texts = vec![
            ("body text".to_owned(), v.text_color()),
            (
                "label text".to_owned(),
                v.widgets.noninteractive.fg_stroke.color,
            ),
            ("field text".to_owned(), v.widgets.inactive.fg_stroke.color),
            ("hint text".to_owned(), v.weak_text_color()),
            ("warning".to_owned(), format::warning_color(dark)),
            ("error".to_owned(), format::error_color(dark)),
        ];
        for method in HttpMethod::ALL {
            texts.push((
                format!("{method} badge"),
                format::method_color(method, dark),
            ));
        }
        for status in [200, 301, 404, 500] {
            texts.push((
                format!("status {status}"),
                format::status_color(status, dark),
            ));
        }
        texts
    }

    fn check(dark: bool) -> Vec<String> {
        let v = visuals(dark);
        let mut failures = Vec::new();
        for (bg_name, bg) in backgrounds(&v) {
            for (name, color) in texts(&v, dark) {
                let ratio = contrast_ratio(color, bg);
                if ratio < TEXT_CONTRAST {
                    failures.push(format!("{name} on {bg_name}: {ratio:.2}:1"));
                }
            }
        }
        for (bg_name, bg) in [("panel", v.panel_fill), ("window", v.window_fill)] {
            for (name, color) in [
                ("input border", v.widgets.inactive.bg_stroke.color),
                ("focus ring", v.selection.stroke.color),
            ] {
                let ratio = contrast_ratio(color, bg);
                if ratio < BORDER_CONTRAST {
                    failures.push(format!("{name} on {bg_name}: {ratio:.2}:1"));
                }
            }
        }
        failures
    }

    #[test]
    fn the_dark_theme_meets_wcag_aa() {
        let failures = check(true);
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn the_light_theme_meets_wcag_aa() {
        let failures = check(false);
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn ratios_match_the_wcag_examples() {
        let ratio = contrast_ratio(Color32::BLACK, Color32::WHITE);
        assert!((ratio - 21.0).abs() < 0.01, "{ratio}");
        assert!((contrast_ratio(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-6);
        // #767676 on white is the classic 4.54:1.
        let grey = contrast_ratio(Color32::from_gray(0x76), Color32::WHITE);
        assert!((grey - 4.54).abs() < 0.01, "{grey}");
    }
}
