//! Benchmark of the response body path for 1, 10 and 100 MB JSON bodies,
//! pretty-printed and minified, in memory and spilled to a file: time until
//! the first frame shows the body, frame times while scrolling through the
//! whole body, jumping to the end and resizing, and peak memory.
//!
//! Run with `cargo bench --bench body_view` (`BODY_BENCH_MAX_MB=10` skips the
//! 100 MB cases). Each case runs in its own child process so that its peak
//! RSS (VmHWM) is its own. Budgets (from the product issue): a 100 MB body
//! shown within 1.5 s, no frame over 16 ms, peak memory under 3x the body.
//!
//! The JSONPath filter's figures are its heap peak (counted by a global allocator: bytes
//! allocated beyond what was live before) and time, for the old path (a `serde_json::Value`
//! queried by `serde_json_path`) and the lean tree it now uses; budget: peak <= 2x body.

use std::alloc::{GlobalAlloc, Layout, System};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ayon_rest_explorer::body::jsonpath::{
    compile_path, parse_body, parse_path, query_body, run_query,
};
use ayon_rest_explorer::body::search::search;
use ayon_rest_explorer::body::{
    BodyPreview, JobControl, JsonTree, PrettyJson, Rows, SearchQuery, pretty_json,
};
use ayon_rest_explorer::ui::body_view::BodyView;
use ayon_rest_explorer::ui::highlight::{BodyKind, warm_up_highlighter};
use egui_kittest::Harness;

const MB: usize = 1024 * 1024;
const SHOWN_BUDGET: Duration = Duration::from_millis(1500);
const FRAME_BUDGET_MS: f64 = 16.0;
const MEMORY_BUDGET: f64 = 3.0;
/// The JSONPath filter's heap peak, as a multiple of the body.
const FILTER_MEMORY_BUDGET: f64 = 2.0;
/// Frames that visit the whole body from top to bottom.
const SWEEP_FRAMES: usize = 300;
/// Frames of wheel-like scrolling, 3 rows each.
const SCROLL_FRAMES: usize = 100;
const RESIZE_FRAMES: usize = 20;

/// (size in MB, pretty-printed body, spilled to a file and memory-mapped).
const CASES: &[(usize, bool, bool)] = &[
    (1, false, false),
    (1, true, false),
    (10, false, false),
    (10, true, false),
    (100, false, false),
    (100, true, false),
    (100, false, true),
    (100, true, true),
];

fn case_name(&(mb, pretty, spilled): &(usize, bool, bool)) -> String {
    format!(
        "{mb}mb-{}{}",
        if pretty { "pretty" } else { "minified" },
        if spilled { "-spilled" } else { "" }
    )
}

fn main() {
    let case = std::env::args().find_map(|a| a.strip_prefix("--case=").map(str::to_owned));
    match case {
        Some(name) => match CASES.iter().find(|c| case_name(c) == name) {
            Some(&(mb, pretty, spilled)) => run_case(&name, mb * MB, pretty, spilled),
            None => eprintln!("unknown case {name}"),
        },
        None => run_all(),
    }
}

fn run_all() {
    let max_mb: usize = std::env::var("BODY_BENCH_MAX_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    println!("body_view benchmark (release; each case in its own process)");
    println!(
        "budgets: 100 MB body shown <= {} ms, every frame <= {FRAME_BUDGET_MS} ms, peak RSS <= {MEMORY_BUDGET}x body",
        SHOWN_BUDGET.as_millis()
    );
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("cannot find the benchmark executable");
        return;
    };
    for case in CASES.iter().filter(|c| c.0 <= max_mb) {
        let name = case_name(case);
        match Command::new(&exe).arg(format!("--case={name}")).status() {
            Ok(status) if status.success() => {}
            other => eprintln!("case {name} failed: {other:?}"),
        }
    }
}

/// An AYON-like folder list, minified, of about `size` bytes.
fn generate_body(size: usize) -> Vec<u8> {
    use std::fmt::Write;
    let mut out = String::with_capacity(size + 4096);
    out.push_str(r#"{"folders":["#);
    let mut i: u64 = 0;
    while out.len() < size {
        if i > 0 {
            out.push(',');
        }
        let id = i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let _ = write!(
            out,
            concat!(
                r#"{{"id":"{id:016x}{i:016x}","name":"sh{i:05}","label":null,"folderType":"Shot","#,
                r#""parentId":"{id:032x}","path":"/seq/sq{sq:03}/sh{i:05}","active":true,"#,
                r#""ownAttrib":["fps","frameStart"],"attrib":{{"fps":25.0,"frameStart":1001,"#,
                r#""frameEnd":{end},"resolutionWidth":1920,"resolutionHeight":1080,"pixelAspect":1.0,"#,
                r#""clipIn":-0.5,"clipOut":1e10,"description":"Shot \"{i}\" é ü 日本 \\ path"}},"#,
                r#""data":{{}},"tags":[],"createdAt":"2024-01-01T00:00:00.000000+00:00"}}"#
            ),
            id = id,
            i = i,
            sq = i / 100,
            end = 1001 + i % 300,
        );
        i += 1;
    }
    out.push_str("]}");
    out.into_bytes()
}

/// A field of /proc/self/status, in bytes.
fn proc_status_bytes(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<usize>()
                .ok()
        })
        .map_or(0, |kb| kb * 1024)
}

/// Resets VmHWM to the current RSS (Linux >= 4.0).
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

struct State {
    view: BodyView,
    doc: Option<Box<dyn Rows>>,
    kind: BodyKind,
}

/// p50, p99 and max of frame times in ms.
fn summary(samples: &[f64]) -> (f64, f64, f64) {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |p: f64| {
        let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted.get(idx).copied().unwrap_or(0.0)
    };
    (at(0.5), at(0.99), sorted.last().copied().unwrap_or(0.0))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "OVER BUDGET" }
}

/// Times one frame.
fn frame(harness: &mut Harness<'_, State>) -> f64 {
    let t = Instant::now();
    harness.step();
    ms(t.elapsed())
}

/// Frame times while the view visits the whole document, then scrolls by
/// wheel-sized steps at the middle, jumps to the end and is resized.
fn exercise(harness: &mut Harness<'_, State>, rows: usize) -> Vec<(&'static str, Vec<f64>)> {
    let mut sweep = Vec::with_capacity(SWEEP_FRAMES);
    for k in 0..=SWEEP_FRAMES {
        harness
            .state_mut()
            .view
            .scroll_to_line(rows.saturating_mul(k) / SWEEP_FRAMES);
        sweep.push(frame(harness));
    }
    let mut wheel = Vec::with_capacity(SCROLL_FRAMES);
    for k in 0..SCROLL_FRAMES {
        harness.state_mut().view.scroll_to_line(rows / 2 + k * 3);
        wheel.push(frame(harness));
    }
    harness.state_mut().view.scroll_to_line(0);
    frame(harness);
    harness.state_mut().view.scroll_to_end();
    let end = vec![frame(harness), frame(harness)];
    let mut resize = Vec::with_capacity(RESIZE_FRAMES);
    for k in 0..RESIZE_FRAMES {
        let w = if k % 2 == 0 { 1600.0 } else { 900.0 };
        harness.set_size(egui::vec2(w, 700.0 + k as f32 * 10.0));
        resize.push(frame(harness));
    }
    harness.set_size(egui::vec2(1200.0, 800.0));
    vec![
        ("whole-body sweep", sweep),
        ("wheel scrolling", wheel),
        ("jump to end", end),
        ("resizing", resize),
    ]
}

fn run_case(name: &str, size: usize, pretty: bool, spilled: bool) {
    // The app as it is before any response: fonts loaded, highlighter warm.
    warm_up_highlighter();
    let state = State {
        view: BodyView::new(),
        doc: None,
        kind: BodyKind::Json,
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1200.0, 800.0))
        // The body has CJK text, which the default fonts draw as boxes.
        .allow_missing_glyphs()
        .build_ui_state(
            |ui, state: &mut State| {
                if let Some(doc) = &state.doc {
                    state.view.show(ui, doc.as_ref(), state.kind, "bench-body");
                }
            },
            state,
        );
    harness.step();

    // The body is generated and written to a file before measuring, so that
    // its making does not count in the peak.
    let Ok(dir) = tempfile::tempdir() else {
        eprintln!("{name}: no temporary directory");
        return;
    };
    let path = dir.path().join("body.json");
    {
        let minified = generate_body(size);
        let body = if pretty {
            pretty_json(&minified)
                .map(String::into_bytes)
                .unwrap_or(minified)
        } else {
            minified
        };
        if let Err(e) = std::fs::write(&path, &body) {
            eprintln!("{name}: cannot write the body: {e}");
            return;
        }
    }
    let rss_base = proc_status_bytes("VmRSS:");
    let hwm_reset = reset_peak_rss();

    // The response arrives: in memory (as the engine's buffer), or spilled to
    // the file; then the worker classifies and indexes it.
    let t = Instant::now();
    let preview = if spilled {
        BodyPreview::from_file(&path, Some("application/json")).ok()
    } else {
        std::fs::read(&path)
            .ok()
            .map(|body| BodyPreview::from_vec(body, Some("application/json")))
    };
    let build = t.elapsed();
    let Some(BodyPreview::Json { pretty: doc, raw }) = preview else {
        eprintln!("{name}: not classified as JSON");
        return;
    };
    let len = raw.len_bytes();

    // The UI shows it.
    harness.state_mut().doc = Some(Box::new(doc.clone()));
    let t = Instant::now();
    harness.step();
    let first_frame = t.elapsed();
    let shown = build + first_frame;

    let rows = doc.line_count();
    let pretty_frames = exercise(&mut harness, rows);

    // The raw view (for a minified body: one long line shown in chunks).
    harness.state_mut().doc = Some(Box::new(raw.clone()));
    harness.state_mut().kind = BodyKind::Plain;
    let raw_first = frame(&mut harness);
    let raw_frames = exercise(&mut harness, raw.line_count());

    let peak = proc_status_bytes("VmHWM:").saturating_sub(rss_base);
    let ratio = peak as f64 / len as f64;

    println!();
    println!(
        "== {name}: body {:.1} MB{}, pretty view {} rows, raw view {} rows",
        len as f64 / MB as f64,
        if spilled { " (memory-mapped file)" } else { "" },
        rows,
        raw.line_count(),
    );
    println!("  classify + index (worker)     {:8.1} ms", ms(build));
    println!("  first frame showing the body  {:8.1} ms", ms(first_frame));
    println!(
        "  => shown after                {:8.1} ms   (budget {} ms) {}",
        ms(shown),
        SHOWN_BUDGET.as_millis(),
        verdict(shown <= SHOWN_BUDGET)
    );
    let mut worst: f64 = raw_first;
    for (view, frames) in [("pretty", &pretty_frames), ("raw", &raw_frames)] {
        for (what, samples) in frames.iter() {
            let (p50, p99, max) = summary(samples);
            worst = worst.max(max);
            println!(
                "  {view:6} {what:17} p50 {p50:6.2} ms  p99 {p99:6.2} ms  max {max:6.2} ms  ({} frames)",
                samples.len()
            );
        }
    }
    println!(
        "  slowest frame {worst:.2} ms (budget {FRAME_BUDGET_MS} ms) {}",
        verdict(worst <= FRAME_BUDGET_MS)
    );
    // Below ~10 MB the view's fixed caches (glyphs, layout) outweigh the body.
    let memory_verdict = if len >= 10 * MB {
        verdict(ratio <= MEMORY_BUDGET)
    } else {
        "(fixed overhead dominates; budget applies from 10 MB)"
    };
    println!(
        "  peak RSS growth {:.1} MB = {ratio:.2}x body   (budget {MEMORY_BUDGET}x) {memory_verdict}{}",
        peak as f64 / MB as f64,
        if hwm_reset {
            ""
        } else {
            " [VmHWM could not be reset]"
        }
    );
    println!(
        "    of which indexes: pretty {:.1} MB, raw {:.1} MB",
        index_mb(&doc),
        (raw.heap_bytes() - raw.text().heap_bytes()) as f64 / MB as f64
    );
    tools_figures(&doc, len);
}

/// Off-the-UI-thread work on the body, timed (not part of the view's budgets).
fn tools_figures(doc: &PrettyJson, len: usize) {
    let query = SearchQuery {
        needle: "\"frameend\": 1042".to_owned(),
        case_sensitive: false,
    };
    let t = Instant::now();
    let found = search(doc, &query, &JobControl::default());
    println!(
        "  find {:?} in the pretty view (background): {} matches in {:.0} ms",
        query.needle,
        found.count,
        ms(t.elapsed())
    );
    let t = Instant::now();
    let mut tree = JsonTree::new(doc.clone());
    tree.toggle(1);
    println!(
        "  tree: root and the first {} of the folders opened in {:.1} ms",
        tree.len().saturating_sub(2),
        ms(t.elapsed())
    );
    filter_figures(doc, len);
}

/// Expressions for the filter: a filter, a descendant search, a singular path, one that
/// selects a large part of the body, a slice after a name (streamed, the array read whole),
/// and one read over the whole lean tree.
const FILTER_QUERIES: &[&str] = &[
    "$.folders[?@.attrib.frameEnd == 1042].name",
    "$..frameEnd",
    "$.folders[7].name",
    "$.folders[*].attrib",
    "$.folders[-1:].name",
    "$..[?@.frameEnd == 1042].fps",
];

/// The JSONPath filter, old path against the lean one: heap peak and time.
fn filter_figures(doc: &PrettyJson, len: usize) {
    let control = JobControl::default();
    for expression in FILTER_QUERIES {
        let (Ok(full), Ok(compiled)) = (parse_path(expression), compile_path(expression)) else {
            eprintln!("  JSONPath {expression}: does not parse");
            continue;
        };
        let (old_time, old_peak, old) = heap_peak(|| {
            parse_body(doc.text())
                .ok()
                .map(|value| run_query(&full, &value, false, &control))
        });
        let (new_time, new_peak, new) =
            heap_peak(|| query_body(&compiled, doc.text(), false, &control).ok());
        let same = match (&old, &new) {
            (Some(o), Some(n)) => o.document.as_str() == n.document.as_str(),
            _ => false,
        };
        let x = |bytes: usize| bytes as f64 / len as f64;
        println!(
            "  JSONPath filter {expression} ({} values{}): old (Value) {:.0} ms, peak {:.0} MB = \
             {:.1}x body; {} {:.0} ms, peak {:.0} MB = {:.2}x body (budget <= {FILTER_MEMORY_BUDGET}x){}",
            new.as_ref().map_or(0, |o| o.count),
            if same { "" } else { ", OUTPUTS DIFFER" },
            ms(old_time),
            old_peak as f64 / MB as f64,
            x(old_peak),
            if compiled.is_streamed() {
                "streamed"
            } else {
                "lean tree"
            },
            ms(new_time),
            new_peak as f64 / MB as f64,
            x(new_peak),
            if x(new_peak) <= FILTER_MEMORY_BUDGET {
                ""
            } else {
                " OVER BUDGET"
            },
        );
    }
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

/// Runs `f` once: its time, its peak of heap bytes beyond those live before, its result
/// (dropped outside the measure).
fn heap_peak<T>(f: impl FnOnce() -> T) -> (Duration, usize, T) {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let out = f();
    let time = start.elapsed();
    (time, PEAK.load(Ordering::Relaxed).saturating_sub(base), out)
}

fn index_mb(doc: &PrettyJson) -> f64 {
    doc.index_bytes() as f64 / MB as f64
}
