//! Where a request's credentials may go: only to the run's server.
//!
//! A request's `auth:` (the session token, a bearer token, an API key, and `AYON_API_KEY`
//! standing in for a session) puts credentials on it. The runner sends them only to the
//! origin (scheme, host and port) of the run's server (see `server.rs`). A request
//! with credentials to another origin, or in a run without a server (every URL full, no
//! `--server`), is not sent at all: it is reported as an error that names the origin to
//! pass as `--server` to trust it. Redirects to another origin already drop credentials
//! in the engine. Headers written by hand in a request's `headers:` are sent as written.

use url::Url;

use ayon_explorer_core::ayon::{AuthMode, normalize_base_url};
use ayon_explorer_core::http::same_origin;

/// `Ok` when a request to `url` with `mode` may be sent from a run whose server is
/// `server`; else why not (nothing is sent).
pub fn check_credentials(url: &Url, mode: AuthMode, server: Option<&str>) -> Result<(), String> {
    let what = match mode {
        AuthMode::None => return Ok(()),
        AuthMode::Session => "The session token",
        AuthMode::Bearer => "The bearer token",
        AuthMode::ApiKey | AuthMode::ApiKeyAsUser => "The API key",
    };
    let target = url.origin().ascii_serialization();
    let fix = format!(
        "pass --server {target} to trust that server, or set this request's auth mode to none"
    );
    let Some(server) = server else {
        return Err(format!(
            "{what} is sent only to the run's server, and this run has none (no --server, \
             AYON_SERVER_URL or defaults.base_url): nothing was sent to {target}. To send it, \
             {fix}"
        ));
    };
    let home = normalize_base_url(server).map_err(|e| {
        format!("{what} is sent only to the run's server, and {server} is not a valid server URL ({e}): nothing was sent")
    })?;
    if same_origin(url, &home) {
        return Ok(());
    }
    Err(format!(
        "{what} is sent only to the run's server {}, but this request goes to {target}: \
         nothing was sent. To send it, {fix}",
        home.origin().ascii_serialization()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
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
            assert!(check_credentials(&url("http://h:5000/api/x"), mode, server).is_ok());
            let err = check_credentials(&url("http://other:5000/api/x"), mode, server).unwrap_err();
            assert!(err.contains("run's server http://h:5000"), "{err}");
            assert!(err.contains("goes to http://other:5000"), "{err}");
            assert!(err.contains("--server http://other:5000"), "{err}");
            let err = check_credentials(&url("https://h:5000/api/x"), mode, server).unwrap_err();
            assert!(err.contains("nothing was sent"), "{err}");
        }
        assert!(check_credentials(&url("http://other/x"), AuthMode::None, server).is_ok());
    }

    #[test]
    fn without_a_server_no_credentials_go_anywhere() {
        let err =
            check_credentials(&url("http://127.0.0.1:9/api"), AuthMode::Session, None).unwrap_err();
        assert!(err.starts_with("The session token is sent only"), "{err}");
        assert!(err.contains("this run has none"), "{err}");
        assert!(err.contains("--server http://127.0.0.1:9"), "{err}");
        let err = check_credentials(&url("http://h/api"), AuthMode::ApiKey, None).unwrap_err();
        assert!(err.starts_with("The API key"), "{err}");
        assert!(check_credentials(&url("http://h/api"), AuthMode::None, None).is_ok());
        let err =
            check_credentials(&url("http://h/api"), AuthMode::Bearer, Some("ftp://h")).unwrap_err();
        assert!(err.contains("not a valid server URL"), "{err}");
    }
}
