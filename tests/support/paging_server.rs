//! A `/graphql` that pages a list of projects like AYON's connections: `after: $after`
//! (the variable `after`) picks where a page starts, `pageInfo { hasNextPage endCursor }`
//! says whether more follow. Faults on demand: a cursor that repeats, GraphQL errors on
//! one page, a slow answer. Every request body is kept for the test to read.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use serde_json::{Value, json};

/// How the server misbehaves.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// It pages correctly.
    None,
    /// It ignores `after` and gives the cursor `"abc"` on every page, with more to come.
    RepeatedCursor,
    /// Its answer to this request (from 1) is a GraphQL `errors` list (status 200).
    ErrorsOn(usize),
    /// Each answer waits this long.
    Slow(Duration),
}

#[derive(Clone)]
struct Paging {
    total: usize,
    page_size: usize,
    fault: Fault,
    served: Arc<AtomicUsize>,
    bodies: Arc<Mutex<Vec<Value>>>,
}

/// A running paging server.
pub struct PagingServer {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    bodies: Arc<Mutex<Vec<Value>>>,
}

impl PagingServer {
    /// The JSON bodies received so far, in order.
    pub fn bodies(&self) -> Vec<Value> {
        self.bodies.lock().map(|b| b.clone()).unwrap_or_default()
    }
}

/// The name of project `i` (`project_007`).
pub fn project_name(i: usize) -> String {
    format!("project_{i:03}")
}

/// Starts a server listing `total` projects, `page_size` a page.
pub async fn start(total: usize, page_size: usize, fault: Fault) -> PagingServer {
    let bodies = Arc::default();
    let paging = Paging {
        total,
        page_size,
        fault,
        served: Arc::default(),
        bodies: Arc::clone(&bodies),
    };
    let app = Router::new()
        .route("/graphql", post(answer))
        .with_state(paging);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    PagingServer { url, bodies }
}

async fn answer(State(paging): State<Paging>, body: Bytes) -> axum::Json<Value> {
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if let Ok(mut bodies) = paging.bodies.lock() {
        bodies.push(request.clone());
    }
    let served = paging.served.fetch_add(1, Ordering::SeqCst) + 1;
    match paging.fault {
        Fault::ErrorsOn(n) if n == served => {
            return axum::Json(json!({
                "data": null,
                "errors": [{"message": "Too many requests for this page", "path": ["projects"]}]
            }));
        }
        Fault::Slow(wait) => tokio::time::sleep(wait).await,
        _ => {}
    }
    let after = request
        .pointer("/variables/after")
        .and_then(Value::as_str)
        .and_then(|c| c.strip_prefix("cursor-"))
        .and_then(|n| n.parse::<usize>().ok());
    let start = match paging.fault {
        Fault::RepeatedCursor => 0,
        _ => after.unwrap_or(0).min(paging.total),
    };
    let end = (start + paging.page_size).min(paging.total);
    let edges: Vec<Value> = (start..end)
        .map(|i| json!({"cursor": format!("cursor-{}", i + 1), "node": {"name": project_name(i)}}))
        .collect();
    let (has_next, end_cursor) = match paging.fault {
        Fault::RepeatedCursor => (true, "abc".to_owned()),
        _ => (end < paging.total, format!("cursor-{end}")),
    };
    axum::Json(json!({
        "data": {"projects": {
            "edges": edges,
            "pageInfo": {"hasNextPage": has_next, "endCursor": end_cursor}
        }}
    }))
}
