//! Code snippets for a request: curl, Python `requests`, `ayon_api` and HTTPie. Each
//! generator takes the draft with its non-secret `{{variables}}` already resolved; the
//! credentials are written per [`SecretPolicy`].

mod ayon_api;
mod common;
mod curl;
mod httpie;
mod python;
mod python_requests;

pub use self::ayon_api::ayon_api;
pub use self::curl::curl;
pub use self::httpie::httpie;
pub use self::python_requests::python_requests;

use crate::request::RequestDraft;

/// What a snippet is made from.
#[derive(Clone, Debug)]
pub struct SnippetInput<'a> {
    /// The request; secret variables still `{{name}}` references.
    pub draft: &'a RequestDraft,
    /// The server the draft's relative URL is resolved against (`https://ayon.example`).
    pub server_url: &'a str,
    /// How credentials are written.
    pub secrets: SecretPolicy,
}

/// How credentials appear in a snippet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretPolicy {
    /// Never the secret itself: tokens and keys are read from environment variables
    /// (`$AYON_TOKEN` in shell, `os.environ["AYON_TOKEN"]` in Python).
    Reference,
    /// The credentials themselves; `token` is the session token for session auth.
    Include {
        /// The logged-in session's token, if any.
        token: Option<String>,
    },
}
