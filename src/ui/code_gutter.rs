//! Line numbers beside a multi-line editor, and a mark on the line an error names: drawn
//! from the editor's own laid-out rows, so they stay level with the text when it scrolls
//! or wraps.

use egui::text_edit::TextEditOutput;

/// Room kept left of the editor for the numbers.
pub const GUTTER_WIDTH: f32 = 40.0;

/// Paints the numbers of the logical lines of `output` in the [`GUTTER_WIDTH`] left of
/// it, and marks `error_line` (from 1): a bar in the gutter and a tinted row.
pub fn paint(ui: &egui::Ui, output: &TextEditOutput, error_line: Option<usize>) {
    let painter = ui.painter();
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let weak = ui.visuals().weak_text_color();
    let error = super::format::error_color(ui.visuals().dark_mode);
    let right = output.response.rect.left() - 6.0;
    let mut line = 1;
    let mut starts_line = true;
    for row in &output.galley.rows {
        let rect = row.rect().translate(output.galley_pos.to_vec2());
        if starts_line {
            let marked = error_line == Some(line);
            if marked {
                let bar = egui::Rect::from_min_max(
                    egui::pos2(right - GUTTER_WIDTH + 8.0, rect.top()),
                    egui::pos2(right - GUTTER_WIDTH + 11.0, rect.bottom()),
                );
                painter.rect_filled(bar, 0.0, error);
            }
            painter.text(
                egui::pos2(right, rect.center().y),
                egui::Align2::RIGHT_CENTER,
                line.to_string(),
                font.clone(),
                if marked { error } else { weak },
            );
        }
        if error_line == Some(line) {
            let tint = egui::Rect::from_min_max(
                egui::pos2(output.response.rect.left(), rect.top()),
                egui::pos2(output.response.rect.right(), rect.bottom()),
            );
            painter.rect_filled(tint, 0.0, error.gamma_multiply(0.12));
        }
        starts_line = row.ends_with_newline;
        if row.ends_with_newline {
            line += 1;
        }
    }
}
