//! Transport failures, each named so the user knows what happened and where.

use std::time::Duration;

impl HttpError {
    /// Whether the request's time limit ran out (no complete answer, or no progress).
    /// The message says so in neutral words; each front end adds where to change it.
    pub fn is_time_limit(&self) -> bool {
        matches!(self, HttpError::Timeout { .. } | HttpError::Stalled { .. })
    }

    /// The same error with its URL passed through `mask` (hides secrets in query strings).
    pub fn map_url(self, mask: impl Fn(&str) -> String) -> HttpError {
        use HttpError::*;
        match self {
            InvalidUrl { url, reason } => InvalidUrl {
                url: mask(&url),
                reason,
            },
            InvalidHeader { .. } | BodyFile { .. } | BodyWrite { .. } => self,
            UploadInterrupted {
                url,
                sent,
                total,
                reason,
            } => UploadInterrupted {
                url: mask(&url),
                sent,
                total,
                reason,
            },
            Stalled {
                url,
                after,
                sent,
                received,
            } => Stalled {
                url: mask(&url),
                after,
                sent,
                received,
            },
            ConnectionRefused { url } => ConnectionRefused { url: mask(&url) },
            Dns { host, url } => Dns {
                host,
                url: mask(&url),
            },
            Tls {
                url,
                reason,
                certificate,
            } => Tls {
                url: mask(&url),
                reason,
                certificate,
            },
            Connect { url, reason } => Connect {
                url: mask(&url),
                reason,
            },
            Timeout {
                url,
                after,
                received,
            } => Timeout {
                url: mask(&url),
                after,
                received,
            },
            ClosedMidBody {
                url,
                received,
                reason,
            } => ClosedMidBody {
                url: mask(&url),
                received,
                reason,
            },
            Protocol { url, reason } => Protocol {
                url: mask(&url),
                reason,
            },
            BodyTooLarge { url, limit } => BodyTooLarge {
                url: mask(&url),
                limit,
            },
            Decode {
                url,
                encoding,
                reason,
            } => Decode {
                url: mask(&url),
                encoding,
                reason,
            },
            DecompressionBomb {
                url,
                encoding,
                compressed,
                decoded,
            } => DecompressionBomb {
                url: mask(&url),
                encoding,
                compressed,
                decoded,
            },
            TooManyRedirects { url, max } => TooManyRedirects {
                url: mask(&url),
                max,
            },
            BadRedirect { url, location } => BadRedirect {
                url: mask(&url),
                location: mask(&location),
            },
            Other { url, reason } => Other {
                url: mask(&url),
                reason,
            },
        }
    }
}

/// ": 12 bytes of the body had arrived" when some had.
fn received_note(received: u64) -> String {
    match received {
        0 => String::new(),
        1 => ": 1 byte of the body had arrived".to_owned(),
        n => format!(": {n} bytes of the body had arrived"),
    }
}

/// Why an exchange produced no complete response.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum HttpError {
    /// The URL could not be parsed or is not http(s).
    #[error("Invalid URL \"{url}\": {reason}")]
    InvalidUrl {
        /// What was typed.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The file to send as the body cannot be read.
    #[error("Could not read the body file {path}: {reason}")]
    BodyFile {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// A header name or value cannot be sent.
    #[error("Invalid header \"{name}\": {reason}")]
    InvalidHeader {
        /// The header name as typed.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Nothing listens at the address.
    #[error("Connection refused by {url}: nothing is listening there. Is the server running?")]
    ConnectionRefused {
        /// The URL that was tried.
        url: String,
    },
    /// The host name did not resolve.
    #[error("Could not resolve host \"{host}\" (DNS lookup failed) for {url}")]
    Dns {
        /// The host that was looked up.
        host: String,
        /// The URL that was tried.
        url: String,
    },
    /// The TLS handshake failed (certificate, protocol).
    #[error("TLS handshake with {url} failed: {reason}")]
    Tls {
        /// The URL that was tried.
        url: String,
        /// The TLS library's reason.
        reason: String,
        /// The certificate the server presented, when it was refused.
        certificate: Option<Box<super::CertificateInfo>>,
    },
    /// Some other failure to connect.
    #[error("Could not connect to {url}: {reason}")]
    Connect {
        /// The URL that was tried.
        url: String,
        /// The underlying reason.
        reason: String,
    },
    /// No complete answer within the time limit.
    #[error(
        "No complete answer from {url} within {} s (the timeout){}",
        .after.as_secs_f32(),
        received_note(*.received)
    )]
    Timeout {
        /// The URL that was tried.
        url: String,
        /// The limit that ran out.
        after: Duration,
        /// Bytes of the response (head and body) received before it ran out.
        received: u64,
    },
    /// The connection ended before the body was complete.
    #[error("The server closed the connection mid-body after {received} bytes ({url}): {reason}")]
    ClosedMidBody {
        /// The URL that was tried.
        url: String,
        /// Body bytes received before the end.
        received: u64,
        /// The underlying reason.
        reason: String,
    },
    /// The server answered with something that is not HTTP, or closed before answering.
    #[error(
        "The server at {url} closed the connection or answered with something that is not HTTP: {reason}"
    )]
    Protocol {
        /// The URL that was tried.
        url: String,
        /// The underlying reason.
        reason: String,
    },
    /// The body is larger than the engine keeps in memory.
    #[error("The response body from {url} is larger than {} MB, the most kept in memory; the rest was not read", .limit / (1024 * 1024))]
    BodyTooLarge {
        /// The URL that was tried.
        url: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The body's `Content-Encoding` could not be decoded.
    #[error("The {encoding}-encoded body from {url} could not be decoded: {reason}")]
    Decode {
        /// The URL that was tried.
        url: String,
        /// The encoding (`gzip`, `br`, ...).
        encoding: String,
        /// What the decoder said.
        reason: String,
    },
    /// A compressed body expanded far past its size: refused before filling memory or disk.
    #[error(
        "The {encoding}-encoded body from {url} expanded to more than {} MB from {} KB \
         ({}x): refused as a likely decompression bomb",
        .decoded / (1024 * 1024),
        .compressed / 1024,
        .decoded / (.compressed.max(&1))
    )]
    DecompressionBomb {
        /// The URL that was tried.
        url: String,
        /// The encoding (`gzip`, `br`, ...).
        encoding: String,
        /// Bytes received on the wire when it stopped.
        compressed: u64,
        /// Bytes they had expanded to.
        decoded: u64,
    },
    /// Redirects went on too long.
    #[error("Stopped after {max} redirects starting at {url}")]
    TooManyRedirects {
        /// Where the chain started.
        url: String,
        /// The limit.
        max: usize,
    },
    /// A redirect pointed somewhere unusable.
    #[error("The redirect from {url} points to an invalid location \"{location}\"")]
    BadRedirect {
        /// The URL that answered with the redirect.
        url: String,
        /// The Location header.
        location: String,
    },
    /// The connection ended while the request body was still going out.
    #[error(
        "The upload to {url} stopped after {} of {}: the server closed the connection ({reason}). \
         A proxy's size limit or the server going down are the usual causes.",
        super::human_bytes(*.sent), super::human_bytes(*.total)
    )]
    UploadInterrupted {
        /// The URL that was tried.
        url: String,
        /// Body bytes handed to the connection.
        sent: u64,
        /// The body's size.
        total: u64,
        /// The underlying reason.
        reason: String,
    },
    /// A transfer made no progress for the time limit.
    #[error(
        "No progress from {url} for {} s (the timeout; under 1 KB moved in that time counts as none). Sent {}, received {}.",
        .after.as_secs(), super::human_bytes(*.sent), super::human_bytes(*.received)
    )]
    Stalled {
        /// The URL that was tried.
        url: String,
        /// How long nothing moved.
        after: Duration,
        /// Request body bytes sent.
        sent: u64,
        /// Response body bytes received.
        received: u64,
    },
    /// The response body could not be written to its file.
    #[error("Could not write the response body to {path}: {reason}")]
    BodyWrite {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// Anything else reqwest reports.
    #[error("Request to {url} failed: {reason}")]
    Other {
        /// The URL that was tried.
        url: String,
        /// The underlying reason.
        reason: String,
    },
}
