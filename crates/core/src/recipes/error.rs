//! Why a recipe stopped.

use crate::http::HttpError;

/// Words only the "already exists" explanation of a manifest `POST` holds: how
/// [`RecipeError::already_exists`] tells that 409 from others.
pub(crate) const FORCE_HINT: &str = "Replace sends it again with ?force=true";

/// Why a recipe stopped, explained in AYON's terms. `Display` gives one or two
/// sentences for the user.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RecipeError {
    /// Bad input, found before anything was sent.
    #[error("{0}")]
    Invalid(String),
    /// The exchange itself failed (connection, timeout, file unreadable, …).
    #[error("{0}")]
    Http(#[from] HttpError),
    /// AYON answered, but not with what the recipe needs: an error status, or (for an
    /// install event that ends `failed`, or an answer missing what it should hold) a
    /// success status whose content says it did not work.
    #[error("{explanation}")]
    Server {
        /// The HTTP status.
        status: u16,
        /// The server's own words (`detail`), or what it reported.
        detail: String,
        /// What it means and what to do, for the user.
        explanation: String,
    },
}

impl RecipeError {
    /// Whether this is AYON's 409 to a manifest `POST`: the file name is taken, and
    /// sending the manifest again with `?force=true` (the GUI's "Replace") replaces it.
    pub fn already_exists(&self) -> bool {
        matches!(self, RecipeError::Server { status: 409, explanation, .. }
            if explanation.contains(FORCE_HINT))
    }
}
