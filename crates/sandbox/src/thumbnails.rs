//! Thumbnails: pictures stored by ID per project, as AYON keeps version, folder and task
//! thumbnails. The demo project is seeded with one small PNG, drawn at seed time.

use std::collections::HashMap;

use axum::body::Bytes;

/// ID of the PNG seeded with the demo project (32 lowercase hex digits, like AYON's).
pub const DEMO_THUMBNAIL_ID: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
/// Width of the seeded PNG, in pixels.
pub const DEMO_THUMBNAIL_WIDTH: u32 = 64;
/// Height of the seeded PNG, in pixels.
pub const DEMO_THUMBNAIL_HEIGHT: u32 = 40;

/// One stored thumbnail.
#[derive(Clone, Debug)]
pub struct Thumbnail {
    /// The project it belongs to (lower case: project names are case-insensitive).
    pub project: String,
    /// Its media type (`image/png` or `image/jpeg` on the real server).
    pub mime: &'static str,
    /// The picture.
    pub bytes: Bytes,
}

/// Every thumbnail, by ID.
#[derive(Clone, Debug, Default)]
pub struct ThumbnailLibrary {
    by_id: HashMap<String, Thumbnail>,
}

impl ThumbnailLibrary {
    /// The demo project's thumbnail: [`DEMO_THUMBNAIL_ID`], a
    /// [`DEMO_THUMBNAIL_WIDTH`] × [`DEMO_THUMBNAIL_HEIGHT`] PNG.
    pub fn demo(project: &str) -> Self {
        let mut library = Self::default();
        if let Some(png) = demo_png() {
            library.by_id.insert(
                DEMO_THUMBNAIL_ID.to_owned(),
                Thumbnail {
                    project: project.to_ascii_lowercase(),
                    mime: "image/png",
                    bytes: Bytes::from(png),
                },
            );
        }
        library
    }

    /// The thumbnail `id` of `project` (any case), if there is one.
    pub fn get(&self, project: &str, id: &str) -> Option<&Thumbnail> {
        self.by_id
            .get(id)
            .filter(|t| t.project.eq_ignore_ascii_case(project))
    }
}

/// The demo thumbnail: a gradient with a transparent stripe, encoded as PNG (`None` only
/// if encoding into memory failed, which it does not for this fixed picture).
pub fn demo_png() -> Option<Vec<u8>> {
    let picture = image::RgbaImage::from_fn(DEMO_THUMBNAIL_WIDTH, DEMO_THUMBNAIL_HEIGHT, |x, y| {
        let alpha = if (16..24).contains(&y) { 0 } else { 255 };
        image::Rgba([(x * 4) as u8, (y * 6) as u8, 160, alpha])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).ok()?;
    Some(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_thumbnail_is_a_png_of_its_size() {
        let library = ThumbnailLibrary::demo("demo_Commercial");
        let thumbnail = library.get("DEMO_commercial", DEMO_THUMBNAIL_ID).unwrap();
        assert_eq!(thumbnail.mime, "image/png");
        let decoded = image::load_from_memory(&thumbnail.bytes).unwrap();
        assert_eq!(
            (decoded.width(), decoded.height()),
            (DEMO_THUMBNAIL_WIDTH, DEMO_THUMBNAIL_HEIGHT)
        );
        assert!(library.get("other", DEMO_THUMBNAIL_ID).is_none());
        assert!(
            library
                .get("demo_Commercial", "0".repeat(32).as_str())
                .is_none()
        );
    }
}
