//! A request that is resolved and ready to send.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The HTTP methods the composer offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HttpMethod {
    /// Read a resource.
    #[default]
    Get,
    /// Create or act.
    Post,
    /// Create or replace.
    Put,
    /// Partial update.
    Patch,
    /// Remove.
    Delete,
    /// Headers only.
    Head,
    /// Ask what is allowed.
    Options,
}

impl HttpMethod {
    /// Every method, in the order the method picker lists them.
    pub const ALL: [HttpMethod; 7] = [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Patch,
        HttpMethod::Delete,
        HttpMethod::Head,
        HttpMethod::Options,
    ];

    /// The method named `name` (any case, surrounding spaces ignored); `None` for one this
    /// app cannot send.
    pub fn from_name(name: &str) -> Option<HttpMethod> {
        let name = name.trim();
        HttpMethod::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(name))
    }

    /// The method's name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
        }
    }

    /// Whether requests with this method usually carry a body.
    pub fn usually_has_body(self) -> bool {
        matches!(self, HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Put => reqwest::Method::PUT,
            HttpMethod::Patch => reqwest::Method::PATCH,
            HttpMethod::Delete => reqwest::Method::DELETE,
            HttpMethod::Head => reqwest::Method::HEAD,
            HttpMethod::Options => reqwest::Method::OPTIONS,
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request body: bytes in memory, or files streamed from disk.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SpecBody {
    /// No body at all.
    #[default]
    Empty,
    /// These exact bytes.
    Bytes(bytes::Bytes),
    /// The content of this file, read in chunks while sending (never whole into memory)
    /// and sent with a `Content-Length`: AYON takes uploads as raw bodies.
    File {
        /// The file.
        path: std::path::PathBuf,
        /// The size it had when picked, if known: a file whose size changed since is
        /// refused. `None` takes the size it has when sent.
        len: Option<u64>,
    },
    /// A `multipart/form-data` body; file parts are streamed from disk with their length.
    Multipart(Vec<FormPart>),
}

impl SpecBody {
    /// Length in bytes, when known without reading the disk.
    pub fn len(&self) -> usize {
        match self {
            SpecBody::Empty | SpecBody::Multipart(_) => 0,
            SpecBody::Bytes(b) => b.len(),
            SpecBody::File { len, .. } => {
                usize::try_from(len.unwrap_or_default()).unwrap_or(usize::MAX)
            }
        }
    }

    /// Whether there is nothing to send.
    pub fn is_empty(&self) -> bool {
        matches!(self, SpecBody::Empty) || matches!(self, SpecBody::Bytes(b) if b.is_empty())
    }

    /// Whether the body is read from disk while sending (it may take long; timeouts then
    /// count time without progress rather than total time).
    pub fn is_streamed(&self) -> bool {
        match self {
            SpecBody::File { .. } => true,
            SpecBody::Multipart(parts) => {
                parts.iter().any(|p| matches!(p.value, PartValue::File(_)))
            }
            SpecBody::Empty | SpecBody::Bytes(_) => false,
        }
    }
}

/// One part of a multipart form.
#[derive(Clone, Debug, PartialEq)]
pub struct FormPart {
    /// The form field name.
    pub name: String,
    /// The part's content.
    pub value: PartValue,
    /// The part's `Content-Type`; for a file, `None` guesses it from the file name.
    pub content_type: Option<String>,
    /// The `filename` the part announces; for a file, `None` uses the file's own name.
    pub file_name: Option<String>,
}

/// What a form part holds.
#[derive(Clone, Debug, PartialEq)]
pub enum PartValue {
    /// A text value.
    Text(String),
    /// A file, streamed from disk.
    File(std::path::PathBuf),
}

/// A request ready to go on the wire: absolute URL, final headers, body, limits.
/// Its `Debug` form masks secrets.
#[derive(Clone)]
pub struct RequestSpec {
    /// The method.
    pub method: HttpMethod,
    /// The absolute URL, query included.
    pub url: url::Url,
    /// Headers in the order they are sent (disabled rows already removed).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: SpecBody,
    /// Limit for the whole exchange, body included.
    pub timeout: Duration,
    /// Whether 3xx answers are followed (at most [`RequestSpec::MAX_REDIRECTS`] hops).
    pub follow_redirects: bool,
    /// Values that must never be shown or logged (tokens, keys); masked in [`SentRequest`](super::SentRequest).
    pub secrets: Vec<String>,
    /// Names of the headers whose value came from a secret variable
    /// (`X-Custom-Token: {{secret}}`): like [`CREDENTIAL_HEADERS`](super::CREDENTIAL_HEADERS),
    /// they never follow a redirect to another origin. Compared without case.
    pub secret_headers: Vec<String>,
    /// The largest response body kept in memory; past it the exchange fails with a named
    /// error instead of exhausting memory.
    pub max_body_bytes: u64,
}

impl std::fmt::Debug for RequestSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(String, String)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), self.mask(v)))
            .collect();
        f.debug_struct("RequestSpec")
            .field("method", &self.method)
            .field("url", &self.mask(self.url.as_str()))
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .field("timeout", &self.timeout)
            .field("follow_redirects", &self.follow_redirects)
            .finish_non_exhaustive()
    }
}

impl RequestSpec {
    /// The most redirects followed before giving up.
    pub const MAX_REDIRECTS: usize = 10;
    /// Default for [`RequestSpec::max_body_bytes`]: 512 MB.
    pub const DEFAULT_MAX_BODY_BYTES: u64 = 512 * 1024 * 1024;

    /// A bodiless request with the default timeout of 30 s.
    pub fn new(method: HttpMethod, url: url::Url) -> Self {
        RequestSpec {
            method,
            url,
            headers: Vec::new(),
            body: SpecBody::Empty,
            timeout: Duration::from_secs(30),
            follow_redirects: true,
            secrets: Vec::new(),
            secret_headers: Vec::new(),
            max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
        }
    }

    /// Adds a header (builder style).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets a JSON body and its content type (builder style).
    pub fn json_body(mut self, value: &serde_json::Value) -> Self {
        self.headers
            .push(("Content-Type".into(), "application/json".into()));
        self.body = SpecBody::Bytes(bytes::Bytes::from(value.to_string()));
        self
    }

    /// Sets the timeout (builder style).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Marks a value as secret so it is masked wherever the request is displayed.
    pub fn secret(mut self, value: impl Into<String>) -> Self {
        let value = value.into();
        if !value.is_empty() {
            self.secrets.push(value);
        }
        self
    }

    /// The value with every secret replaced by a mask that keeps its first 4 characters.
    pub fn mask(&self, value: &str) -> String {
        let mut out = value.to_string();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), &mask_secret(secret));
            }
        }
        out
    }
}

/// `abcd…(64 chars)`: enough to recognise a secret, not to use it.
pub fn mask_secret(secret: &str) -> String {
    let head: String = secret.chars().take(4).collect();
    format!("{head}…({} chars)", secret.chars().count())
}
