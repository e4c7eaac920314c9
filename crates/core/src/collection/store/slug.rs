//! File names from request names: `List projects` -> `list-projects`.

use std::collections::HashSet;
use std::path::Path;

/// The longest slug, in characters.
const MAX_CHARS: usize = 60;

/// A file stem for `name`: lowercase letters and digits (any script) joined by `-`;
/// apostrophes vanish, everything else separates words. `request` when nothing is left.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if matches!(c, '\'' | '\u{2019}') {
            continue;
        }
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    let mut out: String = out.chars().take(MAX_CHARS).collect();
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "request".to_string()
    } else {
        out
    }
}

/// Stems that must not be used for requests: the format's own files and names Windows
/// reserves.
fn is_reserved(stem: &str) -> bool {
    const WINDOWS: [&str; 4] = ["con", "prn", "aux", "nul"];
    let is_device = |prefix: &str| {
        stem.strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit())
    };
    matches!(stem, "collection" | "folder")
        || WINDOWS.contains(&stem)
        || is_device("com")
        || is_device("lpt")
}

/// The names in `dir`, lowercased (file systems may ignore case).
fn taken_names(dir: &Path) -> HashSet<String> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_lowercase())
        .collect()
}

/// `base`, else `base-2`, `base-3`, ...: the first stem whose `.yml` file does not exist
/// in `dir` and is not reserved. `keep` is a stem that counts as free (the file being
/// renamed).
pub fn free_stem(dir: &Path, base: &str, keep: Option<&str>) -> String {
    let taken = taken_names(dir);
    let free = |stem: &str| {
        keep.is_some_and(|k| k.eq_ignore_ascii_case(stem))
            || (!is_reserved(stem) && !taken.contains(&format!("{}.yml", stem.to_lowercase())))
    };
    if free(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| free(s))
        .unwrap_or_else(|| base.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("List projects"), "list-projects");
        assert_eq!(slug("  Who's online?  "), "whos-online");
        assert_eq!(
            slug("Create / get / delete: project!"),
            "create-get-delete-project"
        );
        assert_eq!(slug("Résumé Ünïcode 日本"), "résumé-ünïcode-日本");
        assert_eq!(slug("GET /api/users/{name}"), "get-api-users-name");
        assert_eq!(slug("!!!"), "request");
        assert_eq!(slug(&"x".repeat(100)).chars().count(), MAX_CHARS);
    }

    #[test]
    fn reserved_stems() {
        assert!(is_reserved("folder"));
        assert!(is_reserved("com1"));
        assert!(!is_reserved("com"));
        assert!(!is_reserved("console"));
    }
}
