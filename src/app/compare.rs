//! The comparisons the window starts: Send to two, and the bundle window's bundles and
//! settings. Each fills the state's [`CompareRun`]; the answers arrive as detached sends.

use crate::action::Action;
use crate::answer_history::AnswerSummary;
use crate::request::RequestDraft;
use crate::state::compare_run::{CompareRun, DetachedFetch, SharedBody, Side, SideAnswer};
use crate::state::{SendTwoDialog, TabId};
use crate::ui::compare_view::CompareRequest;
use crate::worker::{AnswerCommand, Command};

use super::ExplorerApp;

impl ExplorerApp {
    /// Opens the Send to two form for `tab`.
    pub(super) fn open_send_two(&mut self, tab: TabId) {
        let environments: Vec<String> = self
            .state
            .collection
            .loaded
            .as_ref()
            .map(|l| l.environments.iter().map(|e| e.name.clone()).collect())
            .unwrap_or_default();
        let active = self.state.collection.active_environment.clone();
        self.state.send_two = Some(SendTwoDialog::new(tab, &environments, active.as_deref()));
    }

    /// Sends the form's request with each side's environment (and server) and opens the
    /// comparison.
    pub(super) fn send_to_two(&mut self, form: SendTwoDialog) {
        let Some(tab) = self.state.tab_mut(form.tab) else {
            return;
        };
        let draft = tab.draft.clone();
        let confine_files = tab.source.is_some();
        let title = format!("Send to two: {} {}", draft.method.as_str(), draft.url);
        let server = self.state.settings.server_url.clone();
        let right_server = Some(form.right_server.trim())
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let run = self.new_compare_run(
            title,
            SendTwoDialog::side_label(form.left_env.as_deref(), None),
            SendTwoDialog::side_label(form.right_env.as_deref(), right_server.as_deref()),
            None,
        );
        let sides = [
            (Side::Left, form.left_env.as_deref(), server.clone()),
            (
                Side::Right,
                form.right_env.as_deref(),
                right_server.unwrap_or(server),
            ),
        ];
        for (side, env, server) in sides {
            let variables = self.state.collection.variables_for(env);
            let purpose = DetachedFetch::CompareSide {
                side,
                generation: run,
            };
            if let Err(why) = self.send_detached(&draft, variables, &server, confine_files, purpose)
                && let Some(compare) = self.state.compare.as_mut()
            {
                *compare.side_mut(side) = SideAnswer::Failed(why);
            }
        }
    }

    /// Opens the bundle window, loading the bundles when it has none.
    pub(super) fn open_bundle_window(&mut self) {
        self.state.bundle_window.open = true;
        if self.state.bundle_window.bundles.is_empty() && !self.state.bundle_window.loading {
            self.load_bundles();
        }
    }

    /// Fetches `GET /api/bundles` for the bundle window.
    pub(super) fn load_bundles(&mut self) {
        let draft = RequestDraft::get("/api/bundles");
        let server = self.state.settings.server_url.clone();
        let variables = self.state.collection.variables();
        self.state.bundle_window.loading = true;
        self.state.bundle_window.problem = None;
        if let Err(why) =
            self.send_detached(&draft, variables, &server, true, DetachedFetch::BundleList)
        {
            self.state.bundle_window.loading = false;
            self.state.bundle_window.problem = Some(why);
        }
    }

    /// Compares the two bundles picked (both are already here: no request).
    pub(super) fn compare_bundles(&mut self) {
        let Some((left, right)) = self.state.bundle_window.picked() else {
            return;
        };
        let (left_name, right_name) = (left.label(), right.label());
        let as_body = |raw: &serde_json::Value| -> SharedBody {
            SharedBody::from(serde_json::to_vec_pretty(raw).unwrap_or_default())
        };
        let (left_body, right_body) = (as_body(&left.raw), as_body(&right.raw));
        let title = "The two bundles (read from GET /api/bundles)".to_owned();
        let key = crate::state::compare_run::BUNDLES_IGNORE_KEY.to_owned();
        self.new_compare_run(title, left_name, right_name, Some(key));
        if let Some(run) = self.state.compare.as_mut() {
            run.left = SideAnswer::Ready(left_body);
            run.right = SideAnswer::Ready(right_body);
        }
        self.compare_if_ready();
    }

    /// Fetches the picked addon's settings for each side and compares them.
    pub(super) fn compare_bundle_settings(&mut self) {
        let Ok((left, right)) = self.state.bundle_window.settings_sources() else {
            return;
        };
        let title = format!("Settings of {}", left.addon);
        let key = format!("settings:{}", left.addon);
        let run = self.new_compare_run(title, left.label(), right.label(), Some(key));
        let server = self.state.settings.server_url.clone();
        for (side, source) in [(Side::Left, left), (Side::Right, right)] {
            let draft = RequestDraft::get(&source.path());
            let variables = self.state.collection.variables();
            let purpose = DetachedFetch::CompareSide {
                side,
                generation: run,
            };
            if let Err(why) = self.send_detached(&draft, variables, &server, true, purpose)
                && let Some(compare) = self.state.compare.as_mut()
            {
                *compare.side_mut(side) = SideAnswer::Failed(why);
            }
        }
    }

    /// Replaces the comparison shown with a new, empty one; returns its generation.
    fn new_compare_run(
        &mut self,
        title: String,
        left_label: String,
        right_label: String,
        ignore_key: Option<String>,
    ) -> u64 {
        let generation = self.state.next_id();
        self.state.compare = Some(CompareRun {
            title,
            generation,
            left_label,
            right_label,
            ignore_key,
            ..CompareRun::default()
        });
        generation
    }

    /// Starts the comparison once both sides are in.
    pub(super) fn compare_if_ready(&mut self) {
        if let Some(effect) = self.state.compare_if_ready() {
            self.perform(effect);
        }
    }

    /// What the Compare window asked for: compare again (the ignore paths are kept in
    /// memory now and written with the settings when the window closes), or close.
    pub(super) fn compare_requested(&mut self, request: CompareRequest) {
        match request {
            CompareRequest::Recompute | CompareRequest::SwapSides => {
                if request == CompareRequest::Recompute && self.state.keep_ignore_paths() {
                    self.ignore_paths_changed = true;
                }
                let job = self
                    .state
                    .compare
                    .as_ref()
                    .and_then(|run| run.view.as_ref())
                    .map(|view| view.job());
                if let Some(job) = job {
                    self.worker.submit(Command::Compare(Box::new(job)));
                }
            }
            CompareRequest::Close => self.close_compare(),
        }
    }

    /// Closes the Compare window, writing the settings when its ignore paths changed.
    pub(super) fn close_compare(&mut self) {
        self.state.compare = None;
        if std::mem::take(&mut self.ignore_paths_changed) {
            self.dispatch(Action::SaveSettings);
        }
    }
}

impl ExplorerApp {
    /// Reads the tab's past answers (its key is known once saved or sent).
    pub(super) fn list_answers(&mut self, tab_id: TabId) {
        let root = self.state.collection.root();
        let Some(tab) = self.state.tab_mut(tab_id) else {
            return;
        };
        if tab.answers.key.is_none() {
            tab.answers.key = tab.saved_answer_key(root.as_deref());
        }
        match tab.answers.key.clone() {
            Some(key) => self
                .worker
                .submit(Command::Answers(AnswerCommand::List { key })),
            None => {
                tab.answers.listed = true;
            }
        }
    }

    /// Reads a past answer back for the tab's viewer.
    pub(super) fn show_past_answer(&mut self, tab: TabId, summary: AnswerSummary) {
        self.worker
            .submit(Command::Answers(AnswerCommand::LoadForView {
                tab,
                summary,
            }));
    }

    /// Compares the two answers picked in the tab's past answers (the current one counts).
    pub(super) fn compare_picked_answers(&mut self, tab_id: TabId) {
        let Some(tab) = self.state.tab(tab_id) else {
            return;
        };
        let answers = &tab.answers;
        if answers.picked.len() != 2 {
            return;
        }
        // Older on the left: the current answer is the newest; past ones by time.
        let time_of = |pick: &Option<i64>| match pick {
            None => i64::MAX,
            Some(id) => answers
                .entries
                .iter()
                .find(|e| e.id == *id)
                .map_or(0, |e| e.time_ms),
        };
        let mut picks = answers.picked.clone();
        picks.sort_by_key(time_of);
        let label = |pick: &Option<i64>| match pick {
            None => "current answer".to_owned(),
            Some(id) => answers
                .entries
                .iter()
                .find(|e| e.id == *id)
                .map_or_else(|| format!("answer {id}"), crate::ui::answer_label),
        };
        let (left_label, right_label) = (label(&picks[0]), label(&picks[1]));
        let current = answers
            .latest
            .clone()
            .or_else(|| tab.state.response().cloned())
            .map(SharedBody::from);
        let title = format!("Answers of {} {}", tab.draft.method.as_str(), tab.draft.url);
        let key = answers.key.clone();
        let generation = self.new_compare_run(title, left_label, right_label, key);
        for (side, pick) in [(Side::Left, picks[0]), (Side::Right, picks[1])] {
            match pick {
                Some(id) => self
                    .worker
                    .submit(Command::Answers(AnswerCommand::LoadForCompare {
                        id,
                        side,
                        generation,
                    })),
                None => {
                    if let Some(run) = self.state.compare.as_mut() {
                        *run.side_mut(side) = match &current {
                            Some(body) => SideAnswer::Ready(body.clone()),
                            None => SideAnswer::Failed("There is no current answer.".into()),
                        };
                    }
                }
            }
        }
        self.compare_if_ready();
    }
}
