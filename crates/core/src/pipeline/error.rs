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
