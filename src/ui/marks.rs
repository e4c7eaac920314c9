//! Background marks (search matches) laid over a highlighted row.

use std::ops::Range;

use egui::Color32;
use egui::text::{LayoutJob, LayoutSection};

/// Sets the background of `ranges` (byte ranges of `job.text`, sorted and
/// not overlapping) to their colour, splitting sections where a range starts
/// or ends inside one.
pub fn mark_ranges(job: &mut LayoutJob, ranges: &[(Range<usize>, Color32)]) {
    if ranges.is_empty() {
        return;
    }
    let mut out: Vec<LayoutSection> = Vec::with_capacity(job.sections.len() + ranges.len() * 2);
    for section in job.sections.drain(..) {
        let mut start = section.byte_range.start.0;
        let end = section.byte_range.end.0;
        let mut first = true;
        for (range, color) in ranges {
            if range.end <= start || range.start >= end {
                continue;
            }
            let (from, to) = (range.start.max(start), range.end.min(end));
            if from > start {
                out.push(piece(&section, start..from, None, first));
                first = false;
            }
            out.push(piece(&section, from..to, Some(*color), first));
            first = false;
            start = to;
        }
        if start < end || first {
            out.push(piece(&section, start..end, None, first));
        }
    }
    job.sections = out;
}

/// A copy of `section` over `range`, with a background when given; only the
/// first piece keeps the section's leading space.
fn piece(
    section: &LayoutSection,
    range: Range<usize>,
    background: Option<Color32>,
    first: bool,
) -> LayoutSection {
    let mut format = section.format.clone();
    if let Some(color) = background {
        format.background = color;
    }
    LayoutSection {
        leading_space: if first { section.leading_space } else { 0.0 },
        byte_range: egui::text::ByteIndex(range.start)..egui::text::ByteIndex(range.end),
        format,
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
}
