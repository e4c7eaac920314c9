//! Sends the window makes for itself, outside any tab: the two sides of "Send to two"
//! and the bundle window's GETs. They follow the same rules as a tab's send (the session
//! token only to its server, secrets only where bound, files only inside the collection),
//! but ask nothing: a send that would need a question fails its side, in words.

use std::sync::Arc;

use crate::collection::variables::VariableSet;
use crate::pipeline::{CredentialScope, PrepareError, SendContext, prepare};
use crate::request::RequestDraft;
use crate::state::SessionState;
use crate::state::compare_run::DetachedFetch;
use crate::worker::{Command, Delivery};

use super::ExplorerApp;

impl ExplorerApp {
    /// Sends `draft` to `server_url` with `variables`, for `purpose`; the answer comes back
    /// as the state's detached answer. `confine_files`: a collection's request may not send
    /// files outside it. Returns why it could not be sent.
    pub(super) fn send_detached(
        &mut self,
        draft: &RequestDraft,
        variables: VariableSet,
        server_url: &str,
        confine_files: bool,
        purpose: DetachedFetch,
    ) -> Result<(), String> {
        let token = self.state.session.token().map(str::to_string);
        let session_server = match &self.state.session {
            SessionState::LoggedIn { server_url, .. } => Some(server_url.clone()),
            _ => None,
        };
        let secret_bindings = self.state.secret_bindings();
        let collection_root = self.state.collection.root();
        let allowed_files = self.state.settings.allowed_file_paths();
        let context = SendContext {
            server_url: Some(server_url),
            session_token: token.as_deref(),
            credentials: CredentialScope::SessionHome(session_server.as_deref()),
            api_key_fallback: None,
            timeout: self.state.settings.timeout(),
            file_root: collection_root.as_deref(),
            secret_bindings: &secret_bindings,
            allowed_origins: &[],
            confine_files,
            allowed_files: &allowed_files,
            protected_folders: &self.protected_folders,
        };
        let prepared = match prepare(draft, &variables, &context) {
            Ok(prepared) => prepared,
            Err(PrepareError::SecretElsewhere { target, .. }) => {
                return Err(format!(
                    "not sent: it would take a secret to {target}, where it is not bound \
                     (send it from its tab to allow that once)"
                ));
            }
            Err(PrepareError::FileOutsideCollection { real, .. }) => {
                return Err(format!(
                    "not sent: it would send {}, outside the collection",
                    real.display()
                ));
            }
            Err(error) => return Err(crate::state::prepare_words::describe(&error)),
        };
        let id = self.state.next_id();
        self.state.detached.insert(id, purpose);
        self.worker.submit(Command::Execute {
            id,
            prepared: Box::new(prepared),
            draft: Box::new(draft.clone()),
            variables: Box::new(variables),
            progress: Arc::default(),
            delivery: Delivery::View {
                spill_threshold: self.state.settings.spill_threshold(),
            },
        });
        Ok(())
    }
}
