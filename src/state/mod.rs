//! Plain application state: tabs, drafts, request lifecycles, session, notices.
//! No egui and no I/O here; async results arrive through [`AppState::apply`].

mod answer;
pub mod answers;
mod body_tools;
pub mod bundle_window;
mod catalog;
mod collection;
mod collection_events;
pub mod compare;
pub mod compare_run;
mod disk_sync;
mod effect;
#[cfg(test)]
mod effect_tests;
mod env_editor;
pub mod events;
mod file_size;
mod file_slots;
mod graphql_pages;
mod graphql_schema;
mod import;
mod login;
mod notice;
mod practice;
pub mod prepare_words;
mod proxy_password;
mod request_state;
mod response;
mod secret_bindings;
mod send_two;
mod server_info;
mod server_warnings;
mod session;
mod tab;
mod tree_edit;
mod upload;

use std::path::{Path, PathBuf};

// The request model lives a layer down, in `crate::request`; the window names it here too.
pub use crate::catalog::draft_for_operation;
pub use crate::interchange::export::ExportFormat;
pub use crate::pipeline::TestResults;
pub use crate::request::{
    BodyMode, FormKind, FormRow, GraphQlBody, JsonError, KvRow, RequestDraft, build_spec,
    encode_path_segment, fill_path_params, mask_variable_secrets, merge_params_from_url,
    merge_path_params, params_from_url, path_of, path_param_names, url_with_params,
};
pub use body_tools::{BodyTools, FilterOutput, FilterState, FindState, Wake};
pub use catalog::{
    CatalogFailure, CatalogLoaded, CatalogOrigin, CatalogState, CatalogWanted, Palette,
    SearchResults,
};
pub use collection::{CollectionState, LoadedCollection, SaveRequestDialog};
pub use disk_sync::{ConflictChoice, DiskConflict};
pub use effect::Effect;
pub use env_editor::{EnvEditor, EnvRow};
pub use graphql_pages::{PagesEnded, TabPages};
pub use import::{ExportDialog, ImportDialog, ImportTarget};
pub use notice::{Notice, NoticeLevel};
pub use request_state::{RequestId, RequestState};
pub use response::{CompletedResponse, FILE_PREVIEW_BYTES};
pub use send_two::SendTwoDialog;
pub use server_info::{ServerInfo, same_server};
pub use server_warnings::{KnownServer, server_warnings};
pub use session::SessionState;
pub use tab::{EditorTab, RequestTab, ResponseTab, SentForHistory, TabId};
pub use tree_edit::{TreeEdit, TreeEditKind};
pub use upload::{UploadDialog, UploadKind, UploadOutcome, UploadRunning, ZipCheck};

use crate::collection::history::HistoryEntry;
use crate::secret::Secret;
use crate::settings::Settings;
use crate::worker::Event;

/// An engine error as the window says it: the neutral message, plus where to change
/// what ran out.
fn window_wording(error: &crate::http::HttpError) -> String {
    if error.is_time_limit() {
        format!("{error} Change the timeout in Settings.")
    } else {
        error.to_string()
    }
}

/// The embedded practice server the app was started with.
#[derive(Clone, Debug)]
pub struct SandboxInfo {
    /// Its URL.
    pub url: String,
    /// Demo user name.
    pub admin_name: String,
    /// Demo password (a practice credential, shown on screen).
    pub admin_password: String,
}

/// A question the user must answer before something happens.
#[derive(Clone, Debug, PartialEq)]
pub enum Confirm {
    /// Something about this tab's request looks wrong (invalid JSON, a form to a
    /// raw-upload endpoint); send anyway?
    SendAnyway {
        /// The tab.
        tab: TabId,
        /// Whether the send downloads to a file.
        download: bool,
        /// The question.
        heading: String,
        /// What is wrong.
        problem: String,
        /// What will likely happen.
        consequence: String,
    },
    /// This tab's request (one of the collection) sends a file from outside the
    /// collection; allow that file on this computer (remembered in local settings) and
    /// send?
    AllowFile {
        /// The tab.
        tab: TabId,
        /// Whether the send downloads to a file.
        download: bool,
        /// The file's real path (symlinks followed, `..` resolved): what is allowed.
        path: PathBuf,
    },
    /// This tab has unsaved changes; close it anyway?
    CloseEdited {
        /// The tab's id.
        tab_id: TabId,
    },
    /// This tab's request would carry secret variables to an origin they are not bound
    /// to; send them there (and remember the answer on this computer)?
    SendSecret {
        /// The tab.
        tab: TabId,
        /// Whether the send downloads to a file.
        download: bool,
        /// The secrets, and where each may go now.
        secrets: Vec<crate::pipeline::RefusedSecret>,
        /// The request's origin.
        target: String,
    },
    /// Delete this request or folder of the collection from disk?
    DeleteFromCollection {
        /// Path relative to the collection root.
        path: PathBuf,
        /// The request's or folder's name, as the tree shows it.
        name: String,
        /// Whether it is a folder (deleted with everything in it).
        folder: bool,
    },
}

/// What the left sidebar shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SidebarView {
    /// The collection and the history.
    #[default]
    Requests,
    /// The server's endpoint catalog.
    Endpoints,
}

/// The "save response body" form.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveDialog {
    /// The tab whose response is saved.
    pub tab_id: TabId,
    /// The path typed or picked.
    pub path: String,
    /// The file name suggested from the response.
    pub suggested_name: String,
}

/// Everything the window shows. (No `Debug`: it holds the password being typed.)
pub struct AppState {
    /// Persisted settings.
    pub settings: Settings,
    /// Where settings are saved (`None`: not persisted, e.g. in tests).
    pub settings_path: Option<PathBuf>,
    /// The password field; cleared after a successful login.
    pub login_password: String,
    /// The session.
    pub session: SessionState,
    /// Which AYON release the server at the typed URL runs.
    pub server: ServerInfo,
    /// Why the last login failed, in the server's words.
    pub login_error: Option<String>,
    /// Request tabs (at least one).
    pub tabs: Vec<RequestTab>,
    /// Index of the visible tab.
    pub active_tab: usize,
    /// The sandbox, when started with `--sandbox`.
    pub sandbox: Option<SandboxInfo>,
    /// Messages for the user (settings problems, logout failures).
    pub notices: Vec<Notice>,
    /// A pending question.
    pub confirm: Option<Confirm>,
    /// Whether the settings window is open.
    pub settings_open: bool,
    /// The open "save response body" form.
    pub save_dialog: Option<SaveDialog>,
    /// The "Upload to AYON" form.
    pub upload: UploadDialog,
    /// The Import window.
    pub import: ImportDialog,
    /// The Export window.
    pub export: ExportDialog,
    /// Whether a native file dialog can be offered.
    pub can_browse: bool,
    /// The proxy variables set in the environment (passwords masked), for Settings.
    pub environment_proxies: Vec<String>,
    /// The GraphQL schema of the server logged in to.
    pub graphql_schema: graphql_schema::SchemaState,
    /// The Events panel: the server's live event stream.
    pub events: events::EventsState,
    /// The Proxy password field (the value in use is `settings.proxy_password`).
    pub proxy_password_input: String,
    /// The proxy origin `settings.proxy_password` belongs to.
    pub proxy_password_origin: Option<String>,
    /// Sent requests, oldest first (redacted).
    pub history: Vec<HistoryEntry>,
    /// The history filter text.
    pub history_filter: String,
    /// The open collection and its environments.
    pub collection: CollectionState,
    /// The server's endpoint catalog.
    pub catalog: CatalogState,
    /// What the sidebar shows.
    pub sidebar_view: SidebarView,
    /// Requests changed on disk while their tab had unsaved edits; the first is asked.
    pub disk_conflicts: Vec<DiskConflict>,
    /// Sends the window made for itself (compare sides, the bundle list), by id.
    pub detached: compare_run::DetachedSends,
    /// The comparison shown in the Compare window, while it is open.
    pub compare: Option<compare_run::CompareRun>,
    /// The "Compare bundles" window.
    pub bundle_window: bundle_window::BundleWindow,
    /// The open "Send to two" form.
    pub send_two: Option<SendTwoDialog>,
    next_id: u64,
}

impl AppState {
    /// A fresh state with one tab.
    pub fn new(settings: Settings, settings_path: Option<PathBuf>) -> Self {
        let mut state = AppState {
            settings,
            settings_path,
            login_password: String::new(),
            session: SessionState::LoggedOut,
            server: ServerInfo::default(),
            login_error: None,
            tabs: Vec::new(),
            active_tab: 0,
            sandbox: None,
            notices: Vec::new(),
            confirm: None,
            settings_open: false,
            save_dialog: None,
            upload: UploadDialog::default(),
            import: ImportDialog::default(),
            export: ExportDialog::default(),
            can_browse: false,
            environment_proxies: Vec::new(),
            events: events::EventsState::default(),
            graphql_schema: graphql_schema::SchemaState::default(),
            proxy_password_input: String::new(),
            proxy_password_origin: None,
            history: Vec::new(),
            history_filter: String::new(),
            collection: CollectionState::default(),
            catalog: CatalogState::default(),
            sidebar_view: SidebarView::default(),
            disk_conflicts: Vec::new(),
            detached: compare_run::DetachedSends::default(),
            compare: None,
            bundle_window: bundle_window::BundleWindow::default(),
            send_two: None,
            next_id: 1,
        };
        state.open_tab(RequestDraft::default());
        state
    }

    /// A new unique id for a send, login or tab.
    pub fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The index of the tab `id` (`None` once it is closed).
    pub fn tab_index(&self, id: TabId) -> Option<usize> {
        self.tabs.iter().position(|t| t.id == id)
    }

    /// The tab `id`, while it is open.
    pub fn tab(&self, id: TabId) -> Option<&RequestTab> {
        self.tabs.iter().find(|t| t.id == id)
    }

    /// The tab `id`, while it is open, to change.
    pub fn tab_mut(&mut self, id: TabId) -> Option<&mut RequestTab> {
        self.tabs.iter_mut().find(|t| t.id == id)
    }

    /// Opens a tab with `draft` and makes it the visible one.
    pub fn open_tab(&mut self, draft: RequestDraft) {
        let id = TabId::from(self.next_id());
        self.tabs.push(RequestTab {
            id,
            baseline: draft.clone(),
            draft,
            ..Default::default()
        });
        self.active_tab = self.tabs.len() - 1;
    }

    /// Closes a tab; the last tab is replaced by a fresh one. Returns a send to cancel.
    pub fn close_tab(&mut self, index: usize) -> Option<RequestId> {
        if index >= self.tabs.len() {
            return None;
        }
        let tab = self.tabs.remove(index);
        if self.tabs.is_empty() {
            self.open_tab(RequestDraft::default());
        }
        // Keep showing the same tab when one to its left closes.
        if index < self.active_tab {
            self.active_tab -= 1;
        }
        self.active_tab = self.active_tab.min(self.tabs.len() - 1);
        if matches!(
            self.confirm,
            Some(Confirm::SendAnyway { tab: asked, .. } | Confirm::AllowFile { tab: asked, .. })
                if asked == tab.id
        ) {
            self.confirm = None;
        }
        tab.state.pending_id()
    }

    /// The visible tab.
    pub fn active(&self) -> Option<&RequestTab> {
        self.tabs.get(self.active_tab)
    }

    /// The visible tab, mutably.
    pub fn active_mut(&mut self) -> Option<&mut RequestTab> {
        self.tabs.get_mut(self.active_tab)
    }

    /// The one place async results change state. Late answers (unknown ids) are dropped.
    /// Returns what the app must do next (save settings, append history, ...).
    #[must_use = "the effects must be performed"]
    pub fn apply(&mut self, event: Event) -> Vec<Effect> {
        let mut effects = Vec::new();
        self.apply_into(event, &mut effects);
        effects
    }

    fn apply_into(&mut self, event: Event, effects: &mut Vec<Effect>) {
        match event {
            Event::Executed { id, result } => match self.detached.take(id) {
                Some(purpose) => effects.extend(self.detached_answered(purpose, result)),
                None => effects.extend(self.request_answered(id, result)),
            },
            Event::PagesFetched { id, answer, ended } => {
                effects.extend(self.pages_fetched(id, answer, ended));
            }
            Event::LoginFinished {
                id,
                server_url,
                result,
            } => effects.extend(self.login_finished(id, server_url, result)),
            Event::ServerInfoFetched { id, result } => self.server.finish(id, result),
            Event::LogoutFinished { result } => self.logout_finished(result),
            Event::SavePathPicked { tab_id, path } => {
                if let (Some(dialog), Some(path)) = (&mut self.save_dialog, path)
                    && dialog.tab_id == tab_id
                {
                    dialog.path = path.to_string_lossy().into_owned();
                }
            }
            Event::BodySaved { result } => match result {
                Ok((path, len)) => self.notices.push(Notice::info(format!(
                    "Saved {len} bytes to {}",
                    path.display()
                ))),
                Err(error) => self.notices.push(Notice::error(error)),
            },
            Event::HistoryLoaded { entries, warning } => {
                // Entries sent before the file was read come after the older ones.
                let newer = std::mem::take(&mut self.history);
                self.history = entries;
                self.history.extend(newer);
                self.notices.extend(warning.map(Notice::warning));
            }
            Event::HistoryProblem { message } => self.notices.push(Notice::error(message)),
            Event::AnswersListed { key, result } => self.answers_listed(&key, result),
            Event::PastAnswerLoaded {
                tab,
                summary,
                result,
            } => self.past_answer_loaded(tab, summary, result),
            Event::CompareSideLoaded {
                side,
                generation,
                result,
            } => effects.extend(self.compare_side_loaded(side, generation, result)),
            Event::AnswerStoreProblem { message } => self.notices.push(Notice::error(message)),
            Event::Compared(outcome) => self.compared(*outcome),
            Event::CollectionLoaded { result } => effects.extend(self.collection_loaded(result)),
            Event::RequestSaved { tab_id, result } => self.request_saved(tab_id, result),
            Event::SettingsSaved { result } => {
                if let Err(error) = result {
                    self.notices.push(Notice::error(error));
                }
            }
            Event::SaveConflict {
                tab_id,
                path,
                disk,
                loaded,
            } => self.save_conflict(tab_id, path, *disk, *loaded),
            Event::VaultReady { report } => self.collection.vault_report = Some(report),
            Event::SecretsLoaded {
                collection_id,
                environment,
                values,
                bindings,
                warning,
            } => {
                if self.collection.secrets_for == Some((collection_id, environment)) {
                    self.collection.secret_values = values.into_iter().collect();
                    self.collection.secret_bindings = bindings.into_iter().collect();
                }
                self.notices.extend(warning.map(Notice::warning));
            }
            Event::GraphQlSchemaLoaded { server_url, result } => {
                let warning = self.graphql_schema.loaded(server_url, result);
                self.notices.extend(warning.map(Notice::warning));
            }
            Event::Stream(update) => {
                let follow_ups = self.events.stream_update(update, std::time::Instant::now());
                effects.extend(follow_ups.into_iter().map(|f| match f {
                    events::EventsFollowUp::FetchRecord(id) => Effect::FetchEventRecord(id),
                }));
            }
            Event::EventRecordFetched { id, result } => match result {
                Ok(record) => self.events.record_fetched(&id, record),
                Err(_) => {
                    // Not ours to know then; the event stays listed without a cause.
                    self.events.awaiting_record.remove(&id);
                }
            },
            Event::ProxyPasswordLoaded {
                password,
                origin,
                warning,
            } => effects.extend(self.proxy_password_loaded(password, origin, warning)),
            Event::EnvironmentSaved { outcome, reloaded } => {
                self.environment_saved(outcome, reloaded);
            }
            // Engine problems (the secret store, connection settings): failures.
            Event::Notice { message } => self.notices.push(Notice::error(message)),
            Event::CatalogLoaded { id, result } => self.catalog.finish(id, result),
            Event::ImportPreviewed { id, result } => self.import.previewed(id, result),
            Event::Exported { result } => {
                self.export.writing = false;
                self.export.outcome = Some(result);
            }
            Event::ImportWritten { result } => {
                self.import.writing = false;
                if let Ok(written) = &result {
                    effects.push(if written.new_collection {
                        self.collection.path_input = written.root.to_string_lossy().into_owned();
                        Effect::OpenCollection(written.root.clone())
                    } else {
                        Effect::ReloadCollection
                    });
                }
                self.import.outcome = Some(result.map(|written| written.summary));
            }
            Event::CachedCatalogLoaded { loaded } => {
                if let Some(loaded) = loaded {
                    self.catalog.take_cached(loaded);
                }
            }
            Event::CollectionEdited { result } => self.collection_edited(result),
            Event::OpenFilePicked { slot, path } => {
                if let Some(path) = path {
                    effects.extend(self.fill_file_slot(slot, &path));
                }
            }
            Event::AddonZipInspected { path, result } => {
                if let Some(zip) = &mut self.upload.zip
                    && Path::new(&zip.path) == path
                {
                    zip.result = Some(result);
                }
            }
            Event::RecipeFinished { id, outcome } => {
                if self.upload.running.as_ref().is_some_and(|r| r.id == id) {
                    self.upload.last_run = self.upload.running.take().map(|r| r.run);
                    self.upload.finished(outcome);
                }
            }
            Event::DroppedSorted { files, folders } => {
                for file in files {
                    effects.extend(self.take_dropped_file(&file));
                }
                // A dropped folder opens as the collection.
                if let Some(folder) = folders.into_iter().next() {
                    self.collection.path_input = folder.to_string_lossy().into_owned();
                    effects.push(Effect::OpenCollection(folder));
                }
            }
            Event::CollectionFolderPicked { path } => {
                if let Some(path) = path {
                    self.collection.path_input = path.to_string_lossy().into_owned();
                }
            }
        }
    }

    /// Starts a login: returns the id, or `None` when one is already running.
    pub fn begin_login(&mut self) -> Option<(RequestId, Secret)> {
        if matches!(self.session, SessionState::LoggingIn { .. }) {
            return None;
        }
        let id = self.next_id();
        self.login_error = None;
        self.session = SessionState::LoggingIn { id };
        Some((id, Secret::new(self.login_password.clone())))
    }

    /// Forgets the token (and what is known of the server); returns it so the server can
    /// be told.
    pub fn forget_session(&mut self) -> Option<(String, Secret)> {
        if !matches!(self.session, SessionState::LoggedIn { .. }) {
            return None;
        }
        self.server.forget();
        match std::mem::take(&mut self.session) {
            SessionState::LoggedIn {
                token, server_url, ..
            } => Some((server_url, token)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_a_tab_on_the_left_keeps_the_visible_tab() {
        let mut state = AppState::new(Settings::default(), None);
        state.open_tab(RequestDraft::get("/b"));
        state.open_tab(RequestDraft::get("/c"));
        assert_eq!(state.active_tab, 2);
        state.close_tab(0);
        assert_eq!(state.active().map(|t| t.draft.url.as_str()), Some("/c"));
        state.close_tab(1);
        state.close_tab(0);
        assert_eq!(state.tabs.len(), 1, "a fresh tab replaces the last one");
    }

    #[test]
    fn a_question_about_a_tab_follows_it_by_id_and_goes_with_it() {
        let mut state = AppState::new(Settings::default(), None);
        state.open_tab(RequestDraft::get("/b"));
        let asked = state.tabs[1].id;
        state.confirm = Some(Confirm::SendAnyway {
            tab: asked,
            download: false,
            heading: "Send invalid JSON?".into(),
            problem: "line 1".into(),
            consequence: "400".into(),
        });
        // Closing the tab on its left moves it to index 0; the question still names it.
        state.close_tab(0);
        assert_eq!(state.tab_index(asked), Some(0));
        assert!(matches!(state.confirm, Some(Confirm::SendAnyway { tab, .. }) if tab == asked));
        state.close_tab(0);
        assert_eq!(state.tab_index(asked), None);
        assert_eq!(state.confirm, None, "the question went with its tab");
    }

    #[test]
    fn late_answers_are_dropped() {
        let mut state = AppState::new(Settings::default(), None);
        state.tabs[0].state.start(41);
        state.tabs[0].state.cancel();
        let effects = state.apply(Event::Executed {
            id: 41,
            result: Err(crate::http::HttpError::Other {
                url: "u".into(),
                reason: "late".into(),
            }),
        });
        assert!(effects.is_empty(), "{effects:?}");
        assert!(matches!(state.tabs[0].state, RequestState::Idle));
        assert!(state.begin_login().is_some());
        assert!(state.begin_login().is_none(), "one login at a time");
        assert!(state.forget_session().is_none());
        assert!(matches!(state.session, SessionState::LoggingIn { .. }));
    }
}
