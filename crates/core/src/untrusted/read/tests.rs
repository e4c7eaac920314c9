use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::*;

fn dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn write(root: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = root.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

#[cfg(unix)]
fn link(root: &Path, name: &str, target: &Path) -> PathBuf {
    let path = root.join(name);
    std::os::unix::fs::symlink(target, &path).expect("symlink");
    path
}

#[test]
fn a_regular_file_is_read_whole() {
    let root = dir();
    let path = write(root.path(), "a.yml", b"name: A\n");
    let read = read_text(&path, Some(root.path()), 100).expect("read");
    assert_eq!(read.text, "name: A\n");
    assert!(!read.through_link);
}

#[test]
fn a_file_past_the_cap_is_refused_by_its_size() {
    let root = dir();
    let path = write(root.path(), "big.yml", &[b'a'; 101]);
    let err = read_file(&path, None, 100).expect_err("too big");
    assert!(matches!(err, ReadError::TooBig { limit: 100 }), "{err}");
    assert_eq!(
        err.to_string(),
        "is larger than 100 bytes, the limit for this file: not read"
    );
    assert!(read_file(&path, None, 101).is_ok());
    let err = ReadError::TooBig {
        limit: MAX_COLLECTION_FILE_BYTES,
    };
    assert!(err.to_string().contains("8 MB"), "{err}");
}

#[test]
fn bytes_that_are_not_text_are_named() {
    let root = dir();
    let path = write(root.path(), "bin.yml", b"ab\xff");
    let err = read_text(&path, None, 100).expect_err("not text");
    assert_eq!(err.to_string(), "is not UTF-8 text (byte 2): not read");
}

#[test]
fn a_folder_is_not_a_file() {
    let root = dir();
    std::fs::create_dir(root.path().join("sub.yml")).expect("folder");
    let err = read_file(&root.path().join("sub.yml"), None, 100).expect_err("folder");
    assert_eq!(err.to_string(), "is a folder, not a regular file: not read");
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_without_being_read() {
    let root = dir();
    let started = Instant::now();
    let err =
        read_file(Path::new("/dev/zero"), None, MAX_COLLECTION_FILE_BYTES).expect_err("device");
    assert_eq!(
        err.to_string(),
        "is a character device, not a regular file: not read"
    );
    let zero = link(root.path(), "collection.yml", Path::new("/dev/zero"));
    let err = read_file(&zero, None, MAX_COLLECTION_FILE_BYTES).expect_err("device");
    assert_eq!(
        err.to_string(),
        "is a symlink to a character device, not a regular file: not read"
    );
    let err = read_file(&zero, Some(root.path()), MAX_COLLECTION_FILE_BYTES).expect_err("out");
    assert_eq!(
        err.to_string(),
        "is a symlink to a character device outside the collection: not read"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let root = dir();
    let fifo = root.path().join("env.yml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let started = Instant::now();
    let err = read_file(&fifo, Some(root.path()), 100).expect_err("fifo");
    assert_eq!(
        err.to_string(),
        "is a FIFO (named pipe), not a regular file: not read"
    );
    let linked = link(root.path(), "linked.yml", &fifo);
    let err = read_file(&linked, Some(root.path()), 100).expect_err("fifo");
    assert!(matches!(
        err,
        ReadError::NotRegular {
            kind: FileKind::Fifo,
            through_link: true
        }
    ));
    assert!(started.elapsed() < Duration::from_secs(1));
    // Opened as the check would open it: no writer, and still no wait.
    let file = open_without_blocking(&fifo).expect("opens at once");
    assert_eq!(
        FileKind::of(&file.metadata().expect("stat")),
        FileKind::Fifo
    );
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_inside_the_collection_only() {
    let outside = dir();
    let secret = write(outside.path(), "credentials", b"token: FAKE-SECRET\n");
    let root = dir();
    let shared = write(root.path(), "shared.yml", b"name: Shared\n");
    let inner = link(root.path(), "inner.yml", &shared);
    let read = read_text(&inner, Some(root.path()), 100).expect("inside");
    assert_eq!(read.text, "name: Shared\n");
    assert!(read.through_link);
    // Relative links resolve from the link's folder.
    let relative = link(root.path(), "relative.yml", Path::new("shared.yml"));
    assert!(read_text(&relative, Some(root.path()), 100).is_ok());
    let out = link(root.path(), "out.yml", &secret);
    let err = read_text(&out, Some(root.path()), 100).expect_err("outside");
    assert_eq!(
        err.to_string(),
        "is a symlink to a regular file outside the collection: not read"
    );
    let escape = link(
        root.path(),
        "escape.yml",
        Path::new("../../../../../../etc/passwd"),
    );
    assert!(matches!(
        read_text(&escape, Some(root.path()), MAX_COLLECTION_FILE_BYTES),
        Err(ReadError::Outside { .. }) | Err(ReadError::DanglingLink)
    ));
    // Without a confining folder (a spec file the user picked) the link is followed.
    assert!(read_text(&out, None, 100).is_ok());
    let dangling = link(root.path(), "dangling.yml", Path::new("nothing-here"));
    let err = read_text(&dangling, Some(root.path()), 100).expect_err("dangling");
    assert!(matches!(err, ReadError::DanglingLink), "{err}");
}
