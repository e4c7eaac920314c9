//! Runner benchmark (prints figures; not a test): the release binary's `run` against a
//! minimal loopback server in this process, side by side with curl in the same run.
//!
//! - 1000 sequential GETs of a 600-byte JSON in one runner process (requests per second;
//!   curl with one `--config` of the same 1000 URLs);
//! - a one-request collection: cold start wall time and peak RSS;
//! - one 100 MB JSON answer with JSONPath assertions: wall time and peak RSS.
//!
//! Run: `cargo bench --bench runner`

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;

const BIN: &str = env!("CARGO_BIN_EXE_ayon-rest-explorer");

/// A JSON answer of exactly `len` bytes.
fn small_json(len: usize) -> Vec<u8> {
    let head = r#"{"name":"admin","attrib":{"fullName":"Bench Admin","email":"admin@example.com"},"data":{"isAdmin":true},"pad":""#;
    let mut out = head.as_bytes().to_vec();
    out.resize(len - 2, b'x');
    out.extend_from_slice(b"\"}");
    out
}

/// About `target` bytes of projects, minified.
fn big_json(target: usize) -> Vec<u8> {
    let mut out = String::with_capacity(target + 256);
    out.push_str("{\"count\":0,\"projects\":[");
    let mut i = 0;
    while out.len() < target {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            "{{\"name\":\"project_{i}\",\"code\":\"p{i}\",\"active\":true,\"attrib\":{{\"fps\":25.0,\"resolutionWidth\":1920,\"description\":\"text {i}\"}}}}"
        ));
        i += 1;
    }
    out.push_str("]}");
    out.into_bytes()
}

/// Runs the binary; returns wall time, its peak RSS (bytes, as it reports it: a parent's
/// `wait4` would count this process's memory too, shared until the child's exec) and the
/// exit code.
fn measured(args: &[&str]) -> (Duration, u64, i32) {
    let started = Instant::now();
    let output = Command::new(BIN)
        .arg("run")
        .args(args)
        .arg("--report-peak-rss")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run the runner");
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let kib: u64 = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak-rss-kib:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    (wall, kib * 1024, output.status.code().unwrap_or(-1))
}

/// `runs` runs of the binary, each of which must pass: the median wall time and the
/// largest peak RSS.
fn repeated(runs: usize, args: &[&str]) -> (Duration, u64) {
    let results: Vec<(Duration, u64)> = (0..runs)
        .map(|_| {
            let (wall, rss, code) = measured(args);
            assert_eq!(code, 0, "the run must pass: {args:?}");
            (wall, rss)
        })
        .collect();
    (
        median(results.iter().map(|r| r.0).collect()),
        results.iter().map(|r| r.1).max().unwrap_or(0),
    )
}

/// The median wall time of `runs` curl runs with `args`.
fn curl(runs: usize, args: &[&str]) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let started = Instant::now();
                let status = Command::new("curl").args(args).status().expect("curl");
                assert!(status.success());
                started.elapsed()
            })
            .collect(),
    )
}

fn write_collection(dir: &Path, requests: &[(String, String)]) {
    std::fs::create_dir_all(dir).expect("collection folder");
    std::fs::write(
        dir.join("collection.yml"),
        "name: Bench\ndefaults:\n  auth_mode: none\n",
    )
    .expect("collection.yml");
    for (name, text) in requests {
        std::fs::write(dir.join(format!("{name}.yml")), text).expect("request");
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let small = small_json(600);
    let big = bytes::Bytes::from(big_json(100 * 1024 * 1024));
    let big_len = big.len();
    let base = runtime.block_on(async move {
        let app = Router::new()
            .route(
                "/small",
                get(move || {
                    let body = small.clone();
                    async move { ([("content-type", "application/json")], body) }
                }),
            )
            .route(
                "/big",
                get(move || {
                    let body = big.clone();
                    async move { ([("content-type", "application/json")], body) }
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        url
    });
    let work = tempfile::tempdir().expect("temp dir");

    // 1000 sequential GETs.
    let many = work.path().join("many");
    let requests: Vec<(String, String)> = (0..1000)
        .map(|i| {
            (
                format!("r{i:04}"),
                format!(
                    "name: Request {i}\nmethod: GET\nurl: /small\nexpect:\n  status: 200\n  json:\n    - path: $.name\n      equals: admin\n"
                ),
            )
        })
        .collect();
    write_collection(&many, &requests);
    let many_arg = many.to_str().expect("path");
    // One warm-up run, then five measured.
    repeated(1, &[many_arg, "--server", &base]);
    let (runner_wall, runner_rss) = repeated(5, &[many_arg, "--server", &base]);
    let config = work.path().join("curl.config");
    let lines: String = (0..1000)
        .map(|_| format!("url = \"{base}/small\"\noutput = \"/dev/null\"\n"))
        .collect();
    std::fs::write(&config, lines).expect("curl config");
    let config_arg = config.to_str().expect("path");
    let curl_wall = curl(5, &["-s", "--config", config_arg]);
    let rate = |wall: Duration| 1000.0 / wall.as_secs_f64();

    // Cold start: one request.
    let one = work.path().join("one");
    write_collection(
        &one,
        &[(
            "only".to_owned(),
            "name: Only\nmethod: GET\nurl: /small\nexpect:\n  status: 200\n".to_owned(),
        )],
    );
    let one_arg = one.to_str().expect("path");
    let (cold_wall, cold_rss) = repeated(21, &[one_arg, "--server", &base]);
    let small_url = format!("{base}/small");
    let curl_one = curl(21, &["-s", "-o", "/dev/null", &small_url]);

    // 100 MB with JSONPath assertions.
    let big_dir = work.path().join("big");
    write_collection(
        &big_dir,
        &[(
            "big".to_owned(),
            "name: Big\nmethod: GET\nurl: /big\nexpect:\n  status: 200\n  json:\n    - path: $.projects[1000].name\n      equals: project_1000\n    - path: $.count\n      equals: 0\n".to_owned(),
        )],
    );
    let big_arg = big_dir.to_str().expect("path");
    let (big_wall, big_rss) = repeated(3, &[big_arg, "--server", &base, "--timeout", "120"]);
    let big_url = format!("{base}/big");
    let curl_big = curl(1, &["-s", "-o", "/dev/null", &big_url]);

    println!("runner benchmark (release binary, loopback, this machine)");
    println!(
        "1000 sequential GETs of 600 B JSON, one process: runner {} = {:.0} req/s (budget >= 5000; includes start and loading 1000 files), curl --config {} = {:.0} req/s; ratio runner/curl {:.2}; runner peak RSS {}",
        ms(runner_wall),
        rate(runner_wall),
        ms(curl_wall),
        rate(curl_wall),
        rate(runner_wall) / rate(curl_wall),
        mb(runner_rss)
    );
    println!(
        "  without its cold start: {:.0} req/s",
        1000.0
            / (runner_wall.saturating_sub(cold_wall))
                .as_secs_f64()
                .max(1e-9)
    );
    println!(
        "one-request collection, cold start: runner median {} (budget <= 20 ms), peak RSS {} (budget <= 30 MB); curl median {}",
        ms(cold_wall),
        mb(cold_rss),
        ms(curl_one)
    );
    println!(
        "one {} JSON answer with 2 JSONPath assertions: runner median {}, peak RSS {} (budget <= 350 MB); curl to /dev/null {}",
        mb(big_len as u64),
        ms(big_wall),
        mb(big_rss),
        ms(curl_big)
    );
}
