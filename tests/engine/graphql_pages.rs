//! "Fetch all pages" over real loopback HTTP: a per-test server pages 250 projects by
//! `after:` cursors; the engine follows them, merges the edges, and stops on a repeated
//! cursor, at the page cap, on GraphQL errors and on Cancel, keeping what it merged.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value, json};

use ayon_rest_explorer::ayon::graphql_pages::{
    DEFAULT_PAGE_CAP, PagesOutcome, PagesRun, PagesStop, fetch_all_pages, plan_pages,
};
use ayon_rest_explorer::http::{HttpMethod, RequestSpec, build_client};

use crate::support::paging_server::{self, Fault, project_name};

const QUERY: &str = "{ projects(first: 100) { edges { node { name } } } }";

/// Runs QUERY against `url` to the end (or `cap`).
async fn fetch(url: &str, cap: usize, run: &PagesRun) -> PagesOutcome {
    let client = build_client().expect("a client");
    let plan = plan_pages(QUERY, None).expect("a plan");
    let mut spec = RequestSpec::new(
        HttpMethod::Post,
        url::Url::parse(&format!("{url}/graphql")).expect("url"),
    );
    spec.headers
        .push(("content-type".into(), "application/json".into()));
    fetch_all_pages(&client, &spec, &plan, &Map::new(), cap, run).await
}

fn merged(outcome: &PagesOutcome) -> Value {
    let answer = outcome.answer.as_ref().expect("an answer");
    serde_json::from_slice(&answer.response.body).expect("JSON")
}

fn names(body: &Value) -> Vec<String> {
    body.pointer("/data/projects/edges")
        .and_then(Value::as_array)
        .map(|edges| {
            edges
                .iter()
                .filter_map(|e| e.pointer("/node/name").and_then(Value::as_str))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn every_page_is_followed_and_merged() {
    let server = paging_server::start(250, 100, Fault::None).await;
    let run = PagesRun::new();
    let outcome = fetch(&server.url, DEFAULT_PAGE_CAP, &run).await;
    assert_eq!(outcome.stop, PagesStop::Done);
    assert_eq!((outcome.pages, outcome.edges), (3, 250));
    assert_eq!(outcome.summary(), "3 pages, 250 edges");
    assert_eq!((run.pages(), run.edges()), (3, 250));
    let body = merged(&outcome);
    let expected: Vec<String> = (0..250).map(project_name).collect();
    assert_eq!(names(&body), expected);
    assert_eq!(
        body.pointer("/data/projects/pageInfo"),
        Some(&json!({"hasNextPage": false, "endCursor": "cursor-250"}))
    );
    // What was sent: no cursor first, then each page's endCursor; pageInfo asked for.
    let bodies = server.bodies();
    let cursors: Vec<Option<&str>> = bodies
        .iter()
        .map(|b| b.pointer("/variables/after").and_then(Value::as_str))
        .collect();
    assert_eq!(cursors, [None, Some("cursor-100"), Some("cursor-200")]);
    let sent_query = bodies[0]["query"].as_str().unwrap_or_default();
    assert!(
        sent_query.contains("after: $after") && sent_query.contains("endCursor"),
        "{sent_query}"
    );
    let answer = outcome.answer.as_ref().expect("an answer");
    assert_eq!(answer.response.status, 200);
}

#[tokio::test]
async fn a_repeated_cursor_stops_with_its_name_and_page() {
    let server = paging_server::start(250, 100, Fault::RepeatedCursor).await;
    let outcome = fetch(&server.url, DEFAULT_PAGE_CAP, &PagesRun::new()).await;
    assert_eq!(
        outcome.stop,
        PagesStop::RepeatedCursor {
            cursor: "abc".into(),
            page: 2
        }
    );
    assert_eq!(
        outcome.stop.message(outcome.pages).as_deref(),
        Some(
            "The server gave the cursor \"abc\" again on page 2: stopped so as not to fetch \
             the same page forever (ayon-backend #931)"
        )
    );
    assert_eq!(server.bodies().len(), 2, "no third request");
    assert_eq!((outcome.pages, outcome.edges), (2, 200));
}

#[tokio::test]
async fn the_page_cap_stops_with_what_was_merged() {
    let server = paging_server::start(250, 100, Fault::None).await;
    let outcome = fetch(&server.url, 2, &PagesRun::new()).await;
    assert_eq!(outcome.stop, PagesStop::PageCap { cap: 2 });
    assert_eq!((outcome.pages, outcome.edges), (2, 200));
    assert_eq!(server.bodies().len(), 2);
    assert_eq!(names(&merged(&outcome)).len(), 200);
}

#[tokio::test]
async fn errors_in_the_second_page_stop_and_are_kept_with_the_first() {
    let server = paging_server::start(250, 100, Fault::ErrorsOn(2)).await;
    let outcome = fetch(&server.url, DEFAULT_PAGE_CAP, &PagesRun::new()).await;
    assert_eq!(
        outcome.stop,
        PagesStop::GraphQlErrors {
            page: 2,
            first: "Too many requests for this page".into()
        }
    );
    assert_eq!((outcome.pages, outcome.edges), (1, 100));
    let body = merged(&outcome);
    assert_eq!(names(&body).len(), 100);
    assert_eq!(
        body.pointer("/errors/0/message"),
        Some(&json!("Too many requests for this page"))
    );
    // On the first page: that page is the answer, as it came.
    let server = paging_server::start(250, 100, Fault::ErrorsOn(1)).await;
    let outcome = fetch(&server.url, DEFAULT_PAGE_CAP, &PagesRun::new()).await;
    assert!(matches!(
        outcome.stop,
        PagesStop::GraphQlErrors { page: 1, .. }
    ));
    assert_eq!(merged(&outcome)["data"], Value::Null);
}

#[tokio::test]
async fn a_refused_connection_is_an_http_stop_without_an_answer() {
    // A port nobody listens on (bound, then closed).
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let outcome = fetch(&url, DEFAULT_PAGE_CAP, &PagesRun::new()).await;
    assert!(matches!(outcome.stop, PagesStop::Http { page: 1, .. }));
    assert!(outcome.answer.is_none());
}

#[tokio::test]
async fn cancel_during_a_page_keeps_the_pages_merged() {
    let server = paging_server::start(1000, 100, Fault::Slow(Duration::from_millis(300))).await;
    let run = Arc::new(PagesRun::new());
    let watcher = Arc::clone(&run);
    let task = tokio::spawn({
        let url = server.url.clone();
        async move { fetch(&url, DEFAULT_PAGE_CAP, &run).await }
    });
    // Cancel once two pages are merged, while the third is in flight.
    tokio::time::timeout(Duration::from_secs(10), async {
        while watcher.pages() < 2 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("two pages within 10 s");
    watcher.cancel();
    let outcome = tokio::time::timeout(Duration::from_secs(2), task)
        .await
        .expect("Cancel does not wait for the slow page")
        .expect("the task ends");
    assert_eq!(outcome.stop, PagesStop::Cancelled);
    assert_eq!((outcome.pages, outcome.edges), (2, 200));
    assert_eq!(
        outcome.stop.message(outcome.pages).as_deref(),
        Some("Cancelled after 2 pages")
    );
    assert_eq!(names(&merged(&outcome)).len(), 200);
}
