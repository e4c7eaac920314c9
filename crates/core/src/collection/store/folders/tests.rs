//! Duplicating requests; renaming, moving and deleting folders, in temporary folders.

use std::path::{Path, PathBuf};

use crate::collection::format::RequestFile;
use crate::collection::store::{Collection, StoreError, TreeOp, TreeOpDone};
use crate::request::RequestDraft;

/// Broken YAML that must survive every operation byte for byte.
const BROKEN: &[u8] = b"name: [unclosed\n\xff method GET\n";

/// A fresh collection: `projects/` (ordered `b`, `a`), `users/`, `top.yml`, and a broken
/// `projects/broken.yml`.
fn scratch(tag: &str) -> (PathBuf, Collection) {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let root = std::env::temp_dir().join(format!(
        "are-store-folders-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&root);
    let c = Collection::create(&root, "Scratch").unwrap();
    c.create_folder(Path::new(""), "projects").unwrap();
    c.create_folder(Path::new(""), "users").unwrap();
    for (folder, name) in [("projects", "A"), ("projects", "B"), ("", "Top")] {
        let file = RequestFile::from_draft(name, &RequestDraft::get(&format!("/api/{name}")));
        c.save_request(Path::new(folder), &file).unwrap();
    }
    c.set_order(Path::new("projects"), vec!["b".into(), "a".into()])
        .unwrap();
    c.set_order(Path::new(""), vec!["users".into(), "projects".into()])
        .unwrap();
    std::fs::write(root.join("projects/broken.yml"), BROKEN).unwrap();
    let c = Collection::load(&root);
    assert_eq!(c.problems.len(), 1, "{:?}", c.problems);
    (root, c)
}

fn order(root: &Path, folder: &str) -> String {
    std::fs::read_to_string(root.join(folder).join("folder.yml")).unwrap()
}

fn names(c: &Collection, folder: &str) -> Vec<String> {
    c.folder(Path::new(folder))
        .unwrap()
        .requests
        .iter()
        .map(|r| r.file.name.clone())
        .collect()
}

#[test]
fn duplicates_go_right_after_the_original_with_their_own_names() {
    let (root, c) = scratch("dup");
    let copy = c.duplicate_request(Path::new("projects/a.yml")).unwrap();
    assert_eq!(copy, Path::new("projects/a-copy.yml"));
    let c = Collection::load(&root);
    let second = c.duplicate_request(Path::new("projects/a.yml")).unwrap();
    assert_eq!(second, Path::new("projects/a-copy-2.yml"));
    assert_eq!(
        order(&root, "projects"),
        "order:\n  - b\n  - a\n  - a-copy-2\n  - a-copy\n"
    );
    let c = Collection::load(&root);
    assert_eq!(names(&c, "projects"), ["B", "A", "A copy 2", "A copy"]);
    let original = c.request(Path::new("projects/a.yml")).unwrap();
    let duplicate = c.request(&copy).unwrap();
    assert_eq!(duplicate.file.url, original.file.url);
    // Without an order there is nothing to keep in step, and no folder.yml appears.
    c.duplicate_request(Path::new("top.yml")).unwrap();
    assert!(!root.join("folder.yml").exists() || !order(&root, "").contains("top"));
    assert!(root.join("top-copy.yml").is_file());
    // A broken file cannot be duplicated, and stays as it was.
    let err = c
        .duplicate_request(Path::new("projects/broken.yml"))
        .unwrap_err();
    assert!(matches!(err, StoreError::Broken { .. }), "{err}");
    assert_eq!(
        std::fs::read(root.join("projects/broken.yml")).unwrap(),
        BROKEN
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn renaming_a_folder_keeps_its_files_and_the_order() {
    let (root, c) = scratch("rename");
    let err = c.rename_folder(Path::new("projects"), "users").unwrap_err();
    assert!(matches!(err, StoreError::Exists { .. }), "{err}");
    let err = c.rename_folder(Path::new("projects"), "USERS").unwrap_err();
    assert!(
        matches!(err, StoreError::Exists { .. }),
        "case-insensitive: {err}"
    );
    let err = c
        .rename_folder(Path::new("projects"), "environments")
        .unwrap_err();
    assert!(matches!(err, StoreError::BadName { .. }), "{err}");
    let err = c.rename_folder(Path::new("projects"), "a/b").unwrap_err();
    assert!(matches!(err, StoreError::BadName { .. }), "{err}");
    let err = c.rename_folder(Path::new(""), "x").unwrap_err();
    assert!(matches!(err, StoreError::BadPath { .. }), "the root: {err}");

    let new = c
        .rename_folder(Path::new("projects"), "Projects 2")
        .unwrap();
    assert_eq!(new, Path::new("Projects 2"));
    assert!(!root.join("projects").exists());
    assert_eq!(order(&root, ""), "order:\n  - users\n  - Projects 2\n");
    assert_eq!(
        std::fs::read(root.join("Projects 2/broken.yml")).unwrap(),
        BROKEN,
        "a broken file inside moves unread"
    );
    let c = Collection::load(&root);
    assert_eq!(names(&c, "Projects 2"), ["B", "A"]);
    // Only the case changes.
    let new = c.rename_folder(Path::new("users"), "Users").unwrap();
    assert_eq!(new, Path::new("Users"));
    assert!(Collection::load(&root).folder(Path::new("Users")).is_some());
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn deleting_a_folder_never_deletes_files_that_did_not_load() {
    let (root, c) = scratch("delete");
    std::fs::write(root.join("projects/notes.txt"), "mine").unwrap();
    let err = c.delete_folder(Path::new("projects")).unwrap_err();
    match &err {
        StoreError::Keeps { files, .. } => assert_eq!(
            files,
            &[
                PathBuf::from("projects/broken.yml"),
                PathBuf::from("projects/notes.txt")
            ]
        ),
        other => panic!("expected Keeps, got {other}"),
    }
    let message = err.to_string();
    assert!(message.contains("projects/broken.yml"), "{message}");
    assert_eq!(
        std::fs::read(root.join("projects/broken.yml")).unwrap(),
        BROKEN
    );
    assert!(root.join("projects/a.yml").is_file(), "nothing was deleted");

    std::fs::remove_file(root.join("projects/broken.yml")).unwrap();
    std::fs::remove_file(root.join("projects/notes.txt")).unwrap();
    std::fs::write(root.join("projects/.DS_Store"), "litter").unwrap();
    let c = Collection::load(&root);
    c.delete_folder(Path::new("projects")).unwrap();
    assert!(!root.join("projects").exists());
    assert_eq!(order(&root, ""), "order:\n  - users\n");
    let err = c.delete_folder(Path::new("")).unwrap_err();
    assert!(matches!(err, StoreError::BadPath { .. }), "the root: {err}");
    let err = c.delete_folder(Path::new("environments")).unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err}");
    assert!(root.join("environments").is_dir());
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn moving_a_folder_refuses_loops_environments_and_clashes() {
    let (root, c) = scratch("move");
    c.create_folder(Path::new("projects"), "archive").unwrap();
    let c = Collection::load(&root);
    for into in ["projects", "projects/archive"] {
        let err = c
            .move_folder(Path::new("projects"), Path::new(into))
            .unwrap_err();
        assert!(matches!(err, StoreError::Refused { .. }), "{into}: {err}");
        assert!(err.to_string().contains("itself"), "{err}");
    }
    let err = c
        .move_folder(Path::new("projects"), Path::new("environments"))
        .unwrap_err();
    assert!(err.to_string().contains("environments"), "{err}");
    c.create_folder(Path::new("users"), "projects").unwrap();
    let err = c
        .move_folder(Path::new("projects"), Path::new("users"))
        .unwrap_err();
    assert!(matches!(err, StoreError::Exists { .. }), "{err}");
    std::fs::remove_dir(root.join("users/projects")).unwrap();

    let new = c
        .move_folder(Path::new("projects"), Path::new("users"))
        .unwrap();
    assert_eq!(new, Path::new("users/projects"));
    assert_eq!(order(&root, ""), "order:\n  - users\n");
    assert_eq!(
        std::fs::read(root.join("users/projects/broken.yml")).unwrap(),
        BROKEN
    );
    let c = Collection::load(&root);
    assert_eq!(names(&c, "users/projects"), ["B", "A"]);
    // Back to the top.
    let back = c
        .move_folder(Path::new("users/projects"), Path::new(""))
        .unwrap();
    assert_eq!(back, Path::new("projects"));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn tree_ops_report_old_and_new_paths() {
    let (root, c) = scratch("ops");
    let done = TreeOp::Rename {
        path: "projects/a.yml".into(),
        new_name: " Alpha ".into(),
    }
    .apply(&c)
    .unwrap();
    assert_eq!(
        done,
        TreeOpDone::Renamed {
            from: "projects/a.yml".into(),
            to: "projects/alpha.yml".into(),
            request_name: Some("Alpha".into()),
        }
    );
    let c = Collection::load(&root);
    let done = TreeOp::Move {
        path: "projects".into(),
        to_folder: "users".into(),
    }
    .apply(&c)
    .unwrap();
    assert_eq!(
        done,
        TreeOpDone::Moved {
            from: "projects".into(),
            to: "users/projects".into(),
        }
    );
    let c = Collection::load(&root);
    let err = TreeOp::Rename {
        path: "top.yml".into(),
        new_name: "  ".into(),
    }
    .apply(&c)
    .unwrap_err();
    assert!(matches!(err, StoreError::BadName { .. }), "{err}");
    let done = TreeOp::Delete {
        path: "top.yml".into(),
    }
    .apply(&c)
    .unwrap();
    assert_eq!(
        done,
        TreeOpDone::Deleted {
            path: "top.yml".into()
        }
    );
    assert!(!root.join("top.yml").exists());
    let _ = std::fs::remove_dir_all(&root);
}

#[cfg(unix)]
#[test]
fn read_only_folders_say_so() {
    use std::os::unix::fs::PermissionsExt;
    let (root, c) = scratch("readonly");
    let mode = |m| std::fs::Permissions::from_mode(m);
    std::fs::set_permissions(&root, mode(0o555)).unwrap();
    let probe = root.join(".probe");
    let writable_anyway = std::fs::write(&probe, "x").is_ok(); // root ignores modes
    let _ = std::fs::remove_file(&probe);
    let renamed = c.rename_folder(Path::new("users"), "people");
    let moved = c.move_folder(Path::new("projects"), Path::new("users"));
    let duplicated = c.duplicate_request(Path::new("top.yml"));
    std::fs::set_permissions(&root, mode(0o755)).unwrap();
    if !writable_anyway {
        for err in [
            renamed.unwrap_err(),
            moved.unwrap_err(),
            duplicated.unwrap_err(),
        ] {
            assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
            assert!(err.to_string().contains("read-only"), "{err}");
        }
    }
    let _ = std::fs::remove_dir_all(&root);
}
