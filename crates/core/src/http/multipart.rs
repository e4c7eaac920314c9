//! A `multipart/form-data` body built from [`FormPart`]s with reqwest's form encoder; file
//! parts are streamed from disk with their length so the whole body has a Content-Length.

use std::sync::Arc;

use reqwest::multipart::{Form, Part};

use super::file_body;
use super::{FormPart, HttpError, PartValue, Progress};

/// The form ready to send, and the bytes its parts hold (for the progress total).
pub struct BuiltForm {
    /// The encoded form.
    pub form: Form,
    /// Sum of the parts' content lengths (the envelope adds a little on top).
    pub content_len: u64,
}

/// Opens every file part and assembles the form. Text parts count into the progress at
/// once (they are tiny); file parts as their chunks are taken.
pub async fn build(
    parts: &[FormPart],
    progress: Option<Arc<Progress>>,
) -> Result<BuiltForm, HttpError> {
    let mut form = Form::new();
    let mut content_len = 0u64;
    for part in parts {
        let (body, file_name) = match &part.value {
            PartValue::Text(text) => {
                content_len += text.len() as u64;
                if let Some(p) = &progress {
                    p.add_sent(text.len() as u64);
                }
                (Part::text(text.clone()), part.file_name.clone())
            }
            PartValue::File(path) => {
                let opened = file_body::open(path, None, progress.clone()).await?;
                content_len += opened.len;
                let own_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                let body = reqwest::Body::wrap_stream(opened.stream);
                (
                    Part::stream_with_length(body, opened.len),
                    part.file_name.clone().or(own_name),
                )
            }
        };
        let mut body = match file_name {
            Some(name) => body.file_name(name),
            None => body,
        };
        let content_type = part.content_type.clone().or_else(|| match &part.value {
            PartValue::File(path) => Some(guess_content_type(&path.to_string_lossy())),
            PartValue::Text(_) => None,
        });
        if let Some(content_type) = content_type {
            body = body
                .mime_str(&content_type)
                .map_err(|_| HttpError::InvalidHeader {
                    name: format!("Content-Type of form field \"{}\"", part.name),
                    reason: format!("\"{content_type}\" is not a media type"),
                })?;
        }
        form = form.part(part.name.clone(), body);
    }
    Ok(BuiltForm { form, content_len })
}

/// The media type a file name suggests (`application/octet-stream` when it suggests none).
pub fn guess_content_type(file_name: &str) -> String {
    mime_guess::from_path(file_name)
        .first_or_octet_stream()
        .essence_str()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_come_from_the_extension() {
        assert_eq!(guess_content_type("addon.zip"), "application/zip");
        assert_eq!(guess_content_type("notes.json"), "application/json");
        assert_eq!(
            guess_content_type("AYON-1.0.0.exe"),
            "application/octet-stream"
        );
        assert_eq!(guess_content_type("blob"), "application/octet-stream");
    }
}
