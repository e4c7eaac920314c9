//! Benchmark of the response body path: `BodyPreview::build`, the first frame
//! that shows the body, frame times while scrolling, and peak memory.
//!
//! Run with `cargo bench --bench body_view`. Each case runs in its own child
//! process so that its peak RSS (VmHWM) is its own. Budgets (from the product
//! issue): 10 MB JSON shown <= 0.5 s, peak memory <= 4x body, and scrolling
//! frames within 16.7 ms (60 fps).

use std::process::Command;
use std::time::{Duration, Instant};

use ayon_rest_explorer::body::{BodyPreview, TextDocument, pretty_json};
use ayon_rest_explorer::ui::body_view::BodyView;
use ayon_rest_explorer::ui::highlight::{BodyKind, warm_up_highlighter};
use egui_kittest::Harness;

const MB: usize = 1024 * 1024;
const SHOWN_BUDGET: Duration = Duration::from_millis(500);
const FRAME_BUDGET_MS: f64 = 1000.0 / 60.0;
const MEMORY_BUDGET: f64 = 4.0;
const SCROLL_FRAMES: usize = 50;

const CASES: &[(&str, usize, bool)] = &[
    ("1mb-minified", MB, false),
    ("1mb-pretty", MB, true),
    ("10mb-minified", 10 * MB, false),
    ("10mb-pretty", 10 * MB, true),
];

fn main() {
    let case = std::env::args().find_map(|a| a.strip_prefix("--case=").map(str::to_owned));
    match case {
        Some(name) => match CASES.iter().find(|c| c.0 == name) {
            Some(&(name, size, pretty)) => run_case(name, size, pretty),
            None => eprintln!("unknown case {name}"),
        },
        None => run_all(),
    }
}

fn run_all() {
    println!("body_view benchmark (release; each case in its own process)");
    println!(
        "budgets: 10 MB JSON shown <= {} ms, peak memory <= {MEMORY_BUDGET}x body, scroll frames <= {FRAME_BUDGET_MS:.1} ms",
        SHOWN_BUDGET.as_millis()
    );
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("cannot find the benchmark executable");
        return;
    };
    for (name, ..) in CASES {
        match Command::new(&exe).arg(format!("--case={name}")).status() {
            Ok(status) if status.success() => {}
            other => eprintln!("case {name} failed: {other:?}"),
        }
    }
}

/// An AYON-like folder list, minified, of about `size` bytes.
fn generate_body(size: usize) -> Vec<u8> {
    let mut out = String::with_capacity(size + 4096);
    out.push_str(r#"{"folders":["#);
    let mut i: u64 = 0;
    while out.len() < size {
        if i > 0 {
            out.push(',');
        }
        let id = i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        out.push_str(&format!(
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
        ));
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
    doc: Option<TextDocument>,
    kind: BodyKind,
}

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples.get(idx).copied().unwrap_or(0.0)
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

/// Scrolls `SCROLL_FRAMES` frames, 3 rows a frame, from `start`; (p50, p99, max) ms.
fn scroll_frames(harness: &mut Harness<'_, State>, start: usize) -> (f64, f64, f64) {
    let mut samples = Vec::with_capacity(SCROLL_FRAMES);
    for k in 0..SCROLL_FRAMES {
        harness.state_mut().view.scroll_to_line(start + k * 3);
        samples.push(frame(harness));
    }
    let max = samples.iter().copied().fold(0.0, f64::max);
    (
        percentile(&mut samples, 0.5),
        percentile(&mut samples, 0.99),
        max,
    )
}

fn run_case(name: &str, size: usize, pretty: bool) {
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
                    state.view.show(ui, doc, state.kind, "bench-body");
                }
            },
            state,
        );
    harness.step();

    let body = {
        let minified = generate_body(size);
        if pretty {
            pretty_json(&minified)
                .map(String::into_bytes)
                .unwrap_or(minified)
        } else {
            minified
        }
    };
    let len = body.len();

    // `build` from borrowed bytes (copies the text it keeps).
    let t = Instant::now();
    let borrowed = BodyPreview::build(&body, Some("application/json"));
    let build = t.elapsed();
    drop(borrowed);

    let rss_base = proc_status_bytes("VmRSS:");
    let hwm_reset = reset_peak_rss();

    // Response arrives: the worker hands its bytes over (no copy of the text).
    let t = Instant::now();
    let preview = BodyPreview::from_vec(body, Some("application/json"));
    let build_owned = t.elapsed();
    let BodyPreview::Json { pretty: doc, raw } = preview else {
        eprintln!("{name}: not classified as JSON");
        return;
    };

    // The UI shows it.
    harness.state_mut().doc = Some(doc.clone());
    let t = Instant::now();
    harness.step();
    let first_frame = t.elapsed();
    let shown = build_owned + first_frame;

    let rows = doc.line_count();
    harness.state_mut().view.scroll_to_line(rows / 2);
    let jump_middle = frame(&mut harness);
    let middle = scroll_frames(&mut harness, rows / 2);
    harness.state_mut().view.scroll_to_end();
    let jump_end = frame(&mut harness);
    let end = scroll_frames(&mut harness, rows.saturating_sub(SCROLL_FRAMES * 3 + 60));

    // The raw view (for a minified body: one long line shown in chunks).
    harness.state_mut().doc = Some(raw.clone());
    let raw_first = frame(&mut harness);
    let raw_rows = raw.line_count();
    harness.state_mut().view.scroll_to_line(raw_rows / 2);
    let raw_middle = frame(&mut harness);
    harness.state_mut().view.scroll_to_end();
    let raw_end = frame(&mut harness);

    let hwm = proc_status_bytes("VmHWM:");
    // The body bytes count once (they became the raw document).
    let peak = hwm.saturating_sub(rss_base) + len;
    let ratio = peak as f64 / len as f64;
    let index_bytes = if doc.id() == raw.id() {
        doc.heap_bytes()
    } else {
        doc.heap_bytes() + raw.heap_bytes()
    };

    let big = size >= 10 * MB;
    println!();
    println!(
        "== {name}: body {:.2} MB, pretty {:.2} MB / {} rows, raw {} rows{}",
        len as f64 / MB as f64,
        doc.len_bytes() as f64 / MB as f64,
        rows,
        raw_rows,
        if doc.id() == raw.id() {
            " (shared with pretty)"
        } else {
            ""
        }
    );
    println!("  BodyPreview::build (borrowed) {:8.1} ms", ms(build));
    println!("  BodyPreview::from_vec (owned) {:8.1} ms", ms(build_owned));
    println!("  first frame showing the body  {:8.1} ms", ms(first_frame));
    println!(
        "  => shown after                {:8.1} ms   (budget {} ms{}) {}",
        ms(shown),
        SHOWN_BUDGET.as_millis(),
        if big { "" } else { ", set for 10 MB" },
        verdict(shown <= SHOWN_BUDGET)
    );
    println!("  jump to middle frame          {:8.1} ms", jump_middle);
    println!(
        "  scrolling at middle  p50 {:6.2} ms  p99 {:6.2} ms  max {:6.2} ms   (budget {FRAME_BUDGET_MS:.1} ms) {}",
        middle.0,
        middle.1,
        middle.2,
        verdict(middle.1 <= FRAME_BUDGET_MS)
    );
    println!("  jump to end frame             {:8.1} ms", jump_end);
    println!(
        "  scrolling at end     p50 {:6.2} ms  p99 {:6.2} ms  max {:6.2} ms   (budget {FRAME_BUDGET_MS:.1} ms) {}",
        end.0,
        end.1,
        end.2,
        verdict(end.1 <= FRAME_BUDGET_MS)
    );
    println!(
        "  raw view: first frame {raw_first:.1} ms, jump to middle {raw_middle:.1} ms, jump to end {raw_end:.1} ms"
    );
    println!(
        "  peak RSS {:.1} MB = {ratio:.2}x body   (budget {MEMORY_BUDGET}x) {}{}",
        peak as f64 / MB as f64,
        verdict(ratio <= MEMORY_BUDGET),
        if hwm_reset {
            ""
        } else {
            " [VmHWM could not be reset]"
        }
    );
    println!(
        "    of which documents (text + row index): {:.1} MB = {:.2}x body",
        index_bytes as f64 / MB as f64,
        index_bytes as f64 / len as f64
    );
}
