//! Replacing secret values in text that is shown or stored.

/// What a redacted secret value becomes (the secret helpers' mark, so history and stored
/// answers read the same).
pub use crate::secret::answer_mask::REDACTED;

/// `text` with every occurrence of each non-empty secret replaced by [`REDACTED`], in
/// every form it takes (percent-encoded as in a query string, form-encoded, JSON-escaped,
/// base64: see [`crate::secret::forms::encodings`]). The longest form wins where several
/// start at the same place, so a secret containing another is fully hidden.
pub fn redact(text: &str, secrets: &[String]) -> String {
    crate::secret::answer_mask::AnswerMask::new(secrets).text(text)
}

/// `text` with each secret value replaced by `{{name}}` of its variable (`pairs` holds
/// `(name, value)`), in plain and percent-encoded forms; longer values first.
pub fn redact_named(text: &str, pairs: &[(String, String)]) -> String {
    let mut pairs: Vec<&(String, String)> = pairs.iter().filter(|(_, v)| !v.is_empty()).collect();
    pairs.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
    let mut out = text.to_string();
    for (name, value) in pairs {
        let encoded = percent_encode(value);
        for form in [value.clone(), encoded.replace("%20", "+"), encoded] {
            out = out.replace(form.as_str(), &format!("{{{{{name}}}}}"));
        }
    }
    out
}

/// Percent-encodes everything except RFC 3986 unreserved characters.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_encoded_forms_are_hidden() {
        let secrets = vec!["ab/c d".to_string(), "ab".to_string(), String::new()];
        assert_eq!(
            redact("/x?k=ab%2Fc%20d&j=ab%2Fc+d&p=ab/c d&q=ab", &secrets),
            "/x?k=•••&j=•••&p=•••&q=•••"
        );
        assert_eq!(redact("nothing", &secrets), "nothing");
        let pairs = vec![("token".to_string(), "T0K".to_string())];
        assert_eq!(redact_named("/a?t=T0K", &pairs), "/a?t={{token}}");
    }
}
