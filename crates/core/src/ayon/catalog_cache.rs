//! The endpoint catalogs kept on disk, one file per server and server version, so the
//! catalog shows at once on the next start. Blocking: call off the UI thread.

mod error;

use std::path::{Path, PathBuf};

use super::catalog_fetch::CatalogSource;

pub use error::CatalogCacheError;

/// A folder of cached catalog sources (`<data dir>/catalogs`).
#[derive(Clone, Debug)]
pub struct CatalogCache {
    dir: PathBuf,
}

impl CatalogCache {
    /// The cache in `dir` (created on the first store).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        CatalogCache { dir: dir.into() }
    }

    /// Where the catalog of `server_url` at `version` is kept.
    fn file_for(&self, server_url: &str, version: &str) -> PathBuf {
        self.dir.join(cache_file_name(server_url, version))
    }

    /// Writes `source` (through a temporary file and a rename).
    pub fn store(&self, source: &CatalogSource) -> Result<PathBuf, CatalogCacheError> {
        crate::files::create_private_dir(&self.dir).map_err(|source| {
            CatalogCacheError::CreateFolder {
                path: self.dir.clone(),
                source,
            }
        })?;
        let path = self.file_for(&source.server_url, &source.server_version);
        let bytes = serde_json::to_vec(source).map_err(CatalogCacheError::Encode)?;
        crate::files::write_file(&path, &bytes)?;
        Ok(path)
    }

    /// The cached catalog of `server_url` at `version`, if there is one.
    pub fn load(
        &self,
        server_url: &str,
        version: &str,
    ) -> Option<Result<CatalogSource, CatalogCacheError>> {
        let path = self.file_for(server_url, version);
        path.exists().then(|| read(&path))
    }

    /// The most recently stored catalog of `server_url`, whatever its version (shown
    /// before logging in, when the version is not known yet).
    pub fn load_latest(
        &self,
        server_url: &str,
    ) -> Option<Result<CatalogSource, CatalogCacheError>> {
        let prefix = format!("{}-", server_key(server_url));
        let newest = std::fs::read_dir(&self.dir)
            .ok()?
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .max_by_key(|(modified, _)| *modified)?;
        Some(read(&newest.1))
    }
}

fn read(path: &Path) -> Result<CatalogSource, CatalogCacheError> {
    let bytes = std::fs::read(path).map_err(|source| CatalogCacheError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|source| CatalogCacheError::Damaged {
        path: path.to_path_buf(),
        source,
    })
}

/// The file name of what is cached for `server_url` at `version`: the server's key and the
/// version with anything that could leave the folder replaced (also the GraphQL schema
/// cache's naming).
pub(crate) fn cache_file_name(server_url: &str, version: &str) -> String {
    let version: String = version
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+') {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    format!("{}-{version}.json", server_key(server_url))
}

/// A short stable key for a server URL (no slashes or colons in file names).
fn server_key(server_url: &str) -> String {
    let normalized = server_url.trim().trim_end_matches('/').to_ascii_lowercase();
    crate::digest::sha256_hex(normalized.as_bytes())[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn source(server: &str, version: &str) -> CatalogSource {
        CatalogSource {
            server_url: server.into(),
            server_version: version.into(),
            spec: json!({"openapi": "3.1.0", "info": {"title": "t", "version": version}, "paths": {}}),
            addons: Vec::new(),
        }
    }

    #[test]
    fn stores_per_server_and_version() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = CatalogCache::new(dir.path().join("catalogs"));
        assert!(cache.load("http://a:5000", "1.0").is_none());
        assert!(cache.load_latest("http://a:5000").is_none());
        cache
            .store(&source("http://a:5000", "1.0"))
            .expect("stored");
        cache
            .store(&source("http://b:5000", "2.0"))
            .expect("stored");
        let loaded = cache
            .load("http://a:5000/", "1.0")
            .expect("cached")
            .expect("readable");
        assert_eq!(loaded, source("http://a:5000", "1.0"));
        assert!(cache.load("http://a:5000", "1.1").is_none());
        let latest = cache
            .load_latest("http://b:5000")
            .expect("cached")
            .expect("readable");
        assert_eq!(latest.server_version, "2.0");
    }

    #[test]
    fn a_damaged_file_says_so() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = CatalogCache::new(dir.path());
        let path = cache.store(&source("http://a", "../1 2")).expect("stored");
        assert!(
            path.starts_with(dir.path()),
            "the version cannot escape the folder"
        );
        std::fs::write(&path, b"{ not json").expect("write");
        let error = cache
            .load("http://a", "../1 2")
            .expect("present")
            .expect_err("damaged");
        assert!(error.to_string().contains("damaged"), "{error}");
        assert!(
            matches!(error, CatalogCacheError::Damaged { .. }),
            "{error:?}"
        );
    }
}
