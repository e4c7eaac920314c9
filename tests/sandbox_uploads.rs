//! Integration tests of the sandbox's uploads over real HTTP with reqwest:
//! desktop installers and dependency packages (manifest, raw upload, download,
//! sources, delete), cut-off uploads, and addon installs with their events and
//! the restart that loads them.
//!
//! Where a real AYON 1.11.2 exchange exists in `../shared/fixtures/ayon-1.11.2`,
//! the status (and, where nothing in it is volatile, the exact body) is compared
//! with it; without that folder the tests say so and check the same behaviour
//! against the values written here.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig, SandboxState, StoredFile, StoredKind};
use reqwest::{Client, Method, RequestBuilder};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// How long a test waits for something the sandbox does on its own.
const DEADLINE: Duration = Duration::from_secs(10);

/// A response, read completely.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    bytes: Vec<u8>,
    text: String,
    json: Option<Value>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn body(&self) -> &Value {
        self.json.as_ref().expect("response body is JSON")
    }
}

async fn send(request: RequestBuilder) -> Reply {
    let response = request.send().await.expect("request reaches the sandbox");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("body is readable").to_vec();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let json = serde_json::from_slice(&bytes).ok();
    Reply {
        status,
        headers,
        bytes,
        text,
        json,
    }
}

/// A sandbox, a client and the admin's token.
struct Env {
    sandbox: Sandbox,
    http: Client,
    admin: String,
}

impl Env {
    async fn new() -> Env {
        let sandbox = Sandbox::start(SandboxConfig {
            seed_demo_project: false,
            ..SandboxConfig::default()
        })
        .await
        .expect("sandbox starts");
        let http = Client::new();
        let mut env = Env {
            sandbox,
            http,
            admin: String::new(),
        };
        env.admin = env.login("admin", "admin").await;
        env
    }

    fn state(&self) -> &SandboxState {
        self.sandbox.state()
    }

    fn req(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.sandbox.base_url()))
    }

    /// A request as the admin.
    fn admin(&self, method: Method, path: &str) -> RequestBuilder {
        self.req(method, path).bearer_auth(&self.admin)
    }

    async fn login(&self, name: &str, password: &str) -> String {
        let reply = send(
            self.req(Method::POST, "/api/auth/login")
                .json(&json!({"name": name, "password": password})),
        )
        .await;
        assert_eq!(reply.status, 200, "login of {name} failed: {}", reply.text);
        reply.body()["token"]
            .as_str()
            .expect("token is a string")
            .to_owned()
    }

    /// Creates the non-admin user `artist` and returns their token.
    async fn artist(&self) -> String {
        let reply = send(
            self.admin(Method::PUT, "/api/users/artist")
                .json(&json!({"attrib": {"fullName": "Test Artist"}, "password": "Artist.12345"})),
        )
        .await;
        assert_eq!(reply.status, 204, "{}", reply.text);
        self.login("artist", "Artist.12345").await
    }
}

/// Deterministic pseudo-random bytes (xorshift), so uploads are not trivially compressible.
fn generated_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn stored(bytes: &[u8]) -> StoredFile {
    StoredFile {
        len: bytes.len() as u64,
        sha256: sha256_hex(bytes),
    }
}

// ---------------------------------------------------------------------------
// Real server exchanges

/// Status line, headers and body of a recorded exchange.
struct Fixture {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Fixture {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/ayon-1.11.2")
}

/// The fixture whose file name starts with `id_`, or `None` (said once per
/// test) when `../shared/fixtures` is absent.
fn fixture(id: &str) -> Option<Fixture> {
    let dir = fixtures_dir();
    if !dir.is_dir() {
        println!("../shared/fixtures is absent: skipping the comparison with fixture {id}");
        return None;
    }
    let prefix = format!("{id}_");
    let path = std::fs::read_dir(&dir)
        .expect("fixture folder is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix))
        })
        .unwrap_or_else(|| panic!("fixture {id} exists"));
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let mut lines = text.lines().skip_while(|l| l.starts_with('#'));
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = lines
        .by_ref()
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let (name, value) = l.split_once(':')?;
            Some((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect();
    let body = lines.collect::<Vec<_>>().join("\n").trim().to_owned();
    Some(Fixture {
        status,
        headers,
        body,
    })
}

/// The reply has the fixture's status and content type.
fn same_status(reply: &Reply, id: &str) {
    if let Some(f) = fixture(id) {
        assert_eq!(reply.status, f.status, "fixture {id}: {}", reply.text);
        assert_eq!(
            reply.header("content-type"),
            f.header("content-type"),
            "fixture {id}: content type"
        );
    }
}

/// The reply is the fixture's, status and body byte for byte (key order too).
fn same_reply(reply: &Reply, id: &str) {
    if let Some(f) = fixture(id) {
        same_status(reply, id);
        assert_eq!(reply.text, f.body, "fixture {id}: body");
    }
}

fn assert_error(reply: &Reply, status: u16, detail: &str) {
    assert_eq!(reply.status, status, "unexpected reply: {}", reply.text);
    assert_eq!(
        reply.json,
        Some(json!({"code": status, "detail": detail})),
        "unexpected body"
    );
}

// ---------------------------------------------------------------------------
// Installers and dependency packages

const INSTALLERS: &str = "/api/desktop/installers";
const PACKAGES: &str = "/api/desktop/dependencyPackages";
const INSTALLER: &str = "AYON-1.2.3-linux.tar.gz";

/// The manifest of fixture 41.
fn installer_manifest() -> Value {
    json!({
        "filename": INSTALLER, "platform": "linux", "version": "1.2.3",
        "pythonVersion": "3.11.7", "size": 4096,
        "checksum": "5e6a0d43531364ca5d11ff687c13563a91f22610e791573a80ba8fddaca732ef",
        "checksumAlgorithm": "sha256", "pythonModules": {"requests": "2.32.3"},
        "runtimePythonModules": {}
    })
}

async fn create_installer(env: &Env) {
    let reply = send(
        env.admin(Method::POST, INSTALLERS)
            .json(&installer_manifest()),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    assert_eq!(reply.body(), &json!({"eventId": null}));
    same_reply(&reply, "41");
}

async fn upload(env: &Env, path: &str, bytes: Vec<u8>) -> Reply {
    send(
        env.admin(Method::PUT, path)
            .header("content-type", "application/octet-stream")
            .body(bytes),
    )
    .await
}

fn installer_url() -> String {
    format!("{INSTALLERS}/{INSTALLER}")
}

#[tokio::test]
async fn installer_manifest_upload_download_delete() {
    let env = Env::new().await;
    let empty = send(env.admin(Method::GET, INSTALLERS)).await;
    assert_eq!(empty.body(), &json!({"installers": []}));
    same_reply(&empty, "40");

    create_installer(&env).await;
    let listed = send(env.admin(Method::GET, INSTALLERS)).await;
    assert_eq!(listed.body()["installers"][0]["sources"], json!([]));
    same_reply(&listed, "41b");

    // 3 MB: above axum's default 2 MB body limit.
    let bytes = generated_bytes(3 * 1024 * 1024, 41);
    let put = upload(&env, &installer_url(), bytes.clone()).await;
    assert_eq!(put.status, 204, "{}", put.text);
    same_status(&put, "42");
    assert_eq!(
        env.state().stored_file(StoredKind::Installer, INSTALLER),
        Some(stored(&bytes))
    );

    let listed = send(env.admin(Method::GET, INSTALLERS)).await;
    assert_eq!(
        listed.body()["installers"][0]["sources"],
        json!([{"type": "server"}])
    );
    // The manifest's size and checksum stay as sent, as on the real server.
    assert_eq!(listed.body()["installers"][0]["size"], 4096);
    same_reply(&listed, "43");

    let download = send(env.admin(Method::GET, &installer_url())).await;
    assert_eq!(download.status, 200);
    assert_eq!(sha256_hex(&download.bytes), sha256_hex(&bytes));
    assert_eq!(
        download.header("content-disposition"),
        Some("attachment; filename=\"AYON-1.2.3-linux.tar.gz\"")
    );
    assert_eq!(
        download.header("content-length"),
        Some(bytes.len().to_string().as_str())
    );
    assert_eq!(
        download.header("content-type"),
        Some("application/octet-stream")
    );
    assert!(
        download
            .header("last-modified")
            .is_some_and(|d| d.ends_with(" GMT"))
    );
    assert!(download.header("etag").is_some());
    if let Some(f) = fixture("44") {
        assert_eq!(download.status, f.status);
        for name in ["content-type", "content-disposition"] {
            assert_eq!(download.header(name), f.header(name), "fixture 44: {name}");
        }
    }

    let deleted = send(env.admin(Method::DELETE, &installer_url())).await;
    assert_eq!(deleted.status, 204);
    same_status(&deleted, "48");
    assert_eq!(
        env.state().stored_file(StoredKind::Installer, INSTALLER),
        None
    );
    let again = send(env.admin(Method::DELETE, &installer_url())).await;
    assert_error(
        &again,
        404,
        "Installer manifest AYON-1.2.3-linux.tar.gz not found",
    );
    same_reply(&again, "48b");
    let listed = send(env.admin(Method::GET, INSTALLERS)).await;
    same_reply(&listed, "49");
    assert_eq!(listed.body(), &json!({"installers": []}));
    let gone = send(env.admin(Method::GET, &installer_url())).await;
    assert_error(&gone, 404, "File not found");
}

#[tokio::test]
async fn installer_manifest_conflicts_validation_and_force() {
    let env = Env::new().await;
    create_installer(&env).await;
    let bytes = generated_bytes(1000, 7);
    assert_eq!(
        upload(&env, &installer_url(), bytes.clone()).await.status,
        204
    );

    let short = json!({"filename": INSTALLER, "platform": "linux", "version": "1.2.3", "pythonVersion": "3.11"});
    let duplicate = send(env.admin(Method::POST, INSTALLERS).json(&short)).await;
    assert_error(&duplicate, 409, "Installer already exists");
    same_reply(&duplicate, "45");

    let other = json!({"filename": "other.tar.gz", "platform": "linux", "version": "1.2.3", "pythonVersion": "3.11"});
    let same_build = send(env.admin(Method::POST, INSTALLERS).json(&other)).await;
    assert_error(
        &same_build,
        500,
        "Installer with the same version and platform already exists",
    );
    same_reply(&same_build, "45b");

    let missing = send(
        env.admin(Method::POST, INSTALLERS)
            .json(&json!({"filename": "x.tar.gz"})),
    )
    .await;
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.body()["traceback"],
        "platform: field required\nversion: field required\npythonVersion: field required"
    );
    same_reply(&missing, "45c");

    let bad = send(env.admin(Method::POST, INSTALLERS).json(&json!({
        "filename": "../evil", "platform": "amiga", "version": "1", "pythonVersion": "3"
    })))
    .await;
    assert_eq!(bad.status, 400, "{}", bad.text);
    let kinds: Vec<&str> = bad.body()["errors"]
        .as_array()
        .expect("errors list")
        .iter()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert_eq!(kinds, ["value_error.str.regex", "value_error.const"]);

    // force replaces the manifest and keeps the uploaded file.
    let forced = send(
        env.admin(Method::POST, &format!("{INSTALLERS}?force=true"))
            .json(&short),
    )
    .await;
    assert_eq!(forced.status, 201, "{}", forced.text);
    let listed = send(env.admin(Method::GET, INSTALLERS)).await;
    let item = &listed.body()["installers"][0];
    assert_eq!(item["pythonVersion"], "3.11");
    assert_eq!(item.get("checksum"), None, "unset fields are left out");
    assert_eq!(item["sources"], json!([{"type": "server"}]));
    assert_eq!(
        env.state().stored_file(StoredKind::Installer, INSTALLER),
        Some(stored(&bytes))
    );

    let filtered = send(env.admin(Method::GET, &format!("{INSTALLERS}?platform=windows"))).await;
    assert_eq!(filtered.body(), &json!({"installers": []}));
    let filtered = send(env.admin(Method::GET, &format!("{INSTALLERS}?version=1.2.3"))).await;
    assert_eq!(
        filtered.body()["installers"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn uploads_need_a_manifest_and_a_non_empty_body() {
    let env = Env::new().await;
    let orphan = upload(
        &env,
        &format!("{INSTALLERS}/nomanifest.tar.gz"),
        b"data".to_vec(),
    )
    .await;
    assert_error(
        &orphan,
        404,
        "Installer manifest nomanifest.tar.gz not found",
    );
    same_reply(&orphan, "46");

    create_installer(&env).await;
    assert_eq!(
        upload(&env, &installer_url(), generated_bytes(5000, 3))
            .await
            .status,
        204
    );
    let empty = upload(&env, &installer_url(), Vec::new()).await;
    assert_error(&empty, 400, "Empty file");
    same_reply(&empty, "46b");
    // As on the real server, the empty upload took the earlier file with it.
    assert_eq!(
        env.state().stored_file(StoredKind::Installer, INSTALLER),
        None
    );
    let listed = send(env.admin(Method::GET, INSTALLERS)).await;
    assert_eq!(listed.body()["installers"][0]["sources"], json!([]));
    same_reply(&listed, "43b");
    let gone = send(env.admin(Method::GET, &installer_url())).await;
    assert_error(&gone, 404, "File not found");
}

#[tokio::test]
async fn non_admins_may_list_and_download_but_not_change() {
    let env = Env::new().await;
    create_installer(&env).await;
    assert_eq!(
        upload(&env, &installer_url(), b"abc".to_vec()).await.status,
        204
    );
    let artist = env.artist().await;
    let as_artist = |method: Method, path: &str| env.req(method, path).bearer_auth(&artist);

    let create = send(as_artist(Method::POST, INSTALLERS).json(&json!({
        "filename": "x.tar.gz", "platform": "linux", "version": "9.9.9", "pythonVersion": "3.11"
    })))
    .await;
    assert_error(&create, 403, "Only admins can create installers");
    same_reply(&create, "29b");

    let put = send(as_artist(Method::PUT, &installer_url()).body("x")).await;
    assert_error(&put, 403, "Only admins can upload installers");
    let patch =
        send(as_artist(Method::PATCH, &installer_url()).json(&json!({"sources": []}))).await;
    assert_error(&patch, 403, "Only admins can patch installers");
    let delete = send(as_artist(Method::DELETE, &installer_url())).await;
    assert_error(&delete, 403, "Only admins can delete installers");
    let package = send(as_artist(Method::POST, PACKAGES).json(&json!({
        "filename": "d.zip", "platform": "linux", "installerVersion": "1.2.3"
    })))
    .await;
    assert_error(&package, 403, "Only admins can save dependency packages.");

    let listed = send(as_artist(Method::GET, INSTALLERS)).await;
    assert_eq!(listed.status, 200);
    let download = send(as_artist(Method::GET, &installer_url())).await;
    assert_eq!(
        (download.status, download.bytes.as_slice()),
        (200, &b"abc"[..])
    );

    let anonymous = send(env.req(Method::GET, INSTALLERS)).await;
    assert_error(&anonymous, 401, "Access token is missing");
}

#[tokio::test]
async fn dependency_package_upload_patch_download_delete() {
    let env = Env::new().await;
    let empty = send(env.admin(Method::GET, PACKAGES)).await;
    same_reply(&empty, "50");
    assert_eq!(empty.body(), &json!({"packages": []}));

    // The manifest of fixture 51.
    let manifest = json!({
        "filename": "deps-linux.zip", "platform": "linux", "installerVersion": "1.2.3",
        "size": 2048, "checksum": "a82c38341e36ac1813f83d3bfa1896d4", "checksumAlgorithm": "md5",
        "sourceAddons": {"core": "1.0.0", "dropped": null}, "pythonModules": {"requests": "2.32.3"}
    });
    let created = send(env.admin(Method::POST, PACKAGES).json(&manifest)).await;
    assert_eq!(created.status, 201, "{}", created.text);
    same_reply(&created, "51");
    let duplicate = send(env.admin(Method::POST, PACKAGES).json(&json!({
        "filename": "deps-linux.zip", "platform": "linux", "installerVersion": "1.2.3"
    })))
    .await;
    assert_error(
        &duplicate,
        409,
        "Dependency package deps-linux.zip already exists",
    );
    same_reply(&duplicate, "51b");

    // Sent chunked, without a Content-Length.
    let bytes = generated_bytes(2 * 1024 * 1024 + 17, 51);
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        bytes.chunks(256 * 1024).map(|c| Ok(c.to_vec())).collect();
    let url = format!("{PACKAGES}/deps-linux.zip");
    let put = send(
        env.admin(Method::PUT, &url)
            .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
                chunks,
            ))),
    )
    .await;
    assert_eq!(put.status, 204, "{}", put.text);
    same_status(&put, "52");
    assert_eq!(
        env.state()
            .stored_file(StoredKind::DependencyPackage, "deps-linux.zip"),
        Some(stored(&bytes))
    );
    let listed = send(env.admin(Method::GET, PACKAGES)).await;
    same_reply(&listed, "53");
    assert_eq!(
        listed.body()["packages"][0]["sourceAddons"],
        json!({"core": "1.0.0"})
    );

    let patched =
        send(env.admin(Method::PATCH, &url).json(
            &json!({"sources": [{"type": "http", "url": "http://127.0.0.1:1/deps-linux.zip"}]}),
        ))
        .await;
    assert_eq!(patched.status, 204, "{}", patched.text);
    same_status(&patched, "55");
    let listed = send(env.admin(Method::GET, PACKAGES)).await;
    assert_eq!(
        listed.body()["packages"][0]["sources"],
        json!([{"type": "server"}, {"type": "http", "url": "http://127.0.0.1:1/deps-linux.zip"}])
    );
    same_reply(&listed, "55b");

    let download = send(env.admin(Method::GET, &url)).await;
    assert_eq!(download.status, 200);
    assert_eq!(sha256_hex(&download.bytes), sha256_hex(&bytes));
    if let Some(f) = fixture("54") {
        for name in ["content-type", "content-disposition"] {
            assert_eq!(download.header(name), f.header(name), "fixture 54: {name}");
        }
    }

    let deleted = send(env.admin(Method::DELETE, &url)).await;
    assert_eq!(deleted.status, 204);
    same_status(&deleted, "56");
    let listed = send(env.admin(Method::GET, PACKAGES)).await;
    same_reply(&listed, "57");
    assert_eq!(
        env.state()
            .stored_file(StoredKind::DependencyPackage, "deps-linux.zip"),
        None
    );
    let missing = send(env.admin(Method::DELETE, &url)).await;
    assert_error(
        &missing,
        404,
        "Dependency package manifest deps-linux.zip not found",
    );
}

/// Polls `check` until it holds or the deadline passes.
async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn an_upload_cut_off_midway_leaves_no_file() {
    let env = Env::new().await;
    create_installer(&env).await;
    let earlier = generated_bytes(10_000, 5);
    assert_eq!(upload(&env, &installer_url(), earlier).await.status, 204);

    // A body that sends 1 MiB, waits until the sandbox is writing it to disk,
    // then fails, as when a client is cancelled mid-upload.
    let state = env.state().clone();
    let body = futures_util::stream::unfold(0u8, move |step| {
        let state = state.clone();
        async move {
            match step {
                0 => Some((Ok(vec![7u8; 1024 * 1024]), 1)),
                1 => {
                    let start = Instant::now();
                    while state.partial_uploads() == 0 && start.elapsed() < DEADLINE {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                    }
                    Some((Err(std::io::Error::other("cancelled by the test")), 2))
                }
                _ => None,
            }
        }
    });
    let result = env
        .admin(Method::PUT, &installer_url())
        .body(reqwest::Body::wrap_stream(body))
        .send()
        .await;
    assert!(result.is_err(), "the cut-off request cannot succeed");

    eventually("the partial upload is deleted", || {
        env.state().partial_uploads() == 0
    })
    .await;
    assert_eq!(
        env.state().stored_file(StoredKind::Installer, INSTALLER),
        None
    );

    // The sandbox keeps answering; the manifest is still there, without a file.
    let listed = send(env.admin(Method::GET, INSTALLERS)).await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.body()["installers"][0]["sources"], json!([]));
    let retry = generated_bytes(4096, 6);
    assert_eq!(
        upload(&env, &installer_url(), retry.clone()).await.status,
        204
    );
    assert_eq!(
        env.state().stored_file(StoredKind::Installer, INSTALLER),
        Some(stored(&retry))
    );
}
