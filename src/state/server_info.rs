//! Which AYON release the server at the typed URL runs, as far as the app knows.
//!
//! Asked (`GET /api/info`, no auth) when logging in, and again when the URL is typed back
//! to the logged-in server's; forgotten when the URL changes and on logout. The answer is
//! taken only while it is still awaited (by id) and still about the typed URL.

use crate::ayon::ServerInfoError;
use crate::ayon::ServerVersion;

use super::RequestId;

/// What is known of the server at [`ServerInfo::url`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerInfo {
    /// The server the facts are about (as typed, trimmed, without a trailing slash);
    /// empty when nothing is known.
    pub url: String,
    /// The `GET /api/info` in flight.
    pub fetching: Option<RequestId>,
    /// Its version, once known.
    pub version: Option<ServerVersion>,
    /// Why the version is not known (the server's words or the failure).
    pub problem: Option<String>,
}

/// A server URL as compared: trimmed, without trailing slashes.
pub fn same_server(a: &str, b: &str) -> bool {
    a.trim().trim_end_matches('/') == b.trim().trim_end_matches('/')
}

impl ServerInfo {
    /// Starts asking `url`; an answer to an earlier ask is dropped from now on.
    pub fn begin(&mut self, url: &str, id: RequestId) {
        *self = ServerInfo {
            url: url.trim().trim_end_matches('/').to_string(),
            fetching: Some(id),
            version: None,
            problem: None,
        };
    }

    /// Takes the answer to ask `id`; a late or replaced one is dropped.
    pub fn finish(&mut self, id: RequestId, result: Result<ServerVersion, ServerInfoError>) {
        if self.fetching != Some(id) {
            return;
        }
        self.fetching = None;
        match result {
            Ok(version) => self.version = Some(version),
            Err(problem) => self.problem = Some(problem.to_string()),
        }
    }

    /// Forgets everything (logout).
    pub fn forget(&mut self) {
        *self = ServerInfo::default();
    }

    /// Forgets what is known when the typed URL is another server's. Returns whether
    /// anything was forgotten.
    pub fn follow_url(&mut self, typed: &str) -> bool {
        if self.url.is_empty() || same_server(&self.url, typed) {
            return false;
        }
        self.forget();
        true
    }

    /// The version of `server_url`, when known.
    pub fn version_of(&self, server_url: &str) -> Option<&ServerVersion> {
        self.version
            .as_ref()
            .filter(|_| same_server(&self.url, server_url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(text: &str) -> ServerVersion {
        ServerVersion::parse(text).unwrap_or_else(|| panic!("{text}"))
    }

    #[test]
    fn only_the_awaited_answer_is_taken() {
        let mut info = ServerInfo::default();
        info.begin("http://a:5000/", 1);
        info.begin("http://a:5000", 2);
        info.finish(1, Ok(version("1.11.2")));
        assert_eq!(info.version, None, "a replaced ask is dropped");
        info.finish(2, Ok(version("1.16.0")));
        assert_eq!(
            info.version_of("http://a:5000/").map(|v| v.release()),
            Some("1.16.0".to_string())
        );
        info.finish(2, Ok(version("1.11.2")));
        assert_eq!(info.version, Some(version("1.16.0")), "taken once");
        assert_eq!(info.version_of("http://b:5000"), None);
    }

    #[test]
    fn another_url_or_a_logout_forgets_it() {
        let mut info = ServerInfo::default();
        info.begin("http://a:5000", 1);
        info.finish(
            1,
            Err(ServerInfoError::NotAVersion {
                reported: "refused".into(),
            }),
        );
        assert_eq!(
            info.problem.as_deref(),
            Some("the server reports the version \"refused\", which is not one")
        );
        assert!(!info.follow_url(" http://a:5000/ "), "the same server");
        assert!(info.follow_url("http://a:5001"));
        assert_eq!(info, ServerInfo::default());
        info.begin("http://a:5000", 2);
        info.follow_url("http://b");
        info.finish(2, Ok(version("1.16.0")));
        assert_eq!(info.version, None, "an answer about a URL no longer typed");
        info.begin("http://a:5000", 3);
        info.finish(3, Ok(version("1.16.0")));
        info.forget();
        assert_eq!(info.version, None);
    }
}
