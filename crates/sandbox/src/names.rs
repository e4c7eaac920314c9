//! AYON's name formats (`ayon_server/types.py`): the regex text that validation
//! errors quote, and a hand-written matcher for each (the crate has no regex
//! dependency, and these patterns are simple character classes).

/// Project names (also used for project codes).
pub const PROJECT_NAME_REGEX: &str = "^[a-zA-Z0-9_]*$";
/// User names: at least two characters, alphanumeric at both ends.
pub const USER_NAME_REGEX: &str = r"^[a-zA-Z0-9][a-zA-Z0-9_.\-]*[a-zA-Z0-9]$";
/// Generic names, e.g. the `name` filter of `GET /api/projects`.
pub const NAME_REGEX: &str = r"^[a-zA-Z0-9_]([a-zA-Z0-9_\.\-]*[a-zA-Z0-9_])?$";
/// Service API keys given at user creation (checked by an `assert`).
pub const SERVICE_API_KEY_REGEX: &str = "^[a-zA-Z0-9]{32}$";
/// API keys set through `PATCH /api/users/{name}/password`.
pub const PATCH_API_KEY_REGEX: &str = "^[0-9a-f]{32}$";
/// Event IDs (and other entity IDs): 32 lowercase hex characters.
pub const EVENT_ID_REGEX: &str = "^[0-9a-f]{32}$";

/// Matches [`PROJECT_NAME_REGEX`].
pub fn is_project_name(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Matches [`USER_NAME_REGEX`].
pub fn is_user_name(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    match (chars.first(), chars.last()) {
        (Some(first), Some(last)) if chars.len() >= 2 => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && chars
                    .iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        }
        _ => false,
    }
}

/// Matches [`NAME_REGEX`].
pub fn is_name(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let edge = |c: &char| c.is_ascii_alphanumeric() || *c == '_';
    match (chars.first(), chars.last()) {
        (Some(first), Some(last)) => {
            edge(first) && edge(last) && chars.iter().all(|c| edge(c) || matches!(c, '.' | '-'))
        }
        _ => false,
    }
}

/// Matches [`SERVICE_API_KEY_REGEX`].
pub fn is_service_api_key(s: &str) -> bool {
    s.len() == 32 && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Matches [`PATCH_API_KEY_REGEX`].
pub fn is_patch_api_key(s: &str) -> bool {
    s.len() == 32
        && s.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

/// Matches [`EVENT_ID_REGEX`] (same rule as [`PATCH_API_KEY_REGEX`]).
pub fn is_event_id(s: &str) -> bool {
    is_patch_api_key(s)
}

/// SQL `ILIKE` with `_` as the one-character wildcard and `%` as any run.
pub fn ilike(value: &str, pattern: &str) -> bool {
    let v: Vec<char> = value.chars().collect();
    let p: Vec<char> = pattern.chars().collect();
    // Dynamic programming over (pattern prefix, value prefix): linear memory, no
    // backtracking, so a pattern like `%%%%%%x` cannot stall the server.
    let mut matches = vec![false; v.len() + 1];
    matches[0] = true;
    for pc in &p {
        let mut next = vec![false; v.len() + 1];
        if *pc == '%' {
            let mut any = false;
            for i in 0..=v.len() {
                any |= matches[i];
                next[i] = any;
            }
        } else {
            for i in 1..=v.len() {
                let vc = v[i - 1];
                next[i] = matches[i - 1] && (*pc == '_' || vc.to_lowercase().eq(pc.to_lowercase()));
            }
        }
        matches = next;
    }
    matches[v.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_rules() {
        assert!(is_project_name("demo_project"));
        assert!(!is_project_name("demo-project"));
        assert!(is_user_name("lab.service-1"));
        assert!(!is_user_name("a"));
        assert!(!is_user_name("-ab"));
        assert!(is_name("demo"));
        assert!(!is_name("de%mo"));
        assert!(is_service_api_key("fe26e8249ae7cfcbf6c61a9f2994b491"));
        assert!(!is_service_api_key("short"));
        assert!(!is_patch_api_key("FE26E8249AE7CFCBF6C61A9F2994B491"));
    }

    #[test]
    fn ilike_matches_case_insensitively() {
        assert!(ilike("Demo_Project", "demo_project"));
        assert!(ilike("demoXproject", "demo_project"));
        assert!(!ilike("demo", "demo_project"));
        assert!(ilike("anything", "%"));
    }
}
