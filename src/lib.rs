//! AYON REST Explorer: a desktop client for AYON servers' REST API.
//!
//! The engine (`http`, `ayon`) knows nothing of egui; the `ui` module only draws and
//! reports [`action::Action`]s; [`worker`] bridges the two over a tokio runtime owned
//! by `main`, through one spawn wrapper that keeps the jobs in flight; [`app`] drains events, draws, then acts on the actions.
//!
//! # Layers
//!
//! A module uses the ones in its row and below, never those above. Only the first row
//! knows egui.
//!
//! | layer | modules |
//! |---|---|
//! | window | [`app`], [`ui`], [`action`] |
//! | window state | [`state`] |
//! | async bridge | [`worker`], [`vault`], [`catalog_load`] |
//! | front ends' engines | [`runner`], [`interchange`], [`recipes`] |
//! | requests and their files | [`collection`], [`checks`], [`catalog`], [`request`] |
//! | AYON, bodies, HTTP | [`ayon`], [`body`], [`http`] |
//! | helpers | [`settings`], [`files`], [`paths`], [`secret`], [`digest`], [`logging`] |
//!
//! [`sandbox`] stands apart: it uses only [`ayon`] and [`digest`], and only tests and
//! `main` use it.
//!
//! Known crossings, to be removed when the layers become crates: a [`request::RequestDraft`]
//! carries its [`checks`] (`expect:`, `capture:`); the [`checks`] resolve variables
//! through [`collection`]; [`ayon`]'s catalog fetch builds a [`catalog`]; [`worker`] and
//! [`state`] use each other (events and their application), as do [`vault`] and
//! [`worker`]; [`catalog_load`] fills [`state`]'s catalog types.

pub mod action;
pub mod app;
pub mod ayon;
pub mod body;
pub mod catalog;
pub mod catalog_load;
pub mod checks;
pub mod collection;
pub mod digest;
pub mod files;
pub mod http;
pub mod interchange;
pub mod logging;
pub mod paths;
pub mod recipes;
pub mod request;
pub mod runner;
pub mod sandbox;
pub mod secret;
pub mod settings;
pub mod state;
pub mod ui;
pub mod vault;
pub mod worker;
