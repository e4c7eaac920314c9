//! Comparing AYON bundles and addon settings: reading `GET /api/bundles`, and the paths of
//! the settings to compare. Read-only: nothing here changes the server.
//!
//! A bundle names one version of each addon, the desktop installer and a dependency
//! package per platform. An addon's settings belong to an addon version and a variant
//! (`production`, `staging`, or a dev bundle's name), and a project may override them.

use std::collections::{BTreeMap, BTreeSet};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

/// Paths of a bundle that change without meaning a difference (when it was created, who
/// is using a dev bundle): the default ignore patterns of a bundle comparison.
pub const BUNDLE_VOLATILE_PATHS: [&str; 2] = ["$.createdAt", "$.activeUser"];

/// What a path segment or query value escapes: all but RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One bundle of `GET /api/bundles`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    /// Its name.
    pub name: String,
    /// Addon name → version.
    pub addons: BTreeMap<String, String>,
    /// Whether it is the production bundle.
    pub is_production: bool,
    /// Whether it is the staging bundle.
    pub is_staging: bool,
    /// Whether it is a dev bundle.
    pub is_dev: bool,
    /// Whether it is archived.
    pub is_archived: bool,
    /// The bundle as the server sent it, for the comparison.
    pub raw: Value,
}

impl Bundle {
    /// The settings variant this bundle serves: `production`, `staging`, its own name for
    /// a dev bundle, else `production` (what AYON uses for a bundle that is neither).
    pub fn variant(&self) -> String {
        if self.is_staging && !self.is_production {
            "staging".to_owned()
        } else if self.is_dev {
            self.name.clone()
        } else {
            "production".to_owned()
        }
    }

    /// "demo_bundle_a (production)", for lists.
    pub fn label(&self) -> String {
        let mut roles = Vec::new();
        if self.is_production {
            roles.push("production");
        }
        if self.is_staging {
            roles.push("staging");
        }
        if self.is_dev {
            roles.push("dev");
        }
        if self.is_archived {
            roles.push("archived");
        }
        if roles.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, roles.join(", "))
        }
    }
}

/// Why an answer of `GET /api/bundles` cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleListError {
    /// Not JSON.
    #[error("the bundle list is not JSON: {0}")]
    NotJson(String),
    /// JSON without a `bundles` list.
    #[error("the answer has no \"bundles\" list")]
    NoBundles,
    /// A bundle without a name.
    #[error("bundle {index} of the list has no name")]
    Unnamed {
        /// Its place in the list (0-based).
        index: usize,
    },
}

/// Reads the answer of `GET /api/bundles` (`ListBundleModel`). Addon entries whose version
/// is not a string (AYON sends `null` for an addon left out) are skipped.
pub fn parse_bundle_list(body: &[u8]) -> Result<Vec<Bundle>, BundleListError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| BundleListError::NotJson(e.to_string()))?;
    let list = value
        .get("bundles")
        .and_then(Value::as_array)
        .ok_or(BundleListError::NoBundles)?;
    list.iter()
        .enumerate()
        .map(|(index, raw)| {
            let name = raw
                .get("name")
                .and_then(Value::as_str)
                .ok_or(BundleListError::Unnamed { index })?;
            let addons = raw
                .get("addons")
                .and_then(Value::as_object)
                .map(|map| {
                    map.iter()
                        .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                        .collect()
                })
                .unwrap_or_default();
            let flag = |key: &str| raw.get(key).and_then(Value::as_bool).unwrap_or(false);
            Ok(Bundle {
                name: name.to_owned(),
                addons,
                is_production: flag("isProduction"),
                is_staging: flag("isStaging"),
                is_dev: flag("isDev"),
                is_archived: flag("isArchived"),
                raw: raw.clone(),
            })
        })
        .collect()
}

/// The addons of either bundle, sorted by name.
pub fn addons_of(left: &Bundle, right: &Bundle) -> Vec<String> {
    let names: BTreeSet<&String> = left.addons.keys().chain(right.addons.keys()).collect();
    names.into_iter().cloned().collect()
}

/// Which settings of an addon to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsSource {
    /// The addon's name.
    pub addon: String,
    /// Its version.
    pub version: String,
    /// `production`, `staging`, or a dev bundle's name.
    pub variant: String,
    /// A project whose overrides apply, when set.
    pub project: Option<String>,
}

impl SettingsSource {
    /// The settings an addon of `bundle` uses, in the bundle's variant; `None` when the
    /// bundle has no version of the addon.
    pub fn of_bundle(bundle: &Bundle, addon: &str, project: Option<&str>) -> Option<Self> {
        Some(SettingsSource {
            addon: addon.to_owned(),
            version: bundle.addons.get(addon)?.clone(),
            variant: bundle.variant(),
            project: project.map(str::to_owned).filter(|p| !p.trim().is_empty()),
        })
    }

    /// The request path: `/api/addons/{addon}/{version}/settings[/{project}]?variant=…`,
    /// every part percent-encoded.
    pub fn path(&self) -> String {
        let part = |s: &str| utf8_percent_encode(s, SEGMENT).to_string();
        let mut path = format!(
            "/api/addons/{}/{}/settings",
            part(&self.addon),
            part(&self.version)
        );
        if let Some(project) = &self.project {
            path.push('/');
            path.push_str(&part(project));
        }
        path.push_str("?variant=");
        path.push_str(&part(&self.variant));
        path
    }

    /// "core 1.0.2 · staging · project demo", for the compare view's headings.
    pub fn label(&self) -> String {
        let mut label = format!("{} {} · {}", self.addon, self.version, self.variant);
        if let Some(project) = &self.project {
            label.push_str(" · project ");
            label.push_str(project);
        }
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = r#"{"bundles": [
        {"name": "prod_b", "createdAt": "2024-01-01T00:00:00", "addons": {"core": "1.0.2", "maya": "0.3.1", "old": null},
         "installerVersion": "1.0.0", "dependencyPackages": {"linux": "deps-a.zip"}, "isProduction": true, "isStaging": false, "isArchived": false, "isDev": false},
        {"name": "stage b/1", "addons": {"core": "1.1.0", "nuke": "0.2.0"}, "isStaging": true},
        {"name": "dev_me", "addons": {}, "isDev": true}
    ], "productionBundle": "prod_b", "stagingBundle": "stage b/1"}"#;

    #[test]
    fn bundles_read_with_roles_variants_and_addons() {
        let bundles = parse_bundle_list(LIST.as_bytes()).unwrap();
        assert_eq!(bundles.len(), 3);
        assert_eq!(bundles[0].label(), "prod_b (production)");
        assert_eq!(bundles[0].addons.len(), 2, "the null version is skipped");
        assert_eq!(bundles[1].variant(), "staging");
        assert_eq!(bundles[2].variant(), "dev_me");
        assert_eq!(
            addons_of(&bundles[0], &bundles[1]),
            vec!["core", "maya", "nuke"]
        );
        let left = SettingsSource::of_bundle(&bundles[0], "core", None).unwrap();
        let right = SettingsSource::of_bundle(&bundles[1], "core", Some("my project")).unwrap();
        assert_eq!(
            left.path(),
            "/api/addons/core/1.0.2/settings?variant=production"
        );
        assert_eq!(
            right.path(),
            "/api/addons/core/1.1.0/settings/my%20project?variant=staging"
        );
        assert_eq!(right.label(), "core 1.1.0 · staging · project my project");
        assert!(SettingsSource::of_bundle(&bundles[0], "nuke", None).is_none());
    }

    #[test]
    fn answers_that_are_not_bundle_lists_are_named() {
        assert!(matches!(
            parse_bundle_list(b"<html>"),
            Err(BundleListError::NotJson(_))
        ));
        assert_eq!(
            parse_bundle_list(b"{\"detail\": \"no\"}"),
            Err(BundleListError::NoBundles)
        );
        assert_eq!(
            parse_bundle_list(b"{\"bundles\": [{\"addons\": {}}]}"),
            Err(BundleListError::Unnamed { index: 0 })
        );
    }
}
