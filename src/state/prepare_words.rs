//! The window's words for a request it did not send. The pipeline's errors carry the data
//! and neutral words; here they point at what the window offers (log in, the auth tab,
//! the environment editor).

use crate::pipeline::{ApprovedServer, Credential, PrepareError};

/// What the response side shows when `error` stopped a send.
pub fn describe(error: &PrepareError) -> String {
    match error {
        PrepareError::CredentialsElsewhere {
            credential: Credential::SessionToken,
            target,
            approved: ApprovedServer::Origin(home),
        } => format!(
            "The session token belongs to {home}, but this request goes to {target}. Log in \
             to that server, or pick another auth mode."
        ),
        // Asked as a question before sending; in words when shown anyway.
        PrepareError::SecretElsewhere { .. } => {
            format!("{error}. Send it again to be asked whether it may go there.")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::ayon::AuthMode;
    use crate::collection::variables::VariableSet;
    use crate::pipeline::{CredentialScope, SendContext, prepare};
    use crate::request::RequestDraft;

    #[test]
    fn the_session_token_is_held_to_its_server_with_the_windows_way_out() {
        let mut draft = RequestDraft::get("https://elsewhere.example/api/users/me");
        draft.auth.mode = AuthMode::Session;
        let context = SendContext {
            server_url: Some("http://h:5000"),
            session_token: Some("t"),
            credentials: CredentialScope::SessionHome(Some("http://h:5000")),
            api_key_fallback: None,
            timeout: Duration::from_secs(1),
            file_root: None,
            secret_bindings: &crate::collection::secrets::NO_BINDINGS,
            allowed_origins: &[],
            confine_files: false,
            allowed_files: &[],
            protected_folders: &[],
        };
        let error = prepare(&draft, &VariableSet::default(), &context).unwrap_err();
        let text = describe(&error);
        assert!(text.contains("belongs to http://h:5000"), "{text}");
        assert!(text.contains("goes to https://elsewhere.example"), "{text}");
        assert!(text.contains("Log in to that server"), "{text}");
    }
}
