//! JSON diff benchmark (prints figures; not a test): two ~10 MB answers shaped like an
//! AYON listing, differing in 1,000 places (changed fields, removed and added items, a
//! reordering), compared the way the app does (`compare_bodies`, through the lean tree that
//! borrows from the bodies) and, for contrast, through `serde_json::Value` and `json_diff`.
//!
//! Run: `cargo bench -p ayon-explorer-core --bench json_diff`
//! Targets: the whole compare ≤ 1 s, its peak memory ≤ 4x the two bodies. Memory is
//! counted by a global allocator: bytes allocated beyond what was live before the phase
//! (so the bodies themselves are excluded).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ayon_explorer_core::diff::{BodyComparison, DiffOptions, compare_bodies, json_diff};
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

/// Bytes currently allocated, and the most allocated at once since the last reset.
static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting live bytes and their peak.
struct Counting;

// Reviewed exception to `unsafe_code`: a global allocator can only be written as an
// `unsafe impl`; this one hands every call to `System` unchanged and only counts sizes.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's, passed on to the system allocator.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator (that is, from `System`) with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as `dealloc`, with the caller's promise about `new_size`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

fn grew(size: usize) {
    let now = CURRENT.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` `runs` times: its median time, its largest peak of bytes beyond those live
/// before each run, and its last result.
fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, usize, T) {
    let mut times = Vec::with_capacity(runs);
    let mut peak = 0;
    let mut last = None;
    for _ in 0..runs {
        drop(last.take());
        let base = CURRENT.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let start = Instant::now();
        let out = f();
        times.push(start.elapsed());
        peak = peak.max(PEAK.load(Ordering::Relaxed).saturating_sub(base));
        last = Some(out);
    }
    times.sort();
    let last = last.expect("at least one run");
    (times[times.len() / 2], peak, last)
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn json_changes(comparison: &BodyComparison) -> usize {
    match comparison {
        BodyComparison::Json(changes) => changes.len(),
        _ => panic!("the bodies are JSON"),
    }
}

fn main() {
    let (left, right) = documents();
    let bodies = left.len() + right.len();
    println!(
        "bodies: {:.1} MB + {:.1} MB = {} bytes",
        mb(left.len()),
        mb(right.len()),
        bodies
    );
    let ratio = |bytes: usize| bytes as f64 / bodies as f64;
    let options = DiffOptions::default();

    let (time, peak, lean) = measure(5, || {
        compare_bodies(left.as_bytes(), right.as_bytes(), &options)
    });
    let found = json_changes(&lean);
    drop(lean);
    println!(
        "compare_bodies (lean tree): {time:?} (median of 5), peak {peak} bytes = {:.1} MB = \
         {:.2}x the bodies, changes found: {found} (expected {CHANGES})",
        mb(peak),
        ratio(peak)
    );
    assert_eq!(found, CHANGES, "the diff must find every difference");
    let met = time <= Duration::from_secs(1) && ratio(peak) <= 4.0;
    println!(
        "target (≤ 1 s, ≤ 4x): {}",
        if met { "met" } else { "MISSED" }
    );

    let ignore = DiffOptions {
        ignore: vec![
            "$..updatedAt".to_owned(),
            "$.items[*].data.files".to_owned(),
        ],
        ..DiffOptions::default()
    };
    let (time, peak, with_ignore) = measure(3, || {
        compare_bodies(left.as_bytes(), right.as_bytes(), &ignore)
    });
    println!(
        "compare_bodies with 2 ignore patterns: {time:?} (median of 3), peak {:.2}x, \
         changes found: {}",
        ratio(peak),
        json_changes(&with_ignore)
    );
    drop(with_ignore);

    // The Value path, for contrast: parse both into `serde_json::Value`, then `json_diff`.
    let (time, peak, value_changes) = measure(3, || {
        let l: Value = serde_json::from_str(&left).expect("left parses");
        let r: Value = serde_json::from_str(&right).expect("right parses");
        json_diff(&l, &r, &options)
    });
    println!(
        "Value path (parse + json_diff): {time:?} (median of 3), peak {peak} bytes = \
         {:.1} MB = {:.2}x the bodies, changes found: {}",
        mb(peak),
        ratio(peak),
        value_changes.len()
    );
    drop(value_changes);
    let (parse, _, parsed) = measure(3, || {
        let l: Value = serde_json::from_str(&left).expect("left parses");
        let r: Value = serde_json::from_str(&right).expect("right parses");
        (l, r)
    });
    let (l, r) = parsed;
    let (diff, _, _) = measure(5, || json_diff(&l, &r, &options));
    println!("  of which: parse both {parse:?} (median of 3), json_diff {diff:?} (median of 5)");
}
