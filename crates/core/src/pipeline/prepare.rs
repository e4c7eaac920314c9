//! A draft and its context into a request ready to send, or why not.

use url::Url;

use crate::ayon::{AuthMode, AuthProblem, normalize_base_url};
use crate::checks::{Capture, ExpectFile};
use crate::collection::variables::{SubstitutedSecret, VariableSet, resolve_draft};
use crate::http::{RequestSpec, same_origin};
use crate::request::{RequestDraft, RequestError, build_spec, mask_variable_secrets};

use super::{
    ApprovedServer, Credential, CredentialScope, PrepareError, RefusedSecret, SendContext,
};

/// A request ready to send, with what its answer is judged by.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// What goes on the wire; its display form masks every secret it carries.
    pub spec: RequestSpec,
    /// The auth mode it was built with (after any API-key stand-in).
    pub auth_mode: AuthMode,
    /// The `expect:` checks of its answer.
    pub expect: Option<ExpectFile>,
    /// The `capture:` values its answer gives to later requests.
    pub capture: Vec<Capture>,
}

/// `draft` with `vars` substituted, built into a [`RequestSpec`] in `context`: relative
/// URLs against its server, body files from its folder (and only from where it allows),
/// credentials only where its [`CredentialScope`] allows, and secret variables only to
/// the origins they are bound to or the context allows. Secret values that were
/// substituted are masked in the spec's display form.
pub fn prepare(
    draft: &RequestDraft,
    vars: &VariableSet,
    context: &SendContext<'_>,
) -> Result<Prepared, PrepareError> {
    let stand_in = context
        .api_key_fallback
        .filter(|_| draft.auth.mode == AuthMode::Session && context.session_token.is_none());
    let mut draft = std::borrow::Cow::Borrowed(draft);
    if let Some(key) = stand_in {
        let draft = draft.to_mut();
        draft.auth.mode = AuthMode::ApiKey;
        draft.auth.api_key = key.to_owned();
    }
    let resolved = resolve_draft(&draft, vars).map_err(PrepareError::UnknownVariables)?;
    let secrets = resolved.secrets;
    let secret_headers = resolved.secret_headers;
    let resolved = resolved.draft;
    // Known only now when the URL starts with a variable.
    if context.server_url.is_none() && !is_full_url(&resolved.url) {
        return Err(PrepareError::RelativeWithoutServer {
            url: resolved.url.trim().to_owned(),
        });
    }
    if resolved.auth.mode == AuthMode::Session && context.session_token.is_none() {
        return Err(RequestError::Auth(AuthProblem::NoSession).into());
    }
    let mut spec = build_spec(
        &resolved,
        context.server_url.unwrap_or_default(),
        context.session_token,
        context.timeout,
        context.file_root,
    )?;
    // Built but not sent: its credentials may go where the context allows only, and its
    // files may be read only where the context allows.
    check_credentials(&spec.url, resolved.auth.mode, context.credentials)?;
    super::files::check_body_files(&spec.body, context)?;
    check_secrets(&spec.url, &secrets, context)?;
    // A header that carries a secret is a credential: it does not follow a redirect to
    // another origin.
    spec.secret_headers = secret_headers;
    let values = secrets.into_iter().map(|s| s.value).collect();
    Ok(Prepared {
        spec: mask_variable_secrets(spec, values),
        auth_mode: resolved.auth.mode,
        expect: resolved.expect,
        capture: resolved.capture,
    })
}

/// Whether `url` is a full `http(s)://` URL, sent as it is (not resolved against a
/// server).
pub fn is_full_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// `Ok` when the credentials `mode` attaches may go to `url` within `scope`.
fn check_credentials(
    url: &Url,
    mode: AuthMode,
    scope: CredentialScope<'_>,
) -> Result<(), PrepareError> {
    let credential = match mode {
        AuthMode::None => return Ok(()),
        AuthMode::Session => Credential::SessionToken,
        AuthMode::Bearer => Credential::BearerToken,
        AuthMode::ApiKey | AuthMode::ApiKeyAsUser => Credential::ApiKey,
    };
    let approved = match scope {
        CredentialScope::SessionHome(_) if credential != Credential::SessionToken => return Ok(()),
        // No session to hold the token to: there is no token to send either.
        CredentialScope::SessionHome(None) => return Ok(()),
        CredentialScope::SessionHome(Some(server)) | CredentialScope::ServerOnly(Some(server)) => {
            server
        }
        CredentialScope::ServerOnly(None) => {
            return Err(refused(credential, url, ApprovedServer::None));
        }
    };
    let home = match normalize_base_url(approved) {
        Ok(home) => home,
        // The window's session came from a server it reached, so this is the runner's
        // case; the window keeps today's lenience for a session URL it cannot parse.
        Err(_) if matches!(scope, CredentialScope::SessionHome(_)) => return Ok(()),
        Err(e) => {
            let invalid = ApprovedServer::Invalid {
                url: approved.to_owned(),
                reason: e.to_string(),
            };
            return Err(refused(credential, url, invalid));
        }
    };
    if same_origin(url, &home) {
        return Ok(());
    }
    let origin = ApprovedServer::Origin(home.origin().ascii_serialization());
    Err(refused(credential, url, origin))
}

/// `Ok` when every secret in `secrets` may go to `url`'s origin: it is bound to it, or
/// the context allows it for every secret.
fn check_secrets(
    url: &Url,
    secrets: &[SubstitutedSecret],
    context: &SendContext<'_>,
) -> Result<(), PrepareError> {
    let target = url.origin().ascii_serialization();
    if context.allowed_origins.contains(&target) {
        return Ok(());
    }
    let refused: Vec<RefusedSecret> = secrets
        .iter()
        .filter(|s| !context.secret_bindings.allows(&s.variable, &target))
        .map(|s| RefusedSecret {
            variable: s.variable.clone(),
            bound_to: context.secret_bindings.origins(&s.variable).to_vec(),
        })
        .collect();
    if refused.is_empty() {
        Ok(())
    } else {
        Err(PrepareError::SecretElsewhere {
            secrets: refused,
            target,
        })
    }
}

fn refused(credential: Credential, url: &Url, approved: ApprovedServer) -> PrepareError {
    PrepareError::CredentialsElsewhere {
        credential,
        target: url.origin().ascii_serialization(),
        approved,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::collection::environment::Variable;
    use crate::collection::secrets::{NO_BINDINGS, SecretBindings};
    use crate::collection::variables::Source;
    use crate::request::{BodyMode, KvRow};
    use crate::secret::Secret;

    fn context<'a>(server: Option<&'a str>, scope: CredentialScope<'a>) -> SendContext<'a> {
        SendContext {
            server_url: server,
            session_token: Some("t0k3n"),
            credentials: scope,
            api_key_fallback: None,
            timeout: Duration::from_secs(1),
            file_root: None,
            secret_bindings: &NO_BINDINGS,
            allowed_origins: &[],
            confine_files: false,
            allowed_files: &[],
            protected_folders: &[],
        }
    }

    fn draft(url: &str, mode: AuthMode) -> RequestDraft {
        let mut draft = RequestDraft::get(url);
        draft.auth.mode = mode;
        draft.auth.api_key = "typed-key".into();
        draft
    }

    #[test]
    fn the_session_token_stays_on_its_server_in_the_window() {
        let home = CredentialScope::SessionHome(Some("http://h:5000"));
        let ctx = context(Some("http://h:5000"), home);
        let vars = VariableSet::default();
        let err = prepare(
            &draft("https://elsewhere.example/api/users/me", AuthMode::Session),
            &vars,
            &ctx,
        )
        .unwrap_err();
        assert_eq!(
            err,
            PrepareError::CredentialsElsewhere {
                credential: Credential::SessionToken,
                target: "https://elsewhere.example".into(),
                approved: ApprovedServer::Origin("http://h:5000".into()),
            }
        );
        assert!(err.to_string().contains("nothing was sent"), "{err}");
        let prepared = prepare(&draft("/api/users/me", AuthMode::Session), &vars, &ctx).unwrap();
        assert_eq!(prepared.spec.url.as_str(), "http://h:5000/api/users/me");
        // A key the user typed goes where the user sends it.
        let elsewhere = draft("https://elsewhere.example/api", AuthMode::ApiKey);
        assert!(prepare(&elsewhere, &vars, &ctx).is_ok());
    }

    #[test]
    fn in_a_run_every_credential_stays_on_the_run_server() {
        let vars = VariableSet::default();
        let ctx = context(None, CredentialScope::ServerOnly(None));
        let err = prepare(
            &draft("https://elsewhere.example/api", AuthMode::ApiKey),
            &vars,
            &ctx,
        )
        .unwrap_err();
        assert!(
            matches!(
                &err,
                PrepareError::CredentialsElsewhere {
                    credential: Credential::ApiKey,
                    approved: ApprovedServer::None,
                    ..
                }
            ),
            "{err:?}"
        );
        let open = draft("https://elsewhere.example/api", AuthMode::None);
        assert!(prepare(&open, &vars, &ctx).is_ok());
        let err = prepare(&draft("/api/info", AuthMode::None), &vars, &ctx).unwrap_err();
        assert_eq!(
            err,
            PrepareError::RelativeWithoutServer {
                url: "/api/info".into()
            }
        );
    }

    #[test]
    fn an_api_key_stands_in_for_a_missing_session_only_when_the_front_end_says_so() {
        let vars = VariableSet::default();
        let server = "http://h:5000";
        let mut ctx = context(Some(server), CredentialScope::ServerOnly(Some(server)));
        ctx.session_token = None;
        let session = draft("/api/users/me", AuthMode::Session);
        let err = prepare(&session, &vars, &ctx).unwrap_err();
        assert_eq!(
            err,
            PrepareError::Request(RequestError::Auth(AuthProblem::NoSession))
        );
        ctx.api_key_fallback = Some("env-key");
        let prepared = prepare(&session, &vars, &ctx).unwrap();
        assert_eq!(prepared.auth_mode, AuthMode::ApiKey);
        assert!(
            prepared
                .spec
                .headers
                .contains(&("X-Api-Key".to_string(), "env-key".to_string())),
            "{:?}",
            prepared.spec.headers
        );
        assert!(prepared.spec.secrets.contains(&"env-key".to_string()));
    }

    #[test]
    fn unknown_variables_block_the_send_named() {
        let ctx = context(Some("http://h"), CredentialScope::SessionHome(None));
        let err = prepare(
            &draft("/api/projects/{{project}}", AuthMode::None),
            &VariableSet::default(),
            &ctx,
        )
        .unwrap_err();
        let PrepareError::UnknownVariables(unknown) = err else {
            panic!("{err:?}");
        };
        assert_eq!(unknown.names, vec!["project".to_string()]);
    }

    fn secret_vars() -> VariableSet {
        let mut vars = VariableSet::new();
        vars.set_secret("password", Secret::new("pw-1"), Source::Local);
        vars.set_secret("key", Secret::new("k-1"), Source::Local);
        vars.insert(&Variable::plain("plain", "p"), Source::Local);
        vars
    }

    #[test]
    fn a_secret_goes_only_where_it_is_bound_or_allowed() {
        let vars = secret_vars();
        let mut bindings = SecretBindings::new();
        bindings.allow("password", ["http://h:5000".to_string()]);
        // The window's scope: a typed bearer token goes where the user sends it.
        let mut ctx = context(None, CredentialScope::SessionHome(None));
        ctx.secret_bindings = &bindings;
        let home = draft(
            "http://h:5000/api?p={{password}}&x={{plain}}",
            AuthMode::None,
        );
        assert!(prepare(&home, &vars, &ctx).is_ok());
        // In the URL, a header, the body or the auth: refused, named, no value.
        let mut header = draft("http://evil:1/", AuthMode::None);
        header.headers.push(KvRow::new("X-Token", "{{ password }}"));
        let mut body = draft("http://evil:1/", AuthMode::None);
        body.body_mode = BodyMode::Text;
        body.body_text = "pw={{password}}".into();
        let mut auth = draft("http://evil:1/", AuthMode::Bearer);
        auth.auth.bearer_token = "{{password}}".into();
        let url = draft("http://evil:1/?p={{password}}", AuthMode::None);
        let places = [url, header, body, auth];
        for place in &places {
            let err = prepare(place, &vars, &ctx).unwrap_err();
            assert_eq!(
                err,
                PrepareError::SecretElsewhere {
                    secrets: vec![RefusedSecret {
                        variable: "password".into(),
                        bound_to: vec!["http://h:5000".into()],
                    }],
                    target: "http://evil:1".into(),
                },
                "{place:?}"
            );
            let text = err.to_string();
            assert!(
                text.contains("{{password}} may go only to http://h:5000")
                    && text.contains("goes to http://evil:1")
                    && !text.contains("pw-1"),
                "{text}"
            );
        }
        // A variable without a binding goes nowhere; the context may allow an origin.
        let unbound = draft("http://h:5000/?k={{key}}", AuthMode::None);
        let err = prepare(&unbound, &vars, &ctx).unwrap_err().to_string();
        assert!(err.contains("{{key}} is bound to no server"), "{err}");
        let allowed = ["http://evil:1".to_string()];
        ctx.allowed_origins = &allowed;
        for place in &places {
            assert!(prepare(place, &vars, &ctx).is_ok());
        }
    }
}
