//! Bundles and addon settings, read-only: the demo data behind `GET
//! /api/bundles` and `GET /api/addons/{name}/{version}/settings[/{project}]`
//! (see [`crate::routes::bundles`]).
//!
//! On the real server a bundle names one version of each addon; settings
//! belong to an addon version and are its defaults, overlaid with the studio
//! overrides of a variant (`production`, `staging`, or a dev bundle's name),
//! then, for a project, with that project's overrides of the variant. The
//! sandbox keeps exactly those three layers as plain JSON and merges them the
//! way AYON does for ordinary values: objects key by key, everything else
//! (lists included) replaced whole.
//!
//! Simplified: the data is seeded and fixed (no `POST`/`PATCH`/`DELETE`, no
//! settings schema, no `siteSettings`, no `rawOverrides`); the demo addons
//! exist only here, not in `GET /api/addons`; no bundle is archived and no dev
//! bundle exists; a variant without overrides gets the defaults.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};

use crate::clock;
use crate::state::DEMO_PROJECT_NAME;

/// The seeded production bundle.
pub const DEMO_PRODUCTION_BUNDLE: &str = "demo_bundle_a";
/// The seeded staging bundle.
pub const DEMO_STAGING_BUNDLE: &str = "demo_bundle_b";

/// One bundle, as `BundleModel` describes it.
#[derive(Debug, Clone)]
pub struct BundleRecord {
    /// Its name.
    pub name: String,
    /// When it was created.
    pub created_at: SystemTime,
    /// Addon name → version.
    pub addons: BTreeMap<String, String>,
    /// The desktop installer version.
    pub installer_version: Option<String>,
    /// Platform → dependency package filename.
    pub dependency_packages: BTreeMap<String, String>,
    /// Whether it is the production bundle.
    pub is_production: bool,
    /// Whether it is the staging bundle.
    pub is_staging: bool,
    /// Whether it is archived.
    pub is_archived: bool,
    /// Whether it is a dev bundle.
    pub is_dev: bool,
}

impl BundleRecord {
    /// The `BundleModel` JSON, keys in the model's order. `activeUser` is
    /// left out as the real server's `response_model_exclude_none` does for
    /// bundles without one.
    pub fn to_json(&self) -> Value {
        let mut obj = Map::new();
        obj.insert("name".into(), json!(self.name));
        obj.insert(
            "createdAt".into(),
            json!(clock::format_system_time(self.created_at)),
        );
        obj.insert("addons".into(), json!(self.addons));
        if let Some(version) = &self.installer_version {
            obj.insert("installerVersion".into(), json!(version));
        }
        obj.insert("dependencyPackages".into(), json!(self.dependency_packages));
        obj.insert("addonDevelopment".into(), json!({}));
        obj.insert("isProduction".into(), json!(self.is_production));
        obj.insert("isStaging".into(), json!(self.is_staging));
        obj.insert("isArchived".into(), json!(self.is_archived));
        obj.insert("isDev".into(), json!(self.is_dev));
        obj.insert("isProject".into(), json!(false));
        Value::Object(obj)
    }
}

/// The settings layers of one addon version.
#[derive(Debug, Clone, Default)]
pub struct AddonSettings {
    /// The addon's defaults.
    pub defaults: Value,
    /// Variant → studio overrides.
    pub studio: BTreeMap<String, Value>,
    /// (lower-case project name, variant) → project overrides.
    pub projects: BTreeMap<(String, String), Value>,
}

impl AddonSettings {
    /// Defaults overlaid with the variant's studio overrides.
    pub fn studio_settings(&self, variant: &str) -> Value {
        let mut settings = self.defaults.clone();
        if let Some(overrides) = self.studio.get(variant) {
            merge(&mut settings, overrides);
        }
        settings
    }

    /// The studio settings of the variant overlaid with the project's
    /// overrides of that variant.
    pub fn project_settings(&self, project: &str, variant: &str) -> Value {
        let mut settings = self.studio_settings(variant);
        if let Some(overrides) = self
            .projects
            .get(&(project.to_lowercase(), variant.to_owned()))
        {
            merge(&mut settings, overrides);
        }
        settings
    }
}

/// Bundles and the settings of the addon versions they name.
#[derive(Debug, Clone, Default)]
pub struct BundleLibrary {
    /// Bundles by name.
    pub bundles: BTreeMap<String, BundleRecord>,
    /// (addon name, version) → settings.
    pub settings: BTreeMap<(String, String), AddonSettings>,
}

impl BundleLibrary {
    /// `ListBundleModel`: newest first (the real server orders by
    /// `created_at DESC`), archived ones only when asked; `productionBundle`
    /// and `stagingBundle` are left out when there is none.
    pub fn to_json(&self, archived: bool) -> Value {
        let mut bundles: Vec<&BundleRecord> = self
            .bundles
            .values()
            .filter(|b| archived || !b.is_archived)
            .collect();
        bundles.sort_by_key(|b| std::cmp::Reverse(b.created_at));
        let mut obj = Map::new();
        obj.insert(
            "bundles".into(),
            Value::Array(bundles.iter().map(|b| b.to_json()).collect()),
        );
        let find = |pick: fn(&BundleRecord) -> bool| self.bundles.values().find(|b| pick(b));
        if let Some(bundle) = find(|b| b.is_production) {
            obj.insert("productionBundle".into(), json!(bundle.name));
        }
        if let Some(bundle) = find(|b| b.is_staging) {
            obj.insert("stagingBundle".into(), json!(bundle.name));
        }
        let dev: Vec<&str> = bundles
            .iter()
            .filter(|b| b.is_dev)
            .map(|b| b.name.as_str())
            .collect();
        obj.insert("devBundles".into(), json!(dev));
        Value::Object(obj)
    }

    /// The settings of one addon version, if the sandbox has any.
    pub fn addon(&self, name: &str, version: &str) -> Option<&AddonSettings> {
        self.settings.get(&(name.to_owned(), version.to_owned()))
    }

    /// The demo data: a production and a staging bundle naming different
    /// versions of `core`, the same `applications`, and `maya` or `nuke`;
    /// studio overrides that differ between the variants; and production
    /// overrides for the demo project.
    pub fn demo() -> Self {
        let mut library = BundleLibrary::default();
        let at = |secs: u64| UNIX_EPOCH + Duration::from_secs(secs);
        let bundle =
            |name: &str, created_at, installer: &str, addons: &[(&str, &str)]| BundleRecord {
                name: name.to_owned(),
                created_at,
                addons: addons
                    .iter()
                    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                    .collect(),
                installer_version: Some(installer.to_owned()),
                dependency_packages: ["windows", "linux", "darwin"]
                    .iter()
                    .map(|p| ((*p).to_owned(), format!("{name}_{p}_deps.zip")))
                    .collect(),
                is_production: false,
                is_staging: false,
                is_archived: false,
                is_dev: false,
            };
        // 2025-01-15 09:30 and 2025-02-20 14:00 UTC.
        let mut a = bundle(
            DEMO_PRODUCTION_BUNDLE,
            at(1_736_933_400),
            "1.0.2",
            &[
                ("applications", "1.0.2"),
                ("core", "1.0.0"),
                ("maya", "0.2.0"),
            ],
        );
        a.is_production = true;
        let mut b = bundle(
            DEMO_STAGING_BUNDLE,
            at(1_740_060_000),
            "1.1.0",
            &[
                ("applications", "1.0.2"),
                ("core", "1.1.0"),
                ("nuke", "0.2.0"),
            ],
        );
        b.is_staging = true;
        for bundle in [a, b] {
            library.bundles.insert(bundle.name.clone(), bundle);
        }

        let project = |variant: &str| (DEMO_PROJECT_NAME.to_lowercase(), variant.to_owned());
        let demo_project_overrides = json!({
            "imageio": {"ocio_config": {"filepath": ["P:/demo_Commercial/ocio/config.ocio"]}},
            "publish": {"ExtractThumbnail": {"enabled": false}}
        });
        let core_defaults = |version: &str| {
            let newer = version != "1.0.0";
            let mut defaults = json!({
                "studio_name": "",
                "studio_code": "",
                "imageio": {
                    "activate_global_color_management": newer,
                    "ocio_config": {"filepath": ["{BUILTIN_OCIO_ROOT}/aces_1.2/config.ocio"]}
                },
                "publish": {
                    "ValidateVersion": {"enabled": true, "optional": newer},
                    "ExtractThumbnail": {"enabled": true, "ffmpeg_args": {"input": [], "output": []}}
                },
                "tools": {"creator": {"product_name_profiles": []}}
            });
            if newer {
                defaults["publish"]["ExtractReview"] = json!({"enabled": true, "profiles": []});
            }
            defaults
        };
        let mut insert = |name: &str, version: &str, settings: AddonSettings| {
            library
                .settings
                .insert((name.to_owned(), version.to_owned()), settings);
        };
        insert(
            "core",
            "1.0.0",
            AddonSettings {
                defaults: core_defaults("1.0.0"),
                studio: BTreeMap::from([
                    (
                        "production".to_owned(),
                        json!({"studio_name": "Demo Studio", "studio_code": "demo"}),
                    ),
                    (
                        "staging".to_owned(),
                        json!({"studio_name": "Demo Studio (staging)", "studio_code": "demo"}),
                    ),
                ]),
                projects: BTreeMap::from([(project("production"), demo_project_overrides.clone())]),
            },
        );
        insert(
            "core",
            "1.1.0",
            AddonSettings {
                defaults: core_defaults("1.1.0"),
                studio: BTreeMap::from([
                    (
                        "production".to_owned(),
                        json!({"studio_name": "Demo Studio", "studio_code": "demo"}),
                    ),
                    (
                        "staging".to_owned(),
                        json!({
                            "studio_name": "Demo Studio",
                            "studio_code": "demo",
                            "publish": {"ValidateVersion": {"optional": false}}
                        }),
                    ),
                ]),
                projects: BTreeMap::from([(project("production"), demo_project_overrides)]),
            },
        );
        insert(
            "applications",
            "1.0.2",
            AddonSettings {
                defaults: json!({
                    "only_available": false,
                    "applications": {
                        "maya": {
                            "enabled": true,
                            "variants": [{
                                "name": "2024",
                                "executables": {
                                    "windows": ["C:/Program Files/Autodesk/Maya2024/bin/maya.exe"],
                                    "linux": ["/usr/autodesk/maya2024/bin/maya"],
                                    "darwin": []
                                }
                            }]
                        },
                        "nuke": {"enabled": false, "variants": []}
                    }
                }),
                studio: BTreeMap::from([
                    ("production".to_owned(), json!({"only_available": true})),
                    (
                        "staging".to_owned(),
                        json!({"only_available": true, "applications": {"nuke": {"enabled": true}}}),
                    ),
                ]),
                projects: BTreeMap::new(),
            },
        );
        insert(
            "maya",
            "0.2.0",
            AddonSettings {
                defaults: json!({
                    "imageio": {"workfile": {"enabled": false, "renderSpace": "ACEScg"}},
                    "publish": {"ValidateMeshNormals": {"enabled": true, "optional": true}}
                }),
                studio: BTreeMap::new(),
                projects: BTreeMap::new(),
            },
        );
        insert(
            "nuke",
            "0.2.0",
            AddonSettings {
                defaults: json!({
                    "imageio": {"enabled": true, "viewer": {"viewerProcess": "ACES/sRGB"}},
                    "publish": {"ValidateScriptAttributes": {"enabled": true}}
                }),
                studio: BTreeMap::from([(
                    "staging".to_owned(),
                    json!({"imageio": {"enabled": false}}),
                )]),
                projects: BTreeMap::new(),
            },
        );
        library
    }
}

/// Overlays `overrides` on `base`: objects are merged key by key, any other
/// value (lists included) replaces the base value whole.
pub fn merge(base: &mut Value, overrides: &Value) {
    match (base, overrides) {
        (Value::Object(base), Value::Object(overrides)) => {
            for (key, value) in overrides {
                match base.get_mut(key) {
                    Some(slot) => merge(slot, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (slot, value) => *slot = value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_overlays_objects_and_replaces_the_rest() {
        let mut base = json!({"a": {"b": 1, "c": [1, 2]}, "d": true});
        merge(&mut base, &json!({"a": {"c": [3]}, "e": "new"}));
        assert_eq!(
            base,
            json!({"a": {"b": 1, "c": [3]}, "d": true, "e": "new"})
        );
    }

    #[test]
    fn the_demo_bundles_differ() {
        let library = BundleLibrary::demo();
        let list = library.to_json(false);
        assert_eq!(list["productionBundle"], DEMO_PRODUCTION_BUNDLE);
        assert_eq!(list["stagingBundle"], DEMO_STAGING_BUNDLE);
        // Newest first.
        assert_eq!(list["bundles"][0]["name"], DEMO_STAGING_BUNDLE);
        for bundle in library.bundles.values() {
            for (name, version) in &bundle.addons {
                assert!(library.addon(name, version).is_some(), "{name} {version}");
            }
        }
    }
}
