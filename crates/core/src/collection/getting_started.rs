//! The "Getting started with AYON" collection shipped in `assets/getting-started`: written
//! into the user's data directory and opened on the first start.

mod error;

use std::path::Path;

pub use error::InstallError;

/// The collection's files (relative path, content), embedded at build time.
pub const FILES: &[(&str, &str)] = &[
    (
        ".gitignore",
        include_str!("../../../../assets/getting-started/.gitignore"),
    ),
    (
        "collection.yml",
        include_str!("../../../../assets/getting-started/collection.yml"),
    ),
    (
        "folder.yml",
        include_str!("../../../../assets/getting-started/folder.yml"),
    ),
    (
        "act-as-another-user-x-as-user.yml",
        include_str!("../../../../assets/getting-started/act-as-another-user-x-as-user.yml"),
    ),
    (
        "call-as-the-service-user.yml",
        include_str!("../../../../assets/getting-started/call-as-the-service-user.yml"),
    ),
    (
        "create-a-project.yml",
        include_str!("../../../../assets/getting-started/create-a-project.yml"),
    ),
    (
        "create-a-service-user-with-an-api-key.yml",
        include_str!(
            "../../../../assets/getting-started/create-a-service-user-with-an-api-key.yml"
        ),
    ),
    (
        "delete-the-project.yml",
        include_str!("../../../../assets/getting-started/delete-the-project.yml"),
    ),
    (
        "get-the-project.yml",
        include_str!("../../../../assets/getting-started/get-the-project.yml"),
    ),
    (
        "list-addons.yml",
        include_str!("../../../../assets/getting-started/list-addons.yml"),
    ),
    (
        "list-projects.yml",
        include_str!("../../../../assets/getting-started/list-projects.yml"),
    ),
    (
        "log-in.yml",
        include_str!("../../../../assets/getting-started/log-in.yml"),
    ),
    (
        "who-am-i.yml",
        include_str!("../../../../assets/getting-started/who-am-i.yml"),
    ),
    (
        "environments/practice.yml",
        include_str!("../../../../assets/getting-started/environments/practice.yml"),
    ),
];

/// Writes the collection into `dir` unless a collection is already there (a user's edits
/// to an earlier copy are never overwritten).
pub fn install(dir: &Path) -> Result<(), InstallError> {
    if dir.join("collection.yml").exists() {
        return Ok(());
    }
    for (rel, content) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| InstallError::CreateFolder {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        crate::files::write_file(&path, content.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collection::environment::load_environments;
    use crate::collection::store::Collection;

    #[test]
    fn installs_a_collection_that_loads_cleanly_and_keeps_user_edits() {
        let dir = std::env::temp_dir().join(format!("are-getting-started-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        install(&dir).unwrap();
        let collection = Collection::load(&dir);
        assert!(collection.problems.is_empty(), "{:?}", collection.problems);
        let names: Vec<&str> = collection
            .tree
            .requests
            .iter()
            .map(|r| r.file.name.as_str())
            .collect();
        assert_eq!(names.len(), 10, "{names:?}");
        assert_eq!(names[0], "Log in");
        assert_eq!(names[9], "Delete the project");
        for request in &collection.tree.requests {
            assert!(
                request
                    .file
                    .description
                    .as_deref()
                    .is_some_and(|d| d.len() > 80),
                "{} needs a description",
                request.file.name
            );
        }
        let (environments, problems) = load_environments(&dir);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(environments[0].name, "practice");

        // A second install leaves an edited copy alone.
        let edited = dir.join("who-am-i.yml");
        std::fs::write(&edited, "name: Mine\n").unwrap();
        install(&dir).unwrap();
        assert_eq!(std::fs::read_to_string(&edited).unwrap(), "name: Mine\n");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn project_creation_sends_the_anatomy_ayon_1_11_requires() {
        use crate::collection::format::RequestFile;
        use crate::http::HttpMethod;
        let mut creations = 0;
        let requests = FILES.iter().filter(|(rel, _)| {
            rel.ends_with(".yml")
                && !rel.starts_with("environments/")
                && !matches!(*rel, "collection.yml" | "folder.yml")
        });
        for (rel, content) in requests {
            let file = RequestFile::parse(Path::new(rel), content).unwrap();
            let path = file
                .url
                .split('?')
                .next()
                .unwrap_or_default()
                .trim_end_matches('/');
            if file.method != HttpMethod::Post || path != "/api/projects" {
                continue;
            }
            creations += 1;
            // The `{{variables}}` sit inside JSON strings: the body parses as it is.
            let body: serde_json::Value = serde_json::from_str(&file.body.text).unwrap();
            // AYON 1.11.2 answers 400 "anatomy: field required" without it (fixture
            // more/1088); `{}` is the server's default anatomy on 1.11 and 1.16 alike.
            assert!(body["anatomy"].is_object(), "{rel}: {body}");
            assert!(
                body["name"].is_string() && body["code"].is_string(),
                "{rel}"
            );
        }
        assert_eq!(creations, 1, "the collection creates one project");
    }

    #[test]
    fn shipped_files_are_written_the_way_the_app_writes_them() {
        use crate::collection::format::{CollectionFile, FolderFile, RequestFile};
        for (rel, content) in FILES {
            let path = Path::new(rel);
            let rewritten = match *rel {
                "collection.yml" => CollectionFile::parse(path, content).map(|f| f.to_yaml()),
                "folder.yml" => FolderFile::parse(path, content).map(|f| f.to_yaml()),
                r if r.ends_with(".yml") && !r.starts_with("environments/") => {
                    RequestFile::parse(path, content).map(|f| f.to_yaml())
                }
                _ => continue,
            };
            assert_eq!(rewritten.as_deref(), Ok(*content), "{rel}");
        }
    }
}
