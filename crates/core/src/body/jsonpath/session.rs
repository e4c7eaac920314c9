//! A body kept for the JSONPath filter while it is in use, on a thread of its own that
//! answers one query at a time. Queries that stream read the body each time and hold only
//! what they select; the first one that needs the whole tree has it read (as the lean tree,
//! which borrows from the body that thread owns) and kept, so typing an expression costs
//! one parse; the tree goes when the session does.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use super::{
    CompiledPath, QueryOutput, empty_output, parse_body, run_lean, run_query, run_streamed,
    without_bom,
};
use crate::body::background::JobControl;
use crate::body::text::BodyText;
use crate::json_lean;

/// A query for the session's thread.
struct Request {
    path: CompiledPath,
    show_paths: bool,
    cancelled: Arc<AtomicBool>,
    reply: Sender<Result<QueryOutput, String>>,
}

/// One body held parsed for querying; dropping the session (and any query still waiting
/// on it) frees the tree.
#[derive(Clone, Debug)]
pub struct FilterSession {
    requests: Sender<Request>,
}

/// How often a waiting query looks whether it was cancelled.
const CANCEL_POLL: Duration = Duration::from_millis(50);

impl FilterSession {
    /// Starts reading `text` in the background.
    pub fn start(text: BodyText) -> Self {
        let (requests, incoming) = mpsc::channel();
        // If the thread cannot start, queries answer with an error (the channel is closed).
        let _ = std::thread::Builder::new()
            .name("jsonpath-body".to_owned())
            .spawn(move || serve(&text, &incoming));
        Self { requests }
    }

    /// Runs `path` on the session's body and waits for the output. Errors name a body that
    /// is not JSON. Returns an empty output as soon as `control` is cancelled.
    pub fn query(
        &self,
        path: CompiledPath,
        show_paths: bool,
        control: &JobControl,
    ) -> Result<QueryOutput, String> {
        let cancelled = Arc::new(AtomicBool::new(false));
        let (reply, answer) = mpsc::channel();
        let request = Request {
            path,
            show_paths,
            cancelled: Arc::clone(&cancelled),
            reply,
        };
        if self.requests.send(request).is_err() {
            return Err("the body could not be read for JSONPath".to_owned());
        }
        loop {
            match answer.recv_timeout(CANCEL_POLL) {
                Ok(output) => return output,
                Err(RecvTimeoutError::Timeout) => {
                    if control.is_cancelled() {
                        cancelled.store(true, Ordering::Relaxed);
                        return Ok(empty_output());
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err("the body could not be read for JSONPath".to_owned());
                }
            }
        }
    }
}

/// The session's thread: parses once, then answers until every sender is gone.
fn serve(text: &BodyText, incoming: &Receiver<Request>) {
    // Parsed on the first query, so a session started and dropped at once costs nothing.
    let keys = json_lean::EscapedKeys::default();
    let mut tree: Option<Result<json_lean::Node<'_>, String>> = None;
    while let Ok(request) = incoming.recv() {
        let cancelled = || request.cancelled.load(Ordering::Relaxed);
        if cancelled() {
            continue;
        }
        let output = match (&request.path.lean, &request.path.stream, &tree) {
            // Streaming holds only what is selected; a tree already read is quicker.
            (_, Some(plan), None) => {
                run_streamed(plan, text, request.show_paths, &cancelled).map_err(|e| e.to_string())
            }
            (Some(lean), _, _) => {
                let parsed = tree.get_or_insert_with(|| {
                    json_lean::parse(without_bom(text.bytes()), &keys)
                        .map_err(|e| crate::body::JsonSyntaxError::from_serde(&e).to_string())
                });
                match parsed {
                    Ok(tree) => Ok(run_lean(lean, tree, request.show_paths, &cancelled)),
                    Err(error) => Err(error.clone()),
                }
            }
            // Not readable by the lean evaluator: the full parse, for this query only.
            (None, _, _) => parse_body(text).map_err(|e| e.to_string()).map(|value| {
                let control = JobControl::default();
                run_query(&request.path.full, &value, request.show_paths, &control)
            }),
        };
        let _ = request.reply.send(output);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::jsonpath::compile_path;

    #[test]
    fn answers_queries_on_one_parse() {
        let session = FilterSession::start(BodyText::from_string(r#"{"a":[1,2,3]}"#.to_owned()));
        let control = JobControl::default();
        let out = session
            .query(compile_path("$.a[1:]").unwrap(), false, &control)
            .unwrap();
        assert_eq!(out.count, 2);
        assert_eq!(out.document.as_str(), "[\n  2,\n  3\n]");
        let out = session
            .query(compile_path("$.a[0]").unwrap(), true, &control)
            .unwrap();
        assert_eq!(out.document.as_str(), "$['a'][0] = 1\n");
        // Needs the tree; then a streamable query runs on the tree kept.
        let out = session
            .query(compile_path("$..*").unwrap(), false, &control)
            .unwrap();
        assert_eq!(out.count, 4);
        let out = session
            .query(compile_path("$.a[-1]").unwrap(), true, &control)
            .unwrap();
        assert_eq!(out.document.as_str(), "$['a'][2] = 3\n");
    }

    #[test]
    fn a_body_that_is_not_json_is_an_error_each_time() {
        let session = FilterSession::start(BodyText::from_string("{\"a\":".to_owned()));
        let control = JobControl::default();
        for _ in 0..2 {
            let e = session.query(compile_path("$.a").unwrap(), false, &control);
            assert!(e.is_err(), "{e:?}");
        }
    }
}
