//! The bridge between the UI thread and the tokio runtime owned by `main`.
//!
//! The UI sends [`Command`]s and never waits; tasks run on the runtime and send back
//! [`Event`]s tagged with the id of the request they answer, then wake the UI. A command's
//! task is spawned through `jobs`, the one wrapper that sends its event and keeps the jobs
//! the window waits for (sends, logins, upload recipes) in flight until their tasks end.
//! Only the long-lived settings, history and vault tasks and the build of new connection
//! settings send their events themselves.

mod answers;
mod jobs;

pub use answers::AnswerCommand;

pub use jobs::JobId;

use crate::state::TabId;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use crate::action::FileSlot;
use crate::ayon::AddonZipInfo;
use crate::ayon::{LoginError, LoginSuccess};
use crate::collection::environment::load_environments;
use crate::collection::format::RequestFile;
use crate::collection::history::{History, HistoryEntry};
use crate::collection::store::{Collection, TreeOp, TreeOpDone};
use crate::file_picker::FilePicker;
use crate::files::{copy_file, write_file};
use crate::http::{
    ClientOptions, Clients, HttpError, Progress, ResponseSink, Transfer, build_client,
};
use crate::pipeline::{Prepared, run};
use crate::recipes::{self, AddonInstalled, PackageForm, RecipeRun, RecipeTarget};
use crate::secret::Secret;
use crate::settings::{Settings, save_settings};
use crate::state::{CompletedResponse, LoadedCollection, RequestDraft, RequestId, UploadOutcome};

/// Something for the runtime to do.
#[derive(Debug)]
pub enum Command {
    /// Send a request; the draft is kept to explain the answer.
    Execute {
        /// The send's id.
        id: RequestId,
        /// What to send, and its checks.
        prepared: Box<Prepared>,
        /// What the user asked for (for auth hints, and its checks).
        draft: Box<RequestDraft>,
        /// The variables in effect, for `{{variables}}` in expected values.
        variables: Box<crate::collection::variables::VariableSet>,
        /// Counters the view shows while it runs.
        progress: Arc<Progress>,
        /// Where the response body goes.
        delivery: Delivery,
    },
    /// Fetch every page of a GraphQL query's connection and merge them ("Fetch all
    /// pages"); cancelled through `run` (the pages merged are kept), or like a send.
    FetchAllPages {
        /// The run's id.
        id: RequestId,
        /// The prepared GraphQL request: URL, headers and limits of every page.
        prepared: Box<Prepared>,
        /// What the user asked for (for the response's hints).
        draft: Box<RequestDraft>,
        /// The query rewritten to follow cursors.
        plan: Box<crate::ayon::graphql_pages::PagesPlan>,
        /// The request's GraphQL variables.
        variables: serde_json::Map<String, serde_json::Value>,
        /// Pages and edges so far, and Cancel.
        run: Arc<crate::ayon::graphql_pages::PagesRun>,
    },
    /// Stop a send: its connection is closed.
    Cancel {
        /// The send's id.
        id: RequestId,
    },
    /// Log in, then ask who we are.
    Login {
        /// The login's id.
        id: RequestId,
        /// Server URL.
        server_url: String,
        /// User name.
        name: String,
        /// Password.
        password: Secret,
        /// Limit.
        timeout: Duration,
    },
    /// Ask the server which AYON release it runs (`GET /api/info`, no auth).
    FetchServerInfo {
        /// The ask's id.
        id: RequestId,
        /// Server URL.
        server_url: String,
        /// Limit.
        timeout: Duration,
    },
    /// Log out a token.
    Logout {
        /// Server URL.
        server_url: String,
        /// The token to end.
        token: Secret,
        /// Limit.
        timeout: Duration,
    },
    /// Ask the user for a save path with the native dialog.
    PickSavePath {
        /// The tab the path is for.
        tab_id: TabId,
        /// Suggested file name.
        suggested_name: String,
    },
    /// Decode the picture of an answer (kept in the answer itself; the window is woken
    /// to show it).
    DecodePicture {
        /// The answer (shared, not copied).
        response: Arc<CompletedResponse>,
    },
    /// Write a response body to a file.
    SaveBody {
        /// Where.
        path: PathBuf,
        /// The response holding the body (shared, not copied).
        response: Arc<CompletedResponse>,
    },
    /// Open (or create, when `create` names it) the collection at `root`.
    LoadCollection {
        /// The collection folder.
        root: PathBuf,
        /// Name for a new collection.
        create: Option<String>,
    },
    /// Write the "Getting started" collection into `dir` (unless there) and open it.
    OpenGettingStarted {
        /// Where it goes.
        dir: PathBuf,
    },
    /// Save a request into the collection at `root`, then reload it.
    SaveRequest {
        /// The tab saved.
        tab_id: TabId,
        /// The collection folder.
        root: PathBuf,
        /// Folder inside the collection, for a new request.
        folder: PathBuf,
        /// The existing file to overwrite, if the request was saved before.
        existing: Option<PathBuf>,
        /// The existing file's content as the tab last saw it: when the file on disk
        /// differs, it was changed elsewhere and is not overwritten.
        expected: Option<Box<RequestFile>>,
        /// The content.
        file: Box<RequestFile>,
    },
    /// Something for the response history's keeper (record, list, read back).
    Answers(AnswerCommand),
    /// Compare two answers (parsing and diffing big bodies takes a while).
    Compare(Box<crate::state::compare::CompareJob>),
    /// Load the history file (once, at start).
    LoadHistory {
        /// The history file.
        path: PathBuf,
    },
    /// Add an entry (already redacted) to the history file.
    AppendHistory {
        /// The entry.
        entry: HistoryEntry,
    },
    /// Secret values and environments (run in order by the vault task).
    Vault(crate::vault::VaultCommand),
    /// Use this proxy and TLS trust from now on (requests in flight keep theirs).
    SetClientOptions {
        /// Proxy override and TLS files.
        options: ClientOptions,
    },
    /// Write settings to disk.
    SaveSettings {
        /// Where.
        path: PathBuf,
        /// What.
        settings: Settings,
    },
    /// Rename, duplicate, delete or move a request or folder, or create a folder, in the
    /// collection at `root`, then reload it.
    EditCollection {
        /// The collection folder.
        root: PathBuf,
        /// What to change.
        op: TreeOp,
    },
    /// Ask the user for a collection folder with the native dialog.
    PickCollectionFolder,
    /// Ask the user for a file to open with the native dialog.
    PickOpenFile {
        /// Where the file goes.
        slot: FileSlot,
    },
    /// Read an addon zip's manifest.
    InspectAddonZip {
        /// The zip.
        path: PathBuf,
    },
    /// Run one of AYON's upload recipes; cancelled like a send, by its id.
    Recipe {
        /// The run's id.
        id: RequestId,
        /// Server and auth.
        target: RecipeTarget,
        /// What to do.
        job: RecipeJob,
        /// Live status the window shows.
        run: Arc<RecipeRun>,
    },
    /// Connect the event stream (replacing any), with the app's TLS and proxy settings.
    StartEvents {
        /// Server, token, subscription.
        config: crate::events::stream::StreamConfig,
        /// The connection settings.
        options: crate::http::ClientOptions,
    },
    /// Stop the event stream.
    StopEvents,
    /// Send a new subscription to the event stream.
    ResubscribeEvents {
        /// Topics and project.
        subscription: crate::events::Subscription,
    },
    /// Ask the server for its GraphQL schema (its cached answer for the same version
    /// unless refreshing, else introspection).
    LoadGraphQlSchema {
        /// Server, token, cache.
        load: crate::graphql_schema::SchemaLoad,
    },
    /// Read a GraphQL schema (an introspection answer) from a file.
    LoadGraphQlSchemaFile {
        /// The file.
        path: PathBuf,
    },
    /// Read an event's stored record (`GET /api/events/{id}`).
    FetchEventRecord {
        /// The event.
        id: String,
        /// The server.
        server_url: String,
        /// The session token.
        token: Secret,
        /// Limit for the request.
        timeout: std::time::Duration,
    },
    /// Load the server's endpoint catalog (cached for its version unless `refresh`).
    LoadCatalog {
        /// The load's id.
        id: RequestId,
        /// Server, token, cache.
        load: crate::catalog_load::ServerLoad,
    },
    /// Show the last cached catalog of a server (at start-up).
    LoadCachedCatalog {
        /// Where catalogs are cached.
        cache: crate::ayon::catalog_cache::CatalogCache,
        /// The server.
        server_url: String,
    },
    /// Load an OpenAPI spec file as the catalog.
    LoadSpecFile {
        /// The load's id.
        id: RequestId,
        /// The file.
        path: PathBuf,
    },
    /// Read a file, folder or pasted text in another tool's format into a preview.
    PreviewImport {
        /// The preview's id.
        id: RequestId,
        /// A path to read, else `text`.
        path: Option<PathBuf>,
        /// Pasted text.
        text: String,
    },
    /// Write an accepted import, then store its secret values.
    WriteImport {
        /// What to write.
        imported: Arc<crate::interchange::Imported>,
        /// Where.
        target: crate::interchange::write::WriteTarget,
    },
    /// Export the collection at `root` to `path` (secrets stay references).
    ExportCollection {
        /// The collection folder.
        root: PathBuf,
        /// A folder or request of it (relative path); `None`: all of it.
        scope: Option<PathBuf>,
        /// The server relative URLs are completed with in snippets.
        server_url: String,
        /// The format.
        format: crate::state::ExportFormat,
        /// The file or folder to write.
        path: PathBuf,
    },
    /// Tell dropped folders from dropped files (that needs the disk).
    SortDropped {
        /// What was dropped.
        paths: Vec<PathBuf>,
    },
}

/// Where a response body goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Delivery {
    /// To the response view: in memory, or a temporary file past `spill_threshold` bytes
    /// or when binary.
    View {
        /// The largest body kept in memory.
        spill_threshold: u64,
    },
    /// Saved into a folder under the name the server suggests (`None`: the Downloads
    /// folder).
    Download {
        /// The folder.
        folder: Option<PathBuf>,
    },
}

impl Delivery {
    /// The engine's sink for this delivery. Touches the disk (the default folder).
    fn sink(self) -> ResponseSink {
        match self {
            Delivery::View { spill_threshold } => ResponseSink::Spill {
                threshold: spill_threshold,
                dir: std::env::temp_dir(),
            },
            Delivery::Download { folder } => ResponseSink::IntoFolder(
                folder.unwrap_or_else(crate::settings::default_download_folder),
            ),
        }
    }
}

/// One of AYON's upload recipes.
#[derive(Clone, Debug, PartialEq)]
pub enum RecipeJob {
    /// Upload an installer or dependency package.
    Package(PackageForm),
    /// Install an addon zip.
    Addon(PathBuf),
    /// Restart the server, then check this addon is listed.
    RestartAndCheck(AddonInstalled),
}

/// Something the runtime finished.
#[derive(Debug)]
pub enum Event {
    /// A send finished.
    Executed {
        /// The send's id.
        id: RequestId,
        /// The answer or why there is none.
        result: Result<Box<CompletedResponse>, HttpError>,
    },
    /// A "Fetch all pages" run ended.
    PagesFetched {
        /// The run's id.
        id: RequestId,
        /// The merged answer, or the first page's failure; `None` when cancelled before
        /// any page answered.
        answer: Option<Result<Box<CompletedResponse>, HttpError>>,
        /// The summary and why it stopped early.
        ended: crate::state::PagesEnded,
    },
    /// A login finished.
    LoginFinished {
        /// The login's id.
        id: RequestId,
        /// The server logged into.
        server_url: String,
        /// Token and identity, or the server's words.
        result: Result<LoginSuccess, LoginError>,
    },
    /// The server said which AYON release it runs (or why not).
    ServerInfoFetched {
        /// The ask's id.
        id: RequestId,
        /// The version, or why it is not known.
        result: Result<crate::ayon::ServerVersion, crate::ayon::ServerInfoError>,
    },
    /// A logout finished.
    LogoutFinished {
        /// Whether the server confirmed.
        result: Result<(), LoginError>,
    },
    /// The native dialog answered (`None`: cancelled).
    SavePathPicked {
        /// The tab the path is for.
        tab_id: TabId,
        /// The chosen path.
        path: Option<PathBuf>,
    },
    /// A body was written (path and size), or why not.
    BodySaved {
        /// The outcome.
        result: Result<(PathBuf, usize), String>,
    },
    /// The history file was read.
    HistoryLoaded {
        /// Entries, oldest first.
        entries: Vec<HistoryEntry>,
        /// A problem met (a corrupt file set aside, a failed write).
        warning: Option<String>,
    },
    /// A collection was opened (or why not).
    CollectionLoaded {
        /// The collection, or a message naming the problem.
        result: Result<Box<LoadedCollection>, String>,
    },
    /// A request was saved: its path, and the reloaded collection.
    RequestSaved {
        /// The tab saved.
        tab_id: TabId,
        /// Path relative to the root and the reloaded collection, or the problem.
        result: Result<(PathBuf, Box<LoadedCollection>), String>,
    },
    /// A save was refused: the file changed on disk since the tab read it.
    SaveConflict {
        /// The tab saved.
        tab_id: TabId,
        /// The request's path.
        path: PathBuf,
        /// The file as it is on disk now.
        disk: Box<RequestFile>,
        /// The collection as it is on disk now.
        loaded: Box<LoadedCollection>,
    },
    /// A request's past answers were listed (or why not).
    AnswersListed {
        /// The request's key.
        key: String,
        /// Newest first, or why they could not be read.
        result: Result<Vec<crate::answer_history::AnswerSummary>, String>,
    },
    /// A past answer was read back for a tab's viewer.
    PastAnswerLoaded {
        /// The tab.
        tab: TabId,
        /// Which answer.
        summary: crate::answer_history::AnswerSummary,
        /// The answer as a response, or why it could not be read.
        result: Result<Box<CompletedResponse>, String>,
    },
    /// A past answer's body was read for a side of a comparison.
    CompareSideLoaded {
        /// The side.
        side: crate::state::compare_run::Side,
        /// The comparison.
        generation: u64,
        /// The body, or why it could not be read.
        result: Result<crate::state::compare::SharedBody, String>,
    },
    /// Two answers were compared.
    Compared(Box<crate::state::compare::CompareOutcome>),
    /// The response history could not be opened or written.
    AnswerStoreProblem {
        /// What went wrong, naming the file.
        message: String,
    },
    /// Writing the history failed.
    HistoryProblem {
        /// What went wrong.
        message: String,
    },
    /// Settings were written (or not).
    SettingsSaved {
        /// The error, if any.
        result: Result<(), String>,
    },
    /// Where secret values are kept was decided (keychain or 0600 file), and why.
    VaultReady {
        /// A sentence for the user.
        report: String,
    },
    /// The secret values of an environment were read.
    SecretsLoaded {
        /// The collection.
        collection_id: String,
        /// The environment.
        environment: String,
        /// Values found (variables without a stored value are left out).
        values: Vec<(String, Secret)>,
        /// Where each value found may be sent.
        bindings: Vec<(String, crate::collection::secrets::Binding)>,
        /// A problem met (the keychain failed...).
        warning: Option<String>,
    },
    /// What the event stream reported.
    Stream(crate::events::stream::StreamUpdate),
    /// A GraphQL schema was read (or not).
    GraphQlSchemaLoaded {
        /// The server it was asked of; `None` for a file.
        server_url: Option<String>,
        /// The schema and where it came from, or why there is none.
        result: Result<crate::graphql_schema::LoadedSchema, String>,
    },
    /// An event's stored record was read (or not).
    EventRecordFetched {
        /// The event.
        id: String,
        /// Its record, or why not.
        result: Result<serde_json::Value, String>,
    },
    /// The proxy password kept in the secret store was read.
    ProxyPasswordLoaded {
        /// The password, when one is kept for this proxy.
        password: Option<Secret>,
        /// The proxy's origin it was asked for.
        origin: String,
        /// Why none is given (kept for another proxy, the store failed).
        warning: Option<String>,
    },
    /// An environment was saved, deleted, or given a remembered token.
    EnvironmentSaved {
        /// What happened, for the user, or why it failed.
        outcome: Result<String, String>,
        /// The collection reloaded afterwards.
        reloaded: Option<Box<LoadedCollection>>,
    },
    /// Something to tell the user.
    Notice {
        /// The message.
        message: String,
    },
    /// A tree change was made: what it did (old and new paths) and the reloaded
    /// collection, or the problem.
    CollectionEdited {
        /// The outcome.
        result: Result<(TreeOpDone, Box<LoadedCollection>), String>,
    },
    /// The native dialog answered with a collection folder (`None`: cancelled).
    CollectionFolderPicked {
        /// The chosen folder.
        path: Option<PathBuf>,
    },
    /// The native dialog answered with a file (`None`: cancelled).
    OpenFilePicked {
        /// Where the file goes.
        slot: FileSlot,
        /// The chosen file.
        path: Option<PathBuf>,
    },
    /// An addon zip's manifest was read.
    AddonZipInspected {
        /// The zip.
        path: PathBuf,
        /// Name and version, or what is missing.
        result: Result<AddonZipInfo, String>,
    },
    /// A recipe run ended.
    RecipeFinished {
        /// The run's id.
        id: RequestId,
        /// How it ended.
        outcome: UploadOutcome,
    },
    /// A catalog load ended.
    CatalogLoaded {
        /// The load's id.
        id: RequestId,
        /// The catalog, or why not.
        result: Result<crate::state::CatalogLoaded, crate::state::CatalogFailure>,
    },
    /// The cached catalog read at start-up (`None`: nothing usable cached).
    CachedCatalogLoaded {
        /// The catalog.
        loaded: Option<crate::state::CatalogLoaded>,
    },
    /// An import preview was made (secrets already moved into secret variables).
    ImportPreviewed {
        /// The preview's id.
        id: RequestId,
        /// The preview, or the problem with its position.
        result: Result<crate::interchange::Imported, String>,
    },
    /// A collection was exported (what was written), or why not.
    Exported {
        /// The outcome, for the user.
        result: Result<String, String>,
    },
    /// An import was written.
    ImportWritten {
        /// What was written, or why not.
        result: Result<ImportWritten, String>,
    },
    /// Dropped paths, sorted.
    DroppedSorted {
        /// Folders (and `collection.yml` files, as their folder): collections to open.
        folders: Vec<PathBuf>,
        /// Files: bodies to send.
        files: Vec<PathBuf>,
    },
}

/// An import written to disk.
#[derive(Clone, Debug)]
pub struct ImportWritten {
    /// The collection folder.
    pub root: PathBuf,
    /// Whether it is a new collection (to open) rather than the open one (to reload).
    pub new_collection: bool,
    /// One line for the user.
    pub summary: String,
}

async fn run_recipe(
    client: &impl crate::http::ClientFor,
    target: &RecipeTarget,
    job: RecipeJob,
    run: &RecipeRun,
) -> UploadOutcome {
    match job {
        RecipeJob::Package(form) => {
            UploadOutcome::Package(recipes::upload_package(client, target, &form, run).await)
        }
        RecipeJob::Addon(zip) => {
            UploadOutcome::Addon(recipes::install_addon(client, target, &zip, run).await)
        }
        RecipeJob::RestartAndCheck(addon) => {
            let result = match recipes::restart_server(client, target, run).await {
                Ok(()) => {
                    recipes::addon_listed(client, target, &addon.name, &addon.version, run).await
                }
                Err(e) => Err(e),
            };
            UploadOutcome::Restarted { addon, result }
        }
    }
}

/// The event for a finished "Fetch all pages" run: its answer prepared for the viewer
/// (off the runtime's threads), the summary, and why it stopped early.
async fn pages_fetched(
    id: RequestId,
    outcome: crate::ayon::graphql_pages::PagesOutcome,
    draft: Box<RequestDraft>,
) -> Event {
    use crate::ayon::graphql_pages::PagesStop;
    let summary = outcome.summary();
    let mut problem = outcome.stop.message(outcome.pages);
    let answer = match (outcome.answer, outcome.stop) {
        (Some(exchange), _) => {
            let url = exchange.request.url.clone();
            Some(
                tokio::task::spawn_blocking(move || {
                    Box::new(CompletedResponse::prepare(exchange, &draft))
                })
                .await
                .map_err(|e| HttpError::Other {
                    url,
                    reason: format!("preparing the response failed: {e}"),
                }),
            )
        }
        // The first page got no answer: a failure like a send's, said once.
        (None, PagesStop::Http { error, .. }) => {
            problem = None;
            Some(Err(error))
        }
        (None, _) => None,
    };
    Event::PagesFetched {
        id,
        answer,
        ended: crate::state::PagesEnded { summary, problem },
    }
}

/// Wakes the UI after an event arrives.
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// Runs commands on the runtime and collects their events.
pub struct Worker {
    runtime: tokio::runtime::Handle,
    /// The shared clients (app-wide and per server); replaced when the connection
    /// settings change. A send submitted after a change waits (in its task) for them.
    client: Arc<tokio::sync::RwLock<Clients>>,
    /// For the tasks that report on their own (connection settings).
    events_tx: mpsc::Sender<Event>,
    events_rx: mpsc::Receiver<Event>,
    waker: Waker,
    /// Spawns every task, and owns the map of the jobs in flight.
    jobs: jobs::Jobs<Event>,
    picker: Option<Arc<dyn FilePicker>>,
    /// Settings saves go to one task that writes them one at a time, in order.
    settings_tx: tokio::sync::mpsc::UnboundedSender<(PathBuf, Settings)>,
    /// History loads and appends go to one task that owns the history file.
    history_tx: tokio::sync::mpsc::UnboundedSender<HistoryCommand>,
    /// The response history's keeper thread.
    answers_tx: mpsc::Sender<AnswerCommand>,
    /// Secret values and environment saves go to the vault task, in order.
    vault_tx: tokio::sync::mpsc::UnboundedSender<crate::vault::VaultCommand>,
    /// The session's event stream.
    event_stream: crate::event_stream::EventStreamSlot,
}

/// What the history task is asked to do.
enum HistoryCommand {
    Load(PathBuf),
    Append(HistoryEntry),
}

impl Worker {
    /// A worker on `runtime`; `waker` is called after every event.
    pub fn new(
        runtime: tokio::runtime::Handle,
        waker: Waker,
        picker: Option<Arc<dyn FilePicker>>,
        vault: Option<crate::vault::VaultSource>,
    ) -> Result<Worker, HttpError> {
        let (events_tx, events_rx) = mpsc::channel();
        let vault_tx = crate::vault::spawn_vault(&runtime, vault, events_tx.clone(), waker.clone());
        let settings_tx = spawn_settings_saver(&runtime, events_tx.clone(), waker.clone());
        let history_tx = spawn_history_keeper(&runtime, events_tx.clone(), waker.clone());
        let answers_tx = answers::spawn_answer_keeper(events_tx.clone(), waker.clone());
        let client = Arc::new(tokio::sync::RwLock::new(Clients::single(build_client()?)));
        Ok(Worker {
            jobs: jobs::Jobs::new(runtime.clone(), events_tx.clone(), waker.clone()),
            runtime,
            client,
            events_tx,
            events_rx,
            waker,
            picker,
            settings_tx,
            history_tx,
            answers_tx,
            vault_tx,
            event_stream: Default::default(),
        })
    }

    /// The slot of the shared clients, to read inside a task.
    fn client(&self) -> Arc<tokio::sync::RwLock<Clients>> {
        Arc::clone(&self.client)
    }

    /// Starts a command; returns at once.
    pub fn submit(&mut self, command: Command) {
        match command {
            Command::SetClientOptions { options } => {
                let (events, waker) = (self.events_tx.clone(), self.waker.clone());
                // Building a client loads the trust roots: not on the UI thread. The slot
                // is locked now, so sends submitted from here on wait for the new client.
                let build = move |mut slot: tokio::sync::OwnedRwLockWriteGuard<Clients>| {
                    match Clients::build(&options) {
                        Ok(clients) => {
                            let problems = clients.problems();
                            *slot = clients;
                            if !problems.is_empty() {
                                let _ = events.send(Event::Notice {
                                    message: format!(
                                        "{} (requests to that server fail until it is fixed)",
                                        problems.join("; ")
                                    ),
                                });
                                waker();
                            }
                        }
                        Err(reason) => {
                            let _ = events.send(Event::Notice {
                                message: format!("Connection settings not applied: {reason}"),
                            });
                            waker();
                        }
                    }
                };
                match Arc::clone(&self.client).try_write_owned() {
                    Ok(slot) => {
                        self.runtime.spawn_blocking(move || build(slot));
                    }
                    Err(_) => {
                        let slot = Arc::clone(&self.client);
                        self.runtime.spawn(async move {
                            let slot = slot.write_owned().await;
                            let _ = tokio::task::spawn_blocking(move || build(slot)).await;
                        });
                    }
                }
            }
            Command::Execute {
                id,
                prepared,
                draft,
                variables,
                progress,
                delivery,
            } => {
                let client = self.client();
                self.jobs.spawn_tracked(JobId::from(id), async move {
                    let client = client.read().await.clone();
                    let transfer = Transfer {
                        progress: Some(progress),
                        sink: delivery.sink(),
                    };
                    let url = prepared.spec.url.to_string();
                    let result = match run(&client, *prepared, *variables, &transfer).await {
                        // Pretty-printing and decoding can take a while on big bodies.
                        Ok(outcome) => tokio::task::spawn_blocking(move || {
                            let mut completed =
                                CompletedResponse::prepare(outcome.exchange, &draft);
                            completed.tests = outcome.tests;
                            Box::new(completed)
                        })
                        .await
                        .map_err(|e| HttpError::Other {
                            url,
                            reason: format!("preparing the response failed: {e}"),
                        }),
                        Err(e) => Err(e),
                    };
                    Event::Executed { id, result }
                });
            }
            Command::FetchAllPages {
                id,
                prepared,
                draft,
                plan,
                variables,
                run,
            } => {
                let client = self.client();
                self.jobs.spawn_tracked(JobId::from(id), async move {
                    let client = client.read().await.clone();
                    let outcome = crate::ayon::graphql_pages::fetch_all_pages(
                        &client,
                        &prepared.spec,
                        &plan,
                        &variables,
                        crate::ayon::graphql_pages::DEFAULT_PAGE_CAP,
                        &run,
                    )
                    .await;
                    pages_fetched(id, outcome, draft).await
                });
            }
            Command::Cancel { id } => {
                self.jobs.cancel(JobId::from(id));
            }
            Command::Login {
                id,
                server_url,
                name,
                password,
                timeout,
            } => {
                let client = self.client();
                self.jobs.spawn_tracked(JobId::from(id), async move {
                    let client = client.read().await.clone();
                    let result =
                        crate::ayon::login(&client, &server_url, &name, password.expose(), timeout)
                            .await;
                    Event::LoginFinished {
                        id,
                        server_url,
                        result,
                    }
                });
            }
            Command::FetchServerInfo {
                id,
                server_url,
                timeout,
            } => {
                let client = self.client();
                self.jobs.spawn(async move {
                    let client = client.read().await.clone();
                    let result =
                        crate::ayon::fetch_server_version(&client, &server_url, timeout).await;
                    Event::ServerInfoFetched { id, result }
                });
            }
            Command::StartEvents { config, options } => {
                let (events, waker) = (self.events_tx.clone(), self.waker.clone());
                self.event_stream
                    .start(&self.runtime, config, options, events, waker);
            }
            Command::StopEvents => self.event_stream.stop(),
            Command::ResubscribeEvents { subscription } => {
                self.event_stream.resubscribe(subscription)
            }
            Command::LoadGraphQlSchema { load } => {
                let client = self.client();
                self.jobs.spawn(async move {
                    let client = client.read().await.clone();
                    let server_url = Some(load.server_url.clone());
                    let result = crate::graphql_schema::load_schema(&client, load).await;
                    Event::GraphQlSchemaLoaded { server_url, result }
                });
            }
            Command::LoadGraphQlSchemaFile { path } => {
                self.jobs.spawn(async move {
                    let read = path.clone();
                    let result = tokio::task::spawn_blocking(move || {
                        crate::graphql_schema::schema_from_file(&read)
                    })
                    .await
                    .unwrap_or_else(|e| Err(format!("Reading the schema file failed: {e}")))
                    .map(|schema| crate::graphql_schema::LoadedSchema {
                        schema: Arc::new(schema),
                        origin: crate::graphql_schema::SchemaOrigin::File(path),
                        warning: None,
                    });
                    Event::GraphQlSchemaLoaded {
                        server_url: None,
                        result,
                    }
                });
            }
            Command::FetchEventRecord {
                id,
                server_url,
                token,
                timeout,
            } => {
                let client = self.client();
                self.jobs.spawn(async move {
                    let client = client.read().await.clone();
                    let result =
                        crate::events::fetch_record(&client, &server_url, &token, &id, timeout)
                            .await
                            .map_err(|e| e.to_string());
                    Event::EventRecordFetched { id, result }
                });
            }
            Command::Logout {
                server_url,
                token,
                timeout,
            } => {
                let client = self.client();
                self.jobs.spawn(async move {
                    let client = client.read().await.clone();
                    let result =
                        crate::ayon::logout(&client, &server_url, token.expose(), timeout).await;
                    Event::LogoutFinished { result }
                });
            }
            Command::PickSavePath {
                tab_id,
                suggested_name,
            } => {
                let Some(picker) = self.picker.clone() else {
                    return;
                };
                self.jobs.spawn(async move {
                    let path = picker.save_path(&suggested_name).await;
                    Event::SavePathPicked { tab_id, path }
                });
            }
            Command::DecodePicture { response } => {
                let waker = self.waker.clone();
                self.runtime.spawn_blocking(move || {
                    if let Some(picture) = &response.picture {
                        picture.decode_from(response.body());
                    }
                    waker();
                });
            }
            Command::SaveBody { path, response } => {
                self.jobs.spawn(async move {
                    let result = tokio::task::spawn_blocking(move || {
                        if let Some(file) = response.body_file() {
                            return copy_file(&file.path, &path)
                                .map(|len| (path, usize::try_from(len).unwrap_or(usize::MAX)))
                                .map_err(|e| e.to_string());
                        }
                        let body = response.body();
                        write_file(&path, body)
                            .map(|()| (path, body.len()))
                            .map_err(|e| e.to_string())
                    })
                    .await
                    .unwrap_or_else(|e| Err(format!("saving the body failed: {e}")));
                    Event::BodySaved { result }
                });
            }
            Command::LoadCollection { root, create } => {
                self.jobs.spawn(async move {
                    let result =
                        tokio::task::spawn_blocking(move || open_collection(&root, create))
                            .await
                            .unwrap_or_else(|e| Err(format!("opening the collection failed: {e}")));
                    Event::CollectionLoaded { result }
                });
            }
            Command::OpenGettingStarted { dir } => {
                self.jobs.spawn(async move {
                    let result = tokio::task::spawn_blocking(move || {
                        crate::collection::getting_started::install(&dir)
                            .map_err(|e| e.to_string())?;
                        open_collection(&dir, None)
                    })
                    .await
                    .unwrap_or_else(|e| Err(format!("opening Getting started failed: {e}")));
                    Event::CollectionLoaded { result }
                });
            }
            Command::SaveRequest {
                tab_id,
                root,
                folder,
                existing,
                expected,
                file,
            } => {
                self.jobs.spawn(async move {
                    tokio::task::spawn_blocking(move || {
                        save_request(tab_id, &root, &folder, existing, expected, &file)
                    })
                    .await
                    .unwrap_or_else(|e| Event::RequestSaved {
                        tab_id,
                        result: Err(format!("saving the request failed: {e}")),
                    })
                });
            }
            Command::Answers(command) => {
                let _ = self.answers_tx.send(command);
            }
            Command::Compare(job) => {
                let events = self.events_tx.clone();
                let waker = self.waker.clone();
                self.runtime.spawn_blocking(move || {
                    let outcome = crate::state::compare::run_compare(*job);
                    if events.send(Event::Compared(Box::new(outcome))).is_ok() {
                        waker();
                    }
                });
            }
            Command::LoadHistory { path } => {
                let _ = self.history_tx.send(HistoryCommand::Load(path));
            }
            Command::AppendHistory { entry } => {
                let _ = self.history_tx.send(HistoryCommand::Append(entry));
            }
            Command::Vault(command) => {
                // A closed channel means shutdown.
                let _ = self.vault_tx.send(command);
            }
            Command::SaveSettings { path, settings } => {
                // One saver task writes them in order; a closed channel means shutdown.
                let _ = self.settings_tx.send((path, settings));
            }
            Command::EditCollection { root, op } => {
                self.jobs.spawn(async move {
                    let result = tokio::task::spawn_blocking(move || {
                        let done = op
                            .apply(&Collection::load(&root))
                            .map_err(|e| e.to_string())?;
                        Ok((done, Box::new(with_environments(Collection::load(&root)))))
                    })
                    .await
                    .unwrap_or_else(|e| Err(format!("changing the collection failed: {e}")));
                    Event::CollectionEdited { result }
                });
            }
            Command::PickOpenFile { slot } => {
                let Some(picker) = self.picker.clone() else {
                    return;
                };
                self.jobs.spawn(async move {
                    let path = picker.open_file().await;
                    Event::OpenFilePicked { slot, path }
                });
            }
            Command::InspectAddonZip { path } => {
                self.jobs.spawn(async move {
                    let zip = path.clone();
                    let result = tokio::task::spawn_blocking(move || {
                        crate::ayon::read_addon_zip(&zip).map_err(|e| e.to_string())
                    })
                    .await
                    .unwrap_or_else(|e| Err(format!("reading the zip failed: {e}")));
                    Event::AddonZipInspected { path, result }
                });
            }
            Command::Recipe {
                id,
                target,
                job,
                run,
            } => {
                let client = self.client();
                self.jobs.spawn_tracked(JobId::from(id), async move {
                    let client = client.read().await.clone();
                    let outcome = run_recipe(&client, &target, job, &run).await;
                    Event::RecipeFinished { id, outcome }
                });
            }
            Command::LoadCatalog { id, load } => {
                let client = self.client();
                self.jobs.spawn(async move {
                    let client = client.read().await.clone();
                    let result = crate::catalog_load::from_server(&client, load).await;
                    Event::CatalogLoaded { id, result }
                });
            }
            Command::LoadCachedCatalog { cache, server_url } => {
                self.jobs.spawn(async move {
                    let loaded = crate::catalog_load::from_cache(cache, server_url).await;
                    Event::CachedCatalogLoaded { loaded }
                });
            }
            Command::LoadSpecFile { id, path } => {
                self.jobs.spawn(async move {
                    let result = crate::catalog_load::from_file(path).await;
                    Event::CatalogLoaded { id, result }
                });
            }
            Command::PreviewImport { id, path, text } => {
                self.jobs.spawn(async move {
                    let result = tokio::task::spawn_blocking(move || {
                        let imported = match path {
                            Some(path) => crate::interchange::detect::import_path(&path),
                            None => crate::interchange::detect::import_text(&text),
                        };
                        imported
                            .map(|mut imported| {
                                crate::interchange::secrets::move_secrets(&mut imported);
                                imported
                            })
                            .map_err(|e| e.to_string())
                    })
                    .await
                    .unwrap_or_else(|e| Err(format!("reading the import failed: {e}")));
                    Event::ImportPreviewed { id, result }
                });
            }
            Command::WriteImport { imported, target } => {
                let vault = self.vault_tx.clone();
                self.jobs.spawn(async move {
                    let result = tokio::task::spawn_blocking(move || {
                        write_import_and_secrets(&imported, &target, &vault)
                    })
                    .await
                    .unwrap_or_else(|e| Err(format!("writing the import failed: {e}")));
                    Event::ImportWritten { result }
                });
            }
            Command::ExportCollection {
                root,
                scope,
                server_url,
                format,
                path,
            } => {
                self.jobs.spawn(async move {
                    let result = tokio::task::spawn_blocking(move || {
                        crate::interchange::export::write_export(
                            &root,
                            scope.as_deref(),
                            &server_url,
                            format,
                            &path,
                        )
                    })
                    .await
                    .map_err(|e| format!("exporting failed: {e}"))
                    .and_then(|written| written.map_err(|e| e.to_string()));
                    Event::Exported { result }
                });
            }
            Command::SortDropped { paths } => {
                self.jobs.spawn(async move {
                    let mut folders = Vec::new();
                    let mut files = Vec::new();
                    for path in paths {
                        let is_dir = tokio::fs::metadata(&path)
                            .await
                            .map(|m| m.is_dir())
                            .unwrap_or(false);
                        let is_collection_file = path
                            .file_name()
                            .is_some_and(|n| n == crate::collection::format::COLLECTION_FILE);
                        if is_dir {
                            folders.push(path);
                        } else if is_collection_file {
                            folders.extend(path.parent().map(PathBuf::from));
                        } else {
                            files.push(path);
                        }
                    }
                    Event::DroppedSorted { folders, files }
                });
            }
            Command::PickCollectionFolder => {
                let Some(picker) = self.picker.clone() else {
                    return;
                };
                self.jobs.spawn(async move {
                    let path = picker.pick_folder().await;
                    Event::CollectionFolderPicked { path }
                });
            }
        }
    }

    /// Events that arrived since the last call; never blocks.
    pub fn drain(&mut self) -> Vec<Event> {
        self.events_rx.try_iter().collect()
    }

    /// How many sends, logins and upload recipes are in flight: each counts from its
    /// submission until its task ends (finished, failed, cancelled or panicked).
    pub fn in_flight(&self) -> usize {
        self.jobs.in_flight()
    }
}

/// Writes an import, then hands its secret values to the vault (keychain or 0600 file),
/// environment by environment.
fn write_import_and_secrets(
    imported: &crate::interchange::Imported,
    target: &crate::interchange::write::WriteTarget,
    vault: &tokio::sync::mpsc::UnboundedSender<crate::vault::VaultCommand>,
) -> Result<ImportWritten, String> {
    use crate::interchange::write::{WriteTarget, write_import};
    let report = write_import(imported, target).map_err(|e| e.to_string())?;
    let root = report.root.clone();
    let (commands, secrets) = crate::vault::save_imported_secrets(&report);
    for command in commands {
        let _ = vault.send(command);
    }
    let mut summary = format!(
        "Imported {} requests in {} folders into {}",
        report.requests,
        report.folders,
        root.display()
    );
    if !report.environments.is_empty() {
        summary.push_str(&format!(
            "; environments: {}",
            report.environments.join(", ")
        ));
    }
    if secrets > 0 {
        summary.push_str(&format!(
            "; {secrets} secret values went to the secret store, not to the files"
        ));
    }
    Ok(ImportWritten {
        root,
        new_collection: matches!(target, WriteTarget::NewCollection(_)),
        summary,
    })
}

/// The task that writes settings: sequential, so the last asked is the last written.
fn spawn_settings_saver(
    runtime: &tokio::runtime::Handle,
    events: mpsc::Sender<Event>,
    waker: Waker,
) -> tokio::sync::mpsc::UnboundedSender<(PathBuf, Settings)> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(PathBuf, Settings)>();
    runtime.spawn(async move {
        while let Some((path, settings)) = rx.recv().await {
            let result = tokio::task::spawn_blocking(move || save_settings(&path, &settings))
                .await
                .unwrap_or_else(|e| Err(format!("saving settings failed: {e}")));
            if events.send(Event::SettingsSaved { result }).is_err() {
                return;
            }
            waker();
        }
    });
    tx
}

/// The task that owns the history file: loads it once, then appends in order. Before a
/// load, appends are kept in memory only (history is off without a data directory).
fn spawn_history_keeper(
    runtime: &tokio::runtime::Handle,
    events: mpsc::Sender<Event>,
    waker: Waker,
) -> tokio::sync::mpsc::UnboundedSender<HistoryCommand> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<HistoryCommand>();
    runtime.spawn(async move {
        let mut history: Option<History> = None;
        while let Some(command) = rx.recv().await {
            let event = match command {
                HistoryCommand::Load(path) => {
                    let loaded = tokio::task::spawn_blocking(move || History::load(path)).await;
                    match loaded {
                        Ok(loaded) => {
                            let entries = loaded.history.entries().to_vec();
                            history = Some(loaded.history);
                            Some(Event::HistoryLoaded {
                                entries,
                                warning: loaded.warning,
                            })
                        }
                        Err(e) => Some(Event::HistoryLoaded {
                            entries: Vec::new(),
                            warning: Some(format!("Reading the history failed: {e}")),
                        }),
                    }
                }
                HistoryCommand::Append(entry) => match history.take() {
                    Some(mut h) => {
                        let (h, result) = tokio::task::spawn_blocking(move || {
                            let result = h.append(entry).map_err(|e| e.to_string());
                            (h, result)
                        })
                        .await
                        .unwrap_or_else(|e| {
                            (History::new(PathBuf::new()), Err(format!("history: {e}")))
                        });
                        history = Some(h);
                        result
                            .err()
                            .map(|message| Event::HistoryProblem { message })
                    }
                    None => None,
                },
            };
            if let Some(event) = event {
                if events.send(event).is_err() {
                    return;
                }
                waker();
            }
        }
    });
    tx
}

/// Saves a request (blocking): refuses, as a conflict, to overwrite a file that changed on
/// disk since the tab read it.
fn save_request(
    tab_id: TabId,
    root: &std::path::Path,
    folder: &std::path::Path,
    existing: Option<PathBuf>,
    expected: Option<Box<RequestFile>>,
    file: &RequestFile,
) -> Event {
    let collection = Collection::load(root);
    if let (Some(rel), Some(expected)) = (&existing, expected)
        && let Some(entry) = collection.request(rel)
        && entry.file != *expected
    {
        return Event::SaveConflict {
            tab_id,
            path: rel.clone(),
            disk: Box::new(entry.file.clone()),
            loaded: Box::new(with_environments(collection)),
        };
    }
    let saved = match &existing {
        Some(rel) => collection.update_request(rel, file),
        None => collection.save_request(folder, file),
    };
    let result = saved
        .map_err(|e| e.to_string())
        .map(|saved| (saved, Box::new(with_environments(Collection::load(root)))));
    Event::RequestSaved { tab_id, result }
}

/// Opens (or first creates) a collection folder, with its environments. Blocking.
pub(crate) fn open_collection(
    root: &std::path::Path,
    create: Option<String>,
) -> Result<Box<LoadedCollection>, String> {
    let collection = match create {
        Some(name) => Collection::create(root, &name).map_err(|e| e.to_string())?,
        None => {
            if !root.is_dir() {
                return Err(format!("{} is not a folder", root.display()));
            }
            Collection::load(root)
        }
    };
    Ok(Box::new(with_environments(collection)))
}

fn with_environments(collection: Collection) -> LoadedCollection {
    let (environments, environment_problems) = load_environments(&collection.root);
    LoadedCollection {
        collection_id: crate::collection::secrets::collection_id(&collection.root),
        collection,
        environments,
        environment_problems,
    }
}
