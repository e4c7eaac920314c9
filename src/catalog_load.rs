//! The catalog loads the worker runs: from the cache, from the server, or from a spec
//! file. Disk reads and indexing run on blocking threads, never on the UI thread.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::ayon::catalog_cache::CatalogCache;
use crate::ayon::catalog_fetch::{
    CatalogError, CatalogSource, CatalogTarget, addon_versions, fetch_catalog, server_version,
    source_from_file,
};
use crate::secret::Secret;
use crate::state::{CatalogFailure, CatalogLoaded, CatalogOrigin};

/// What a server load needs (`Debug` shows the token as `Secret(***)`).
#[derive(Debug)]
pub struct ServerLoad {
    /// Server URL.
    pub server_url: String,
    /// Session token.
    pub token: Option<Secret>,
    /// Limit per request.
    pub timeout: Duration,
    /// Where catalogs are cached (`None`: not cached).
    pub cache: Option<CatalogCache>,
    /// Fetch even when this server version is cached.
    pub refresh: bool,
}

fn failure(message: impl Into<String>) -> CatalogFailure {
    CatalogFailure {
        message: message.into(),
        refused: false,
    }
}

/// Indexes `source` on a blocking thread.
async fn index(
    source: CatalogSource,
    origin: CatalogOrigin,
    warnings: Vec<String>,
) -> Result<CatalogLoaded, CatalogFailure> {
    tokio::task::spawn_blocking(move || CatalogLoaded {
        catalog: Arc::new(source.build()),
        origin,
        warnings,
    })
    .await
    .map_err(|e| failure(format!("Indexing the catalog failed: {e}")))
}

/// The server's catalog: the cached one for its current version unless `refresh`,
/// else fetched (and then cached).
pub async fn from_server(
    client: &impl crate::http::ClientFor,
    load: ServerLoad,
) -> Result<CatalogLoaded, CatalogFailure> {
    let target = CatalogTarget {
        base: &load.server_url,
        token: load.token.as_ref().map(Secret::expose),
        timeout: load.timeout,
    };
    if !load.refresh
        && let Some(cache) = load.cache.clone()
        && let Some(version) = server_version(client, &target).await
    {
        let url = load.server_url.clone();
        let wanted = version.clone();
        let cached = tokio::task::spawn_blocking(move || cache.load(&url, &wanted))
            .await
            .ok()
            .flatten();
        // A damaged cache file is simply fetched again; so is one whose addons differ
        // from the server's list now (an addon installed or removed since).
        let listed = match &cached {
            Some(Ok(_)) => addon_versions(client, &target).await.ok(),
            _ => None,
        };
        if let Some(Ok(source)) = cached
            && listed.is_some_and(|listed| {
                listed.len() == source.addons.len()
                    && listed
                        .iter()
                        .zip(&source.addons)
                        .all(|(a, b)| *a == b.addon)
            })
        {
            let origin = CatalogOrigin::Server {
                url: load.server_url.clone(),
                version,
                cached: true,
            };
            return index(source, origin, Vec::new()).await;
        }
    }
    let (source, mut warnings) = fetch_catalog(client, &target).await.map_err(|e| {
        let refused = matches!(e, CatalogError::Refused { .. });
        CatalogFailure {
            message: e.to_string(),
            refused,
        }
    })?;
    let origin = CatalogOrigin::Server {
        url: source.server_url.clone(),
        version: source.server_version.clone(),
        cached: false,
    };
    if let Some(cache) = load.cache {
        let copy = source.clone();
        match tokio::task::spawn_blocking(move || cache.store(&copy)).await {
            Ok(Ok(_)) => {}
            Ok(Err(problem)) => warnings.push(format!("Not cached: {problem}")),
            Err(e) => warnings.push(format!("Not cached: {e}")),
        }
    }
    index(source, origin, warnings).await
}

/// The most recent cached catalog of `server_url`, if any (shown before logging in).
pub async fn from_cache(cache: CatalogCache, server_url: String) -> Option<CatalogLoaded> {
    let url = server_url.clone();
    let source = tokio::task::spawn_blocking(move || cache.load_latest(&url))
        .await
        .ok()??
        .ok()?;
    let origin = CatalogOrigin::Server {
        url: server_url,
        version: source.server_version.clone(),
        cached: true,
    };
    index(source, origin, Vec::new()).await.ok()
}

/// A spec file (JSON or YAML): a regular file of at most
/// [`MAX_SPEC_FILE_BYTES`](crate::untrusted::MAX_SPEC_FILE_BYTES).
pub async fn from_file(path: PathBuf) -> Result<CatalogLoaded, CatalogFailure> {
    let read_path = path.clone();
    let source = tokio::task::spawn_blocking(move || {
        let bytes =
            crate::untrusted::read_file(&read_path, None, crate::untrusted::MAX_SPEC_FILE_BYTES)
                .map_err(|e| format!("{} {e}", read_path.display()))?
                .bytes;
        source_from_file(&bytes).map_err(|e| format!("{}: {e}", read_path.display()))
    })
    .await
    .map_err(|e| failure(format!("Reading the spec file failed: {e}")))?
    .map_err(failure)?;
    index(source, CatalogOrigin::File(path), Vec::new()).await
}
