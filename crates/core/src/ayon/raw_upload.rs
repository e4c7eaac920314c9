//! AYON's endpoints that take a file as the raw request body (never as a form).

/// The raw-upload endpoint `url` points to, as AYON documents it, or `None`.
///
/// `url` may be a path (`/api/addons/install?x=1`) or a full URL; `{{variables}}` in
/// other segments do not matter.
pub fn raw_upload_endpoint(url: &str) -> Option<&'static str> {
    let path = match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            rest.find('/').map_or("", |p| &rest[p..])
        }
        None => url,
    };
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let segments: Vec<&str> = path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    // A `{{base_url}}` or a reverse-proxy prefix may come before `api`.
    let from_api = segments.iter().position(|s| *s == "api")?;
    match &segments[from_api..] {
        ["api", "addons", "install"] => Some("POST /api/addons/install"),
        ["api", "desktop", "installers", _] => Some("PUT /api/desktop/installers/{filename}"),
        ["api", "desktop", "dependencyPackages", _] => {
            Some("PUT /api/desktop/dependencyPackages/{filename}")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_endpoints_are_recognised() {
        assert_eq!(
            raw_upload_endpoint("/api/addons/install"),
            Some("POST /api/addons/install")
        );
        assert_eq!(
            raw_upload_endpoint("https://ayon.studio/api/desktop/installers/a.exe?force=1"),
            Some("PUT /api/desktop/installers/{filename}")
        );
        assert_eq!(
            raw_upload_endpoint("{{base_url}}/api/desktop/dependencyPackages/x.zip"),
            Some("PUT /api/desktop/dependencyPackages/{filename}")
        );
        assert_eq!(raw_upload_endpoint("/api/desktop/installers"), None);
        assert_eq!(raw_upload_endpoint("/api/projects"), None);
    }
}
