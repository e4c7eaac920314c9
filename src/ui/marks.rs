//! Marks laid over highlighted text: backgrounds (search matches) and underlines (the
//! GraphQL query's problems).

use std::ops::Range;

use egui::text::{LayoutJob, LayoutSection, TextFormat};
use egui::{Color32, Stroke};

/// Sets the background of `ranges` (byte ranges of `job.text`, sorted and
/// not overlapping) to their colour, splitting sections where a range starts
/// or ends inside one.
pub fn mark_ranges(job: &mut LayoutJob, ranges: &[(Range<usize>, Color32)]) {
    split_and_mark(job, ranges, |format, color| format.background = color);
}

/// Underlines `ranges` (byte ranges of `job.text` at character boundaries, in any order,
/// overlapping or not) with `stroke`; ranges past the text are clamped, empty ones skipped.
pub fn underline_ranges(job: &mut LayoutJob, ranges: &[Range<usize>], stroke: Stroke) {
    let len = job.text.len();
    let mut sorted: Vec<Range<usize>> = ranges
        .iter()
        .map(|r| r.start.min(len)..r.end.min(len))
        .filter(|r| r.start < r.end)
        .collect();
    sorted.sort_by_key(|r| r.start);
    let mut merged: Vec<(Range<usize>, Stroke)> = Vec::with_capacity(sorted.len());
    for range in sorted {
        match merged.last_mut() {
            Some((last, _)) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push((range, stroke)),
        }
    }
    split_and_mark(job, &merged, |format, stroke| format.underline = stroke);
}

/// Splits `job`'s sections where a range starts or ends and applies each range's mark to
/// its pieces (`ranges` sorted and not overlapping).
fn split_and_mark<M: Copy>(
    job: &mut LayoutJob,
    ranges: &[(Range<usize>, M)],
    apply: impl Fn(&mut TextFormat, M),
) {
    if ranges.is_empty() {
        return;
    }
    let mut out: Vec<LayoutSection> = Vec::with_capacity(job.sections.len() + ranges.len() * 2);
    for section in job.sections.drain(..) {
        let mut start = section.byte_range.start.0;
        let end = section.byte_range.end.0;
        let mut first = true;
        for (range, mark) in ranges {
            if range.end <= start || range.start >= end {
                continue;
            }
            let (from, to) = (range.start.max(start), range.end.min(end));
            if from > start {
                out.push(piece(&section, start..from, first));
                first = false;
            }
            let mut marked = piece(&section, from..to, first);
            apply(&mut marked.format, *mark);
            out.push(marked);
            first = false;
            start = to;
        }
        if start < end || first {
            out.push(piece(&section, start..end, first));
        }
    }
    job.sections = out;
}

/// A copy of `section` over `range`; only the first piece keeps the section's leading
/// space.
fn piece(section: &LayoutSection, range: Range<usize>, first: bool) -> LayoutSection {
    LayoutSection {
        leading_space: if first { section.leading_space } else { 0.0 },
        byte_range: egui::text::ByteIndex(range.start)..egui::text::ByteIndex(range.end),
        format: section.format.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::FontId;
    use egui::text::TextFormat;

    #[test]
    fn splits_sections_at_marks() {
        let mut job = LayoutJob::default();
        let font = FontId::monospace(12.0);
        job.append(
            "hello ",
            0.0,
            TextFormat::simple(font.clone(), Color32::WHITE),
        );
        job.append("world", 0.0, TextFormat::simple(font, Color32::GRAY));
        mark_ranges(&mut job, &[(4..8, Color32::RED)]);
        let pieces: Vec<_> = job
            .sections
            .iter()
            .map(|s| {
                (
                    s.byte_range.start.0..s.byte_range.end.0,
                    s.format.background == Color32::RED,
                )
            })
            .collect();
        assert_eq!(
            pieces,
            [(0..4, false), (4..6, true), (6..8, true), (8..11, false)]
        );
    }

    fn underlined(job: &LayoutJob) -> Vec<&str> {
        job.sections
            .iter()
            .filter(|s| s.format.underline != Stroke::NONE)
            .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
            .collect()
    }

    fn joined(job: &LayoutJob) -> String {
        job.sections
            .iter()
            .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
            .collect()
    }

    #[test]
    fn underlines_only_the_ranges_merging_overlaps() {
        let text = "{ projects { edges { node { nam } } } }";
        let mut job = LayoutJob::default();
        job.append(text, 0.0, TextFormat::default());
        let start = text.find("nam").unwrap_or_default();
        let stroke = Stroke::new(1.5, Color32::RED);
        // Given twice, overlapping, out of order, plus an empty and an overlong range.
        underline_ranges(
            &mut job,
            &[start + 1..start + 3, start..start + 2, 0..0, 200..300],
            stroke,
        );
        assert_eq!(underlined(&job), ["nam"]);
        assert_eq!(joined(&job), text, "no byte lost or repeated");
    }
}
