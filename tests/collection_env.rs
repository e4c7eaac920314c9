//! Environments, variables, the secret file store and history, on real files in temp dirs.
//! Never touches the real keychain.

use std::path::{Path, PathBuf};

use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::collection::environment::{
    EnvError, Environment, Variable, load_environments, save_environment,
};
use ayon_rest_explorer::collection::history::{History, HistoryEntry, redact};
use ayon_rest_explorer::collection::secrets::{FileStore, SecretKey, SecretStore, collection_id};
use ayon_rest_explorer::collection::variables::{
    VariableSet, resolve, resolve_draft, resolve_for_display,
};
use ayon_rest_explorer::secret::Secret;
use ayon_rest_explorer::state::{KvRow, RequestDraft};

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("are-collection-env-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Every file under `dir`, recursively.
fn all_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(all_bytes(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn local_override_wins() {
    let root = temp_dir("override");
    write(
        &root.join("environments/dev.yml"),
        "# shared\nvariables:\n  - name: host\n    value: http://shared:5000\n  - name: project\n    value: demo\n  - name: token\n    secret: true\n",
    );
    write(
        &root.join("environments/dev.local.yml"),
        "variables:\n  - name: host\n    value: http://mine:5000\n",
    );
    write(&root.join("environments/prod.yml"), "variables: []\n");
    let (envs, problems) = load_environments(&root);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        envs.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(),
        vec!["dev", "prod"]
    );
    let vars = VariableSet::build(
        &[
            Variable::plain("host", "http://default"),
            Variable::plain("v", "1"),
        ],
        Some(&envs[0]),
        |_| Some(Secret::new("tok")),
    );
    assert_eq!(
        resolve("{{host}}/api/projects/{{ project }}?v={{v}}", &vars).unwrap(),
        "http://mine:5000/api/projects/demo?v=1"
    );
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn corrupt_env_file_is_reported_and_untouched() {
    let root = temp_dir("corrupt");
    let bad = "variables:\n  - name: host\n    value: x\n    colour: blue\n";
    let broken = "variables:\n  - name: [unclosed\n";
    write(&root.join("environments/dev.yml"), bad);
    write(&root.join("environments/stage.yml"), broken);
    write(
        &root.join("environments/ok.yml"),
        "variables:\n  - name: a\n    value: b\n",
    );
    let (envs, problems) = load_environments(&root);
    assert_eq!(envs.len(), 1, "the rest loads");
    assert_eq!(envs[0].name, "ok");
    assert_eq!(problems.len(), 2);
    let dev = problems
        .iter()
        .find(|p| p.path.ends_with("dev.yml"))
        .unwrap();
    assert_eq!(dev.line, Some(4), "{dev}");
    assert!(dev.message.contains("unknown field `colour`"), "{dev}");
    let stage = problems
        .iter()
        .find(|p| p.path.ends_with("stage.yml"))
        .unwrap();
    assert!(stage.line.is_some(), "{stage}");

    // Saving the rest never touches the broken files, and a broken file is never overwritten.
    let mut ok = envs[0].clone();
    ok.variables.push(Variable::plain("c", "d"));
    save_environment(&root, &ok).unwrap();
    let err = save_environment(&root, &Environment::new("dev")).unwrap_err();
    assert!(matches!(err, EnvError::Broken(_)), "{err}");
    assert_eq!(
        std::fs::read(root.join("environments/dev.yml")).unwrap(),
        bad.as_bytes()
    );
    assert_eq!(
        std::fs::read(root.join("environments/stage.yml")).unwrap(),
        broken.as_bytes()
    );
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn secret_values_never_reach_the_environment_files() {
    let root = temp_dir("secret");
    let data = temp_dir("secret-data");
    std::fs::write(root.join(".gitignore"), "target/").unwrap();
    let env = Environment {
        name: "dev".into(),
        variables: vec![
            Variable::plain("host", "http://localhost:5000"),
            Variable {
                name: "token".into(),
                value: "SEEDED-TOKEN-123".into(),
                secret: true,
            },
        ],
        overrides: vec![Variable::plain("me", "true")],
    };
    let store = FileStore::new(data.join("secrets.json"));
    let key = SecretKey::new(collection_id(&root), "dev", "token");
    store.set(&key, &Secret::new("SEEDED-TOKEN-123")).unwrap();
    save_environment(&root, &env).unwrap();

    let shared = std::fs::read_to_string(root.join("environments/dev.yml")).unwrap();
    assert_eq!(
        shared,
        "variables:\n  - name: host\n    value: http://localhost:5000\n  - name: token\n    secret: true\n"
    );
    let local = std::fs::read_to_string(root.join("environments/dev.local.yml")).unwrap();
    assert_eq!(local, "variables:\n  - name: me\n    value: \"true\"\n");
    assert_eq!(
        std::fs::read_to_string(root.join(".gitignore")).unwrap(),
        "target/\nenvironments/*.local.yml\n"
    );
    for (path, bytes) in all_bytes(&root) {
        assert!(!contains(&bytes, "SEEDED-TOKEN-123"), "{}", path.display());
    }
    // Load -> save gives identical bytes; the .gitignore line is not added twice.
    let (envs, problems) = load_environments(&root);
    assert!(problems.is_empty());
    let before = all_bytes(&root);
    save_environment(&root, &envs[0]).unwrap();
    assert_eq!(all_bytes(&root), before);

    // The secret resolves from the store and is masked for display.
    let vars = VariableSet::build(&[], Some(&envs[0]), |name| {
        store
            .get(&SecretKey::new(collection_id(&root), "dev", name))
            .ok()
            .flatten()
    });
    assert_eq!(
        resolve("{{host}}?t={{token}}", &vars).unwrap(),
        "http://localhost:5000?t=SEEDED-TOKEN-123"
    );
    assert_eq!(
        resolve_for_display("{{host}}?t={{token}}", &vars),
        "http://localhost:5000?t=••••"
    );
    let _ = std::fs::remove_dir_all(root);
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn file_store_round_trip_is_private() {
    let data = temp_dir("store");
    let store = FileStore::new(data.join("nested/secrets.json"));
    let a = SecretKey::new("col-1", "dev", "token");
    let b = SecretKey::new("col-1", "prod", "token");
    store.set(&a, &Secret::new("dev-value")).unwrap();
    store.set(&b, &Secret::new("prod-value")).unwrap();
    let reopened = FileStore::new(data.join("nested/secrets.json"));
    assert_eq!(reopened.get(&a).unwrap(), Some(Secret::new("dev-value")));
    assert_eq!(reopened.get(&b).unwrap(), Some(Secret::new("prod-value")));
    assert_eq!(
        reopened
            .get(&SecretKey::new("col-2", "dev", "token"))
            .unwrap(),
        None
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(reopened.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    reopened.delete(&a).unwrap();
    reopened.delete(&a).unwrap();
    assert_eq!(store.get(&a).unwrap(), None);
    assert!(!format!("{:?}", store.get(&b).unwrap()).contains("prod-value"));
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn history_is_capped_and_redacted() {
    let data = temp_dir("history");
    let token = "TOKEN-abcdef0123456789";
    let api_key = "APIKEY/with space";
    let env = Environment {
        name: "dev".into(),
        variables: vec![Variable::secret("token"), Variable::secret("key")],
        overrides: vec![],
    };
    let vars = VariableSet::build(&[], Some(&env), |name| match name {
        "token" => Some(Secret::new(token)),
        "key" => Some(Secret::new(api_key)),
        _ => None,
    });
    let path = data.join("history.jsonl");
    let mut history = History::load(&path).history.with_cap(5);
    for i in 0..8 {
        let mut draft = RequestDraft::get(&format!("/api/projects?i={i}&token={{{{token}}}}"));
        draft.headers.push(KvRow::new("X-Api-Key", "{{key}}"));
        draft.auth.mode = AuthMode::ApiKey;
        draft.auth.api_key = "{{key}}".into();
        let resolved = resolve_draft(&draft, &vars).unwrap();
        let used = resolved.secret_values();
        let resolved = resolved.draft;
        assert!(resolved.url.contains(token));
        assert_eq!(used.len(), 2);
        // The URL as sent, percent-encoded key included, plus an error quoting the header.
        let url = format!("{}&k=APIKEY%2Fwith%20space", resolved.url);
        let error = format!("refused header X-Api-Key: {}", resolved.headers[1].value);
        history
            .append(HistoryEntry::now(
                "GET",
                &url,
                Some(200),
                12,
                Some(&error),
                &used,
            ))
            .unwrap();
    }
    assert_eq!(history.entries().len(), 5);
    assert!(history.entries()[0].url.contains("i=3"), "oldest dropped");
    let bytes = std::fs::read(&path).unwrap();
    assert!(!contains(&bytes, token));
    assert!(!contains(&bytes, api_key));
    assert!(!contains(&bytes, "APIKEY%2Fwith%20space"));
    assert!(history.entries()[4].url.ends_with("token=•••&k=•••"));
    let loaded = History::load(&path);
    assert_eq!(loaded.warning, None);
    assert_eq!(loaded.history.entries().len(), 5);
    assert_eq!(redact("a TOKEN b", &["TOKEN".into()]), "a ••• b");
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn unknown_variables_block_and_secrets_are_masked() {
    let env = Environment {
        name: "dev".into(),
        variables: vec![Variable::plain("host", "h"), Variable::secret("pw")],
        overrides: vec![],
    };
    let vars = VariableSet::build(&[], Some(&env), |_| Some(Secret::new("hunter2")));
    let mut draft = RequestDraft::get("{{host}}/{{projcet}}");
    draft.headers.push(KvRow::new("X-Thing", "{{ missing }}"));
    let err = resolve_draft(&draft, &vars).unwrap_err();
    assert_eq!(err.names, vec!["projcet", "missing"]);
    assert!(
        err.to_string().contains("{{projcet}}, {{missing}}"),
        "{err}"
    );
    assert_eq!(resolve_for_display("{{host}}:{{pw}}", &vars), "h:••••");
    assert!(vars.is_secret("pw") && !vars.is_secret("host"));
    assert!(!format!("{vars:?}").contains("hunter2"));
}
