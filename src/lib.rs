//! AYON REST Explorer: a desktop client for AYON servers' REST API.
//!
//! The engine (`http`, `ayon`) knows nothing of egui; the `ui` module only draws and
//! reports [`action::Action`]s; [`worker`] bridges the two over a tokio runtime.

pub mod body;
pub mod sandbox;
pub mod ui;
