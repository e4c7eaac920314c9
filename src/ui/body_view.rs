//! [`BodyView`]: a virtualized, highlighted, line-numbered view of any [`Rows`] document.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

use egui::text::LayoutJob;
use egui::{
    Align, Align2, FontId, Key, Label, Layout, Rect, ScrollArea, TextStyle, Ui, UiBuilder, pos2,
    vec2,
};

use super::body_wrap::{MAX_WRAPPED_ROWS, WrapIndex};
use super::highlight::{
    BodyKind, JsonState, SYNTECT_MAX_DOC_BYTES, SYNTECT_MAX_LINE_BYTES, highlighter_ready,
    layout_json_fast, layout_json_syntect, layout_plain, scan_json_state, syntect_usable,
};
use super::marks::mark_ranges;
use crate::body::{Rows, SearchResults};

/// At most this many highlighted rows are kept; past it, rows that are not
/// visible are dropped.
const MAX_CACHED_ROWS: usize = 4096;
/// At most this many chunk lexer states are kept.
const MAX_CACHED_STATES: usize = 1 << 20;

/// What the cached rows were highlighted for; any change clears the cache.
#[derive(Clone, Debug, PartialEq)]
struct CacheKey {
    doc: u64,
    kind: BodyKind,
    dark: bool,
    syntect: bool,
    font: FontId,
    /// Identity of the search results marked, and the current match.
    marks: Option<(usize, Option<usize>)>,
}

/// How rows are drawn this frame.
#[derive(Clone, Copy)]
struct RowLook<'a> {
    syntax: BodyKind,
    font: &'a FontId,
    dark: bool,
    syntect: bool,
    row_h: f32,
    char_w: f32,
    gutter_w: f32,
}

/// Search matches to mark in the view, and which one is current.
#[derive(Clone, Debug)]
pub struct SearchMarks {
    /// Every match, by row.
    pub results: Arc<SearchResults>,
    /// The current match (marked in a stronger colour).
    pub current: Option<usize>,
}

/// A scrollable view of a body document that lays out and highlights only the
/// visible rows, so its cost per frame does not depend on the body size.
///
/// Keep one per place a body is shown and call [`BodyView::show`] every frame.
/// Rows are selectable labels (drag across rows to select and copy); Home, End,
/// PageUp and PageDown scroll while the pointer is over the view and no widget
/// has keyboard focus.
#[derive(Default)]
pub struct BodyView {
    key: Option<CacheKey>,
    /// Highlighted rows by row index.
    rows: HashMap<usize, Arc<LayoutJob>>,
    /// Lexer state at the end of rows of chunked long lines.
    states: HashMap<usize, JsonState>,
    pending_scroll: Option<usize>,
    /// The scroll area's screen rectangle last frame.
    last_rect: Option<Rect>,
    /// Row height last frame.
    last_row_h: f32,
    visible: Range<usize>,
    marks: Option<SearchMarks>,
    /// Long lines wrap at the view's width (see [`BodyView::set_wrap`]).
    wrap: bool,
    /// The wrap index drawn with (its width may lag a resize by a few frames).
    wrap_ready: Option<WrapIndex>,
    /// The wrap index being built for the current document and width.
    wrap_building: Option<WrapIndex>,
}

impl BodyView {
    /// An empty view.
    pub fn new() -> Self {
        Self::default()
    }

    /// Scrolls so that row `row` is at the top on the next [`BodyView::show`]
    /// (clamped: `usize::MAX` scrolls to the end).
    pub fn scroll_to_line(&mut self, row: usize) {
        self.pending_scroll = Some(row);
    }

    /// Scrolls so that row `row` is a third of the way down the view, with
    /// context above it (for a search match).
    pub fn reveal_line(&mut self, row: usize) {
        let rows_shown = match self.last_rect {
            Some(rect) if self.last_row_h > 0.0 => (rect.height() / self.last_row_h) as usize,
            _ => 9,
        };
        self.scroll_to_line(row.saturating_sub(rows_shown / 3));
    }

    /// Scrolls to the last row on the next [`BodyView::show`].
    pub fn scroll_to_end(&mut self) {
        self.scroll_to_line(usize::MAX);
    }

    /// The rows laid out by the last [`BodyView::show`].
    pub fn visible_rows(&self) -> Range<usize> {
        self.visible.clone()
    }

    /// Marks these search matches from the next [`BodyView::show`] on
    /// (`None` removes the marks).
    pub fn set_marks(&mut self, marks: Option<SearchMarks>) {
        self.marks = marks;
    }

    /// Wraps long lines at the view's width from the next [`BodyView::show`] on (off:
    /// they run on, scrolled sideways). Rows keep a fixed height: a long line takes
    /// several, counted a slice per frame, so a big body stays lazy.
    pub fn set_wrap(&mut self, wrap: bool) {
        self.wrap = wrap;
        if !wrap {
            self.wrap_ready = None;
            self.wrap_building = None;
        }
    }

    /// Number of highlighted rows currently cached.
    pub fn cached_rows(&self) -> usize {
        self.rows.len()
    }

    /// Shows `doc` in a scroll area (id from `id_salt`) filling the available
    /// space, with a line-number gutter, highlighted as `syntax`.
    ///
    /// Only the visible rows are laid out; each is highlighted once and cached
    /// until the document, kind, theme or font changes. Returns the visible rows.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        doc: &dyn Rows,
        syntax: BodyKind,
        id_salt: impl Hash,
    ) -> Range<usize> {
        let mut hasher = std::hash::DefaultHasher::new();
        id_salt.hash(&mut hasher);
        let salt = ("ayon_body_view", hasher.finish());

        let font = TextStyle::Monospace.resolve(ui.style());
        let dark = ui.visuals().dark_mode;
        let wants_syntect = syntax == BodyKind::Json && doc.len_bytes() <= SYNTECT_MAX_DOC_BYTES;
        let syntect = wants_syntect && syntect_usable();
        if wants_syntect && !syntect && !highlighter_ready() {
            // Warming up on another thread: show cheap colours, look again soon.
            ui.ctx().request_repaint_after(Duration::from_millis(100));
        }
        let key = CacheKey {
            doc: doc.id(),
            kind: syntax,
            dark,
            syntect,
            font: font.clone(),
            marks: self
                .marks
                .as_ref()
                .map(|m| (Arc::as_ptr(&m.results) as usize, m.current)),
        };
        if self.key.as_ref() != Some(&key) {
            if self.key.as_ref().map(|k| k.doc) != Some(key.doc) {
                self.states.clear();
            }
            self.rows.clear();
            self.key = Some(key);
        }

        let row_h = ui.text_style_height(&TextStyle::Monospace);
        let char_w = ui.ctx().fonts_mut(|f| f.glyph_width(&font, '0')).max(1.0);
        let total = doc.line_count();
        let digits = doc.logical_line_count().max(1).ilog10() as f32 + 1.0;
        let gutter_w = (digits + 2.0) * char_w;
        let content_w = gutter_w + (doc.max_line_len() as f32 + 1.0) * char_w;

        self.handle_keys(ui, total, row_h);

        if let Some(index) = self.wrap_index(ui, doc, gutter_w, char_w) {
            let look = RowLook {
                syntax,
                font: &font,
                dark,
                syntect,
                row_h,
                char_w,
                gutter_w,
            };
            self.show_wrapped(ui, doc, &index, &look, salt);
            self.wrap_ready = Some(index);
            return self.visible.clone();
        }

        let mut area = ScrollArea::both()
            .id_salt(salt)
            .auto_shrink([false, false])
            .content_margin(0.0);
        if let Some(row) = self.pending_scroll.take() {
            // Clamp to the real end: an overshoot would make the area spring
            // back over several frames.
            let view_h = self
                .last_rect
                .map_or_else(|| ui.available_height(), |r| r.height());
            let max_offset = (total as f32 * row_h - view_h).max(0.0);
            area = area.vertical_scroll_offset((row.min(total) as f32 * row_h).min(max_offset));
        }

        let output = ui
            .scope(|ui| {
                ui.spacing_mut().item_spacing.y = 0.0;
                area.show_rows(ui, row_h, total, |ui, rows| {
                    ui.set_min_width(content_w);
                    self.visible = rows.clone();
                    let top = ui.max_rect().top();
                    let left = ui.max_rect().left();
                    let text_w = (content_w - gutter_w).max(ui.available_width());
                    for (k, row) in rows.clone().enumerate() {
                        let y = top + k as f32 * row_h;
                        let job = self.row_job(doc, row, syntax, &font, dark, syntect);
                        let rect =
                            Rect::from_min_size(pos2(left + gutter_w, y), vec2(text_w, row_h));
                        ui.scope_builder(
                            UiBuilder::new()
                                .max_rect(rect)
                                .layout(Layout::left_to_right(Align::Min)),
                            |ui| ui.add(Label::new(job).selectable(true).extend()),
                        );
                    }
                    let placed = rows
                        .enumerate()
                        .map(|(k, row)| (row, top + k as f32 * row_h));
                    paint_gutter(ui, doc, placed, (gutter_w, char_w), &font);
                })
            })
            .inner;
        self.last_rect = Some(output.inner_rect);
        self.last_row_h = row_h;
        self.visible.clone()
    }

    /// The wrap index to draw with, when wrapping is on and one is ready for `doc`;
    /// builds the one for the current width a slice per frame.
    fn wrap_index(
        &mut self,
        ui: &Ui,
        doc: &dyn Rows,
        gutter_w: f32,
        char_w: f32,
    ) -> Option<WrapIndex> {
        if !self.wrap || doc.line_count() > MAX_WRAPPED_ROWS {
            return None;
        }
        let scrollbar = ui.spacing().scroll.bar_width + ui.spacing().scroll.bar_outer_margin;
        let text_w = ui.available_width() - gutter_w - scrollbar - char_w;
        let cols = ((text_w / char_w).floor() as usize).max(20);
        let current = self
            .wrap_ready
            .as_ref()
            .is_some_and(|w| w.is_for(doc, cols));
        if current {
            self.wrap_building = None;
        } else {
            let building = self
                .wrap_building
                .take()
                .filter(|w| w.is_for(doc, cols))
                .unwrap_or_else(|| WrapIndex::new(doc, cols));
            let mut building = building;
            if building.advance(doc) {
                self.wrap_ready = Some(building);
            } else {
                self.wrap_building = Some(building);
                ui.ctx().request_repaint();
            }
        }
        self.wrap_ready.take().filter(|w| w.is_for_doc(doc))
    }

    /// Draws `doc` with long lines wrapped as `index` says: only the visible rows are
    /// laid out, each at its first visual row, as tall as the rows it takes.
    fn show_wrapped(
        &mut self,
        ui: &mut Ui,
        doc: &dyn Rows,
        index: &WrapIndex,
        look: &RowLook<'_>,
        salt: (&str, u64),
    ) {
        let RowLook {
            syntax,
            font,
            dark,
            syntect,
            row_h,
            char_w,
            gutter_w,
        } = *look;
        let total = index.total();
        let text_w = index.cols() as f32 * char_w + char_w * 0.5;
        let mut area = ScrollArea::vertical()
            .id_salt((salt, "wrapped"))
            .auto_shrink([false, false])
            .content_margin(0.0);
        if let Some(row) = self.pending_scroll.take() {
            let view_h = self
                .last_rect
                .map_or_else(|| ui.available_height(), |r| r.height());
            let visual = index.first_visual(row.min(doc.line_count()));
            let max_offset = (total as f32 * row_h - view_h).max(0.0);
            area = area.vertical_scroll_offset((visual as f32 * row_h).min(max_offset));
        }
        let output = ui
            .scope(|ui| {
                ui.spacing_mut().item_spacing.y = 0.0;
                area.show_rows(ui, row_h, total, |ui, visual| {
                    let top = ui.max_rect().top();
                    let left = ui.max_rect().left();
                    if visual.is_empty() || doc.line_count() == 0 {
                        self.visible = 0..0;
                        return;
                    }
                    let first = index.row_at(visual.start);
                    let last = index.row_at(visual.end - 1);
                    self.visible = first..last + 1;
                    let y_of = |row: usize| {
                        top + (index.first_visual(row) as f32 - visual.start as f32) * row_h
                    };
                    for row in first..=last {
                        let rows = index.rows_of(row);
                        let mut job =
                            (*self.row_job(doc, row, syntax, font, dark, syntect)).clone();
                        job.wrap = egui::text::TextWrapping {
                            max_width: text_w,
                            max_rows: rows,
                            break_anywhere: true,
                            overflow_character: Some('…'),
                        };
                        let galley = ui.fonts_mut(|f| f.layout_job(job));
                        let rect = Rect::from_min_size(
                            pos2(left + gutter_w, y_of(row)),
                            vec2(text_w, rows as f32 * row_h),
                        );
                        ui.scope_builder(
                            UiBuilder::new()
                                .max_rect(rect)
                                .layout(Layout::left_to_right(Align::Min)),
                            |ui| ui.add(Label::new(galley).selectable(true)),
                        );
                    }
                    let placed = (first..=last).map(|row| (row, y_of(row)));
                    paint_gutter(ui, doc, placed, (gutter_w, char_w), font);
                })
            })
            .inner;
        self.last_rect = Some(output.inner_rect);
        self.last_row_h = row_h;
    }

    /// Home/End/PageUp/PageDown while hovered and nothing has keyboard focus.
    fn handle_keys(&mut self, ui: &Ui, total: usize, row_h: f32) {
        let Some(rect) = self.last_rect else {
            return;
        };
        if !ui.rect_contains_pointer(rect) || ui.memory(|m| m.focused().is_some()) {
            return;
        }
        let page = ((rect.height() / row_h.max(1.0)) as usize)
            .saturating_sub(1)
            .max(1);
        let first = self.visible.start;
        ui.input(|i| {
            if i.key_pressed(Key::Home) {
                self.pending_scroll = Some(0);
            } else if i.key_pressed(Key::End) {
                self.pending_scroll = Some(total);
            } else if i.key_pressed(Key::PageDown) {
                self.pending_scroll = Some(first + page);
            } else if i.key_pressed(Key::PageUp) {
                self.pending_scroll = Some(first.saturating_sub(page));
            }
        });
    }

    /// The highlighted row, from the cache or made now.
    fn row_job(
        &mut self,
        doc: &dyn Rows,
        row: usize,
        kind: BodyKind,
        font: &FontId,
        dark: bool,
        syntect: bool,
    ) -> Arc<LayoutJob> {
        if let Some(job) = self.rows.get(&row) {
            return Arc::clone(job);
        }
        if self.rows.len() >= MAX_CACHED_ROWS {
            let visible = self.visible.clone();
            self.rows.retain(|r, _| visible.contains(r));
        }
        let line = doc.row(row);
        let line = line.as_ref();
        let job = match kind {
            BodyKind::Plain => layout_plain(line, font),
            BodyKind::Json => {
                let chunked = doc.is_continuation(row) || doc.is_continuation(row + 1);
                let by_syntect = if syntect && !chunked && line.len() <= SYNTECT_MAX_LINE_BYTES {
                    layout_json_syntect(line, font, dark)
                } else {
                    None
                };
                match by_syntect {
                    Some(job) => job,
                    None => layout_json_fast(line, self.entry_state(doc, row), font, dark),
                }
            }
        };
        let mut job = job;
        if let Some(marks) = &self.marks {
            let ranges: Vec<_> = marks
                .results
                .spans_on(row)
                .map(|(range, index)| (range, mark_color(Some(index) == marks.current, dark)))
                .collect();
            mark_ranges(&mut job, &ranges);
        }
        let job = Arc::new(job);
        self.rows.insert(row, Arc::clone(&job));
        job
    }

    /// The lexer state at the start of `row`: `Normal` unless the row
    /// continues a long line, then computed from the line's earlier chunks
    /// (once; the states are cached).
    fn entry_state(&mut self, doc: &dyn Rows, row: usize) -> JsonState {
        if row == 0 || !doc.is_continuation(row) {
            return JsonState::Normal;
        }
        if let Some(in_string) = doc.starts_in_string(row) {
            return if in_string {
                JsonState::InString
            } else {
                JsonState::Normal
            };
        }
        if self.states.len() >= MAX_CACHED_STATES {
            self.states.clear();
        }
        let mut todo = Vec::new();
        let mut r = row - 1;
        let mut state = loop {
            if let Some(&state) = self.states.get(&r) {
                break state;
            }
            todo.push(r);
            if r == 0 || !doc.is_continuation(r) {
                break JsonState::Normal;
            }
            r -= 1;
        };
        for &r in todo.iter().rev() {
            state = scan_json_state(&doc.row(r), state);
            self.states.insert(r, state);
        }
        state
    }
}

/// Background of a search match (the current one stronger).
/// Paints the line-number gutter over the left edge of the visible area (rows scrolled
/// under it are covered): the logical line number of each `(row, y)` that starts a line.
fn paint_gutter(
    ui: &Ui,
    doc: &dyn Rows,
    placed: impl Iterator<Item = (usize, f32)>,
    (gutter_w, char_w): (f32, f32),
    font: &egui::FontId,
) {
    let clip = ui.clip_rect();
    let gutter = Rect::from_x_y_ranges(
        clip.left()..=clip.left() + gutter_w - char_w * 0.5,
        clip.y_range(),
    );
    let painter = ui.painter();
    painter.rect_filled(gutter, 0.0, ui.visuals().faint_bg_color);
    let color = ui.visuals().weak_text_color();
    for (row, y) in placed {
        if doc.is_continuation(row) {
            continue;
        }
        painter.text(
            pos2(clip.left() + gutter_w - char_w * 1.5, y),
            Align2::RIGHT_TOP,
            doc.logical_line_number(row).to_string(),
            font.clone(),
            color,
        );
    }
}

fn mark_color(current: bool, dark: bool) -> egui::Color32 {
    match (current, dark) {
        (true, true) => egui::Color32::from_rgb(0x9a, 0x6a, 0x00),
        (true, false) => egui::Color32::from_rgb(0xff, 0xb0, 0x30),
        (false, true) => egui::Color32::from_rgb(0x4a, 0x44, 0x10),
        (false, false) => egui::Color32::from_rgb(0xff, 0xee, 0x90),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::{MAX_ROW_BYTES, TextDocument};

    #[test]
    fn chunk_entry_states_follow_long_strings() {
        // One line: `["xxxx…"]` with a string spanning several rows.
        let text = format!("[\"{}\", 1]", "x".repeat(MAX_ROW_BYTES * 3));
        let doc = TextDocument::new(text);
        assert_eq!(doc.line_count(), 4);
        let mut view = BodyView::new();
        assert_eq!(view.entry_state(&doc, 0), JsonState::Normal);
        assert_eq!(view.entry_state(&doc, 3), JsonState::InString);
        assert_eq!(view.entry_state(&doc, 2), JsonState::InString);
        assert_eq!(view.states.len(), 3);
    }

    #[test]
    fn pretty_documents_know_their_entry_states() {
        let text = format!("[\"{}\", 1]", "x".repeat(MAX_ROW_BYTES * 3));
        let doc = crate::body::PrettyJson::build(crate::body::BodyText::from_string(text));
        let Ok(doc) = doc else {
            panic!("valid JSON");
        };
        let mut view = BodyView::new();
        let last_chunk = (0..doc.line_count())
            .rev()
            .find(|&r| doc.is_continuation(r));
        let Some(last_chunk) = last_chunk else {
            panic!("the long string is cut into rows");
        };
        assert_eq!(view.entry_state(&doc, last_chunk), JsonState::InString);
        assert!(view.states.is_empty(), "nothing was scanned");
    }
}
