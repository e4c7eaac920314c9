//! Redirect rules: which headers may follow a redirect, and how the method changes.
//!
//! To another origin, no credential goes along: neither the standard credential headers
//! ([`CREDENTIAL_HEADERS`]) nor any header whose value came from a secret variable (the
//! request's [`RequestSpec::secret_headers`](super::RequestSpec::secret_headers)).

use super::HttpMethod;

/// Headers that carry credentials; they never follow a redirect to another origin.
pub const CREDENTIAL_HEADERS: [&str; 5] = [
    "authorization",
    "cookie",
    "proxy-authorization",
    "x-api-key",
    "x-as-user",
];

/// Whether two URLs share scheme, host and port (the effective port, so `:80` equals none).
pub fn same_origin(a: &url::Url, b: &url::Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Whether the status asks the client to go elsewhere.
pub(crate) fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Method and body rule of RFC 9110: 303 turns into GET, 301/302 turn POST into GET,
/// 307/308 repeat the request as it was. Returns the next method and whether the body is kept.
pub(crate) fn next_method(status: u16, method: HttpMethod) -> (HttpMethod, bool) {
    match status {
        303 if method != HttpMethod::Head => (HttpMethod::Get, false),
        301 | 302 if method == HttpMethod::Post => (HttpMethod::Get, false),
        _ => (method, true),
    }
}

/// Drops credential headers and `secret_headers` (when crossing origins) and body headers
/// (when the body is dropped).
pub(crate) fn headers_for_next_hop(
    headers: &[(String, String)],
    secret_headers: &[String],
    cross_origin: bool,
    keep_body: bool,
) -> (Vec<(String, String)>, bool) {
    let mut stripped = false;
    let kept = headers
        .iter()
        .filter(|(name, _)| {
            let lower = name.to_ascii_lowercase();
            let credential = CREDENTIAL_HEADERS.contains(&lower.as_str())
                || secret_headers.iter().any(|s| s.eq_ignore_ascii_case(name));
            if cross_origin && credential {
                stripped = true;
                return false;
            }
            keep_body || !(lower == "content-type" || lower == "content-length")
        })
        .cloned()
        .collect();
    (kept, stripped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    #[test]
    fn origin_compares_scheme_host_and_effective_port() {
        assert!(same_origin(&url("http://a:80/x"), &url("http://a/y")));
        assert!(!same_origin(&url("http://a/x"), &url("https://a/x")));
        assert!(!same_origin(&url("http://a:5000/"), &url("http://a:5001/")));
        assert!(!same_origin(&url("http://a/"), &url("http://b/")));
    }

    #[test]
    fn cross_origin_hop_drops_all_credentials_case_insensitively() {
        let headers: Vec<(String, String)> = [
            ("Authorization", "Bearer x"),
            ("X-API-KEY", "k"),
            ("x-as-user", "u"),
            ("Cookie", "c"),
            ("Proxy-Authorization", "p"),
            ("Accept", "*/*"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let (kept, stripped) = headers_for_next_hop(&headers, &[], true, true);
        assert!(stripped);
        assert_eq!(kept, vec![("Accept".to_string(), "*/*".to_string())]);
        let (kept, stripped) = headers_for_next_hop(&headers, &[], false, true);
        assert!(!stripped);
        assert_eq!(kept.len(), 6);
    }

    #[test]
    fn a_header_from_a_secret_variable_is_a_credential_too() {
        let headers: Vec<(String, String)> = [("X-Custom-Token", "s3"), ("X-Trace", "t")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let secret = ["x-custom-token".to_string()];
        let (kept, stripped) = headers_for_next_hop(&headers, &secret, true, true);
        assert!(stripped);
        assert_eq!(kept, vec![("X-Trace".to_string(), "t".to_string())]);
        let (kept, _) = headers_for_next_hop(&headers, &secret, false, true);
        assert_eq!(kept.len(), 2, "the same origin gets it");
    }

    #[test]
    fn see_other_turns_into_get_without_body() {
        assert_eq!(next_method(303, HttpMethod::Put), (HttpMethod::Get, false));
        assert_eq!(next_method(302, HttpMethod::Post), (HttpMethod::Get, false));
        assert_eq!(next_method(307, HttpMethod::Post), (HttpMethod::Post, true));
        assert_eq!(next_method(308, HttpMethod::Put), (HttpMethod::Put, true));
    }
}
