//! JSON diff benchmark (prints figures; not a test): two ~10 MB answers shaped like an
//! AYON listing, differing in 1,000 places (changed fields, removed and added items, a
//! reordering), parsed and diffed.
//!
//! Run: `cargo bench -p ayon-explorer-core --bench json_diff`
//! Targets: diff ≤ 1 s, peak memory ≤ 4x the two bodies (Linux: `VmRSS` and `VmHWM` of
//! `/proc/self/status`, the peak reset through `/proc/self/clear_refs` between phases).

use std::time::{Duration, Instant};

use ayon_explorer_core::diff::{DiffOptions, json_diff};
use serde_json::Value;

/// Items per document: about 10 MB of JSON.
const ITEMS: usize = 24_000;
/// Places where the right document differs.
const CHANGES: usize = 1_000;

fn push_item(out: &mut String, i: usize, version: usize, status: &str) {
    use std::fmt::Write as _;
    if !out.ends_with('[') {
        out.push(',');
    }
    let _ = write!(
        out,
        r#"{{"name":"item_{i:05}","id":"{i:032x}","version":{version},"active":true,"data":{{"productType":"render","folderPath":"/assets/characters/hero_{i}","status":"{status}","attrib":{{"fps":25.0,"resolutionWidth":1920,"resolutionHeight":1080,"frameStart":1001,"frameEnd":1100}},"files":[{{"path":"/proj/render/item_{i}/v001/beauty.exr","size":{size}}},{{"path":"/proj/render/item_{i}/v001/depth.exr","size":{size}}}]}}}}"#,
        size = i * 1_000 + 17,
    );
}

/// Left: every item; right: 700 versions changed, 100 statuses changed, 100 items removed,
/// 100 added, and the first 500 items moved to the end (no change when matched by name).
fn documents() -> (String, String) {
    // The right side's items as (index, version, status), in their order.
    let mut right_items = Vec::with_capacity(ITEMS + 100);
    for i in 0..ITEMS {
        // Every 24th item: 700 versions changed, 100 items removed, 100 statuses changed.
        let k = i / 24;
        match i % 24 {
            0 if k < 700 => right_items.push((i, 2, "approved")),
            0 if k < 800 => {}
            0 if k < 900 => right_items.push((i, 1, "pending")),
            _ => right_items.push((i, 1, "approved")),
        }
    }
    for i in 0..(CHANGES - 900) {
        right_items.push((ITEMS + i, 1, "approved"));
    }
    right_items.rotate_left(500);

    let mut left = String::with_capacity(11 << 20);
    left.push_str(r#"{"items":["#);
    for i in 0..ITEMS {
        push_item(&mut left, i, 1, "approved");
    }
    left.push_str(&format!(r#"],"count":{ITEMS}}}"#));
    let mut right = String::with_capacity(11 << 20);
    right.push_str(r#"{"items":["#);
    for &(i, version, status) in &right_items {
        push_item(&mut right, i, version, status);
    }
    right.push_str(&format!(r#"],"count":{}}}"#, right_items.len()));
    (left, right)
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// One `Vm...:` figure of `/proc/self/status`, in bytes (Linux only).
fn memory(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Resets the peak (`VmHWM`) to the current resident size (Linux: `clear_refs` 5).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn main() {
    let start_rss = memory("VmRSS:");
    let (left, right) = documents();
    let bodies = (left.len() + right.len()) as u64;
    println!(
        "bodies: {:.1} MB + {:.1} MB",
        mb(left.len() as u64),
        mb(right.len() as u64)
    );

    reset_peak();
    let before_parse = memory("VmRSS:");
    let mut parse_runs = Vec::new();
    let mut parsed = None;
    let mut after_parse = None;
    for _ in 0..3 {
        drop(parsed.take());
        let start = Instant::now();
        let l: Value = serde_json::from_str(&left).expect("left parses");
        let r: Value = serde_json::from_str(&right).expect("right parses");
        parse_runs.push(start.elapsed());
        parsed = Some((l, r));
        // Resident size with one pair of trees (later runs reuse freed memory).
        after_parse = after_parse.or_else(|| memory("VmRSS:"));
    }
    let (l, r) = parsed.expect("parsed");
    println!("parse both: {:?} (median of 3)", median(parse_runs));

    reset_peak();
    let options = DiffOptions::default();
    let mut diff_runs = Vec::new();
    let mut found = 0;
    for _ in 0..5 {
        let start = Instant::now();
        let changes = json_diff(&l, &r, &options);
        diff_runs.push(start.elapsed());
        found = changes.len();
    }
    let diff = median(diff_runs);
    println!("diff: {diff:?} (median of 5), changes found: {found} (expected {CHANGES})");
    assert_eq!(found, CHANGES, "the diff must find every difference");

    let ignore = DiffOptions {
        ignore: vec![
            "$..updatedAt".to_owned(),
            "$.items[*].data.files".to_owned(),
        ],
        ..DiffOptions::default()
    };
    let start = Instant::now();
    let with_ignore = json_diff(&l, &r, &ignore).len();
    println!(
        "diff with 2 ignore patterns: {:?}, changes found: {with_ignore}",
        start.elapsed()
    );
    let diff_peak = memory("VmHWM:");

    if let (Some(start_rss), Some(before_parse), Some(after_parse), Some(diff_peak)) =
        (start_rss, before_parse, after_parse, diff_peak)
    {
        let ratio = |bytes: u64| bytes as f64 / bodies as f64;
        let trees = after_parse.saturating_sub(before_parse);
        let walk = diff_peak.saturating_sub(after_parse);
        let total = diff_peak.saturating_sub(start_rss);
        println!(
            "memory: parsed trees {:.1} MB ({:.2}x the bodies), diff's own peak {:.1} MB \
             ({:.2}x), bodies + trees + diff {:.1} MB ({:.2}x); target ≤ 4x",
            mb(trees),
            ratio(trees),
            mb(walk),
            ratio(walk),
            mb(total),
            ratio(total)
        );
    } else {
        println!("memory: not available on this platform");
    }
    println!(
        "target: diff ≤ 1 s: {}",
        if diff <= Duration::from_secs(1) {
            "met"
        } else {
            "MISSED"
        }
    );
}
