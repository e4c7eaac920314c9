//! The "Compare bundles" window: the server's bundles, two picked, and what to compare
//! (the bundles themselves, or one addon's settings as each bundle, variant or project
//! sees them). Read-only: it only sends GETs.

use crate::recipes::bundles::{Bundle, SettingsSource, addons_of};

/// What the window compares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BundleCompareMode {
    /// The two bundles: addon versions, installer, dependency packages.
    #[default]
    Bundles,
    /// One addon's settings on each side.
    Settings,
}

/// The settings variants offered besides the bundle's own.
pub const VARIANTS: [&str; 2] = ["production", "staging"];

/// One side's choice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BundlePick {
    /// Index into the bundle list.
    pub bundle: usize,
    /// The settings variant; empty: the bundle's own.
    pub variant: String,
    /// A project whose overrides apply; empty: none.
    pub project: String,
}

/// The window's state.
#[derive(Clone, Debug, Default)]
pub struct BundleWindow {
    /// Whether it is open.
    pub open: bool,
    /// The bundles, once loaded.
    pub bundles: Vec<Bundle>,
    /// Why the list could not be had.
    pub problem: Option<String>,
    /// Whether the list is being fetched.
    pub loading: bool,
    /// Bundles or settings.
    pub mode: BundleCompareMode,
    /// The left side.
    pub left: BundlePick,
    /// The right side.
    pub right: BundlePick,
    /// The addon whose settings are compared.
    pub addon: String,
}

impl BundleWindow {
    /// Takes a fresh list: production on the left, staging (or the next one) on the right.
    pub fn loaded(&mut self, bundles: Vec<Bundle>) {
        self.loading = false;
        self.problem = None;
        let production = bundles.iter().position(|b| b.is_production).unwrap_or(0);
        let staging = bundles
            .iter()
            .position(|b| b.is_staging && !b.is_production)
            .or_else(|| (0..bundles.len()).find(|&i| i != production))
            .unwrap_or(production);
        self.left.bundle = production;
        self.right.bundle = staging;
        self.bundles = bundles;
        self.pick_addon();
    }

    /// The two bundles picked, when the list has them.
    pub fn picked(&self) -> Option<(&Bundle, &Bundle)> {
        Some((
            self.bundles.get(self.left.bundle)?,
            self.bundles.get(self.right.bundle)?,
        ))
    }

    /// The addons of the two bundles picked.
    pub fn addons(&self) -> Vec<String> {
        self.picked()
            .map(|(l, r)| addons_of(l, r))
            .unwrap_or_default()
    }

    /// Keeps the chosen addon when both bundles know it, else picks the first.
    pub fn pick_addon(&mut self) {
        let addons = self.addons();
        if !addons.contains(&self.addon) {
            self.addon = addons.into_iter().next().unwrap_or_default();
        }
    }

    /// The settings each side reads, or why a side cannot: the bundle lacks the addon.
    pub fn settings_sources(&self) -> Result<(SettingsSource, SettingsSource), String> {
        let (left, right) = self
            .picked()
            .ok_or_else(|| "Load the bundles first.".to_owned())?;
        let source = |bundle: &Bundle, pick: &BundlePick| {
            let mut source = SettingsSource::of_bundle(bundle, &self.addon, Some(&pick.project))
                .ok_or_else(|| format!("Bundle {} has no {} addon.", bundle.name, self.addon))?;
            if !pick.variant.trim().is_empty() {
                source.variant = pick.variant.trim().to_owned();
            }
            Ok::<_, String>(source)
        };
        Ok((source(left, &self.left)?, source(right, &self.right)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipes::bundles::parse_bundle_list;

    #[test]
    fn production_left_staging_right_and_settings_per_side() {
        let list = br#"{"bundles": [
            {"name": "b_stage", "addons": {"core": "1.1.0"}, "isStaging": true},
            {"name": "a_prod", "addons": {"core": "1.0.0", "maya": "0.1.0"}, "isProduction": true}
        ]}"#;
        let mut window = BundleWindow::default();
        window.loaded(parse_bundle_list(list).unwrap());
        assert_eq!(window.left.bundle, 1);
        assert_eq!(window.right.bundle, 0);
        assert_eq!(window.addon, "core");
        window.right.variant = "production".into();
        window.right.project = "demo".into();
        let (left, right) = window.settings_sources().unwrap();
        assert_eq!(
            left.path(),
            "/api/addons/core/1.0.0/settings?variant=production"
        );
        assert_eq!(
            right.path(),
            "/api/addons/core/1.1.0/settings/demo?variant=production"
        );
        window.addon = "maya".into();
        assert_eq!(
            window.settings_sources().unwrap_err(),
            "Bundle b_stage has no maya addon."
        );
    }
}
