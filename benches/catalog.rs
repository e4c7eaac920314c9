//! Endpoint catalog benchmark (prints figures; not a test): parsing and indexing AYON 1.11.2's
//! 455 KB `/openapi.json`, one search per keystroke, and the largest request-body skeleton.
//!
//! Run: `cargo bench --bench catalog`

use std::hint::black_box;
use std::time::{Duration, Instant};

use ayon_rest_explorer::catalog::{Catalog, parse_spec};

const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/ayon-1.11.2/openapi.json"
);
const RUNS: usize = 21;
/// What a user types, one keystroke at a time.
const TYPED: &[&str] = &[
    "list projects",
    "lst proj",
    "upload installer",
    "get folder",
];

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

fn main() {
    let Ok(bytes) = std::fs::read(SPEC) else {
        println!("skipped: spec absent at {SPEC}");
        return;
    };
    println!("spec: {} ({} KB)", SPEC, bytes.len() / 1024);

    let mut parse_times = Vec::new();
    let mut catalog = None;
    for _ in 0..RUNS {
        let (c, t) = timed(|| parse_spec(&bytes).map(Catalog::from_spec));
        parse_times.push(t);
        catalog = c.ok();
    }
    let Some(catalog) = catalog else {
        println!("the spec did not parse");
        return;
    };
    println!(
        "parse + index: median {} over {RUNS} runs (budget <= 100 ms); {} operations, {} groups",
        ms(median(parse_times)),
        catalog.operations.len(),
        catalog.groups.len()
    );

    for typed in TYPED {
        let mut per_key = Vec::new();
        for end in 1..=typed.len() {
            let prefix = &typed[..end];
            let times: Vec<Duration> = (0..RUNS)
                .map(|_| timed(|| black_box(catalog.search(prefix, 50))).1)
                .collect();
            per_key.push(median(times));
        }
        let max = per_key.iter().max().copied().unwrap_or_default();
        let first = catalog.search(typed, 1);
        let top = first.first().map_or("-".to_string(), |&i| {
            let op = &catalog.operations[i];
            format!("{} {}", op.method.as_str(), op.path)
        });
        println!(
            "search {typed:?} keystroke by keystroke: median {} max {} per keystroke (budget <= 5 ms); top hit {top}",
            ms(median(per_key.clone())),
            ms(max)
        );
    }

    // The largest skeleton, by serialized size.
    let largest = (0..catalog.operations.len())
        .filter_map(|i| catalog.skeleton(i).map(|s| (s.value.to_string().len(), i)))
        .max();
    let Some((size, index)) = largest else {
        println!("no operation has a JSON body");
        return;
    };
    let times: Vec<Duration> = (0..RUNS)
        .map(|_| timed(|| black_box(catalog.skeleton(index))).1)
        .collect();
    let op = &catalog.operations[index];
    let stopped = catalog.skeleton(index).map_or(0, |s| s.stopped_at.len());
    println!(
        "largest skeleton: {} {} ({} bytes of JSON, {stopped} stops): median {} (budget <= 10 ms)",
        op.method.as_str(),
        op.path,
        size,
        ms(median(times))
    );
}
