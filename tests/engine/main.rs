//! Engine tests: real HTTP over loopback sockets, no window.

#[path = "../support/mod.rs"]
mod support;

mod auth_headers;
mod ayon_e2e;
mod catalog_fetch;
mod faults;
mod file_body;
mod graphql_pages;
mod proxy;
mod real_answers;
mod redirects;
mod server_tls;
mod tls;
mod transfers;
