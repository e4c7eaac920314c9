//! The request as it is composed and saved, below the window and above the engine: the
//! draft with its rows, body modes and auth choice, the URL kept in sync with its query
//! and path parameters, and the step that resolves a draft into a
//! [`crate::http::RequestSpec`]. The window (`state`, `ui`), the collection files, the
//! importers and exporters and the runner all build on it; it knows nothing of them.

mod draft;
mod error;
mod graphql_body;
mod kv;
mod path_sync;
mod query_sync;
mod resolve;

pub use draft::{BodyMode, FormKind, FormRow, JsonError, RequestDraft};
pub use error::RequestError;
pub use graphql_body::GraphQlBody;
pub use kv::KvRow;
pub use path_sync::{
    encode_path_segment, fill_path_params, merge_path_params, path_of, path_param_names,
};
pub use query_sync::{merge_params_from_url, params_from_url, url_with_params};
pub use resolve::{build_spec, mask_variable_secrets};
