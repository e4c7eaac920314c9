//! GraphQL over HTTP as AYON speaks it (`POST /graphql`): the request body, a syntax check
//! of the query document, and the `errors` list AYON answers with status 200. No egui here.

mod document;
mod endpoint;
mod request;
mod response_errors;

pub(crate) use document::syntax_error;
pub use document::{MAX_CHECKED_LEN, SyntaxError, operation_names, prettify};
pub use endpoint::{graphql_url, is_graphql_path};
pub(crate) use request::without_position;
pub use request::{GraphQlInputError, check_variables, request_body};
pub use response_errors::{GraphQlError, errors_in};
