//! The line diff for bodies that are not JSON.

/// What happened to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextLineKind {
    /// On both sides.
    Same,
    /// Only on the right.
    Added,
    /// Only on the left.
    Removed,
}

/// One line of a line diff, with its 1-based line numbers on each side it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLine {
    /// Same, added or removed.
    pub kind: TextLineKind,
    /// Its number on the left (none when added).
    pub left_no: Option<usize>,
    /// Its number on the right (none when removed).
    pub right_no: Option<usize>,
    /// The line, without its line ending.
    pub text: String,
}

/// Largest table (lines left × lines right, after the common start and end are set aside)
/// that gets a longest-common-subsequence diff; above it the differing middle is shown as
/// one removed block and one added block, so big bodies never cost quadratic time.
pub const MAX_LCS_CELLS: usize = 4_000_000;

/// Compares two texts line by line (`\n` or `\r\n` endings), in order of the lines.
///
/// The common first and last lines are set aside; the middle gets a longest common
/// subsequence when it fits [`MAX_LCS_CELLS`], else it is replaced as a block.
pub fn text_diff(left: &str, right: &str) -> Vec<TextLine> {
    let l: Vec<&str> = lines(left);
    let r: Vec<&str> = lines(right);
    let prefix = l.iter().zip(&r).take_while(|(a, b)| a == b).count();
    let suffix = l[prefix..]
        .iter()
        .rev()
        .zip(r[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let lm = &l[prefix..l.len() - suffix];
    let rm = &r[prefix..r.len() - suffix];

    let mut out = Vec::with_capacity(l.len().max(r.len()));
    let mut ln = 0;
    let mut rn = 0;
    let mut emit = |kind: TextLineKind, text: &str, out: &mut Vec<TextLine>| {
        let (left_no, right_no) = match kind {
            TextLineKind::Same => {
                ln += 1;
                rn += 1;
                (Some(ln), Some(rn))
            }
            TextLineKind::Removed => {
                ln += 1;
                (Some(ln), None)
            }
            TextLineKind::Added => {
                rn += 1;
                (None, Some(rn))
            }
        };
        out.push(TextLine {
            kind,
            left_no,
            right_no,
            text: text.to_owned(),
        });
    };
    for line in &l[..prefix] {
        emit(TextLineKind::Same, line, &mut out);
    }
    if lm.len().saturating_mul(rm.len()) <= MAX_LCS_CELLS {
        for (kind, text) in lcs(lm, rm) {
            emit(kind, text, &mut out);
        }
    } else {
        for line in lm {
            emit(TextLineKind::Removed, line, &mut out);
        }
        for line in rm {
            emit(TextLineKind::Added, line, &mut out);
        }
    }
    for line in &l[l.len() - suffix..] {
        emit(TextLineKind::Same, line, &mut out);
    }
    out
}

/// The lines of a text; a final line ending does not start an empty last line.
fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// Longest common subsequence of two line lists, as an edit script (removals before
/// additions where both are possible). `a.len() * b.len()` must be small.
fn lcs<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<(TextLineKind, &'a str)> {
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    // table[i * w + j]: LCS length of a[i..] and b[j..].
    let mut table = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i * w + j] = if a[i] == b[j] {
                table[(i + 1) * w + j + 1] + 1
            } else {
                table[(i + 1) * w + j].max(table[i * w + j + 1])
            };
        }
    }
    let mut script = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            script.push((TextLineKind::Same, a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || table[(i + 1) * w + j] >= table[i * w + j + 1]) {
            script.push((TextLineKind::Removed, a[i]));
            i += 1;
        } else {
            script.push((TextLineKind::Added, b[j]));
            j += 1;
        }
    }
    script
}

#[cfg(test)]
mod tests {
    use super::*;
    use TextLineKind::{Added, Removed, Same};

    fn kinds(d: &[TextLine]) -> Vec<(TextLineKind, Option<usize>, Option<usize>, &str)> {
        d.iter()
            .map(|t| (t.kind, t.left_no, t.right_no, t.text.as_str()))
            .collect()
    }

    #[test]
    fn identical_and_empty() {
        assert!(text_diff("", "").is_empty());
        let d = text_diff("a\nb\n", "a\nb");
        assert!(d.iter().all(|t| t.kind == Same));
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn one_changed_line_in_the_middle() {
        let d = text_diff("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(
            kinds(&d),
            vec![
                (Same, Some(1), Some(1), "a"),
                (Removed, Some(2), None, "b"),
                (Added, None, Some(2), "B"),
                (Same, Some(3), Some(3), "c"),
            ]
        );
    }

    #[test]
    fn insertions_and_deletions() {
        let d = text_diff("x\na\nb\nc\ny", "a\nb\nnew\nc\r\n");
        assert_eq!(
            kinds(&d),
            vec![
                (Removed, Some(1), None, "x"),
                (Same, Some(2), Some(1), "a"),
                (Same, Some(3), Some(2), "b"),
                (Added, None, Some(3), "new"),
                (Same, Some(4), Some(4), "c"),
                (Removed, Some(5), None, "y"),
            ]
        );
        let d = text_diff("", "a\nb");
        assert_eq!(
            kinds(&d),
            vec![(Added, None, Some(1), "a"), (Added, None, Some(2), "b")]
        );
    }

    #[test]
    fn big_inputs_fall_back_to_a_block() {
        // 10,000 different lines each side between a common start and end: 10^8 cells.
        let mut left = String::from("head\n");
        let mut right = String::from("head\n");
        for i in 0..10_000 {
            left.push_str(&format!("left {i}\n"));
            right.push_str(&format!("right {i}\n"));
        }
        left.push_str("tail\n");
        right.push_str("tail\n");
        let start = std::time::Instant::now();
        let d = text_diff(&left, &right);
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(d.len(), 20_002);
        assert_eq!(d[0].kind, Same);
        assert!(d[1..10_001].iter().all(|t| t.kind == Removed));
        assert!(d[10_001..20_001].iter().all(|t| t.kind == Added));
        assert_eq!(
            kinds(&d[20_001..]),
            vec![(Same, Some(10_002), Some(10_002), "tail")]
        );
    }

    #[test]
    fn big_similar_inputs_keep_their_common_lines() {
        // 100,000 lines with one change: prefix and suffix leave a tiny middle.
        let left: String = (0..100_000).map(|i| format!("line {i}\n")).collect();
        let right = left.replace("line 50000\n", "line fifty thousand\n");
        let d = text_diff(&left, &right);
        assert_eq!(d.len(), 100_001);
        let changed: Vec<_> = d.iter().filter(|t| t.kind != Same).collect();
        assert_eq!(changed.len(), 2);
        assert_eq!(changed[0].left_no, Some(50_001));
    }
}
