//! Picture and hex benchmark (prints figures; not a test): decoding the pictures the
//! response view shows (done once per response on a worker thread), and formatting the
//! hex rows of one screen at offsets all over a 100 MB memory-mapped body (done every
//! frame on the UI thread).
//!
//! Run: `cargo bench -p ayon-explorer-core --bench pictures`
//! Targets: a 2048 × 2048 PNG decodes in ≤ 0.5 s; one screen of hex rows (60) anywhere
//! in a 100 MB body ≤ 1 ms.

use std::io::Cursor;
use std::time::{Duration, Instant};

use ayon_explorer_core::body::image::{PictureFormat, decode};
use ayon_explorer_core::body::{BodyText, HexDump};

fn encoded(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x ^ y) % 256) as u8])
    });
    let mut out = Cursor::new(Vec::new());
    picture.write_to(&mut out, format).expect("encode");
    out.into_inner()
}

/// The median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    for (label, width, height, raster, format) in [
        (
            "PNG",
            2048,
            2048,
            image::ImageFormat::Png,
            PictureFormat::Png,
        ),
        (
            "JPEG",
            3000,
            2000,
            image::ImageFormat::Jpeg,
            PictureFormat::Jpeg,
        ),
        (
            "JPEG, scaled to 4096",
            6000,
            4000,
            image::ImageFormat::Jpeg,
            PictureFormat::Jpeg,
        ),
    ] {
        let bytes = encoded(width, height, raster);
        let time = median(5, || {
            let picture = decode(&bytes, format).expect("decodes");
            assert_eq!(picture.width, width);
        });
        println!(
            "decode {label} {width} x {height} ({} KB): {:.1} ms",
            bytes.len() / 1024,
            time.as_secs_f64() * 1e3
        );
    }
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="2048" height="2048">
        <circle cx="1024" cy="1024" r="900" fill="#3080ff" stroke="#000" stroke-width="20"/></svg>"##;
    let time = median(5, || {
        decode(svg, PictureFormat::Svg).expect("renders");
    });
    println!("render SVG 2048 x 2048: {:.1} ms", time.as_secs_f64() * 1e3);

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("body.bin");
    let body: Vec<u8> = (0..100 * 1024 * 1024)
        .map(|i: usize| (i * 31 % 251) as u8)
        .collect();
    std::fs::write(&path, &body).expect("write");
    drop(body);
    let dump = HexDump::new(BodyText::map_file(&path).expect("map"));
    let rows = dump.row_count();
    let mut checksum = 0usize;
    let screens = 1000;
    let start = Instant::now();
    for k in 0..screens {
        let first = (k * 7919 * 1013) % rows.saturating_sub(60).max(1);
        for i in first..first + 60 {
            checksum += dump.row(i).len();
        }
    }
    let per_screen = start.elapsed() / screens as u32;
    println!(
        "hex: 60 rows anywhere in 100 MB ({rows} rows): {:.1} µs a screen (checksum {checksum})",
        per_screen.as_secs_f64() * 1e6
    );
}
