//! One request tab.

use std::hash::{Hash, Hasher};

use super::{BodyMode, JsonError, RequestDraft, RequestState};

/// Which editor is open under the URL bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EditorTab {
    /// Query params table.
    #[default]
    Params,
    /// Headers table.
    Headers,
    /// Body editor.
    Body,
    /// Auth selector.
    Auth,
    /// Per-request options (redirects).
    Options,
    /// What the endpoint catalog says about the operation.
    Docs,
}

/// Which view of the response is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ResponseTab {
    /// Pretty, highlighted body.
    #[default]
    Pretty,
    /// A JSON body as a collapsible tree.
    Tree,
    /// Body exactly as received.
    Raw,
    /// Response headers.
    Headers,
    /// What was sent.
    Request,
    /// The request's `expect:` checks and `capture:` values.
    Tests,
}

/// The parts of a send the history records (secrets listed so they can be redacted;
/// `Debug` leaves them out).
#[derive(Clone)]
pub struct SentForHistory {
    /// Method.
    pub method: String,
    /// Full URL as sent.
    pub url: String,
    /// Values to redact.
    pub secrets: Vec<String>,
    /// When it was sent.
    pub started: std::time::Instant,
    /// The whole request as request-file text, secrets masked (see
    /// [`crate::collection::history::request_snapshot`]).
    pub request: Option<String>,
    /// The saved request's name, when it is one.
    pub name: Option<String>,
    /// The environment active at the send.
    pub environment: Option<String>,
}

impl std::fmt::Debug for SentForHistory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentForHistory")
            .field("method", &self.method)
            .field("secrets", &self.secrets.len())
            .finish_non_exhaustive()
    }
}

/// A tab's stable id. Unlike its index, it stays the same while other tabs open and
/// close, so an action or a late answer always reaches the tab it was meant for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TabId(u64);

impl From<u64> for TabId {
    fn from(raw: u64) -> Self {
        TabId(raw)
    }
}

impl std::fmt::Display for TabId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "tab {}", self.0)
    }
}

/// A request tab: the draft, its lifecycle and which sub-views are open.
#[derive(Debug, Default)]
pub struct RequestTab {
    /// Stable id (for actions, widget ids and body-view caches).
    pub id: TabId,
    /// What the user edits.
    pub draft: RequestDraft,
    /// Where the request is.
    pub state: RequestState,
    /// Open editor.
    pub editor: EditorTab,
    /// Open response view.
    pub response_tab: ResponseTab,
    /// What was sent, for the history entry written when the answer comes.
    pub sent: Option<SentForHistory>,
    /// The `x-sender` value of the last send, which the server's events name.
    pub sender: Option<String>,
    /// The last "Fetch all pages" run, while its answer is the one shown.
    pub pages: Option<super::graphql_pages::TabPages>,
    /// Where the request is saved in the open collection (relative path).
    pub source: Option<std::path::PathBuf>,
    /// The saved request's name and description, kept when saving again.
    pub saved_as: Option<(String, Option<String>)>,
    /// The draft as opened or last saved: the tab is "edited" when the draft differs.
    pub baseline: RequestDraft,
    /// The draft being saved, which becomes the baseline when the save succeeds.
    pub saving: Option<RequestDraft>,
    /// What turning a pasted curl command into this request could not carry over, or why
    /// it could not be read.
    pub paste_note: Option<String>,
    /// "Include secrets" of the Copy as menu: for the next copy only.
    pub copy_with_secrets: bool,
    /// Past answers of this request (the response history).
    pub answers: super::answers::TabAnswers,
    /// The saved file as last read or written, to notice changes made on disk.
    pub disk: Option<crate::collection::format::RequestFile>,
    /// Last JSON check of the body, keyed by a hash of the text, so typing re-checks it
    /// but idle frames do not.
    pub(super) json_check: Option<(u64, Option<JsonError>)>,
}

impl RequestTab {
    /// What the tab is called, after its method: the saved request's name, else the
    /// summary the server's catalog gives this method and path ("Get Project"), else
    /// the path itself.
    pub fn name(&self, catalog: Option<&crate::catalog::Catalog>) -> String {
        if let Some((name, _)) = &self.saved_as
            && !name.trim().is_empty()
        {
            return name.clone();
        }
        let path = crate::request::path_of(&self.draft.url).1;
        let summary = catalog
            .and_then(|c| {
                c.find(self.draft.method, path)
                    .and_then(|i| c.operations.get(i))
            })
            .map(|op| op.summary.trim())
            .filter(|summary| !summary.is_empty());
        match summary {
            Some(summary) => summary.to_owned(),
            None => {
                let title = self.draft.title();
                // `title` is "METHOD path": the path alone here.
                title
                    .split_once(' ')
                    .map_or(title.clone(), |(_, path)| path.to_owned())
            }
        }
    }

    /// The summary the server's catalog gives this method and path ("Get Project").
    pub fn catalog_summary(&self, catalog: Option<&crate::catalog::Catalog>) -> Option<String> {
        let path = crate::request::path_of(&self.draft.url).1;
        catalog
            .and_then(|c| {
                c.find(self.draft.method, path)
                    .and_then(|i| c.operations.get(i))
            })
            .map(|op| op.summary.trim())
            .filter(|summary| !summary.is_empty())
            .map(str::to_owned)
    }

    /// Takes `file` as the saved state of this tab: its name, description and content
    /// become the baseline; the draft follows too unless `keep_edits`.
    pub fn adopt_file(
        &mut self,
        file: crate::collection::format::RequestFile,
        default_mode: Option<crate::ayon::AuthMode>,
        keep_edits: bool,
    ) {
        let draft = file.to_draft_with_default_auth(default_mode);
        if !keep_edits {
            self.draft = draft.clone();
        }
        self.baseline = draft;
        self.saved_as = Some((file.name.clone(), file.description.clone()));
        self.disk = Some(file);
    }

    /// Whether the draft has changes not saved (or, for a new tab, any changes at all).
    pub fn is_edited(&self) -> bool {
        // The tables keep a blank row for adding; it is not an edit.
        fn rows(rows: &[super::KvRow]) -> impl Iterator<Item = &super::KvRow> {
            rows.iter().filter(|r| !r.is_blank())
        }
        let (a, b) = (&self.draft, &self.baseline);
        a.method != b.method
            || a.url != b.url
            || !rows(&a.params).eq(rows(&b.params))
            || a.path_params != b.path_params
            || !rows(&a.headers).eq(rows(&b.headers))
            || a.body_mode != b.body_mode
            || a.body_text != b.body_text
            || a.body_file != b.body_file
            || a.graphql != b.graphql
            || !a
                .form
                .iter()
                .filter(|r| !r.is_blank())
                .eq(b.form.iter().filter(|r| !r.is_blank()))
            || a.auth != b.auth
            || a.follow_redirects != b.follow_redirects
            || a.expect != b.expect
            || a.capture != b.capture
    }

    /// The body's JSON syntax error, re-parsed only when the body changed.
    pub fn json_error(&mut self) -> Option<JsonError> {
        if self.draft.body_mode != BodyMode::Json {
            return None;
        }
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.draft.body_text.hash(&mut hasher);
        let key = hasher.finish();
        match &self.json_check {
            Some((k, result)) if *k == key => result.clone(),
            _ => {
                let result = self.draft.json_error();
                self.json_check = Some((key, result.clone()));
                result
            }
        }
    }
}
