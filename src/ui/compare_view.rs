//! The Compare view of two answers: the ignore patterns, a summary, Previous/Next change,
//! and the differences: a list of changed JSON paths, two columns of text lines, or a
//! sentence about two binary bodies.
//!
//! It only draws and edits its [`CompareState`]; what the app must do (run the comparison
//! again, close the view) comes back as [`CompareRequest`]s.

use crate::diff::{BodyComparison, Change, ChangeKind, TextLine, TextLineKind};
use egui::{Align, Layout, RichText, UiBuilder};

use crate::state::compare::{ChangeRow, CompareState, Compared, TextRow};

use super::format;

/// Longest text a cell of the side-by-side view lays out, in characters: a megabyte-long
/// line would otherwise be laid out every frame only to be cut at the column's edge.
const CELL_CHARS: usize = 2_000;

/// Longest value shown on hover over a JSON change, in characters.
const HOVER_CHARS: usize = 20_000;

/// Rows kept above a row jumped to, so it is not glued to the top edge.
const ROWS_ABOVE_JUMP: f32 = 3.0;

/// What the app must do after a frame of the Compare view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareRequest {
    /// The ignore text changed (the state is already pending): save
    /// [`CompareState::ignore_text`] for this request and run [`CompareState::job`] again.
    Recompute,
    /// The sides were swapped (the state already did it and is pending): run
    /// [`CompareState::job`] again.
    SwapSides,
    /// The user closed the view.
    Close,
}

/// Draws the Compare view over `state`; returns what the app must do.
pub fn show(ui: &mut egui::Ui, state: &mut CompareState) -> Vec<CompareRequest> {
    let mut requests = Vec::new();
    header(ui, state, &mut requests);
    ignore_editor(ui, state, &mut requests);
    navigation(ui, state);
    ui.separator();
    let jump = state.take_scroll_request();
    let selected_row = state.selected_row();
    let mut clicked = None;
    match state.compared() {
        // The summary line already says "Comparing…".
        None => {
            ui.spinner();
        }
        Some(compared) => match &compared.comparison {
            BodyComparison::Json(changes) => {
                let target = jump.then_some(selected_row).flatten();
                clicked = change_list(ui, compared, changes, selected_row, target);
            }
            BodyComparison::Text(lines) => {
                let target = jump.then_some(selected_row).flatten();
                side_by_side(ui, state, compared, lines, selected_row, target);
            }
            BodyComparison::Binary {
                equal,
                left_len,
                right_len,
            } => {
                ui.label(binary_sentence(*equal, *left_len, *right_len));
            }
        },
    }
    if let Some(stop) = clicked {
        state.select(stop);
    }
    requests
}

/// "Compare  left  vs  right", with Swap sides and Close.
fn header(ui: &mut egui::Ui, state: &mut CompareState, requests: &mut Vec<CompareRequest>) {
    ui.horizontal(|ui| {
        ui.strong(format!(
            "Compare  {}  vs  {}",
            state.left.label, state.right.label
        ));
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            if ui.button("Close comparison").clicked() {
                requests.push(CompareRequest::Close);
            }
            if ui
                .button("Swap sides")
                .on_hover_text("Show the right answer on the left")
                .clicked()
            {
                state.swap_sides();
                requests.push(CompareRequest::SwapSides);
            }
        });
    });
}

/// The "Ignore paths" editor and the lines it refused.
fn ignore_editor(ui: &mut egui::Ui, state: &mut CompareState, requests: &mut Vec<CompareRequest>) {
    let label = ui
        .label("Ignore paths")
        .on_hover_text("One JSONPath per line; matching paths and their contents are not compared");
    let edited = ui
        .add(
            egui::TextEdit::multiline(&mut state.ignore_text)
                .id_salt("compare_ignore_paths")
                .hint_text("$..updatedAt")
                .font(egui::TextStyle::Monospace)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id)
        .changed();
    if edited {
        state.ignore_edited();
        requests.push(CompareRequest::Recompute);
    }
    let dark = ui.visuals().dark_mode;
    for problem in state.ignore_problems() {
        ui.colored_label(
            format::error_color(dark),
            format!("Line {}: {} (skipped)", problem.line, problem.message),
        );
    }
}

/// The summary, Previous/Next change (buttons, F7 and Shift+F7) and Copy path.
fn navigation(ui: &mut egui::Ui, state: &mut CompareState) {
    // Function keys: they type nothing, so they also work while the ignore editor has focus.
    let (previous_key, next_key) = ui.input_mut(|i| {
        let previous = i.consume_key(egui::Modifiers::SHIFT, egui::Key::F7);
        (
            previous,
            !previous && i.consume_key(egui::Modifiers::NONE, egui::Key::F7),
        )
    });
    let can_move = state.stop_count() > 0;
    ui.horizontal(|ui| {
        ui.label(state.summary_line());
        ui.separator();
        let previous = ui
            .add_enabled(can_move, egui::Button::new("Previous change"))
            .on_hover_text("Shift+F7");
        if previous.clicked() || previous_key {
            state.previous();
        }
        let next = ui
            .add_enabled(can_move, egui::Button::new("Next change"))
            .on_hover_text("F7");
        if next.clicked() || next_key {
            state.next();
        }
        let path = state.selected_path().map(str::to_owned);
        let copy = ui
            .add_enabled(path.is_some(), egui::Button::new("Copy path"))
            .on_hover_text("Copy the selected change's JSONPath");
        if copy.clicked()
            && let Some(path) = path
        {
            ui.ctx().copy_text(path);
        }
    });
}

/// Height of one row of the change list or the text columns.
fn row_height(ui: &egui::Ui) -> f32 {
    let text = ui
        .text_style_height(&egui::TextStyle::Monospace)
        .max(ui.text_style_height(&egui::TextStyle::Body));
    (text + 2.0 * ui.spacing().button_padding.y).max(ui.spacing().interact_size.y)
}

/// Where to scroll so that `row` shows a few rows below the top.
fn jump_offset(ui: &egui::Ui, row: usize, row_h: f32) -> f32 {
    let with_spacing = row_h + ui.spacing().item_spacing.y;
    ((row as f32 - ROWS_ABOVE_JUMP) * with_spacing).max(0.0)
}

/// Width of one character in the monospace font.
fn monospace_width(ui: &egui::Ui, c: char) -> f32 {
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    ui.ctx().fonts_mut(|f| f.glyph_width(&font, c))
}

/// The kind's word and colour.
fn kind_badge(kind: ChangeKind, dark: bool) -> RichText {
    let (word, color) = match kind {
        ChangeKind::Added => ("added", added_color(dark)),
        ChangeKind::Removed => ("removed", format::error_color(dark)),
        ChangeKind::Changed => ("changed", format::warning_color(dark)),
    };
    RichText::new(word).monospace().strong().color(color)
}

/// Green for what only the right side has.
fn added_color(dark: bool) -> egui::Color32 {
    format::status_color(200, dark)
}

/// The JSON changes, one row each, virtualised; returns the stop clicked.
fn change_list(
    ui: &mut egui::Ui,
    compared: &Compared,
    changes: &[Change],
    selected_row: Option<usize>,
    jump_to: Option<usize>,
) -> Option<usize> {
    if changes.is_empty() {
        ui.weak("The two answers are the same (apart from ignored paths).");
        return None;
    }
    let row_h = row_height(ui);
    let dark = ui.visuals().dark_mode;
    let mut area = egui::ScrollArea::vertical()
        .id_salt("compare_changes")
        .auto_shrink([false, false]);
    if let Some(row) = jump_to {
        area = area.vertical_scroll_offset(jump_offset(ui, row, row_h));
    }
    let mut clicked = None;
    area.show_rows(ui, row_h, compared.change_rows.len(), |ui, rows| {
        for i in rows {
            let (Some(row), Some(change)) = (compared.change_rows.get(i), changes.get(i)) else {
                continue;
            };
            let selected = selected_row == Some(i);
            if change_row(ui, row, change, selected, row_h, dark) {
                // In a JSON comparison every change is a stop, in order.
                clicked = Some(i);
            }
        }
    });
    clicked
}

/// One change: badge, path (a selectable button), `left → right`. Returns whether the path
/// was clicked.
fn change_row(
    ui: &mut egui::Ui,
    row: &ChangeRow,
    change: &Change,
    selected: bool,
    row_h: f32,
    dark: bool,
) -> bool {
    let rect = egui::Rect::from_min_size(ui.cursor().min, egui::vec2(ui.available_width(), row_h));
    if selected {
        ui.painter().rect_filled(
            rect,
            2.0,
            ui.visuals().selection.bg_fill.gamma_multiply(0.35),
        );
    }
    let mut cells = ui.new_child(
        UiBuilder::new()
            .id_salt(("compare_change", &row.path))
            .max_rect(rect)
            .layout(Layout::left_to_right(Align::Center)),
    );
    let badge_w = 8.0 * monospace_width(ui, 'm');
    let badge_rect = egui::Rect::from_min_size(rect.min, egui::vec2(badge_w, row_h));
    cells.scope_builder(UiBuilder::new().max_rect(badge_rect), |ui| {
        ui.set_min_width(badge_w);
        ui.label(kind_badge(row.kind, dark));
    });
    let path_w = (rect.width() * 0.4).max(120.0);
    let clicked = cells
        .scope(|ui| {
            ui.set_max_width(path_w);
            ui.add(
                egui::Button::selectable(selected, RichText::new(&row.path).monospace()).truncate(),
            )
            .on_hover_text(&row.path)
            .clicked()
        })
        .inner;
    let values = format!(
        "{} → {}",
        row.left.as_deref().unwrap_or("—"),
        row.right.as_deref().unwrap_or("—")
    );
    cells
        .add(
            egui::Label::new(RichText::new(values).monospace())
                .truncate()
                .show_tooltip_when_elided(false),
        )
        .on_hover_ui(|ui| full_values(ui, change));
    ui.advance_cursor_after_rect(rect);
    clicked
}

/// Both values of a change, pretty-printed (cut when very long).
fn full_values(ui: &mut egui::Ui, change: &Change) {
    let pretty = |v: &Option<serde_json::Value>| match v {
        None => "—".to_owned(),
        Some(v) => {
            let text = serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string());
            cut(&text, HOVER_CHARS)
        }
    };
    ui.strong("Left");
    ui.monospace(pretty(&change.left));
    ui.strong("Right");
    ui.monospace(pretty(&change.right));
}

/// `text` up to `max` characters, with `…` when cut.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// The text comparison in two columns, virtualised.
fn side_by_side(
    ui: &mut egui::Ui,
    state: &CompareState,
    compared: &Compared,
    lines: &[TextLine],
    selected_row: Option<usize>,
    jump_to: Option<usize>,
) {
    let row_h = row_height(ui);
    let dark = ui.visuals().dark_mode;
    // No line number is above the count of lines.
    let digits = lines.len().max(1).to_string().len();
    let number_w = (digits as f32 + 1.0) * monospace_width(ui, '0');
    ui.columns(2, |columns| {
        columns[0].strong(format!("Left: {}", state.left.label));
        columns[1].strong(format!("Right: {}", state.right.label));
    });
    // The rows of the selected block: from its first row to the next unchanged row.
    let selected_block = selected_row.map(|start| {
        let end = compared
            .text_rows
            .get(start..)
            .unwrap_or_default()
            .iter()
            .position(|r| !row_changed(lines, r))
            .map_or(compared.text_rows.len(), |n| start + n);
        start..end
    });
    let mut area = egui::ScrollArea::vertical()
        .id_salt("compare_text")
        .auto_shrink([false, false]);
    if let Some(row) = jump_to {
        area = area.vertical_scroll_offset(jump_offset(ui, row, row_h));
    }
    area.show_rows(ui, row_h, compared.text_rows.len(), |ui, rows| {
        for i in rows {
            let Some(row) = compared.text_rows.get(i) else {
                continue;
            };
            let rect =
                egui::Rect::from_min_size(ui.cursor().min, egui::vec2(ui.available_width(), row_h));
            let gap = ui.spacing().item_spacing.x;
            let half = (rect.width() - gap) / 2.0;
            let left = egui::Rect::from_min_size(rect.min, egui::vec2(half, row_h));
            let right = egui::Rect::from_min_size(
                egui::pos2(rect.min.x + half + gap, rect.min.y),
                egui::vec2(half, row_h),
            );
            if selected_block.as_ref().is_some_and(|b| b.contains(&i)) {
                let bar = egui::Rect::from_min_size(rect.min, egui::vec2(3.0, row_h));
                ui.painter()
                    .rect_filled(bar, 0.0, ui.visuals().selection.bg_fill);
            }
            let cell = |side: Side, index: Option<usize>| {
                index.and_then(|n| lines.get(n)).map(|l| (side, l))
            };
            text_cell(
                ui,
                left,
                ("left", i),
                cell(Side::Left, row.left),
                number_w,
                dark,
            );
            text_cell(
                ui,
                right,
                ("right", i),
                cell(Side::Right, row.right),
                number_w,
                dark,
            );
            ui.advance_cursor_after_rect(rect);
        }
    });
}

/// Which column a cell is in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

/// Whether a side-by-side row shows a removed or added line.
fn row_changed(lines: &[TextLine], row: &TextRow) -> bool {
    [row.left, row.right]
        .into_iter()
        .flatten()
        .any(|i| lines.get(i).is_some_and(|l| l.kind != TextLineKind::Same))
}

/// One cell: the line number and the line, tinted when removed (left) or added (right);
/// blank when the other side has no partner line.
fn text_cell(
    ui: &mut egui::Ui,
    rect: egui::Rect,
    salt: (&str, usize),
    line: Option<(Side, &TextLine)>,
    number_w: f32,
    dark: bool,
) {
    let Some((side, line)) = line else {
        ui.painter()
            .rect_filled(rect, 0.0, ui.visuals().faint_bg_color);
        return;
    };
    let tint = match line.kind {
        TextLineKind::Removed => Some(format::error_color(dark)),
        TextLineKind::Added => Some(added_color(dark)),
        TextLineKind::Same => None,
    };
    if let Some(color) = tint {
        ui.painter()
            .rect_filled(rect, 0.0, color.gamma_multiply(0.18));
    }
    let number = match side {
        Side::Left => line.left_no,
        Side::Right => line.right_no,
    };
    let mut cell = ui.new_child(
        UiBuilder::new()
            .id_salt(salt)
            .max_rect(rect)
            .layout(Layout::left_to_right(Align::Center)),
    );
    let number_rect = egui::Rect::from_min_size(rect.min, egui::vec2(number_w, rect.height()));
    cell.scope_builder(
        UiBuilder::new()
            .max_rect(number_rect)
            .layout(Layout::right_to_left(Align::Center)),
        |ui| {
            ui.set_min_width(number_w);
            ui.label(
                RichText::new(number.map(|n| n.to_string()).unwrap_or_default())
                    .monospace()
                    .weak(),
            );
        },
    );
    let marker = match line.kind {
        TextLineKind::Removed => "-",
        TextLineKind::Added => "+",
        TextLineKind::Same => " ",
    };
    cell.add(egui::Label::new(
        RichText::new(marker)
            .monospace()
            .color(tint.unwrap_or(ui.visuals().weak_text_color())),
    ));
    cell.add(egui::Label::new(RichText::new(cut(&line.text, CELL_CHARS)).monospace()).truncate());
}

/// What is known of two bodies that are not both text: their sizes and whether they are
/// the same bytes.
fn binary_sentence(equal: bool, left_len: usize, right_len: usize) -> String {
    let size = crate::body::format_size;
    if equal {
        format!("The bodies are the same bytes ({} each).", size(left_len))
    } else {
        format!(
            "At least one body is not text, and they differ: {} on the left, {} on the right.",
            size(left_len),
            size(right_len)
        )
    }
}
