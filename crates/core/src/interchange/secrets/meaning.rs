//! What a name means where it stands. A header, query parameter or variable is secret
//! by its name alone ([`is_secret_name`]). A body field needs more: `password` or
//! `apiKey` always hold a secret, but `token` or `key` hold one only in an auth request
//! (`/api/auth/login`), inside an auth block (`"auth": {"token": ...}`), or when the value
//! itself looks like a credential (32 or more hex or base64 characters), so Terraform's
//! `{"variable": {"key": "region"}}` and a currency's `{"token": "EUR"}` stay as written.

/// Names (lower case, `-` and `_` removed) that mark a value as secret.
const SECRET_WORDS: [&str; 9] = [
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "accesstoken",
    "clientsecret",
    "privatekey",
    "credential",
];

/// Parts of a body field's name (folded) that mean a secret wherever the field stands.
const ALWAYS_SECRET: [&str; 11] = [
    "password",
    "passwd",
    "secret",
    "apikey",
    "privatekey",
    "credential",
    "accesstoken",
    "refreshtoken",
    "idtoken",
    "authtoken",
    "sessiontoken",
];

/// Keys (folded) of a block whose fields are credentials (`"auth": {"token": ...}`).
const AUTH_BLOCKS: [&str; 6] = [
    "auth",
    "authentication",
    "authorization",
    "credentials",
    "login",
    "bearer",
];

/// Path segments (folded) of a request that logs in or hands out tokens.
const AUTH_SEGMENTS: [&str; 14] = [
    "auth",
    "authenticate",
    "authentication",
    "authorize",
    "login",
    "logon",
    "signin",
    "oauth",
    "oauth2",
    "token",
    "tokens",
    "session",
    "sessions",
    "apikeys",
];

/// The shortest value that counts as a credential by its looks alone.
const CREDENTIAL_LENGTH: usize = 32;

/// `name` in lower case with `-`, `_`, spaces and dots removed.
fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a variable, header or query parameter called `name` holds a secret.
pub fn is_secret_name(name: &str) -> bool {
    let folded = fold(name);
    folded == "key"
        || folded == "auth"
        || folded.ends_with("apikey")
        || SECRET_WORDS.iter().any(|w| folded.contains(w))
}

/// Whether a body field (a JSON member or a form field) holds a secret: its `key`, the
/// keys of the blocks it stands in (`ancestors`, outermost first), its `value`, and
/// whether the request is an auth request (see [`is_auth_endpoint`]).
pub fn is_secret_field(key: &str, ancestors: &[String], value: &str, auth_request: bool) -> bool {
    let folded = fold(key);
    if ALWAYS_SECRET.iter().any(|w| folded.contains(w)) {
        return true;
    }
    if !is_secret_name(key) {
        return false;
    }
    auth_request
        || ancestors
            .iter()
            .any(|a| AUTH_BLOCKS.contains(&fold(a).as_str()))
        || looks_like_credential(value)
}

/// Whether the request at `url` logs in or hands out credentials: a path segment such as
/// `auth`, `login`, `token` or `oauth` (`/api/auth/login`).
pub fn is_auth_endpoint(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    path.split('/')
        .any(|segment| AUTH_SEGMENTS.contains(&fold(segment).as_str()))
}

/// Whether `value` looks like a credential by itself: one word of at least 32 hex,
/// base64 or base64url characters (dots allowed, as in a JWT) mixing letters and digits.
pub fn looks_like_credential(value: &str) -> bool {
    let value = value.trim();
    value.len() >= CREDENTIAL_LENGTH
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-' | '.'))
        && value.chars().any(|c| c.is_ascii_digit())
        && value.chars().any(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_look_secret() {
        for name in [
            "password",
            "X-Api-Key",
            "api_key",
            "access_token",
            "clientSecret",
            "key",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["name", "project", "keyboard_layout", "monkey"] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn a_body_field_is_judged_in_its_context() {
        let none: &[String] = &[];
        assert!(is_secret_field("password", none, "x", false));
        assert!(is_secret_field("apiKey", none, "k", false));
        assert!(is_secret_field("client_secret", none, "s", false));
        // Weak names: only with context.
        assert!(!is_secret_field(
            "key",
            &["variable".into()],
            "region",
            false
        ));
        assert!(!is_secret_field("token", none, "EUR", false));
        assert!(is_secret_field("token", none, "EUR", true));
        assert!(is_secret_field("token", &["auth".into()], "abc", false));
        let hex = "3f9a".repeat(16);
        assert!(is_secret_field("token", none, &hex, false));
        assert!(!is_secret_field("code", none, &hex, false));
        assert!(is_auth_endpoint("{{base}}/api/auth/login?x=1"));
        assert!(is_auth_endpoint("https://h/oauth2/token"));
        assert!(!is_auth_endpoint("https://h/api/currencies/authors"));
        assert!(!looks_like_credential(
            "a long phrase of words with spaces in it ok"
        ));
        assert!(!looks_like_credential(&"a".repeat(40)));
    }
}
