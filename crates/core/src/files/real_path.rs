//! Where a path really leads: symlinks followed and `..` resolved, as the system would
//! open it. The rule that keeps a collection's body files inside its folder compares real
//! paths, so neither `../..` nor a symlink can step out of it.

use std::path::{Component, Path, PathBuf};

/// The real path of `path` (made absolute against the current folder when relative):
/// every symlink followed and every `.` and `..` resolved. A path that does not exist
/// (yet) is the real path of its deepest existing folder with the rest appended, `..`
/// taken away lexically (the system could not open it through a missing folder anyway).
pub fn real_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Ok(real) = std::fs::canonicalize(&absolute) {
        return real;
    }
    let parts: Vec<Component<'_>> = absolute.components().collect();
    for cut in (1..parts.len()).rev() {
        let head: PathBuf = parts[..cut].iter().collect();
        if let Ok(real) = std::fs::canonicalize(&head) {
            return appended(real, &parts[cut..]);
        }
    }
    appended(PathBuf::new(), &parts)
}

/// `base` with `rest` appended, `.` dropped and `..` taking the last part away.
fn appended(mut base: PathBuf, rest: &[Component<'_>]) -> PathBuf {
    for part in rest {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                base.pop();
            }
            other => base.push(other.as_os_str()),
        }
    }
    base
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn symlinks_and_dots_are_resolved() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/file"), b"x").unwrap();
        std::os::unix::fs::symlink(root.join("a/file"), root.join("a/b/link")).unwrap();
        assert_eq!(real_path(&root.join("a/b/../file")), root.join("a/file"));
        assert_eq!(real_path(&root.join("a/b/link")), root.join("a/file"));
        assert_eq!(real_path(&root.join("a/./b/link")), root.join("a/file"));
    }

    #[test]
    fn missing_paths_resolve_through_their_existing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("real")).unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("alias")).unwrap();
        assert_eq!(
            real_path(&root.join("alias/missing/../new.txt")),
            root.join("real/new.txt")
        );
        assert_eq!(
            real_path(&root.join("alias/../../x")),
            root.parent().unwrap().join("x")
        );
    }
}
