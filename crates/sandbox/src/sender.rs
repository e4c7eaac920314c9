//! Who sent a request, as events record it: the `x-sender` and
//! `x-sender-type` headers. AYON 1.16 passes both into the events a request
//! causes, and `senderType` is `api` when the header is missing (1.11.2 left
//! it null; the sandbox follows 1.16).

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;

/// `senderType` of events caused by a request without `x-sender-type`.
pub const DEFAULT_SENDER_TYPE: &str = "api";

/// The `sender` and `senderType` of the events a request causes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventOrigin {
    /// `x-sender`, if given.
    pub sender: Option<String>,
    /// `x-sender-type`, else [`DEFAULT_SENDER_TYPE`].
    pub sender_type: Option<String>,
}

impl EventOrigin {
    /// Reads the two headers (as Latin-1, like Starlette, so any bytes pass).
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let text = |name: &str| {
            headers
                .get(name)
                .map(|v| v.as_bytes().iter().map(|&b| char::from(b)).collect())
        };
        EventOrigin {
            sender: text("x-sender"),
            sender_type: Some(text("x-sender-type").unwrap_or_else(|| DEFAULT_SENDER_TYPE.into())),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for EventOrigin {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        Ok(EventOrigin::from_headers(&parts.headers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn sender_type_defaults_to_api() {
        let mut headers = HeaderMap::new();
        let bare = EventOrigin::from_headers(&headers);
        assert_eq!(bare.sender, None);
        assert_eq!(bare.sender_type.as_deref(), Some("api"));
        headers.insert("x-sender", HeaderValue::from_static("tool-1"));
        headers.insert("x-sender-type", HeaderValue::from_static("service"));
        let given = EventOrigin::from_headers(&headers);
        assert_eq!(given.sender.as_deref(), Some("tool-1"));
        assert_eq!(given.sender_type.as_deref(), Some("service"));
    }
}
