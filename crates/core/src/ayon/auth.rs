//! AYON's auth modes and the headers each one sends.

use serde::{Deserialize, Serialize};

/// AYON ignores `Authorization: Bearer` values of any other length.
pub const BEARER_TOKEN_LEN: usize = 64;

/// How a request authenticates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthMode {
    /// No credentials.
    None,
    /// The token of the logged-in session, as `Authorization: Bearer`.
    #[default]
    Session,
    /// A token typed by the user, as `Authorization: Bearer`.
    Bearer,
    /// An API key (or a session token) as `X-Api-Key`.
    ApiKey,
    /// `X-Api-Key` plus `X-as-user`: a service user acting as another user.
    ApiKeyAsUser,
}

impl AuthMode {
    /// Every mode, in the order the selector lists them.
    pub const ALL: [AuthMode; 5] = [
        AuthMode::None,
        AuthMode::Session,
        AuthMode::Bearer,
        AuthMode::ApiKey,
        AuthMode::ApiKeyAsUser,
    ];

    /// Label shown in the selector.
    pub fn label(self) -> &'static str {
        match self {
            AuthMode::None => "None",
            AuthMode::Session => "Session (logged-in token)",
            AuthMode::Bearer => "Bearer token",
            AuthMode::ApiKey => "X-Api-Key",
            AuthMode::ApiKeyAsUser => "X-Api-Key + X-as-user",
        }
    }
}

/// The auth part of a request draft. The values are secrets: they are never written to
/// disk, and `Debug` hides them.
#[derive(Clone, Default, PartialEq)]
pub struct AuthInput {
    /// Which mode.
    pub mode: AuthMode,
    /// Token for [`AuthMode::Bearer`].
    pub bearer_token: String,
    /// Key for the API-key modes.
    pub api_key: String,
    /// User name for [`AuthMode::ApiKeyAsUser`].
    pub as_user: String,
}

/// Why auth headers cannot be built.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AuthProblem {
    /// Session mode without a login.
    #[error(
        "Not logged in: log in first, or pick another auth mode (None, Bearer token, X-Api-Key)"
    )]
    NoSession,
    /// A required value is empty.
    #[error("The {0} is empty: fill it in on the Auth tab, or pick another auth mode")]
    Empty(&'static str),
}

impl std::fmt::Debug for AuthInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |s: &str| if s.is_empty() { "" } else { "***" };
        f.debug_struct("AuthInput")
            .field("mode", &self.mode)
            .field("bearer_token", &hidden(&self.bearer_token))
            .field("api_key", &hidden(&self.api_key))
            .field("as_user", &self.as_user)
            .finish()
    }
}

impl AuthInput {
    /// The headers this auth adds, and the secret values among them.
    pub fn headers(
        &self,
        session_token: Option<&str>,
    ) -> Result<Vec<(String, String)>, AuthProblem> {
        let bearer = |token: &str| vec![("Authorization".to_string(), format!("Bearer {token}"))];
        match self.mode {
            AuthMode::None => Ok(Vec::new()),
            AuthMode::Session => session_token.map(bearer).ok_or(AuthProblem::NoSession),
            AuthMode::Bearer => {
                let token = self.bearer_token.trim();
                if token.is_empty() {
                    return Err(AuthProblem::Empty("bearer token"));
                }
                Ok(bearer(token))
            }
            AuthMode::ApiKey | AuthMode::ApiKeyAsUser => {
                let key = self.api_key.trim();
                if key.is_empty() {
                    return Err(AuthProblem::Empty("API key"));
                }
                let mut headers = vec![("X-Api-Key".to_string(), key.to_string())];
                if self.mode == AuthMode::ApiKeyAsUser {
                    let user = self.as_user.trim();
                    if user.is_empty() {
                        return Err(AuthProblem::Empty("X-as-user name"));
                    }
                    headers.push(("X-as-user".to_string(), user.to_string()));
                }
                Ok(headers)
            }
        }
    }

    /// Values that must be masked wherever the request is shown.
    pub fn secret_values(&self, session_token: Option<&str>) -> Vec<String> {
        let mut out = Vec::new();
        match self.mode {
            AuthMode::Session => out.extend(session_token.map(str::to_string)),
            AuthMode::Bearer => out.push(self.bearer_token.trim().to_string()),
            AuthMode::ApiKey | AuthMode::ApiKeyAsUser => out.push(self.api_key.trim().to_string()),
            AuthMode::None => {}
        }
        out.retain(|s| !s.is_empty());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mode_builds_its_headers() {
        let mut input = AuthInput::default();
        assert_eq!(input.headers(None), Err(AuthProblem::NoSession));
        assert_eq!(
            input.headers(Some("t")).unwrap(),
            vec![("Authorization".into(), "Bearer t".into())]
        );
        input.mode = AuthMode::ApiKeyAsUser;
        input.api_key = " k ".into();
        assert_eq!(
            input.headers(None),
            Err(AuthProblem::Empty("X-as-user name"))
        );
        input.as_user = "bob".into();
        assert_eq!(
            input.headers(None).unwrap(),
            vec![
                ("X-Api-Key".into(), "k".into()),
                ("X-as-user".into(), "bob".into())
            ]
        );
        input.mode = AuthMode::None;
        assert!(input.headers(None).unwrap().is_empty());
    }
}
