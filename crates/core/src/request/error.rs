//! Why a draft cannot become a request to send: each case with the words the user reads,
//! so the window and the runner report the same thing.

use crate::ayon::AuthProblem;
use crate::ayon::graphql::GraphQlInputError;
use crate::http::HttpError;

/// A draft that cannot be sent as it is.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RequestError {
    /// A path parameter whose value would change the path (`.` or `..`).
    #[error("The path parameter {{{name}}} cannot be \"{value}\": it would change the path")]
    PathParamChangesPath {
        /// The parameter's name.
        name: String,
        /// Its value, trimmed.
        value: String,
    },
    /// Path parameters without a value.
    #[error("{}", missing_path_params(.names))]
    PathParamsMissing {
        /// Their names, in the order of the URL.
        names: Vec<String>,
    },
    /// The URL cannot be resolved against the server.
    #[error(transparent)]
    Url(#[from] HttpError),
    /// A header row with a value but no name.
    #[error("A header row has the value \"{value}\" but no name")]
    HeaderWithoutName {
        /// The value typed.
        value: String,
    },
    /// The auth choice cannot make its headers.
    #[error(transparent)]
    Auth(#[from] AuthProblem),
    /// The GraphQL variables cannot be sent.
    #[error(transparent)]
    GraphQl(#[from] GraphQlInputError),
    /// Body type File (raw) with no file.
    #[error(
        "Body type is File (raw), but no file is chosen: pick one, drop one on the window, \
         or type its path"
    )]
    NoBodyFile,
    /// A form field with a value but no name.
    #[error("A form field has the value \"{value}\" but no name")]
    FormFieldWithoutName {
        /// The value typed.
        value: String,
    },
    /// A file field of a form with no file.
    #[error("The form field \"{name}\" has no file chosen")]
    FormFieldWithoutFile {
        /// The field's name.
        name: String,
    },
}

fn missing_path_params(names: &[String]) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("{{{n}}}")).collect();
    let many = names.len() > 1;
    format!(
        "The path parameter{} {} {} no value: fill {} in under Params",
        if many { "s" } else { "" },
        names.join(", "),
        if many { "have" } else { "has" },
        if many { "them" } else { "it" },
    )
}
