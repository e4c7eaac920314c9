//! Comparing two answers: a JSON-aware diff ([`json_diff`]) that reports added, removed and
//! changed values by JSON path, and a line diff ([`text_diff`]) for bodies that are not JSON.
//!
//! Paths are written the way the JSONPath tools of the app read them: `$.data.items[3].name`,
//! with keys that are not plain identifiers quoted, `$.a['odd key']`.
//!
//! Arrays whose elements are all objects carrying a unique key (`name`, then `id`, by
//! default) are matched by that key, so reordering alone produces no change. A change inside
//! a matched element is reported at the element's index on the **right** side (the newer
//! answer): `$.items[3].version`; a removed element is reported at its index on the left.
//!
//! ```
//! use ayon_explorer_core::diff::{ChangeKind, DiffOptions, json_diff};
//! use serde_json::json;
//!
//! let left = json!({"items": [{"name": "a", "v": 1}, {"name": "b", "v": 1}]});
//! let right = json!({"items": [{"name": "b", "v": 2}, {"name": "a", "v": 1}]});
//! let changes = json_diff(&left, &right, &DiffOptions::default());
//! assert_eq!(changes.len(), 1);
//! assert_eq!(changes[0].path, "$.items[0].v");
//! assert_eq!(changes[0].kind, ChangeKind::Changed);
//! ```

mod compare;
mod ignore;
mod json;
mod lean;
#[cfg(test)]
mod lean_props;
mod path;
mod text;
mod tree;

pub use compare::{BodyComparison, compare_bodies};
pub use ignore::{IgnorePattern, IgnorePatternError};
pub use json::{Change, ChangeKind, DiffOptions, json_diff};
pub use text::{MAX_LCS_CELLS, TextLine, TextLineKind, text_diff};
