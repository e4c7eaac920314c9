//! Masking an answer before it is stored (the runner's `--save-responses`, CI artefacts):
//! every form of every secret value in its bytes ([`crate::secret::forms`]), the values of
//! JSON members named like credentials (`token`, `apiKey`, `password`, …), and the values
//! of credential headers (`Authorization`, `X-Api-Key`, `Cookie`, …). All become
//! [`REDACTED`].
//!
//! The byte replacement is one pass from the start: at each position the longest form that
//! starts there is replaced, and scanning goes on after it. [`mask_stream`] does the same
//! over a reader in bounded memory, holding back the last bytes of each chunk (one byte
//! less than the longest form) until the next chunk shows whether a form starts there, so
//! its output is byte for byte that of the byte replacement in [`mask_body`].

use std::io::{self, Read, Write};

use memchr::memmem::Finder;
use serde_json::Value;

/// What a masked value becomes, in stored answers and in history alike (the history
/// re-exports it as `collection::history::REDACTED`).
pub const REDACTED: &str = "•••";

/// How much [`mask_stream`] reads at a time.
const CHUNK: usize = 64 * 1024;

/// Whether a JSON member (or a header) called `name` holds a credential. Case and `_` /
/// `-` are ignored; the name is a credential when it is `authorization`, `privatekey`,
/// `passwd` or `secret`, or ends in `token`, `password`, `passwd`, `secret`, `apikey`,
/// `privatekey` or `authorization` (`accessToken`, `api_key`, `clientSecret`,
/// `X-Api-Key`). A name that only starts with or contains such a word is not
/// (`tokenCount`, `passwordChanged`, `secretsEnabled`): those hold counts, dates and
/// flags, and masking them would hide what a CI artefact is for.
pub fn is_credential_field(name: &str) -> bool {
    let folded: String = name
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect();
    [
        "token",
        "password",
        "passwd",
        "secret",
        "apikey",
        "privatekey",
        "authorization",
    ]
    .iter()
    .any(|word| folded.ends_with(word))
}

/// Whether the header `name` carries credentials: `Cookie`, `Set-Cookie`, and every name
/// [`is_credential_field`] accepts (`Authorization`, `Proxy-Authorization`, `X-Api-Key`,
/// `X-Auth-Token`, …).
pub fn is_credential_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("cookie")
        || name.eq_ignore_ascii_case("set-cookie")
        || is_credential_field(name)
}

/// Replaces the value of every member of `value` named like a credential (see
/// [`is_credential_field`]), at any depth, with [`REDACTED`]; returns how many were
/// replaced. `null` and booleans are left as they are (`"hasPassword": true` is no
/// secret); strings, numbers, arrays and objects are replaced whole. Walks with a stack of
/// its own, so deep JSON cannot overflow the thread's stack.
pub fn mask_json_credentials(value: &mut Value) -> usize {
    let mut masked = 0;
    let mut stack: Vec<&mut Value> = vec![value];
    while let Some(current) = stack.pop() {
        match current {
            Value::Object(members) => {
                for (name, member) in members.iter_mut() {
                    let hides_something = !matches!(member, Value::Null | Value::Bool(_));
                    if hides_something && is_credential_field(name) {
                        *member = Value::String(REDACTED.to_owned());
                        masked += 1;
                    } else {
                        stack.push(member);
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    masked
}

/// `body` with every form of every secret replaced by [`REDACTED`] (bytes, so a binary or
/// non-UTF-8 body is masked too); then, when it is JSON holding members named like
/// credentials, those values masked too and the JSON written again (compact, members in
/// their order). A body with no such member keeps its bytes (and layout) as they are.
/// JSON nested deeper than the parser's limit (128 levels) is treated as not JSON: its
/// secret values are still replaced, its member names are not looked at.
pub fn mask_body(body: &[u8], secrets: &[String]) -> Vec<u8> {
    AnswerMask::new(secrets).body(body)
}

/// `headers` with the values of credential headers (see [`is_credential_header`])
/// replaced by [`REDACTED`], and every form of every secret replaced in the others.
pub fn mask_headers(headers: &[(String, String)], secrets: &[String]) -> Vec<(String, String)> {
    AnswerMask::new(secrets).headers(headers)
}

/// Copies `reader` to `writer` with every form of every secret replaced by [`REDACTED`],
/// in bounded memory (a chunk and the longest form), whatever the length; a form cut in
/// two by a chunk boundary is still replaced. Returns the bytes written. The output is
/// that of [`mask_body`]'s byte replacement (member names of JSON are not looked at: the
/// whole body would have to be read).
pub fn mask_stream(reader: impl Read, writer: impl Write, secrets: &[String]) -> io::Result<u64> {
    AnswerMask::new(secrets).stream(reader, writer)
}

/// The forms of a set of secret values, ready to mask many answers with (the functions
/// above build one per call).
#[derive(Clone)]
pub struct AnswerMask {
    /// Every form, longest first, each with its searcher.
    forms: Vec<Finder<'static>>,
}

impl std::fmt::Debug for AnswerMask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AnswerMask({} forms)", self.forms.len())
    }
}

impl AnswerMask {
    /// Every form of each of `secrets` (empty ones are ignored).
    pub fn new(secrets: &[String]) -> AnswerMask {
        AnswerMask::from_forms(crate::secret::forms::all_encodings(
            secrets.iter().map(String::as_str),
        ))
    }

    /// Replaces exactly `forms` (a list that already holds every encoding, as the
    /// runner keeps it), longest first; empty ones are ignored.
    pub fn from_forms(forms: impl IntoIterator<Item = String>) -> AnswerMask {
        let mut forms: Vec<String> = forms.into_iter().filter(|f| !f.is_empty()).collect();
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        AnswerMask {
            forms: forms
                .iter()
                .map(|f| Finder::new(f.as_bytes()).into_owned())
                .collect(),
        }
    }

    /// Whether there is nothing to replace.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// `text` with every form replaced (see [`mask_body`]).
    pub fn text(&self, text: &str) -> String {
        String::from_utf8_lossy(&self.bytes(text.as_bytes())).into_owned()
    }

    /// `bytes` with every form replaced, and nothing else changed.
    pub fn bytes(&self, bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len());
        let stop = self.replace_until(bytes, bytes.len(), &mut out);
        out.extend_from_slice(bytes.get(stop..).unwrap_or_default());
        out
    }

    /// See [`mask_body`].
    pub fn body(&self, body: &[u8]) -> Vec<u8> {
        let replaced = self.bytes(body);
        let Ok(mut json) = serde_json::from_slice::<Value>(&replaced) else {
            return replaced;
        };
        if mask_json_credentials(&mut json) == 0 {
            return replaced;
        }
        serde_json::to_vec(&json).unwrap_or(replaced)
    }

    /// See [`mask_headers`].
    pub fn headers(&self, headers: &[(String, String)]) -> Vec<(String, String)> {
        headers
            .iter()
            .map(|(name, value)| {
                let value = if is_credential_header(name) {
                    REDACTED.to_owned()
                } else {
                    self.text(value)
                };
                (name.clone(), value)
            })
            .collect()
    }

    /// See [`mask_stream`].
    pub fn stream(&self, reader: impl Read, writer: impl Write) -> io::Result<u64> {
        self.stream_in_chunks(reader, writer, CHUNK)
    }

    /// [`AnswerMask::stream`] reading `chunk` bytes at a time (tests use small ones).
    fn stream_in_chunks(
        &self,
        mut reader: impl Read,
        mut writer: impl Write,
        chunk: usize,
    ) -> io::Result<u64> {
        let chunk = chunk.max(1);
        // Bytes a form starting before the end of the read could still need.
        let held_back = self.forms.first().map_or(0, |f| f.needle().len() - 1);
        let mut pending: Vec<u8> = Vec::with_capacity(chunk + held_back);
        let mut out: Vec<u8> = Vec::with_capacity(chunk + held_back);
        let mut written = 0u64;
        loop {
            let filled = pending.len();
            pending.resize(filled + chunk, 0);
            let read = loop {
                match reader.read(&mut pending[filled..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            pending.truncate(filled + read);
            let at_end = read == 0;
            // Positions before `limit` have every byte a form starting there could span.
            let limit = if at_end {
                pending.len()
            } else {
                pending.len().saturating_sub(held_back)
            };
            let stop = self.replace_until(&pending, limit, &mut out);
            writer.write_all(&out)?;
            written += out.len() as u64;
            out.clear();
            pending.drain(..stop.min(pending.len()));
            if at_end {
                writer.write_all(&pending)?;
                written += pending.len() as u64;
                writer.flush()?;
                return Ok(written);
            }
        }
    }

    /// Writes `hay` to `out` with every form that starts before `limit` replaced, the
    /// longest where several start at one place; returns where it stopped: `limit`, or
    /// the end of a form that ran past it. Every form starting before `limit` must lie
    /// whole in `hay`.
    fn replace_until(&self, hay: &[u8], limit: usize, out: &mut Vec<u8>) -> usize {
        let mut pos = 0;
        // The next start of each form at or after `pos` (None: no more before `limit`).
        let mut next: Vec<Option<usize>> = (0..self.forms.len())
            .map(|i| self.find(i, hay, 0, limit))
            .collect();
        loop {
            for (i, start) in next.iter_mut().enumerate() {
                if start.is_some_and(|s| s < pos) {
                    *start = self.find(i, hay, pos, limit);
                }
            }
            // The first start; among forms starting there the longest (lowest index).
            let best = next
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.map(|s| (s, i)))
                .min();
            let Some((start, i)) = best else {
                if pos < limit {
                    out.extend_from_slice(&hay[pos..limit]);
                    return limit;
                }
                return pos;
            };
            out.extend_from_slice(&hay[pos..start]);
            out.extend_from_slice(REDACTED.as_bytes());
            pos = start + self.forms[i].needle().len();
        }
    }

    /// Where form `i` first starts in `hay` at or after `from` and before `limit`.
    fn find(&self, i: usize, hay: &[u8], from: usize, limit: usize) -> Option<usize> {
        let finder = &self.forms[i];
        let len = finder.needle().len();
        let end = hay.len().min(limit + len - 1);
        if from >= limit || from + len > end {
            return None;
        }
        finder.find(&hay[from..end]).map(|at| at + from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use proptest::prelude::*;

    fn secrets(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn the_mark_is_the_one_history_uses() {
        assert_eq!(REDACTED, crate::collection::history::REDACTED);
    }

    #[test]
    fn credential_names_are_recognised() {
        for name in [
            "token",
            "accessToken",
            "refresh_token",
            "idToken",
            "sessionToken",
            "apiKey",
            "api_key",
            "API-KEY",
            "password",
            "passwd",
            "secret",
            "clientSecret",
            "privateKey",
            "private_key",
            "authorization",
            "Proxy-Authorization",
            "X-Api-Key",
            "newPassword",
        ] {
            assert!(is_credential_field(name), "{name}");
        }
        for name in [
            "tokenCount",
            "passwordChanged",
            "secretsEnabled",
            "name",
            "apiKeys",
            "key",
            "",
        ] {
            assert!(!is_credential_field(name), "{name}");
        }
        assert!(is_credential_header("Set-Cookie"));
        assert!(is_credential_header("cookie"));
        assert!(!is_credential_header("Content-Type"));
    }

    #[test]
    fn a_login_answer_loses_its_token_and_keeps_the_rest() {
        let body = br#"{"detail":"Logged in as admin","token":"0123456789abcdef0123456789abcdef","user":{"name":"admin","attrib":{"email":"a@b.c"},"hasPassword":true,"password":null}}"#;
        let masked = mask_body(body, &[]);
        let value: Value = serde_json::from_slice(&masked).unwrap();
        assert_eq!(value["token"], REDACTED);
        assert_eq!(value["detail"], "Logged in as admin");
        assert_eq!(value["user"]["name"], "admin");
        assert_eq!(value["user"]["hasPassword"], true);
        assert_eq!(value["user"]["password"], Value::Null);
        assert!(!String::from_utf8_lossy(&masked).contains("0123456789abcdef"));
        // Members stay in their order.
        assert!(String::from_utf8_lossy(&masked).starts_with(r#"{"detail":"#));
    }

    #[test]
    fn nested_credentials_at_any_depth_are_counted() {
        let mut value = serde_json::json!({
            "items": [
                {"name": "svc", "apiKey": "k1", "data": {"clientSecret": {"v": 1}}},
                {"name": "other", "api_key": 42, "tokenCount": 3}
            ]
        });
        assert_eq!(mask_json_credentials(&mut value), 3);
        assert_eq!(value["items"][0]["apiKey"], REDACTED);
        assert_eq!(value["items"][0]["data"]["clientSecret"], REDACTED);
        assert_eq!(value["items"][1]["api_key"], REDACTED);
        assert_eq!(value["items"][1]["tokenCount"], 3);
    }

    #[test]
    fn deep_json_does_not_overflow_the_stack() {
        // Built by hand: deeper than serde's parser goes, and dropped without recursion
        // trouble at this depth.
        let mut value = serde_json::json!({"token": "t"});
        for _ in 0..5_000 {
            value = Value::Array(vec![value]);
        }
        assert_eq!(mask_json_credentials(&mut value), 1);
        // Unwind by hand so the drop does not recurse 5 000 levels either.
        let mut current = value;
        while let Value::Array(mut items) = current {
            current = items.pop().unwrap_or(Value::Null);
        }
        assert_eq!(current["token"], REDACTED);
        // As bytes, too deep to parse: only secret values are replaced.
        let deep = format!(
            "{}{{\"token\":\"s3cret-v\"}}{}",
            "[".repeat(200),
            "]".repeat(200)
        );
        let masked = mask_body(deep.as_bytes(), &secrets(&["s3cret-v"]));
        assert!(!String::from_utf8_lossy(&masked).contains("s3cret-v"));
    }

    #[test]
    fn an_answer_without_credentials_keeps_its_bytes() {
        let body = b"{\n  \"name\": \"demo\",\n  \"tokenCount\": 2\n}\n";
        assert_eq!(mask_body(body, &secrets(&["nothing-here"])), body.to_vec());
        let binary = [0xff, 0x00, b'p', b'w', 0xfe];
        assert_eq!(mask_body(&binary, &secrets(&["pw"])), {
            let mut v = vec![0xff, 0x00];
            v.extend_from_slice(REDACTED.as_bytes());
            v.push(0xfe);
            v
        });
    }

    #[test]
    fn encoded_forms_of_a_secret_are_replaced() {
        let secret = "pä ss/w0rd+x";
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("admin:{secret}"));
        let body = format!(
            "q=p%C3%A4%20ss%2Fw0rd%2Bx&form=p%C3%A4+ss%2Fw0rd%2Bx&json=\"p\\u00e4 ss/w0rd+x\"&auth=Basic {basic}&plain={secret}"
        );
        let masked = String::from_utf8(mask_body(body.as_bytes(), &secrets(&[secret]))).unwrap();
        for form in crate::secret::forms::encodings(secret) {
            assert!(!masked.contains(&form), "{form} in {masked}");
        }
        assert!(
            masked.starts_with(&format!("q={REDACTED}&form={REDACTED}")),
            "{masked}"
        );
        assert!(masked.ends_with(&format!("&plain={REDACTED}")), "{masked}");
    }

    #[test]
    fn headers_are_masked_by_name_and_by_value() {
        let headers = vec![
            ("Authorization".to_owned(), "Bearer abc".to_owned()),
            ("X-Api-Key".to_owned(), "k".to_owned()),
            (
                "Set-Cookie".to_owned(),
                "accessToken=abc; Path=/".to_owned(),
            ),
            ("Location".to_owned(), "/x?token=t0k3n-value".to_owned()),
            ("Content-Type".to_owned(), "application/json".to_owned()),
        ];
        let masked = mask_headers(&headers, &secrets(&["t0k3n-value"]));
        assert_eq!(masked[0].1, REDACTED);
        assert_eq!(masked[1].1, REDACTED);
        assert_eq!(masked[2].1, REDACTED);
        assert_eq!(masked[3].1, format!("/x?token={REDACTED}"));
        assert_eq!(masked[4].1, "application/json");
        assert_eq!(masked[4].0, "Content-Type");
    }

    #[test]
    fn a_secret_across_a_chunk_boundary_is_replaced() {
        let secret = "straddling-secret";
        let body = format!("{}{secret}{}", "a".repeat(10), "b".repeat(10));
        let mask = AnswerMask::new(&secrets(&[secret]));
        for chunk in 1..body.len() + 2 {
            let mut out = Vec::new();
            let written = mask
                .stream_in_chunks(body.as_bytes(), &mut out, chunk)
                .unwrap();
            assert_eq!(written, out.len() as u64);
            let expected = format!("{}{REDACTED}{}", "a".repeat(10), "b".repeat(10));
            assert_eq!(String::from_utf8(out).unwrap(), expected, "chunk {chunk}");
        }
        let mut out = Vec::new();
        mask_stream(body.as_bytes(), &mut out, &secrets(&[secret])).unwrap();
        assert_eq!(out, mask.bytes(body.as_bytes()));
    }

    #[test]
    fn the_longest_form_starting_first_wins() {
        let mask = AnswerMask::new(&secrets(&["abc", "abcdef", "cde"]));
        assert_eq!(mask.text("xabcdefy"), format!("x{REDACTED}y"));
        assert_eq!(mask.text("xabcdy"), format!("x{REDACTED}dy"));
        assert_eq!(mask.text("xcdey"), format!("x{REDACTED}y"));
        assert!(AnswerMask::new(&secrets(&[""])).is_empty());
        assert_eq!(mask_body(b"abc", &[]), b"abc".to_vec());
    }

    /// A reader that hands out at most the next of `sizes` bytes per call.
    struct Trickle<'a> {
        bytes: &'a [u8],
        sizes: Vec<usize>,
        call: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let size = self.sizes[self.call % self.sizes.len()].max(1);
            self.call += 1;
            let n = size.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    proptest! {
        #[test]
        fn streaming_equals_the_whole_body_and_leaves_no_form(
            filler in proptest::collection::vec(any::<u8>(), 0..600),
            values in proptest::collection::vec("[a-zA-Z0-9 /+=:._-]{1,24}", 1..4),
            inserts in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..4, 0usize..8), 0..12),
            chunk in 1usize..80,
            sizes in proptest::collection::vec(1usize..50, 1..6),
        ) {
            // Secrets (in any of their forms) inserted at random places.
            let mut body = filler;
            for (at, which, form) in inserts {
                let forms = crate::secret::forms::encodings(&values[which % values.len()]);
                let form = &forms[form % forms.len()];
                let at = at.index(body.len() + 1);
                body.splice(at..at, form.bytes());
            }
            let mask = AnswerMask::new(&values);
            let whole = mask.bytes(&body);
            let mut streamed = Vec::new();
            let reader = Trickle { bytes: &body, sizes, call: 0 };
            let written = mask.stream_in_chunks(reader, &mut streamed, chunk).unwrap();
            prop_assert_eq!(written, streamed.len() as u64);
            prop_assert_eq!(&streamed, &whole);
            for form in crate::secret::forms::all_encodings(values.iter().map(String::as_str)) {
                prop_assert!(
                    memchr::memmem::find(&streamed, form.as_bytes()).is_none(),
                    "{:?} left in the output", form
                );
            }
        }
    }
}
