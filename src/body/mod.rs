//! Response bodies as display-ready data, with no egui in sight.
//!
//! A response body is classified once, off the UI thread, by
//! [`BodyPreview::build`]: empty, JSON (pretty-printed by [`pretty_json`], a
//! byte-level re-indenter that never builds a tree), text, binary, or invalid
//! UTF-8. Text lives in a [`TextDocument`]: one `String` plus an index of row
//! start offsets, with long lines cut into rows of at most [`MAX_ROW_BYTES`],
//! so the view can fetch any visible row in O(1) and do work proportional to
//! what is on screen, whatever the body size.

pub mod document;
pub mod pretty;
pub mod preview;

pub use document::{MAX_ROW_BYTES, MAX_TEXT_BYTES, TextDocument};
pub use pretty::{JsonSyntaxError, pretty_json, pretty_json_unless_same};
pub use preview::{BodyPreview, format_size};
