//! Collections on disk (for teams in git), environments and variables, the local secret
//! store, and request history. No egui here.
//!
//! - `format`, `store`: the collection folder format (see docs/collection-format.md).
//! - `environment`, `variables`, `secrets`, `history`: environments, `{{name}}`
//!   substitution, secret values kept outside the collection, and the history file.

pub mod environment;
pub mod format;
pub mod getting_started;
pub mod history;
pub mod secrets;
pub mod store;
pub mod variables;
