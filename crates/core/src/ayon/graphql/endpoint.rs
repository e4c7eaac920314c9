//! Where AYON answers GraphQL: `/graphql` at the server root (no `/api` prefix).

/// Whether a URL (or path) points at a GraphQL endpoint (`/graphql`, `/graphql/`).
pub fn is_graphql_path(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let path = path.trim_end_matches('/');
    // AYON serves GraphQL outside /api (ayon-api.md §9): /api/graphql is the usual mistake.
    path.ends_with("/graphql") && !path.ends_with("/api/graphql")
}

/// `url` pointed at `/graphql` on the same server: a relative URL becomes `/graphql`;
/// a full URL keeps its scheme and host; a leading `{{base_url}}` is kept.
pub fn graphql_url(url: &str) -> String {
    let url = url.trim();
    if let Some(end) = url.find("}}").filter(|_| url.starts_with("{{")) {
        return format!("{}/graphql", &url[..end + 2]);
    }
    if let Some(scheme_end) = url.find("://") {
        let rest = &url[scheme_end + 3..];
        let host_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        return format!("{}/graphql", &url[..scheme_end + 3 + host_len]);
    }
    "/graphql".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphql_paths_are_recognised() {
        assert!(is_graphql_path("/graphql"));
        assert!(is_graphql_path("/graphql/?x=1"));
        assert!(
            is_graphql_path("https://h/ayon/graphql"),
            "a server under a base path"
        );
        assert!(!is_graphql_path("https://h/api/graphql"), "not under /api");
        assert!(is_graphql_path("{{base_url}}/graphql"));
        assert!(!is_graphql_path("/api/projects"));
        assert!(!is_graphql_path("/graphqlx"));
    }

    #[test]
    fn the_fix_keeps_the_server() {
        assert_eq!(graphql_url("/api/users/me?x=1"), "/graphql");
        assert_eq!(graphql_url(""), "/graphql");
        assert_eq!(
            graphql_url("https://ayon.example:5000/api/users"),
            "https://ayon.example:5000/graphql"
        );
        assert_eq!(graphql_url("http://h?x"), "http://h/graphql");
        assert_eq!(
            graphql_url("{{base_url}}/api/projects"),
            "{{base_url}}/graphql"
        );
    }
}
