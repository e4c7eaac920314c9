//! The picture view of a response: the decoded image (decoded by the worker that
//! prepared the response) over a checkerboard, its format and pixel size, Zoom to fit
//! or 1:1; a picture that could not be decoded says why and offers its bytes in hex.
//! Other binary bodies are shown in hex directly.

use std::sync::{Arc, Weak};

use egui::{Color32, Rect, Sense, TextureHandle, TextureOptions, pos2, vec2};

use crate::action::{Action, SharedAnswer};
use crate::body::{BodyPreview, DecodedImage};
use crate::state::{CompletedResponse, TabId};

use super::{format, hex_view};

/// Per-tab state of the picture view: the texture uploaded for the response shown
/// (once per response), and the choices made for it.
#[derive(Default)]
pub struct PictureView {
    /// The response the rest belongs to (weak: the tab owns it; the allocation it keeps
    /// makes the identity unambiguous).
    response: Weak<CompletedResponse>,
    texture: Option<TextureHandle>,
    /// 1:1 (one image pixel per screen pixel) rather than zoomed to fit.
    actual_size: bool,
    /// The bytes (hex, or the SVG's text) rather than the picture.
    show_bytes: bool,
}

impl PictureView {
    /// Starts afresh when `response` is not the one the state was for.
    fn follow(&mut self, response: &Arc<CompletedResponse>) {
        if !Weak::ptr_eq(&self.response, &Arc::downgrade(response)) {
            *self = Self {
                response: Arc::downgrade(response),
                ..Self::default()
            };
        }
    }

    /// The texture of `picture`, uploaded on first use for this response.
    fn texture(&mut self, ctx: &egui::Context, picture: &DecodedImage) -> Option<&TextureHandle> {
        if self.texture.is_none() {
            let size = [picture.pixel_width as usize, picture.pixel_height as usize];
            if size[0] * size[1] * 4 != picture.pixels.len() {
                return None;
            }
            let image = egui::ColorImage::from_rgba_premultiplied(size, &picture.pixels);
            self.texture =
                Some(ctx.load_texture("response_picture", image, TextureOptions::LINEAR));
        }
        self.texture.as_ref()
    }
}

/// Draws the body of `response` when it is a picture or binary (in hex for `raw`, the
/// Raw tab). Returns whether it drew the body; `false` leaves it to the text views (a
/// text body, or an SVG whose source was asked for).
pub fn show(
    ui: &mut egui::Ui,
    response: &Arc<CompletedResponse>,
    view: &mut PictureView,
    tab_id: TabId,
    raw: bool,
    actions: &mut Vec<Action>,
) -> bool {
    view.follow(response);
    let binary = matches!(response.preview, BodyPreview::Binary { .. });
    if raw {
        if binary {
            binary_caption(ui, &response.preview);
            hex_view::show(ui, &response.preview.hex(), (tab_id, "raw"));
        }
        return binary;
    }
    let bytes_label = if binary { "Show hex" } else { "Show text" };
    let Some(picture) = &response.picture else {
        if binary {
            binary_caption(ui, &response.preview);
            hex_view::show(ui, &response.preview.hex(), (tab_id, "body"));
        }
        return binary;
    };
    let Some(outcome) = picture.get() else {
        if picture.claim() {
            actions.push(Action::DecodePicture(SharedAnswer(Arc::clone(response))));
        }
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("Decoding the {}…", picture.format().name()));
        });
        binary_caption(ui, &response.preview);
        return true;
    };
    match outcome {
        Ok(decoded) if !view.show_bytes => {
            picture_view(ui, decoded, view, bytes_label);
            true
        }
        Err(error) if !view.show_bytes => {
            let dark = ui.visuals().dark_mode;
            ui.colored_label(
                format::error_color(dark),
                format!("Cannot show the picture: {error}."),
            );
            binary_caption(ui, &response.preview);
            if ui.button(bytes_label).clicked() {
                view.show_bytes = true;
            }
            true
        }
        _ => {
            if ui.button("Show picture").clicked() {
                view.show_bytes = false;
            }
            if binary {
                hex_view::show(ui, &response.preview.hex(), (tab_id, "body"));
            }
            binary
        }
    }
}

/// "Binary body: 12.0 KB (image/png)".
fn binary_caption(ui: &mut egui::Ui, preview: &BodyPreview) {
    if let Some(message) = preview.message() {
        ui.label(message);
    }
}

fn picture_view(
    ui: &mut egui::Ui,
    picture: &DecodedImage,
    view: &mut PictureView,
    bytes_label: &str,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(picture.describe());
        ui.separator();
        ui.selectable_value(&mut view.actual_size, false, "Zoom to fit")
            .on_hover_text("Scale the picture to the space there is");
        ui.selectable_value(&mut view.actual_size, true, "1:1")
            .on_hover_text("One picture pixel per screen pixel");
        ui.separator();
        if ui.button(bytes_label).clicked() {
            view.show_bytes = true;
        }
    });
    if picture.format == crate::body::PictureFormat::Svg {
        ui.weak("Drawn without fonts: text in the SVG is not shown.");
    }
    let actual_size = view.actual_size;
    let Some(texture) = view.texture(ui.ctx(), picture) else {
        ui.colored_label(
            format::error_color(ui.visuals().dark_mode),
            "Cannot show the picture: its pixels do not match its size.",
        );
        return;
    };
    let texture_id = texture.id();
    let ppp = ui.ctx().pixels_per_point();
    let natural = vec2(picture.width as f32, picture.height as f32) / ppp;
    let described = picture.describe();
    let draw = |ui: &mut egui::Ui, size: egui::Vec2| {
        let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
        checkerboard(ui, rect);
        let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
        ui.painter().image(texture_id, rect, uv, Color32::WHITE);
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Image, true, format!("Picture: {described}"))
        });
    };
    if actual_size {
        egui::ScrollArea::both()
            .id_salt("picture_1_1")
            .auto_shrink([false, false])
            .show(ui, |ui| draw(ui, natural));
    } else {
        let room = ui.available_size().max(vec2(16.0, 16.0));
        // Small icons grow at most eightfold: past that they are only blur.
        let scale = (room.x / natural.x).min(room.y / natural.y).min(8.0);
        let size = natural * if scale.is_finite() { scale } else { 1.0 };
        draw(ui, size);
    }
}

/// Light and dark squares behind the picture, so transparency shows; only the visible
/// part is painted.
fn checkerboard(ui: &egui::Ui, rect: Rect) {
    const CELL: f32 = 8.0;
    let visible = rect.intersect(ui.clip_rect());
    if !visible.is_positive() {
        return;
    }
    let painter = ui.painter();
    painter.rect_filled(visible, 0.0, Color32::from_gray(204));
    let first_col = ((visible.min.x - rect.min.x) / CELL).floor() as i64;
    let first_row = ((visible.min.y - rect.min.y) / CELL).floor() as i64;
    let cols = (visible.width() / CELL).ceil() as i64 + 1;
    let rows = (visible.height() / CELL).ceil() as i64 + 1;
    for row in first_row..first_row + rows {
        for col in first_col..first_col + cols {
            if (row + col) % 2 == 0 {
                continue;
            }
            let min = rect.min + vec2(col as f32 * CELL, row as f32 * CELL);
            let cell = Rect::from_min_size(min, vec2(CELL, CELL)).intersect(visible);
            if cell.is_positive() {
                painter.rect_filled(cell, 0.0, Color32::from_gray(153));
            }
        }
    }
}
