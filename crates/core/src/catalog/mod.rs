//! The endpoint catalog: an AYON server's OpenAPI document turned into a searchable list of
//! operations, with parameter docs and JSON body skeletons. No egui, no network.
//!
//! ```text
//!   /openapi.json bytes ──parse_spec──► Value ──Catalog::from_spec──► Catalog
//!   GET /api/addons ──AddonVersion::list_from──► attach_addon(addon, its own spec if served)
//!   Catalog::search("lst proj") ─► indices   Catalog::skeleton(i) ─► Skeleton { value, stopped_at }
//! ```
//!
//! AYON's known spec mismatches (raw uploads without a declared body, 400 instead of 422,
//! 204 instead of 200) are attached to the operations; see `quirks.rs`.

mod addon;
mod build;
mod draft;
mod engine;
mod model;
mod params;
mod parse;
mod quirks;
mod resolve;
mod search;
mod skeleton;

pub use draft::draft_for_operation;
pub use model::{AddonVersion, BodyDoc, Catalog, Group, Operation, Param, ParamIn, ResponseDoc};
pub use parse::{SpecError, parse_spec};
pub use skeleton::{MAX_DEPTH, MAX_NODES, MAX_WIDTH, Skeleton, skeleton_for};
