//! Which request an answer belongs to.

use std::path::{Component, Path};

/// The key of a saved request: its collection folder and its file's path inside it, with
/// `/` between folders on every platform, so it stays the same from run to run.
///
/// Paths are compared as written (no file system access): pass both the same way, e.g.
/// both absolute. A file outside the folder is keyed by its own path.
pub fn saved_request_key(collection_folder: &Path, request_file: &Path) -> String {
    let folder = normalized(collection_folder);
    let file = normalized(request_file);
    match file.strip_prefix(&folder) {
        // The folder is a root such as `/`: the rest is the path inside.
        Some(inside) if folder.ends_with('/') && !inside.is_empty() => {
            format!("file:{folder}#{inside}")
        }
        Some(inside) if inside.len() > 1 && inside.starts_with('/') => {
            format!("file:{folder}#{}", &inside[1..])
        }
        _ => format!("file:{file}"),
    }
}

/// The key of a request in an unsaved tab: `METHOD url`, the method in capitals. Pass the
/// URL masked, the way it is recorded.
pub fn unsaved_request_key(method: &str, url: &str) -> String {
    format!("{} {}", method.trim().to_ascii_uppercase(), url.trim())
}

/// `path` with `.` dropped, `..` applied where it can be and `/` between the parts.
fn normalized(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut root = String::new();
    for component in path.components() {
        match component {
            Component::Prefix(prefix) => {
                root = prefix.as_os_str().to_string_lossy().replace('\\', "/")
            }
            Component::RootDir => root.push('/'),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.last().is_some_and(|p| p != "..") {
                    parts.pop();
                } else if root.is_empty() {
                    parts.push("..".into());
                }
            }
            Component::Normal(name) => parts.push(name.to_string_lossy().into_owned()),
        }
    }
    format!("{root}{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_keys_are_the_folder_and_the_path_inside() {
        let key = saved_request_key(
            Path::new("/home/u/coll"),
            Path::new("/home/u/coll/./projects/../projects/list.yaml"),
        );
        assert_eq!(key, "file:/home/u/coll#projects/list.yaml");
        assert_eq!(
            saved_request_key(Path::new("/home/u/coll/"), Path::new("/home/u/coll/a.yaml")),
            "file:/home/u/coll#a.yaml"
        );
    }

    #[test]
    fn a_file_outside_the_folder_or_beside_it_is_keyed_by_its_path() {
        assert_eq!(
            saved_request_key(Path::new("/home/u/coll"), Path::new("/home/u/collx/a.yaml")),
            "file:/home/u/collx/a.yaml"
        );
        assert_eq!(
            saved_request_key(Path::new("/home/u/coll"), Path::new("/tmp/a.yaml")),
            "file:/tmp/a.yaml"
        );
    }

    #[test]
    fn unsaved_keys_are_method_and_url() {
        assert_eq!(
            unsaved_request_key(" get", "https://h/api/info "),
            "GET https://h/api/info"
        );
    }
}
