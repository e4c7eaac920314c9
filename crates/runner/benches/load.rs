//! Loading benchmark (prints figures; not a test): how long the runner's plan takes to
//! load the 1000-request collection of the top-level runner benchmark
//! (`benches/runner.rs`): `collection.yml`, 1000 request files, the environments folder,
//! and the checks of each file. Nothing is sent.
//!
//! Run: `cargo bench -p ayon-explorer-runner --bench load`

use std::path::Path;
use std::time::{Duration, Instant};

use ayon_explorer_runner::{ReporterKind, RunOptions, plan};

/// The same files as the runner benchmark's "1000 sequential GETs" collection.
fn write_collection(dir: &Path) {
    std::fs::create_dir_all(dir).expect("collection folder");
    std::fs::write(
        dir.join("collection.yml"),
        "name: Bench\ndefaults:\n  auth_mode: none\n",
    )
    .expect("collection.yml");
    for i in 0..1000 {
        std::fs::write(
            dir.join(format!("r{i:04}.yml")),
            format!(
                "name: Request {i}\nmethod: GET\nurl: /small\nexpect:\n  status: 200\n  json:\n    - path: $.name\n      equals: admin\n"
            ),
        )
        .expect("request");
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let work = tempfile::tempdir().expect("temp dir");
    let many = work.path().join("many");
    write_collection(&many);
    let options = RunOptions {
        collection: many,
        environment: None,
        folder: None,
        request: None,
        reporter: ReporterKind::Human,
        output: None,
        bail: false,
        timeout: Duration::from_secs(30),
        server: None,
        allow_hosts: Vec::new(),
        allow_files: Vec::new(),
        skip_unreadable: false,
        save_responses: None,
    };
    let load = || {
        let started = Instant::now();
        let plan = plan(&options).expect("the collection loads");
        assert_eq!(plan.steps.len(), 1000);
        started.elapsed()
    };
    for _ in 0..5 {
        load();
    }
    let runs: Vec<Duration> = (0..41).map(|_| load()).collect();
    let fastest = runs.iter().min().copied().unwrap_or_default();
    println!(
        "loading the runner benchmark's 1000-request collection (plan: load, environments, checks): median {:.2} ms, fastest {:.2} ms over {} runs",
        median(runs.clone()).as_secs_f64() * 1000.0,
        fastest.as_secs_f64() * 1000.0,
        runs.len()
    );
}
