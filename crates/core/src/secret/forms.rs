//! The forms a secret value takes on its way out and back: as typed, percent-encoded
//! (for a URL), form-encoded, JSON-escaped and base64-encoded (as in `Basic user:pass`).
//! Whatever masks or redacts a secret masks every one of them.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What the `url` crate encodes in a path.
const URL_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// What the `url` crate encodes in a query.
const URL_QUERY: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'\'');

/// Base64 fragments shorter than this are not masked on their own (too likely by chance).
const MIN_BASE64_FRAGMENT: usize = 8;

/// `value` percent-encoded as one URL path segment or query component: every byte but
/// RFC 3986 unreserved characters as `%XX`, so `/`, `?`, `#`, `&`, `=` and `+` cannot
/// change the URL around it.
pub fn url_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// Every form of `value` to mask: itself; percent-encoded (strictly, as the `url` crate
/// encodes a path or a query, lower-case hex); form-encoded (`+` for space);
/// JSON-escaped (as serde writes it, and ASCII-only with `\uXXXX`); base64 of it, and the
/// parts of base64 that stay the same whatever comes before and after it (so
/// `Basic base64(user:value)` is masked whatever the user). Each non-empty form once,
/// longest first.
pub fn encodings(value: &str) -> Vec<String> {
    let mut forms = Vec::new();
    if value.is_empty() {
        return forms;
    }
    let strict = url_component(value);
    let lower = lower_hex(&strict);
    let form: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json
        .strip_prefix('"')
        .and_then(|j| j.strip_suffix('"'))
        .unwrap_or_default()
        .to_owned();
    let candidates = [
        value.to_owned(),
        strict,
        lower,
        utf8_percent_encode(value, URL_PATH).to_string(),
        utf8_percent_encode(value, URL_QUERY).to_string(),
        form,
        json_ascii(&json, false),
        json_ascii(&json, true),
        json,
        STANDARD.encode(value),
        URL_SAFE_NO_PAD.encode(value),
    ];
    for form in candidates
        .into_iter()
        .chain(base64_fragments(value.as_bytes()))
    {
        if !form.is_empty() && !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms
}

/// Every form of each of `values` (see [`encodings`]), once each, longest first.
pub fn all_encodings<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut forms: Vec<String> = Vec::new();
    for value in values {
        for form in encodings(value) {
            if !forms.contains(&form) {
                forms.push(form);
            }
        }
    }
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms
}

/// `%2f` for `%2F`: some servers echo URLs with lower-case hex.
fn lower_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut chars = encoded.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '%' {
            out.extend(chars.by_ref().take(2).map(|h| h.to_ascii_lowercase()));
        }
    }
    out
}

/// JSON text (already escaped by serde) with every non-ASCII character as `\uXXXX`
/// (surrogate pairs past U+FFFF), as Python's `json.dumps` writes it.
fn json_ascii(json: &str, upper: bool) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            if upper {
                out.push_str(&format!("\\u{unit:04X}"));
            } else {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

/// The base64 characters that encode only `bytes`, for each of the three alignments
/// `bytes` can have inside a longer text (`user:` before it, say): what any base64 of a
/// text containing `bytes` contains. Fragments shorter than [`MIN_BASE64_FRAGMENT`] are
/// left out.
fn base64_fragments(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for lead in 0..3usize {
        let mut padded = vec![0u8; lead];
        padded.extend_from_slice(bytes);
        let encoded = STANDARD.encode(&padded);
        // Whole groups of three bytes that hold only `bytes`.
        let first_group = lead.div_ceil(3);
        let last_group = padded.len() / 3;
        if last_group <= first_group {
            continue;
        }
        if let Some(fragment) = encoded.get(first_group * 4..last_group * 4)
            && fragment.len() >= MIN_BASE64_FRAGMENT
        {
            out.push(fragment.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_component_leaves_nothing_that_changes_a_url() {
        assert_eq!(
            url_component("a b/c?d#e&f=g+h~ü"),
            "a%20b%2Fc%3Fd%23e%26f%3Dg%2Bh~%C3%BC"
        );
    }

    #[test]
    fn every_form_is_listed() {
        let forms = encodings("pä ss\"/");
        for expected in [
            "pä ss\"/",
            "p%C3%A4%20ss%22%2F",
            "p%c3%a4%20ss%22%2f",
            "p%C3%A4+ss%22%2F",
            "pä ss\\\"/",
            "p\\u00e4 ss\\\"/",
            "p\\u00E4 ss\\\"/",
            "cMOkIHNzIi8=",
        ] {
            assert!(
                forms.contains(&expected.to_string()),
                "{expected}: {forms:?}"
            );
        }
        assert!(encodings("").is_empty());
    }

    #[test]
    fn base64_of_user_and_password_holds_a_fragment_of_the_password() {
        let password = "correct horse battery";
        let forms = encodings(password);
        for user in ["", "a", "ab", "admin", "someone.else"] {
            let basic = STANDARD.encode(format!("{user}:{password}"));
            assert!(
                forms
                    .iter()
                    .any(|f| f.len() >= 8 && basic.contains(f.as_str())),
                "{user}: {basic}"
            );
        }
    }
}
