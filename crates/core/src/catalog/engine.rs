//! Building a [`Catalog`] from a spec and the queries the UI makes of it.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::Value;

use super::build::read_operations;
use super::model::{Catalog, Group};
use super::search::SearchIndex;
use super::skeleton::{Skeleton, skeleton_for};
use crate::http::HttpMethod;

/// The group of operations without tags.
pub(super) const UNTAGGED: &str = "Other";

impl Catalog {
    /// Index a parsed spec (from parse_spec). Never panics on odd content: skips what it can't read.
    pub fn from_spec(spec: Value) -> Catalog {
        let info = |key: &str| {
            spec.get("info")
                .and_then(|i| i.get(key))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let read = read_operations(&spec, 0);
        let mut catalog = Catalog {
            title: info("title"),
            version: info("version"),
            operations: Vec::new(),
            groups: Vec::new(),
            skipped: read.skipped,
            docs: vec![Arc::new(spec)],
            index: SearchIndex::default(),
        };
        for op in read.operations {
            catalog.push_operation(op, None);
        }
        catalog.index.extend(&catalog.operations);
        catalog
    }

    /// Adds an operation to `operations` and to its tag groups (or to `group` when given).
    pub(super) fn push_operation(&mut self, op: super::Operation, group: Option<&str>) {
        let index = self.operations.len();
        let tags: Vec<String> = match group {
            Some(tag) => vec![tag.to_string()],
            None if op.tags.is_empty() => vec![UNTAGGED.to_string()],
            None => op.tags.clone(),
        };
        self.operations.push(op);
        for tag in tags {
            let slot = self.group_slot(&tag);
            if !self.groups[slot].operations.contains(&index) {
                self.groups[slot].operations.push(index);
            }
        }
    }

    /// The index of the group with `tag`, created at the end when missing.
    pub(super) fn group_slot(&mut self, tag: &str) -> usize {
        match self.groups.iter().position(|g| g.tag == tag) {
            Some(i) => i,
            None => {
                self.groups.push(Group {
                    tag: tag.to_string(),
                    operations: Vec::new(),
                    note: None,
                    addon: None,
                });
                self.groups.len() - 1
            }
        }
    }

    /// Fuzzy search over method, path, summary, operationId and tag; best first, at most `limit`
    /// indices into `operations`. An empty query lists all operations in group order.
    pub fn search(&self, query: &str, limit: usize) -> Vec<usize> {
        if query.trim().is_empty() {
            let mut seen = vec![false; self.operations.len()];
            let mut all = Vec::new();
            for &i in self.groups.iter().flat_map(|g| &g.operations) {
                if all.len() >= limit {
                    break;
                }
                if let Some(flag) = seen.get_mut(i).filter(|f| !**f) {
                    *flag = true;
                    all.push(i);
                }
            }
            return all;
        }
        self.index.search(query, limit)
    }

    /// JSON body skeleton for operation `index` (None when it declares no JSON request body).
    pub fn skeleton(&self, index: usize) -> Option<Skeleton> {
        let op = self.operations.get(index)?;
        let schema = op.body_schema.as_ref()?;
        let doc = self.docs.get(op.doc)?;
        Some(skeleton_for(schema, doc))
    }

    /// Operation with this method and exact path template (e.g. GET "/api/projects/{project_name}").
    pub fn find(&self, method: HttpMethod, path: &str) -> Option<usize> {
        self.operations
            .iter()
            .position(|op| op.method == method && op.path == path)
    }

    /// Path templates for URL completion: all distinct paths starting with `prefix`
    /// (case-insensitive), sorted, at most `limit`.
    pub fn complete_path(&self, prefix: &str, limit: usize) -> Vec<&str> {
        let prefix = prefix.to_lowercase();
        let paths: BTreeSet<&str> = self
            .operations
            .iter()
            .map(|op| op.path.as_str())
            .filter(|p| p.to_lowercase().starts_with(&prefix))
            .collect();
        paths.into_iter().take(limit).collect()
    }
}
