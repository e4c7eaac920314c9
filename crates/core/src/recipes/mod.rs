//! AYON's upload flows ("recipes") as async functions the GUI runs on its tokio
//! runtime: desktop installers and dependency packages (hash, manifest, raw upload,
//! check), addon installs (zip manifest, raw upload, install event), server restart,
//! and the checks after them. No egui here.
//!
//! Each recipe reports what it does in a shared [`RecipeRun`] (steps and byte
//! counters, read by the UI every frame) and ends with a result or a [`RecipeError`]
//! that explains AYON's answer in its own terms (see [`explain`]).
//!
//! ```text
//!   upload_package:  sha256 ─► POST manifest ─► PUT raw file ─► GET list: {"type":"server"}?
//!   install_addon:   read zip manifest ─► POST raw zip ─► GET /api/events/{id} … finished
//!   restart_server:  POST /api/system/restart ─► GET /api/info … back
//!   addon_listed:    GET /api/addons: name lists version?
//! ```

mod addon;
pub mod bundles;
mod checksum;
mod error;
mod event;
pub mod explain;
mod manifest;
mod package;
mod platform;
mod restart;
mod run;
mod target;

pub use addon::{
    AddonInstalled, EVENT_POLL, EVENT_WAIT, RESTART_NOTE, addon_listed, install_addon,
};
pub use checksum::{sha256_file, sha256_reader};
pub use error::RecipeError;
pub use event::EventState;
pub use manifest::{PackageForm, PackageKind, manifest_json, valid_filename};
pub use package::{PackageUploaded, delete_package, list_packages, upload_package};
pub use platform::{Platform, guess_platform};
pub use restart::{RESTART_WAIT, restart_server};
pub use run::{RecipeRun, RecipeStep, StepId, StepState};
pub use target::RecipeTarget;
