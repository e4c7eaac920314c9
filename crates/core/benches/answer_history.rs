//! Answer history benchmark (prints figures; not a test): a ~10 MB JSON answer shaped like
//! an AYON listing, recorded from memory and from a spilled file, opened again (the
//! median of several loads), and a list of 20 answers.
//!
//! Run: `cargo bench -p ayon-explorer-core --bench answer_history`
//! Target: opening a past 10 MB answer ≤ 0.5 s.

use std::time::{Duration, Instant};

use ayon_explorer_core::answer_history::{AnswerBody, AnswerStore, Limits, NewAnswer};

/// Items in the answer: about 10 MB of JSON.
const ITEMS: usize = 36_000;
/// Loads timed for the median.
const LOADS: usize = 9;

fn listing() -> Vec<u8> {
    use std::fmt::Write as _;
    let mut out = String::from(r#"{"items":["#);
    for i in 0..ITEMS {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"name":"item_{i:05}","id":"{i:032x}","version":{v},"status":"approved","data":{{"folderPath":"/assets/characters/hero_{i}","attrib":{{"fps":25.0,"frameStart":1001,"frameEnd":{end}}},"files":[{{"path":"/proj/render/item_{i}/v001/beauty.exr","size":{size}}}]}}}}"#,
            v = i % 17,
            end = 1001 + i % 300,
            size = i * 1_000 + 17,
        );
    }
    out.push_str("]}");
    out.into_bytes()
}

fn answer<'a>(key: &'a str, time_ms: i64, body: AnswerBody<'a>) -> NewAnswer<'a> {
    NewAnswer {
        request_key: key,
        time_ms,
        method: "GET",
        url: "https://ayon.example/api/projects/demo/products",
        status: Some(200),
        duration_ms: 350,
        environment: Some("prod"),
        server: Some("ayon.example"),
        request_json: r#"{"method":"GET"}"#,
        headers: &[],
        content_type: Some("application/json"),
        body,
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("answers.sqlite");
    let body = listing();
    let spilled = dir.path().join("body.json");
    std::fs::write(&spilled, &body).expect("spill");
    let mut store = AnswerStore::open(&path, Limits::default())
        .expect("open")
        .store;
    println!("answer body: {:.1} MB of JSON", body.len() as f64 / 1e6);

    let started = Instant::now();
    let id = store
        .record(&answer("big", 1, AnswerBody::Bytes(&body)))
        .expect("record");
    println!("record (from memory): {}", ms(started.elapsed()));
    let started = Instant::now();
    store
        .record(&answer("big-file", 2, AnswerBody::File(&spilled)))
        .expect("record");
    println!("record (from a spilled file): {}", ms(started.elapsed()));

    let summary = &store.list("big").expect("list")[0];
    println!(
        "compressed: {:.2} MB stored for {:.1} MB ({:.1}x)",
        summary.stored_bytes as f64 / 1e6,
        summary.size as f64 / 1e6,
        summary.size as f64 / summary.stored_bytes as f64
    );

    let mut loads: Vec<Duration> = (0..LOADS)
        .map(|_| {
            let started = Instant::now();
            let loaded = store.load(id).expect("load");
            let took = started.elapsed();
            assert_eq!(loaded.body.len(), body.len());
            took
        })
        .collect();
    loads.sort();
    println!(
        "load (open a past answer), median of {LOADS}: {} (target ≤ 500 ms)",
        ms(loads[LOADS / 2])
    );

    for t in 0..20 {
        store
            .record(&answer("twenty", t, AnswerBody::Bytes(&body[..200_000])))
            .expect("record");
    }
    let mut lists: Vec<Duration> = (0..LOADS)
        .map(|_| {
            let started = Instant::now();
            let listed = store.list("twenty").expect("list");
            let took = started.elapsed();
            assert_eq!(listed.len(), 20);
            took
        })
        .collect();
    lists.sort();
    println!(
        "list 20 answers, median of {LOADS}: {}",
        ms(lists[LOADS / 2])
    );

    drop(store);
    let started = Instant::now();
    let reopened = AnswerStore::open(&path, Limits::default()).expect("reopen");
    println!(
        "open the store ({:.1} MB file, with its check): {}",
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
        ms(started.elapsed())
    );
    drop(reopened);
}
