//! The engine of AYON REST Explorer, shared by the window and the headless runner. Nothing
//! here knows egui or eframe: this crate does not depend on them, so the compiler keeps it
//! that way.
//!
//! # Layers
//!
//! A module uses the ones in its row and below, never those above.
//!
//! | layer | modules |
//! |---|---|
//! | front ends' engines | [`pipeline`] (draft to answer, for the window and the runner), [`interchange`], [`recipes`] |
//! | requests and their files | [`collection`], [`checks`], [`catalog`], [`graphql_schema`], [`events`], [`request`], [`diff`], [`answer_history`] |
//! | AYON, bodies, HTTP | [`ayon`], [`body`], [`http`] |
//! | helpers | [`files`], [`untrusted`], [`secret`], [`digest`], `json_lean` (crate-internal: the lean JSON tree and JSONPath over it, for [`diff`] and [`body`]) |
//!
//! Known crossings: a [`request::RequestDraft`] carries its [`checks`] (`expect:`,
//! `capture:`); the [`checks`] resolve variables through [`collection`]; [`ayon`]'s catalog
//! fetch builds a [`catalog`].

pub mod answer_history;
pub mod ayon;
pub mod body;
pub mod catalog;
pub mod checks;
pub mod collection;
pub mod diff;
pub mod digest;
pub mod events;
pub mod files;
pub mod graphql_schema;
pub mod http;
pub mod interchange;
mod json_lean;
pub mod pipeline;
pub mod recipes;
pub mod request;
pub mod secret;
pub mod untrusted;
