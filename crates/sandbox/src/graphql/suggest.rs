//! "Did you mean ...?" hints, worded and chosen as graphql-core does
//! (`suggestion_list`, `did_you_mean`): options within a small edit distance,
//! closest first, at most five.

/// graphql-core lists at most this many suggestions.
const MAX_SUGGESTIONS: usize = 5;

/// The options close to `input`, best first (ties in alphabetical order).
pub fn suggestion_list<'a>(input: &str, options: &[&'a str]) -> Vec<&'a str> {
    let threshold = input.chars().count() * 2 / 5 + 1;
    let mut found: Vec<(usize, &str)> = options
        .iter()
        .filter_map(|option| distance(input, option, threshold).map(|d| (d, *option)))
        .collect();
    found.sort();
    found.into_iter().map(|(_, option)| option).collect()
}

/// ` Did you mean 'a', 'b', or 'c'?`, with a leading space, or nothing.
pub fn did_you_mean(suggestions: &[&str]) -> String {
    let shown = &suggestions[..suggestions.len().min(MAX_SUGGESTIONS)];
    let quoted: Vec<String> = shown.iter().map(|s| format!("'{s}'")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => format!(" Did you mean {one}?"),
        [first, second] => format!(" Did you mean {first} or {second}?"),
        [rest @ .., last] => format!(" Did you mean {}, or {last}?", rest.join(", ")),
    }
}

/// Optimal-string-alignment distance between the lower-cased strings (0 only
/// for equal strings, 1 when they differ in case only), or `None` beyond
/// `threshold`.
fn distance(input: &str, option: &str, threshold: usize) -> Option<usize> {
    if input == option {
        return Some(0);
    }
    let a: Vec<char> = input.to_lowercase().chars().collect();
    let b: Vec<char> = option.to_lowercase().chars().collect();
    if a == b {
        return Some(1);
    }
    if a.len().abs_diff(b.len()) > threshold {
        return None;
    }
    // rows[i][j]: distance between a[..i] and b[..j].
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    let d = rows[a.len()][b.len()];
    (d <= threshold).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nope_suggests_code_and_name_as_fixture_82() {
        let fields = ["name", "projectName", "code", "active", "library", "tags"];
        let found = suggestion_list("nope", &fields);
        assert_eq!(found, ["code", "name"]);
        assert_eq!(did_you_mean(&found), " Did you mean 'code' or 'name'?");
    }

    #[test]
    fn wording_for_one_none_and_many() {
        assert_eq!(did_you_mean(&[]), "");
        assert_eq!(did_you_mean(&["a"]), " Did you mean 'a'?");
        assert_eq!(
            did_you_mean(&["a", "b", "c"]),
            " Did you mean 'a', 'b', or 'c'?"
        );
        assert_eq!(suggestion_list("NAME", &["name"]), ["name"]);
        assert!(suggestion_list("zzzzzz", &["name"]).is_empty());
    }
}
