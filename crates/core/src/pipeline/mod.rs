//! The one path of a request, shared by the window and the headless runner:
//!
//! ```text
//!   RequestDraft + VariableSet + SendContext
//!     ─ prepare ─► Prepared (RequestSpec, checks)          or PrepareError
//!     ─ run ─────► Outcome (Exchange, TestResults)         or HttpError
//! ```
//!
//! [`prepare`] substitutes `{{variables}}`, builds the URL, headers, auth and body, and
//! checks that every credential and every secret variable goes only where the
//! [`SendContext`] allows, and that every body file stays in the collection's folder
//! unless the user allowed it on this machine (the app's own folders are never read; see
//! `files.rs`). Which credentials may go where, whether `AYON_API_KEY` stands in for a
//! missing session, and which origins and files were allowed are the front end's choices,
//! written in its context; nothing is decided here behind its back. [`run`] sends the
//! prepared request and judges the answer against its `expect:` and `capture:`.
//!
//! Errors are typed and their words neutral: each front end adds its own hint (the window
//! points at Settings and the environment editor, the runner at its flags and variables).

mod context;
mod error;
mod files;
mod judge;
mod prepare;
mod run;

pub use context::{CredentialScope, SendContext};
pub use error::{ApprovedServer, Credential, PrepareError, RefusedSecret, variable_list};
pub use judge::TestResults;
pub use prepare::{Prepared, is_full_url, prepare};
pub use run::{Outcome, run};
