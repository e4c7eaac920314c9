//! A catalog operation turned into a request to start from.

use super::{Operation, ParamIn};
use crate::request::{BodyMode, KvRow, RequestDraft, merge_path_params, url_with_params};

/// A new request for `operation`: its method and path, its path parameters, its
/// query parameters (required ones on, optional ones off, with defaults or examples),
/// and a body: the JSON skeleton, or a file for AYON's raw-upload endpoints.
pub fn draft_for_operation(operation: &Operation, skeleton: Option<String>) -> RequestDraft {
    let mut draft = RequestDraft {
        method: operation.method,
        url: operation.path.clone(),
        ..RequestDraft::default()
    };
    draft.path_params = merge_path_params(&draft.url, &[]);
    // Documented query and header parameters: required ones on, optional ones off.
    for param in &operation.params {
        let rows = match param.location {
            ParamIn::Query => &mut draft.params,
            ParamIn::Header => &mut draft.headers,
            _ => continue,
        };
        if rows
            .iter()
            .any(|r| r.name.eq_ignore_ascii_case(&param.name))
        {
            continue;
        }
        rows.push(KvRow {
            enabled: param.required,
            name: param.name.clone(),
            value: param.suggested_value(),
        });
    }
    draft.url = url_with_params(&draft.url, &draft.params);
    if operation.raw_upload {
        draft.body_mode = BodyMode::File;
    } else if let Some(text) = skeleton {
        draft.body_mode = BodyMode::Json;
        draft.body_text = text;
    }
    draft
}
