//! Fetch benchmark (prints figures; not a test): the engine against curl, fetching a 10 MB
//! JSON body from a loopback server, and the time to prepare it for display (classify,
//! pretty-print, line index) off the UI thread.
//!
//! Run: `cargo bench --bench fetch`

use std::process::Command;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;

use ayon_rest_explorer::http::{HttpMethod, RequestSpec, build_client, execute};
use ayon_rest_explorer::state::{CompletedResponse, RequestDraft};

const RUNS: usize = 15;

fn body_of(target_bytes: usize) -> Vec<u8> {
    let mut out = String::from("{\"projects\":[");
    let mut i = 0;
    while out.len() < target_bytes {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            "{{\"name\":\"project_{i}\",\"code\":\"p{i}\",\"active\":true,\"attrib\":{{\"fps\":25.0,\"resolutionWidth\":1920,\"description\":\"Ünïcode \\\"quoted\\\" text {i}\"}}}}"
        ));
        i += 1;
    }
    out.push_str("]}");
    out.into_bytes()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let body = body_of(10 * 1024 * 1024);
    let size = body.len();
    let url = runtime.block_on(async move {
        let app = Router::new().route(
            "/big",
            get(move || {
                let body = body.clone();
                async move { ([("content-type", "application/json")], body) }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/big", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        url
    });

    let client = build_client().expect("client");
    let spec = RequestSpec::new(HttpMethod::Get, url::Url::parse(&url).expect("url"))
        .timeout(Duration::from_secs(60));
    let mut fetch = Vec::new();
    let mut prepare = Vec::new();
    for _ in 0..RUNS {
        let t0 = Instant::now();
        let exchange = runtime.block_on(execute(&client, &spec)).expect("fetch");
        fetch.push(t0.elapsed());
        assert_eq!(exchange.response.body.len(), size);
        let t1 = Instant::now();
        let prepared = CompletedResponse::prepare(exchange, &RequestDraft::default());
        prepare.push(t1.elapsed());
        drop(prepared);
    }

    let mut curl = Vec::new();
    let curl_ok = Command::new("curl").arg("--version").output().is_ok();
    if curl_ok {
        for _ in 0..RUNS {
            let t0 = Instant::now();
            let status = Command::new("curl")
                .args(["-s", "-o", "/dev/null", &url])
                .status()
                .expect("curl");
            curl.push(t0.elapsed());
            assert!(status.success());
        }
    }

    println!(
        "fetch of a {:.1} MB JSON body over loopback, median of {RUNS} runs:",
        size as f64 / 1048576.0
    );
    let engine = median(fetch);
    println!("  engine fetch (whole body in memory): {}", ms(engine));
    if curl_ok {
        let curl = median(curl);
        println!(
            "  curl -s -o /dev/null (incl. process start): {}   engine/curl = {:.2}",
            ms(curl),
            engine.as_secs_f64() / curl.as_secs_f64()
        );
    } else {
        println!("  curl not found: no ratio");
    }
    println!(
        "  prepare for display (classify + pretty-print + line index, off the UI thread): {}",
        ms(median(prepare))
    );
}
