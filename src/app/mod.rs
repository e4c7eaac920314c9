//! The eframe app: drain events, draw, then act on what the user asked for.

use std::path::PathBuf;
use std::sync::Arc;

use crate::action::{Action, ImportAction, SnippetKind, UploadAction};
use crate::ayon::catalog_cache::CatalogCache;
use crate::catalog_load::ServerLoad;
use crate::collection::format::RequestFile;
use crate::file_picker::FilePicker;
use crate::interchange::write::WriteTarget;
use crate::pipeline::{CredentialScope, PrepareError, SendContext, prepare};
use crate::recipes::{RecipeRun, RecipeTarget};
use crate::settings::{Settings, Theme};
use crate::state::{
    AppState, BodyMode, CatalogFailure, CatalogWanted, Confirm, Effect, EnvEditor, ImportTarget,
    Notice, SandboxInfo, SaveRequestDialog, SentForHistory, SessionState, TabId, UploadKind,
    UploadRunning, ZipCheck,
};
use crate::ui::{self, Views};
use crate::vault::{VaultCommand, VaultSource};

mod compare;
mod detached;
mod events;
mod graphql;
mod graphql_pages;
use crate::worker::{AnswerCommand, Command, Delivery, RecipeJob, Worker};

/// How the app is started.
#[derive(Clone, Default)]
pub struct AppOptions {
    /// Loaded settings.
    pub settings: Settings,
    /// Where to save settings (`None`: never written, e.g. in tests).
    pub settings_path: Option<PathBuf>,
    /// A problem met while loading settings, shown once.
    pub settings_warning: Option<String>,
    /// Server URL that overrides the saved one (`AYON_SERVER_URL`, `--sandbox`).
    pub server_url: Option<String>,
    /// The embedded practice server, when running.
    pub sandbox: Option<SandboxInfo>,
    /// Print the moment the first frame was painted to stderr (startup benchmark).
    pub report_first_frame: bool,
    /// The native file dialog (`None` in tests: typed paths only).
    pub file_picker: Option<Arc<dyn FilePicker>>,
    /// The history file (`None`: history is kept in memory only).
    pub history_path: Option<PathBuf>,
    /// The response history database, every answer of every request (`None`: past
    /// answers are not kept).
    pub answers_path: Option<PathBuf>,
    /// Where the "Getting started" collection is written and opened on the first start
    /// (`None`: not offered, e.g. in tests).
    pub getting_started_dir: Option<PathBuf>,
    /// Where secret variable values are kept (`None`: they cannot be stored).
    pub secret_store: Option<VaultSource>,
    /// Where endpoint catalogs are cached per server and version (`None`: not cached).
    pub catalog_cache_dir: Option<PathBuf>,
    /// Where servers' GraphQL schemas are cached per server and version (`None`: not
    /// cached).
    pub graphql_cache_dir: Option<PathBuf>,
    /// The app's own folders (settings, stored secrets, history, logs): never sent as a
    /// request body, whatever a collection says or the user allowed.
    pub protected_folders: Vec<PathBuf>,
}

/// The whole application.
pub struct ExplorerApp {
    state: AppState,
    worker: Worker,
    views: Views,
    applied_theme: Option<Theme>,
    /// Set by "Reset layout": the panels' remembered sizes are forgotten before the
    /// next frame draws.
    reset_layout: bool,
    frames_until_report: Option<u8>,
    /// What the settings file held before start-up overrides (sandbox, `--server`), so
    /// saving never writes an override (like a sandbox's random port) to disk.
    persisted: Settings,
    /// The server URL given at start-up (`--server`, `AYON_SERVER_URL`, `--sandbox`).
    server_url_override: Option<String>,
    /// Where endpoint catalogs are cached.
    catalog_cache: Option<CatalogCache>,
    /// Where GraphQL schemas are cached.
    graphql_cache: Option<crate::graphql_schema::SchemaCache>,
    /// The proxy and TLS files the worker's client was last built with.
    applied_client: crate::http::ClientOptions,
    /// The Compare window's ignore paths changed since the settings were written.
    ignore_paths_changed: bool,
    /// Text to put on the clipboard at the end of this frame.
    clipboard: Option<String>,
    /// The app's own folders, never sent as a body.
    protected_folders: Vec<PathBuf>,
}

/// A process environment variable (for settings that fall back to one).
fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

impl ExplorerApp {
    /// Builds the app; `runtime` is the tokio runtime owned by `main` (or a test).
    pub fn new(
        ctx: &egui::Context,
        runtime: tokio::runtime::Handle,
        options: AppOptions,
    ) -> Result<Self, String> {
        let repaint_ctx = ctx.clone();
        let can_browse = options.file_picker.is_some();
        let worker = Worker::new(
            runtime,
            Arc::new(move || repaint_ctx.request_repaint()),
            options.file_picker,
            options.secret_store,
        )
        .map_err(|e| e.to_string())?;
        let persisted = options.settings.clone();
        let server_url_override = options.server_url.clone();
        let mut settings = options.settings;
        if let Some(url) = options.server_url {
            settings.server_url = url;
        }
        let mut state = AppState::new(settings, options.settings_path);
        state.can_browse = can_browse;
        let mut worker = worker;
        if let Some(path) = options.history_path {
            worker.submit(Command::LoadHistory { path });
        }
        if let Some(path) = options.answers_path {
            let limits = state.settings.answer_limits();
            worker.submit(Command::Answers(AnswerCommand::Open { path, limits }));
        }
        let mut save_settings_now = false;
        if let Some(dir) = options.getting_started_dir
            && !state.settings.getting_started_offered
            && state.settings.open_collection.is_none()
        {
            state.settings.getting_started_offered = true;
            save_settings_now = true;
            state.collection.busy = true;
            worker.submit(Command::OpenGettingStarted { dir });
        } else if let Some(root) = state.settings.open_collection.clone() {
            state.collection.path_input = root.clone();
            state.collection.busy = true;
            worker.submit(Command::LoadCollection {
                root: PathBuf::from(root),
                create: None,
            });
        }
        state
            .notices
            .extend(options.settings_warning.map(Notice::warning));
        let catalog_cache = options.catalog_cache_dir.map(CatalogCache::new);
        if let Some(cache) = &catalog_cache
            && !state.settings.server_url.trim().is_empty()
        {
            worker.submit(Command::LoadCachedCatalog {
                cache: cache.clone(),
                server_url: state.settings.server_url.trim().to_string(),
            });
        }
        if let Some(sandbox) = options.sandbox {
            // Practice credentials, shown on screen anyway: one click logs in.
            state.settings.login_name = sandbox.admin_name.clone();
            state.login_password = sandbox.admin_password.clone();
            state.sandbox = Some(sandbox);
        }
        // Load syntax definitions off the UI thread so the first response never waits.
        std::thread::spawn(ui::warm_up_highlighter);
        state.environment_proxies =
            crate::http::environment_proxies(|name| std::env::var(name).ok());
        // The proxy's password is in the secret store; requests before it is read go
        // without it (the proxy then answers 407).
        if let Some(origin) = state.proxy_origin() {
            worker.submit(Command::Vault(VaultCommand::LoadProxyPassword { origin }));
        }
        let applied_client = state.settings.client_options(env_var);
        if applied_client != crate::http::ClientOptions::default() {
            worker.submit(Command::SetClientOptions {
                options: applied_client.clone(),
            });
        }
        let mut app = ExplorerApp {
            state,
            worker,
            views: Views::default(),
            applied_theme: None,
            reset_layout: false,
            frames_until_report: options.report_first_frame.then_some(1),
            persisted,
            server_url_override,
            catalog_cache,
            graphql_cache: options
                .graphql_cache_dir
                .map(crate::graphql_schema::SchemaCache::new),
            applied_client,
            clipboard: None,
            ignore_paths_changed: false,
            protected_folders: options.protected_folders,
        };
        if save_settings_now {
            app.perform(Effect::SaveSettings);
        }
        Ok(app)
    }

    /// The state, for tests and the runner.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The state, mutably (tests).
    pub fn state_mut(&mut self) -> &mut AppState {
        &mut self.state
    }

    fn drain_events(&mut self) {
        for event in self.worker.drain() {
            for effect in self.state.apply(event) {
                self.perform(effect);
            }
        }
        self.sync_secrets();
    }

    /// Does what applying an event asked for.
    fn perform(&mut self, effect: Effect) {
        match effect {
            Effect::SaveSettings => self.dispatch(Action::SaveSettings),
            Effect::AppendHistory(entry) => self.worker.submit(Command::AppendHistory { entry }),
            Effect::RecordAnswer(answer) => {
                self.worker
                    .submit(Command::Answers(AnswerCommand::Record(answer)));
            }
            Effect::Compare(job) => self.worker.submit(Command::Compare(job)),
            Effect::ListAnswers(key) => {
                self.worker
                    .submit(Command::Answers(AnswerCommand::List { key }));
            }
            Effect::RememberToken(token) => self.remember_token(token),
            Effect::LoadCatalog(wanted) => self.load_catalog(wanted),
            Effect::OpenCollection(path) => {
                self.state.collection.path_input = path.to_string_lossy().into_owned();
                self.dispatch(Action::OpenCollection);
            }
            Effect::ReloadCollection => self.dispatch(Action::ReloadCollection),
            Effect::ApplyClientOptions => self.apply_client_options(),
            Effect::FetchEventRecord(id) => self.fetch_event_record(id),
            Effect::StartEvents => self.start_events(),
            Effect::LoadGraphQlSchema => self.load_graphql_schema(false),
            Effect::LoadGraphQlSchemaFile => self.load_graphql_schema_file(),
            Effect::StoreProxyPassword { password, origin } => {
                self.worker
                    .submit(Command::Vault(VaultCommand::StoreProxyPassword {
                        password,
                        origin,
                    }))
            }
        }
    }

    /// Starts a catalog load from the server or from the typed spec file.
    fn load_catalog(&mut self, wanted: CatalogWanted) {
        let id = self.state.next_id();
        let command = match wanted {
            CatalogWanted::SpecFile => {
                let path = self.state.catalog.spec_path.trim();
                if path.is_empty() {
                    self.state.catalog.problem = Some(CatalogFailure {
                        message: "Type the path of an OpenAPI spec file (JSON or YAML), or \
                                  pick one with Browse…"
                            .into(),
                        refused: false,
                    });
                    return;
                }
                Command::LoadSpecFile {
                    id,
                    path: PathBuf::from(path),
                }
            }
            CatalogWanted::AfterLogin | CatalogWanted::Refresh => {
                let SessionState::LoggedIn {
                    token, server_url, ..
                } = &self.state.session
                else {
                    self.state.catalog.problem = Some(CatalogFailure {
                        message: "Log in first: AYON serves its endpoint catalog to logged-in \
                                  managers and admins."
                            .into(),
                        refused: false,
                    });
                    return;
                };
                Command::LoadCatalog {
                    id,
                    load: ServerLoad {
                        server_url: server_url.clone(),
                        token: Some(token.clone()),
                        timeout: self.state.settings.timeout(),
                        cache: self.catalog_cache.clone(),
                        refresh: wanted == CatalogWanted::Refresh,
                    },
                }
            }
        };
        self.state.catalog.loading = Some(id);
        self.worker.submit(command);
    }

    /// Puts the tab's request on the clipboard as a snippet.
    fn copy_as(&mut self, tab_id: TabId, kind: SnippetKind, include_secrets: bool) {
        use crate::interchange::codegen::{SecretPolicy, SnippetLanguage, snippet_for};
        let Some(tab) = self.state.tab(tab_id) else {
            return;
        };
        let secrets = if include_secrets {
            SecretPolicy::Include {
                token: self.state.session.token().map(str::to_string),
            }
        } else {
            SecretPolicy::Reference
        };
        let language = match kind {
            SnippetKind::Curl => SnippetLanguage::Curl,
            SnippetKind::PythonRequests => SnippetLanguage::PythonRequests,
            SnippetKind::AyonApi => SnippetLanguage::AyonApi,
            SnippetKind::Httpie => SnippetLanguage::Httpie,
        };
        let text = snippet_for(
            language,
            &tab.draft,
            &self.state.collection.variables(),
            self.state.settings.server_url.trim(),
            secrets,
        );
        self.clipboard = Some(text);
        self.state.notices.push(Notice::info(format!(
            "Copied as {}{}",
            kind.label(),
            if include_secrets {
                " (with secrets: handle it with care)"
            } else {
                " (secrets left out)"
            }
        )));
    }

    /// Previews or writes an import.
    fn import(&mut self, action: ImportAction) {
        let dialog = &mut self.state.import;
        match action {
            ImportAction::Preview => {
                let path = dialog.path.trim();
                let path = (!path.is_empty()).then(|| PathBuf::from(path));
                if path.is_none() && dialog.text.trim().is_empty() {
                    dialog.preview = Some(Err(
                        "Type or pick a file or folder, drop one on the window, or paste text \
                         (a curl command, a Postman collection...)"
                            .into(),
                    ));
                    return;
                }
                let id = self.state.next_id();
                let dialog = &mut self.state.import;
                dialog.previewing = Some(id);
                dialog.outcome = None;
                let text = dialog.text.clone();
                self.worker
                    .submit(Command::PreviewImport { id, path, text });
            }
            ImportAction::Write => {
                let Some(Ok(imported)) = dialog.preview.clone() else {
                    return;
                };
                let target = match dialog.target {
                    ImportTarget::NewCollection => {
                        let folder = dialog.new_folder.trim();
                        if folder.is_empty() {
                            dialog.outcome =
                                Some(Err("Type the folder for the new collection".into()));
                            return;
                        }
                        WriteTarget::NewCollection(PathBuf::from(folder))
                    }
                    ImportTarget::OpenCollection => match self.state.collection.root() {
                        Some(root) => WriteTarget::IntoCollection(root),
                        None => {
                            self.state.import.outcome =
                                Some(Err("No collection is open: import into a new one".into()));
                            return;
                        }
                    },
                };
                self.state.import.writing = true;
                self.worker
                    .submit(Command::WriteImport { imported, target });
            }
        }
    }

    /// Opens a tab for operation `index` of the shown catalog.
    fn open_operation(&mut self, index: usize) {
        let Some(catalog) = self.state.catalog.catalog.clone() else {
            return;
        };
        let Some(operation) = catalog.operations.get(index) else {
            return;
        };
        let skeleton = catalog.skeleton(index).map(|s| {
            serde_json::to_string_pretty(&s.value).unwrap_or_else(|_| s.value.to_string())
        });
        self.state
            .open_tab(crate::state::draft_for_operation(operation, skeleton));
    }

    /// Asks the vault for the active environment's secret values when it changed.
    fn sync_secrets(&mut self) {
        let collection = &mut self.state.collection;
        let key = collection.secrets_key();
        if key == collection.secrets_for {
            return;
        }
        if key.is_none() || key != collection.values_for {
            collection.secret_values.clear();
            collection.secret_bindings.clear();
            // Captured values belong to the collection and environment they came from.
            collection.captured.clear();
            collection.captured_from.clear();
        }
        collection.secrets_for = key.clone();
        collection.values_for = key.clone();
        let names = collection
            .environment()
            .map(|e| e.secret_names())
            .unwrap_or_default();
        if let Some((collection_id, environment)) = key
            && !names.is_empty()
        {
            self.worker.submit(Command::Vault(VaultCommand::Load {
                collection_id,
                environment,
                names,
            }));
        }
    }

    /// Keeps a fresh session token as the secret `{{token}}` of the active environment.
    fn remember_token(&mut self, token: crate::secret::Secret) {
        let collection = &self.state.collection;
        let (Some(loaded), Some(env)) = (&collection.loaded, &collection.active_environment) else {
            self.state.notices.push(Notice::warning(
                "The session token was not remembered: open a collection and pick an \
                 environment to keep it in."
                    .into(),
            ));
            return;
        };
        self.worker
            .submit(Command::Vault(VaultCommand::RememberToken {
                root: loaded.collection.root.clone(),
                collection_id: loaded.collection_id.clone(),
                environment: env.clone(),
                variable: "token".into(),
                token,
                bound_to: self.state.binding_for_new_values(),
            }));
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        if self.applied_theme == Some(self.state.settings.theme) {
            return;
        }
        let preference = match self.state.settings.theme {
            Theme::System => egui::ThemePreference::System,
            Theme::Dark => egui::ThemePreference::Dark,
            Theme::Light => egui::ThemePreference::Light,
        };
        ctx.set_visuals_of(egui::Theme::Dark, crate::ui::theme::visuals(true));
        ctx.set_visuals_of(egui::Theme::Light, crate::ui::theme::visuals(false));
        ctx.set_theme(preference);
        self.applied_theme = Some(self.state.settings.theme);
    }

    /// The second `ui` call starts after the first frame was painted: report that moment.
    fn report_first_frame(&mut self, ctx: &egui::Context) {
        match self.frames_until_report {
            Some(0) => {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_millis())
                    .unwrap_or(0);
                eprintln!("first-frame-painted-at-ms {now}");
                self.frames_until_report = None;
            }
            Some(n) => {
                self.frames_until_report = Some(n - 1);
                // Make sure a next frame comes, so the moment gets reported.
                ctx.request_repaint();
            }
            None => {}
        }
    }

    /// Acts on one user request. Never blocks: work goes to the worker.
    pub fn dispatch(&mut self, action: Action) {
        match action {
            action @ (Action::EventsPause
            | Action::EventsResubscribe
            | Action::EventsReconnect
            | Action::FollowEvent(_)
            | Action::ShowEvent(_)
            | Action::OpenEventRecord(_)
            | Action::SendEventForm) => self.events_action(action),
            Action::Login => self.login(),
            Action::Logout => {
                self.stop_events();
                if let Some((server_url, token)) = self.state.forget_session() {
                    self.state.logged_out_of(&server_url);
                    self.worker.submit(Command::Logout {
                        server_url,
                        token,
                        timeout: self.state.settings.timeout(),
                    });
                }
            }
            Action::Send {
                tab,
                confirmed,
                download,
            } => self.send(tab, confirmed, download),
            Action::FetchAllPages { tab } => {
                self.send_as(tab, false, graphql_pages::SendAs::AllPages);
            }
            Action::AllowSecretOrigin {
                tab,
                download,
                variables,
                origin,
            } => {
                self.state.allow_secret_origin(&variables, &origin);
                self.dispatch(Action::SaveSettings);
                self.send(tab, true, download);
            }
            Action::AllowFile {
                tab,
                download,
                path,
            } => {
                if self.state.settings.allow_file(&path) {
                    self.dispatch(Action::SaveSettings);
                }
                // The send had passed its other questions (or they were answered) before
                // it asked this one.
                self.send(tab, true, download);
            }
            Action::Cancel { tab } => {
                if let Some(t) = self.state.tab_mut(tab)
                    && !graphql_pages::cancel_pages(t)
                    && let Some(id) = t.state.pending_id()
                {
                    self.worker.submit(Command::Cancel { id });
                    t.state.cancel();
                }
            }
            Action::KeepPastedSecrets { values, origin } => {
                let collection = &mut self.state.collection;
                for (name, value) in values {
                    if let Some(origin) = &origin {
                        collection.pasted_for.insert(name.clone(), origin.clone());
                    }
                    collection.pasted.insert(name, value);
                }
            }
            Action::NewTab => self.state.open_tab(Default::default()),
            Action::OpenDraft(draft) => self.state.open_tab(*draft),
            Action::OpenSendTwo { tab } => self.open_send_two(tab),
            Action::SendToTwo(form) => self.send_to_two(form),
            Action::OpenBundleWindow => self.open_bundle_window(),
            Action::LoadBundles => self.load_bundles(),
            Action::CompareBundles => self.compare_bundles(),
            Action::CompareBundleSettings => self.compare_bundle_settings(),
            Action::CloseCompare => self.close_compare(),
            Action::Compare(request) => self.compare_requested(request),
            Action::ListAnswers { tab } => self.list_answers(tab),
            Action::ShowPastAnswer { tab, summary } => self.show_past_answer(tab, *summary),
            Action::ShowLatestAnswer { tab } => self.state.show_latest_answer(tab),
            Action::ComparePickedAnswers { tab } => self.compare_picked_answers(tab),
            Action::CloseTab(tab_id) => match self.state.tab_index(tab_id) {
                Some(index) if self.state.tabs[index].is_edited() => {
                    self.state.confirm = Some(Confirm::CloseEdited { tab_id });
                }
                Some(index) => {
                    if let Some(id) = self.state.close_tab(index) {
                        self.worker.submit(Command::Cancel { id });
                    }
                }
                None => {}
            },
            Action::DiscardTab(tab_id) => {
                if let Some(index) = self.state.tab_index(tab_id)
                    && let Some(id) = self.state.close_tab(index)
                {
                    self.worker.submit(Command::Cancel { id });
                }
            }
            Action::BrowseSavePath {
                tab_id,
                suggested_name,
            } => self.worker.submit(Command::PickSavePath {
                tab_id,
                suggested_name,
            }),
            Action::ResetLayout => self.reset_layout = true,
            Action::DecodePicture(answer) => {
                self.worker
                    .submit(Command::DecodePicture { response: answer.0 });
            }
            Action::SaveBody { tab_id, path } => {
                let response = self
                    .state
                    .tabs
                    .iter()
                    .find(|t| t.id == tab_id)
                    .and_then(|t| t.state.response().cloned());
                match response {
                    Some(response) => self.worker.submit(Command::SaveBody { path, response }),
                    None => self.state.notices.push(Notice::error(
                        "That response is gone: nothing was saved.".into(),
                    )),
                }
            }
            Action::OpenCollection | Action::CreateCollection => {
                let typed = self.state.collection.path_input.trim().to_string();
                if typed.is_empty() {
                    self.state.notices.push(Notice::warning(
                        "Type the collection's folder path first.".into(),
                    ));
                    return;
                }
                let create = (action == Action::CreateCollection).then(|| {
                    let name = self.state.collection.new_name.trim();
                    if name.is_empty() {
                        "My AYON requests".to_string()
                    } else {
                        name.to_string()
                    }
                });
                self.state.collection.busy = true;
                self.worker.submit(Command::LoadCollection {
                    root: PathBuf::from(typed),
                    create,
                });
            }
            Action::CloseCollection => {
                self.state.collection.loaded = None;
                self.state.collection.env_editor = None;
                self.state.disk_conflicts.clear();
                self.state.settings.open_collection = None;
                self.dispatch(Action::SaveSettings);
                self.state.collection.active_environment = None;
                for tab in &mut self.state.tabs {
                    tab.source = None;
                    tab.saved_as = None;
                    tab.disk = None;
                }
            }
            Action::OpenSaved(rel) => {
                let Some(loaded) = &self.state.collection.loaded else {
                    return;
                };
                if let Some(index) = self
                    .state
                    .tabs
                    .iter()
                    .position(|t| t.source.as_deref() == Some(rel.as_path()))
                {
                    self.state.active_tab = index;
                    return;
                }
                if let Some(entry) = loaded.collection.request(&rel) {
                    let default_mode = loaded.collection.file.defaults.auth_mode;
                    let file = entry.file.clone();
                    self.state.open_tab(Default::default());
                    if let Some(tab) = self.state.active_mut() {
                        tab.adopt_file(file, default_mode, false);
                        tab.source = Some(rel);
                    }
                }
            }
            Action::SaveTab { tab } => self.save_tab(tab),
            Action::SaveTabAs => {
                let Some(dialog) = self.state.collection.save_dialog.take() else {
                    return;
                };
                let Some(root) = self.state.collection.root() else {
                    return;
                };
                let Some(tab) = self.state.tabs.iter_mut().find(|t| t.id == dialog.tab_id) else {
                    return;
                };
                let name = dialog.name.trim().to_string();
                let file = RequestFile::from_draft(&name, &tab.draft);
                // The tab takes the name once the file is written (a failed save leaves
                // it unsaved and unnamed).
                tab.saving = Some(tab.draft.clone());
                let tab_id = tab.id;
                self.state.collection.busy = true;
                self.worker.submit(Command::SaveRequest {
                    tab_id,
                    root,
                    folder: PathBuf::from(dialog.folder.trim().trim_matches('/')),
                    existing: None,
                    expected: None,
                    file: Box::new(file),
                });
            }
            Action::ReloadCollection => {
                if let Some(root) = self.state.collection.root()
                    && !self.state.collection.busy
                {
                    self.state.collection.busy = true;
                    self.worker
                        .submit(Command::LoadCollection { root, create: None });
                }
            }
            Action::ResolveConflict(choice) => self.state.resolve_conflict(choice),
            Action::EditEnvironment => {
                let collection = &mut self.state.collection;
                let env = collection.environment().cloned().unwrap_or_default();
                collection.env_editor = Some(EnvEditor::open(&env, &collection.secret_values));
            }
            Action::SaveEnvironment => self.save_environment(),
            Action::CreateEnvironment => self.create_environment(),
            Action::DeleteEnvironment => {
                let collection = &mut self.state.collection;
                let (Some(loaded), Some(editor)) = (&collection.loaded, &collection.env_editor)
                else {
                    return;
                };
                let env = &editor.original;
                if env.name.is_empty() {
                    return;
                }
                let command = VaultCommand::DeleteEnvironment {
                    root: loaded.collection.root.clone(),
                    collection_id: loaded.collection_id.clone(),
                    environment: env.name.clone(),
                    secret_names: env.secret_names(),
                };
                collection.env_editor = None;
                self.worker.submit(Command::Vault(command));
            }
            Action::EditCollection(op) => {
                if let Some(root) = self.state.collection.root() {
                    self.state.collection.busy = true;
                    self.worker.submit(Command::EditCollection { root, op });
                }
            }
            Action::BrowseCollectionFolder => self.worker.submit(Command::PickCollectionFolder),
            Action::BrowseFile { slot } => self.worker.submit(Command::PickOpenFile { slot }),
            Action::Dropped(paths) => self.worker.submit(Command::SortDropped { paths }),
            Action::Upload(action) => self.upload(action),
            Action::RefreshCatalog => self.load_catalog(CatalogWanted::Refresh),
            Action::LoadSpecFile => self.load_catalog(CatalogWanted::SpecFile),
            Action::OpenOperation(index) => self.open_operation(index),
            Action::Import(action) => self.import(action),
            Action::OpenExport(scope) => {
                let dialog = &mut self.state.export;
                dialog.open = true;
                dialog.scope = scope;
                dialog.outcome = None;
            }
            Action::ExportCollection => {
                let dialog = &mut self.state.export;
                let path = dialog.path.trim();
                match (self.state.collection.root(), path.is_empty()) {
                    (None, _) => {
                        dialog.outcome = Some(Err("Open a collection to export it".into()));
                    }
                    (_, true) => {
                        dialog.outcome = Some(Err("Type where the export goes".into()));
                    }
                    (Some(root), false) => {
                        dialog.writing = true;
                        dialog.outcome = None;
                        let command = Command::ExportCollection {
                            root,
                            scope: dialog.scope.clone(),
                            format: dialog.format,
                            path: PathBuf::from(path),
                            server_url: self.state.settings.server_url.trim().to_string(),
                        };
                        self.worker.submit(command);
                    }
                }
            }
            Action::CopyAs {
                tab,
                kind,
                include_secrets,
            } => self.copy_as(tab, kind, include_secrets),
            Action::TrustCertificate(pin) => {
                let pins = &mut self.state.settings.pins;
                pins.retain(|p| !p.host.eq_ignore_ascii_case(&pin.host));
                self.state.notices.push(Notice::info(format!(
                    "The certificate {} is now trusted for {} (and only there). Send again.",
                    pin.sha256, pin.host
                )));
                pins.push(pin);
                self.dispatch(Action::SaveSettings);
            }
            Action::ProxyUrlEdited => {
                for effect in self.state.proxy_url_edited() {
                    self.perform(effect);
                }
            }
            Action::ProxyPasswordEntered => {
                for effect in self.state.proxy_password_entered() {
                    self.perform(effect);
                }
            }
            Action::LoadGraphQlSchema => self.load_graphql_schema(true),
            Action::LoadGraphQlSchemaFile { path } => {
                self.state.graphql_schema.file_path = path;
                self.load_graphql_schema_file();
            }
            Action::SaveSettings => {
                self.apply_client_options();
                let limits = self.state.settings.answer_limits();
                self.worker
                    .submit(Command::Answers(AnswerCommand::SetLimits(limits)));
                if let Some(path) = self.state.settings_path.clone() {
                    let settings = self.settings_to_persist();
                    self.worker.submit(Command::SaveSettings { path, settings });
                }
            }
        }
    }

    /// Rebuilds the clients when the connection settings changed and can be used.
    fn apply_client_options(&mut self) {
        let options = self.state.settings.client_options(env_var);
        if options != self.applied_client && options.proxy.to_proxy().is_ok() {
            self.applied_client = options.clone();
            self.worker.submit(Command::SetClientOptions { options });
        }
    }

    /// The settings as they should be saved: values that still equal a start-up override
    /// keep what the file had.
    fn settings_to_persist(&mut self) -> Settings {
        let mut settings = self.state.settings.clone();
        if self.server_url_override.as_deref() == Some(settings.server_url.as_str()) {
            settings.server_url = self.persisted.server_url.clone();
        }
        if let Some(sandbox) = &self.state.sandbox
            && settings.login_name == sandbox.admin_name
        {
            settings.login_name = self.persisted.login_name.clone();
        }
        self.persisted = settings.clone();
        settings
    }

    /// Saves the environment editor's form through the vault.
    fn save_environment(&mut self) {
        let bound_to = self.state.binding_for_new_values();
        let collection = &mut self.state.collection;
        let (Some(loaded), Some(editor)) = (&collection.loaded, &mut collection.env_editor) else {
            return;
        };
        if editor.original.name.is_empty() {
            self.state.notices.push(Notice::warning(
                "Create an environment first: type its name, then Create.".into(),
            ));
            return;
        }
        editor.saving = true;
        let command = editor.save_command(
            loaded.collection.root.clone(),
            loaded.collection_id.clone(),
            bound_to,
        );
        self.worker.submit(Command::Vault(command));
    }

    /// Creates the environment named in the editor and makes it the active one.
    fn create_environment(&mut self) {
        let collection = &mut self.state.collection;
        let (Some(loaded), Some(editor)) = (&collection.loaded, &mut collection.env_editor) else {
            return;
        };
        let name = editor.new_name.trim().to_string();
        if !crate::collection::environment::is_valid_env_name(&name) {
            self.state.notices.push(Notice::error(format!(
                "\"{name}\" cannot name an environment: use letters, digits, spaces, '-' or '_'."
            )));
            return;
        }
        if loaded.environments.iter().any(|e| e.name == name) {
            self.state.notices.push(Notice::warning(format!(
                "The environment \"{name}\" exists already."
            )));
            return;
        }
        let env = crate::collection::environment::Environment::new(name.clone());
        let command = VaultCommand::SaveEnvironment {
            root: loaded.collection.root.clone(),
            collection_id: loaded.collection_id.clone(),
            environment: env.clone(),
            values: Vec::new(),
            removed: Vec::new(),
            bound_to: Vec::new(),
        };
        *editor = EnvEditor::open(&env, &Default::default());
        editor.saving = true;
        collection.active_environment = Some(name);
        self.worker.submit(Command::Vault(command));
    }

    /// Ctrl+S: overwrite the tab's saved request, or ask for a name and folder.
    fn save_tab(&mut self, tab_id: TabId) {
        let Some(index) = self.state.tab_index(tab_id) else {
            return;
        };
        let Some(root) = self.state.collection.root() else {
            self.state.notices.push(Notice::warning(
                "Open or create a collection in the sidebar first; requests are saved there."
                    .into(),
            ));
            return;
        };
        let Some(tab) = self.state.tabs.get(index) else {
            return;
        };
        match (&tab.source, &tab.saved_as) {
            (Some(rel), Some((name, description))) => {
                let mut file = RequestFile::from_draft(name, &tab.draft);
                file.description = description.clone();
                let saving = tab.draft.clone();
                self.state.collection.busy = true;
                self.worker.submit(Command::SaveRequest {
                    tab_id: tab.id,
                    root,
                    folder: PathBuf::new(),
                    existing: Some(rel.clone()),
                    expected: tab.disk.clone().map(Box::new),
                    file: Box::new(file),
                });
                if let Some(tab) = self.state.tabs.get_mut(index) {
                    tab.saving = Some(saving);
                }
            }
            _ => {
                // The catalog's summary ("Get Project") when the server documents the
                // path, else the method and path in words.
                let summary = tab.catalog_summary(self.state.catalog.catalog.as_deref());
                let path = tab.draft.url.split('?').next().unwrap_or("");
                let words = path.trim_matches('/').replace('/', " ");
                let name = summary.unwrap_or_else(|| {
                    format!("{} {}", tab.draft.method, words).trim().to_string()
                });
                self.state.collection.save_dialog = Some(SaveRequestDialog {
                    tab_id: tab.id,
                    name,
                    folder: String::new(),
                    focus_name: true,
                });
            }
        }
    }

    fn login(&mut self) {
        let server_url = self.state.settings.server_url.trim().to_string();
        let name = self.state.settings.login_name.trim().to_string();
        if name.is_empty() {
            self.state.login_error = Some("Type a user name to log in.".into());
            return;
        }
        if let Some((server_url, token)) = self.state.forget_session() {
            // Logging in again: end the old session first.
            self.worker.submit(Command::Logout {
                server_url,
                token,
                timeout: self.state.settings.timeout(),
            });
        }
        let Some((id, password)) = self.state.begin_login() else {
            return;
        };
        self.ask_server_version(&server_url);
        self.worker.submit(Command::Login {
            id,
            server_url,
            name,
            password,
            timeout: self.state.settings.timeout(),
        });
        self.dispatch(Action::SaveSettings);
    }

    /// Asks `server_url` which AYON release it runs (answered in the background).
    fn ask_server_version(&mut self, server_url: &str) {
        let id = self.state.next_id();
        self.state.server.begin(server_url, id);
        self.worker.submit(Command::FetchServerInfo {
            id,
            server_url: server_url.to_string(),
            timeout: self.state.settings.timeout(),
        });
    }

    /// Keeps what is known of the server about the typed URL: forgotten when another
    /// server is typed, asked again when the logged-in server's URL is typed back.
    fn follow_server_url(&mut self) {
        let typed = self.state.settings.server_url.trim().to_string();
        self.state.server.follow_url(&typed);
        let info = &self.state.server;
        if info.url.is_empty()
            && let SessionState::LoggedIn { server_url, .. } = &self.state.session
            && crate::state::same_server(server_url, &typed)
        {
            self.ask_server_version(&typed);
        }
    }

    fn upload(&mut self, action: UploadAction) {
        match action {
            UploadAction::InspectZip(path) => {
                self.state.upload.zip = Some(ZipCheck {
                    path: path.to_string_lossy().into_owned(),
                    result: None,
                });
                self.worker.submit(Command::InspectAddonZip { path });
            }
            UploadAction::Start { force } => {
                let job = match self.state.upload.kind {
                    UploadKind::Addon => {
                        RecipeJob::Addon(PathBuf::from(self.state.upload.file.trim()))
                    }
                    _ => match self.state.upload.package_form(force) {
                        Ok(form) => RecipeJob::Package(form),
                        Err(missing) => {
                            self.state.notices.push(Notice::warning(missing));
                            return;
                        }
                    },
                };
                self.start_recipe(job);
            }
            UploadAction::Cancel => {
                if let Some(running) = self.state.upload.running.take() {
                    self.worker.submit(Command::Cancel { id: running.id });
                    running
                        .run
                        .interrupt("cancelled: the connection was closed");
                    self.state.upload.last_run = Some(running.run);
                    self.state.notices.push(Notice::info(
                        "Upload cancelled: the connection was closed.".into(),
                    ));
                }
            }
            UploadAction::AskRestart => self.state.upload.confirm_restart = true,
            UploadAction::Restart => {
                if let Some(addon) = self.state.upload.installed_addon().cloned() {
                    self.start_recipe(RecipeJob::RestartAndCheck(addon));
                }
            }
        }
    }

    /// Runs a recipe as the logged-in user, on the server the session belongs to.
    fn start_recipe(&mut self, job: RecipeJob) {
        let SessionState::LoggedIn {
            token, server_url, ..
        } = &self.state.session
        else {
            self.state.notices.push(Notice::warning(
                "Log in first: AYON's uploads need an admin session.".into(),
            ));
            return;
        };
        let target = RecipeTarget {
            server_url: server_url.clone(),
            headers: vec![("Authorization".into(), format!("Bearer {}", token.expose()))],
            secrets: vec![token.expose().to_string()],
            timeout: self.state.settings.timeout(),
        };
        let id = self.state.next_id();
        let run = RecipeRun::new();
        let upload = &mut self.state.upload;
        upload.outcome = None;
        upload.last_run = None;
        upload.running = Some(UploadRunning {
            id,
            run: run.clone(),
        });
        self.worker.submit(Command::Recipe {
            id,
            target,
            job,
            run,
        });
    }

    fn send(&mut self, tab_id: TabId, confirmed: bool, download: bool) {
        let how = if download {
            graphql_pages::SendAs::Download
        } else {
            graphql_pages::SendAs::View
        };
        self.send_as(tab_id, confirmed, how);
    }

    /// Prepares the tab's request (asking first where a send would) and sends it `how`.
    /// A question asked on the way sends it once when answered.
    fn send_as(&mut self, tab_id: TabId, confirmed: bool, how: graphql_pages::SendAs) {
        let download = how == graphql_pages::SendAs::Download;
        let timeout = self.state.settings.timeout();
        let server_url = self.state.settings.server_url.clone();
        let token = self.state.session.token().map(str::to_string);
        let session_server = match &self.state.session {
            SessionState::LoggedIn { server_url, .. } => Some(server_url.clone()),
            _ => None,
        };
        let id = self.state.next_id();
        let variables = self.state.collection.variables();
        let secret_bindings = self.state.secret_bindings();
        let collection_root = self.state.collection.root();
        let allowed_files = self.state.settings.allowed_file_paths();
        let mark_sender = self.state.settings.mark_sender;
        let environment = self.state.collection.active_environment.clone();
        let sender = self.state.events.sender_for(id);
        let user = self.state.session.identity().map(|i| i.name.clone());
        let mut sent_for_events = None;
        let delivery = if download {
            Delivery::Download {
                folder: self.state.settings.download_folder(),
            }
        } else {
            Delivery::View {
                spill_threshold: self.state.settings.spill_threshold(),
            }
        };
        let Some(tab) = self.state.tab_mut(tab_id) else {
            return;
        };
        if !confirmed && let Some(error) = tab.json_error() {
            self.state.confirm = Some(Confirm::SendAnyway {
                tab: tab_id,
                download,
                heading: "Send invalid JSON?".into(),
                problem: error.to_string(),
                consequence: "The server will most likely answer 400.".into(),
            });
            return;
        }
        if !confirmed
            && tab.draft.body_mode == BodyMode::Multipart
            && let Some(endpoint) = crate::ayon::raw_upload_endpoint(&tab.draft.url)
        {
            self.state.confirm = Some(Confirm::SendAnyway {
                tab: tab_id,
                download,
                heading: "Send a multipart form to a raw-upload endpoint?".into(),
                problem: format!("AYON takes {endpoint} as the raw file bytes, not as a form."),
                consequence: "It would store the whole multipart envelope (boundaries and part \
                              headers included) as the file, i.e. a corrupt file. Use the body \
                              type File (raw) instead."
                    .into(),
            });
            return;
        }
        if let Some(old) = tab.state.pending_id() {
            self.worker.submit(Command::Cancel { id: old });
        }
        // `{{variables}}` resolve against the active environment; an unknown one blocks
        // the send, named. The session token goes only to the server it came from; a key
        // or bearer token the user typed goes where the user sends it. A secret variable
        // goes where it is bound; elsewhere the user is asked once.
        let context = SendContext {
            server_url: Some(&server_url),
            session_token: token.as_deref(),
            credentials: CredentialScope::SessionHome(session_server.as_deref()),
            api_key_fallback: None,
            timeout,
            file_root: collection_root.as_deref(),
            secret_bindings: &secret_bindings,
            allowed_origins: &[],
            // A request of the collection may come from someone else: its files stay in
            // the collection unless allowed here. A request the user made is not held.
            confine_files: tab.source.is_some(),
            allowed_files: &allowed_files,
            protected_folders: &self.protected_folders,
        };
        let prepared = prepare(&tab.draft, &variables, &context);
        match prepared {
            Ok(mut prepared) => {
                let pages = match how {
                    graphql_pages::SendAs::AllPages => {
                        match graphql_pages::plan_prepared(&prepared) {
                            Ok(plan) => Some(plan),
                            Err(error) => {
                                tab.state.fail(error.to_string());
                                return;
                            }
                        }
                    }
                    _ => None,
                };
                // The server names this send in the events it causes (x-sender), when it
                // goes to the server logged in to and does not set its own.
                let home = session_server.as_deref().unwrap_or(&server_url);
                tab.sender = None;
                if mark_sender
                    && tab.draft.mark_sender
                    && crate::events::same_origin(&prepared.spec.url, home)
                    && !prepared
                        .spec
                        .headers
                        .iter()
                        .any(|(name, _)| name.eq_ignore_ascii_case("x-sender"))
                {
                    prepared
                        .spec
                        .headers
                        .push(("x-sender".to_owned(), sender.clone()));
                    tab.sender = Some(sender.clone());
                    sent_for_events = Some((
                        prepared.spec.method.as_str().to_owned(),
                        prepared.spec.url.path().to_owned(),
                    ));
                }
                let spec = &prepared.spec;
                // Query values that carry credentials (AYON accepts `?token=`) are redacted
                // from history too, even when typed by hand.
                let mut secrets = spec.secrets.clone();
                secrets.extend(spec.url.query_pairs().filter_map(|(k, v)| {
                    let key = k.to_ascii_lowercase();
                    let credential = matches!(
                        key.as_str(),
                        "token" | "access_token" | "api_key" | "apikey" | "key" | "password"
                    );
                    (credential && !v.is_empty()).then(|| v.into_owned())
                }));
                let request = crate::collection::history::request_snapshot(
                    &tab.draft,
                    Some(&server_url),
                    &secrets,
                );
                tab.sent = Some(SentForHistory {
                    method: spec.method.as_str().to_string(),
                    url: spec.url.to_string(),
                    secrets,
                    started: std::time::Instant::now(),
                    request: Some(request),
                    name: tab.saved_as.as_ref().map(|(name, _)| name.clone()),
                    environment: environment.clone(),
                });
                let progress = tab.state.start(id);
                let command = match pages {
                    Some(plan) => graphql_pages::fetch_all_pages(tab, id, prepared, plan),
                    None => {
                        tab.pages = None;
                        Command::Execute {
                            id,
                            prepared: Box::new(prepared),
                            draft: Box::new(tab.draft.clone()),
                            variables: Box::new(variables),
                            progress,
                            delivery,
                        }
                    }
                };
                self.worker.submit(command);
            }
            Err(PrepareError::SecretElsewhere { secrets, target }) => {
                self.state
                    .ask_send_secret(tab_id, download, secrets, target);
            }
            Err(PrepareError::FileOutsideCollection { real, .. }) => {
                self.state.confirm = Some(Confirm::AllowFile {
                    tab: tab_id,
                    download,
                    path: real,
                });
            }
            Err(error) => tab
                .state
                .fail(crate::state::prepare_words::describe(&error)),
        }
        if let Some((method, path)) = sent_for_events {
            self.state.events.next_sender(
                id,
                tab_id,
                &method,
                &path,
                user,
                std::time::Instant::now(),
            );
        }
    }
}

impl eframe::App for ExplorerApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.drain_events();
        self.apply_theme(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.report_first_frame(ui.ctx());
        if std::mem::take(&mut self.reset_layout) {
            // Panel sizes live in egui's memory (kept between starts): forgetting them
            // brings back the defaults; the theme and the app's own state stay.
            ui.ctx().memory_mut(|m| {
                m.data = Default::default();
                m.reset_areas();
            });
            ui.ctx().request_repaint();
        }
        // Also drain here: some hosts (test harnesses) may not call `logic`.
        self.drain_events();
        let mut actions = Vec::new();
        // Back in the window: teammates may have changed the collection (git pull).
        if ui.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(true)))
        }) {
            actions.push(Action::ReloadCollection);
        }
        ui::draw(ui, &mut self.state, &mut self.views, &mut actions);
        for action in actions {
            self.dispatch(action);
        }
        self.follow_server_url();
        if let Some(text) = self.clipboard.take() {
            ui.ctx().copy_text(text);
        }
        if self.worker.in_flight() > 0 {
            // Keep the elapsed-time display moving while something is in flight.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
    }
}
