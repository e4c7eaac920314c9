//! Fetching a server's endpoint catalog: `GET /openapi.json` (at the root, managers
//! only), the server version from `GET /api/info`, the addon versions from
//! `GET /api/addons`, and each addon version's own spec where the server serves one
//! (`/api/addons/{name}/{version}/openapi.json`; 404 for addons without endpoints). AYON
//! 1.11 serves none (404 for every addon), so they are not asked of a server known to run
//! it. See ayon-api.md §6.4 and §8.

mod addon_error;

use std::time::Duration;

use futures_util::{StreamExt, stream};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{AyonErrorBody, ServerVersion, resolve_url};
use crate::catalog::{AddonVersion, Catalog, SpecError, parse_spec};
use crate::http::{Exchange, HttpError, HttpMethod, RequestSpec, execute};

pub use addon_error::{AddonListError, AddonSpecError};

/// At most this many addon specs are asked for at once.
const ADDON_SPECS_AT_ONCE: usize = 4;

/// Everything a catalog is built from, as fetched (and as cached on disk).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogSource {
    /// The server the spec came from (`""` for a spec file).
    pub server_url: String,
    /// The server's version (`GET /api/info`), or the spec's `info.version`.
    pub server_version: String,
    /// `/openapi.json`, parsed.
    pub spec: Value,
    /// Addon versions listed by the server, with their own specs when served.
    pub addons: Vec<AddonSpec>,
}

/// One addon version and the spec it serves, if any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddonSpec {
    /// Name, title and version.
    pub addon: AddonVersion,
    /// `/api/addons/{name}/{version}/openapi.json`, when the server served one.
    pub spec: Option<Value>,
}

impl CatalogSource {
    /// Indexes the spec and attaches the addons.
    pub fn build(&self) -> Catalog {
        let mut catalog = Catalog::from_spec(self.spec.clone());
        for addon in &self.addons {
            catalog.attach_addon(&addon.addon, addon.spec.clone());
        }
        catalog
    }
}

/// Why no catalog came.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CatalogError {
    /// AYON refused the spec (403 for non-managers, or REST docs disabled).
    #[error(
        "The server refused its endpoint catalog: {detail} (HTTP {status}). AYON serves \
         /openapi.json to managers and admins only (and to nobody when the server runs with \
         AYON_DISABLE_REST_DOCS). Load a spec file instead, e.g. one saved by a manager."
    )]
    Refused {
        /// HTTP status.
        status: u16,
        /// The server's words.
        detail: String,
    },
    /// The session is not accepted any more (expired, or the server restarted).
    #[error(
        "The server does not accept this session for its endpoint catalog: {detail} (HTTP \
         401). Log in again."
    )]
    Unauthorized {
        /// The server's words.
        detail: String,
    },
    /// Another unexpected status.
    #[error("GET {url} answered HTTP {status}: {detail}")]
    Status {
        /// The URL asked.
        url: String,
        /// HTTP status.
        status: u16,
        /// The server's words.
        detail: String,
    },
    /// The answer was not an OpenAPI document.
    #[error("{0}")]
    BadSpec(#[from] SpecError),
    /// No answer.
    #[error(transparent)]
    Transport(#[from] HttpError),
}

/// How to ask: server, token and limit.
pub struct CatalogTarget<'a> {
    /// Server URL.
    pub base: &'a str,
    /// Session token (sent as `Authorization: Bearer`), if any.
    pub token: Option<&'a str>,
    /// Limit per request.
    pub timeout: Duration,
}

impl CatalogTarget<'_> {
    fn get(&self, path: &str) -> Result<RequestSpec, HttpError> {
        let url = resolve_url(self.base, path)?;
        let mut spec = RequestSpec::new(HttpMethod::Get, url)
            .header("Accept", "application/json")
            .timeout(self.timeout);
        if let Some(token) = self.token {
            spec = spec
                .header("Authorization", format!("Bearer {token}"))
                .secret(token);
        }
        Ok(spec)
    }
}

fn detail_of(exchange: &Exchange) -> String {
    AyonErrorBody::decode(exchange.response.status, &exchange.response.body)
        .and_then(|e| e.detail)
        .unwrap_or_else(|| exchange.response.reason.clone())
}

/// Fetches the spec, the version, the addon list and the addons' own specs. Problems
/// with the optional parts (version, addons) come back as warnings, not errors.
pub async fn fetch_catalog(
    client: &impl crate::http::ClientFor,
    target: &CatalogTarget<'_>,
) -> Result<(CatalogSource, Vec<String>), CatalogError> {
    let mut warnings = Vec::new();
    let spec_request = target.get("/openapi.json")?;
    let url = spec_request.url.to_string();
    let exchange = execute(client, &spec_request).await?;
    match exchange.response.status {
        200 => {}
        401 => {
            return Err(CatalogError::Unauthorized {
                detail: detail_of(&exchange),
            });
        }
        status @ 403 => {
            return Err(CatalogError::Refused {
                status,
                detail: detail_of(&exchange),
            });
        }
        status => {
            return Err(CatalogError::Status {
                url,
                status,
                detail: detail_of(&exchange),
            });
        }
    }
    let spec = parse_spec(&exchange.response.body)?;
    let server_version = match server_version(client, target).await {
        Some(version) => version,
        None => spec_version(&spec),
    };
    let addons = match addon_versions(client, target).await {
        Ok(addons) => addons,
        Err(problem) => {
            warnings.push(problem.to_string());
            Vec::new()
        }
    };
    let ask_specs = asks_addon_specs(&server_version);
    let addons: Vec<(AddonSpec, Option<String>)> = stream::iter(addons)
        .map(|addon| async move {
            if !ask_specs {
                return (AddonSpec { addon, spec: None }, None);
            }
            let path = format!(
                "/api/addons/{}/{}/openapi.json",
                segment(&addon.name),
                segment(&addon.version)
            );
            let (spec, warning) = match addon_spec(client, target, &path).await {
                Ok(spec) => (spec, None),
                Err(problem) => (None, Some(format!("{}: {problem}", addon.tag()))),
            };
            (AddonSpec { addon, spec }, warning)
        })
        .buffered(ADDON_SPECS_AT_ONCE)
        .collect()
        .await;
    let mut addon_specs = Vec::with_capacity(addons.len());
    for (addon, warning) in addons {
        addon_specs.push(addon);
        warnings.extend(warning);
    }
    Ok((
        CatalogSource {
            server_url: target.base.trim_end_matches('/').to_string(),
            server_version,
            spec,
            addons: addon_specs,
        },
        warnings,
    ))
}

/// Whether the addons' own specs are asked of a server reporting `version`: not when its
/// release is known to serve none (1.11), which would cost a 404 per addon version.
pub fn asks_addon_specs(version: &str) -> bool {
    ServerVersion::parse(version).is_none_or(|v| v.behaviours().serves_addon_specs)
}

/// For the catalog view: the addons' own specs were not asked of this server, and why.
pub fn addon_specs_notice(version: &str) -> Option<String> {
    let parsed = ServerVersion::parse(version)?;
    (!asks_addon_specs(version)).then(|| {
        format!(
            "{parsed} serves no per-addon specs (/api/addons/{{name}}/{{version}}/openapi.json \
             answers 404), so they were not asked for: addon endpoints are listed only when \
             the server runs with AYON_OPENAPI_INCLUDE_ADDON_ENDPOINTS=true."
        )
    })
}

/// A spec file's content, as a catalog source with no server.
pub fn source_from_file(bytes: &[u8]) -> Result<CatalogSource, SpecError> {
    let spec = parse_spec(bytes)?;
    Ok(CatalogSource {
        server_url: String::new(),
        server_version: spec_version(&spec),
        spec,
        addons: Vec::new(),
    })
}

fn spec_version(spec: &Value) -> String {
    spec.pointer("/info/version")
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_string()
}

/// An addon name or version as one path segment (`1.0.0` stays as it is; a `/` from an
/// odd server cannot change the path).
fn segment(text: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'.')
        .remove(b'-')
        .remove(b'_')
        .remove(b'+');
    percent_encoding::utf8_percent_encode(text, KEEP).to_string()
}

/// `GET /api/info`'s `version` as reported (needs no auth); `None` when the server does
/// not say.
pub async fn server_version(
    client: &impl crate::http::ClientFor,
    target: &CatalogTarget<'_>,
) -> Option<String> {
    super::fetch_reported_version(client, target.base, target.timeout)
        .await
        .ok()
}

/// The addon versions `GET /api/addons` lists.
pub async fn addon_versions(
    client: &impl crate::http::ClientFor,
    target: &CatalogTarget<'_>,
) -> Result<Vec<AddonVersion>, AddonListError> {
    let request = target.get("/api/addons").map_err(AddonListError::Url)?;
    let exchange = execute(client, &request)
        .await
        .map_err(AddonListError::Transport)?;
    if exchange.response.status != 200 {
        return Err(AddonListError::Status {
            status: exchange.response.status,
            detail: detail_of(&exchange),
        });
    }
    let body: Value =
        serde_json::from_slice(&exchange.response.body).map_err(AddonListError::NotJson)?;
    Ok(AddonVersion::list_from(&body))
}

/// An addon version's own spec; `None` when the server serves none (404).
async fn addon_spec(
    client: &impl crate::http::ClientFor,
    target: &CatalogTarget<'_>,
    path: &str,
) -> Result<Option<Value>, AddonSpecError> {
    let request = target.get(path)?;
    let exchange = execute(client, &request).await?;
    match exchange.response.status {
        200 => parse_spec(&exchange.response.body)
            .map(Some)
            .map_err(AddonSpecError::Unusable),
        404 => Ok(None),
        status => Err(AddonSpecError::Status {
            status,
            detail: detail_of(&exchange),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addon_specs_are_not_asked_of_a_release_that_serves_none() {
        assert!(!asks_addon_specs("1.11.2+DEVELOP"));
        assert!(asks_addon_specs("1.16.0"));
        assert!(asks_addon_specs("unknown"), "an unknown server is asked");
        assert!(
            asks_addon_specs("1.11.2+sandbox"),
            "the sandbox serves its addon's"
        );
        let notice = addon_specs_notice("1.11.2").unwrap_or_default();
        assert!(
            notice.starts_with("AYON 1.11.2 serves no per-addon specs"),
            "{notice}"
        );
        assert!(
            notice.contains("AYON_OPENAPI_INCLUDE_ADDON_ENDPOINTS"),
            "{notice}"
        );
        assert_eq!(addon_specs_notice("1.16.0"), None);
        assert_eq!(addon_specs_notice("unknown"), None);
    }
}
