//! Why a draft could not be prepared, with the data each front end needs for its own hint.

use std::path::{Path, PathBuf};

use crate::collection::variables::UnknownVariables;
use crate::request::RequestError;

/// A credential a request's auth would attach.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential {
    /// The session token.
    SessionToken,
    /// A bearer token.
    BearerToken,
    /// An API key (with or without X-as-user).
    ApiKey,
}

impl Credential {
    /// Its name in a sentence ("The session token").
    pub fn name(self) -> &'static str {
        match self {
            Credential::SessionToken => "The session token",
            Credential::BearerToken => "The bearer token",
            Credential::ApiKey => "The API key",
        }
    }
}

/// The server credentials were approved for, as the refusal found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApprovedServer {
    /// No server is approved.
    None,
    /// The approved server's URL is not a valid server URL.
    Invalid {
        /// The URL as given.
        url: String,
        /// Why it is not valid.
        reason: String,
    },
    /// The approved server's origin (`scheme://host[:port]`).
    Origin(String),
}

/// A secret variable a request would carry to an origin it may not go to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedSecret {
    /// The variable's name.
    pub variable: String,
    /// The origins it may go to (none: bound to no server yet).
    pub bound_to: Vec<String>,
}

/// A draft that cannot be sent in its context: nothing was sent.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PrepareError {
    /// `{{variables}}` with no value.
    #[error(transparent)]
    UnknownVariables(UnknownVariables),
    /// A relative URL and no server to resolve it against.
    #[error("the URL {url} is relative and there is no server to send it to")]
    RelativeWithoutServer {
        /// The URL after substitution.
        url: String,
    },
    /// The draft itself cannot become a request (path parameters, headers, auth, body).
    #[error(transparent)]
    Request(#[from] RequestError),
    /// A credential would go to a server it is not approved for.
    #[error("{}", credentials_elsewhere(*.credential, .target, .approved))]
    CredentialsElsewhere {
        /// What would be sent.
        credential: Credential,
        /// The request's origin (`scheme://host[:port]`).
        target: String,
        /// Where it may go.
        approved: ApprovedServer,
    },
    /// Secret variables would go to an origin they are not bound to (in the URL, a
    /// header, the body or the auth). Names the variables and the origin, never a value.
    #[error("{}", secret_elsewhere(.secrets, .target))]
    SecretElsewhere {
        /// Each secret the request carries that may not go to `target`.
        secrets: Vec<RefusedSecret>,
        /// The request's origin (`scheme://host[:port]`).
        target: String,
    },
    /// A body file leads outside the collection's folder and was not allowed on this
    /// machine.
    #[error("{}", file_outside(.path, .real, .collection))]
    FileOutsideCollection {
        /// The file as the request names it (relative to the collection when written so).
        path: PathBuf,
        /// Where it really leads (symlinks followed, `..` resolved): the path to allow.
        real: PathBuf,
        /// The collection's folder.
        collection: PathBuf,
    },
    /// A body file is in one of the app's own folders, which are never sent.
    #[error("{}", file_in_app_folder(.path, .real, .folder))]
    FileInAppFolder {
        /// The file as the request names it.
        path: PathBuf,
        /// Where it really leads.
        real: PathBuf,
        /// The app's folder it is in.
        folder: PathBuf,
    },
}

/// `{{a}}, {{b}}`.
pub fn variable_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|n| format!("{{{{{n}}}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn secret_elsewhere(secrets: &[RefusedSecret], target: &str) -> String {
    let parts: Vec<String> = secrets
        .iter()
        .map(|s| {
            let name = variable_list([s.variable.as_str()]);
            if s.bound_to.is_empty() {
                format!("the secret {name} is bound to no server")
            } else {
                format!("the secret {name} may go only to {}", s.bound_to.join(", "))
            }
        })
        .collect();
    let mut text = parts.join("; ");
    if let Some(first) = text.get(..1) {
        text = format!("{}{}", first.to_uppercase(), &text[1..]);
    }
    format!("{text}, but this request goes to {target}: nothing was sent")
}

/// `path`, and where it really leads when that is not what it says.
fn leads(path: &Path, real: &Path) -> String {
    if path == real {
        path.display().to_string()
    } else {
        format!("{} (which leads to {})", path.display(), real.display())
    }
}

fn file_outside(path: &Path, real: &Path, collection: &Path) -> String {
    format!(
        "The file {} is outside the collection folder {}: it is sent only once allowed on \
         this computer. Nothing was sent",
        leads(path, real),
        collection.display()
    )
}

fn file_in_app_folder(path: &Path, real: &Path, folder: &Path) -> String {
    format!(
        "The file {} is in the app's own folder {} (settings, stored secrets, history, \
         logs), which is never sent as a body, even when allowed. Nothing was sent",
        leads(path, real),
        folder.display()
    )
}

fn credentials_elsewhere(
    credential: Credential,
    target: &str,
    approved: &ApprovedServer,
) -> String {
    let what = credential.name();
    match approved {
        ApprovedServer::None => format!(
            "{what} is sent only to an approved server, and there is none: nothing was sent to \
             {target}"
        ),
        ApprovedServer::Invalid { url, reason } => format!(
            "{what} is sent only to an approved server, and {url} is not a valid server URL \
             ({reason}): nothing was sent"
        ),
        ApprovedServer::Origin(home) => format!(
            "{what} is sent only to {home}, but this request goes to {target}: nothing was sent"
        ),
    }
}
