//! What the user asked for. Drawing code pushes these; the app acts on them after the frame.

use crate::state::TabId;

/// An answer handed along with an action (shared, not copied); equal when it is the
/// same answer.
#[derive(Clone, Debug)]
pub struct SharedAnswer(pub std::sync::Arc<crate::state::CompletedResponse>);

impl PartialEq for SharedAnswer {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

/// One user request.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Log in with the connection bar's fields.
    Login,
    /// Log out and forget the token.
    Logout,
    /// Send the tab's request (asks first when its JSON body is invalid, unless confirmed).
    Send {
        /// Tab index.
        tab: TabId,
        /// The user already agreed to send despite a warning (invalid JSON, a form to a
        /// raw-upload endpoint).
        confirmed: bool,
        /// Save the response body into the download folder instead of viewing it.
        download: bool,
    },
    /// The user let secret variables go to an origin they are not bound to: remember it
    /// (settings, this computer only) and send the tab's request.
    AllowSecretOrigin {
        /// The tab whose request asked.
        tab: TabId,
        /// Save the response body into the download folder instead of viewing it.
        download: bool,
        /// The secret variables.
        variables: Vec<String>,
        /// The origin, `scheme://host[:port]`.
        origin: String,
    },
    /// Allow this file (a real path outside the collection) on this computer, remember it
    /// in local settings, and send the tab's request again.
    AllowFile {
        /// The tab whose request asked.
        tab: TabId,
        /// Whether that send downloads to a file.
        download: bool,
        /// The file's real path.
        path: std::path::PathBuf,
    },
    /// Open the "Send to two" form for the tab.
    OpenSendTwo {
        /// The tab.
        tab: TabId,
    },
    /// Send the form's request to both sides and compare the answers.
    SendToTwo(crate::state::SendTwoDialog),
    /// Open the "Compare bundles" window (loading the bundles when it has none).
    OpenBundleWindow,
    /// Fetch the server's bundles again.
    LoadBundles,
    /// Compare the two bundles picked in the bundle window.
    CompareBundles,
    /// Compare the picked addon's settings as each side of the bundle window reads them.
    CompareBundleSettings,
    /// Close the Compare window.
    CloseCompare,
    /// What the Compare view asked for (compare again, swap, close).
    Compare(crate::ui::compare_view::CompareRequest),
    /// Read the tab's past answers (the response history).
    ListAnswers {
        /// The tab.
        tab: TabId,
    },
    /// Show a past answer in the tab's viewer.
    ShowPastAnswer {
        /// The tab.
        tab: TabId,
        /// Which answer.
        summary: Box<crate::answer_history::AnswerSummary>,
    },
    /// Show the tab's latest answer again.
    ShowLatestAnswer {
        /// The tab.
        tab: TabId,
    },
    /// Compare the two answers picked in the tab's past answers.
    ComparePickedAnswers {
        /// The tab.
        tab: TabId,
    },
    /// Stop the tab's request.
    Cancel {
        /// Tab index.
        tab: TabId,
    },
    /// Fetch every page of the tab's GraphQL query (following its connection's cursors)
    /// and show them merged.
    FetchAllPages {
        /// The tab.
        tab: TabId,
    },
    /// Keep secret values taken out of a pasted curl command for this session (never
    /// written anywhere).
    KeepPastedSecrets {
        /// `(name, value)` of each.
        values: Vec<(String, crate::secret::Secret)>,
        /// The origin of the pasted command's URL (`None`: a relative URL, the window's
        /// server): the values go there only.
        origin: Option<String>,
    },
    /// Open an empty tab.
    NewTab,
    /// Open a tab with this request (from history or a collection).
    OpenDraft(Box<crate::state::RequestDraft>),
    /// Close a tab (asks first when it has unsaved changes).
    CloseTab(TabId),
    /// Close the tab with this id without asking.
    DiscardTab(TabId),
    /// Persist the current settings.
    SaveSettings,
    /// Ask the server logged in to for its GraphQL schema again (not from the cache).
    LoadGraphQlSchema,
    /// Read the GraphQL schema from a file (an introspection answer).
    LoadGraphQlSchemaFile {
        /// The file, as typed.
        path: String,
    },
    /// Pause the Events list (events keep arriving aside) or resume it.
    EventsPause,
    /// Send the subscription typed in the Events dock to the stream.
    EventsResubscribe,
    /// Connect the event stream again (after "not authorised").
    EventsReconnect,
    /// Follow an event's updates (or stop following), opening the Events dock.
    FollowEvent(String),
    /// Open the Events dock with this event selected.
    ShowEvent(String),
    /// Open `GET /api/events/{id}` in a new tab and send it.
    OpenEventRecord(String),
    /// Send the Events dock's "Send an event" form as a request in a new tab.
    SendEventForm,
    /// The proxy URL edit is finished (a password in it moves to the secret store).
    ProxyUrlEdited,
    /// The Proxy password edit is finished: keep it in the secret store.
    ProxyPasswordEntered,
    /// Trust this certificate (by fingerprint) for this host from now on.
    TrustCertificate(crate::http::Pin),
    /// Open the collection folder typed in the sidebar.
    OpenCollection,
    /// Create a collection in the typed folder, named as typed.
    CreateCollection,
    /// Close the open collection (its files stay as they are).
    CloseCollection,
    /// Open a saved request in a tab (path relative to the collection root).
    OpenSaved(std::path::PathBuf),
    /// Save the tab's request into the collection (asks for a name the first time).
    SaveTab {
        /// Tab index.
        tab: TabId,
    },
    /// Save the tab named in the open "save request" form.
    SaveTabAs,
    /// Ask the native file dialog for a path to save a response body to.
    BrowseSavePath {
        /// The tab whose body is saved.
        tab_id: TabId,
        /// Suggested file name.
        suggested_name: String,
    },
    /// Put panel sizes, splits and window positions back to their defaults.
    ResetLayout,
    /// Decode the picture of this answer off the UI thread (its picture view asks once).
    DecodePicture(SharedAnswer),
    /// Write a tab's response body to a file.
    SaveBody {
        /// The tab whose body is saved.
        tab_id: TabId,
        /// Where.
        path: std::path::PathBuf,
    },
    /// Read the open collection again from disk (teammates' changes).
    ReloadCollection,
    /// Settle the first "changed on disk" question.
    ResolveConflict(crate::state::ConflictChoice),
    /// Open the environment editor on the active environment.
    EditEnvironment,
    /// Save the environment editor's form (files, then secret values).
    SaveEnvironment,
    /// Create an environment with the name typed in the editor, and make it active.
    CreateEnvironment,
    /// Delete the environment open in the editor (its files and stored secret values).
    DeleteEnvironment,
    /// Change the collection tree: rename, duplicate, delete or move a request or folder,
    /// or create a folder (deletes are confirmed before this is pushed).
    EditCollection(crate::collection::store::TreeOp),
    /// Ask the native dialog for a collection folder to fill in the typed path.
    BrowseCollectionFolder,
    /// Ask the native dialog for a file to put into `slot`.
    BrowseFile {
        /// Where the chosen file goes.
        slot: FileSlot,
    },
    /// Files or folders were dropped onto the window (sorted out off the UI thread).
    Dropped(Vec<std::path::PathBuf>),
    /// Something in the "Upload to AYON" window.
    Upload(UploadAction),
    /// Load the endpoint catalog from the server again.
    RefreshCatalog,
    /// Load the typed spec file as the endpoint catalog.
    LoadSpecFile,
    /// Open a new tab for this operation of the catalog (an index into its operations).
    OpenOperation(usize),
    /// Something in the Import window.
    Import(ImportAction),
    /// Export the open collection (or the folder or request chosen) as the Export window
    /// says.
    ExportCollection,
    /// Open the Export window for a folder or request of the open collection (`None`: the
    /// whole collection).
    OpenExport(Option<std::path::PathBuf>),
    /// Copy the tab's request to the clipboard as a snippet.
    CopyAs {
        /// Tab index.
        tab: TabId,
        /// Which snippet.
        kind: SnippetKind,
        /// Put the secrets (and the session token) into this one copy.
        include_secrets: bool,
    },
}

/// The snippets a request can be copied as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnippetKind {
    /// A curl command.
    Curl,
    /// Python with `requests`.
    PythonRequests,
    /// Python with `ayon_api` (ayon-python-api).
    AyonApi,
    /// An HTTPie command.
    Httpie,
}

impl SnippetKind {
    /// Every kind, in menu order.
    pub const ALL: [SnippetKind; 4] = [
        SnippetKind::Curl,
        SnippetKind::PythonRequests,
        SnippetKind::AyonApi,
        SnippetKind::Httpie,
    ];

    /// Menu label.
    pub fn label(self) -> &'static str {
        match self {
            SnippetKind::Curl => "curl",
            SnippetKind::PythonRequests => "Python requests",
            SnippetKind::AyonApi => "Python ayon_api",
            SnippetKind::Httpie => "HTTPie",
        }
    }
}

/// What the Import window asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportAction {
    /// Read the typed path, or else the pasted text, into a preview (off the UI thread).
    Preview,
    /// Write the previewed import where the window says.
    Write,
}

/// What the "Upload to AYON" window asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum UploadAction {
    /// Read this addon zip's manifest (off the UI thread).
    InspectZip(std::path::PathBuf),
    /// Run the chosen recipe; `force` resends a manifest that already exists.
    Start {
        /// Add `?force=true` to the manifest POST.
        force: bool,
    },
    /// Stop the run: its connection is closed.
    Cancel,
    /// Ask before restarting the server.
    AskRestart,
    /// Restart the server, then check the installed addon is listed.
    Restart,
}

/// A place in the UI that takes a file path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileSlot {
    /// A tab's raw body file.
    RawBody {
        /// The tab.
        tab_id: TabId,
    },
    /// A file field of a tab's multipart form.
    FormField {
        /// The tab.
        tab_id: TabId,
        /// The form row.
        row: usize,
    },
    /// The file of the "Upload to AYON" form.
    Upload,
    /// An OpenAPI spec file for the endpoint catalog.
    SpecFile,
    /// A GraphQL schema (introspection answer) for the GraphQL editor.
    GraphQlSchema,
    /// A file to import (a Postman collection, a curl command...).
    ImportFile,
}
