//! What a client must know about AYON: URLs, auth modes and their quirks, error bodies,
//! the login session, which release a server runs and the traps of real servers (warnings
//! before sending, hints with the answer). No egui here.

pub mod addon_zip;
mod auth;
pub mod catalog_cache;
pub mod catalog_fetch;
mod error_body;
pub mod graphql;
pub mod graphql_pages;
mod hints;
mod identity;
pub mod project_rules;
mod raw_upload;
mod server_info;
mod server_version;
mod session;
mod trap_hints;
mod url;

pub use addon_zip::{
    AddonLayout, AddonZipError, AddonZipInfo, read_addon_zip, read_addon_zip_from,
};
pub use auth::{AuthInput, AuthMode, AuthProblem, BEARER_TOKEN_LEN};
pub use error_body::{AyonErrorBody, ValidationIssue};
pub use hints::{after_response_hints, before_send_warnings};
pub use identity::{Identity, Role};
pub use raw_upload::raw_upload_endpoint;
pub use server_info::{ServerInfoError, fetch_reported_version, fetch_server_version};
pub use server_version::{Behaviours, ServerVersion, project_needs_anatomy};
pub use session::{LoginError, LoginSuccess, fetch_me, login, logout};
pub use trap_hints::server_trap_hints;
pub use url::{normalize_base_url, resolve_url};
