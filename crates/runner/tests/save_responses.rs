//! `--save-responses`: a run against a loopback server that echoes every credential it is
//! given (password, session token, API keys) back in its answers, in plain and encoded
//! forms; the saved files hold the statuses and bodies and none of those values.

use std::path::Path;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use base64::Engine as _;

use ayon_explorer_core::http::ClientOptions;
use ayon_explorer_core::secret::forms::encodings;
use ayon_explorer_runner::{ReporterKind, RunContext, RunOptions, run};

const PASSWORD: &str = "pä ss/w0rd+Seeded";
const TOKEN: &str = "a3f1c0d2e4b5a6978812233445566778899aabbccddeeff00112233445566778";
const SERVICE_KEY: &str = "svc0key1seeded2value3abcdef456789";
const API_KEY: &str = "envapikey0000seeded0000000000envk";

/// The loopback server: answers echo what they were sent, and the known keys, in many
/// forms.
async fn start_server() -> String {
    let app = Router::new()
        .route("/api/auth/login", post(log_in))
        .route("/api/users/me", get(me))
        .route("/api/keys", get(keys));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

async fn log_in(body: String) -> impl IntoResponse {
    // The body as received (it holds the password) comes back under a harmless name.
    let answer = serde_json::json!({
        "detail": "Logged in as admin",
        "token": TOKEN,
        "user": {"name": "admin", "hasPassword": true},
        "received": body,
    });
    (
        [(header::SET_COOKIE, format!("accessToken={TOKEN}; Path=/"))],
        answer.to_string(),
    )
}

async fn me(headers: HeaderMap) -> impl IntoResponse {
    let seen = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let answer = serde_json::json!({
        "name": "admin",
        "seenAuthorization": seen("authorization"),
        "seenKey": seen("x-api-key"),
        "note": format!("your session is {TOKEN}"),
    });
    ([("x-echo", format!("session {TOKEN}"))], answer.to_string())
}

async fn keys(headers: HeaderMap) -> impl IntoResponse {
    let sent = headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("svc:{PASSWORD}"));
    // Not JSON: only the values themselves can be found.
    let text = format!(
        "key={sent}\nenv={API_KEY}\npassword(url)={}\nbasic={basic}\nnested apiKey: {SERVICE_KEY}\n",
        ayon_explorer_core::secret::forms::url_component(PASSWORD)
    );
    (StatusCode::CREATED, text)
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("folders");
    }
    std::fs::write(path, text).expect("write");
}

fn collection() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "collection.yml",
        "name: Save test\ndefaults:\n  auth_mode: none\n",
    );
    write(
        root,
        "environments/ci.yml",
        "variables:\n  - name: password\n    secret: true\n  - name: service_key\n    secret: true\n",
    );
    write(
        root,
        "1-log-in.yml",
        "name: 'Step 1: log in'\nmethod: POST\nurl: /api/auth/login\nbody:\n  mode: json\n  text: '{\"name\": \"admin\", \"password\": \"{{password}}\"}'\nexpect:\n  status: 200\ncapture:\n  token: $.token\n",
    );
    write(
        root,
        "2-who-am-i.yml",
        "name: 'Step 2: who am I?'\nmethod: GET\nurl: /api/users/me\nauth:\n  mode: session\nexpect:\n  status: 200\n",
    );
    write(
        root,
        "3-keys.yml",
        "name: 'Step 3: keys'\nmethod: GET\nurl: /api/keys\nauth:\n  mode: api_key\n  key_var: service_key\n",
    );
    write(
        root,
        "4-escape.yml",
        "name: ~/../../Escape attempt\nmethod: GET\nurl: http://127.0.0.1:1/nothing\n",
    );
    dir
}

/// Every form of every credential of the test.
fn forbidden() -> Vec<String> {
    [PASSWORD, TOKEN, SERVICE_KEY, API_KEY]
        .iter()
        .flat_map(|s| encodings(s))
        .collect()
}

#[tokio::test]
async fn saved_answers_hold_status_and_body_and_no_credential() {
    let server = start_server().await;
    let dir = collection();
    let saved = tempfile::tempdir().expect("saved");
    let out = saved.path().join("answers/run-1");
    let options = RunOptions {
        collection: dir.path().to_path_buf(),
        environment: Some("ci".into()),
        folder: None,
        request: None,
        reporter: ReporterKind::Json,
        output: None,
        bail: false,
        timeout: std::time::Duration::from_secs(10),
        server: Some(server),
        allow_hosts: Vec::new(),
        allow_files: Vec::new(),
        skip_unreadable: false,
        save_responses: Some(out.clone()),
    };
    let env = |name: &str| match name {
        "AYON_SECRET_PASSWORD" => Some(PASSWORD.to_owned()),
        "AYON_SECRET_SERVICE_KEY" => Some(SERVICE_KEY.to_owned()),
        "AYON_API_KEY" => Some(API_KEY.to_owned()),
        _ => None,
    };
    let context = RunContext {
        env: Box::new(env),
        secret_store: None,
        client_options: ClientOptions::default(),
        sandbox: None,
        protected_folders: Vec::new(),
    };
    let mut console = Vec::new();
    let report = run(&options, context, &mut console)
        .await
        .expect("the run starts");
    let console = String::from_utf8_lossy(&console);
    assert_eq!(report.requests.len(), 4, "{console}");
    assert_eq!(report.requests[0].status, Some(200), "{console}");

    let mut names: Vec<String> = std::fs::read_dir(&out)
        .expect("the folder exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "001-step-1-log-in.body",
            "001-step-1-log-in.json",
            "002-step-2-who-am-i.body",
            "002-step-2-who-am-i.json",
            "003-step-3-keys.body",
            "003-step-3-keys.json",
            "004-escape-attempt.json",
        ]
    );

    let read_json = |name: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(out.join(name)).expect("read")).expect("JSON")
    };
    let login = read_json("001-step-1-log-in.json");
    assert_eq!(login["status"], 200);
    assert_eq!(login["request"]["name"], "Step 1: log in");
    assert_eq!(login["request"]["method"], "POST");
    assert!(
        login["request"]["url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/api/auth/login")),
        "{login}"
    );
    assert!(login["durationMs"].is_u64(), "{login}");
    assert_eq!(login["bodyFile"], "001-step-1-log-in.body");
    let cookie = login["headers"]
        .as_array()
        .and_then(|h| h.iter().find(|p| p[0] == "set-cookie"))
        .expect("the set-cookie header is kept");
    assert_eq!(cookie[1], "•••");
    let body: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("001-step-1-log-in.body")).expect("body"))
            .expect("the login body is JSON");
    assert_eq!(body["token"], "•••");
    assert_eq!(body["detail"], "Logged in as admin");
    assert_eq!(body["user"]["name"], "admin");
    assert_eq!(body["user"]["hasPassword"], true);

    let me = std::fs::read_to_string(out.join("002-step-2-who-am-i.body")).expect("body");
    assert!(me.contains("\"name\":\"admin\""), "{me}");
    assert_eq!(read_json("002-step-2-who-am-i.json")["status"], 200);

    let keys = read_json("003-step-3-keys.json");
    assert_eq!(keys["status"], 201);
    let keys_body = std::fs::read_to_string(out.join("003-step-3-keys.body")).expect("body");
    assert!(keys_body.starts_with("key=•••\nenv=•••\n"), "{keys_body}");

    let failed = read_json("004-escape-attempt.json");
    assert!(
        failed["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{failed}"
    );
    assert!(failed["status"].is_null(), "{failed}");
    assert!(failed.get("bodyFile").is_none(), "{failed}");

    // No form of any credential in any saved file.
    let forbidden = forbidden();
    for name in &names {
        let bytes = std::fs::read(out.join(name)).expect("read");
        for form in &forbidden {
            assert!(
                !bytes.windows(form.len()).any(|w| w == form.as_bytes()),
                "{name} holds {form:?}: {}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode(&out), 0o700);
        for name in &names {
            assert_eq!(mode(&out.join(name)), 0o600, "{name}");
        }
    }
}

#[tokio::test]
async fn a_folder_that_cannot_be_made_stops_the_run_before_anything_is_sent() {
    let dir = collection();
    let blocker = tempfile::NamedTempFile::new().expect("a file");
    let options = RunOptions {
        collection: dir.path().to_path_buf(),
        environment: Some("ci".into()),
        folder: None,
        request: None,
        reporter: ReporterKind::Human,
        output: None,
        bail: false,
        timeout: std::time::Duration::from_secs(5),
        server: Some("http://127.0.0.1:1".into()),
        allow_hosts: Vec::new(),
        allow_files: Vec::new(),
        skip_unreadable: false,
        // A folder inside a file.
        save_responses: Some(blocker.path().join("answers")),
    };
    let context = RunContext {
        env: Box::new(|_: &str| None),
        secret_store: None,
        client_options: ClientOptions::default(),
        sandbox: None,
        protected_folders: Vec::new(),
    };
    let mut console = Vec::new();
    let error = run(&options, context, &mut console)
        .await
        .expect_err("a configuration error");
    assert!(error.0.contains("--save-responses"), "{}", error.0);
    assert!(console.is_empty());
}

#[tokio::test]
async fn an_answer_that_cannot_be_written_makes_its_request_an_error() {
    let server = start_server().await;
    let dir = collection();
    let saved = tempfile::tempdir().expect("saved");
    // A folder where the first answer's file should go.
    std::fs::create_dir_all(saved.path().join("001-step-1-log-in.body")).expect("folder");
    let options = RunOptions {
        collection: dir.path().to_path_buf(),
        environment: Some("ci".into()),
        folder: None,
        request: Some("1-log-in.yml".into()),
        reporter: ReporterKind::Human,
        output: None,
        bail: false,
        timeout: std::time::Duration::from_secs(10),
        server: Some(server),
        allow_hosts: Vec::new(),
        allow_files: Vec::new(),
        skip_unreadable: false,
        save_responses: Some(saved.path().to_path_buf()),
    };
    let context = RunContext {
        env: Box::new(|name: &str| (name == "AYON_SECRET_PASSWORD").then(|| PASSWORD.to_owned())),
        secret_store: None,
        client_options: ClientOptions::default(),
        sandbox: None,
        protected_folders: Vec::new(),
    };
    let mut console = Vec::new();
    let report = run(&options, context, &mut console)
        .await
        .expect("the run starts");
    let request = &report.requests[0];
    assert_eq!(request.status, Some(200));
    assert_eq!(
        request.verdict,
        ayon_explorer_runner::report::Verdict::Error
    );
    let error = request.error.as_deref().unwrap_or_default();
    assert!(error.contains("--save-responses"), "{error}");
    assert!(error.contains("001-step-1-log-in.body"), "{error}");
}
