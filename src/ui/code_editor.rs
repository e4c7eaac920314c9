//! A multiline code editor: line numbers in a gutter beside the rows, an error marked on
//! its line (a red dot in the gutter, the row tinted, the message right below), Enter
//! keeping the indentation and brackets typed in pairs (rules in `code_edit_rules`).

use std::sync::Arc;

use egui::text::{CCursor, CCursorRange};

use super::code_edit_rules::{self, Edited};
use super::theme;

/// A problem on one line of the text.
pub struct LineError {
    /// The line, from 1.
    pub line: usize,
    /// What is wrong, short: the gutter marker's name is `Line N: <message>`.
    pub message: String,
    /// The full message shown under the editor.
    pub shown: String,
}

/// How to draw one code editor.
pub struct CodeEditor<'a> {
    /// The text edit's id (its cursor state and focus live under it).
    pub id: egui::Id,
    /// The label naming the editor.
    pub label: egui::Id,
    /// Shown while the text is empty.
    pub hint: &'a str,
    /// Rows shown at least.
    pub rows: usize,
    /// The problem to mark, if any.
    pub error: Option<LineError>,
}

/// Draws `text` in the editor with `layouter` (the highlighting); returns the text
/// edit's output, its response marked changed when a key rule edited the text.
pub fn show(
    ui: &mut egui::Ui,
    text: &mut String,
    editor: &CodeEditor<'_>,
    layouter: &mut dyn FnMut(&egui::Ui, &dyn egui::TextBuffer, f32) -> Arc<egui::Galley>,
) -> egui::text_edit::TextEditOutput {
    let edited = ui.memory(|m| m.has_focus(editor.id)) && apply_key_rules(ui, text, editor.id);
    let lines = text.split('\n').count().max(1);
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let digit = ui.fonts_mut(|f| f.glyph_width(&font, '0'));
    let gutter = digit * lines.to_string().len().max(2) as f32 + 16.0;
    let mut output = ui
        .horizontal_top(|ui| {
            ui.add_space(gutter);
            egui::TextEdit::multiline(text)
                .id(editor.id)
                .hint_text(editor.hint)
                .font(egui::TextStyle::Monospace)
                .code_editor()
                .layouter(layouter)
                .desired_rows(editor.rows)
                .desired_width(f32::INFINITY)
                .show(ui)
        })
        .inner;
    output.response.response = output.response.response.clone().labelled_by(editor.label);
    if edited {
        output.response.response.mark_changed();
    }
    let gutter_rect = egui::Rect::from_min_max(
        egui::pos2(
            output.response.rect.left() - gutter,
            output.response.rect.top(),
        ),
        egui::pos2(
            output.response.rect.left() - 4.0,
            output.response.rect.bottom(),
        ),
    );
    paint_gutter(ui, &output, gutter_rect, &font, editor, lines);
    if let Some(error) = &editor.error {
        ui.colored_label(theme::error_color(ui.visuals()), &error.shown);
    }
    output
}

/// Runs Enter and bracket keys through the rules; true when the text changed.
fn apply_key_rules(ui: &mut egui::Ui, text: &mut String, id: egui::Id) -> bool {
    let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), id) else {
        return false;
    };
    let Some(range) = state.cursor.char_range() else {
        return false;
    };
    // A selection is replaced the plain way.
    if range.primary.index != range.secondary.index {
        return false;
    }
    let cursor = byte_offset(text, range.primary.index.into());
    let edit = ui.input_mut(|i| {
        if i.consume_key(egui::Modifiers::NONE, egui::Key::Enter) {
            return code_edit_rules::enter(text, cursor).or_else(|| {
                // Off a boundary: a plain newline at the end rather than a lost key.
                Some(Edited {
                    text: format!("{text}\n"),
                    cursor: text.len() + 1,
                })
            });
        }
        let typed: Vec<usize> = i
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e, egui::Event::Text(_)))
            .map(|(n, _)| n)
            .collect();
        // One character typed this frame: several (a paste, IME) go in as they are.
        let [only] = typed[..] else { return None };
        let egui::Event::Text(typed_text) = &i.events[only] else {
            return None;
        };
        let mut chars = typed_text.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return None;
        };
        let edit = code_edit_rules::typed(text, cursor, c)?;
        i.events.remove(only);
        Some(edit)
    });
    let Some(edit) = edit else { return false };
    let changed = edit.text != *text;
    let chars = edit.text[..edit.cursor.min(edit.text.len())]
        .chars()
        .count();
    *text = edit.text;
    state
        .cursor
        .set_char_range(Some(CCursorRange::one(CCursor::new(chars))));
    state.store(ui.ctx(), id);
    changed
}

/// The byte offset of the `chars`-th character (the end when past it).
fn byte_offset(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// Line numbers beside the rows they start, the error's marker and tint, and an
/// accessible name for the gutter and the marker.
fn paint_gutter(
    ui: &mut egui::Ui,
    output: &egui::text_edit::TextEditOutput,
    rect: egui::Rect,
    font: &egui::FontId,
    editor: &CodeEditor<'_>,
    lines: usize,
) {
    // The gutter and the text's visible part, inside whatever scrolls the editor.
    let painter = ui
        .painter()
        .with_clip_rect(ui.clip_rect().intersect(rect.union(output.text_clip_rect)));
    let visuals = ui.visuals().clone();
    let number_color = theme::hint_color(&visuals);
    let error_line = editor.error.as_ref().map(|e| e.line);
    let visible = painter.clip_rect();
    let red = theme::error_color(&visuals);
    let mut line = 0;
    let mut starts_line = true;
    for row in &output.galley.rows {
        let first_row = starts_line;
        if first_row {
            line += 1;
        }
        starts_line = row.ends_with_newline;
        let row_rect = row.rect().translate(output.galley_pos.to_vec2());
        // Long texts: only the rows in sight are painted.
        if row_rect.bottom() < visible.top() || row_rect.top() > visible.bottom() {
            continue;
        }
        if error_line == Some(line) {
            // Every row of the line at fault (wrapped ones too) is tinted.
            let tint = egui::Rect::from_x_y_ranges(
                row_rect.left()..=output.text_clip_rect.right(),
                row_rect.y_range(),
            );
            painter.rect_filled(tint, 0.0, red.gamma_multiply(0.18));
            if first_row {
                let dot = egui::pos2(rect.left() + 5.0, row_rect.center().y);
                painter.circle_filled(dot, 3.5, red);
            }
        }
        if first_row {
            painter.text(
                egui::pos2(rect.right() - 4.0, row_rect.top()),
                egui::Align2::RIGHT_TOP,
                line.to_string(),
                font.clone(),
                number_color,
            );
        }
    }
    let gutter_name = format!("Line numbers 1 to {lines}");
    ui.interact(rect, editor.id.with("gutter"), egui::Sense::hover())
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &gutter_name));
    if let Some(error) = &editor.error {
        let row_top = marker_row_top(output, error.line).unwrap_or(rect.top());
        let marker = egui::Rect::from_min_size(
            egui::pos2(rect.left(), row_top),
            egui::vec2(rect.width(), font.size + 2.0),
        );
        let name = format!("Line {}: {}", error.line, error.message);
        ui.interact(marker, editor.id.with("error_marker"), egui::Sense::hover())
            .on_hover_text(&error.shown)
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &name));
    }
}

/// The screen top of the first row of `line` (from 1).
fn marker_row_top(output: &egui::text_edit::TextEditOutput, line: usize) -> Option<f32> {
    let mut current = 1;
    let mut starts_line = true;
    for row in &output.galley.rows {
        if starts_line {
            if current == line {
                return Some(row.rect().top() + output.galley_pos.y);
            }
            current += 1;
        }
        starts_line = row.ends_with_newline;
    }
    None
}
