//! Response bodies as display-ready data, with no egui in sight.
//!
//! A response body is classified once, off the UI thread, by
//! [`BodyPreview::from_text`]: empty, JSON, text, binary, or invalid UTF-8.
//! Its bytes live once, in a [`BodyText`] (in memory, or memory-mapped from
//! the file a large body was spilled to). Views read it through [`Rows`]:
//! a [`TextDocument`] indexes the text's rows (long lines cut into rows of at
//! most [`MAX_ROW_BYTES`]); a [`PrettyJson`] renders the pretty-printed layout
//! row by row from a compact index, so nothing the size of the body is ever
//! built twice and any visible row is fetched in O(1) whatever the body size.
//! Binary bodies are seen through a [`HexDump`], and pictures are decoded (within
//! limits) by [`image::decode_body`].

pub mod background;
pub mod document;
pub mod hex;
pub mod image;
pub mod jsonpath;
pub mod pretty;
pub mod pretty_doc;
pub mod preview;
pub mod rows;
pub mod search;
pub mod text;
pub mod tree;

pub use background::{BackgroundJob, JobControl};
pub use document::{MAX_ROW_BYTES, MAX_TEXT_BYTES, TextDocument};
pub use hex::{HEX_ROW_BYTES, HexDump};
pub use image::{DecodedImage, LazyPicture, PictureError, PictureFormat, PictureOutcome};
pub use pretty::{JsonSyntaxError, pretty_json};
pub use pretty_doc::{Container, PrettyJson};
pub use preview::{BodyPreview, format_size};
pub use rows::Rows;
pub use search::{SearchQuery, SearchResults};
pub use text::BodyText;
pub use tree::JsonTree;
