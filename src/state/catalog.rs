//! The endpoint catalog as the window shows it: which catalog, where it came from, the
//! load in flight, the search box and the Ctrl+K palette.

use std::path::PathBuf;
use std::sync::Arc;

use super::RequestId;
use crate::catalog::Catalog;

/// Where the shown catalog came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogOrigin {
    /// A server's `/openapi.json` (and its addons' specs).
    Server {
        /// The server.
        url: String,
        /// Its version.
        version: String,
        /// Read from the cache instead of the server.
        cached: bool,
    },
    /// A spec file the user loaded.
    File(PathBuf),
}

impl CatalogOrigin {
    /// One line for the panel: "ayon.studio 1.11.2 (cached)".
    pub fn describe(&self) -> String {
        match self {
            CatalogOrigin::Server {
                url,
                version,
                cached,
            } => {
                let host = url::Url::parse(url)
                    .ok()
                    .and_then(|u| {
                        u.host_str().map(|h| {
                            format!(
                                "{h}{}",
                                u.port().map(|p| format!(":{p}")).unwrap_or_default()
                            )
                        })
                    })
                    .unwrap_or_else(|| url.clone());
                format!(
                    "{host}, AYON {version}{}",
                    if *cached { " (cached)" } else { "" }
                )
            }
            CatalogOrigin::File(path) => format!("file {}", path.display()),
        }
    }

    /// What the catalog leaves out because of the server's release, for the panel.
    pub fn notice(&self) -> Option<String> {
        match self {
            CatalogOrigin::Server { version, .. } => {
                crate::ayon::catalog_fetch::addon_specs_notice(version)
            }
            CatalogOrigin::File(_) => None,
        }
    }
}

/// A catalog that arrived from the worker.
#[derive(Clone, Debug)]
pub struct CatalogLoaded {
    /// The indexed catalog.
    pub catalog: Arc<Catalog>,
    /// Where it came from.
    pub origin: CatalogOrigin,
    /// Problems with optional parts (an addon's spec, the addon list).
    pub warnings: Vec<String>,
}

/// Why a catalog load failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogFailure {
    /// What went wrong, for the user.
    pub message: String,
    /// The server refused the spec (non-manager): offer a spec file.
    pub refused: bool,
}

/// Which catalog load to start (an [`Effect`](super::Effect) or an action asks for one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogWanted {
    /// After a login: the cached catalog of this server version, else the server's.
    AfterLogin,
    /// The Refresh button: always from the server.
    Refresh,
    /// The typed or picked spec file.
    SpecFile,
}

/// Search results kept for the query they answer (searching again each frame is
/// wasteful on a big spec).
#[derive(Clone, Debug, Default)]
pub struct SearchResults {
    /// The query.
    pub query: String,
    /// Operation indices, best first.
    pub hits: Vec<usize>,
    /// The catalog searched (held, so a new catalog is never mistaken for it).
    catalog: Option<Arc<Catalog>>,
}

impl SearchResults {
    /// Results for `query` over `catalog`, searching only when either changed.
    pub fn update(&mut self, catalog: &Arc<Catalog>, query: &str, limit: usize) -> &[usize] {
        let same = self
            .catalog
            .as_ref()
            .is_some_and(|c| Arc::ptr_eq(c, catalog));
        if !same || self.query != query {
            self.hits = catalog.search(query, limit);
            self.query = query.to_string();
            self.catalog = Some(catalog.clone());
        }
        &self.hits
    }
}

/// The Ctrl+K palette.
#[derive(Clone, Debug, Default)]
pub struct Palette {
    /// What is typed.
    pub query: String,
    /// The highlighted result.
    pub selected: usize,
    /// Results of `query`.
    pub results: SearchResults,
}

/// Everything about the catalog.
#[derive(Clone, Debug, Default)]
pub struct CatalogState {
    /// The catalog shown (kept while a new one loads, and when a load fails).
    pub catalog: Option<Arc<Catalog>>,
    /// Where it came from.
    pub origin: Option<CatalogOrigin>,
    /// The load in flight.
    pub loading: Option<RequestId>,
    /// The last load's failure.
    pub problem: Option<CatalogFailure>,
    /// The last load's warnings.
    pub warnings: Vec<String>,
    /// The sidebar's search box.
    pub filter: String,
    /// The sidebar's results.
    pub results: SearchResults,
    /// The typed spec file path.
    pub spec_path: String,
    /// The open palette.
    pub palette: Option<Palette>,
}

impl CatalogState {
    /// Takes a finished load; a late one (not `loading`) is dropped. A failure keeps the
    /// catalog already shown.
    pub fn finish(&mut self, id: RequestId, result: Result<CatalogLoaded, CatalogFailure>) {
        if self.loading != Some(id) {
            return;
        }
        self.loading = None;
        match result {
            Ok(loaded) => {
                self.catalog = Some(loaded.catalog);
                self.origin = Some(loaded.origin);
                self.warnings = loaded.warnings;
                self.problem = None;
            }
            Err(failure) => self.problem = Some(failure),
        }
    }

    /// Forgets a catalog of a server other than `server_url` (logging in elsewhere).
    pub fn forget_other_server(&mut self, server_url: &str) {
        let same = |url: &str| {
            url.trim_end_matches('/')
                .eq_ignore_ascii_case(server_url.trim_end_matches('/'))
        };
        if let Some(CatalogOrigin::Server { url, .. }) = &self.origin
            && !same(url)
        {
            self.catalog = None;
            self.origin = None;
            self.warnings.clear();
        }
    }

    /// Takes a catalog read from the cache at start-up, unless something newer is shown.
    pub fn take_cached(&mut self, loaded: CatalogLoaded) {
        if self.catalog.is_none() {
            self.catalog = Some(loaded.catalog);
            self.origin = Some(loaded.origin);
        }
    }
}
