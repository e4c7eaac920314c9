//! Per-line highlighting of body text into egui [`LayoutJob`]s.
//!
//! JSON lines are highlighted with syntect (its JSON grammar and a dark or
//! light theme, loaded once in a [`OnceLock`]; call [`warm_up_highlighter`] on
//! a background thread at startup), or with a cheap hand-written tokenizer for
//! huge documents and long lines, whose colours are taken from the same theme.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use egui::Color32;
use egui::FontId;
use egui::text::{LayoutJob, TextFormat};
use syntect::easy::HighlightLines;
use syntect::highlighting::{Highlighter, Theme, ThemeSet};
use syntect::parsing::{Scope, SyntaxReference, SyntaxSet};

/// How a body document is highlighted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum BodyKind {
    /// JSON colours (keys, strings, numbers, literals).
    Json,
    /// No colours.
    #[default]
    Plain,
}

/// Documents larger than this use the cheap tokenizer instead of syntect.
pub const SYNTECT_MAX_DOC_BYTES: usize = 8 * 1024 * 1024;
/// Lines longer than this (in bytes) use the cheap tokenizer instead of syntect.
pub const SYNTECT_MAX_LINE_BYTES: usize = 1000;

/// Lexer state at the boundary between two rows of one long line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum JsonState {
    /// Between tokens.
    #[default]
    Normal,
    /// Inside a string.
    InString,
    /// Inside a string, right after a backslash.
    InStringEscape,
}

/// Token colours for the cheap JSON tokenizer.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Palette {
    key: Color32,
    string: Color32,
    number: Color32,
    literal: Color32,
    punct: Color32,
}

const FALLBACK_DARK: Palette = Palette {
    key: Color32::from_rgb(0x8f, 0xa1, 0xb3),
    string: Color32::from_rgb(0xa3, 0xbe, 0x8c),
    number: Color32::from_rgb(0xd0, 0x87, 0x70),
    literal: Color32::from_rgb(0xd0, 0x87, 0x70),
    punct: Color32::PLACEHOLDER,
};

const FALLBACK_LIGHT: Palette = Palette {
    key: Color32::from_rgb(0x18, 0x36, 0x91),
    string: Color32::from_rgb(0x0b, 0x6e, 0x1e),
    number: Color32::from_rgb(0xa0, 0x40, 0x00),
    literal: Color32::from_rgb(0x9a, 0x1b, 0x8a),
    punct: Color32::PLACEHOLDER,
};

/// The loaded syntect data.
struct Engine {
    syntaxes: SyntaxSet,
    /// `[light, dark]`.
    themes: [Theme; 2],
    /// `[light, dark]`, taken from the themes.
    palettes: [Palette; 2],
}

impl Engine {
    fn json(&self) -> Option<&SyntaxReference> {
        self.syntaxes.find_syntax_by_extension("json")
    }
}

static ENGINE: OnceLock<Option<Engine>> = OnceLock::new();
static WARM_UP_STARTED: AtomicBool = AtomicBool::new(false);

/// Loads syntect's syntaxes and themes and compiles the JSON grammar, once.
///
/// Blocks for a while (tens to hundreds of milliseconds): call it on a
/// background thread at startup. Until it has finished, views highlight JSON
/// with the cheap tokenizer instead of waiting. Safe to call many times.
pub fn warm_up_highlighter() {
    WARM_UP_STARTED.store(true, Ordering::Release);
    ENGINE.get_or_init(load_engine);
}

/// Whether syntect is loaded and ready to highlight without delay.
pub fn highlighter_ready() -> bool {
    ENGINE.get().is_some()
}

/// Whether syntect can highlight now: ready, or loaded right here (blocking)
/// if nobody started [`warm_up_highlighter`]. `false` while a warm-up runs.
pub fn syntect_usable() -> bool {
    engine().is_some()
}

/// The engine if it is ready; loads it here only if nobody started a warm-up.
fn engine() -> Option<&'static Engine> {
    if let Some(engine) = ENGINE.get() {
        return engine.as_ref();
    }
    if WARM_UP_STARTED.load(Ordering::Acquire) {
        return None;
    }
    warm_up_highlighter();
    ENGINE.get().and_then(Option::as_ref)
}

fn load_engine() -> Option<Engine> {
    let syntaxes = SyntaxSet::load_defaults_newlines();
    let mut themes = ThemeSet::load_defaults().themes;
    let mut take = |names: &[&str]| names.iter().find_map(|n| themes.remove(*n));
    let light = take(&["InspiredGitHub", "base16-ocean.light", "Solarized (light)"])?;
    let dark = take(&[
        "base16-ocean.dark",
        "base16-eighties.dark",
        "Solarized (dark)",
    ])?;
    let mut engine = Engine {
        syntaxes,
        themes: [light, dark],
        palettes: [FALLBACK_LIGHT, FALLBACK_DARK],
    };
    engine.json()?;
    // Highlighting a sample compiles the grammar's regexes and gives the
    // theme's token colours to the cheap tokenizer.
    for dark in [false, true] {
        if let Some(p) = sample_palette(&engine, dark) {
            engine.palettes[usize::from(dark)] = p;
        }
    }
    Some(engine)
}

fn sample_palette(engine: &Engine, dark: bool) -> Option<Palette> {
    // Highlighted alone (a fresh parser state, like every body line), with no
    // object around it: syntect's themes colour keys like other strings.
    const SAMPLE: &str = "[\"text\", -1.5e3, true, null]\n";
    let spans = syntect_spans(engine, SAMPLE, dark)?;
    let color_at = |needle: &str| -> Option<Color32> {
        let offset = SAMPLE.find(needle)?;
        let mut pos = 0;
        spans.iter().find_map(|(color, len)| {
            let hit = (pos..pos + len).contains(&offset);
            pos += len;
            hit.then_some(*color)
        })
    };
    // Keys get the theme's function-name colour, in both highlighters.
    let theme = &engine.themes[usize::from(dark)];
    let key = Scope::new("entity.name.function").ok().map(|scope| {
        let c = Highlighter::new(theme).style_for_stack(&[scope]).foreground;
        Color32::from_rgb(c.r, c.g, c.b)
    })?;
    Some(Palette {
        key,
        string: color_at("text")?,
        number: color_at("1.5")?,
        literal: color_at("true")?,
        punct: color_at(",")?,
    })
}

/// Highlights `line` (which must end with `\n`) into (colour, byte length) spans.
fn syntect_spans(engine: &Engine, line: &str, dark: bool) -> Option<Vec<(Color32, usize)>> {
    let syntax = engine.json()?;
    let theme = &engine.themes[usize::from(dark)];
    let mut lines = HighlightLines::new(syntax, theme);
    let ranges = lines.highlight_line(line, &engine.syntaxes).ok()?;
    Some(
        ranges
            .into_iter()
            .map(|(style, text)| {
                let c = style.foreground;
                (Color32::from_rgb(c.r, c.g, c.b), text.len())
            })
            .collect(),
    )
}

fn format(font_id: &FontId, color: Color32) -> TextFormat {
    TextFormat::simple(font_id.clone(), color)
}

/// A line with no highlighting (the label's text colour).
pub fn layout_plain(line: &str, font_id: &FontId) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.append(line, 0.0, format(font_id, Color32::PLACEHOLDER));
    job
}

/// Highlights one JSON line with syntect, with a fresh parser state.
///
/// `None` when syntect is not ready yet (still warming up) or unavailable:
/// use [`layout_json_fast`] then.
pub fn layout_json_syntect(line: &str, font_id: &FontId, dark: bool) -> Option<LayoutJob> {
    let engine = engine()?;
    let mut with_newline = String::with_capacity(line.len() + 1);
    with_newline.push_str(line);
    with_newline.push('\n');
    let spans = syntect_spans(engine, &with_newline, dark)?;
    // syntect sees one line at a time, so it cannot tell a key from a string
    // value: colour a leading `"key":` like the cheap tokenizer does.
    let key = leading_key_end(line).unwrap_or(0);
    let key_color = engine.palettes[usize::from(dark)].key;
    let mut job = LayoutJob::default();
    let mut pos = 0;
    for (color, len) in spans {
        let end = (pos + len).min(line.len());
        if pos < key {
            let split = key.min(end);
            append(&mut job, line, pos, split, key_color, font_id);
            append(&mut job, line, split, end, color, font_id);
        } else {
            append(&mut job, line, pos, end, color, font_id);
        }
        pos += len;
    }
    Some(job)
}

/// Appends `line[start..end]` in `color` (nothing when empty or not on char boundaries).
fn append(
    job: &mut LayoutJob,
    line: &str,
    start: usize,
    end: usize,
    color: Color32,
    font_id: &FontId,
) {
    if let Some(text) = line.get(start..end)
        && !text.is_empty()
    {
        job.append(text, 0.0, format(font_id, color));
    }
}

/// If `line` starts (after indentation) with a string followed by `:`, the
/// index just past the string's closing quote.
fn leading_key_end(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let start = bytes.iter().position(|b| !matches!(b, b' ' | b'\t'))?;
    if bytes[start] != b'"' {
        return None;
    }
    let (end, closed) = string_end(bytes, start + 1, false);
    let mut after = end;
    while matches!(bytes.get(after), Some(b' ' | b'\t')) {
        after += 1;
    }
    (closed && bytes.get(after) == Some(&b':')).then_some(end)
}

/// The cheap tokenizer's colours for the current theme.
fn palette(dark: bool) -> Palette {
    match ENGINE.get() {
        Some(Some(engine)) => engine.palettes[usize::from(dark)],
        _ if dark => FALLBACK_DARK,
        _ => FALLBACK_LIGHT,
    }
}

/// Highlights one JSON row with the cheap tokenizer, starting in `state`
/// (not [`JsonState::Normal`] only for a row that continues a long line).
/// Linear in the row length; never fails, whatever the text.
pub fn layout_json_fast(line: &str, state: JsonState, font_id: &FontId, dark: bool) -> LayoutJob {
    let p = palette(dark);
    let bytes = line.as_bytes();
    let mut job = LayoutJob::default();
    let push = |job: &mut LayoutJob, start: usize, end: usize, color: Color32| {
        append(job, line, start, end, color, font_id);
    };
    let mut i = 0;
    if state != JsonState::Normal {
        let (end, _) = string_end(bytes, 0, state == JsonState::InStringEscape);
        push(&mut job, 0, end, p.string);
        i = end;
    }
    while i < bytes.len() {
        let start = i;
        match bytes[i] {
            b'"' => {
                let (end, closed) = string_end(bytes, i + 1, false);
                let mut after = end;
                while matches!(bytes.get(after), Some(b' ' | b'\t')) {
                    after += 1;
                }
                let is_key = closed && bytes.get(after) == Some(&b':');
                push(&mut job, start, end, if is_key { p.key } else { p.string });
                i = end;
            }
            b'{' | b'}' | b'[' | b']' | b',' | b':' => {
                i += 1;
                push(&mut job, start, i, p.punct);
            }
            b'-' | b'0'..=b'9' => {
                i += 1;
                while matches!(
                    bytes.get(i),
                    Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
                ) {
                    i += 1;
                }
                push(&mut job, start, i, p.number);
            }
            b'a'..=b'z' | b'A'..=b'Z' => {
                while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                    i += 1;
                }
                let word = &bytes[start..i];
                let color = if matches!(word, b"true" | b"false" | b"null") {
                    p.literal
                } else {
                    Color32::PLACEHOLDER
                };
                push(&mut job, start, i, color);
            }
            _ => {
                // Whitespace and anything else, up to the next token start
                // (always an ASCII byte, so always a char boundary).
                i += 1;
                while let Some(&b) = bytes.get(i) {
                    if b.is_ascii_alphanumeric() || b"\"{}[],:-".contains(&b) {
                        break;
                    }
                    i += 1;
                }
                push(&mut job, start, i, Color32::PLACEHOLDER);
            }
        }
    }
    job
}

/// From inside a string at `i`, returns the index just past the closing quote
/// and `true`, or the end of the row and `false` if the string goes on.
fn string_end(bytes: &[u8], mut i: usize, mut escaped: bool) -> (usize, bool) {
    while let Some(&b) = bytes.get(i) {
        i += 1;
        if escaped {
            escaped = false;
        } else if b == b'\\' {
            escaped = true;
        } else if b == b'"' {
            return (i, true);
        }
    }
    (bytes.len(), false)
}

/// The lexer state after `row`, entered in `state`: whether a string is still
/// open at its end. Cheap (one pass, no allocation); used to highlight the
/// next chunk of a long line correctly.
pub fn scan_json_state(row: &str, state: JsonState) -> JsonState {
    let mut in_string = state != JsonState::Normal;
    let mut escaped = state == JsonState::InStringEscape;
    for &b in row.as_bytes() {
        if !in_string {
            in_string = b == b'"';
        } else if escaped {
            escaped = false;
        } else if b == b'\\' {
            escaped = true;
        } else if b == b'"' {
            in_string = false;
        }
    }
    match (in_string, escaped) {
        (false, _) => JsonState::Normal,
        (true, false) => JsonState::InString,
        (true, true) => JsonState::InStringEscape,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colored(job: &LayoutJob) -> Vec<(String, Color32)> {
        job.sections
            .iter()
            .map(|s| {
                let r = s.byte_range.start.0..s.byte_range.end.0;
                (job.text[r].to_owned(), s.format.color)
            })
            .collect()
    }

    fn color_of(job: &LayoutJob, token: &str) -> Option<Color32> {
        colored(job)
            .into_iter()
            .find(|(t, _)| t.contains(token))
            .map(|(_, c)| c)
    }

    #[test]
    fn fast_tokenizer_colours_tokens_and_keeps_text() {
        let font = FontId::monospace(12.0);
        let line = r#"  "name": "a \"quoted\" é", "n": -1.5e3, "ok": true, "x": null, "k" : [1]"#;
        let job = layout_json_fast(line, JsonState::Normal, &font, true);
        assert_eq!(job.text, line);
        let p = palette(true);
        assert_eq!(color_of(&job, "\"name\""), Some(p.key));
        assert_eq!(color_of(&job, "quoted"), Some(p.string));
        assert_eq!(color_of(&job, "-1.5e3"), Some(p.number));
        assert_eq!(color_of(&job, "true"), Some(p.literal));
        assert_eq!(color_of(&job, "null"), Some(p.literal));
        assert_eq!(color_of(&job, "\"k\""), Some(p.key));
    }

    #[test]
    fn fast_tokenizer_handles_chunks_and_garbage() {
        let font = FontId::monospace(12.0);
        let job = layout_json_fast(
            "still in string\", \"k\": 1",
            JsonState::InString,
            &font,
            false,
        );
        let p = palette(false);
        assert_eq!(color_of(&job, "still"), Some(p.string));
        assert_eq!(color_of(&job, "\"k\""), Some(p.key));
        for text in ["日本語 ~~ \u{0} \"unterminated é", "\\", "\"", "-", "€€€"] {
            let job = layout_json_fast(text, JsonState::InStringEscape, &font, true);
            assert_eq!(job.text, text);
            let job = layout_json_fast(text, JsonState::Normal, &font, true);
            assert_eq!(job.text, text);
        }
    }

    #[test]
    fn scan_state_tracks_strings_across_rows() {
        assert_eq!(
            scan_json_state(r#"{"a": "b"#, JsonState::Normal),
            JsonState::InString
        );
        assert_eq!(
            scan_json_state(r#"{"a": "b\"#, JsonState::Normal),
            JsonState::InStringEscape
        );
        assert_eq!(
            scan_json_state(r#"" , 1"#, JsonState::InStringEscape),
            JsonState::InString
        );
        assert_eq!(
            scan_json_state(r#"x", 1"#, JsonState::InString),
            JsonState::Normal
        );
    }

    #[test]
    fn syntect_highlights_json_with_theme_colours() {
        warm_up_highlighter();
        assert!(highlighter_ready());
        let font = FontId::monospace(12.0);
        for dark in [false, true] {
            let line = r#"  "name": "value", "n": 12"#;
            let job = layout_json_syntect(line, &font, dark).expect("syntect available");
            assert_eq!(job.text, line);
            let key = color_of(&job, "name").expect("key span");
            let string = color_of(&job, "value").expect("string span");
            let number = color_of(&job, "12").expect("number span");
            assert_ne!(string, number);
            assert_ne!(key, string);
            // The cheap tokenizer uses the theme's colours.
            let p = palette(dark);
            assert_eq!(p.key, key);
            assert_eq!(p.string, string);
            assert_eq!(p.number, number);
        }
    }
}
