//! A finished response, prepared for display off the UI thread.

use crate::ayon::{AyonErrorBody, after_response_hints};
use crate::body::BodyPreview;
use crate::http::Exchange;

use super::RequestDraft;

/// An exchange plus what the views need, computed once by the worker. The body lives in
/// `preview` (the exchange's copy is emptied so a big body is held once).
#[derive(Debug)]
pub struct CompletedResponse {
    /// What was sent and received.
    pub exchange: Exchange,
    /// Pretty, raw, binary or invalid-UTF-8 form of the body.
    pub preview: BodyPreview,
    /// The decoded AYON error, for 4xx/5xx.
    pub ayon_error: Option<AyonErrorBody>,
    /// Explanations in terms of AYON's auth rules.
    pub hints: Vec<String>,
}

impl CompletedResponse {
    /// The body exactly as received.
    pub fn body(&self) -> &[u8] {
        self.preview.bytes()
    }

    /// Builds everything the response view shows. Runs on a worker thread.
    ///
    /// The body moves into the preview (no copy): read it back with
    /// [`CompletedResponse::body`].
    pub fn prepare(mut exchange: Exchange, draft: &RequestDraft) -> Self {
        let response = &exchange.response;
        let ayon_error = AyonErrorBody::decode(response.status, &response.body);
        let path = url::Url::parse(&exchange.request.url)
            .map(|u| u.path().to_string())
            .unwrap_or_default();
        let hints = after_response_hints(
            &draft.auth,
            &path,
            response.status,
            ayon_error.as_ref(),
            &response.body,
        );
        let body = std::mem::take(&mut exchange.response.body);
        let preview = BodyPreview::from_vec(Vec::from(body), exchange.response.content_type());
        CompletedResponse {
            exchange,
            preview,
            ayon_error,
            hints,
        }
    }
}
