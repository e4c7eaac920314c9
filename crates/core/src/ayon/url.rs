//! Resolving what the user typed against the server URL.

use crate::http::HttpError;

/// Checks and tidies a server URL: http(s) only, no trailing slash.
pub fn normalize_base_url(input: &str) -> Result<url::Url, HttpError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(HttpError::InvalidUrl {
            url: input.to_string(),
            reason: "the server URL is empty (for example http://localhost:5000)".into(),
        });
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_string()
    } else {
        format!("http://{trimmed}")
    };
    let mut url = url::Url::parse(&with_scheme).map_err(|e| HttpError::InvalidUrl {
        url: input.to_string(),
        reason: e.to_string(),
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(HttpError::InvalidUrl {
            url: "(a URL with a user name or password in it)".into(),
            reason: "credentials do not belong in the server URL (it is saved to disk): use \
                     the Name and Password fields or an auth mode"
                .into(),
        });
    }
    url.set_query(None);
    url.set_fragment(None);
    if !matches!(url.scheme(), "http" | "https") {
        return Err(HttpError::InvalidUrl {
            url: input.to_string(),
            reason: format!("only http and https are supported, not {}", url.scheme()),
        });
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(HttpError::InvalidUrl {
            url: input.to_string(),
            reason: "there is no host name".into(),
        });
    }
    Ok(url)
}

/// Resolves a path relative to the server (`/api/projects`, `api/projects`) or a full URL.
pub fn resolve_url(base: &str, input: &str) -> Result<url::Url, HttpError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(HttpError::InvalidUrl {
            url: input.to_string(),
            reason: "the URL is empty: type a path such as /api/projects".into(),
        });
    }
    let lower = input.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return normalize_full(input);
    }
    if let Some((scheme, _)) = input.split_once("://") {
        return Err(HttpError::InvalidUrl {
            url: input.to_string(),
            reason: format!("only http and https are supported, not {scheme}"),
        });
    }
    let base = normalize_base_url(base)?;
    let base_text = base.as_str().trim_end_matches('/');
    let path = if input.starts_with('/') {
        input.to_string()
    } else {
        format!("/{input}")
    };
    normalize_full(&format!("{base_text}{path}"))
}

fn normalize_full(input: &str) -> Result<url::Url, HttpError> {
    let url = url::Url::parse(input).map_err(|e| HttpError::InvalidUrl {
        url: input.to_string(),
        reason: e.to_string(),
    })?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(HttpError::InvalidUrl {
            url: input.to_string(),
            reason: "there is no host name".into(),
        });
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_join_the_server_url() {
        let base = "http://localhost:5000/";
        assert_eq!(
            resolve_url(base, "/api/projects").unwrap().as_str(),
            "http://localhost:5000/api/projects"
        );
        assert_eq!(
            resolve_url(base, "api/projects?x=1").unwrap().as_str(),
            "http://localhost:5000/api/projects?x=1"
        );
        assert_eq!(
            resolve_url("http://host/ayon", "/api/info")
                .unwrap()
                .as_str(),
            "http://host/ayon/api/info"
        );
    }

    #[test]
    fn full_urls_win_over_the_server_url() {
        assert_eq!(
            resolve_url("http://a:5000", "https://b.example/x")
                .unwrap()
                .as_str(),
            "https://b.example/x"
        );
    }

    #[test]
    fn bad_input_is_named() {
        assert!(matches!(
            resolve_url("http://a", ""),
            Err(HttpError::InvalidUrl { .. })
        ));
        let err = resolve_url("http://a", "ftp://x/y")
            .unwrap_err()
            .to_string();
        assert!(err.contains("ftp"), "{err}");
        assert!(normalize_base_url("http://").is_err());
        assert_eq!(
            normalize_base_url("localhost:5000").unwrap().as_str(),
            "http://localhost:5000/"
        );
        let err = normalize_base_url("http://bob:hunter2@h")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("hunter2"), "{err}");
        assert_eq!(
            resolve_url("http://h/ayon?x=1#f", "/api/info")
                .unwrap()
                .as_str(),
            "http://h/ayon/api/info"
        );
    }
}
