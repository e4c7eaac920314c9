//! The runner's words for a request it did not send: what to pass (`--server`) or set
//! (variables, `AYON_SECRET_*`, `AYON_API_KEY`). The pipeline's errors carry the data;
//! the window words the same errors its own way.
//!
//! Where credentials go in a run: a request's `auth:` (the session token, a bearer token,
//! an API key, and `AYON_API_KEY` standing in for a session) puts credentials on it, and
//! the runner lets them go only to the origin (scheme, host and port) of the run's server
//! (`server.rs`). A request with credentials to another origin, or in a run without a
//! server (every URL full, no `--server`), is not sent at all: it is reported as an error
//! that names the origin to pass as `--server` to trust it. Redirects to another origin
//! already drop credentials in the engine. Headers written by hand in a request's
//! `headers:` are sent as written, but a secret variable in them (or anywhere in the
//! request) goes only where it is bound (`variables.rs`): elsewhere the request is not
//! sent, and the error names the variable and the origin to pass as `--allow-host`.
//!
//! Which files a run reads: a request's body files (`file:` of a raw body or of a form
//! field) must lead (symlinks followed, `..` resolved) inside the collection's folder; any
//! other is refused, naming the path and the `--allow-file PATH` that would allow it. The
//! app's own folders (settings, stored secrets, history, logs) are never read.

use std::path::Path;

use ayon_explorer_core::ayon::AuthProblem;
use ayon_explorer_core::collection::variables::UnknownVariables;
use ayon_explorer_core::pipeline::{
    ApprovedServer, Credential, PrepareError, RefusedSecret, variable_list,
};
use ayon_explorer_core::request::RequestError;

use super::variables::secret_env_name;

/// The runner's words for why a request was not sent: what to pass or set.
pub fn explain(error: &PrepareError) -> String {
    match error {
        PrepareError::UnknownVariables(unknown) => explain_unknown(unknown),
        PrepareError::RelativeWithoutServer { url } => format!(
            "the URL {url} is relative and the run has no server: pass --server URL, set \
             AYON_SERVER_URL or the collection's defaults.base_url, or use --sandbox"
        ),
        PrepareError::Request(RequestError::Auth(AuthProblem::NoSession)) => {
            "Session auth, but no session: add a log-in request that captures `token: $.token` \
             before this one, set AYON_SECRET_TOKEN, or set AYON_API_KEY"
                .to_owned()
        }
        PrepareError::Request(error) => error.to_string(),
        PrepareError::CredentialsElsewhere {
            credential,
            target,
            approved,
        } => explain_credentials(*credential, target, approved),
        PrepareError::SecretElsewhere { secrets, target } => explain_secrets(secrets, target),
        PrepareError::FileOutsideCollection { real, .. } => format!(
            "{error}. To send it, pass --allow-file {} (a file, or a folder to allow \
             everything in it)",
            shell_word(real)
        ),
        PrepareError::FileInAppFolder { .. } => error.to_string(),
    }
}

/// `path` as one word of a shell command line (quoted when it needs to be).
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:,@%=".contains(c));
    if plain && !text.is_empty() {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// Where secret variables go in a run, and how to let them go to another origin.
fn explain_secrets(secrets: &[RefusedSecret], target: &str) -> String {
    let parts: Vec<String> = secrets
        .iter()
        .map(|s| {
            let name = variable_list([s.variable.as_str()]);
            if s.bound_to.is_empty() {
                format!(
                    "{name} is bound to no server ({} goes only to --server or \
                     AYON_SERVER_URL, and this run has neither)",
                    secret_env_name(&s.variable)
                )
            } else {
                format!("{name} may go only to {}", s.bound_to.join(", "))
            }
        })
        .collect();
    format!(
        "The secret {}, but this request goes to {target}: nothing was sent. To send it \
         there, pass --allow-host {target}",
        parts.join("; the secret ")
    )
}

/// Where credentials go in a run, and how to trust another server.
fn explain_credentials(credential: Credential, target: &str, approved: &ApprovedServer) -> String {
    let what = credential.name();
    let fix = format!(
        "pass --server {target} to trust that server, or set this request's auth mode to none"
    );
    match approved {
        ApprovedServer::None => format!(
            "{what} is sent only to the run's server, and this run has none (no --server, \
             AYON_SERVER_URL or defaults.base_url): nothing was sent to {target}. To send it, \
             {fix}"
        ),
        ApprovedServer::Invalid { url, reason } => format!(
            "{what} is sent only to the run's server, and {url} is not a valid server URL \
             ({reason}): nothing was sent"
        ),
        ApprovedServer::Origin(home) => format!(
            "{what} is sent only to the run's server {home}, but this request goes to \
             {target}: nothing was sent. To send it, {fix}"
        ),
    }
}

/// The app's words point at its environment editor; the runner's at the variables to set.
fn explain_unknown(unknown: &UnknownVariables) -> String {
    let mut parts = Vec::new();
    if !unknown.names.is_empty() {
        parts.push(format!(
            "unknown variable(s) {}: define them in the environment (--env) or capture them \
             in an earlier request",
            braces(&unknown.names)
        ));
    }
    if !unknown.missing_secrets.is_empty() {
        let how: Vec<String> = unknown
            .missing_secrets
            .iter()
            .map(|n| secret_env_name(n))
            .collect();
        parts.push(format!(
            "no value for the secret(s) {}: set {} (or store it with the app)",
            braces(&unknown.missing_secrets),
            how.join(", ")
        ));
    }
    parts.join("; ")
}

fn braces(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{{{{{n}}}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use ayon_explorer_core::ayon::AuthMode;
    use ayon_explorer_core::collection::secrets::NO_BINDINGS;
    use ayon_explorer_core::collection::variables::VariableSet;
    use ayon_explorer_core::pipeline::{CredentialScope, SendContext, prepare};
    use ayon_explorer_core::request::RequestDraft;

    use super::*;

    /// The runner's words for a request to `url` with `mode` in a run whose server is
    /// `server` (`None` when it was sent).
    fn refusal(url: &str, mode: AuthMode, server: Option<&str>) -> Option<String> {
        let mut draft = RequestDraft::get(url);
        draft.auth.mode = mode;
        draft.auth.bearer_token = "b".repeat(64);
        draft.auth.api_key = "key".to_owned();
        draft.auth.as_user = "someone".to_owned();
        let context = SendContext {
            server_url: server,
            session_token: Some("token"),
            credentials: CredentialScope::ServerOnly(server),
            api_key_fallback: None,
            timeout: Duration::from_secs(1),
            file_root: None,
            secret_bindings: &NO_BINDINGS,
            allowed_origins: &[],
            confine_files: true,
            allowed_files: &[],
            protected_folders: &[],
        };
        prepare(&draft, &VariableSet::default(), &context)
            .err()
            .map(|e| explain(&e))
    }

    #[test]
    fn credentials_go_to_the_servers_origin_only() {
        let server = Some("http://h:5000");
        for mode in [
            AuthMode::Session,
            AuthMode::Bearer,
            AuthMode::ApiKey,
            AuthMode::ApiKeyAsUser,
        ] {
            assert_eq!(refusal("http://h:5000/api/x", mode, server), None);
            let err = refusal("http://other:5000/api/x", mode, server).unwrap_or_default();
            assert!(err.contains("run's server http://h:5000"), "{err}");
            assert!(err.contains("goes to http://other:5000"), "{err}");
            assert!(err.contains("--server http://other:5000"), "{err}");
            let err = refusal("https://h:5000/api/x", mode, server).unwrap_or_default();
            assert!(err.contains("nothing was sent"), "{err}");
        }
        assert_eq!(refusal("http://other/x", AuthMode::None, server), None);
    }

    #[test]
    fn without_a_server_no_credentials_go_anywhere() {
        let err = refusal("http://127.0.0.1:9/api", AuthMode::Session, None).unwrap_or_default();
        assert!(err.starts_with("The session token is sent only"), "{err}");
        assert!(err.contains("this run has none"), "{err}");
        assert!(err.contains("--server http://127.0.0.1:9"), "{err}");
        let err = refusal("http://h/api", AuthMode::ApiKey, None).unwrap_or_default();
        assert!(err.starts_with("The API key"), "{err}");
        assert_eq!(refusal("http://h/api", AuthMode::None, None), None);
        let err = refusal("http://h/api", AuthMode::Bearer, Some("ftp://h")).unwrap_or_default();
        assert!(err.contains("not a valid server URL"), "{err}");
    }

    #[test]
    fn a_file_outside_the_collection_says_what_to_pass() {
        let error = PrepareError::FileOutsideCollection {
            path: "../../etc/passwd".into(),
            real: "/etc/passwd".into(),
            collection: "/ci/collection".into(),
        };
        let text = explain(&error);
        assert!(
            text.contains("../../etc/passwd (which leads to /etc/passwd)"),
            "{text}"
        );
        assert!(text.contains("pass --allow-file /etc/passwd"), "{text}");
        let spaced = PrepareError::FileOutsideCollection {
            path: "/srv/it's here.zip".into(),
            real: "/srv/it's here.zip".into(),
            collection: "/ci/collection".into(),
        };
        let text = explain(&spaced);
        assert!(
            text.contains("--allow-file '/srv/it'\\''s here.zip'"),
            "{text}"
        );
    }

    #[test]
    fn a_relative_url_without_a_server_says_what_to_pass() {
        let err = refusal("/api/users/me", AuthMode::None, None).unwrap_or_default();
        assert!(err.contains("the URL /api/users/me is relative"), "{err}");
        assert!(err.contains("pass --server URL"), "{err}");
    }

    #[test]
    fn a_refused_secret_names_the_variable_the_host_and_the_flag() {
        let bound = RefusedSecret {
            variable: "password".into(),
            bound_to: vec!["http://h:5000".into()],
        };
        let unbound = RefusedSecret {
            variable: "api_token".into(),
            bound_to: Vec::new(),
        };
        let text = explain_secrets(&[bound, unbound], "http://evil:1");
        assert_eq!(
            text,
            "The secret {{password}} may go only to http://h:5000; the secret {{api_token}} \
             is bound to no server (AYON_SECRET_API_TOKEN goes only to --server or \
             AYON_SERVER_URL, and this run has neither), but this request goes to \
             http://evil:1: nothing was sent. To send it there, pass --allow-host \
             http://evil:1"
        );
    }
}
