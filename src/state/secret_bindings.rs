//! Where the window lets each secret variable go, and the one-time question before a
//! secret goes anywhere else.
//!
//! A stored value goes to the origins recorded with it in the secret store (a value
//! stored before bindings were recorded: the window's server), a captured value back to
//! the origin that answered it, and any variable to the origins the user allowed for it
//! once ([`SecretOrigin`] in the settings, on this computer only). A send that would
//! carry a secret elsewhere is not sent: the window asks ([`Confirm::SendSecret`]), and a
//! yes is remembered, so the question comes once per variable and origin.

use crate::collection::secrets::{Binding, SecretBindings, origin_of};
use crate::pipeline::RefusedSecret;
use crate::settings::SecretOrigin;

use super::{AppState, Confirm, TabId};

impl AppState {
    /// The server this window is pointed at, outside any collection: the session's when
    /// logged in, else the server URL typed in the top bar.
    pub fn window_server(&self) -> &str {
        match &self.session {
            super::SessionState::LoggedIn { server_url, .. } => server_url,
            _ => &self.settings.server_url,
        }
    }

    /// The origin a value stored now is bound to (besides the environment's `base_url`,
    /// which the vault adds): the window's server.
    pub fn binding_for_new_values(&self) -> Vec<String> {
        origin_of(self.window_server()).into_iter().collect()
    }

    /// `(collection id, environment)` the remembered answers of the open collection are
    /// kept under (an empty environment when none is picked).
    fn secret_scope(&self) -> (String, String) {
        let collection = self
            .collection
            .loaded
            .as_ref()
            .map(|l| l.collection_id.clone())
            .unwrap_or_default();
        let environment = self.collection.active_environment.clone();
        (collection, environment.unwrap_or_default())
    }

    /// Where each secret variable may go for a send from the window now.
    pub fn secret_bindings(&self) -> SecretBindings {
        let mut bindings = SecretBindings::new();
        let own = self.window_server();
        for (name, binding) in &self.collection.secret_bindings {
            bindings.allow(name, binding.origins_or(Some(own)));
        }
        // A stored value without a recorded binding is still the window's server's.
        for name in self.collection.secret_values.keys() {
            if !self.collection.secret_bindings.contains_key(name) {
                bindings.allow(name, Binding::Unrecorded.origins_or(Some(own)));
            }
        }
        for (name, origin) in &self.collection.captured_from {
            bindings.replace(name, [origin.clone()]);
        }
        for name in self.collection.pasted.keys() {
            let origin = self.collection.pasted_for.get(name);
            bindings.replace(name, origin.cloned().or_else(|| origin_of(own)));
        }
        let (collection, environment) = self.secret_scope();
        for allowed in self
            .settings
            .secret_origins
            .iter()
            .filter(|a| a.collection == collection && a.environment == environment)
        {
            bindings.allow(&allowed.variable, [allowed.origin.clone()]);
        }
        bindings
    }

    /// Asks whether the secrets of `tab`'s request may go to `target`.
    pub fn ask_send_secret(
        &mut self,
        tab: TabId,
        download: bool,
        secrets: Vec<RefusedSecret>,
        target: String,
    ) {
        self.confirm = Some(Confirm::SendSecret {
            tab,
            download,
            secrets,
            target,
        });
    }

    /// The user said yes: `variables` may go to `origin` from now on (remembered in the
    /// settings; the caller saves them).
    pub fn allow_secret_origin(&mut self, variables: &[String], origin: &str) {
        let (collection, environment) = self.secret_scope();
        for variable in variables {
            let allowed = SecretOrigin {
                collection: collection.clone(),
                environment: environment.clone(),
                variable: variable.clone(),
                origin: origin.to_owned(),
            };
            if !self.settings.secret_origins.contains(&allowed) {
                self.settings.secret_origins.push(allowed);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use crate::settings::Settings;

    #[test]
    fn stored_captured_and_allowed_origins_make_the_bindings() {
        let mut state = AppState::new(
            Settings {
                server_url: "http://window:5000/".into(),
                ..Settings::default()
            },
            None,
        );
        let collection = &mut state.collection;
        collection.active_environment = Some("dev".into());
        for name in ["bound", "old", "token"] {
            collection
                .secret_values
                .insert(name.into(), Secret::new(format!("{name}-value")));
        }
        collection.secret_bindings.insert(
            "bound".into(),
            Binding::Origins(vec!["https://team.example".into()]),
        );
        collection
            .captured_from
            .insert("token".into(), "http://login:1".into());
        let bindings = state.secret_bindings();
        assert_eq!(bindings.origins("bound"), ["https://team.example"]);
        assert_eq!(bindings.origins("old"), ["http://window:5000"]);
        assert_eq!(bindings.origins("token"), ["http://login:1"]);
        assert_eq!(state.binding_for_new_values(), ["http://window:5000"]);

        state.allow_secret_origin(&["bound".into()], "http://other:2");
        state.allow_secret_origin(&["bound".into()], "http://other:2");
        assert_eq!(state.settings.secret_origins.len(), 1);
        let bindings = state.secret_bindings();
        assert_eq!(
            bindings.origins("bound"),
            ["https://team.example", "http://other:2"]
        );
        // Remembered for this environment only.
        state.collection.active_environment = Some("prod".into());
        assert_eq!(
            state.secret_bindings().origins("bound"),
            ["https://team.example"]
        );
    }
}
