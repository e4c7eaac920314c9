//! Where the editor's schema comes from: the server (its cached answer for the version it
//! reports, else the introspection query, then cached) or a file the user chose.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::secret::Secret;

use super::{Schema, SchemaCache, fetch::fetch_introspection};

/// Where a schema was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaOrigin {
    /// Asked of the server (or its cached answer for the same version).
    Server {
        /// The version the server reported, when it did.
        version: Option<String>,
        /// Read from the cache rather than asked for.
        cached: bool,
    },
    /// Read from a file.
    File(PathBuf),
}

/// A schema and where it came from.
#[derive(Clone, Debug)]
pub struct LoadedSchema {
    /// The schema (shared with the editor's frames).
    pub schema: Arc<Schema>,
    /// Where it came from.
    pub origin: SchemaOrigin,
    /// Something to tell the user that did not stop the load (the cache could not be
    /// written, say).
    pub warning: Option<String>,
}

/// What a schema load from a server needs (`Debug` shows the token as `Secret(***)`).
#[derive(Clone, Debug)]
pub struct SchemaLoad {
    /// The server.
    pub server_url: String,
    /// The session token.
    pub token: Secret,
    /// Limit per request.
    pub timeout: Duration,
    /// Where schemas are cached (`None`: not cached).
    pub cache: Option<SchemaCache>,
    /// Ask the server even when its version is cached ("Reload schema").
    pub refresh: bool,
}

/// The server's schema: the cached answer for the version it reports unless `refresh`,
/// else the introspection query (whose answer is then cached for that version). A server
/// that refuses introspection is named.
pub async fn load_schema(
    client: &impl crate::http::ClientFor,
    load: SchemaLoad,
) -> Result<LoadedSchema, String> {
    let version = crate::ayon::fetch_reported_version(client, &load.server_url, load.timeout)
        .await
        .ok();
    if !load.refresh
        && let (Some(cache), Some(version)) = (load.cache.clone(), version.clone())
    {
        let url = load.server_url.clone();
        let wanted = version.clone();
        let cached = tokio::task::spawn_blocking(move || cache.load(&url, &wanted))
            .await
            .ok()
            .flatten();
        // A damaged cache file is simply asked for again.
        if let Some(Ok(schema)) = cached {
            return Ok(LoadedSchema {
                schema: Arc::new(schema),
                origin: SchemaOrigin::Server {
                    version: Some(version),
                    cached: true,
                },
                warning: None,
            });
        }
    }
    let (schema, raw) =
        fetch_introspection(client, &load.server_url, &load.token, load.timeout).await?;
    let mut warning = None;
    if let (Some(cache), Some(version)) = (load.cache.clone(), version.clone()) {
        let url = load.server_url.clone();
        let stored = tokio::task::spawn_blocking(move || cache.store(&url, &version, &raw)).await;
        match stored {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => warning = Some(format!("The schema was not cached: {e}")),
            Err(e) => warning = Some(format!("The schema was not cached: {e}")),
        }
    }
    Ok(LoadedSchema {
        schema: Arc::new(schema),
        origin: SchemaOrigin::Server {
            version,
            cached: false,
        },
        warning,
    })
}
