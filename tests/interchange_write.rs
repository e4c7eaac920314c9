//! Writing an accepted import into collection files: the tree in the source's order,
//! environments with secret NAMES only, and no secret value anywhere in the folder.

use std::path::Path;

use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::collection::environment::load_environments;
use ayon_rest_explorer::collection::store::Collection;
use ayon_rest_explorer::interchange::secrets::move_secrets;
use ayon_rest_explorer::interchange::write::{WriteTarget, write_import};
use ayon_rest_explorer::interchange::{
    Format, Imported, ImportedEnvironment, ImportedFolder, ImportedRequest, ImportedVariable,
};
use ayon_rest_explorer::state::{BodyMode, RequestDraft};

const TOKEN: &str = "tok_3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c";
const PASSWORD: &str = "correct horse battery staple";

fn request(name: &str, url: &str) -> ImportedRequest {
    ImportedRequest {
        name: name.into(),
        description: None,
        draft: RequestDraft::get(url),
    }
}

fn sample() -> Imported {
    let mut imported = Imported::new("Studio API", Format::Postman);
    let mut login = request("Log in", "{{base}}/api/auth/login");
    login.draft.method = ayon_rest_explorer::http::HttpMethod::Post;
    login.draft.body_mode = BodyMode::Json;
    login.draft.body_text = format!("{{\"name\": \"admin\", \"password\": \"{PASSWORD}\"}}");
    login.description = Some("Logs in.".into());
    let mut me = request("Who am I", "{{base}}/api/users/me");
    me.draft.auth.mode = AuthMode::Bearer;
    me.draft.auth.bearer_token = TOKEN.into();
    let mut projects = ImportedFolder::named("Projects");
    projects
        .requests
        .push(request("Zeta list", "{{base}}/api/projects"));
    projects
        .requests
        .push(request("Alpha get", "{{base}}/api/projects/{name}"));
    let mut nested = ImportedFolder::named("Deep: a/b");
    nested.requests.push(request("Inner", "/api/info"));
    projects.folders.push(nested);
    imported.root.requests.push(me);
    imported.root.requests.push(login);
    imported.root.folders.push(projects);
    imported.variables.push(ImportedVariable {
        name: "base".into(),
        value: "http://localhost:5000".into(),
        secret: false,
    });
    imported.environments.push(ImportedEnvironment {
        name: "Staging".into(),
        variables: vec![ImportedVariable {
            name: "password".into(),
            value: "staging-pw-123".into(),
            secret: false,
        }],
    });
    imported
}

fn all_text(dir: &Path) -> String {
    let mut out = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.push_str(&all_text(&path));
        } else {
            out.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
        }
    }
    out
}

#[test]
fn a_new_collection_keeps_order_and_no_secret_values() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("studio");
    let mut imported = sample();
    let made = move_secrets(&mut imported);
    assert!(made >= 2, "{made}");
    let report = write_import(&imported, &WriteTarget::NewCollection(root.clone())).unwrap();
    assert_eq!((report.folders, report.requests), (2, 5));
    let collection = Collection::load(&root);
    assert!(collection.problems.is_empty(), "{:?}", collection.problems);
    let names: Vec<_> = collection
        .tree
        .requests
        .iter()
        .map(|r| r.file.name.as_str())
        .collect();
    assert_eq!(names, ["Who am I", "Log in"], "the source's order");
    let projects = &collection.tree.folders[0];
    let names: Vec<_> = projects
        .requests
        .iter()
        .map(|r| r.file.name.as_str())
        .collect();
    assert_eq!(names, ["Zeta list", "Alpha get"]);
    assert_eq!(projects.folders[0].name, "Deep- a-b");
    let login = &collection.tree.requests[1].file;
    assert_eq!(login.description.as_deref(), Some("Logs in."));
    // Environments: Staging with the collection default and secret names only.
    let (envs, problems) = load_environments(&root);
    assert!(problems.is_empty());
    let staging = envs.iter().find(|e| e.name == "Staging").expect("Staging");
    assert!(
        staging
            .variables
            .iter()
            .any(|v| v.name == "base" && !v.secret)
    );
    assert!(
        staging
            .variables
            .iter()
            .any(|v| v.name == "password" && v.secret)
    );
    let secrets: Vec<_> = report
        .secret_values
        .iter()
        .map(|(_, n, _)| n.as_str())
        .collect();
    assert!(secrets.contains(&"token"), "{secrets:?}");
    let text = all_text(&root);
    for secret in [TOKEN, PASSWORD, "staging-pw-123"] {
        assert!(
            !text.contains(secret),
            "{secret} reached the collection files"
        );
    }
    assert!(
        text.contains("token_var: token"),
        "the request refers to the secret by name"
    );
}

#[test]
fn into_the_open_collection_as_a_new_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("mine");
    Collection::create(&root, "Mine").unwrap();
    let mut imported = sample();
    imported.environments.clear();
    imported.root.folders.clear();
    let first = write_import(&imported, &WriteTarget::IntoCollection(root.clone())).unwrap();
    let second = write_import(&imported, &WriteTarget::IntoCollection(root.clone())).unwrap();
    assert_eq!(first.requests, 2);
    assert_eq!(second.requests, 2);
    let collection = Collection::load(&root);
    let folders: Vec<_> = collection
        .tree
        .folders
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert!(folders.contains(&"Studio API"), "{folders:?}");
    assert!(folders.contains(&"Studio API 2"), "{folders:?}");
    let (envs, _) = load_environments(&root);
    assert!(
        envs.iter().any(|e| e.name == "imported"),
        "collection variables get an environment"
    );
}
