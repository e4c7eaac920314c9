//! "Did you mean" hints for misspelt names.

/// ` (did you mean "name"?)` for the closest candidate, or an empty string when none is
/// close: same letters ignoring case, a prefix either way, or a small edit distance.
pub(super) fn did_you_mean<'a>(typed: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let typed_lower = typed.to_lowercase();
    let limit = typed.chars().count().div_ceil(3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let lower = candidate.to_lowercase();
        let distance = if lower == typed_lower {
            0
        } else if typed_lower.len() >= 2 && lower.starts_with(&typed_lower) {
            1
        } else {
            let d = edit_distance(&typed_lower, &lower);
            if d > limit {
                continue;
            }
            d
        };
        if best.is_none_or(|(b, name)| (distance, candidate.len()) < (b, name.len())) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, name)| format!(" (did you mean \"{name}\"?)"))
        .unwrap_or_default()
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested() {
        let names = ["name", "code", "active", "folders"];
        assert_eq!(
            did_you_mean("nam", names.into_iter()),
            " (did you mean \"name\"?)"
        );
        assert_eq!(
            did_you_mean("foldrs", names.into_iter()),
            " (did you mean \"folders\"?)"
        );
        assert_eq!(did_you_mean("zzzzzz", names.into_iter()), "");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
