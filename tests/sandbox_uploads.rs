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

#[path = "support/mod.rs"]
mod support;
use ayon_rest_explorer::digest::sha256_hex;
use serde_json::{Value, json};
use support::sandbox_http::{Reply, login, send};

/// How long a test waits for something the sandbox does on its own.
const DEADLINE: Duration = Duration::from_secs(10);

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
        login(&self.http, self.sandbox.base_url(), name, password).await
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
    assert_error(&gone, 404, "No such file AYON-1.2.3-linux.tar.gz");
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
    // 1.11.2 has no pattern for the file name; only the platform is refused.
    assert_eq!(kinds, ["value_error.const"]);

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
    assert_error(&gone, 404, "No such file AYON-1.2.3-linux.tar.gz");
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

// ---------------------------------------------------------------------------
// Addons, events and the restart

const INSTALL: &str = "/api/addons/install";

/// A zip with the given entries.
fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in entries {
        writer.start_file(*name, options).expect("zip entry starts");
        writer
            .write_all(text.as_bytes())
            .expect("zip entry is written");
    }
    writer.finish().expect("zip is finished").into_inner()
}

/// Like the shared `labtest-0.1.0.zip`: manifest.json plus the code in addon/.
fn labtest_zip() -> Vec<u8> {
    zip_of(&[
        (
            "manifest.json",
            r#"{"addon_name": "labtest", "addon_version": "0.1.0", "required_ayon_version": ">=1.0.0"}"#,
        ),
        (
            "addon/package.py",
            "name = \"labtest\"\ntitle = \"Lab Test\"\nversion = \"0.1.0\"\n",
        ),
        ("addon/server/__init__.py", "# server code\n"),
    ])
}

async fn install(env: &Env, zip: Vec<u8>) -> Reply {
    send(
        env.admin(Method::POST, INSTALL)
            .header("content-type", "application/octet-stream")
            .body(zip),
    )
    .await
}

/// Installs and returns the event ID.
async fn install_ok(env: &Env, zip: Vec<u8>) -> String {
    let reply = install(env, zip).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let id = reply.body()["eventId"]
        .as_str()
        .expect("eventId is a string")
        .to_owned();
    assert_eq!(id.len(), 32);
    assert!(id.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
    id
}

/// Polls the event until it leaves pending/in_progress; returns its last body.
async fn settled_event(env: &Env, id: &str) -> Value {
    let start = Instant::now();
    loop {
        let reply = send(env.admin(Method::GET, &format!("/api/events/{id}"))).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        let status = reply.body()["status"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if !matches!(status.as_str(), "pending" | "in_progress") {
            return reply.body().clone();
        }
        assert!(start.elapsed() < DEADLINE, "event {id} stays {status}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The names in a `GET /api/addons` reply, in order.
fn addon_names(reply: &Reply) -> Vec<String> {
    reply.body()["addons"]
        .as_array()
        .expect("an addons array")
        .iter()
        .filter_map(|a| a["name"].as_str().map(str::to_owned))
        .collect()
}

fn keys(value: &Value) -> Vec<String> {
    value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// The reply's JSON has the fixture's keys in the fixture's order.
fn same_keys(reply: &Value, id: &str, pick: impl Fn(&Value) -> &Value) {
    if let Some(f) = fixture(id) {
        let recorded: Value = serde_json::from_str(&f.body).expect("fixture body is JSON");
        assert_eq!(
            keys(pick(reply)),
            keys(pick(&recorded)),
            "fixture {id}: keys"
        );
    }
}

#[tokio::test]
async fn addon_install_moves_through_its_event_and_loads_on_restart() {
    let env = Env::new().await;
    let before = send(env.admin(Method::GET, "/api/addons")).await;
    // Only the sandbox's built-in addon; the real server of fixture 60 had none.
    assert_eq!(addon_names(&before), ["practice"]);
    same_status(&before, "60");

    let zip = labtest_zip();
    let reply = install(&env, zip.clone()).await;
    same_status(&reply, "61");
    let id = reply.body()["eventId"]
        .as_str()
        .expect("eventId")
        .to_owned();

    // Right after the upload the event is pending (or, on a slow machine,
    // already unpacking); each status comes with its own description.
    let early = send(env.admin(Method::GET, &format!("/api/events/{id}"))).await;
    let expected = match early.body()["status"].as_str() {
        Some("pending") => "Installing addon labtest 0.1.0",
        Some("in_progress") => "Unpacking addon labtest 0.1.0",
        _ => "Addon labtest 0.1.0 installed",
    };
    assert_eq!(early.body()["description"], expected, "{}", early.text);

    let event = settled_event(&env, &id).await;
    assert_eq!(event["status"], "finished");
    assert_eq!(event["description"], "Addon labtest 0.1.0 installed");
    assert_eq!(event["topic"], "addon.install");
    assert_eq!(event["user"], "admin");
    assert_eq!(event["summary"]["name"], "labtest");
    assert_eq!(event["summary"]["version"], "0.1.0");
    assert_eq!(event["summary"]["is_rez"], false);
    assert_eq!(event["summary"]["ayon_version"], ">=1.0.0");
    same_keys(&event, "62", |v| v);
    same_keys(&event, "62", |v| &v["summary"]);
    assert_eq!(
        env.state().stored_file(StoredKind::Addon, "labtest/0.1.0"),
        Some(stored(&zip))
    );

    let installs = send(env.admin(Method::GET, INSTALL)).await;
    assert_eq!(installs.status, 200);
    let item = &installs.body()["items"][0];
    assert_eq!(item["id"], id.as_str());
    assert_eq!(item["addonName"], "labtest");
    assert_eq!(item["addonVersion"], "0.1.0");
    assert_eq!(item["status"], "finished");
    assert_eq!(installs.body()["restartRequired"], true);
    same_keys(installs.body(), "63", |v| v);
    same_keys(installs.body(), "63", |v| &v["items"][0]);

    // Not loaded before the restart.
    let not_yet = send(env.admin(Method::GET, "/api/addons")).await;
    same_status(&not_yet, "64");
    assert!(!addon_names(&not_yet).contains(&"labtest".to_owned()));

    let restart = send(env.admin(Method::POST, "/api/system/restart")).await;
    assert_eq!(restart.status, 204);
    same_status(&restart, "65");

    let loaded = send(env.admin(Method::GET, "/api/addons")).await;
    // Sorted by name: before the sandbox's built-in `practice` addon.
    let addon = &loaded.body()["addons"][0];
    assert_eq!(addon["name"], "labtest");
    assert_eq!(addon["title"], "Lab Test");
    assert_eq!(keys(&addon["versions"]), ["0.1.0"]);
    assert_eq!(addon["versions"]["0.1.0"]["isBroken"], false);
    same_keys(loaded.body(), "66", |v| &v["addons"][0]);
    same_keys(
        loaded.body(),
        "66",
        |v| &v["addons"][0]["versions"]["0.1.0"],
    );
    let after = send(env.admin(Method::GET, INSTALL)).await;
    assert_eq!(after.body()["restartRequired"], false);
    same_keys(after.body(), "66c", |v| &v["items"][0]);

    // Deleting: only loaded addons, then a restart is due again.
    let unknown = send(env.admin(Method::DELETE, "/api/addons/nope")).await;
    assert_error(&unknown, 404, "Addon not found");
    let version = send(env.admin(Method::DELETE, "/api/addons/labtest/9.9.9")).await;
    assert_error(&version, 404, "Addon version not found");
    let deleted = send(env.admin(Method::DELETE, "/api/addons/labtest/0.1.0")).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text);
    let listed = send(env.admin(Method::GET, "/api/addons")).await;
    assert!(!addon_names(&listed).contains(&"labtest".to_owned()));
    let installs = send(env.admin(Method::GET, INSTALL)).await;
    assert_eq!(installs.body()["restartRequired"], true);
    assert_eq!(
        env.state().stored_file(StoredKind::Addon, "labtest/0.1.0"),
        None
    );
}

#[tokio::test]
async fn bad_addon_uploads_are_refused_like_the_real_server() {
    let env = Env::new().await;
    let not_zip = install(&env, generated_bytes(1000, 67)).await;
    assert_eq!(not_zip.status, 500);
    assert_eq!(not_zip.body()["status"], 500);
    assert_eq!(
        not_zip.body()["detail"],
        "zipfile.BadZipFile: File is not a zip file"
    );
    same_reply(&not_zip, "67c");

    let no_manifest = install(&env, zip_of(&[("readme.txt", "x")])).await;
    assert_error(&no_manifest, 409, "Unsupported addon format");
    same_reply(&no_manifest, "67b");

    let empty = install(&env, Vec::new()).await;
    assert_error(&empty, 400, "Empty file");
    same_reply(&empty, "67e");

    let no_version = install(&env, zip_of(&[("manifest.json", r#"{"addon_name": "x"}"#)])).await;
    assert_error(
        &no_version,
        409,
        "Addon name or version not found in manifest",
    );
    let rez_no_name = install(&env, zip_of(&[("package.py", "version = '1.0.0'\n")])).await;
    assert_error(&rez_no_name, 409, "Addon name not found in package.py");

    let from_url = send(env.admin(
        Method::POST,
        &format!("{INSTALL}?url=http://127.0.0.1:1/a.zip"),
    ))
    .await;
    assert_eq!(from_url.status, 501, "{}", from_url.text);

    let artist = env.artist().await;
    let forbidden = send(
        env.req(Method::POST, INSTALL)
            .bearer_auth(&artist)
            .body(labtest_zip()),
    )
    .await;
    assert_error(&forbidden, 403, "Only admins can install addons");
    let restart = send(
        env.req(Method::POST, "/api/system/restart")
            .bearer_auth(&artist),
    )
    .await;
    assert_error(&restart, 403, "Only admins can restart the server");

    // Accepted, but the unpacking fails: manifest.json without addon/.
    let id = install_ok(
        &env,
        zip_of(&[(
            "manifest.json",
            r#"{"addon_name": "hollow", "addon_version": "1.0.0"}"#,
        )]),
    )
    .await;
    let event = settled_event(&env, &id).await;
    assert_eq!(event["status"], "failed");
    let description = event["description"].as_str().unwrap_or_default();
    assert!(description.contains("addon/"), "{description}");
    assert_eq!(
        env.state().stored_file(StoredKind::Addon, "hollow/1.0.0"),
        None
    );
    assert_eq!(
        send(env.admin(Method::POST, "/api/system/restart"))
            .await
            .status,
        204
    );
    let listed = send(env.admin(Method::GET, "/api/addons")).await;
    assert!(!addon_names(&listed).contains(&"hollow".to_owned()));
    assert_eq!(env.state().partial_uploads(), 0);

    let unknown = send(env.admin(Method::GET, &format!("/api/events/{}", "0".repeat(32)))).await;
    assert_error(&unknown, 404, "Event not found");
    let malformed = send(env.admin(Method::GET, "/api/events/xyz")).await;
    assert_eq!(malformed.status, 400);
    assert_eq!(
        malformed.body()["errors"][0]["loc"],
        json!(["path", "event_id"])
    );
}

#[tokio::test]
async fn reinstalls_reuse_the_event_and_rez_packages_install_too() {
    let env = Env::new().await;
    let first = install_ok(&env, labtest_zip()).await;
    let first_event = settled_event(&env, &first).await;
    let rez = zip_of(&[
        (
            "package.yaml",
            "name: labyaml\nversion: 0.3.0\ntitle: Lab Yaml\n",
        ),
        ("server/__init__.py", ""),
    ]);
    let rez_id = install_ok(&env, rez).await;
    assert_eq!(
        settled_event(&env, &rez_id).await["summary"]["is_rez"],
        true
    );
    let again = install_ok(&env, labtest_zip()).await;
    assert_ne!(again, first);
    let again_event = settled_event(&env, &again).await;
    assert_eq!(again_event["createdAt"], first_event["createdAt"]);
    let gone = send(env.admin(Method::GET, &format!("/api/events/{first}"))).await;
    assert_error(&gone, 404, "Event not found");

    let installs = send(env.admin(Method::GET, INSTALL)).await;
    let names: Vec<&str> = installs.body()["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["addonName"].as_str())
        .collect();
    // Latest change first, and the reinstalled version only once (fixture 68).
    assert_eq!(names, ["labtest", "labyaml"]);

    send(env.admin(Method::POST, "/api/system/restart")).await;
    let listed = send(env.admin(Method::GET, "/api/addons")).await;
    let titles: Vec<&str> = listed.body()["addons"]
        .as_array()
        .expect("addons")
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    // Sorted by name, the sandbox's built-in addon among them.
    assert_eq!(titles, ["Lab Test", "Lab Yaml", "Practice"]);
}

#[tokio::test]
async fn the_shared_addon_zips_install_as_in_the_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/ayon-addons");
    if !dir.is_dir() {
        println!("skipped: ../shared/fixtures is absent, so the real addon zips are not sent");
        return;
    }
    let read = |name: &str| std::fs::read(dir.join(name)).expect("addon zip is readable");
    let env = Env::new().await;

    let labtest = install_ok(&env, read("labtest-0.1.0.zip")).await;
    assert_eq!(settled_event(&env, &labtest).await["status"], "finished");
    let labrez = install(&env, read("labrez-0.2.0.zip")).await;
    same_status(&labrez, "67");
    let no_manifest = install(&env, read("nomanifest.zip")).await;
    same_reply(&no_manifest, "67b");
    let not_zip = install(&env, read("notazip.zip")).await;
    same_reply(&not_zip, "67c");

    // A multipart envelope is just a file; the zip inside it is still found.
    let part = reqwest::multipart::Part::bytes(read("labtest-0.1.0.zip"))
        .file_name("labtest-0.1.0.zip")
        .mime_str("application/zip")
        .expect("valid mime type");
    let multipart = send(
        env.admin(Method::POST, INSTALL)
            .multipart(reqwest::multipart::Form::new().part("file", part)),
    )
    .await;
    same_status(&multipart, "67d");
    assert_eq!(multipart.status, 200, "{}", multipart.text);

    // A service user's API key may install too (fixture 67f).
    let service_key = "fe26e8249ae7cfcbf6c61a9f2994b491";
    let created = send(env.admin(Method::PUT, "/api/users/lab_service").json(
        &json!({"attrib": {"fullName": "Lab service"}, "data": {"isService": true}, "apiKey": service_key}),
    ))
    .await;
    assert_eq!(created.status, 204, "{}", created.text);
    let by_service = send(
        env.req(Method::POST, INSTALL)
            .header("x-api-key", service_key)
            .body(read("labtest-0.1.0.zip")),
    )
    .await;
    same_status(&by_service, "67f");
    let last = by_service.body()["eventId"]
        .as_str()
        .expect("eventId")
        .to_owned();
    settled_event(&env, &last).await;
    settled_event(&env, labrez.body()["eventId"].as_str().expect("eventId")).await;

    let installs = send(env.admin(Method::GET, INSTALL)).await;
    same_status(&installs, "68");
    let items = installs.body()["items"].as_array().expect("items");
    let pairs: Vec<(&str, &str)> = items
        .iter()
        .map(|i| {
            (
                i["addonName"].as_str().unwrap_or_default(),
                i["addonVersion"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(pairs, [("labtest", "0.1.0"), ("labrez", "0.2.0")]);
    assert_eq!(items[0]["id"], last.as_str());
    assert_eq!(installs.body()["restartRequired"], true);
    same_keys(installs.body(), "68", |v| &v["items"][1]);
}
