//! The window's words for a request it did not send. The pipeline's errors carry the data
//! and neutral words; here they point at what the window offers (log in, the auth tab,
//! the environment editor). Origins are named with their port (`http://h:80`), so two
//! that differ only by scheme or port never read alike.

use crate::pipeline::{ApprovedServer, Credential, PrepareError, RefusedSecret};

/// `origin` (`scheme://host[:port]`) as `scheme://host:port`, the port always written
/// (the scheme's default when it had none); anything that is not a URL stays as it is.
pub fn origin_with_port(origin: &str) -> String {
    let Ok(url) = url::Url::parse(origin) else {
        return origin.to_string();
    };
    match (url.host_str(), url.port_or_known_default()) {
        (Some(host), Some(port)) => format!("{}://{host}:{port}", url.scheme()),
        _ => origin.to_string(),
    }
}

/// `error` with every origin it names written with its port.
fn with_ports(error: &PrepareError) -> PrepareError {
    match error {
        PrepareError::CredentialsElsewhere {
            credential,
            target,
            approved,
        } => PrepareError::CredentialsElsewhere {
            credential: *credential,
            target: origin_with_port(target),
            approved: match approved {
                ApprovedServer::Origin(home) => ApprovedServer::Origin(origin_with_port(home)),
                other => other.clone(),
            },
        },
        PrepareError::SecretElsewhere { secrets, target } => PrepareError::SecretElsewhere {
            secrets: secrets
                .iter()
                .map(|s| RefusedSecret {
                    variable: s.variable.clone(),
                    bound_to: s.bound_to.iter().map(|o| origin_with_port(o)).collect(),
                })
                .collect(),
            target: origin_with_port(target),
        },
        other => other.clone(),
    }
}

/// What the response side shows when `error` stopped a send.
pub fn describe(error: &PrepareError) -> String {
    let error = &with_ports(error);
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

    #[test]
    fn cross_origin_words_name_the_port() {
        assert_eq!(origin_with_port("http://h:5000"), "http://h:5000");
        assert_eq!(origin_with_port("https://h"), "https://h:443");
        assert_eq!(origin_with_port("http://h"), "http://h:80");
        assert_eq!(origin_with_port("not a url"), "not a url");
        let error = PrepareError::CredentialsElsewhere {
            credential: Credential::SessionToken,
            target: "http://ayon.studio".into(),
            approved: ApprovedServer::Origin("http://ayon.studio:5000".into()),
        };
        let text = describe(&error);
        assert!(
            text.contains("belongs to http://ayon.studio:5000"),
            "{text}"
        );
        assert!(text.contains("goes to http://ayon.studio:80."), "{text}");
        let error = PrepareError::SecretElsewhere {
            secrets: vec![RefusedSecret {
                variable: "key".into(),
                bound_to: vec!["https://ayon.studio".into()],
            }],
            target: "https://ayon.studio:8443".into(),
        };
        let text = describe(&error);
        assert!(text.contains("only to https://ayon.studio:443"), "{text}");
        assert!(text.contains("goes to https://ayon.studio:8443"), "{text}");
    }
}
