//! The servers' GraphQL schemas kept on disk beside the endpoint catalogs, one file per
//! server and server version (the raw introspection answer), so the editor knows the
//! schema at once on the next login. Blocking: call off the UI thread.

use std::path::{Path, PathBuf};

use crate::ayon::catalog_cache::cache_file_name;
use crate::files::WriteError;

use super::{Schema, SchemaError};

/// A folder of cached introspection answers (`<data dir>/graphql`).
#[derive(Clone, Debug)]
pub struct SchemaCache {
    dir: PathBuf,
}

/// Why a schema could not be kept in the cache or read back from it.
#[derive(Debug, thiserror::Error)]
pub enum SchemaCacheError {
    /// The cache folder could not be made.
    #[error("Could not create {}: {source}", path.display())]
    CreateFolder {
        /// The folder.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The cache file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The cache file could not be read.
    #[error("Could not read the cached schema {}: {source}", path.display())]
    Read {
        /// The cache file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: crate::untrusted::ReadError,
    },
    /// The cache file does not hold a schema.
    #[error(
        "The cached schema {} is damaged ({source}); press Reload schema to read it again",
        path.display()
    )]
    Damaged {
        /// The cache file.
        path: PathBuf,
        /// Why it could not be read as a schema.
        #[source]
        source: SchemaError,
    },
}

/// The largest introspection answer read from disk (the real 1.11.2 one is 209 KB).
pub const MAX_SCHEMA_FILE_BYTES: u64 = 64 * 1024 * 1024;

impl SchemaCache {
    /// The cache in `dir` (created on the first store).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        SchemaCache { dir: dir.into() }
    }

    fn file_for(&self, server_url: &str, version: &str) -> PathBuf {
        self.dir.join(cache_file_name(server_url, version))
    }

    /// Keeps `introspection` (the server's answer, as it came) for `server_url` at
    /// `version`, through a temporary file and a rename.
    pub fn store(
        &self,
        server_url: &str,
        version: &str,
        introspection: &[u8],
    ) -> Result<PathBuf, SchemaCacheError> {
        crate::files::create_private_dir(&self.dir).map_err(|source| {
            SchemaCacheError::CreateFolder {
                path: self.dir.clone(),
                source,
            }
        })?;
        let path = self.file_for(server_url, version);
        crate::files::write_file(&path, introspection)?;
        Ok(path)
    }

    /// The cached schema of `server_url` at `version`, if there is one.
    pub fn load(
        &self,
        server_url: &str,
        version: &str,
    ) -> Option<Result<Schema, SchemaCacheError>> {
        let path = self.file_for(server_url, version);
        path.exists().then(|| {
            let bytes = crate::untrusted::read_file(&path, None, MAX_SCHEMA_FILE_BYTES)
                .map_err(|source| SchemaCacheError::Read {
                    path: path.clone(),
                    source,
                })?
                .bytes;
            Schema::from_introspection(&bytes)
                .map_err(|source| SchemaCacheError::Damaged { path, source })
        })
    }
}

/// A schema from a file the user chose: an introspection answer saved from GraphiQL,
/// `ayon-python-api` or this app's cache (`{"data": {"__schema": ...}}` or the bare
/// `{"__schema": ...}`). Regular files only, at most [`MAX_SCHEMA_FILE_BYTES`], nesting
/// checked before the parse; the message names the file, never quotes it.
pub fn schema_from_file(path: &Path) -> Result<Schema, String> {
    let bytes = crate::untrusted::read_file(path, None, MAX_SCHEMA_FILE_BYTES)
        .map_err(|e| format!("{} {e}", path.display()))?
        .bytes;
    let text = String::from_utf8_lossy(&bytes);
    crate::untrusted::check_nesting(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    Schema::from_introspection(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny but complete introspection answer: `Query { me: String }`.
    const SMALL: &str = r#"{"data":{"__schema":{"queryType":{"name":"Query"},"mutationType":null,
        "subscriptionType":null,"directives":[],"types":[
        {"kind":"OBJECT","name":"Query","description":null,"fields":[{"name":"me","description":null,
         "args":[],"type":{"kind":"SCALAR","name":"String","ofType":null},"isDeprecated":false,
         "deprecationReason":null}],"inputFields":null,"interfaces":[],"enumValues":null,"possibleTypes":null},
        {"kind":"SCALAR","name":"String","description":null,"fields":null,"inputFields":null,
         "interfaces":null,"enumValues":null,"possibleTypes":null}]}}}"#;

    #[test]
    fn keeps_one_schema_per_server_and_version() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = SchemaCache::new(dir.path().join("graphql"));
        assert!(cache.load("http://a:5000", "1.11.2").is_none());
        let path = cache
            .store("http://a:5000", "1.11.2", SMALL.as_bytes())
            .expect("stored");
        assert!(path.starts_with(dir.path()));
        let schema = cache
            .load("http://a:5000/", "1.11.2")
            .expect("cached")
            .expect("readable");
        assert_eq!(schema.type_count(), 2);
        assert!(cache.load("http://a:5000", "1.16.0").is_none());
        assert!(cache.load("http://b:5000", "1.11.2").is_none());
    }

    #[test]
    fn a_damaged_cache_file_says_so_and_names_reload() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = SchemaCache::new(dir.path());
        let path = cache
            .store("http://a", "../x", b"{ not json")
            .expect("stored");
        assert!(
            path.starts_with(dir.path()),
            "the version cannot escape the folder"
        );
        let error = cache
            .load("http://a", "../x")
            .expect("present")
            .expect_err("damaged");
        assert!(
            matches!(error, SchemaCacheError::Damaged { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("Reload schema"), "{error}");
    }

    #[test]
    fn a_file_is_read_with_the_guards() {
        let dir = tempfile::tempdir().expect("temp dir");
        let good = dir.path().join("schema.json");
        std::fs::write(&good, SMALL).expect("write");
        assert_eq!(schema_from_file(&good).expect("a schema").type_count(), 2);

        let deep = dir.path().join("deep.json");
        std::fs::write(&deep, "[".repeat(10_000)).expect("write");
        let error = schema_from_file(&deep).expect_err("too deep");
        assert!(error.contains("deep.json"), "{error}");

        let not_schema = dir.path().join("other.json");
        std::fs::write(&not_schema, r#"{"openapi": "3.1.0"}"#).expect("write");
        let error = schema_from_file(&not_schema).expect_err("not a schema");
        assert!(error.contains("other.json"), "{error}");

        let missing = schema_from_file(&dir.path().join("absent.json")).expect_err("absent");
        assert!(missing.contains("absent.json"), "{missing}");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_unopened() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("pipe.json");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo is not available: skipped");
            return;
        }
        let error = schema_from_file(&fifo).expect_err("a FIFO is refused");
        assert!(error.contains("pipe.json"), "{error}");
    }
}
