//! A finished response, prepared for display off the UI thread.

use crate::ayon::graphql::{GraphQlError, errors_in, is_graphql_path};
use crate::ayon::{AyonErrorBody, after_response_hints, server_trap_hints};
use crate::body::{BodyPreview, LazyPicture};
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
    /// The body as a picture (PNG, JPEG, WebP, GIF, ICO, SVG), decoded once the picture
    /// view asks for it; `None` when the body is no picture.
    pub picture: Option<LazyPicture>,
    /// The decoded AYON error, for 4xx/5xx.
    pub ayon_error: Option<AyonErrorBody>,
    /// Explanations in terms of AYON's auth rules.
    pub hints: Vec<String>,
    /// The `errors` list of a GraphQL answer (AYON sends it with status 200).
    pub graphql_errors: Option<Vec<GraphQlError>>,
    /// The request's `expect:` checks and `capture:` values, when it has any.
    pub tests: Option<super::TestResults>,
    /// The `eventId` a small JSON answer names (an addon install, ...), to follow it.
    pub event_id: Option<String>,
}

/// How much of a downloaded file (the user's, not a temporary spill file) the
/// viewer shows; a spilled body is memory-mapped and shown whole.
pub const FILE_PREVIEW_BYTES: u64 = 1024 * 1024;

/// The first `limit` bytes of a file (fewer if it is shorter or unreadable).
fn read_head(path: &std::path::Path, limit: u64) -> Vec<u8> {
    use std::io::Read;
    let mut head = Vec::new();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(limit).read_to_end(&mut head);
    }
    // Do not cut a UTF-8 character in half.
    if let Err(e) = std::str::from_utf8(&head)
        && e.error_len().is_none()
    {
        head.truncate(e.valid_up_to());
    }
    head
}

impl AsRef<[u8]> for CompletedResponse {
    fn as_ref(&self) -> &[u8] {
        self.body()
    }
}

impl CompletedResponse {
    /// The file holding the body, when it went to disk (large, binary or downloaded).
    pub fn body_file(&self) -> Option<&crate::http::BodyFile> {
        self.exchange.response.body_file.as_ref()
    }

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
        let mut hints = after_response_hints(
            &draft.auth,
            &path,
            response.status,
            ayon_error.as_ref(),
            &response.body,
        );
        hints.extend(server_trap_hints(&exchange, ayon_error.as_ref()));
        let content_type = exchange.response.content_type().map(str::to_owned);
        let content_type = content_type.as_deref();
        let preview = match &exchange.response.body_file {
            // Spilled because it is large or binary: mapped, so it is shown whole (text
            // or hex) without being read into memory.
            Some(file) if file.is_temporary() => BodyPreview::from_file(&file.path, content_type)
                .unwrap_or_else(|_| BodyPreview::from_vec(Vec::new(), content_type)),
            // The user's own download: show its start only (it may change under us).
            Some(file) if crate::http::is_textual(content_type) => {
                BodyPreview::from_vec(read_head(&file.path, FILE_PREVIEW_BYTES), content_type)
            }
            Some(_) => BodyPreview::Empty,
            None => BodyPreview::from_vec(
                Vec::from(std::mem::take(&mut exchange.response.body)),
                content_type,
            ),
        };
        let picture = match &preview {
            BodyPreview::Binary { .. } | BodyPreview::Text { .. } => {
                LazyPicture::detect(preview.bytes(), content_type)
            }
            _ => None,
        };
        let graphql = draft.body_mode == super::BodyMode::GraphQl || is_graphql_path(&path);
        let graphql_errors = graphql.then(|| errors_in(preview.bytes())).flatten();
        let event_id = event_id_in(preview.bytes());
        CompletedResponse {
            exchange,
            preview,
            picture,
            ayon_error,
            hints,
            graphql_errors,
            tests: None,
            event_id,
        }
    }
}

/// The top-level `eventId` of a JSON object answer of at most 64 KB.
fn event_id_in(body: &[u8]) -> Option<String> {
    if body.len() > 64 * 1024 || !body.trim_ascii_start().starts_with(b"{") {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value.get("eventId")?.as_str().map(str::to_owned)
}
