//! A per-test HTTP server on 127.0.0.1:0 that records every request it receives, so a test
//! can assert inside the server what really arrived (headers, body bytes).

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path_and_query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// First value of a header (case-insensitive), if it arrived.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Requests received so far, in order.
pub type Log = Arc<Mutex<Vec<Recorded>>>;

/// A running server; dropped at the end of the test with its runtime.
pub struct RecordingServer {
    pub url: String,
    pub log: Log,
}

impl RecordingServer {
    /// Everything received so far.
    pub fn received(&self) -> Vec<Recorded> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

/// Records the request, then lets `app` answer it.
pub async fn start(app: Router<Log>) -> RecordingServer {
    let log: Log = Arc::default();
    let app = app.with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    RecordingServer { url, log }
}

/// Pushes a request into the log; call it first in every handler.
pub fn record(log: &Log, method: &Method, uri: &Uri, headers: &HeaderMap, body: &Bytes) {
    let recorded = Recorded {
        method: method.to_string(),
        path_and_query: uri
            .path_and_query()
            .map(|p| p.to_string())
            .unwrap_or_default(),
        headers: headers
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: body.to_vec(),
    };
    if let Ok(mut log) = log.lock() {
        log.push(recorded);
    }
}

/// A handler that records and answers 200 `{"ok":true}`.
pub async fn record_ok(
    State(log): State<Log>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> axum::Json<serde_json::Value> {
    record(&log, &method, &uri, &headers, &body);
    axum::Json(serde_json::json!({ "ok": true }))
}
