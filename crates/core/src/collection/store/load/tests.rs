//! The loader lists every file it skips, and reads only regular files inside the
//! collection.

use std::path::{Path, PathBuf};

use crate::collection::store::Collection;

fn collection(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("collection.yml"), "name: C\n").expect("collection.yml");
    for (rel, text) in files {
        let path = dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folders");
        }
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn problem<'a>(loaded: &'a Collection, rel: &str) -> &'a str {
    loaded
        .problems
        .iter()
        .find(|p| p.path == Path::new(rel))
        .map(|p| p.message.as_str())
        .unwrap_or_else(|| panic!("no problem for {rel}: {:?}", loaded.problems))
}

const REQUEST: &str = "name: R\nmethod: GET\nurl: /r\n";

#[test]
fn a_file_past_the_cap_is_listed_not_read() {
    let dir = collection(&[("ok.yml", REQUEST)]);
    let big = std::fs::File::create(dir.path().join("big.yml")).expect("create");
    big.set_len(crate::untrusted::MAX_COLLECTION_FILE_BYTES + 1)
        .expect("size");
    let loaded = Collection::load(dir.path());
    assert_eq!(
        problem(&loaded, "big.yml"),
        "is larger than 8 MB, the limit for this file: not read"
    );
    assert_eq!(loaded.requests().len(), 1);
}

#[test]
fn a_deep_file_is_refused_with_its_line() {
    let deep = format!("name: D\nbody: {}\n", "[".repeat(100_000));
    let dir = collection(&[("deep.yml", &deep)]);
    let loaded = Collection::load(dir.path());
    let p = &loaded.problems[0];
    assert_eq!((p.line, p.column), (Some(2), Some(7 + 127)));
    assert_eq!(p.message, "nested more than 128 levels deep: not parsed");
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_to_files_inside_and_nothing_else() {
    let outside = collection(&[("secret.yml", REQUEST)]);
    let dir = collection(&[("shared/r.yml", REQUEST), ("notes.txt", "TOKEN-123\n")]);
    let link = |target: &Path, rel: &str| {
        std::os::unix::fs::symlink(target, dir.path().join(rel)).expect("symlink");
    };
    link(Path::new("shared/r.yml"), "inside.yml");
    link(&outside.path().join("secret.yml"), "outside.yml");
    link(Path::new("/dev/zero"), "zero.yml");
    link(Path::new("notes.txt"), "notes.yml");
    link(outside.path(), "linked-folder");
    link(Path::new("missing.yml"), "dangling.yml");
    let loaded = Collection::load(dir.path());
    assert!(loaded.request(Path::new("inside.yml")).is_some());
    assert_eq!(
        problem(&loaded, "outside.yml"),
        "is a symlink to a regular file outside the collection: not read"
    );
    assert_eq!(
        problem(&loaded, "zero.yml"),
        "is a symlink to a character device outside the collection: not read"
    );
    // Read through a link: its parse error quotes nothing of the file.
    assert_eq!(
        problem(&loaded, "notes.yml"),
        "invalid type: string \"…\", expected struct RequestFile"
    );
    assert_eq!(
        problem(&loaded, "linked-folder"),
        "is a symlink to a folder: not followed (the requests in it are not loaded)"
    );
    assert!(problem(&loaded, "dangling.yml").contains("symlink to nothing"));
}

#[cfg(unix)]
#[test]
fn collection_yml_must_be_a_regular_file() {
    let dir = collection(&[("ok.yml", REQUEST)]);
    let file = dir.path().join("collection.yml");
    std::fs::remove_file(&file).expect("remove");
    std::os::unix::fs::symlink("/dev/zero", &file).expect("symlink");
    let loaded = Collection::load(dir.path());
    assert_eq!(
        problem(&loaded, "collection.yml"),
        "is a symlink to a character device outside the collection: not read"
    );
    assert_eq!(loaded.requests().len(), 1, "the rest loads");
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_listed() {
    use std::os::unix::ffi::OsStrExt;
    let dir = collection(&[("ok.yml", REQUEST)]);
    let file = std::ffi::OsStr::from_bytes(b"caf\xe9.yml");
    let folder = std::ffi::OsStr::from_bytes(b"f\xff");
    let other = std::ffi::OsStr::from_bytes(b"body\xff.bin");
    std::fs::write(dir.path().join(file), REQUEST).expect("file");
    std::fs::create_dir(dir.path().join(folder)).expect("folder");
    std::fs::write(dir.path().join(other), b"x").expect("body");
    let loaded = Collection::load(dir.path());
    let listed: Vec<PathBuf> = loaded.problems.iter().map(|p| p.path.clone()).collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed.contains(&PathBuf::from(file)) && listed.contains(&PathBuf::from(folder)));
    assert!(
        loaded.problems[0]
            .to_string()
            .contains("has a name that is not UTF-8: not loaded (rename it)")
    );
}

#[test]
fn folders_past_the_depth_limit_are_listed() {
    let deep: String = (0..=super::MAX_FOLDER_DEPTH)
        .map(|i| format!("d{i}/"))
        .collect();
    let dir = collection(&[(&format!("{deep}r.yml"), REQUEST)]);
    let loaded = Collection::load(dir.path());
    let p = &loaded.problems[0];
    assert_eq!(p.path.components().count(), super::MAX_FOLDER_DEPTH + 1);
    assert_eq!(p.message, "is nested more than 64 folders deep: not loaded");
}

#[cfg(unix)]
#[test]
fn folders_past_the_path_limit_are_listed() {
    let dir = collection(&[("ok.yml", REQUEST)]);
    // 24 folders of 200 characters: past Linux's 4096-byte path limit, made through a
    // symlink to the middle so that no path given to the system is too long.
    let name = "a".repeat(200);
    let half: PathBuf = std::iter::repeat_n(name.as_str(), 12).collect();
    std::fs::create_dir_all(dir.path().join(&half)).expect("first half");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let middle = elsewhere.path().join("middle");
    std::os::unix::fs::symlink(dir.path().join(&half), &middle).expect("symlink");
    let rest: PathBuf = std::iter::repeat_n(name.as_str(), 12).collect();
    std::fs::create_dir_all(middle.join(&rest)).expect("second half");
    std::fs::write(middle.join(&rest).join("far.yml"), REQUEST).expect("far request");
    let loaded = Collection::load(dir.path());
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    let p = &loaded.problems[0];
    assert!(p.message.starts_with("cannot be"), "{p}");
    assert!(p.message.contains("too long"), "{p}");
    assert_eq!(loaded.requests().len(), 1);
}

#[test]
fn a_problem_prints_its_path_escaped() {
    let dir = collection(&[("bad\u{1b}[2J.yml", "name: [\n")]);
    let loaded = Collection::load(dir.path());
    let shown = loaded.problems[0].to_string();
    assert!(shown.starts_with("bad\\u{1b}[2J.yml:"), "{shown}");
}

#[cfg(unix)]
#[test]
fn the_environments_folder_is_left_to_its_own_loader() {
    let dir = collection(&[("ok.yml", REQUEST), (".envs/dev.yml", "variables: []\n")]);
    std::os::unix::fs::symlink(".envs", dir.path().join("environments")).expect("symlink");
    let loaded = Collection::load(dir.path());
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let (envs, problems) = crate::collection::environment::load_environments(dir.path());
    assert_eq!(envs.len(), 1, "{problems:?}");
}
