//! Code snippets for a request: curl, Python `requests`, `ayon_api` and HTTPie, made to
//! run unchanged with their real clients. Each generator takes the draft with its
//! non-secret `{{variables}}` already filled in ([`snippet_for`] does that for "Copy as"
//! and the export); the credentials are written per [`SecretPolicy`].
//!
//! Every `{{reference}}` left (a secret, or a variable without a value) is read from the
//! environment variable `AYON_SECRET_<NAME>` ([`crate::secret::env_name`], the runner's
//! rule), in the language's idiom: `"$AYON_SECRET_PASSWORD"` in shell (escaped for JSON
//! inside a JSON string), `os.environ["AYON_SECRET_PASSWORD"]` in Python. Session auth
//! reads `AYON_API_KEY` (a service user's key or a session token), as the runner and
//! ayon-python-api do; the `ayon_api` snippet takes its server from `AYON_SERVER_URL`. A
//! comment at the top of each snippet names the variables to set.

mod ayon_api;
mod ayon_api_call;
mod common;
mod curl;
mod httpie;
mod pieces;
mod prepare;
mod python;
mod python_requests;
mod shell;
#[cfg(test)]
mod tests;

pub use self::ayon_api::ayon_api;
pub use self::curl::curl;
pub use self::httpie::httpie;
pub use self::prepare::{SnippetLanguage, collection_variables, snippet_for};
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
    /// (`$AYON_API_KEY` in shell, `os.environ["AYON_SECRET_TOKEN"]` in Python).
    Reference,
    /// The credentials themselves; `token` is the session token for session auth.
    Include {
        /// The logged-in session's token, if any.
        token: Option<String>,
    },
}
