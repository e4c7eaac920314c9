//! What really went out and what came back.

use std::time::Duration;

use bytes::Bytes;

/// The request as it was sent on the last hop, with secrets masked for display.
#[derive(Clone, Debug, Default)]
pub struct SentRequest {
    /// Method of the last hop.
    pub method: String,
    /// URL of the last hop.
    pub url: String,
    /// Headers of the last hop, secrets masked.
    pub headers: Vec<(String, String)>,
    /// Body length in bytes.
    pub body_len: usize,
}

/// One redirect that was followed.
#[derive(Clone, Debug, PartialEq)]
pub struct RedirectHop {
    /// The 3xx status.
    pub status: u16,
    /// Where the redirect came from.
    pub from: String,
    /// Where it pointed.
    pub to: String,
    /// Whether credential headers were dropped because the origin changed.
    pub dropped_credentials: bool,
}

/// A complete response.
#[derive(Clone, Debug, Default)]
pub struct ResponseData {
    /// Status code.
    pub status: u16,
    /// Reason phrase for the code ("Not Found").
    pub reason: String,
    /// "HTTP/1.1" or similar.
    pub version: String,
    /// Headers in the order received.
    pub headers: Vec<(String, String)>,
    /// The whole body, when it is kept in memory (empty when it went to `body_file`).
    pub body: Bytes,
    /// The body's file, when it went to disk (large, binary, or saved to a file).
    pub body_file: Option<super::BodyFile>,
}

impl ResponseData {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The Content-Type header.
    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }
}

/// How long things took.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    /// From the first byte sent to the last response head.
    pub to_headers: Duration,
    /// From the first byte sent to the end of the body.
    pub total: Duration,
}

/// A finished exchange: request, redirects, response, timings.
#[derive(Clone, Debug, Default)]
pub struct Exchange {
    /// What was sent on the last hop.
    pub request: SentRequest,
    /// Redirects followed, in order.
    pub redirects: Vec<RedirectHop>,
    /// What came back.
    pub response: ResponseData,
    /// Durations.
    pub timings: Timings,
}

/// The standard reason phrase of an HTTP status (`404` → `Not Found`), when it has one.
pub fn reason_phrase(status: u16) -> Option<&'static str> {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
}
