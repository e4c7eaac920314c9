//! The login session.

use crate::ayon::Identity;
use crate::secret::Secret;

use super::RequestId;

/// Whether, and as whom, the app is logged in.
#[derive(Clone, Debug, Default)]
pub enum SessionState {
    /// No token.
    #[default]
    LoggedOut,
    /// Login in flight.
    LoggingIn {
        /// The login's id.
        id: RequestId,
    },
    /// Holding a token, in memory only.
    LoggedIn {
        /// The session token.
        token: Secret,
        /// Who the server says we are.
        identity: Identity,
        /// The server the token belongs to.
        server_url: String,
    },
}

impl SessionState {
    /// The token, when logged in.
    pub fn token(&self) -> Option<&str> {
        match self {
            SessionState::LoggedIn { token, .. } => Some(token.expose()),
            _ => None,
        }
    }

    /// Who is logged in.
    pub fn identity(&self) -> Option<&Identity> {
        match self {
            SessionState::LoggedIn { identity, .. } => Some(identity),
            _ => None,
        }
    }
}
