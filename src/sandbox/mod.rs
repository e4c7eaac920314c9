//! TEMPORARY stand-in (the sandbox work replaces this file on merge).

/// Sandbox settings.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// Admin name.
    pub admin_name: String,
    /// Admin password.
    pub admin_password: String,
    /// Seed a demo project.
    pub seed_demo_project: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            admin_name: "admin".into(),
            admin_password: "admin".into(),
            seed_demo_project: true,
        }
    }
}

/// The running sandbox.
pub struct Sandbox {
    config: SandboxConfig,
}

impl Sandbox {
    /// Starts it.
    pub async fn start(config: SandboxConfig) -> std::io::Result<Sandbox> {
        Ok(Sandbox { config })
    }
    /// URL.
    pub fn base_url(&self) -> &str {
        "http://127.0.0.1:9"
    }
    /// Name.
    pub fn admin_name(&self) -> &str {
        &self.config.admin_name
    }
    /// Password.
    pub fn admin_password(&self) -> &str {
        &self.config.admin_password
    }
}
