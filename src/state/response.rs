//! A finished response, prepared for display off the UI thread.

use crate::ayon::{AyonErrorBody, after_response_hints};
use crate::body::BodyPreview;
use crate::http::Exchange;

use super::RequestDraft;

/// An exchange plus what the views need, computed once by the worker.
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
    /// Builds everything the response view shows. Runs on a worker thread.
    pub fn prepare(exchange: Exchange, draft: &RequestDraft) -> Self {
        let response = &exchange.response;
        let preview = BodyPreview::build(&response.body, response.content_type());
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
        CompletedResponse {
            exchange,
            preview,
            ayon_error,
            hints,
        }
    }
}
