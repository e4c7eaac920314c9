//! What is recorded and what comes back.

use std::path::Path;

/// One answer to record. Everything in it must already be masked: the store keeps what it
/// is given.
#[derive(Debug, Clone, Copy)]
pub struct NewAnswer<'a> {
    /// Which request answered: [`saved_request_key`](super::saved_request_key) or
    /// [`unsaved_request_key`](super::unsaved_request_key).
    pub request_key: &'a str,
    /// When the answer came, in milliseconds since the Unix epoch.
    pub time_ms: i64,
    /// The HTTP method sent.
    pub method: &'a str,
    /// The URL sent (masked).
    pub url: &'a str,
    /// The HTTP status, or `None` when no answer came (a failed connection).
    pub status: Option<u16>,
    /// How long the answer took.
    pub duration_ms: u64,
    /// The environment the request ran in, if any.
    pub environment: Option<&'a str>,
    /// The server the request went to, if named.
    pub server: Option<&'a str>,
    /// The request as sent, masked; the store keeps it as opaque text.
    pub request_json: &'a str,
    /// The answer's headers, masked.
    pub headers: &'a [(String, String)],
    /// The answer's `Content-Type`, if any.
    pub content_type: Option<&'a str>,
    /// The answer's body.
    pub body: AnswerBody<'a>,
}

/// An answer's body: in memory, or spilled to a file that is read in pieces, never whole.
#[derive(Debug, Clone, Copy)]
pub enum AnswerBody<'a> {
    /// The body's bytes.
    Bytes(&'a [u8]),
    /// A file holding the body.
    File(&'a Path),
    /// A body already cut by the caller to its first and last bytes (to mask the pieces
    /// before they are stored: see [`super::cut_lengths`]); `size` is the whole body's.
    Cut {
        /// The first bytes.
        head: &'a [u8],
        /// The last bytes.
        tail: &'a [u8],
        /// The whole body's size.
        size: u64,
    },
}

/// How much of an answer's body was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKept {
    /// All of it.
    Whole,
    /// The body was over the cap: its first `head` and last `tail` bytes were kept.
    HeadAndTail {
        /// Bytes kept from the start.
        head: u64,
        /// Bytes kept from the end.
        tail: u64,
    },
    /// None: bodies were turned off.
    Off,
}

/// One past answer as listed: everything but the request, headers and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerSummary {
    /// The answer's id in the store.
    pub id: i64,
    /// Which request answered.
    pub request_key: String,
    /// When the answer came, in milliseconds since the Unix epoch.
    pub time_ms: i64,
    /// The HTTP method sent.
    pub method: String,
    /// The URL sent.
    pub url: String,
    /// The HTTP status, if an answer came.
    pub status: Option<u16>,
    /// How long the answer took.
    pub duration_ms: u64,
    /// The body's original size in bytes.
    pub size: u64,
    /// Bytes this answer takes in the store (compressed body and metadata).
    pub stored_bytes: u64,
    /// The environment the request ran in, if any.
    pub environment: Option<String>,
    /// The server the request went to, if named.
    pub server: Option<String>,
    /// How much of the body was kept.
    pub kept: BodyKept,
    /// The answer's `Content-Type`, if any.
    pub content_type: Option<String>,
}

/// One past answer, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    /// What the list shows.
    pub summary: AnswerSummary,
    /// The request as sent (masked), as recorded.
    pub request_json: String,
    /// The answer's headers.
    pub headers: Vec<(String, String)>,
    /// The body kept: all of it, or for [`BodyKept::HeadAndTail`] the head followed by the
    /// tail; empty for [`BodyKept::Off`].
    pub body: Vec<u8>,
}
