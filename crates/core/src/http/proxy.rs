//! Which proxy requests go through: the environment's (`HTTP_PROXY`, `HTTPS_PROXY`,
//! `ALL_PROXY`, `NO_PROXY`, read by reqwest), or one set in Settings.

use super::ProxyError;
use crate::secret::Secret;

/// The proxy override from Settings; empty means "as the environment says".
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProxySettings {
    /// A proxy for every request (`http://proxy:3128`, `socks5://…` is not supported);
    /// empty: the environment's proxy variables apply.
    pub url: String,
    /// Hosts that bypass the override, comma-separated like `NO_PROXY`
    /// (`localhost, .studio.lan, 10.0.0.0/8`).
    pub no_proxy: String,
    /// The password for the user named in `url` (`http://user@proxy:3128`), kept in the
    /// secret store, never in settings.
    pub password: Option<Secret>,
}

impl ProxySettings {
    /// Whether the environment decides (no override).
    pub fn from_environment(&self) -> bool {
        self.url.trim().is_empty()
    }

    /// The reqwest proxy for the override, `None` when the environment decides; an error
    /// that names the problem for a URL that cannot be used.
    ///
    /// A password in the URL is refused: settings are a plain file, and a proxy password
    /// belongs in the environment (`HTTPS_PROXY=http://user:pass@proxy:3128`).
    pub fn to_proxy(&self) -> Result<Option<reqwest::Proxy>, ProxyError> {
        let url = self.url.trim();
        if url.is_empty() {
            return Ok(None);
        }
        let parsed = url::Url::parse(url).map_err(|source| ProxyError::InvalidUrl {
            url: url.to_owned(),
            source,
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(ProxyError::Scheme {
                url: url.to_owned(),
            });
        }
        if parsed.password().is_some() {
            return Err(ProxyError::Password);
        }
        let mut proxy =
            reqwest::Proxy::all(parsed.as_str()).map_err(|source| ProxyError::Unusable {
                url: url.to_owned(),
                source,
            })?;
        if let Some(password) = self.password.as_ref().filter(|p| !p.expose().is_empty()) {
            if parsed.username().is_empty() {
                return Err(ProxyError::PasswordWithoutUser {
                    url: url.to_owned(),
                });
            }
            let user = percent_encoding::percent_decode_str(parsed.username()).decode_utf8_lossy();
            proxy = proxy.basic_auth(&user, password.expose());
        }
        Ok(Some(proxy.no_proxy(reqwest::NoProxy::from_string(
            self.no_proxy.trim(),
        ))))
    }
}

/// What the environment sets, for the Settings window (`HTTPS_PROXY=…`), with any
/// password masked; empty when no proxy variable is set.
pub fn environment_proxies(vars: impl Fn(&str) -> Option<String>) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"] {
        let value = vars(name).or_else(|| vars(&name.to_ascii_lowercase()));
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            out.push(format!("{name}={}", mask_password(&value)));
        }
    }
    out
}

/// `http://user:***@proxy:3128` for a URL with a password; other text unchanged.
fn mask_password(value: &str) -> String {
    match url::Url::parse(value) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        _ => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str) -> ProxySettings {
        ProxySettings {
            url: url.to_owned(),
            no_proxy: String::new(),
            password: None,
        }
    }

    #[test]
    fn empty_means_the_environment() {
        assert!(settings(" ").from_environment());
        assert!(matches!(settings("").to_proxy(), Ok(None)));
    }

    #[test]
    fn bad_urls_and_passwords_are_refused_by_name() {
        let err = settings("proxy:3128")
            .to_proxy()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("must start with http"), "{err}");
        let err = settings("http://")
            .to_proxy()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("is not valid"), "{err}");
        let err = settings("http://me:secret@proxy:3128")
            .to_proxy()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("Proxy password") && !err.contains("secret@"),
            "{err}"
        );
        assert!(matches!(
            settings("http://proxy:3128").to_proxy(),
            Ok(Some(_))
        ));
        assert!(matches!(
            settings("http://me:secret@proxy:3128").to_proxy(),
            Err(ProxyError::Password)
        ));
    }

    #[test]
    fn environment_listing_masks_passwords() {
        let vars = |name: &str| match name {
            "https_proxy" => Some("http://me:secret@proxy:3128".to_owned()),
            "NO_PROXY" => Some("localhost".to_owned()),
            _ => None,
        };
        assert_eq!(
            environment_proxies(vars),
            [
                "HTTPS_PROXY=http://me:***@proxy:3128/".to_owned(),
                "NO_PROXY=localhost".to_owned()
            ]
        );
    }
}
