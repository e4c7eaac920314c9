//! Shared helpers for the integration tests: small per-test servers on loopback, and the
//! choice of AYON server for end-to-end tests.

#![allow(dead_code)]

pub mod ayon_client;
pub mod paging_server;
pub mod raw_server;
pub mod recording_server;
pub mod sandbox_http;
pub mod target;
pub mod tls_server;
