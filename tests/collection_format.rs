//! The collection folder format: golden files, hand edits, broken files, secrets.

use std::path::{Path, PathBuf};

use ayon_rest_explorer::ayon::{AuthInput, AuthMode};
use ayon_rest_explorer::collection::format::{CollectionFile, FolderFile, RequestFile};
use ayon_rest_explorer::collection::store::{Collection, StoreError};
use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::state::{BodyMode, GraphQlBody, KvRow, RequestDraft};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/collection/basics")
}

/// A fresh empty folder under the system temp folder.
fn temp_dir(tag: &str) -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "are-collection-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the golden collection to change.
fn scratch_copy(tag: &str) -> PathBuf {
    let dir = temp_dir(tag).join("basics");
    copy_dir(&fixture(), &dir);
    dir
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn golden_files_load_and_write_back_byte_for_byte() {
    let root = fixture();
    let c = Collection::load(&root);
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    assert_eq!(c.file.to_yaml(), read(&root.join("collection.yml")));
    let requests = c.requests();
    assert_eq!(requests.len(), 3);
    for r in requests {
        assert_eq!(r.file.to_yaml(), read(&root.join(&r.path)), "{:?}", r.path);
    }
    let folder_yml = root.join("projects/folder.yml");
    let folder = FolderFile::parse(&folder_yml, &read(&folder_yml)).unwrap();
    assert_eq!(folder.to_yaml(), read(&folder_yml));
}

#[test]
fn golden_tree_is_ordered_and_skips_environments_dotfiles_and_other_files() {
    let c = Collection::load(&fixture());
    assert_eq!(c.file.name, "AYON basics");
    assert_eq!(c.tree.folders.len(), 1, "environments/ is not a folder");
    let projects = &c.tree.folders[0];
    assert_eq!(projects.name, "projects");
    assert_eq!(projects.path, Path::new("projects"));
    let names: Vec<&str> = projects
        .requests
        .iter()
        .map(|r| r.file.name.as_str())
        .collect();
    // folder.yml's order, not alphabetical.
    assert_eq!(names, ["List projects", "Create a project"]);
    assert_eq!(c.tree.requests[0].path, Path::new("who-am-i.yml"));
    let create = c.request(Path::new("projects/create-project.yml")).unwrap();
    assert!(create.file.body.text.ends_with("}\n"));
}

#[test]
fn saving_unchanged_requests_keeps_every_byte() {
    let root = scratch_copy("resave");
    let c = Collection::load(&root);
    let before: Vec<(PathBuf, String)> = c
        .requests()
        .iter()
        .map(|r| (r.path.clone(), read(&root.join(&r.path))))
        .collect();
    for r in c.requests() {
        let draft = r.file.to_draft();
        let mut again = RequestFile::from_draft(&r.file.name, &draft);
        again.description = r.file.description.clone();
        c.update_request(&r.path, &again).unwrap();
    }
    for (path, bytes) in before {
        assert_eq!(read(&root.join(&path)), bytes, "{path:?}");
    }
}

#[test]
fn hand_edited_file_with_comments_and_other_key_order_loads() {
    let text = "# Written by hand\n\
                body:\n  text: '{\"a\": 1}'   # inline\n  mode: json\n\
                method: post\n\
                url: /api/x  # the endpoint\n\
                headers:\n- {name: X-Trace, value: abc}\n\
                name: Hand made\n";
    let file = RequestFile::parse(Path::new("hand.yml"), text).unwrap();
    assert_eq!(file.name, "Hand made");
    assert_eq!(file.method, HttpMethod::Post);
    assert_eq!(file.url, "/api/x");
    assert_eq!(file.body.mode, BodyMode::Json);
    assert_eq!(file.body.text, "{\"a\": 1}");
    assert_eq!(file.headers[0].value, "abc");
    // Writing it puts it in the canonical form, which is then stable.
    let canonical = file.to_yaml();
    let again = RequestFile::parse(Path::new("hand.yml"), &canonical).unwrap();
    assert_eq!(again, file);
    assert_eq!(again.to_yaml(), canonical);
}

#[test]
fn corrupt_and_foreign_files_are_listed_and_never_touched() {
    let root = scratch_copy("broken");
    let corrupt = "name: Broken\nmethod: GET\nurl: [unclosed\nheaders: x\n";
    let foreign = "name: Foreign\nmethod: GET\nurl: /api/x\nscript: rm -rf /\n";
    std::fs::write(root.join("projects/broken.yml"), corrupt).unwrap();
    std::fs::write(root.join("foreign.yml"), foreign).unwrap();
    std::fs::write(root.join("projects/folder.yml"), "order: [\n").unwrap();

    let c = Collection::load(&root);
    let problem = |p: &str| {
        c.problems
            .iter()
            .find(|x| x.path == Path::new(p))
            .unwrap_or_else(|| panic!("{p} not in {:?}", c.problems))
            .clone()
    };
    assert_eq!(problem("foreign.yml").line, Some(4), "{:?}", c.problems);
    assert!(
        problem("foreign.yml")
            .message
            .contains("unknown field `script`")
    );
    assert!(problem("projects/broken.yml").line.is_some());
    assert!(problem("projects/folder.yml").line.is_some());
    assert_eq!(c.requests().len(), 3, "the rest loads");

    // Work on the rest of the collection.
    let list = Path::new("projects/list-projects.yml");
    let mut file = c.request(list).unwrap().file.clone();
    file.url = "/api/projects?length=20".into();
    c.update_request(list, &file).unwrap();
    let mut named_broken = file.clone();
    named_broken.name = "Broken".into();
    let saved = c
        .save_request(Path::new("projects"), &named_broken)
        .unwrap();
    assert_eq!(saved, Path::new("projects/broken-2.yml"));
    let moved = c
        .rename_request(Path::new("who-am-i.yml"), "Foreign")
        .unwrap();
    assert_eq!(moved, Path::new("foreign-2.yml"));
    c.move_request(&moved, Path::new("projects")).unwrap();

    // Broken files refuse every write.
    for p in ["foreign.yml", "projects/broken.yml"] {
        let err = c.update_request(Path::new(p), &file).unwrap_err();
        assert!(matches!(err, StoreError::Broken { .. }), "{err}");
        assert!(c.rename_request(Path::new(p), "x").is_err());
        assert!(c.delete_request(Path::new(p)).is_err());
    }
    assert!(c.set_order(Path::new("projects"), vec![]).is_err());

    assert_eq!(read(&root.join("projects/broken.yml")), corrupt);
    assert_eq!(read(&root.join("foreign.yml")), foreign);
    assert_eq!(read(&root.join("projects/folder.yml")), "order: [\n");
    let after = Collection::load(&root);
    assert_eq!(after.problems.len(), 3);
    assert_eq!(after.requests().len(), 4);
}

#[test]
fn literal_secrets_are_never_written_but_references_are() {
    let root = temp_dir("secrets");
    let c = Collection::create(&root, "Secrets").unwrap();
    let token = "s3cr3t-literal-token-0123456789abcdef0123456789abcdef01234567";
    let key = "literal-api-key-9876543210";
    let draft = RequestDraft {
        auth: AuthInput {
            mode: AuthMode::Bearer,
            bearer_token: token.into(),
            api_key: key.into(),
            as_user: String::new(),
        },
        ..RequestDraft::get("/api/users/me")
    };
    let rel = c
        .save_request(Path::new(""), &RequestFile::from_draft("Me", &draft))
        .unwrap();
    let bytes = read(&root.join(&rel));
    assert!(!bytes.contains(token), "{bytes}");
    assert!(!bytes.contains(key), "{bytes}");
    assert!(bytes.contains("mode: bearer"));

    let with_refs = RequestDraft {
        auth: AuthInput {
            mode: AuthMode::ApiKeyAsUser,
            bearer_token: "{{token}}".into(),
            api_key: "{{ service_key }}".into(),
            as_user: "alice".into(),
        },
        ..draft
    };
    let file = RequestFile::from_draft("Me again", &with_refs);
    let rel = c.save_request(Path::new(""), &file).unwrap();
    let bytes = read(&root.join(&rel));
    assert!(bytes.contains("token_var: token\n"), "{bytes}");
    assert!(bytes.contains("key_var: service_key\n"), "{bytes}");
    let back = Collection::load(&root).request(&rel).unwrap().to_owned();
    let auth = back.file.to_draft().auth;
    assert_eq!(auth.bearer_token, "{{token}}");
    assert_eq!(auth.api_key, "{{service_key}}");
    assert_eq!(auth.as_user, "alice");
    // Text mixing a reference with a literal is not a reference: dropped too.
    let mixed = RequestDraft {
        auth: AuthInput {
            mode: AuthMode::Bearer,
            bearer_token: format!("{{{{token}}}}{token}"),
            ..AuthInput::default()
        },
        ..RequestDraft::default()
    };
    assert!(
        !RequestFile::from_draft("m", &mixed)
            .to_yaml()
            .contains(token)
    );
}

#[test]
fn drafts_round_trip_through_files() {
    let draft = RequestDraft {
        method: HttpMethod::Patch,
        url: "{{base_url}}/api/projects/{project_name}?x=1".into(),
        path_params: vec![KvRow::new("project_name", "demo")],
        params: vec![
            KvRow::new("x", "1"),
            KvRow {
                enabled: false,
                name: "y".into(),
                value: "no".into(),
            },
        ],
        headers: vec![
            KvRow::new("Accept", "application/json"),
            KvRow::new("X-Empty", ""),
        ],
        body_mode: BodyMode::Json,
        body_text: "{\n  \"active\": false\n}".into(),
        body_file: String::new(),
        form: Vec::new(),
        graphql: GraphQlBody::default(),
        auth: AuthInput {
            mode: AuthMode::ApiKey,
            api_key: "{{key}}".into(),
            ..AuthInput::default()
        },
        follow_redirects: false,
        mark_sender: false,
        expect: Some(ayon_rest_explorer::checks::ExpectFile {
            status: Some(ayon_rest_explorer::checks::StatusList::Any(vec![200, 204])),
            json: vec![ayon_rest_explorer::checks::JsonCheck {
                path: "$.active".into(),
                equals: Some(serde_json::json!(false)),
                ..Default::default()
            }],
            ..Default::default()
        }),
        capture: vec![ayon_rest_explorer::checks::Capture {
            name: "was_active".into(),
            path: "$.active".into(),
        }],
    };
    let file = RequestFile::from_draft("Deactivate", &draft);
    let yaml = file.to_yaml();
    assert!(yaml.contains("\nfollow_redirects: false\n"), "{yaml}");
    assert!(yaml.contains("\nx_sender: false\n"), "{yaml}");
    let parsed = RequestFile::parse(Path::new("d.yml"), &yaml).unwrap();
    assert_eq!(parsed, file);
    assert_eq!(parsed.to_draft(), draft);
    // Following is the default, and a default is not written.
    let following = RequestDraft {
        follow_redirects: true,
        mark_sender: true,
        ..draft
    };
    let yaml = RequestFile::from_draft("Deactivate", &following).to_yaml();
    assert!(!yaml.contains("follow_redirects"), "{yaml}");
    assert!(!yaml.contains("x_sender"), "{yaml}");
}

#[test]
fn block_bodies_keep_newlines_and_leading_spaces_exactly() {
    let root = temp_dir("bodies");
    let c = Collection::create(&root, "Bodies").unwrap();
    for (i, text) in [
        "{\n  \"a\": 1\n}\n",
        "{\n  \"a\": 1\n}",
        "  indented first line\n    more\n",
        "query {\n  projects { name }\n}\n\n\n",
        "\n\nstarts with blank lines",
        "trailing spaces   \n\tand a tab",
    ]
    .into_iter()
    .enumerate()
    {
        let draft = RequestDraft {
            method: HttpMethod::Post,
            body_mode: BodyMode::Text,
            body_text: text.into(),
            ..RequestDraft::default()
        };
        let file = RequestFile::from_draft(&format!("Body {i}"), &draft);
        let rel = c.save_request(Path::new(""), &file).unwrap();
        let bytes = read(&root.join(&rel));
        assert!(bytes.contains("  text: |"), "{bytes}");
        let loaded = Collection::load(&root);
        let entry = loaded.request(&rel).unwrap();
        assert_eq!(entry.file.body.text, text, "{bytes}");
        assert_eq!(entry.file.to_yaml(), bytes);
    }
}

#[test]
fn names_become_slugs_and_clashes_get_numbers() {
    let root = temp_dir("slugs");
    let c = Collection::create(&root, "Slugs").unwrap();
    let save = |name: &str| {
        let file = RequestFile::from_draft(name, &RequestDraft::default());
        c.save_request(Path::new(""), &file).unwrap()
    };
    assert_eq!(save("List projects"), Path::new("list-projects.yml"));
    assert_eq!(save("List  Projects!"), Path::new("list-projects-2.yml"));
    assert_eq!(save("list/projects"), Path::new("list-projects-3.yml"));
    assert_eq!(save("Créer un projet"), Path::new("créer-un-projet.yml"));
    assert_eq!(save("Folder"), Path::new("folder-2.yml"));
    assert_eq!(save("?"), Path::new("request.yml"));
    let renamed = c
        .rename_request(Path::new("list-projects-2.yml"), "List projects, again")
        .unwrap();
    assert_eq!(renamed, Path::new("list-projects-again.yml"));
    assert!(!root.join("list-projects-2.yml").exists());
    // Renaming to a name with the same slug keeps the file.
    let same = c
        .rename_request(Path::new("list-projects.yml"), "LIST PROJECTS")
        .unwrap();
    assert_eq!(same, Path::new("list-projects.yml"));
}

#[test]
fn create_writes_collection_and_gitignore() {
    let root = temp_dir("create");
    let c = Collection::create(&root, "Team API").unwrap();
    assert_eq!(c.file.name, "Team API");
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    assert_eq!(read(&root.join("collection.yml")), "name: Team API\n");
    assert_eq!(read(&root.join(".gitignore")), "environments/*.local.yml\n");
    assert!(matches!(
        Collection::create(&root, "Again"),
        Err(StoreError::Exists { .. })
    ));
    let parsed = CollectionFile::parse(Path::new("collection.yml"), "name: Team API\n").unwrap();
    assert_eq!(parsed, c.file);
}

#[test]
fn folders_moves_deletes_and_order() {
    let root = scratch_copy("folders");
    let c = Collection::load(&root);
    let users = c.create_folder(Path::new(""), "Users").unwrap();
    assert!(c.create_folder(Path::new(""), "environments").is_err());
    assert!(c.create_folder(Path::new(""), "../out").is_err());
    assert!(c.create_folder(Path::new(""), "Users").is_err());
    let moved = c
        .move_request(Path::new("projects/list-projects.yml"), &users)
        .unwrap();
    assert_eq!(moved, Path::new("Users/list-projects.yml"));
    assert_eq!(
        read(&root.join("projects/folder.yml")),
        "order:\n  - create-project\n"
    );
    assert!(
        c.save_request(Path::new("../x"), &c.requests()[0].file)
            .is_err()
    );
    let c = Collection::load(&root);
    c.delete_request(Path::new("projects/create-project.yml"))
        .unwrap();
    assert_eq!(read(&root.join("projects/folder.yml")), "order: []\n");
    let c = Collection::load(&root);
    assert_eq!(c.tree.folders.len(), 2);
    assert_eq!(c.folder(Path::new("Users")).unwrap().requests.len(), 1);
}

#[cfg(unix)]
#[test]
fn read_only_folder_says_so() {
    use std::os::unix::fs::PermissionsExt;
    let root = temp_dir("readonly");
    let c = Collection::create(&root, "RO").unwrap();
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = root.join(".probe");
    let writable_anyway = std::fs::write(&probe, "x").is_ok(); // root ignores modes
    let _ = std::fs::remove_file(&probe);
    let result = c.save_request(
        Path::new(""),
        &RequestFile::from_draft("x", &RequestDraft::default()),
    );
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).unwrap();
    if !writable_anyway {
        let err = result.unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly { .. }), "{err}");
        assert!(err.to_string().contains("read-only"));
    }
}

#[test]
fn file_and_multipart_bodies_round_trip_with_relative_paths() {
    use ayon_rest_explorer::state::FormRow;
    let mut draft = RequestDraft::get("/api/desktop/installers/AYON-1.0.0.exe");
    draft.method = HttpMethod::Put;
    draft.body_mode = BodyMode::File;
    draft.body_file = "files/AYON-1.0.0.exe".into();
    let file = RequestFile::from_draft("Upload installer", &draft);
    let yaml = file.to_yaml();
    assert!(
        yaml.contains("body:\n  mode: file\n  file: files/AYON-1.0.0.exe\n"),
        "{yaml}"
    );
    let back = RequestFile::parse(Path::new("upload.yml"), &yaml).unwrap();
    assert_eq!(back.to_draft(), draft);

    let mut form = RequestDraft::get("/api/addons/install");
    form.method = HttpMethod::Post;
    form.body_mode = BodyMode::Multipart;
    form.form = vec![
        FormRow::text("note", "{{build}}"),
        FormRow::file("file", "addons/labtest-0.1.0.zip"),
        FormRow {
            enabled: false,
            content_type: "application/zip".into(),
            ..FormRow::file("spare", "/tmp/other.zip")
        },
    ];
    let yaml = RequestFile::from_draft("Form", &form).to_yaml();
    assert!(yaml.contains("  mode: multipart\n  form:\n"), "{yaml}");
    assert!(yaml.contains("file: addons/labtest-0.1.0.zip"), "{yaml}");
    assert!(yaml.contains("content_type: application/zip"), "{yaml}");
    let back = RequestFile::parse(Path::new("form.yml"), &yaml).unwrap();
    assert_eq!(back.to_draft(), form);
    assert_eq!(back.to_yaml(), yaml, "written back byte for byte");
}

#[test]
fn graphql_bodies_are_block_scalars_and_round_trip_byte_for_byte() {
    let root = temp_dir("graphql");
    let c = Collection::create(&root, "GraphQL").unwrap();
    let draft = RequestDraft {
        method: HttpMethod::Post,
        body_mode: BodyMode::GraphQl,
        graphql: GraphQlBody {
            query:
                "query Users($first: Int) {\n  users(first: $first) { edges { node { name } } }\n}"
                    .into(),
            variables: "{\"first\": 20}\n".into(),
            operation_name: "Users".into(),
        },
        ..RequestDraft::get("/graphql")
    };
    let file = RequestFile::from_draft("List users", &draft);
    let rel = c.save_request(Path::new(""), &file).unwrap();
    let bytes = read(&root.join(&rel));
    assert_eq!(
        bytes,
        "name: List users\n\
         method: POST\n\
         url: /graphql\n\
         headers:\n\
         \x20 - name: Accept\n\
         \x20   value: application/json\n\
         auth:\n\
         \x20 mode: session\n\
         body:\n\
         \x20 mode: graphql\n\
         \x20 query: |-\n\
         \x20   query Users($first: Int) {\n\
         \x20     users(first: $first) { edges { node { name } } }\n\
         \x20   }\n\
         \x20 variables: |\n\
         \x20   {\"first\": 20}\n\
         \x20 operationName: Users\n"
    );
    let loaded = Collection::load(&root);
    let entry = loaded.request(&rel).unwrap();
    assert_eq!(
        entry.file.to_yaml(),
        bytes,
        "load then save keeps every byte"
    );
    assert_eq!(entry.file.to_draft(), draft);
}

#[test]
fn hand_written_graphql_file_loads() {
    let text = "# users are listed through GraphQL only\n\
                name: Users\n\
                url: \"{{base_url}}/graphql\"\n\
                method: post\n\
                body:\n\
                \x20 operationName: Active\n\
                \x20 variables: '{\"n\": 5}'\n\
                \x20 mode: graphql\n\
                \x20 query: |\n\
                \x20   query Active($n: Int) { users(first: $n) { edges { node { name } } } }\n\
                \x20   query All { users { edges { node { name } } } }\n";
    let file = RequestFile::parse(Path::new("users.yml"), text).unwrap();
    assert_eq!(file.body.mode, BodyMode::GraphQl);
    let draft = file.to_draft();
    assert_eq!(draft.method, HttpMethod::Post);
    assert_eq!(draft.graphql.operation_name, "Active");
    assert_eq!(draft.graphql.variables, "{\"n\": 5}");
    assert!(
        draft
            .graphql
            .query
            .ends_with("query All { users { edges { node { name } } } }\n")
    );
    let written = file.to_yaml();
    assert!(
        written.contains("  mode: graphql\n  query: |\n    query Active"),
        "{written}"
    );
    assert!(
        written.ends_with("  variables: |-\n    {\"n\": 5}\n  operationName: Active\n"),
        "{written}"
    );
    assert_eq!(
        RequestFile::parse(Path::new("u.yml"), &written).unwrap(),
        file
    );

    let bad = "name: X\nbody:\n  mode: graphQL\n";
    let err = RequestFile::parse(Path::new("x.yml"), bad).unwrap_err();
    assert!(
        err.message
            .contains("none, json, graphql, text, file, multipart"),
        "{err}"
    );
}
