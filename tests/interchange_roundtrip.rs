//! Our collection exported then imported again (issue 22, class 6), for each format we
//! export to: Postman v2.1 and OpenCollection. The collection is written here; what comes
//! back must be the same requests in the same folders, the same request descriptions and
//! the same variables, a secret one by its name only (its value is never written).

use std::path::Path;

use ayon_rest_explorer::collection::environment::load_environments;
use ayon_rest_explorer::collection::store::{Collection, Folder};
use ayon_rest_explorer::interchange::export::{ExportFormat, write_export};
use ayon_rest_explorer::interchange::write::{WriteTarget, write_import};
use ayon_rest_explorer::interchange::{Imported, import_opencollection, import_postman};

/// Writes our collection: two requests at the root, one in a folder, an environment with
/// a plain and a secret variable.
fn our_collection(root: &Path) {
    let files = [
        (
            "collection.yml",
            "name: Round trip\ndescription: Requests for the round trip.\ndefaults:\n  auth_mode: none\n",
        ),
        (
            "environments/dev.yml",
            "variables:\n  - name: host\n    value: http://dev.example:5000\n  - name: project\n    value: demo\n  - name: password\n    secret: true\n",
        ),
        (
            "who-am-i.yml",
            "name: Who am I\ndescription: The logged-in user.\nmethod: GET\nurl: \"{{host}}/api/users/me\"\nauth:\n  mode: none\nheaders:\n  - name: Accept\n    value: application/json\n",
        ),
        (
            "log-in.yml",
            "name: Log in\nmethod: POST\nurl: \"{{host}}/api/auth/login\"\nauth:\n  mode: none\nbody:\n  mode: json\n  text: |-\n    {\"name\": \"admin\", \"password\": \"{{password}}\"}\n",
        ),
        (
            "projects/get-project.yml",
            "name: Get project\ndescription: |-\n  One project.\n  By name.\nmethod: GET\nurl: \"{{host}}/api/projects/{{project}}?full=1\"\nauth:\n  mode: bearer\n  token_var: token\n",
        ),
        (
            "folder.yml",
            "order:\n  - who-am-i\n  - log-in\n  - projects\n",
        ),
    ];
    for (rel, text) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        std::fs::write(path, text).expect("write");
    }
}

/// Folder path, name, description, method, URL, body of every request, in order.
type Essentials = Vec<(String, String, Option<String>, String, String, String)>;

fn essentials(folder: &Folder, path: &str, out: &mut Essentials) {
    for r in &folder.requests {
        let f = &r.file;
        let draft = f.to_draft();
        out.push((
            path.to_owned(),
            f.name.clone(),
            f.description.clone(),
            f.method.as_str().to_owned(),
            f.url.clone(),
            format!(
                "{:?} {} {:?}",
                draft.body_mode, draft.body_text, draft.auth.mode
            ),
        ));
    }
    for sub in &folder.folders {
        essentials(sub, &format!("{path}/{}", sub.name), out);
    }
}

fn collection_essentials(root: &Path) -> Essentials {
    let collection = Collection::load(root);
    assert!(collection.problems.is_empty(), "{:?}", collection.problems);
    let mut out = Vec::new();
    essentials(&collection.tree, "", &mut out);
    out
}

/// `(name, value, secret)` of every variable of the environment `name` at `root`.
fn variables(root: &Path, name: &str) -> Vec<(String, String, bool)> {
    let (envs, problems) = load_environments(root);
    assert!(problems.is_empty(), "{problems:?}");
    let env = envs
        .iter()
        .find(|e| e.name == name)
        .expect("the environment");
    let mut vars: Vec<_> = env
        .variables
        .iter()
        .map(|v| (v.name.clone(), v.value.clone(), v.secret))
        .collect();
    vars.sort();
    vars
}

/// Writes `imported` as a new collection and checks it against the original at `source`.
fn same_as_source(imported: &Imported, source: &Path, environment: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let back = dir.path().join("back");
    write_import(imported, &WriteTarget::NewCollection(back.clone())).expect("write");
    assert_eq!(collection_essentials(&back), collection_essentials(source));
    assert_eq!(variables(&back, environment), variables(source, "dev"));
}

#[test]
fn postman_export_round_trips_requests_folders_descriptions_and_variables() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = dir.path().join("ours");
    our_collection(&source);
    let out = dir.path().join("out/ours.postman_collection.json");
    write_export(&source, None, "", ExportFormat::Postman, &out).expect("export");
    let text = std::fs::read_to_string(&out).expect("read");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(doc["info"]["description"], "Requests for the round trip.");
    let password = doc["variable"]
        .as_array()
        .and_then(|v| v.iter().find(|v| v["key"] == "password"))
        .expect("the secret variable, by name");
    assert_eq!(
        (&password["value"], &password["type"]),
        (&"".into(), &"secret".into())
    );
    assert!(
        password["description"]
            .as_str()
            .is_some_and(|d| d.contains("not exported"))
    );
    let imported = import_postman(&text).expect("import");
    // Postman keeps one set of variables: they come back in the import's environment.
    same_as_source(&imported, &source, "imported");
}

#[test]
fn opencollection_export_round_trips_requests_folders_descriptions_and_variables() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = dir.path().join("ours");
    our_collection(&source);
    let out = dir.path().join("bruno");
    write_export(&source, None, "", ExportFormat::OpenCollection, &out).expect("export");
    let env_text = std::fs::read_to_string(out.join("environments/dev.yml")).expect("dev");
    assert!(env_text.contains("secret: true"), "{env_text}");
    let imported = import_opencollection(&out).expect("import");
    same_as_source(&imported, &source, "dev");
}
