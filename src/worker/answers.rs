//! The thread that owns the response history database: masks each answer before it is
//! written, records it, lists a request's past answers, and reads one back as a response
//! the viewer shows. SQLite calls block, so they run here, never on the UI thread.

use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::mpsc;

use crate::answer_history::{
    AnswerBody, AnswerStore, AnswerSummary, Limits, NewAnswer, StoredAnswer, cut_lengths,
};
use crate::http::{Exchange, ResponseData, SentRequest, Timings};
use crate::secret::answer_mask::AnswerMask;
use crate::state::answers::AnswerToRecord;
use crate::state::compare_run::Side;
use crate::state::{CompletedResponse, RequestDraft, TabId};

use super::{Event, Waker};

/// What the keeper is asked to do.
#[derive(Debug)]
pub enum AnswerCommand {
    /// Open (or create) the database.
    Open {
        /// Its file.
        path: PathBuf,
        /// The limits.
        limits: Limits,
    },
    /// New limits (evicting what they no longer allow).
    SetLimits(Limits),
    /// Mask and keep an answer, then list its request's answers again.
    Record(Box<AnswerToRecord>),
    /// List a request's answers.
    List {
        /// The request's key.
        key: String,
    },
    /// Read one answer back for a tab's viewer.
    LoadForView {
        /// The tab.
        tab: TabId,
        /// Which answer.
        summary: AnswerSummary,
    },
    /// Read one answer's body for a side of a comparison.
    LoadForCompare {
        /// Which answer.
        id: i64,
        /// The side.
        side: Side,
        /// The comparison.
        generation: u64,
    },
}

/// Starts the keeper thread. Commands sent before `Open` are answered with a problem (no
/// data folder: history of answers is off).
pub fn spawn_answer_keeper(
    events: mpsc::Sender<Event>,
    waker: Waker,
) -> mpsc::Sender<AnswerCommand> {
    let (tx, rx) = mpsc::channel::<AnswerCommand>();
    let report = events.clone();
    let spawned = std::thread::Builder::new()
        .name("answer-history".into())
        .spawn(move || {
            let mut store: Option<AnswerStore> = None;
            while let Ok(command) = rx.recv() {
                for event in handle(&mut store, command) {
                    if events.send(event).is_err() {
                        return;
                    }
                    waker();
                }
            }
        });
    if let Err(e) = spawned {
        let _ = report.send(Event::AnswerStoreProblem {
            message: format!("The response history is off: its thread did not start ({e})."),
        });
    }
    tx
}

fn handle(store: &mut Option<AnswerStore>, command: AnswerCommand) -> Vec<Event> {
    match command {
        AnswerCommand::Open { path, limits } => match AnswerStore::open(&path, limits) {
            Ok(opened) => {
                *store = Some(opened.store);
                opened
                    .warning
                    .map(|message| Event::AnswerStoreProblem { message })
                    .into_iter()
                    .collect()
            }
            Err(e) => vec![Event::AnswerStoreProblem {
                message: format!("The response history is off: {e}"),
            }],
        },
        AnswerCommand::SetLimits(limits) => match store.as_mut().map(|s| s.set_limits(limits)) {
            Some(Err(e)) => vec![Event::AnswerStoreProblem {
                message: e.to_string(),
            }],
            _ => Vec::new(),
        },
        AnswerCommand::Record(answer) => {
            let Some(s) = store.as_mut() else {
                return Vec::new();
            };
            let key = answer.key.clone();
            let mut events = Vec::new();
            if let Err(message) = record(s, &answer) {
                events.push(Event::AnswerStoreProblem { message });
            }
            events.push(list(s, key));
            events
        }
        AnswerCommand::List { key } => match store.as_ref() {
            Some(s) => vec![list(s, key)],
            None => vec![Event::AnswersListed {
                key,
                result: Err("The response history is off (no data folder).".into()),
            }],
        },
        AnswerCommand::LoadForView { tab, summary } => {
            let result = match store.as_ref() {
                Some(s) => s
                    .load(summary.id)
                    .map(|stored| Box::new(past_response(stored)))
                    .map_err(|e| e.to_string()),
                None => Err("The response history is off.".into()),
            };
            vec![Event::PastAnswerLoaded {
                tab,
                summary,
                result,
            }]
        }
        AnswerCommand::LoadForCompare {
            id,
            side,
            generation,
        } => {
            let result = match store.as_ref() {
                Some(s) => s
                    .load(id)
                    .map(|stored| crate::state::compare::SharedBody::from(stored.body))
                    .map_err(|e| e.to_string()),
                None => Err("The response history is off.".into()),
            };
            vec![Event::CompareSideLoaded {
                side,
                generation,
                result,
            }]
        }
    }
}

fn list(store: &AnswerStore, key: String) -> Event {
    let result = store.list(&key).map_err(|e| e.to_string());
    Event::AnswersListed { key, result }
}

/// Masks and records one answer: every known secret in any encoding, credential headers,
/// and credential members of a JSON body; a body over the cap is cut first and each piece
/// masked, so a large download is never read whole.
fn record(store: &mut AnswerStore, answer: &AnswerToRecord) -> Result<i64, String> {
    let mask = AnswerMask::new(&answer.secrets);
    let exchange = &answer.response.exchange;
    let data = &exchange.response;
    let headers = mask.headers(&data.headers);
    let sent_headers = mask.headers(&exchange.request.headers);
    let request_json = serde_json::json!({
        "request": mask.text(&answer.request),
        "sentHeaders": sent_headers,
    })
    .to_string();
    let cap = store.limits().body_cap;
    let whole: Vec<u8>;
    let (head, tail): (Vec<u8>, Vec<u8>);
    let body = match &data.body_file {
        Some(file) => {
            let (head_len, tail_len) = cut_lengths(file.len, cap);
            let pieces = read_pieces(&file.path, head_len, tail_len)
                .map_err(|e| format!("Reading {} for the history: {e}", file.path.display()))?;
            if tail_len == 0 {
                whole = mask.body(&pieces.0);
                AnswerBody::Bytes(&whole)
            } else {
                (head, tail) = (mask.bytes(&pieces.0), mask.bytes(&pieces.1));
                AnswerBody::Cut {
                    head: &head,
                    tail: &tail,
                    size: file.len,
                }
            }
        }
        None => {
            // The body moved into the preview when the response was prepared.
            let bytes = answer.response.body();
            let (head_len, tail_len) = cut_lengths(bytes.len() as u64, cap);
            if tail_len == 0 {
                whole = mask.body(bytes);
                AnswerBody::Bytes(&whole)
            } else {
                let head_end = usize::try_from(head_len).unwrap_or(bytes.len());
                let tail_start = bytes.len().saturating_sub(tail_len as usize);
                (head, tail) = (
                    mask.bytes(bytes.get(..head_end).unwrap_or_default()),
                    mask.bytes(bytes.get(tail_start..).unwrap_or_default()),
                );
                AnswerBody::Cut {
                    head: &head,
                    tail: &tail,
                    size: bytes.len() as u64,
                }
            }
        }
    };
    let new = NewAnswer {
        request_key: &answer.key,
        time_ms: answer.time_ms,
        method: &answer.method,
        url: &mask.text(&answer.url),
        status: Some(data.status),
        duration_ms: answer.duration_ms,
        environment: answer.environment.as_deref(),
        server: answer.server.as_deref(),
        request_json: &request_json,
        headers: &headers,
        content_type: data.content_type(),
        body,
    };
    store.record(&new).map_err(|e| e.to_string())
}

/// The first `head` and last `tail` bytes of a file (the whole file when `tail` is 0).
fn read_pieces(
    path: &std::path::Path,
    head: u64,
    tail: u64,
) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
    let mut file = std::fs::File::open(path)?;
    let mut first = Vec::new();
    (&mut file).take(head).read_to_end(&mut first)?;
    let mut last = Vec::new();
    if tail > 0 {
        let back = i64::try_from(tail).map_err(std::io::Error::other)?;
        file.seek(SeekFrom::End(-back))?;
        file.take(tail).read_to_end(&mut last)?;
    }
    Ok((first, last))
}

/// A stored answer as a response the viewer shows (pretty, tree, find, JSONPath).
fn past_response(stored: StoredAnswer) -> CompletedResponse {
    let request: serde_json::Value = serde_json::from_str(&stored.request_json).unwrap_or_default();
    let draft = request
        .get("request")
        .and_then(serde_json::Value::as_str)
        .and_then(|text| crate::collection::history::reopen_snapshot(text).ok())
        .unwrap_or_else(|| RequestDraft::get(&stored.summary.url));
    let sent_headers = request
        .get("sentHeaders")
        .and_then(|h| serde_json::from_value::<Vec<(String, String)>>(h.clone()).ok())
        .unwrap_or_default();
    let summary = &stored.summary;
    let status = summary.status.unwrap_or(0);
    let exchange = Exchange {
        request: SentRequest {
            method: summary.method.clone(),
            url: summary.url.clone(),
            headers: sent_headers,
            body_len: 0,
        },
        redirects: Vec::new(),
        response: ResponseData {
            status,
            reason: crate::http::reason_phrase(status).unwrap_or("").to_owned(),
            version: "HTTP/1.1".to_owned(),
            headers: stored.headers,
            body: stored.body.into(),
            body_file: None,
        },
        timings: Timings {
            to_headers: std::time::Duration::ZERO,
            total: std::time::Duration::from_millis(summary.duration_ms),
        },
    };
    CompletedResponse::prepare(exchange, &draft)
}
