//! Logging in and out: the session's lifecycle as the worker's answers arrive.

use crate::ayon::{LoginError, LoginSuccess};

use super::{AppState, CatalogWanted, Effect, Notice, RequestId, SessionState};

impl AppState {
    /// A login finished; a late one (another started since) is dropped. On success the
    /// catalog is asked for, and the token kept when the user chose "remember".
    pub(super) fn login_finished(
        &mut self,
        id: RequestId,
        server_url: String,
        result: Result<LoginSuccess, LoginError>,
    ) -> Vec<Effect> {
        let mut effects = Vec::new();
        if !matches!(self.session, SessionState::LoggingIn { id: current } if current == id) {
            return effects;
        }
        match result {
            Ok(success) => {
                self.login_password.clear();
                self.login_error = None;
                if self.settings.remember_token {
                    effects.push(Effect::RememberToken(success.token.clone()));
                }
                self.catalog.forget_other_server(&server_url);
                self.catalog.problem = None;
                effects.push(Effect::LoadCatalog(CatalogWanted::AfterLogin));
                self.session = SessionState::LoggedIn {
                    token: success.token,
                    identity: success.identity,
                    server_url,
                };
                effects.push(Effect::StartEvents);
                effects.push(Effect::LoadGraphQlSchema);
                self.leave_practice_environment();
            }
            Err(error) => {
                self.session = SessionState::LoggedOut;
                self.login_error = Some(error.to_string());
            }
        }
        effects
    }

    /// The session with `server_url` was just forgotten (the logout is on its way to the
    /// server): says so at once, as the bar's change alone is easy to miss.
    pub fn logged_out_of(&mut self, server_url: &str) {
        let server = server_url.trim().trim_end_matches('/');
        self.notices
            .push(Notice::info(format!("Logged out of {server}")));
    }

    /// The server's answer to a logout (the session is already forgotten locally).
    pub(super) fn logout_finished(&mut self, result: Result<(), LoginError>) {
        if let Err(error) = result {
            self.notices.push(Notice::warning(format!(
                "Logged out locally, but the server did not confirm: {error}"
            )));
        }
    }
}
