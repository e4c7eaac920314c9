//! The app's side of "Fetch all pages": the request is prepared as for Send
//! ([`ExplorerApp::send_as`]), planned from the body as it would be sent, and run by the
//! worker; Cancel stops the run and keeps the pages merged.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::ayon::graphql_pages::{PagesPlan, PlanError, plan_request_body};
use crate::http::SpecBody;
use crate::pipeline::Prepared;
use crate::state::{RequestTab, TabPages};
use crate::worker::Command;

/// How a prepared request is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SendAs {
    /// Once, its answer to the viewer.
    View,
    /// Once, its body into the download folder.
    Download,
    /// Page after page, following the cursors of its GraphQL connection.
    AllPages,
}

/// The plan and variables of the GraphQL request as it would be sent (`{{variables}}`
/// filled in).
pub(super) fn plan_prepared(
    prepared: &Prepared,
) -> Result<(PagesPlan, Map<String, Value>), PlanError> {
    match &prepared.spec.body {
        SpecBody::Bytes(body) => plan_request_body(body),
        _ => Err(PlanError::NotGraphQl(
            "choose the GraphQL body type to fetch pages".into(),
        )),
    }
}

/// The command running every page for `tab`, whose run it records (`id` is its pending
/// id, already started).
pub(super) fn fetch_all_pages(
    tab: &mut RequestTab,
    id: crate::state::RequestId,
    prepared: Prepared,
    (plan, variables): (PagesPlan, Map<String, Value>),
) -> Command {
    let pages = TabPages::start(id);
    let run = Arc::clone(&pages.run);
    tab.pages = Some(pages);
    Command::FetchAllPages {
        id,
        prepared: Box::new(prepared),
        draft: Box::new(tab.draft.clone()),
        plan: Box::new(plan),
        variables,
        run,
    }
}

/// Cancel for a tab running "Fetch all pages": the run stops after (or during) its page
/// and the pages merged are shown. False when the tab runs no such job.
pub(super) fn cancel_pages(tab: &RequestTab) -> bool {
    match (&tab.pages, tab.state.pending_id()) {
        (Some(pages), Some(id)) if pages.id == id && pages.running() => {
            pages.run.cancel();
            true
        }
        _ => false,
    }
}
