//! What a front end tells the pipeline about one send: where relative URLs go, the
//! session, which credentials may be attached and where, where each secret variable's
//! value may go, and where body files are read from and may be read from.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::collection::secrets::SecretBindings;

/// Where the credentials a request's auth puts on it may be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialScope<'a> {
    /// The session token goes only to the server it came from (`None`: no session to
    /// hold); a bearer token or API key typed by the user goes where the user sends it.
    /// The window's choice: the user sees and approves each request.
    SessionHome(Option<&'a str>),
    /// Every credential (session, bearer, API key) goes only to this server's origin;
    /// `None`: no server is approved, so no credential goes anywhere. The runner's choice:
    /// a collection from git is untrusted input.
    ServerOnly(Option<&'a str>),
}

/// The context of one send, made by the front end.
#[derive(Clone, Copy, Debug)]
pub struct SendContext<'a> {
    /// The server relative URLs are resolved against; `None`: only full URLs can be sent.
    pub server_url: Option<&'a str>,
    /// The session token Session auth sends.
    pub session_token: Option<&'a str>,
    /// Where credentials may go.
    pub credentials: CredentialScope<'a>,
    /// An API key that stands in for a missing session (the runner's `AYON_API_KEY`, as
    /// ayon-python-api does); `None` in the window.
    pub api_key_fallback: Option<&'a str>,
    /// The limit for the exchange.
    pub timeout: Duration,
    /// The folder relative body file paths are read from (the collection's folder).
    pub file_root: Option<&'a Path>,
    /// Where each secret variable's value may go: the origins it is bound to (kept with
    /// stored values on this computer, the run's server for `AYON_SECRET_<NAME>`, the
    /// origin that answered for a captured value), plus the origins the user allowed for
    /// it. A secret variable without a binding goes only to `allowed_origins`.
    pub secret_bindings: &'a SecretBindings,
    /// Origins every secret may go to besides its own binding (the runner's
    /// `--allow-host`), as `scheme://host[:port]`.
    pub allowed_origins: &'a [String],
    /// Whether body files must resolve inside `file_root` (a request of a collection,
    /// which may come from someone else through git); `false` for a request the user made
    /// (an unsaved tab), whose files the user picked. Without a `file_root` nothing is
    /// confined. See `files.rs` for the rule.
    pub confine_files: bool,
    /// Files and folders outside the collection that the user allowed on this machine
    /// (a folder allows everything in it). Never read from the collection.
    pub allowed_files: &'a [PathBuf],
    /// The app's own folders (settings, stored secrets, history, logs): never read as a
    /// body, confined or not, allowed or not.
    pub protected_folders: &'a [PathBuf],
}
