//! Which AYON server the end-to-end tests talk to: `AYON_TEST_SERVER_URL` (with
//! `AYON_TEST_ADMIN_NAME` / `AYON_TEST_ADMIN_PASSWORD`) when set, else a fresh sandbox.
//! Everything a test creates gets a unique name and is deleted at the end.
//!
//! A real server is shared by the tests of one test binary, which run in parallel: each
//! holds it for shared use, and a test that restarts it (only with
//! `AYON_TEST_ALLOW_RESTART=1`) first waits until it is the only one using it, so no
//! other test's request is cut by the restart. So a test calls [`target`] once.

use std::sync::atomic::{AtomicU32, Ordering};

use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};
use tokio::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Read: a test uses the real server; write: a test restarts it.
static REAL_SERVER: RwLock<()> = RwLock::const_new(());

/// How a test holds the real server.
enum ServerUse {
    Shared(RwLockReadGuard<'static, ()>),
    Exclusive(RwLockWriteGuard<'static, ()>),
}

/// The server under test.
pub struct Target {
    pub url: String,
    pub admin_name: String,
    pub admin_password: String,
    /// Kept alive for the test when the sandbox is used.
    pub sandbox: Option<Sandbox>,
    /// The real server's use, held until the test ends (none for the test's own sandbox).
    server_use: Option<ServerUse>,
}

impl Target {
    /// Whether this is a real server rather than the sandbox.
    pub fn is_real_server(&self) -> bool {
        self.sandbox.is_none()
    }

    /// Whether the test may restart the server: always the sandbox (its own), a real one
    /// only with `AYON_TEST_ALLOW_RESTART=1`.
    pub fn restart_allowed(&self) -> bool {
        !self.is_real_server()
            || std::env::var("AYON_TEST_ALLOW_RESTART").is_ok_and(|v| v.trim() == "1")
    }

    /// Call before restarting a real server: waits until no other test of this binary
    /// uses it, and keeps it to this test until the end. Nothing to wait for on the
    /// sandbox.
    pub async fn take_for_restart(&mut self) {
        if !self.is_real_server() || matches!(self.server_use, Some(ServerUse::Exclusive(_))) {
            return;
        }
        // The shared hold goes first, or this test would wait for itself.
        self.server_use = None;
        self.server_use = Some(ServerUse::Exclusive(REAL_SERVER.write().await));
    }
}

/// Picks the server from the environment, or starts the sandbox on the current runtime.
pub async fn target() -> Target {
    if let Ok(url) = std::env::var("AYON_TEST_SERVER_URL")
        && !url.trim().is_empty()
    {
        // Waits while another test restarts it.
        let shared = REAL_SERVER.read().await;
        return Target {
            url: url.trim().trim_end_matches('/').to_string(),
            admin_name: std::env::var("AYON_TEST_ADMIN_NAME").unwrap_or_else(|_| "admin".into()),
            admin_password: std::env::var("AYON_TEST_ADMIN_PASSWORD")
                .unwrap_or_else(|_| "admin".into()),
            sandbox: None,
            server_use: Some(ServerUse::Shared(shared)),
        };
    }
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("start the sandbox");
    Target {
        url: sandbox.base_url().to_string(),
        admin_name: sandbox.admin_name().to_string(),
        admin_password: sandbox.admin_password().to_string(),
        sandbox: Some(sandbox),
        server_use: None,
    }
}

/// A name no other test run uses: letters, digits and `_` (valid for projects and users).
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}_{}_{nanos:x}_{n}", std::process::id())
}
