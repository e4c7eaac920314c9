//! The embedded AYON-compatible practice server.
//!
//! `ayon-rest-explorer --sandbox` starts it so newcomers can try calls without a
//! server, and the integration tests use it as their default target. It answers
//! with the shapes, status codes and headers of a real AYON 1.11.2 server, as
//! recorded in the fixtures of `shared/fixtures/ayon-1.11.2`; its live event
//! stream `/ws` follows 1.16.0 where the versions differ (`shared/fixtures/ws`).
//!
//! # What it serves
//!
//! | Endpoint | Notes |
//! |---|---|
//! | `GET /api/info` | no auth; `version`, `uptime`; plus `user`, `attributes`, ... when logged in |
//! | `POST /api/auth/login` | `{"name","password"}` → token (64 hex chars); 403 on bad credentials |
//! | `POST /api/auth/logout` | ends the session of `?token=`, cookie or Bearer; always 200 |
//! | `GET /api/users/me` | the caller's user model |
//! | `GET/PUT/PATCH/DELETE /api/users/{name}` | read (others see `{name, active}`), create (manager; 204), change (204), delete (manager; 204) |
//! | `PATCH /api/users/{name}/password` | `{"password"}` or a service user's `{"apiKey"}` |
//! | `GET/POST /api/users/{name}/apikeys` | 500 `TypeError`, as on 1.11.2 (labelled keys do not work there) |
//! | `GET/POST /api/projects` | list (with `page`, `length`, `library`, `active`, `name`, `order`, `desc`; `order=createdAt`/`updatedAt` is 1.11.2's 500); deploy (201, empty body; `anatomy` required) |
//! | `GET/PUT/PATCH/DELETE /api/projects/{name}` | get; low-level create (201); change (204); delete (204) |
//! | `GET /api/projects/{name}/thumbnails/{id}` | managers; the picture with its `content-type` (the demo project has one PNG, [`thumbnails::DEMO_THUMBNAIL_ID`]); 404 unknown project or ID (see [`routes::thumbnails`]) |
//! | `GET/POST /api/desktop/installers` | list (`version`, `platform` filters); manifest (admin; 201 `{"eventId":null}`, 409 duplicate unless `?force=true`, 500 same version+platform) |
//! | `GET/PUT/PATCH/DELETE /api/desktop/installers/{filename}` | download (one `Range` → 206); raw-body upload (admin; 204, 400 "Empty file"); sources (204); delete (204) |
//! | `GET/POST /api/desktop/dependencyPackages` | the same for dependency packages (`{"packages":[...]}`) |
//! | `GET/PUT/PATCH/DELETE /api/desktop/dependencyPackages/{filename}` | as for installers |
//! | `GET /api/addons` | the built-in `practice` addon and the addons loaded at the last restart |
//! | `POST /api/addons/install` | raw zip body (admin) → 200 `{"eventId"}`; 409 no manifest, 500 not a zip, 400 empty |
//! | `GET /api/addons/install` | install events and `restartRequired` |
//! | `DELETE /api/addons/{name}[/{version}]` | admin; 204, 404; a restart is then due; 409 for `practice` |
//! | `GET /api/bundles` | logged in; `ListBundleModel`: the demo bundles `demo_bundle_a` (production) and `demo_bundle_b` (staging), newest first (see [`bundles`]) |
//! | `GET /api/addons/{name}/{version}/settings` | logged in; the addon version's settings for `?variant=` (`production` by default); `{}` for addons without settings; 404 unknown |
//! | `GET /api/addons/{name}/{version}/settings/{project}` | the same with the project's overrides of the variant; 403 without access, 404 unknown project |
//! | `GET /api/addons/practice/1.0.0/ping` | logged in; `{"pong":true,"addon":"practice","version":"1.0.0"}` (see [`practice`]) |
//! | `POST /api/addons/practice/1.0.0/echo` | logged in; `{"message","repeat"?}` → `{"echo":[...]}`; 400 validation body |
//! | `GET /api/addons/practice/1.0.0/openapi.json` | the addon's own spec (managers; 403 otherwise), as newer AYON serves |
//! | `POST /api/events` | manager; `{"topic","description"?,"summary"?,"payload"?,"project"?,"sender"?,"hash"?,"dependsOn"?,"finished"?,"store"?,"reuse"?}` → `{"id"}`; `"store": false` publishes without storing |
//! | `GET /api/events/{id}` | stored events (install, entity, log, restart, posted) with their `payload`; install events move pending → in_progress → finished |
//! | `POST /api/system/restart` | admin; 204; loads the installed addons; `/ws`: `server.restart_requested`, close 1012, then `log.info` |
//! | `GET /ws` | WebSocket, the live event stream (see [`stream`]); a plain HTTP request gets the 404 |
//! | `GET /openapi.json` | managers (403 otherwise); OpenAPI 3.1.0 of the endpoints above, without addon endpoints |
//! | `GET /docs` | logged in (403 otherwise); a page linking the spec |
//! | `GET /` | no auth; a small HTML page where the real server has its web UI (ayon-python-api checks the server is up there) |
//! | `POST /graphql`, `GET /graphql?query=` | logged in; `me`, `user`, `users`, `project`, `projects` (see [`graphql`]) |
//!
//! Authentication follows AYON's order (see [`auth`]): `X-Api-Key`, then
//! `Authorization: ApiKey`, cookie `accessToken`, `Authorization: Bearer` (64
//! chars only), `?token=`; `X-As-User` for service users. Errors use AYON's
//! several body shapes (see [`errors`]), including the 400 validation body
//! (never axum's 422) and the 500s with a `code` that differs from the status.
//! Before routing, [`routing_quirks`] answers as Starlette does: `HEAD` is 405
//! (`allow: GET`), a 405 names the first route's method, and a path with a
//! trailing slash is redirected (307) to an absolute `http://` URL.
//!
//! # The live event stream
//!
//! `GET /ws` ([`stream`]) takes `{"topic":"auth","token","subscribe","project"?}`
//! and never answers it. The token is a session token, or a service user's API
//! key once that key authenticated a REST request. Without a good `auth` the
//! client gets no frame and a close 1000 after
//! [`StreamSettings::auth_close_delay`] (8 s; the real server closed after about
//! 8.5 s). Authorised clients get `{"topic":"heartbeat"}` every
//! [`StreamSettings::heartbeat_interval`] (6.5 s), whatever they subscribed to,
//! and each message at most once (1.16; 1.11.2 sent none to named-topic
//! subscribers and repeated messages matching two prefixes). Tests shorten the
//! timings with [`SandboxState::set_stream_settings`]. Published:
//!
//! * `entity.project.created` / `.changed` / `.deleted` for `POST`/`PUT`,
//!   `PATCH` and `DELETE` on projects ("Created project NAME", "Updated project
//!   NAME", "Deleted project NAME"; `PATCH` uses the real server's topic
//!   `.changed`, there is no `.updated`);
//! * `addon.install` when an upload is accepted (`pending`, progress 0.0), then
//!   an update with the same ID at each phase (`in_progress` 50, `finished` or
//!   `failed` 100; updates carry no `store`);
//! * `log.error` when a handler answers an unhandled-exception 500, a failed
//!   assert or a plain 500 `AyonException` (see [`error_log`]);
//! * events posted with `POST /api/events`;
//! * `server.restart_requested` on `POST /api/system/restart`, after which every
//!   connection is closed with 1012, and [`StreamSettings::restart_ready_delay`]
//!   (2 s) later the stored `log.info` "Server is now ready to connect".
//!
//! `sender` and `senderType` come from `x-sender` / `x-sender-type`; without
//! the latter `senderType` is `"api"`, as 1.16 sends (1.11.2: null). The
//! server's own log events have neither.
//!
//! # Checked against a real 1.11.2 server
//!
//! `tests/sandbox_replay` replays every recorded exchange of
//! `shared/fixtures/ayon-1.11.2/` (and `more/`) in order and requires the same
//! status, content type, top-level JSON keys, `detail`, `location`/`allow`/range
//! headers and download bytes. Deliberate differences, not checked there:
//!
//! * User objects carry no password or API-key hashes (`data.password`,
//!   `data.apiKey`); the top-level keys are the same.
//! * The built-in `practice` addon exists (fixture more/1159 expects a 404).
//! * Tracebacks name the real server's source lines but not its host paths, and
//!   are shorter; `detail` is the same.
//!
//! Fixtures that cannot be replayed on loopback: the endpoints of an uploaded
//! addon after a restart (66b: no addon code runs here) and the installs from a
//! URL on the recording machine (69, 70). A full restart of the server process
//! (99) is imitated by the test by ending every session.
//!
//! # Where it simplifies
//!
//! * All data is in memory and lost on shutdown; the admin user (and, if
//!   configured, the `demo_Commercial` project) is created at start.
//! * Passwords and API keys are kept in plain text in memory and never sent back.
//!   The real server sends its password and API-key hashes in `data.password` /
//!   `data.apiKey`; the sandbox leaves them out on purpose (`apiKeyPreview` stays).
//! * Tokens come from std's randomly keyed SipHash, not a CSPRNG (see [`tokens`]).
//! * No IP binding of sessions, no rate limits, no login bans, no session limit
//!   per user. API-key use creates no cached session for REST; the sandbox only
//!   remembers the key was used, so `/ws` accepts it as a token, as the real
//!   server's key session allows.
//! * Only the legacy service API key (`data.apiKey`) exists; the labelled keys of
//!   `/api/users/{name}/apikeys` are not implemented (they fail on 1.11.2 anyway).
//! * Permissions are just the user flags (admin, manager, service, guest) and
//!   `data.accessGroups`; access group definitions are not evaluated. Guests are
//!   not barred from endpoints that real AYON keeps from them.
//! * Projects always get the sandbox's default anatomy on `POST`: `anatomy` is
//!   required as on 1.11 (1.16 no longer requires it) but its content is ignored,
//!   and so is `anatomyPreset`; there are no folders, tasks or other entities
//!   inside projects. A bad project name fails like Postgres' `CREATE SCHEMA`
//!   would, reporting the first character it cannot read (or the word after a
//!   space), an approximation of the parser's message.
//! * Password policy: only the minimum length (8) for non-admin creators.
//! * No `X-Request-ID` header (1.11.2 sends none), no `server: uvicorn` header.
//! * Uploaded files (installers, dependency packages, addon zips) are streamed to
//!   a temporary directory that is removed with the sandbox; bodies have no size
//!   limit. As on the real server, an upload replaces the stored file from its
//!   first byte: while it runs, and after it failed or was empty, there is none.
//!   Downloads are `application/octet-stream` whatever the extension (as 1.11.2
//!   sends them, fixtures 44 and 54); one `Range` is honoured (206), several get
//!   the whole file.
//! * No downloads from URLs: `?url=` on `POST /api/addons/install` and on the
//!   manifest `POST`s answers 501 (the real server fetches the file in the
//!   background). Installers have no bundles, so `?variant=` always gives 404
//!   "No production bundle found".
//! * Addons: the manifest is read (see [`ayon_explorer_core::ayon::addon_zip`]) but no
//!   uploaded addon's code runs: a loaded addon has no endpoints, no settings
//!   (`hasSettings` is false) and type `pipeline`. The install event's status is planned at upload
//!   (`in_progress` after 0.2 s, done after 0.5 s) and read off the clock. A
//!   `manifest.json` zip without `addon/` ends `failed`, naming why (the real
//!   server overwrites that with `finished`, a quirk not copied). A reinstall
//!   replaces the earlier event of that version, as in fixture 68, and the
//!   install list says `"user": "ayon"` as 1.11.2 does (fixture 63). Deleting an
//!   addon version drops it from the list at once (AYON 1.16 lists it as broken
//!   until the restart).
//! * Events: install, project, log, restart and posted events only (no user,
//!   folder, task or settings events). `PATCH`/`DELETE /api/events/{id}`,
//!   `POST /api/query` and the GraphQL `events` are not served. `GET
//!   /api/events/{id}` does not check project access or bar guests. Event
//!   `recipients` do not exist. A `log.error`'s description is the 500's
//!   `detail`; its payload's `path` is `[METHOD] /api/...` (no recorded log
//!   event shows the real server's form; its 500 bodies drop the `/api`).
//! * `/ws`: who may see a project event is decided with the user as it was at
//!   `auth` (managers, or an access group on the project in
//!   `data.accessGroups`); guests only get `activity.created`,
//!   `activity.updated`, `entity.version.updated` and heartbeats (1.16). The
//!   unauthorised close comes exactly at the configured delay (the real server
//!   waits for its next heartbeat or message). Each connection keeps its own
//!   heartbeat clock. No server pings. A restart does not make new connections
//!   wait (the real one blocks them about 4.7 s), and a client that reconnects
//!   after the `log.info` misses it, as on the real server; no `server.started`
//!   is sent (none was observed either).
//! * `POST /api/system/restart` restarts nothing: it loads the addons installed
//!   so far; sessions and data stay.
//! * The built-in `practice` addon (see [`practice`]) is the only one with
//!   endpoints; it is always listed, cannot be deleted (409, the real server
//!   has no built-in addons) and has no settings. Uploaded addons run no code,
//!   so their `/api/addons/{name}/{version}/...` paths, their `openapi.json`
//!   included, get the usual 404 (fixture 72).
//! * `/openapi.json` is a fixed asset (`openapi.json` next to this file): the
//!   real 1.11.2 operations for the methods served here, with request-body
//!   schemas cut down to what the sandbox reads (the project and user `PATCH`
//!   bodies are plain objects, for example) and response schemas left open (`{}`). `AYON_OPENAPI_*`
//!   settings do not exist: the spec always needs a manager and never lists
//!   addon endpoints.
//! * GraphQL has a tiny schema: `me`, `user(name:)`, `users`, `project(name:)`,
//!   `projects` with the user and project fields listed in
//!   [`graphql::schema`] (no folders, tasks, versions, events, activities or
//!   project `attrib`). Queries only: mutations and subscriptions get an
//!   error entry. Connections take `first`/`last`/`after`/`before` with the
//!   position as cursor, plus `name`/`code` (case-insensitive, as `ILIKE`) or
//!   `names`/`name` filters; `project` takes `name` or `code` (400 without
//!   either). `__schema` and `__type(name:)` answer introspection with the
//!   types above (see [`graphql::introspection`]).
//!   Every user sees every user; projects follow the REST visibility rules.
//!   Validation covers unknown fields (with graphql-core's "Did you mean"),
//!   arguments, variables, fragments and `@skip`/`@include`, with
//!   graphql-core's wording; syntax errors are worded by `graphql_parser`.
//!   Unknown names in `project`/`user` give `data: null` and an error with
//!   `extensions.status: 404`, as 1.11.2 answers (more/1212, 1213). A body
//!   that is not a JSON object, or has no `query`, gets Strawberry's
//!   plain-text 400. There is no GraphiQL (`GET /graphiql`).
//! * Bundles and addon settings (see [`bundles`]) are fixed demo data, seeded
//!   with the demo project: two bundles naming `core` 1.0.0 / 1.1.0,
//!   `applications` 1.0.2 and `maya` or `nuke`, settings as three JSON layers
//!   (defaults, studio overrides per variant, project overrides per variant)
//!   merged object by object. Read-only: no bundle or settings writes, no
//!   settings schema, `siteSettings`, `rawOverrides` or `/api/settings`. The
//!   demo addons are not in `GET /api/addons`; no bundle is archived or dev;
//!   a variant other than `production`/`staging` gets the defaults; `as` and
//!   `site_id` are ignored; the 404 wording for an unknown addon version is
//!   the sandbox's own.
//! * Not yet served (they get the usual 404): `/graphiql`, settings writes and
//!   the endpoints of uploaded addons.
//!
//! # Extending it
//!
//! A new area is one file in `routes/` exposing `routes()`, merged in
//! [`routes::all`], plus a field in [`state::Store`] for its data. Handlers take
//! the [`auth::Auth`] extractor, parse bodies with [`request::decode_body`] and
//! [`request::Validator`], and return [`errors::ApiError`].

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub mod addons;
pub mod anatomy;
pub mod auth;
pub mod bundles;
pub mod clock;
pub mod download;
pub mod error_log;
pub mod errors;
pub mod events;
pub mod graphql;
pub mod names;
pub mod packages;
pub mod practice;
pub mod records;
pub mod request;
pub mod routes;
pub mod routing_quirks;
pub mod sender;
pub mod state;
pub mod storage;
pub mod stream;
pub mod thumbnails;
pub mod tokens;
pub mod upload;

pub use state::SandboxState;
pub use storage::{StoredFile, StoredKind, addon_key};
pub use stream::StreamSettings;

/// How long [`Sandbox::shutdown`] waits for open requests before cutting them off.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// How the sandbox starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxConfig {
    /// Name of the admin user created at start.
    pub admin_name: String,
    /// That user's password.
    pub admin_password: String,
    /// Whether to create the `demo_Commercial` project at start.
    pub seed_demo_project: bool,
}

impl Default for SandboxConfig {
    /// `admin` / `admin`, with the demo project.
    fn default() -> Self {
        SandboxConfig {
            admin_name: "admin".into(),
            admin_password: "admin".into(),
            seed_demo_project: true,
        }
    }
}

/// A running sandbox server on 127.0.0.1. It stops on [`Sandbox::shutdown`] or
/// when dropped.
pub struct Sandbox {
    base_url: String,
    admin_name: String,
    admin_password: String,
    state: SandboxState,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds 127.0.0.1:0 (a free port) on the current tokio runtime and serves
    /// until shut down or dropped.
    pub async fn start(config: SandboxConfig) -> std::io::Result<Sandbox> {
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
        let addr = listener.local_addr()?;
        let state = SandboxState::new(&config);
        let app = router(state.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            // A dropped sender also counts as the signal to stop.
            let signal = async {
                let _ = stopped.await;
            };
            // Serving only ends on error after the signal; nothing to report then.
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(signal)
                .await;
        });
        Ok(Sandbox {
            base_url: format!("http://{addr}"),
            admin_name: config.admin_name,
            admin_password: config.admin_password,
            state,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `ws://127.0.0.1:PORT/ws`, the live event stream.
    pub fn ws_url(&self) -> String {
        format!("ws{}/ws", self.base_url.trim_start_matches("http"))
    }

    /// The admin user's name.
    pub fn admin_name(&self) -> &str {
        &self.admin_name
    }

    /// The admin user's password.
    pub fn admin_password(&self) -> &str {
        &self.admin_password
    }

    /// The server's data, e.g. to inspect it in tests.
    pub fn state(&self) -> &SandboxState {
        &self.state
    }

    /// Stops accepting connections, lets open requests finish (up to a few
    /// seconds) and returns once the server task has ended.
    pub async fn shutdown(mut self) {
        // Upgraded connections are not the server's to wait for: end them.
        self.state.stream().shutdown();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take()
            && tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
        {
            task.abort();
        }
    }
}

impl Drop for Sandbox {
    /// Stops the server at once (no waiting is possible in `drop`).
    fn drop(&mut self) {
        self.state.stream().shutdown();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.base_url)
            .field("admin_name", &self.admin_name)
            .finish_non_exhaustive()
    }
}

/// The router alone, so tests and later features can mount it or extend it.
/// Includes AYON's 404/405 fallbacks and the auth middleware.
pub fn router(state: SandboxState) -> Router {
    let routed = routes::all()
        // Must come after all routes: it is attached to the routes present now.
        .method_not_allowed_fallback(routes::method_not_allowed)
        .fallback(routes::not_found)
        // Inside authentication, so it knows the caller of a failed request.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error_log::publish_server_errors,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .with_state(state);
    // Outermost, so HEAD, 405s and slash redirects come before authentication.
    let probe = routed.clone();
    routed.layer(axum::middleware::from_fn(move |request, next| {
        routing_quirks::apply(probe.clone(), request, next)
    }))
}
