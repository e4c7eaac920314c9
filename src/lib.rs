//! AYON REST Explorer: a desktop client for AYON servers' REST API.
//!
//! The engine (`http`, `ayon`) knows nothing of egui; the `ui` module only draws and
//! reports [`action::Action`]s; [`worker`] bridges the two over a tokio runtime owned
//! by `main`; [`app`] drains events, draws, then acts on the actions.

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
pub mod paths;
pub mod recipes;
pub mod runner;
pub mod sandbox;
pub mod secret;
pub mod settings;
pub mod state;
pub mod ui;
pub mod vault;
pub mod worker;
