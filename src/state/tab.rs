//! One request tab.

use super::{RequestDraft, RequestState};

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
}

/// Which view of the response is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ResponseTab {
    /// Pretty, highlighted body.
    #[default]
    Pretty,
    /// Body exactly as received.
    Raw,
    /// Response headers.
    Headers,
    /// What was sent.
    Request,
}

/// A request tab: the draft, its lifecycle and which sub-views are open.
#[derive(Debug, Default)]
pub struct RequestTab {
    /// Stable id (for widget ids and body-view caches).
    pub id: u64,
    /// What the user edits.
    pub draft: RequestDraft,
    /// Where the request is.
    pub state: RequestState,
    /// Open editor.
    pub editor: EditorTab,
    /// Open response view.
    pub response_tab: ResponseTab,
}
