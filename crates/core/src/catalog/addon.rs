//! Addon versions from `GET /api/addons`, and merging their endpoints into a catalog.

use std::cmp::Ordering;
use std::sync::Arc;

use serde_json::Value;

use super::build::read_operations;
use super::model::{AddonVersion, Catalog};

impl AddonVersion {
    /// Every addon version in a GET /api/addons body ({"addons":[{"name","title","versions":{"0.1.0":{...}}}]}),
    /// title falling back to name; sorted by title then version. Bad shapes -> empty vec / skipped entries.
    pub fn list_from(addons_body: &Value) -> Vec<AddonVersion> {
        let mut out = Vec::new();
        let entries = addons_body.get("addons").and_then(Value::as_array);
        for addon in entries.into_iter().flatten() {
            let Some(name) = addon.get("name").and_then(Value::as_str) else {
                continue;
            };
            let title = addon
                .get("title")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .unwrap_or(name);
            let versions = addon.get("versions").and_then(Value::as_object);
            for version in versions.into_iter().flat_map(|v| v.keys()) {
                out.push(AddonVersion {
                    name: name.to_string(),
                    title: title.to_string(),
                    version: version.clone(),
                });
            }
        }
        out.sort_by(|a, b| {
            a.title
                .cmp(&b.title)
                .then_with(|| compare_versions(&a.version, &b.version))
                .then_with(|| a.name.cmp(&b.name))
        });
        out
    }

    /// The OpenAPI tag AYON gives this version's endpoints: "Lab Test 0.1.0".
    pub fn tag(&self) -> String {
        format!("{} {}", self.title, self.version)
    }

    /// Where this version's endpoints live: "/api/addons/labtest/0.1.0/".
    pub fn path_prefix(&self) -> String {
        format!("/api/addons/{}/{}/", self.name, self.version)
    }

    /// Where newer servers publish this version's own spec.
    pub fn openapi_path(&self) -> String {
        format!("{}openapi.json", self.path_prefix())
    }
}

/// "0.10.0" after "0.9.1": numeric runs compare as numbers, the rest as text.
fn compare_versions(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| -> Vec<(u64, String)> {
        s.split(['.', '-', '+'])
            .map(|p| (p.parse::<u64>().unwrap_or(u64::MAX), p.to_string()))
            .collect()
    };
    parts(a).cmp(&parts(b))
}

impl Catalog {
    /// Attach one addon version listed by GET /api/addons. `own_spec` is that version's
    /// `/api/addons/{name}/{version}/openapi.json` when the server served one (newer servers).
    /// Its operations join the group "`<title> <version>`" (creating it); operations already in the
    /// main spec under that path prefix (servers run with AYON_OPENAPI_INCLUDE_ADDON_ENDPOINTS=true
    /// put them there with tag "`<title> <version>`") are not duplicated (same method+path).
    /// A group that ends up with no operations gets a `note` saying how to make the server
    /// publish them.
    pub fn attach_addon(&mut self, addon: &AddonVersion, own_spec: Option<Value>) {
        let tag = addon.tag();
        let slot = self.group_slot(&tag);
        self.groups[slot].addon = Some(addon.clone());
        // Endpoints the main spec already lists under this version's prefix belong here too,
        // whatever tag they carry.
        let prefix = addon.path_prefix();
        for (i, op) in self.operations.iter().enumerate() {
            let group = &mut self.groups[slot];
            if op.path.starts_with(&prefix) && !group.operations.contains(&i) {
                group.operations.push(i);
            }
        }
        if let Some(spec) = own_spec {
            let doc_index = self.docs.len();
            let read = read_operations(&spec, doc_index);
            for s in read.skipped {
                if !self.skipped.contains(&s) {
                    self.skipped.push(s);
                }
            }
            let fresh: Vec<_> = read
                .operations
                .into_iter()
                .filter(|op| self.find(op.method, &op.path).is_none())
                .collect();
            // Keep the document only when an operation refers to it (attaching twice adds none).
            if !fresh.is_empty() {
                self.docs.push(Arc::new(spec));
            }
            for mut op in fresh {
                if !op.tags.contains(&tag) {
                    op.tags.push(tag.clone());
                }
                self.push_operation(op, Some(&tag));
            }
            self.index.extend(&self.operations);
        }
        let group = &mut self.groups[slot];
        group.note = group.operations.is_empty().then(|| unpublished_note(addon));
    }
}

fn unpublished_note(addon: &AddonVersion) -> String {
    format!(
        "This server does not publish the endpoints of {tag}. Newer AYON servers serve them at \
         {spec}. Older ones (1.11.x) list addon endpoints in /openapi.json only when the server \
         runs with AYON_OPENAPI_INCLUDE_ADDON_ENDPOINTS=true and has been restarted. An addon \
         that defines no endpoints has none to show.",
        tag = addon.tag(),
        spec = addon.openapi_path(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn list_from_flattens_sorts_and_skips_bad_entries() {
        let body = json!({"addons": [
            {"name": "zed", "title": "Alpha", "versions": {"0.10.0": {}, "0.9.1": {}}},
            {"name": "maya", "versions": {"1.0.0": {}}},
            {"title": "no name", "versions": {"1": {}}},
            {"name": "empty", "versions": []},
            "junk"
        ]});
        let list = AddonVersion::list_from(&body);
        let tags: Vec<String> = list.iter().map(AddonVersion::tag).collect();
        assert_eq!(tags, ["Alpha 0.9.1", "Alpha 0.10.0", "maya 1.0.0"]);
        assert!(AddonVersion::list_from(&json!([1, 2])).is_empty());
        assert!(AddonVersion::list_from(&json!({"addons": {"a": 1}})).is_empty());
    }
}
