//! Running a plan: page after page over HTTP, edges merged, progress shared, Cancel
//! honoured between pages and during one.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Map, Value};
use tokio_util::sync::CancellationToken;

use super::merge::{put_merged, take_page};
use super::stop::count;
use super::{PagesPlan, PagesStop};
use crate::ayon::graphql::errors_in;
use crate::http::{ClientFor, Exchange, RequestSpec, SpecBody, execute};

/// At most this many pages are fetched unless the caller says otherwise.
pub const DEFAULT_PAGE_CAP: usize = 1000;

/// What a run shares with whoever watches it: pages and edges so far, and Cancel.
#[derive(Debug, Default)]
pub struct PagesRun {
    pages: AtomicUsize,
    edges: AtomicUsize,
    cancel: CancellationToken,
}

impl PagesRun {
    /// A run not started.
    pub fn new() -> Self {
        Self::default()
    }

    /// Pages merged so far.
    pub fn pages(&self) -> usize {
        self.pages.load(Ordering::Relaxed)
    }

    /// Edges merged so far.
    pub fn edges(&self) -> usize {
        self.edges.load(Ordering::Relaxed)
    }

    /// Asks the run to stop: the page in flight is dropped (its connection closed) and
    /// what was merged is kept.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// Whether Cancel was asked.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }
}

/// How a run ended.
#[derive(Debug)]
pub struct PagesOutcome {
    /// The answer to show: the last page's exchange whose body is the merged JSON (the
    /// first page's answer with every page's edges and the last `pageInfo`). `None` when
    /// no page answered (cancelled or failed before the first answer).
    pub answer: Option<Exchange>,
    /// Pages merged.
    pub pages: usize,
    /// Edges merged.
    pub edges: usize,
    /// Why it stopped.
    pub stop: PagesStop,
}

impl PagesOutcome {
    /// "3 pages, 250 edges".
    pub fn summary(&self) -> String {
        format!(
            "{}, {}",
            count(self.pages, "page"),
            count(self.edges, "edge")
        )
    }
}

/// The answer so far: the first page's JSON (edges taken out) and the last page's
/// exchange (status, headers), the time of every page added up.
struct Merged {
    answer: Value,
    edges: Vec<Value>,
    page_info: Value,
    exchange: Exchange,
    pages: usize,
}

/// Fetches every page of `plan` with `template` (URL, headers and limits of a prepared
/// GraphQL request; its body is replaced for each page), `variables` the request's own,
/// stopping after `cap` pages at most. Never panics on what the server sends.
pub async fn fetch_all_pages(
    client: &impl ClientFor,
    template: &RequestSpec,
    plan: &PagesPlan,
    variables: &Map<String, Value>,
    cap: usize,
    run: &PagesRun,
) -> PagesOutcome {
    let mut cursor = plan.start_cursor.clone().or_else(|| {
        variables
            .get(&plan.cursor_variable)
            .and_then(Value::as_str)
            .map(str::to_owned)
    });
    let mut seen: HashSet<String> = cursor.iter().cloned().collect();
    let mut merged: Option<Merged> = None;
    let mut page = 0;
    let stop = loop {
        if run.is_cancelled() {
            break PagesStop::Cancelled;
        }
        if page >= cap.max(1) {
            break PagesStop::PageCap { cap };
        }
        page += 1;
        let spec = page_spec(template, plan, variables, cursor.as_deref());
        let exchange = tokio::select! {
            biased;
            () = run.cancel.cancelled() => break PagesStop::Cancelled,
            result = execute(client, &spec) => result,
        };
        let exchange = match exchange {
            Ok(exchange) => exchange,
            Err(error) => break PagesStop::Http { page, error },
        };
        let (answer, this) = match read_page(&exchange, plan, page) {
            Ok(read) => read,
            Err(stopped) => {
                let (stop, errors) = *stopped;
                match merged.as_mut() {
                    // The first page's answer is shown as it came.
                    None => merged = Some(Merged::as_it_came(exchange)),
                    // A later page's errors are shown with what was merged.
                    Some(m) => {
                        if let (Value::Object(answer), Some(errors)) = (&mut m.answer, errors) {
                            answer.insert("errors".into(), errors);
                        }
                    }
                }
                break stop;
            }
        };
        let (has_next, end_cursor) = (this.has_next, this.end_cursor);
        match merged.as_mut() {
            None => {
                merged = Some(Merged {
                    answer,
                    edges: this.edges,
                    page_info: this.page_info,
                    exchange,
                    pages: 1,
                });
            }
            Some(m) => {
                m.edges.extend(this.edges);
                m.page_info = this.page_info;
                let total = m.exchange.timings.total + exchange.timings.total;
                m.exchange = exchange;
                m.exchange.timings.total = total;
                m.pages += 1;
            }
        }
        if let Some(m) = &merged {
            run.pages.store(m.pages, Ordering::Relaxed);
            run.edges.store(m.edges.len(), Ordering::Relaxed);
        }
        if !has_next {
            break PagesStop::Done;
        }
        let Some(next) = end_cursor else {
            break PagesStop::MissingCursor { page };
        };
        if !seen.insert(next.clone()) {
            break PagesStop::RepeatedCursor { cursor: next, page };
        }
        cursor = Some(next);
    };
    finish(merged, plan, stop)
}

impl Merged {
    /// A first page that is not a connection (an error, a status): kept as it came.
    fn as_it_came(exchange: Exchange) -> Merged {
        Merged {
            answer: Value::Null,
            edges: Vec::new(),
            page_info: Value::Null,
            exchange,
            pages: 0,
        }
    }
}

/// Why a page stops the run, and its `errors` list when it has one.
type Stopped = (PagesStop, Option<Value>);

/// The page's answer and connection, or why it stops the run (with the page's `errors`
/// list, when it has one).
fn read_page(
    exchange: &Exchange,
    plan: &PagesPlan,
    page: usize,
) -> Result<(Value, super::merge::Page), Box<Stopped>> {
    let status = exchange.response.status;
    if !(200..300).contains(&status) {
        return Err(Box::new((PagesStop::Status { page, status }, None)));
    }
    let body = &exchange.response.body;
    let mut answer: Value = serde_json::from_slice(body).map_err(|e| {
        let reason = format!("is not JSON ({e})");
        Box::new((PagesStop::BadAnswer { page, reason }, None))
    })?;
    if let Some(errors) = errors_in(body) {
        let first = errors
            .first()
            .map(|e| e.message.clone())
            .unwrap_or_default();
        let list = answer.get("errors").cloned();
        return Err(Box::new((PagesStop::GraphQlErrors { page, first }, list)));
    }
    let this = take_page(&mut answer, plan)
        .map_err(|reason| Box::new((PagesStop::BadAnswer { page, reason }, None)))?;
    Ok((answer, this))
}

/// The request of one page: the template with the body
/// `{"query", "variables": {..., cursor}, "operationName"}`.
fn page_spec(
    template: &RequestSpec,
    plan: &PagesPlan,
    variables: &Map<String, Value>,
    cursor: Option<&str>,
) -> RequestSpec {
    let mut variables = variables.clone();
    if let Some(cursor) = cursor {
        variables.insert(plan.cursor_variable.clone(), Value::String(cursor.into()));
    }
    let mut body = Map::new();
    body.insert("query".into(), Value::String(plan.query.clone()));
    body.insert("variables".into(), Value::Object(variables));
    if let Some(name) = &plan.operation_name {
        body.insert("operationName".into(), Value::String(name.clone()));
    }
    let mut spec = template.clone();
    // A map of strings and JSON values always serializes.
    spec.body = SpecBody::Bytes(
        serde_json::to_vec(&Value::Object(body))
            .unwrap_or_default()
            .into(),
    );
    spec
}

/// The outcome: the merged answer written into the last exchange.
fn finish(merged: Option<Merged>, plan: &PagesPlan, stop: PagesStop) -> PagesOutcome {
    let Some(Merged {
        mut answer,
        edges,
        page_info,
        mut exchange,
        pages,
    }) = merged
    else {
        return PagesOutcome {
            answer: None,
            pages: 0,
            edges: 0,
            stop,
        };
    };
    let count = edges.len();
    // `Null`: a first page that is not a connection, shown as it came.
    if !answer.is_null() {
        put_merged(&mut answer, plan, edges, page_info);
        // A tree of JSON values always serializes.
        let body = serde_json::to_vec(&answer).unwrap_or_default();
        let response = &mut exchange.response;
        for (name, value) in &mut response.headers {
            if name.eq_ignore_ascii_case("content-length") {
                *value = body.len().to_string();
            }
        }
        response.body = body.into();
    }
    PagesOutcome {
        answer: Some(exchange),
        pages,
        edges: count,
        stop,
    }
}
