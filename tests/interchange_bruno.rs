//! Bruno (.bru), OpenCollection YAML and Thunder Client importers, and the OpenCollection
//! exporter: the shared real collections and small fixtures written here.

use std::path::{Path, PathBuf};

use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::interchange::export::{ExportFolder, export_opencollection, from_imported};
use ayon_rest_explorer::interchange::{
    Imported, import_bruno, import_opencollection, import_thunder, import_thunder_text,
};
use ayon_rest_explorer::state::{BodyMode, FormKind, FormRow, KvRow};

const SHARED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/interchange"
);

/// The shared fixture at `rel`, or `None` (with a note) when absent.
fn shared(rel: &str) -> Option<PathBuf> {
    let path = Path::new(SHARED).join(rel);
    if path.exists() {
        Some(path)
    } else {
        println!("skipped: {rel} absent at {}", path.display());
        None
    }
}

/// Writes `files` (relative path, content) under a fresh temp dir.
fn write_tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, content) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

fn find<'a>(
    imported: &'a Imported,
    name: &str,
) -> &'a ayon_rest_explorer::interchange::ImportedRequest {
    imported
        .requests()
        .into_iter()
        .map(|(_, r)| r)
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no request {name}"))
}

fn notes_mention(imported: &Imported, words: &[&str]) -> bool {
    imported
        .not_carried
        .iter()
        .any(|n| words.iter().all(|w| n.contains(w)))
}

#[test]
fn explore() {
    for rel in [
        "bruno/Amsterdam__beheeromgeving-catalogus__bruno",
        "bruno/usebruno__bruno__tests__collection__generate-docs__fixtures__collection",
    ] {
        let Some(p) = shared(rel) else { continue };
        let i = import_bruno(&p).unwrap();
        println!(
            "{rel}: {:?} {} envs {:?}",
            i.counts(),
            i.name,
            i.environments
        );
        println!("{:#?}", i.not_carried.iter().take(5).collect::<Vec<_>>());
    }
    for rel in [
        "bruno-opencollection/ComfortablyCoding__bruno-directus",
        "bruno-opencollection/usebruno__bruno__packages__bruno-tests__yml-collection",
    ] {
        let Some(p) = shared(rel) else { continue };
        let i = import_opencollection(&p).unwrap();
        println!(
            "{rel}: {:?} {} envs {:?} vars {:?}",
            i.counts(),
            i.name,
            i.environments.len(),
            i.variables
        );
        println!("{:#?}", i.not_carried.iter().take(8).collect::<Vec<_>>());
    }
    for rel in [
        "thunder/DFXswiss__api__thunder-tests",
        "thunder/Cumulocity-IoT__cumulocity-pki-integration__thunder-tests",
        "thunder/RovaRan__mbds-assignements-backend__thunder-collection_Tpangular.json",
        "thunder/khanhcongpruj123__shop-golang__thunder-collection_shop-golang.json",
        "thunder/khanhcongpruj123__shop-golang__thunder-environment_local.json",
        "thunder/DFXswiss__api__thunder-tests/collections/tc_col_dfx-api.json",
    ] {
        let Some(p) = shared(rel) else { continue };
        let i = import_thunder(&p).unwrap();
        println!(
            "{rel}: {:?} {} envs {:?}",
            i.counts(),
            i.name,
            i.environments
        );
        println!("{:#?}", i.not_carried.iter().take(5).collect::<Vec<_>>());
    }
}
