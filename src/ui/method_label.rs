//! A method and a name in one line, the method in its colour (as the catalog shows it):
//! the collection tree's rows and the history list read the same.

use crate::http::HttpMethod;

use super::format;

/// The colour of a method named `method` (any case); `None` for one this app does not
/// know (an old history entry), which then keeps the widget's colour.
fn color_of(method: &str, dark: bool) -> Option<egui::Color32> {
    HttpMethod::from_name(method).map(|m| format::method_color(m, dark))
}

/// `method` alone, monospace, in its colour.
pub fn method_text(ui: &egui::Ui, method: &str) -> egui::RichText {
    let text = egui::RichText::new(method).monospace();
    match color_of(method, ui.visuals().dark_mode) {
        Some(color) => text.color(color),
        None => text,
    }
}

/// `method` then `text` as one text (`"GET List projects"` to screen readers and tests),
/// the method in its colour and the rest in the widget's own colour.
pub fn method_then(ui: &egui::Ui, method: &str, text: &str) -> egui::text::LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let dark = ui.visuals().dark_mode;
    let color = color_of(method, dark).unwrap_or(egui::Color32::PLACEHOLDER);
    let mut job = egui::text::LayoutJob::default();
    job.append(
        method,
        0.0,
        egui::text::TextFormat::simple(font.clone(), color),
    );
    job.append(
        &format!(" {text}"),
        0.0,
        egui::text::TextFormat::simple(font, egui::Color32::PLACEHOLDER),
    );
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_method_takes_the_catalogs_colour_and_the_rest_the_widgets() {
        let ctx = egui::Context::default();
        let mut checked = false;
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let dark = ui.visuals().dark_mode;
            let job = method_then(ui, "DELETE", "Remove project");
            assert_eq!(job.text, "DELETE Remove project");
            let color = |i: usize| job.sections[i].format.color;
            assert_eq!(color(0), format::method_color(HttpMethod::Delete, dark));
            assert_eq!(color(1), egui::Color32::PLACEHOLDER);
            let old = method_then(ui, "PURGE", "x");
            assert_eq!(old.sections[0].format.color, egui::Color32::PLACEHOLDER);
            checked = true;
        });
        // No renderer here to take the font atlas.
        output.textures_delta.clear();
        assert!(checked);
    }
}
