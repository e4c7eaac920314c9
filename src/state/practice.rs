//! The embedded practice server (the sandbox) and the getting-started collection's
//! "practice" environment belong together: on a real server neither is offered.

use super::{AppState, SandboxInfo, same_server};

/// The getting-started collection's environment, made for the sandbox's demo data.
pub const PRACTICE_ENVIRONMENT: &str = "practice";

impl AppState {
    /// The sandbox, when the window is pointed at it (the server URL is the sandbox's);
    /// `None` on any other server, so nothing there mentions it.
    pub fn sandbox_in_use(&self) -> Option<&SandboxInfo> {
        self.sandbox
            .as_ref()
            .filter(|s| same_server(&s.url, &self.settings.server_url))
    }

    /// Leaves the "practice" environment when the window is on a real server: its
    /// variables name the sandbox's demo project and users.
    pub fn leave_practice_environment(&mut self) {
        if self.sandbox_in_use().is_none()
            && self.collection.active_environment.as_deref() == Some(PRACTICE_ENVIRONMENT)
        {
            self.collection.active_environment = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    fn state_on(server_url: &str) -> AppState {
        let mut state = AppState::new(
            Settings {
                server_url: server_url.into(),
                ..Settings::default()
            },
            None,
        );
        state.sandbox = Some(SandboxInfo {
            url: "http://127.0.0.1:5055".into(),
            admin_name: "admin".into(),
            admin_password: "admin".into(),
        });
        state.collection.active_environment = Some(PRACTICE_ENVIRONMENT.into());
        state
    }

    #[test]
    fn the_practice_environment_and_the_sandbox_stay_with_the_sandbox() {
        let mut on_sandbox = state_on("http://127.0.0.1:5055/");
        assert!(on_sandbox.sandbox_in_use().is_some());
        on_sandbox.leave_practice_environment();
        assert_eq!(
            on_sandbox.collection.active_environment.as_deref(),
            Some(PRACTICE_ENVIRONMENT)
        );
        let mut on_studio = state_on("https://ayon.studio.lan");
        assert!(on_studio.sandbox_in_use().is_none());
        on_studio.leave_practice_environment();
        assert_eq!(on_studio.collection.active_environment, None);
    }
}
