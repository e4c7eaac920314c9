//! The sandbox's in-memory database: users, sessions, projects, desktop
//! installers and dependency packages, events, addons, bundles and addon
//! settings; and the hub of the live event stream.
//!
//! Everything sits behind one mutex in [`Store`]. Handlers lock it, do their work
//! synchronously and unlock before answering, so no lock is ever held across an
//! `.await`. A later feature adds its own field to [`Store`] and its own route
//! file; nothing else has to change. Uploaded files live on disk in the state's
//! [`Storage`], which is removed when the last clone of the state is dropped.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Map, Value, json};

use super::SandboxConfig;
use super::addons::AddonLibrary;
use super::bundles::BundleLibrary;
use super::events::EventRecord;
use super::packages::{DesktopFiles, PackageKind};
use super::records::{EndedSession, ProjectRecord, SessionRecord, UserRecord};
use super::storage::{Storage, StoredFile, StoredKind};
use super::stream::{EventStream, StreamSettings};
use super::thumbnails::ThumbnailLibrary;
use super::tokens;

/// Sessions unused for this long expire (AYON's default `AYON_SESSION_TTL`, 72 h).
pub const SESSION_TTL: Duration = Duration::from_secs(72 * 3600);

/// How long the reason a session ended is reported, instead of "Invalid session"
/// (AYON looks back 5 minutes in its `auth.logout` events).
pub const ENDED_REASON_TTL: Duration = Duration::from_secs(5 * 60);

/// Name of the project seeded when [`SandboxConfig::seed_demo_project`] is set.
pub const DEMO_PROJECT_NAME: &str = "demo_Commercial";

/// Shared handle to the sandbox's data. Cheap to clone; all clones see the same data.
#[derive(Clone)]
pub struct SandboxState {
    shared: Arc<Shared>,
}

struct Shared {
    started: Instant,
    store: Mutex<Store>,
    storage: Storage,
    stream: EventStream,
}

/// Outcome of looking a session token up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionCheck {
    /// The token is live and belongs to this user.
    Valid(String),
    /// The token is not (or no longer) valid; the reason is AYON's 401 detail.
    Invalid(String),
}

/// All mutable sandbox data.
#[derive(Debug, Default)]
pub struct Store {
    /// Users keyed by their exact name.
    pub users: BTreeMap<String, UserRecord>,
    /// Live sessions keyed by token.
    pub sessions: HashMap<String, SessionRecord>,
    /// Recently ended sessions keyed by token, to report why they ended.
    pub ended_sessions: HashMap<String, EndedSession>,
    /// Service API keys that authenticated a REST request. On the real server
    /// that request creates a session whose token is the key, so `/ws`
    /// accepts such a key as its token (ws/README.md).
    pub used_api_keys: HashSet<String>,
    /// Projects keyed by lower-case name (AYON treats project names case-insensitively).
    pub projects: BTreeMap<String, ProjectRecord>,
    /// Desktop installers and dependency packages, keyed by filename.
    pub desktop: DesktopFiles,
    /// Events keyed by ID.
    pub events: BTreeMap<String, EventRecord>,
    /// Installed and loaded addons.
    pub addons: AddonLibrary,
    /// Bundles and addon settings (read-only demo data).
    pub bundles: BundleLibrary,
    /// Thumbnails by ID (the demo project's PNG).
    pub thumbnails: ThumbnailLibrary,
}

impl SandboxState {
    /// Builds the initial data: the admin user and, if asked, a demo project.
    pub fn new(config: &SandboxConfig) -> Self {
        let mut store = Store::default();

        let mut attrib = Map::new();
        attrib.insert("fullName".into(), json!("Sandbox Admin"));
        attrib.insert("email".into(), json!("admin@example.com"));
        let mut data = Map::new();
        data.insert("isAdmin".into(), json!(true));
        data.insert("accessGroups".into(), json!({}));
        data.insert("defaultAccessGroups".into(), json!([]));
        let mut admin = UserRecord::new(config.admin_name.clone(), attrib, data);
        admin.password = Some(config.admin_password.clone());
        store.users.insert(admin.name.clone(), admin);

        if config.seed_demo_project {
            let mut project = ProjectRecord::with_default_anatomy(DEMO_PROJECT_NAME, "demoCom");
            project.label = Some("Demo Commercial".into());
            store.insert_project(project);
            store.bundles = BundleLibrary::demo();
            store.thumbnails = ThumbnailLibrary::demo(DEMO_PROJECT_NAME);
        }

        SandboxState {
            shared: Arc::new(Shared {
                started: Instant::now(),
                store: Mutex::new(store),
                storage: Storage::new(),
                stream: EventStream::new(StreamSettings::default()),
            }),
        }
    }

    /// Time since the state was created.
    pub fn uptime(&self) -> Duration {
        self.shared.started.elapsed()
    }

    /// Locks the store. A poisoned lock is recovered rather than propagated: the
    /// data is plain values, and a practice server should keep answering.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.shared
            .store
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Where uploaded files are kept.
    pub fn storage(&self) -> &Storage {
        &self.shared.storage
    }

    /// What is stored for an installer or dependency package (by filename) or
    /// an installed addon (by [`super::storage::addon_key`], `name/version`):
    /// its size and SHA-256 as received. `None` when nothing is stored.
    pub fn stored_file(&self, kind: StoredKind, name: &str) -> Option<StoredFile> {
        let store = self.store();
        let blob = match kind {
            StoredKind::Installer => store
                .desktop
                .of(PackageKind::Installer)
                .get(name)?
                .file
                .as_ref(),
            StoredKind::DependencyPackage => store
                .desktop
                .of(PackageKind::DependencyPackage)
                .get(name)?
                .file
                .as_ref(),
            StoredKind::Addon => {
                let (addon, version) = name.split_once('/')?;
                Some(&store.addons.installed.get(addon)?.get(version)?.zip)
            }
        };
        blob.map(|b| b.info().clone())
    }

    /// The hub of the live event stream (`/ws`).
    pub fn stream(&self) -> &EventStream {
        &self.shared.stream
    }

    /// The stream's timings.
    pub fn stream_settings(&self) -> StreamSettings {
        self.shared.stream.settings()
    }

    /// Changes the stream's timings (tests shorten them); connections opened
    /// from now on use the new ones.
    pub fn set_stream_settings(&self, settings: StreamSettings) {
        self.shared.stream.set_settings(settings);
    }

    /// How many uploads are being received right now. When no request is
    /// running this is 0: a broken-off upload leaves no partial file.
    pub fn partial_uploads(&self) -> usize {
        self.shared.storage.partial_uploads()
    }
}

impl Store {
    /// The user with exactly this name.
    pub fn user(&self, name: &str) -> Option<&UserRecord> {
        self.users.get(name)
    }

    /// The user login would pick: name trimmed and matched case-insensitively.
    pub fn user_for_login(&self, name: &str) -> Option<&UserRecord> {
        let name = name.trim();
        self.users
            .values()
            .find(|u| u.name.eq_ignore_ascii_case(name))
    }

    /// The service user whose legacy API key is `key`.
    pub fn user_by_api_key(&self, key: &str) -> Option<&UserRecord> {
        self.users
            .values()
            .find(|u| u.is_service() && u.api_key.as_deref() == Some(key))
    }

    /// Opens a session for `user_name` and returns its new token.
    pub fn create_session(&mut self, user_name: &str) -> String {
        self.prune();
        let token = tokens::session_token();
        self.sessions.insert(
            token.clone(),
            SessionRecord {
                user_name: user_name.to_owned(),
                created: SystemTime::now(),
                last_used: Instant::now(),
            },
        );
        token
    }

    /// Looks a token up, renewing it when valid (sessions slide, as in AYON).
    pub fn check_session(&mut self, token: &str) -> SessionCheck {
        let now = Instant::now();
        let Some(session) = self.sessions.get_mut(token) else {
            return SessionCheck::Invalid(self.ended_reason(token));
        };
        if now.duration_since(session.last_used) > SESSION_TTL {
            self.end_session(token, "Session expired");
            return SessionCheck::Invalid("Session expired".into());
        }
        session.last_used = now;
        let user_name = session.user_name.clone();
        match self.users.get(&user_name) {
            Some(user) if user.active => SessionCheck::Valid(user_name),
            Some(_) => {
                self.end_session(token, "User is not active");
                SessionCheck::Invalid("User is not active".into())
            }
            None => {
                // The user was deleted; AYON just finds no session then.
                self.sessions.remove(token);
                SessionCheck::Invalid("Invalid session".into())
            }
        }
    }

    /// Ends a session, remembering why. Unknown tokens are ignored, as in AYON.
    pub fn end_session(&mut self, token: &str, reason: &str) {
        if self.sessions.remove(token).is_some() {
            self.ended_sessions.insert(
                token.to_owned(),
                EndedSession {
                    reason: reason.to_owned(),
                    at: Instant::now(),
                },
            );
        }
    }

    /// Drops every session of a user (used when the user is deleted).
    pub fn drop_user_sessions(&mut self, user_name: &str) {
        self.sessions.retain(|_, s| s.user_name != user_name);
    }

    /// The 401 detail for a token that is not live.
    fn ended_reason(&self, token: &str) -> String {
        match self.ended_sessions.get(token) {
            Some(ended) if ended.at.elapsed() <= ENDED_REASON_TTL => ended.reason.clone(),
            _ => "Invalid session".into(),
        }
    }

    /// Forgets expired sessions and stale end reasons so memory stays bounded.
    fn prune(&mut self) {
        let now = Instant::now();
        self.sessions
            .retain(|_, s| now.duration_since(s.last_used) <= SESSION_TTL);
        self.ended_sessions
            .retain(|_, e| now.duration_since(e.at) <= ENDED_REASON_TTL);
    }

    /// The project with this name, matched case-insensitively.
    pub fn project(&self, name: &str) -> Option<&ProjectRecord> {
        self.projects.get(&name.to_lowercase())
    }

    /// A project whose code matches case-insensitively.
    pub fn project_by_code(&self, code: &str) -> Option<&ProjectRecord> {
        self.projects
            .values()
            .find(|p| p.code.eq_ignore_ascii_case(code))
    }

    /// Adds or replaces a project.
    pub fn insert_project(&mut self, project: ProjectRecord) {
        self.projects.insert(project.name.to_lowercase(), project);
    }

    /// Removes a project; returns whether it existed.
    pub fn remove_project(&mut self, name: &str) -> bool {
        let removed = self.projects.remove(&name.to_lowercase()).is_some();
        if removed {
            // AYON also removes the project from users' access groups.
            for user in self.users.values_mut() {
                if let Some(Value::Object(groups)) = user.data.get_mut("accessGroups") {
                    groups.retain(|k, _| !k.eq_ignore_ascii_case(name));
                }
            }
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logout_reason_is_reported() {
        let state = SandboxState::new(&SandboxConfig::default());
        let mut store = state.store();
        let token = store.create_session("admin");
        assert_eq!(
            store.check_session(&token),
            SessionCheck::Valid("admin".into())
        );
        store.end_session(&token, "User logged out");
        assert_eq!(
            store.check_session(&token),
            SessionCheck::Invalid("User logged out".into())
        );
        assert_eq!(
            store.check_session(&"0".repeat(64)),
            SessionCheck::Invalid("Invalid session".into())
        );
    }

    #[test]
    fn seeds_admin_and_demo_project() {
        let state = SandboxState::new(&SandboxConfig::default());
        let store = state.store();
        assert!(store.user_for_login("  ADMIN ").is_some());
        assert!(store.project("DEMO_COMMERCIAL").is_some());
        let bare = SandboxState::new(&SandboxConfig {
            seed_demo_project: false,
            ..SandboxConfig::default()
        });
        assert!(bare.store().projects.is_empty());
        assert!(bare.store().bundles.bundles.is_empty());
        assert_eq!(store.bundles.bundles.len(), 2);
    }
}
