//! Which AYON server the end-to-end tests talk to: `AYON_TEST_SERVER_URL` (with
//! `AYON_TEST_ADMIN_NAME` / `AYON_TEST_ADMIN_PASSWORD`) when set, else a fresh sandbox.
//! Everything a test creates gets a unique name and is deleted at the end.

use std::sync::atomic::{AtomicU32, Ordering};

use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};

/// The server under test.
pub struct Target {
    pub url: String,
    pub admin_name: String,
    pub admin_password: String,
    /// Kept alive for the test when the sandbox is used.
    pub sandbox: Option<Sandbox>,
}

impl Target {
    /// Whether this is a real server rather than the sandbox.
    pub fn is_real_server(&self) -> bool {
        self.sandbox.is_none()
    }
}

/// Picks the server from the environment, or starts the sandbox on the current runtime.
pub async fn target() -> Target {
    if let Ok(url) = std::env::var("AYON_TEST_SERVER_URL")
        && !url.trim().is_empty()
    {
        return Target {
            url: url.trim().trim_end_matches('/').to_string(),
            admin_name: std::env::var("AYON_TEST_ADMIN_NAME").unwrap_or_else(|_| "admin".into()),
            admin_password: std::env::var("AYON_TEST_ADMIN_PASSWORD")
                .unwrap_or_else(|_| "admin".into()),
            sandbox: None,
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
