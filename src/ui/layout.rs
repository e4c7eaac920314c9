//! The window's panel sizes: each panel has a minimum and a maximum, so no sequence of
//! clicks, drags or wide content can push the request and its answer out of the window.

use egui::Rangef;

/// The sidebar's width when nothing was chosen yet: wide enough for
/// `/api/projects/{project_name}/folders` in the endpoint list.
pub const SIDEBAR_DEFAULT: f32 = 300.0;

/// The narrowest the sidebar gets.
pub const SIDEBAR_MIN: f32 = 200.0;

/// The narrowest the request and response area gets, beside the sidebar.
pub const CENTRAL_MIN_WIDTH: f32 = 520.0;

/// The composer's height when nothing was chosen yet: the URL row, the editor tabs and a
/// dozen lines of body.
pub const COMPOSER_DEFAULT: f32 = 300.0;

/// The least height left for the answer under the composer and above the events dock.
pub const RESPONSE_MIN_HEIGHT: f32 = 160.0;

/// The widths the sidebar may take in a window `window_width` wide: never more than 40%
/// of it, and never so much that the central area is narrower than [`CENTRAL_MIN_WIDTH`].
pub fn sidebar_range(window_width: f32) -> Rangef {
    let max = (window_width - CENTRAL_MIN_WIDTH)
        .min(window_width * 0.40)
        .max(SIDEBAR_MIN);
    Rangef::new(SIDEBAR_MIN, max)
}

/// The heights a top or bottom panel may take out of `available` (the height of the
/// central column), leaving the answer at least [`RESPONSE_MIN_HEIGHT`].
pub fn split_range(min: f32, available: f32) -> Rangef {
    Rangef::new(min, (available - RESPONSE_MIN_HEIGHT).max(min))
}

/// A row of exactly `height`, left to right, clipped rather than wrapped: what is drawn
/// after it never moves.
pub fn fixed_row(ui: &mut egui::Ui, height: f32, add_contents: impl FnOnce(&mut egui::Ui)) {
    let width = ui.available_width();
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_size(egui::vec2(width, height));
            ui.set_max_height(height);
            add_contents(ui);
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sidebar_leaves_the_central_area_its_width() {
        for width in [600.0, 900.0, 1200.0, 1920.0, 3840.0] {
            let range = sidebar_range(width);
            assert!(range.min <= range.max, "{width}");
            assert!(
                range.max <= width * 0.40 || range.max == SIDEBAR_MIN,
                "{width}"
            );
            if width >= SIDEBAR_MIN + CENTRAL_MIN_WIDTH {
                assert!(width - range.max >= CENTRAL_MIN_WIDTH, "{width}");
            }
        }
        assert!(sidebar_range(1200.0).contains(SIDEBAR_DEFAULT));
    }

    #[test]
    fn a_split_leaves_room_for_the_answer() {
        let range = split_range(120.0, 700.0);
        assert_eq!((range.min, range.max), (120.0, 540.0));
        // A window too short for both still gives the panel its minimum.
        assert_eq!(split_range(120.0, 200.0).max, 120.0);
    }
}
