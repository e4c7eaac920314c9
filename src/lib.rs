//! AYON REST Explorer: a desktop client for AYON servers' REST API, and the headless runner
//! over the same saved requests.
//!
//! # Crates
//!
//! The workspace's crate graph is the layering; the compiler enforces it:
//!
//! | crate | holds | depends on |
//! |---|---|---|
//! | `ayon-rest-explorer` (this one) | the window and `main` | all below, egui, eframe |
//! | [`ayon_explorer_runner`] (re-exported as [`runner`]) | `run`: plan, send, check, report | core |
//! | [`ayon_explorer_sandbox`] (re-exported as [`sandbox`]) | the practice server | core |
//! | [`ayon_explorer_core`] | the engine: HTTP, AYON, bodies, requests, checks, catalog, collections, import/export, recipes | no GUI crate |
//!
//! The core's modules are re-exported here under their own names ([`http`], [`request`],
//! ...), so `crate::http` reads the same in the window's code as in the core's.
//!
//! # Layers of this crate
//!
//! A module uses the ones in its row and below (and the crates above), never those above.
//! Only the first row knows egui.
//!
//! | layer | modules |
//! |---|---|
//! | window | [`app`], [`ui`], [`action`], [`file_picker`] |
//! | window state | [`state`] |
//! | command line | [`cli`] (`import`, `export`; never the window's modules) |
//! | async bridge | [`worker`], [`vault`], [`catalog_load`], [`event_stream`] |
//! | helpers | [`settings`], [`paths`], [`logging`] |
//!
//! The window's [`ui`] draws and reports [`action::Action`]s; [`worker`] runs them over a
//! tokio runtime owned by `main`, through one spawn wrapper that keeps the jobs in flight;
//! [`app`] drains events, draws, then acts on the actions. The command line's [`cli`]
//! runs on `main`'s thread with the same engine, and drives the [`vault`] blocking.
//!
//! Known crossings: [`worker`] and [`state`] use each other (events and their
//! application), as do [`vault`] and [`worker`]; [`catalog_load`] fills [`state`]'s catalog
//! types.

pub use ayon_explorer_core::{
    answer_history, ayon, body, catalog, checks, collection, diff, digest, events, files,
    graphql_schema, http, interchange, pipeline, recipes, request, secret, untrusted,
};
pub use ayon_explorer_runner as runner;
pub use ayon_explorer_sandbox as sandbox;

pub mod action;
pub mod app;
pub mod catalog_load;
pub mod cli;
pub mod event_stream;
pub mod file_picker;
pub mod logging;
pub mod paths;
pub mod settings;
pub mod state;
pub mod ui;
pub mod vault;
pub mod worker;
