//! Pictures in response bodies: which format a body is (by content type and magic
//! bytes), and its decoding to RGBA pixels, with limits that keep hostile bytes from
//! exhausting memory. Runs off the UI thread (the response is prepared by a worker).
//!
//! Raster formats (PNG, JPEG, WebP, GIF's first frame, ICO's largest entry) go through
//! the `image` crate; SVG through `resvg`, built without its text and raster-image
//! features: there is no font database, so **text in an SVG is not drawn**, and
//! `<image>` elements (embedded or linked) are dropped — nothing is ever read from disk
//! or the network on an SVG's behalf.

use std::fmt;
use std::io::Cursor;
use std::sync::Arc;

/// Bodies larger than this are not decoded (they are shown as hex only).
pub const MAX_IMAGE_BODY_BYTES: usize = 64 * 1024 * 1024;
/// SVG documents larger than this are not parsed.
pub const MAX_SVG_BYTES: usize = 8 * 1024 * 1024;
/// The largest width or height a raster image may declare.
pub const MAX_IMAGE_SIDE: u32 = 16_384;
/// The most pixels a raster image may declare (64 megapixels).
pub const MAX_IMAGE_PIXELS: u64 = 64 * 1024 * 1024;
/// Decoded pictures are scaled down to at most this many pixels a side, so the pixels
/// kept and the texture uploaded stay within 64 MB whatever the image declares.
pub const MAX_SHOWN_SIDE: u32 = 4096;
/// Most the decoder may allocate at once (the output plus its working buffers).
const MAX_DECODE_ALLOC: u64 = 512 * 1024 * 1024;

/// A picture format the viewer can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PictureFormat {
    /// Portable Network Graphics.
    Png,
    /// JPEG.
    Jpeg,
    /// WebP (lossy or lossless).
    WebP,
    /// GIF (the first frame is shown).
    Gif,
    /// Windows icon (the largest entry is shown).
    Ico,
    /// Scalable Vector Graphics (rendered without text).
    Svg,
}

impl PictureFormat {
    /// The format's usual name: "PNG", "JPEG", "WebP", "GIF", "ICO", "SVG".
    pub fn name(self) -> &'static str {
        match self {
            Self::Png => "PNG",
            Self::Jpeg => "JPEG",
            Self::WebP => "WebP",
            Self::Gif => "GIF",
            Self::Ico => "ICO",
            Self::Svg => "SVG",
        }
    }

    /// The format a body is in, or `None` when it is no picture this viewer shows.
    ///
    /// Magic bytes win over the content type (servers send `application/octet-stream`,
    /// or the wrong `image/*`); a picture content type whose bytes match no known
    /// signature still names its format, so that decoding can say what is wrong.
    pub fn detect(bytes: &[u8], content_type: Option<&str>) -> Option<Self> {
        let mime = content_type.map(|ct| {
            ct.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
        let by_type = mime.as_deref().and_then(Self::from_mime);
        if let Some(format) = Self::from_magic(bytes, by_type == Some(Self::Ico)) {
            return Some(format);
        }
        if by_type.is_none() && looks_like_svg(bytes) {
            return Some(Self::Svg);
        }
        by_type
    }

    fn from_mime(mime: &str) -> Option<Self> {
        Some(match mime {
            "image/png" | "image/apng" => Self::Png,
            "image/jpeg" | "image/jpg" | "image/pjpeg" => Self::Jpeg,
            "image/webp" => Self::WebP,
            "image/gif" => Self::Gif,
            "image/x-icon" | "image/vnd.microsoft.icon" | "image/ico" | "image/icon" => Self::Ico,
            "image/svg+xml" => Self::Svg,
            _ => return None,
        })
    }

    /// The format named by the first bytes. ICO's signature is weak (four bytes, three
    /// of them zero): it counts when the content type says icon, or the header is sane.
    fn from_magic(bytes: &[u8], icon_type: bool) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(Self::Gif)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(Self::WebP)
        } else if bytes.starts_with(&[0, 0, 1, 0]) && (icon_type || plausible_ico(bytes)) {
            Some(Self::Ico)
        } else {
            None
        }
    }

    fn raster(self) -> Option<image::ImageFormat> {
        Some(match self {
            Self::Png => image::ImageFormat::Png,
            Self::Jpeg => image::ImageFormat::Jpeg,
            Self::WebP => image::ImageFormat::WebP,
            Self::Gif => image::ImageFormat::Gif,
            Self::Ico => image::ImageFormat::Ico,
            Self::Svg => return None,
        })
    }
}

/// An ICO header with 1 to 256 entries, the first 16-byte entry with a zero reserved byte.
fn plausible_ico(bytes: &[u8]) -> bool {
    let count = bytes
        .get(4..6)
        .map_or(0, |c| u16::from_le_bytes([c[0], c[1]]));
    (1..=256).contains(&count) && bytes.len() >= 22 && bytes[9] == 0
}

/// A text body whose first element is `<svg` (after an XML declaration, comments or a
/// doctype), judged from its first 4 KB.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let Ok(text) = std::str::from_utf8(head).or_else(|e| {
        // The 4 KB cut may split a character.
        std::str::from_utf8(&head[..e.valid_up_to()])
    }) else {
        return false;
    };
    let text = text.trim_start();
    if !text.starts_with('<') {
        return false;
    }
    let mut rest = text;
    // Skip declarations, comments and processing instructions before the root element.
    while let Some(after) = rest.strip_prefix('<') {
        if after.starts_with('?') || after.starts_with('!') {
            let end = if after.starts_with("!--") {
                after.find("-->").map(|i| i + 3)
            } else {
                after.find('>').map(|i| i + 1)
            };
            let Some(end) = end else {
                return false;
            };
            rest = after[end..].trim_start();
        } else {
            return after.starts_with("svg")
                && after[3..].starts_with(|c: char| !c.is_alphanumeric());
        }
    }
    false
}

/// A decoded picture: RGBA pixels premultiplied by alpha (the form a GPU blends, so the
/// UI thread uploads them as they are), row by row.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodedImage {
    /// The format it was decoded from.
    pub format: PictureFormat,
    /// Width the image declares, in pixels.
    pub width: u32,
    /// Height the image declares, in pixels.
    pub height: u32,
    /// Width of `pixels` (smaller than `width` when scaled down to [`MAX_SHOWN_SIDE`]).
    pub pixel_width: u32,
    /// Height of `pixels`.
    pub pixel_height: u32,
    /// `pixel_width * pixel_height * 4` bytes: R, G, B (each times A / 255), A.
    pub pixels: Vec<u8>,
}

impl DecodedImage {
    /// "PNG · 256 × 128 px" (with "shown at …" when scaled down to fit the limit).
    pub fn describe(&self) -> String {
        let mut text = format!(
            "{} · {} × {} px",
            self.format.name(),
            self.width,
            self.height
        );
        if self.is_scaled() {
            text.push_str(&format!(
                " (shown at {} × {})",
                self.pixel_width, self.pixel_height
            ));
        }
        text
    }

    /// Whether the pixels are fewer than the image declares (scaled down to fit).
    pub fn is_scaled(&self) -> bool {
        (self.pixel_width, self.pixel_height) != (self.width, self.height)
    }
}

impl fmt::Debug for DecodedImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The pixels would flood any log.
        f.debug_struct("DecodedImage")
            .field("format", &self.format)
            .field("size", &(self.width, self.height))
            .field("pixels", &(self.pixel_width, self.pixel_height))
            .finish()
    }
}

/// Why a picture could not be shown, in words: "the PNG is truncated: …".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PictureError {
    /// The format the body claimed or looked like.
    pub format: PictureFormat,
    /// The problem, as a sentence starting with "the PNG …".
    pub message: String,
}

impl fmt::Display for PictureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PictureError {}

impl PictureError {
    fn new(format: PictureFormat, message: String) -> Self {
        Self { format, message }
    }

    fn too_large(format: PictureFormat, width: u32, height: u32) -> Self {
        Self::new(
            format,
            format!(
                "the {} is too large to show: it declares {width} × {height} px (the limit \
                 is {MAX_IMAGE_SIDE} px a side and {} megapixels)",
                format.name(),
                MAX_IMAGE_PIXELS / (1024 * 1024)
            ),
        )
    }

    /// Words for an error of the `image` crate.
    fn from_image(format: PictureFormat, error: image::ImageError) -> Self {
        let name = format.name();
        let message = match &error {
            image::ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                format!("the {name} is truncated: the data ends before the picture does")
            }
            image::ImageError::Limits(e) => format!("the {name} is too large to show: {e}"),
            image::ImageError::Unsupported(e) => {
                format!("the {name} uses something this viewer cannot decode: {e}")
            }
            other => {
                let detail = other.to_string();
                let lower = detail.to_ascii_lowercase();
                if [
                    "eof",
                    "end of",
                    "truncated",
                    "ended",
                    "too short",
                    "not enough",
                ]
                .iter()
                .any(|w| lower.contains(w))
                {
                    format!("the {name} is truncated: {detail}")
                } else {
                    format!("the {name} is damaged: {detail}")
                }
            }
        };
        Self::new(format, message)
    }
}

/// What decoding a body gave: the picture, or why not.
pub type PictureOutcome = Result<Arc<DecodedImage>, PictureError>;

/// A body's picture, decoded when first wanted rather than before the answer is shown
/// (a 24-megapixel JPEG takes half a second to decode and scale).
#[derive(Debug)]
pub struct LazyPicture {
    format: PictureFormat,
    outcome: std::sync::OnceLock<PictureOutcome>,
    claimed: std::sync::atomic::AtomicBool,
}

impl LazyPicture {
    /// A picture to decode later when the body is one (see [`PictureFormat::detect`]);
    /// `None` when it is not. Cheap: only the first bytes and the type are looked at.
    pub fn detect(bytes: &[u8], content_type: Option<&str>) -> Option<LazyPicture> {
        Some(LazyPicture {
            format: PictureFormat::detect(bytes, content_type)?,
            outcome: std::sync::OnceLock::new(),
            claimed: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Its format.
    pub fn format(&self) -> PictureFormat {
        self.format
    }

    /// The decoded picture or why it could not be; `None` while not decoded yet.
    pub fn get(&self) -> Option<&PictureOutcome> {
        self.outcome.get()
    }

    /// True for the one caller that should start decoding it (false once anyone has).
    pub fn claim(&self) -> bool {
        !self.claimed.swap(true, std::sync::atomic::Ordering::AcqRel)
    }

    /// Decodes `bytes` (the body this was detected on) and keeps the outcome. Blocking:
    /// call it off the UI thread.
    pub fn decode_from(&self, bytes: &[u8]) -> &PictureOutcome {
        self.outcome
            .get_or_init(|| decode(bytes, self.format).map(Arc::new))
    }
}

/// Decodes a body when it is a picture (see [`PictureFormat::detect`]); `None` when it
/// is not one. Never panics, whatever the bytes.
pub fn decode_body(bytes: &[u8], content_type: Option<&str>) -> Option<PictureOutcome> {
    let format = PictureFormat::detect(bytes, content_type)?;
    Some(decode(bytes, format).map(Arc::new))
}

/// Decodes `bytes` as `format`, within the limits above.
pub fn decode(bytes: &[u8], format: PictureFormat) -> Result<DecodedImage, PictureError> {
    let name = format.name();
    if bytes.is_empty() {
        return Err(PictureError::new(format, format!("the {name} is empty")));
    }
    let cap = if format == PictureFormat::Svg {
        MAX_SVG_BYTES
    } else {
        MAX_IMAGE_BODY_BYTES
    };
    if bytes.len() > cap {
        return Err(PictureError::new(
            format,
            format!(
                "the {name} is not decoded: its {} are over the {} limit",
                super::format_size(bytes.len()),
                super::format_size(cap)
            ),
        ));
    }
    // The decoders are third-party code fed hostile bytes: a bug there must not take
    // the worker down with it.
    std::panic::catch_unwind(|| match format.raster() {
        Some(raster) => decode_raster(bytes, format, raster),
        None => render_svg(bytes),
    })
    .unwrap_or_else(|_| {
        Err(PictureError::new(
            format,
            format!("the {name} could not be decoded: the decoder failed on these bytes"),
        ))
    })
}

fn decode_raster(
    bytes: &[u8],
    format: PictureFormat,
    raster: image::ImageFormat,
) -> Result<DecodedImage, PictureError> {
    let reader = || image::ImageReader::with_format(Cursor::new(bytes), raster);
    // The header alone first: a bomb is refused before anything is allocated for it.
    let (width, height) = reader()
        .into_dimensions()
        .map_err(|e| PictureError::from_image(format, e))?;
    if width > MAX_IMAGE_SIDE
        || height > MAX_IMAGE_SIDE
        || u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS
    {
        return Err(PictureError::too_large(format, width, height));
    }
    if width == 0 || height == 0 {
        return Err(PictureError::new(
            format,
            format!("the {} has no pixels ({width} × {height})", format.name()),
        ));
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    let mut decoding = reader();
    decoding.limits(limits);
    let picture = decoding
        .decode()
        .map_err(|e| PictureError::from_image(format, e))?;
    let rgba = picture.into_rgba8();
    let (width, height) = rgba.dimensions();
    let (pixel_width, pixel_height) = fit(width, height, MAX_SHOWN_SIDE);
    let mut pixels = if (pixel_width, pixel_height) == (width, height) {
        rgba.into_raw()
    } else {
        image::imageops::thumbnail(&rgba, pixel_width, pixel_height).into_raw()
    };
    premultiply(&mut pixels);
    Ok(DecodedImage {
        format,
        width,
        height,
        pixel_width,
        pixel_height,
        pixels,
    })
}

/// Multiplies each pixel's colour by its alpha, in place.
fn premultiply(rgba: &mut [u8]) {
    for pixel in rgba.chunks_exact_mut(4) {
        let alpha = u16::from(pixel[3]);
        if alpha != 255 {
            for channel in &mut pixel[..3] {
                *channel = ((u16::from(*channel) * alpha + 127) / 255) as u8;
            }
        }
    }
}

/// `(width, height)` scaled down (keeping the aspect) so neither side exceeds `side`.
fn fit(width: u32, height: u32, side: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= side {
        return (width, height);
    }
    let scale = f64::from(side) / f64::from(longest);
    let shrink = |n: u32| ((f64::from(n) * scale).round() as u32).clamp(1, side);
    (shrink(width), shrink(height))
}

fn render_svg(bytes: &[u8]) -> Result<DecodedImage, PictureError> {
    let format = PictureFormat::Svg;
    let options = resvg::usvg::Options {
        // Never load anything an SVG points at (files, data URLs): only its own shapes.
        image_href_resolver: resvg::usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_data(bytes, &options).map_err(|e| {
        let detail = e.to_string();
        let what = if matches!(e, resvg::usvg::Error::NotAnUtf8Str) {
            "the SVG is not UTF-8 text".to_owned()
        } else if detail.contains("unexpected end") {
            format!("the SVG is truncated: {detail}")
        } else {
            format!("the SVG is damaged: {detail}")
        };
        PictureError::new(format, what)
    })?;
    let size = tree.size();
    let (w, h) = (size.width().ceil(), size.height().ceil());
    if !(w >= 1.0 && h >= 1.0) {
        return Err(PictureError::new(
            format,
            format!("the SVG has no area ({w} × {h})"),
        ));
    }
    // Vectors scale: a huge declared size is drawn smaller rather than refused.
    let width = w.min(u32::MAX as f32) as u32;
    let height = h.min(u32::MAX as f32) as u32;
    let (pixel_width, pixel_height) = fit(width, height, MAX_SHOWN_SIDE);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(pixel_width, pixel_height).ok_or_else(|| {
        PictureError::new(
            format,
            format!("the SVG could not be drawn at {pixel_width} × {pixel_height} px"),
        )
    })?;
    let transform = resvg::tiny_skia::Transform::from_scale(
        pixel_width as f32 / size.width(),
        pixel_height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    Ok(DecodedImage {
        format,
        width,
        height,
        pixel_width,
        pixel_height,
        pixels: pixmap.take(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `width` × `height`, pixel (x, y) = (x, y, 7, 255).
    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbaImage::from_fn(width, height, |x, y| {
            image::Rgba([x as u8, y as u8, 7, 255])
        });
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_lazy_picture_is_claimed_once_and_decoded_when_asked() {
        assert!(LazyPicture::detect(br#"{"a": 1}"#, Some("application/json")).is_none());
        let bytes = png(3, 2);
        let lazy = LazyPicture::detect(&bytes, Some("image/png")).unwrap();
        assert_eq!(lazy.format(), PictureFormat::Png);
        assert!(
            lazy.get().is_none(),
            "nothing decoded before it is asked for"
        );
        assert!(lazy.claim());
        assert!(!lazy.claim(), "only the first caller starts the decoding");
        let decoded = lazy.decode_from(&bytes).as_ref().unwrap();
        assert_eq!((decoded.pixel_width, decoded.pixel_height), (3, 2));
        assert!(lazy.get().is_some_and(|o| o.is_ok()));
    }

    #[test]
    fn png_decodes_to_its_pixels() {
        let bytes = png(3, 2);
        let picture = decode_body(&bytes, Some("image/png")).unwrap().unwrap();
        assert_eq!((picture.width, picture.height), (3, 2));
        assert_eq!((picture.pixel_width, picture.pixel_height), (3, 2));
        assert_eq!(picture.pixels.len(), 3 * 2 * 4);
        // Pixel (2, 1): row 1 of 3 pixels, then 2 more.
        let at = (3 + 2) * 4;
        assert_eq!(&picture.pixels[at..at + 4], &[2, 1, 7, 255]);
        assert_eq!(picture.describe(), "PNG · 3 × 2 px");
        assert!(!format!("{picture:?}").contains("255"));
    }

    #[test]
    fn pixels_are_premultiplied() {
        let picture = image::RgbaImage::from_pixel(1, 1, image::Rgba([200, 100, 0, 128]));
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
        let decoded = decode(&out.into_inner(), PictureFormat::Png).unwrap();
        assert_eq!(decoded.pixels, vec![100, 50, 0, 128]);
    }

    #[test]
    fn detected_by_magic_whatever_the_content_type() {
        let bytes = png(1, 1);
        for ct in [None, Some("application/octet-stream"), Some("image/jpeg")] {
            assert_eq!(
                PictureFormat::detect(&bytes, ct),
                Some(PictureFormat::Png),
                "{ct:?}"
            );
        }
        assert_eq!(
            PictureFormat::detect(b"\xFF\xD8\xFF\xE0rest", None),
            Some(PictureFormat::Jpeg)
        );
        assert_eq!(
            PictureFormat::detect(b"GIF89a..", None),
            Some(PictureFormat::Gif)
        );
        assert_eq!(
            PictureFormat::detect(b"RIFF\0\0\0\0WEBPVP8 ", None),
            Some(PictureFormat::WebP)
        );
        // Not pictures.
        assert_eq!(PictureFormat::detect(b"\x00\x01\x02\x03", None), None);
        assert_eq!(
            PictureFormat::detect(b"PK\x03\x04zip", Some("application/octet-stream")),
            None
        );
        assert_eq!(
            PictureFormat::detect(b"{\"a\":1}", Some("application/json")),
            None
        );
        // An unsupported picture type stays undetected (shown as hex).
        assert_eq!(
            PictureFormat::detect(b"II*\0tiff", Some("image/tiff")),
            None
        );
        // A picture type with no signature still names the format, for the error.
        assert_eq!(
            PictureFormat::detect(b"not a png", Some("image/png; q=1")),
            Some(PictureFormat::Png)
        );
    }

    #[test]
    fn ico_needs_a_sane_header_or_an_icon_type() {
        let zeros = [0u8, 0, 1, 0, 0, 0, 9, 9];
        assert_eq!(PictureFormat::detect(&zeros, None), None);
        assert_eq!(
            PictureFormat::detect(&zeros, Some("image/x-icon")),
            Some(PictureFormat::Ico)
        );
        let mut header = vec![0u8, 0, 1, 0, 1, 0];
        header.extend([16, 16, 0, 0, 1, 0, 32, 0, 0, 0, 0, 0, 22, 0, 0, 0]);
        assert_eq!(
            PictureFormat::detect(&header, None),
            Some(PictureFormat::Ico)
        );
    }

    #[test]
    fn svg_detected_by_type_or_root_element() {
        let svg = br#"<?xml version="1.0"?><!-- made by hand --><svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"/>"#;
        assert_eq!(PictureFormat::detect(svg, None), Some(PictureFormat::Svg));
        assert_eq!(
            PictureFormat::detect(b"<svg/>", Some("image/svg+xml")),
            Some(PictureFormat::Svg)
        );
        assert_eq!(PictureFormat::detect(b"<?xml?><feed/>", None), None);
        assert_eq!(PictureFormat::detect(b"<svgx/>", None), None);
        assert_eq!(PictureFormat::detect(b"<html><svg/></html>", None), None);
    }

    #[test]
    fn svg_is_rendered_without_fonts() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2">
            <rect width="4" height="2" fill="#ff0000"/>
            <text x="0" y="2">dropped</text></svg>"##;
        let picture = decode(svg, PictureFormat::Svg).unwrap();
        assert_eq!((picture.width, picture.height), (4, 2));
        assert_eq!(&picture.pixels[..4], &[255, 0, 0, 255]);
        assert_eq!(picture.describe(), "SVG · 4 × 2 px");
    }

    #[test]
    fn huge_svg_is_drawn_smaller() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="50000"/>"#;
        let picture = decode(svg, PictureFormat::Svg).unwrap();
        assert_eq!((picture.width, picture.height), (100_000, 50_000));
        assert_eq!((picture.pixel_width, picture.pixel_height), (4096, 2048));
        assert!(picture.describe().contains("shown at 4096 × 2048"));
    }

    #[test]
    fn broken_svg_says_so() {
        let error = decode(
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"",
            PictureFormat::Svg,
        )
        .unwrap_err();
        assert!(error.message.starts_with("the SVG is"), "{error}");
        let error = decode(b"<svg>\xff</svg>", PictureFormat::Svg).unwrap_err();
        assert_eq!(error.message, "the SVG is not UTF-8 text");
    }

    #[test]
    fn truncated_png_is_named_truncated() {
        let bytes = png(64, 64);
        for cut in [bytes.len() / 2, 40, 20] {
            let error = decode_body(&bytes[..cut], Some("image/png"))
                .unwrap()
                .unwrap_err();
            assert!(
                error.message.starts_with("the PNG is truncated"),
                "cut at {cut}: {error}"
            );
        }
    }

    #[test]
    fn garbage_behind_a_signature_is_damaged_not_a_panic() {
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend(std::iter::repeat_n(0xAB, 200));
        let error = decode(&bytes, PictureFormat::Png).unwrap_err();
        assert!(error.message.starts_with("the PNG is"), "{error}");
        for format in [
            PictureFormat::Jpeg,
            PictureFormat::Gif,
            PictureFormat::WebP,
            PictureFormat::Ico,
        ] {
            let error = decode(&bytes, format).unwrap_err();
            assert!(error.message.starts_with(&format!("the {}", format.name())));
        }
        let error = decode(b"", PictureFormat::Png).unwrap_err();
        assert_eq!(error.message, "the PNG is empty");
    }

    #[test]
    fn declared_bomb_is_refused_before_decoding() {
        // A valid PNG header declaring 100000 × 100000 pixels, and nothing behind it.
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        // Fix the IHDR checksum so the header itself is valid.
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        let error = decode(&bytes, PictureFormat::Png).unwrap_err();
        assert!(
            error.message.starts_with("the PNG is too large to show")
                && error.message.contains("100000 × 100000"),
            "{error}"
        );
        // Within the side limit but over the pixel limit.
        bytes[16..20].copy_from_slice(&16_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&16_000u32.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        let error = decode(&bytes, PictureFormat::Png).unwrap_err();
        assert!(error.message.contains("too large"), "{error}");
    }

    #[test]
    fn large_picture_is_scaled_to_the_shown_limit() {
        let bytes = png(5000, 10);
        let picture = decode(&bytes, PictureFormat::Png).unwrap();
        assert_eq!((picture.width, picture.height), (5000, 10));
        assert_eq!((picture.pixel_width, picture.pixel_height), (4096, 8));
        assert_eq!(picture.pixels.len(), 4096 * 8 * 4);
    }

    #[test]
    fn other_raster_formats_decode() {
        let picture = image::RgbaImage::from_pixel(4, 4, image::Rgba([0, 0, 255, 255]));
        for (format, raster) in [
            (PictureFormat::Gif, image::ImageFormat::Gif),
            (PictureFormat::Ico, image::ImageFormat::Ico),
            (PictureFormat::WebP, image::ImageFormat::WebP),
        ] {
            let mut out = Cursor::new(Vec::new());
            picture.write_to(&mut out, raster).unwrap();
            let bytes = out.into_inner();
            assert_eq!(PictureFormat::detect(&bytes, None), Some(format));
            let decoded = decode(&bytes, format).unwrap();
            assert_eq!((decoded.width, decoded.height), (4, 4), "{format:?}");
            assert_eq!(&decoded.pixels[..4], &[0, 0, 255, 255], "{format:?}");
        }
    }

    #[test]
    fn oversized_body_is_not_decoded() {
        let bytes = vec![0u8; MAX_SVG_BYTES + 1];
        let error = decode(&bytes, PictureFormat::Svg).unwrap_err();
        assert!(error.message.contains("over the 8.0 MB limit"), "{error}");
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
