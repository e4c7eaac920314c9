//! Snippets that run (issue 22, class 8): the snippets of a collection this test writes,
//! made as "Copy as" makes them and as the snippet export writes them, run with the real
//! clients (curl; HTTPie, `requests` and ayon-python-api from a virtualenv) against the
//! sandbox over loopback, with only the environment variables each snippet names set.
//!
//! The clients: `curl` on the `PATH`; the others from the virtualenv at
//! `$AYON_SNIPPET_VENV`, else `.venv-snippets` at the repository root (what `.ci/run`
//! makes). A client that is missing is skipped, saying so: plain `cargo test` needs no
//! system package.
//!
//! The admin password holds `'`, `"`, `$`, `\` and spaces, so the "Log in" snippet
//! answers 200 only when its quoting and JSON escaping are right.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ayon_rest_explorer::collection::store::Collection;
use ayon_rest_explorer::interchange::codegen::{
    SecretPolicy, SnippetLanguage, collection_variables, snippet_for,
};
use ayon_rest_explorer::interchange::export::{ExportFormat, write_export};
use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};
use reqwest::Method;
use serde_json::json;

const PASSWORD: &str = "it's \"a\" $HOME \\ pass";
const SERVICE_USER: &str = "snippet_service";
const SERVICE_KEY: &str = "snippetsrun0practice0key00000001";

/// The collection: request files and what each one's output must hold (spaces removed).
const REQUESTS: &[(&str, &str, &str)] = &[
    (
        "log-in.yml",
        "name: Log in\nmethod: POST\nurl: /api/auth/login\nauth:\n  mode: none\nbody:\n  \
         mode: json\n  text: |\n    {\n      \"name\": \"{{username}}\",\n      \
         \"password\": \"{{password}}\"\n    }\n",
        "\"name\":\"admin\"",
    ),
    (
        "who-am-i.yml",
        "name: Who am I\nmethod: GET\nurl: /api/users/me\nauth:\n  mode: session\n",
        "\"name\":\"admin\"",
    ),
    (
        "get-the-project.yml",
        "name: Get the project\nmethod: GET\nurl: \"/api/projects/{{project}}\"\nauth:\n  \
         mode: session\n",
        "\"name\":\"demo_Commercial\"",
    ),
    (
        "call-as-the-service-user.yml",
        "name: Call as the service user\nmethod: GET\nurl: /api/users/me\nauth:\n  \
         mode: api_key\n  key_var: service_api_key\n",
        "\"name\":\"snippet_service\"",
    ),
    (
        "act-as-another-user.yml",
        "name: Act as another user\nmethod: GET\nurl: /api/users/me\nauth:\n  \
         mode: api_key_as_user\n  as_user: \"{{username}}\"\n  key_var: service_api_key\n",
        "\"name\":\"admin\"",
    ),
    (
        "list-users.yml",
        "name: List users\nmethod: POST\nurl: /graphql\nauth:\n  mode: session\nbody:\n  \
         mode: graphql\n  query: |-\n    query Users($first: Int) {\n      \
         users(first: $first) { edges { node { name } } }\n    }\n    \
         query Me { me { name } }\n  variables: |-\n    {\"first\": 5}\n  \
         operationName: Users\n",
        "\"node\":{\"name\":\"admin\"}",
    ),
    (
        "me.yml",
        "name: Me\nmethod: POST\nurl: /graphql\nauth:\n  mode: session\nbody:\n  \
         mode: graphql\n  query: |-\n    { me { name } }\n",
        "\"me\":{\"name\":\"admin\"}",
    ),
    (
        "echo-odd-keys.yml",
        "name: Echo odd keys\nmethod: POST\nurl: /api/addons/practice/1.0.0/echo\nauth:\n  \
         mode: session\nbody:\n  mode: json\n  text: |\n    {\"message\": \"hi\", \
         \"entrypoint\": \"x\", \"self\": 1}\n",
        "\"echo\":[\"hi\"]",
    ),
];

/// Writes the collection into `root`.
fn write_collection(root: &Path) {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("make the folder");
        }
        std::fs::write(path, text).expect("write a collection file");
    };
    write("collection.yml", "name: Snippets that run\n");
    write(
        "environments/practice.yml",
        &format!(
            "variables:\n  - name: username\n    value: admin\n  - name: project\n    \
             value: demo_Commercial\n  - name: service_api_key\n    value: {SERVICE_KEY}\n  \
             - name: password\n    secret: true\n"
        ),
    );
    for (file, text, _) in REQUESTS {
        write(file, text);
    }
}

/// A client to run snippets with: the program and the arguments before the snippet.
struct Client {
    language: SnippetLanguage,
    format: ExportFormat,
    program: PathBuf,
    /// `-c` for both `sh` and Python.
    label: &'static str,
}

/// The virtualenv's `bin` folder, if there is one.
fn venv_bin() -> PathBuf {
    let venv = std::env::var_os("AYON_SNIPPET_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-snippets"));
    venv.join("bin")
}

/// Whether `program args` runs and exits 0.
fn works(program: &Path, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The clients found; a line on stderr for each one skipped.
fn clients() -> Vec<Client> {
    let bin = venv_bin();
    let python = bin.join("python3");
    let mut found = Vec::new();
    let mut take = |ok: bool, why: String, client: Client| {
        if ok {
            found.push(client);
        } else {
            eprintln!("skipped the {} snippets: {why}", client.label);
        }
    };
    take(
        works(Path::new("curl"), &["--version"]),
        "curl is not installed".into(),
        Client {
            language: SnippetLanguage::Curl,
            format: ExportFormat::Curl,
            program: "sh".into(),
            label: "curl",
        },
    );
    let missing = |what: &str| {
        format!(
            "{what} is not in the virtualenv {} (set AYON_SNIPPET_VENV, or run .ci/run)",
            bin.display()
        )
    };
    take(
        works(&bin.join("http"), &["--version"]),
        missing("HTTPie"),
        Client {
            language: SnippetLanguage::Httpie,
            format: ExportFormat::Httpie,
            program: "sh".into(),
            label: "HTTPie",
        },
    );
    take(
        works(&python, &["-c", "import requests"]),
        missing("requests"),
        Client {
            language: SnippetLanguage::PythonRequests,
            format: ExportFormat::PythonRequests,
            program: python.clone(),
            label: "requests",
        },
    );
    take(
        works(&python, &["-c", "import ayon_api"]),
        missing("ayon-python-api"),
        Client {
            language: SnippetLanguage::AyonApi,
            format: ExportFormat::AyonApi,
            program: python,
            label: "ayon_api",
        },
    );
    found
}

/// The environment a snippet runs in: only what the snippets name, and `PATH` with the
/// virtualenv first.
fn snippet_env(server: &str, session_token: &str) -> Vec<(String, String)> {
    let path = format!(
        "{}:{}",
        venv_bin().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    vec![
        ("PATH".into(), path),
        ("HOME".into(), std::env::var("HOME").unwrap_or_default()),
        ("AYON_SERVER_URL".into(), server.into()),
        ("AYON_API_KEY".into(), session_token.into()),
        ("AYON_SECRET_PASSWORD".into(), PASSWORD.into()),
        ("AYON_SECRET_SERVICE_API_KEY".into(), SERVICE_KEY.into()),
    ]
}

/// Runs `program -c code` (or `program file`), with a deadline; stdout, or why it failed.
fn run(program: &Path, args: &[&str], env: &[(String, String)]) -> Result<String, String> {
    let mut child = Command::new(program)
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                return Err("timed out".into());
            }
        }
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!(
            "exit {:?}\nstdout: {stdout}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(stdout)
}

fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_snippet_kind_runs_with_its_real_client() {
    let clients = clients();
    if clients.is_empty() {
        eprintln!("skipped: no snippet client found");
        return;
    }
    let sandbox = Sandbox::start(SandboxConfig {
        admin_name: "admin".into(),
        admin_password: PASSWORD.into(),
        seed_demo_project: true,
    })
    .await
    .expect("start the sandbox");
    let server = sandbox.base_url().trim_end_matches('/').to_string();
    let http = reqwest::Client::new();
    let token = support::sandbox_http::login(&http, &server, "admin", PASSWORD).await;
    let made = support::sandbox_http::send(
        http.request(Method::PUT, format!("{server}/api/users/{SERVICE_USER}"))
            .bearer_auth(&token)
            .json(&json!({"data": {"isService": true}, "apiKey": SERVICE_KEY})),
    )
    .await;
    assert_eq!(made.status, 204, "service user: {}", made.text);

    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("collection");
    write_collection(&root);
    let collection = Collection::load(&root);
    assert!(collection.problems.is_empty(), "{:?}", collection.problems);
    let vars = collection_variables(&root);
    let env = snippet_env(&server, &token);

    tokio::task::spawn_blocking(move || {
        let mut failures = Vec::new();
        for client in &clients {
            // Copy as: one snippet per request.
            for (file, _, expected) in REQUESTS {
                let Some(entry) = collection.request(Path::new(file)) else {
                    failures.push(format!("{file} did not load"));
                    continue;
                };
                let snippet = snippet_for(
                    client.language,
                    &entry.file.to_draft(),
                    &vars,
                    &server,
                    SecretPolicy::Reference,
                );
                assert!(!snippet.contains("{{"), "{snippet}");
                assert!(!snippet.contains(SERVICE_KEY), "{snippet}");
                match run(&client.program, &["-c", &snippet], &env) {
                    Ok(out) if squeezed(&out).contains(expected) => {}
                    Ok(out) => failures.push(format!(
                        "{} {file}: no {expected} in\n{out}\n--- snippet:\n{snippet}",
                        client.label
                    )),
                    Err(e) => failures.push(format!(
                        "{} {file}: {e}\n--- snippet:\n{snippet}",
                        client.label
                    )),
                }
            }
            // The export: one file of every request, run whole.
            let out_file = dir.path().join(format!("snippets-{}", client.label));
            write_export(&root, None, &server, client.format, &out_file).expect("export");
            let file = out_file.display().to_string();
            match run(&client.program, &[&file], &env) {
                Ok(out) => {
                    let out = squeezed(&out);
                    for (name, _, expected) in REQUESTS {
                        if !out.contains(expected) {
                            failures
                                .push(format!("{} export: no {expected} ({name})", client.label));
                        }
                    }
                }
                Err(e) => failures.push(format!("{} export: {e}", client.label)),
            }
            eprintln!("ran the {} snippets", client.label);
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    })
    .await
    .expect("the runs finish");
    drop(sandbox);
}
