//! The hex view of a binary body: offset, 16 bytes in hex, their ASCII. Only the rows
//! on screen are formatted (`ScrollArea::show_rows`), and they are read from the body's
//! bytes where they are (memory, or the memory map of a spilled file), so a 100 MB body
//! scrolls like a small one.

use egui::{Label, RichText, ScrollArea, TextStyle};

use crate::body::HexDump;
use crate::state::TabId;

/// Draws `dump` in a scroll area filling the space left, under a caption of its size.
pub fn show(ui: &mut egui::Ui, dump: &HexDump, salt: (TabId, &str)) {
    let rows = dump.row_count();
    ui.weak(format!(
        "Hex: {} in {rows} rows of 16 bytes",
        crate::body::format_size(dump.len())
    ));
    let row_height = ui.text_style_height(&TextStyle::Monospace);
    ui.scope(|ui| {
        // Rows touch: `show_rows` places row i at i * (height + spacing).
        ui.spacing_mut().item_spacing.y = 0.0;
        ScrollArea::both()
            .id_salt(("hex_view", salt))
            .auto_shrink([false, false])
            .show_rows(ui, row_height, rows, |ui, range| {
                for i in range {
                    ui.add(Label::new(RichText::new(dump.row(i)).monospace()).extend());
                }
            });
    });
}
