//! TLS files for one server: a studio runs several AYON servers (production behind its
//! own CA, a test server with a self-signed certificate, one asking for client
//! certificates), so a CA bundle and a client certificate can be set per server, by host
//! and optionally port.

use serde::{Deserialize, Serialize};

/// A per-server entry as the user writes it in Settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerTls {
    /// Which server: `host`, `host:port` or a URL (`https://ayon.studio.lan:5000`).
    pub server: String,
    /// A PEM bundle of CA certificates for this server (empty: the app-wide one).
    pub ca_file: String,
    /// A PEM file with a client certificate and its key for this server (empty: the
    /// app-wide one).
    pub client_cert_file: String,
}

/// Why a per-server entry's server cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ServerMatchError {
    /// Nothing was given.
    #[error("no server given (a host name, host:port or a URL)")]
    Empty,
    /// The text is not a host, host:port or URL.
    #[error("\"{text}\" is not a host name, host:port or URL ({source})")]
    NotAServer {
        /// The text as given (trimmed).
        text: String,
        /// What the URL parser said.
        #[source]
        source: url::ParseError,
    },
    /// The URL names no host.
    #[error("\"{text}\" names no host")]
    NoHost {
        /// The text as given (trimmed).
        text: String,
    },
}

/// The URLs a per-server entry applies to: one host, on one port or on any.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ServerMatch {
    host: String,
    port: Option<u16>,
}

impl ServerMatch {
    /// Reads `host`, `host:port` or a URL; the error says what is wrong.
    pub fn parse(text: &str) -> Result<ServerMatch, ServerMatchError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ServerMatchError::Empty);
        }
        let as_url = if text.contains("://") {
            text.to_owned()
        } else {
            format!("http://{text}")
        };
        let url = url::Url::parse(&as_url).map_err(|source| ServerMatchError::NotAServer {
            text: text.to_owned(),
            source,
        })?;
        let host =
            url.host_str()
                .filter(|h| !h.is_empty())
                .ok_or_else(|| ServerMatchError::NoHost {
                    text: text.to_owned(),
                })?;
        Ok(ServerMatch {
            host: host.to_owned(),
            port: url.port(),
        })
    }

    /// Whether `url` goes to this server (the host compared as the URL parser normalised
    /// it, so case does not matter).
    pub fn matches(&self, url: &url::Url) -> bool {
        url.host_str() == Some(self.host.as_str())
            && self
                .port
                .is_none_or(|port| url.port_or_known_default() == Some(port))
    }

    /// Whether a port was given (such an entry wins over one for the whole host).
    pub fn has_port(&self) -> bool {
        self.port.is_some()
    }
}

impl std::fmt::Display for ServerMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.port {
            Some(port) => write!(f, "{}:{port}", self.host),
            None => f.write_str(&self.host),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> url::Url {
        url::Url::parse(text).unwrap()
    }

    #[test]
    fn host_alone_matches_every_port() {
        let server = ServerMatch::parse("Ayon.Studio.lan").unwrap();
        assert!(server.matches(&url("https://ayon.studio.lan/api/info")));
        assert!(server.matches(&url("http://AYON.studio.lan:5000/")));
        assert!(!server.matches(&url("https://other.studio.lan/")));
        assert!(!server.has_port());
        assert_eq!(server.to_string(), "ayon.studio.lan");
    }

    #[test]
    fn port_and_url_forms() {
        let server = ServerMatch::parse("127.0.0.1:5000").unwrap();
        assert!(server.matches(&url("http://127.0.0.1:5000/api")));
        assert!(!server.matches(&url("http://127.0.0.1:5001/api")));
        let by_url = ServerMatch::parse(" https://ayon.studio.lan:8443/some/path ").unwrap();
        assert_eq!(by_url.to_string(), "ayon.studio.lan:8443");
        // A default port written out still matches a URL that leaves it implicit.
        let default_port = ServerMatch::parse("ayon.studio.lan:443").unwrap();
        assert!(default_port.matches(&url("https://ayon.studio.lan/")));
        let ipv6 = ServerMatch::parse("[::1]:5000").unwrap();
        assert!(ipv6.matches(&url("http://[::1]:5000/")));
    }

    #[test]
    fn bad_entries_are_named() {
        assert!(
            ServerMatch::parse("  ")
                .unwrap_err()
                .to_string()
                .contains("no server")
        );
        let err = ServerMatch::parse("ayon:notaport").unwrap_err().to_string();
        assert!(err.contains("ayon:notaport"), "{err}");
        let err = ServerMatch::parse("file:///tmp/x").unwrap_err().to_string();
        assert!(err.contains("names no host"), "{err}");
        assert!(matches!(
            ServerMatch::parse("file:///tmp/x"),
            Err(ServerMatchError::NoHost { .. })
        ));
    }
}
