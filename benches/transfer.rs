//! Transfer benchmark (prints figures; not a test): a 2 GB sparse file uploaded raw to the
//! sandbox's installer endpoint, then downloaded back to disk, by the engine and by curl
//! in the same run. Prints throughput, the engine/curl ratio and this process's peak RSS
//! growth, beside the budgets (RSS growth <= 64 MB, throughput >= 0.9x curl).
//!
//! Run: `cargo bench --bench transfer` (set `TRANSFER_BENCH_MB` for another size). Each
//! figure is the median of 3 rounds that alternate whether the engine or curl goes first.
//!
//! The sandbox runs in a separate process (this bench binary started again with
//! `TRANSFER_BENCH_SERVE=1`), so the engine and curl talk to the same server outside the
//! engine's process, and the RSS figure is the engine's alone.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ayon_rest_explorer::http::{
    HttpMethod, RequestSpec, ResponseSink, SpecBody, Transfer, build_client, execute_with,
};
use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};

const RSS_BUDGET_MB: f64 = 64.0;
const RATIO_BUDGET: f64 = 0.9;
/// Rounds per figure; each alternates whether the engine or curl goes first.
const ROUNDS: usize = 3;

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs.get(runs.len() / 2).copied().unwrap_or_default()
}

/// Resident set size of this process in bytes (Linux), 0 elsewhere.
fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// Samples RSS every 20 ms until stopped; returns the peak.
struct RssWatch {
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RssWatch {
    fn start() -> RssWatch {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(rss_bytes()));
        let (s, p) = (stop.clone(), peak.clone());
        let thread = std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                p.fetch_max(rss_bytes(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        RssWatch {
            stop,
            peak,
            thread: Some(thread),
        }
    }

    fn peak(mut self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.peak.load(Ordering::Relaxed)
    }
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn rate(bytes: u64, took: Duration) -> f64 {
    mb(bytes) / took.as_secs_f64()
}

/// Writes back dirty pages so each measurement starts with an idle disk (the previous
/// transfer's gigabytes would otherwise be flushed during the next one).
fn settle_disk() {
    let _ = Command::new("sync").status();
}

fn sparse_file(dir: &Path, len: u64) -> PathBuf {
    let path = dir.join("AYON-bench-installer.bin");
    let file = std::fs::File::create(&path).expect("create the sparse file");
    file.set_len(len).expect("size the sparse file");
    path
}

/// The server process: starts the sandbox, prints `URL NAME PASSWORD`, and serves until
/// its standard input closes (the bench ends or dies).
fn serve() {
    let runtime = tokio::runtime::Runtime::new().expect("server runtime");
    let sandbox = runtime
        .block_on(Sandbox::start(SandboxConfig::default()))
        .expect("start the sandbox");
    println!(
        "{} {} {}",
        sandbox.base_url(),
        sandbox.admin_name(),
        sandbox.admin_password()
    );
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let mut sink = Vec::new();
    let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink);
    drop(sandbox);
}

/// The sandbox in its own process, stopped when dropped.
struct ServerProcess {
    child: std::process::Child,
    base: String,
    name: String,
    password: String,
}

impl ServerProcess {
    fn start() -> ServerProcess {
        let mut child = Command::new(std::env::current_exe().expect("this bench"))
            .env("TRANSFER_BENCH_SERVE", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start the server process");
        let stdout = child.stdout.take().expect("the server's stdout");
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
            .expect("the server's address");
        let mut parts = line.split_whitespace().map(str::to_owned);
        let (Some(base), Some(name), Some(password)) = (parts.next(), parts.next(), parts.next())
        else {
            panic!("the server process said {line:?}");
        };
        ServerProcess {
            child,
            base,
            name,
            password,
        }
    }
}

impl Drop for ServerProcess {
    /// Closes its input and lets it end on its own, so the sandbox removes the gigabytes
    /// it stored; killed only if it has not ended within a while.
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn main() {
    if std::env::var("TRANSFER_BENCH_SERVE").is_ok_and(|v| v == "1") {
        serve();
        return;
    }
    let size_mb: u64 = std::env::var("TRANSFER_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2048);
    let len = size_mb * 1024 * 1024;
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = ServerProcess::start();
    let base = server.base.clone();
    let client = build_client().expect("client");
    let token = runtime
        .block_on(ayon_rest_explorer::ayon::login(
            &client,
            &base,
            &server.name,
            &server.password,
            Duration::from_secs(10),
        ))
        .expect("log in to the sandbox")
        .token;
    let auth = format!("Bearer {}", token.expose());
    let dir = tempfile::tempdir().expect("temp dir");
    let source = sparse_file(dir.path(), len);
    let curl_ok = Command::new("curl").arg("--version").output().is_ok();

    let url = |path: &str| url::Url::parse(&format!("{base}{path}")).expect("url");
    let register = |name: &str| {
        let manifest = serde_json::json!({
            "filename": name,
            "platform": "linux",
            "version": format!("9.9.{}", name.len()),
            "pythonVersion": "3.11.9",
            "size": len,
        });
        let spec = RequestSpec::new(HttpMethod::Post, url("/api/desktop/installers?force=true"))
            .header("Authorization", auth.clone())
            .json_body(&manifest);
        let exchange = runtime
            .block_on(execute_with(&client, &spec, &Transfer::default()))
            .expect("register the manifest");
        assert_eq!(exchange.response.status, 201, "manifest");
    };

    let engine_upload = |name: &str| -> (Duration, u64) {
        register(name);
        let mut spec = RequestSpec::new(
            HttpMethod::Put,
            url(&format!("/api/desktop/installers/{name}")),
        )
        .header("Authorization", auth.clone())
        .header("Content-Type", "application/octet-stream")
        .timeout(Duration::from_secs(60));
        spec.body = SpecBody::File {
            path: source.clone(),
            len: None,
        };
        settle_disk();
        let before = rss_bytes();
        let watch = RssWatch::start();
        let t0 = Instant::now();
        let exchange = runtime
            .block_on(execute_with(&client, &spec, &Transfer::default()))
            .expect("engine upload");
        let took = t0.elapsed();
        let growth = watch.peak().saturating_sub(before);
        assert_eq!(exchange.response.status, 204, "engine upload answered");
        (took, growth)
    };
    let curl_upload = |name: &str| -> Duration {
        register(name);
        settle_disk();
        let t0 = Instant::now();
        let out = Command::new("curl")
            .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-T"])
            .arg(&source)
            .args(["-H", &format!("Authorization: {auth}")])
            .args(["-H", "Content-Type: application/octet-stream"])
            .arg(format!("{base}/api/desktop/installers/{name}"))
            .output()
            .expect("curl upload");
        let took = t0.elapsed();
        assert_eq!(String::from_utf8_lossy(&out.stdout), "204", "curl upload");
        took
    };
    let engine_download = || -> (Duration, u64) {
        let target = dir.path().join("downloaded-engine.bin");
        let spec = RequestSpec::new(
            HttpMethod::Get,
            url("/api/desktop/installers/bench-engine.bin"),
        )
        .header("Authorization", auth.clone())
        .timeout(Duration::from_secs(60));
        let transfer = Transfer {
            progress: None,
            sink: ResponseSink::File(target.clone()),
        };
        settle_disk();
        let before = rss_bytes();
        let watch = RssWatch::start();
        let t0 = Instant::now();
        let exchange = runtime
            .block_on(execute_with(&client, &spec, &transfer))
            .expect("engine download");
        let took = t0.elapsed();
        let growth = watch.peak().saturating_sub(before);
        assert_eq!(exchange.response.status, 200);
        assert_eq!(
            std::fs::metadata(&target).map(|m| m.len()).unwrap_or(0),
            len
        );
        let _ = std::fs::remove_file(&target);
        (took, growth)
    };
    let curl_download = || -> Duration {
        let target = dir.path().join("downloaded-curl.bin");
        settle_disk();
        let t0 = Instant::now();
        let status = Command::new("curl")
            .args(["-s", "-o"])
            .arg(&target)
            .args(["-H", &format!("Authorization: {auth}")])
            .arg(format!("{base}/api/desktop/installers/bench-engine.bin"))
            .status()
            .expect("curl download");
        let took = t0.elapsed();
        assert!(status.success());
        let _ = std::fs::remove_file(&target);
        took
    };

    // Rounds alternate who goes first: the page cache and the disk's write-back favour
    // whichever runs second otherwise.
    let mut engine_up = Vec::new();
    let mut curl_up = Vec::new();
    let mut engine_down = Vec::new();
    let mut curl_down = Vec::new();
    let mut up_growth = 0;
    let mut down_growth = 0;
    for round in 0..ROUNDS {
        let engine_first = round % 2 == 0;
        for engine_turn in [engine_first, !engine_first] {
            if engine_turn {
                let (took, growth) = engine_upload("bench-engine.bin");
                engine_up.push(took);
                up_growth = up_growth.max(growth);
            } else if curl_ok {
                curl_up.push(curl_upload("bench-curl.bin"));
            }
        }
        for engine_turn in [engine_first, !engine_first] {
            if engine_turn {
                let (took, growth) = engine_download();
                engine_down.push(took);
                down_growth = down_growth.max(growth);
            } else if curl_ok {
                curl_down.push(curl_download());
            }
        }
    }
    let (engine_up, engine_down) = (median(engine_up), median(engine_down));
    let curl_up = curl_ok.then(|| median(curl_up));
    let curl_down = curl_ok.then(|| median(curl_down));

    println!(
        "transfer of a {} MB sparse file over loopback to the sandbox in its own process, median of {ROUNDS} rounds:",
        size_mb
    );
    let report = |what: &str, engine: Duration, curl: Option<Duration>, growth: u64| {
        let growth = mb(growth);
        println!(
            "  {what}: engine {:.0} MB/s ({:.1} s), peak RSS growth {growth:.1} MB (budget <= {RSS_BUDGET_MB} MB)",
            rate(len, engine),
            engine.as_secs_f64()
        );
        match curl {
            Some(curl) => println!(
                "  {what}: curl   {:.0} MB/s ({:.1} s)   engine/curl throughput = {:.2} (budget >= {RATIO_BUDGET})",
                rate(len, curl),
                curl.as_secs_f64(),
                curl.as_secs_f64() / engine.as_secs_f64()
            ),
            None => println!("  {what}: curl not found, no ratio"),
        }
    };
    report("upload  ", engine_up, curl_up, up_growth);
    report("download", engine_down, curl_down, down_growth);
    drop(server);
}
