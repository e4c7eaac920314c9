//! How `{{variables}}` in an editable field look: which spans are references (known,
//! secret or unknown), the coloured [`LayoutJob`] for them, and the hover texts.
//! Pure functions of the text and the [`VariableSet`]; the egui glue is in `variable_edit`.

use std::ops::Range;

use egui::text::{ByteIndex, LayoutJob, LayoutSection, TextFormat};
use egui::{Color32, FontId, Stroke};

use crate::collection::variables::{
    MASK, VariableSet, find_references, resolve_for_display, unknown_in,
};

use super::format;

/// What a stretch of field text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpanKind {
    /// Ordinary text (including escaped `\{{x}}` and malformed braces).
    Plain,
    /// A `{{reference}}` to a defined variable.
    Known,
    /// A `{{reference}}` to a secret variable that has a value (the value is never shown).
    Secret,
    /// A `{{reference}}` that cannot be resolved: undefined, or a secret without a stored
    /// value. Sending is refused while one is left.
    Unknown,
}

/// How `name` resolves against `vars`.
pub fn kind_of(name: &str, vars: &VariableSet) -> SpanKind {
    if !vars.contains(name) || vars.value(name).is_none() {
        SpanKind::Unknown
    } else if vars.is_secret(name) {
        SpanKind::Secret
    } else {
        SpanKind::Known
    }
}

/// `text` cut into consecutive spans covering all of it, each reference on its own.
pub fn variable_spans(text: &str, vars: &VariableSet) -> Vec<(Range<usize>, SpanKind)> {
    let mut spans = Vec::new();
    let mut last = 0;
    for (range, name) in find_references(text) {
        if range.start > last {
            spans.push((last..range.start, SpanKind::Plain));
        }
        last = range.end;
        spans.push((range, kind_of(&name, vars)));
    }
    if last < text.len() || text.is_empty() {
        spans.push((last..text.len(), SpanKind::Plain));
    }
    spans
}

/// The referenced names in order of first use, each once, with how they resolve.
pub fn used_variables(text: &str, vars: &VariableSet) -> Vec<(String, SpanKind)> {
    let mut used: Vec<(String, SpanKind)> = Vec::new();
    for (_, name) in find_references(text) {
        if !used.iter().any(|(n, _)| *n == name) {
            let kind = kind_of(&name, vars);
            used.push((name, kind));
        }
    }
    used
}

/// How a field draws its text.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldStyle {
    /// The field's font.
    pub font: FontId,
    /// The colour of plain text.
    pub color: Color32,
    /// The line height the field uses (as egui's own layouter sets it).
    pub line_height: Option<f32>,
    /// Dark or light theme (picks the reference colours).
    pub dark: bool,
    /// Wraps and breaks on newlines (a multi-line editor).
    pub multiline: bool,
    /// Shows plain characters as `•` (a password field); references stay readable.
    pub password: bool,
}

impl std::hash::Hash for FieldStyle {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.font.hash(state);
        self.color.hash(state);
        self.line_height.map(f32::to_bits).hash(state);
        self.dark.hash(state);
        self.multiline.hash(state);
        self.password.hash(state);
    }
}

/// Colour of a resolvable reference.
pub fn known_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(100, 200, 230)
    } else {
        Color32::from_rgb(0, 110, 150)
    }
}

/// The text format for a span of `kind`.
pub fn span_format(kind: SpanKind, style: &FieldStyle) -> TextFormat {
    let mut f = TextFormat::simple(style.font.clone(), style.color);
    f.line_height = style.line_height;
    match kind {
        SpanKind::Plain => {}
        SpanKind::Known | SpanKind::Secret => {
            let c = known_color(style.dark);
            f.color = c;
            f.background = Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 30);
        }
        SpanKind::Unknown => {
            let c = format::error_color(style.dark);
            f.color = c;
            f.background = Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), 36);
            f.underline = Stroke::new(1.0, c);
        }
    }
    f
}

/// The layout of `text` split into `spans` (from [`variable_spans`]), without a wrap width.
/// In a password field plain characters become `•`, one per character, so the cursor
/// positions still match the text.
pub fn layout_job(text: &str, spans: &[(Range<usize>, SpanKind)], style: &FieldStyle) -> LayoutJob {
    let mut job = LayoutJob {
        break_on_newline: style.multiline,
        keep_trailing_whitespace: true,
        ..Default::default()
    };
    job.text.reserve(text.len());
    for (range, kind) in spans {
        let Some(piece) = text.get(range.clone()) else {
            continue;
        };
        let start = job.text.len();
        if style.password && *kind == SpanKind::Plain {
            job.text.extend(std::iter::repeat_n(
                egui::epaint::text::PASSWORD_REPLACEMENT_CHAR,
                piece.chars().count(),
            ));
        } else {
            job.text.push_str(piece);
        }
        job.sections.push(LayoutSection {
            leading_space: 0.0,
            byte_range: ByteIndex(start)..ByteIndex(job.text.len()),
            format: span_format(*kind, style),
        });
    }
    job
}

/// `{{a}}, {{b}}`.
fn braced(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{{{{{n}}}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The hover preview of a one-line field: the resolved text (secrets masked) and the
/// names that cannot be resolved. `None` when the text has no reference.
pub fn preview(text: &str, vars: &VariableSet) -> Option<String> {
    if !text.contains("{{") || find_references(text).is_empty() {
        return None;
    }
    let mut lines = vec![format!("Resolves to: {}", resolve_for_display(text, vars))];
    let unknown = unknown_in(text, vars);
    if !unknown.names.is_empty() {
        lines.push(format!("Unknown: {}", braced(&unknown.names)));
    }
    if !unknown.missing_secrets.is_empty() {
        lines.push(format!(
            "No value stored for the secret: {}",
            braced(&unknown.missing_secrets)
        ));
    }
    Some(lines.join("\n"))
}

/// Longest value shown in a variables list.
const MAX_SHOWN: usize = 80;

/// The hover text for a field whose resolved text should not be shown whole (a body, a
/// password): every variable used with its display value, or all values masked when
/// `mask_all`. `None` when the text has no reference.
pub fn usage(text: &str, vars: &VariableSet, mask_all: bool) -> Option<String> {
    if !text.contains("{{") {
        return None;
    }
    let used = used_variables(text, vars);
    if used.is_empty() {
        return None;
    }
    let mut lines = vec!["Variables used:".to_string()];
    for (name, kind) in used {
        let line = match kind {
            SpanKind::Unknown if vars.contains(&name) => {
                format!("{{{{{name}}}}}: no value stored on this computer")
            }
            SpanKind::Unknown => format!("{{{{{name}}}}}: unknown"),
            SpanKind::Known | SpanKind::Secret | SpanKind::Plain => {
                let value = if mask_all {
                    MASK.to_string()
                } else {
                    shorten(vars.display_value(&name).unwrap_or_default())
                };
                format!("{{{{{name}}}}} = {value}")
            }
        };
        lines.push(line);
    }
    Some(lines.join("\n"))
}

fn shorten(value: &str) -> String {
    match value.char_indices().nth(MAX_SHOWN) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::environment::{Environment, Variable};
    use crate::secret::Secret;

    fn vars() -> VariableSet {
        let env = Environment {
            name: "dev".into(),
            variables: vec![
                Variable::plain("host", "http://localhost:5000"),
                Variable::secret("token"),
                Variable::secret("unset"),
            ],
            overrides: vec![],
        };
        VariableSet::build(&[], Some(&env), |n| {
            (n == "token").then(|| Secret::new("s3cret"))
        })
    }

    fn kinds(text: &str) -> Vec<(&str, SpanKind)> {
        variable_spans(text, &vars())
            .into_iter()
            .map(|(r, k)| (&text[r], k))
            .collect()
    }

    #[test]
    fn spans_cover_the_text_and_classify_references() {
        assert_eq!(
            kinds("{{host}}/api/{{nope}}?t={{token}}"),
            vec![
                ("{{host}}", SpanKind::Known),
                ("/api/", SpanKind::Plain),
                ("{{nope}}", SpanKind::Unknown),
                ("?t=", SpanKind::Plain),
                ("{{token}}", SpanKind::Secret),
            ]
        );
        assert_eq!(kinds(""), vec![("", SpanKind::Plain)]);
        assert_eq!(kinds("plain"), vec![("plain", SpanKind::Plain)]);
    }

    #[test]
    fn whitespace_inside_braces_is_a_reference() {
        assert_eq!(
            kinds("a {{ host }}b"),
            vec![
                ("a ", SpanKind::Plain),
                ("{{ host }}", SpanKind::Known),
                ("b", SpanKind::Plain),
            ]
        );
    }

    #[test]
    fn escapes_and_malformed_braces_stay_plain() {
        assert_eq!(kinds("\\{{host}}"), vec![("\\{{host}}", SpanKind::Plain)]);
        assert_eq!(kinds("{{a b}} {{"), vec![("{{a b}} {{", SpanKind::Plain)]);
    }

    #[test]
    fn a_secret_without_a_value_is_unknown() {
        assert_eq!(kinds("{{unset}}"), vec![("{{unset}}", SpanKind::Unknown)]);
        assert_eq!(kind_of("token", &vars()), SpanKind::Secret);
    }

    fn style(password: bool) -> FieldStyle {
        FieldStyle {
            font: FontId::monospace(12.0),
            color: Color32::GRAY,
            line_height: None,
            dark: true,
            multiline: false,
            password,
        }
    }

    #[test]
    fn the_layout_colours_known_and_unknown_references() {
        let text = "{{host}}/x/{{nope}}";
        let job = layout_job(text, &variable_spans(text, &vars()), &style(false));
        assert_eq!(job.text, text);
        let colors: Vec<_> = job.sections.iter().map(|s| s.format.color).collect();
        assert_eq!(
            colors,
            vec![known_color(true), Color32::GRAY, format::error_color(true)]
        );
        assert_eq!(job.sections[0].byte_range, ByteIndex(0)..ByteIndex(8));
        assert!(job.sections[2].format.underline.width > 0.0);
        assert_eq!(job.sections[1].format.background, Color32::TRANSPARENT);
        assert_ne!(job.sections[0].format.background, Color32::TRANSPARENT);
    }

    #[test]
    fn a_password_layout_masks_plain_text_only() {
        let text = "ab{{token}}é";
        let job = layout_job(text, &variable_spans(text, &vars()), &style(true));
        assert_eq!(job.text, "••{{token}}•");
        assert_eq!(job.text.chars().count(), text.chars().count());
        assert!(!job.text.contains("s3cret"));
        let reference = &job.sections[1].byte_range;
        assert_eq!(&job.text[reference.start.0..reference.end.0], "{{token}}");
    }

    #[test]
    fn the_preview_resolves_masks_and_names_unknowns() {
        let v = vars();
        assert_eq!(preview("/api/info", &v), None);
        assert_eq!(
            preview("{{host}}/api/{{nope}}", &v).as_deref(),
            Some("Resolves to: http://localhost:5000/api/{{nope}}\nUnknown: {{nope}}")
        );
        let p = preview("{{host}}?t={{token}}&u={{unset}}", &v).unwrap_or_default();
        assert!(p.starts_with("Resolves to: http://localhost:5000?t=••••&u={{unset}}"));
        assert!(
            p.contains("No value stored for the secret: {{unset}}"),
            "{p}"
        );
        assert!(!p.contains("s3cret"));
    }

    #[test]
    fn usage_lists_each_variable_once() {
        let v = vars();
        let text = r#"{"a": "{{host}}", "b": "{{token}}", "c": "{{host}}", "d": "{{nope}}"}"#;
        assert_eq!(
            usage(text, &v, false).as_deref(),
            Some(
                "Variables used:\n{{host}} = http://localhost:5000\n{{token}} = ••••\n\
                 {{nope}}: unknown"
            )
        );
        let masked = usage("{{host}} {{unset}}", &v, true).unwrap_or_default();
        assert!(masked.contains("{{host}} = ••••"), "{masked}");
        assert!(masked.contains("{{unset}}: no value stored"), "{masked}");
        assert_eq!(usage("{ \"no\": 1 }", &v, false), None);
    }

    #[test]
    fn long_values_are_shortened() {
        assert_eq!(shorten("abc"), "abc");
        let long = "x".repeat(200);
        assert_eq!(shorten(&long).chars().count(), MAX_SHOWN + 1);
    }
}
