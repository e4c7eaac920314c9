//! The app's side of the Events dock: what its actions do, and starting, re-subscribing
//! and stopping the server's event stream as the session comes and goes.

use std::time::Instant;

use crate::action::Action;
use crate::http::HttpMethod;
use crate::request::RequestDraft;

use crate::events::stream::StreamConfig;
use crate::state::SessionState;
use crate::state::events::StreamStatus;
use crate::worker::Command;

use super::ExplorerApp;

impl ExplorerApp {
    /// Does an action of the Events dock (others are left alone).
    pub(super) fn events_action(&mut self, action: Action) {
        let now = Instant::now();
        match action {
            Action::EventsPause => self.state.events.toggle_pause(now),
            Action::EventsResubscribe => self.resubscribe_events(),
            Action::EventsReconnect => self.start_events(),
            Action::FollowEvent(id) => {
                self.state.events.toggle_follow(&id);
                self.state.events.open = true;
            }
            Action::ShowEvent(id) => {
                self.state.events.selected = Some(id);
                self.state.events.open = true;
            }
            Action::OpenEventRecord(id) => {
                let draft = RequestDraft {
                    method: HttpMethod::Get,
                    url: format!("/api/events/{id}"),
                    ..RequestDraft::default()
                };
                self.open_and_send(draft);
            }
            Action::SendEventForm => match self.state.events.send_form.to_draft() {
                Ok(draft) => {
                    self.state.events.send_form.problem = None;
                    self.open_and_send(draft);
                }
                Err(problem) => self.state.events.send_form.problem = Some(problem),
            },
            _ => {}
        }
    }

    /// Opens `draft` in a new tab and sends it.
    fn open_and_send(&mut self, draft: RequestDraft) {
        self.state.open_tab(draft);
        if let Some(tab) = self.state.tabs.last() {
            let tab = tab.id;
            self.dispatch(Action::Send {
                tab,
                confirmed: false,
                download: false,
            });
        }
    }

    /// Sends the typed subscription to the stream.
    fn resubscribe_events(&mut self) {
        let subscription = self.state.events.typed_subscription();
        self.state.events.subscription = subscription.clone();
        self.worker
            .submit(Command::ResubscribeEvents { subscription });
    }

    /// Reads an event's stored record with the session's token.
    pub(super) fn fetch_event_record(&mut self, id: String) {
        let SessionState::LoggedIn {
            server_url, token, ..
        } = &self.state.session
        else {
            return;
        };
        let command = Command::FetchEventRecord {
            id,
            server_url: server_url.clone(),
            token: token.clone(),
            timeout: self.state.settings.timeout(),
        };
        self.worker.submit(command);
    }

    /// (Re)starts the stream for the session, with the subscription typed in the dock.
    pub(super) fn start_events(&mut self) {
        let SessionState::LoggedIn {
            server_url, token, ..
        } = &self.state.session
        else {
            return;
        };
        let subscription = self.state.events.typed_subscription();
        self.state.events.subscription = subscription.clone();
        self.state.events.status = StreamStatus::Connecting { attempt: 1 };
        let config = StreamConfig::new(server_url.clone(), token.clone(), subscription);
        let options = self.state.settings.client_options(super::env_var);
        self.worker.submit(Command::StartEvents { config, options });
    }

    /// Stops the stream (logging out).
    pub(super) fn stop_events(&mut self) {
        self.state.events.status = StreamStatus::Off;
        self.worker.submit(Command::StopEvents);
    }
}
