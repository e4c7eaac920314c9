//! End-to-end tests of the upload recipes (`ayon_rest_explorer::recipes`) against
//! `target()`: the sandbox, or the AYON server of `AYON_TEST_SERVER_URL`. Everything
//! created has a unique name and is deleted at the end; the addon test restarts a real
//! server only with `AYON_TEST_ALLOW_RESTART=1`, and without it skips (and says so) what
//! only a restart makes true: the listing after it and the delete.

#[path = "support/mod.rs"]
mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::Router;
use axum::routing::any;
use ayon_rest_explorer::digest::sha256_hex;
use ayon_rest_explorer::http::{HttpMethod, RequestSpec, build_client, execute};
use ayon_rest_explorer::recipes::{
    AddonInstalled, PackageForm, PackageKind, Platform, RESTART_NOTE, RecipeError, RecipeRun,
    RecipeTarget, StepState, addon_listed, delete_package, install_addon, list_packages,
    restart_server, upload_package,
};
use serde_json::json;

use support::ayon_client::{Cleanup, TIMEOUT, admin_login, delete_leftover_addons, send, session};
use support::recording_server::{self, record_ok};
use support::target::{Target, target, unique_name};

/// Recipes acting as the session `token`.
fn recipe_target(target: &Target, token: &str) -> RecipeTarget {
    RecipeTarget {
        server_url: target.url.clone(),
        headers: vec![("Authorization".into(), format!("Bearer {token}"))],
        secrets: vec![token.to_string()],
        timeout: TIMEOUT,
    }
}

/// `len` bytes that do not compress to nothing (xorshift).
fn generated_file(dir: &Path, name: &str, len: usize) -> (PathBuf, Vec<u8>) {
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64 ^ len as u64;
    let bytes: Vec<u8> = (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, &bytes).expect("write the test file");
    (path, bytes)
}

/// A version string no other run uses (AYON keeps one installer per version and
/// platform).
fn unique_version() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() % 1_000_000_000)
        .unwrap_or(0);
    format!("0.{}.{nanos}", std::process::id())
}

fn states(run: &RecipeRun) -> Vec<StepState> {
    run.steps().iter().map(|s| s.state).collect()
}

/// `GET path` with the token; the whole body in memory.
async fn download(target: &Target, token: &str, path: &str) -> (u16, Vec<u8>) {
    let url = url::Url::parse(&format!("{}{path}", target.url)).expect("url");
    let spec = RequestSpec::new(HttpMethod::Get, url)
        .header("Authorization", format!("Bearer {token}"))
        .secret(token)
        .timeout(TIMEOUT);
    let exchange = execute(&build_client().unwrap(), &spec)
        .await
        .expect("download");
    (exchange.response.status, exchange.response.body.to_vec())
}

/// The main path for either kind: upload, check the listing and the downloaded
/// bytes, refuse a second upload without force, accept it with force, delete.
async fn upload_round_trip(kind: PackageKind, platform: Platform, extension: &str) {
    let target = target().await;
    let login = admin_login(&target).await;
    let token = login.token.expose().to_string();
    let recipes = recipe_target(&target, &token);
    let client = build_client().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let filename = format!("{}{extension}", unique_name("recipes"));
    let (file, bytes) = generated_file(dir.path(), "local-name.bin", 3 * 1024 * 1024 + 123);
    let mut cleanup = Cleanup::new(&target, &token);
    cleanup.delete_later(format!("{}/{filename}", kind.endpoint()));

    let mut form = PackageForm {
        kind,
        file: file.clone(),
        filename: filename.clone(),
        platform,
        version: unique_version(),
        python_version: "3.11.7".into(),
        source_addons: match kind {
            PackageKind::Installer => Vec::new(),
            PackageKind::DependencyPackage => vec![("core".into(), "1.0.0".into())],
        },
        force: false,
    };
    let run = RecipeRun::new();
    let uploaded = upload_package(&client, &recipes, &form, &run)
        .await
        .unwrap_or_else(|e| panic!("upload failed: {e}\nsteps: {:#?}", run.steps()));
    let expected_sha = sha256_hex(&bytes);
    assert_eq!(uploaded.filename, filename);
    assert_eq!(uploaded.size, bytes.len() as u64);
    assert_eq!(uploaded.sha256, expected_sha);
    assert!(uploaded.listed_with_server_source, "{:#?}", run.steps());
    assert_eq!(states(&run), vec![StepState::Done; 5], "{:#?}", run.steps());
    let snap = run.progress().snapshot();
    assert_eq!(
        (snap.sent, snap.send_total),
        (bytes.len() as u64, bytes.len() as u64)
    );
    let shown = snap.describe();
    assert!(
        shown.starts_with("Uploaded 3.1 MB of 3.1 MB (100%)"),
        "{shown}"
    );

    // The listing holds the manifest as sent.
    let listed = list_packages(&client, &recipes, kind).await.unwrap();
    let entry = listed
        .iter()
        .find(|p| p["filename"] == filename.as_str())
        .expect("listed");
    assert_eq!(entry["checksum"], expected_sha.as_str());
    assert_eq!(entry["checksumAlgorithm"], "sha256");
    assert_eq!(entry["size"], bytes.len());
    assert_eq!(entry["platform"], platform.as_str());
    assert_eq!(entry[kind.version_field()], form.version.as_str());
    if kind == PackageKind::DependencyPackage {
        assert_eq!(entry["sourceAddons"], json!({"core": "1.0.0"}));
    }

    // The server gives back the very bytes.
    let (status, downloaded) =
        download(&target, &token, &format!("{}/{filename}", kind.endpoint())).await;
    assert_eq!(status, 200);
    assert_eq!(sha256_hex(&downloaded), expected_sha);
    assert!(downloaded == bytes, "downloaded bytes differ");

    // Again without force: AYON's 409, which the GUI offers to replace.
    let again = RecipeRun::new();
    let err = upload_package(&client, &recipes, &form, &again)
        .await
        .expect_err("a second manifest with the same name is refused");
    assert!(err.already_exists(), "{err:?}");
    assert!(
        err.to_string().contains("already exists on the server"),
        "{err}"
    );
    assert_eq!(
        states(&again),
        [StepState::Done, StepState::Done, StepState::Failed]
    );

    // With force it goes through.
    form.force = true;
    let forced = RecipeRun::new();
    let replaced = upload_package(&client, &recipes, &form, &forced)
        .await
        .unwrap_or_else(|e| panic!("forced upload failed: {e}\n{:#?}", forced.steps()));
    assert!(replaced.listed_with_server_source);
    assert!(forced.steps()[2].text.contains("?force=true"));

    delete_package(&client, &recipes, kind, &filename)
        .await
        .expect("delete");
    let listed = list_packages(&client, &recipes, kind).await.unwrap();
    assert!(
        !listed.iter().any(|p| p["filename"] == filename.as_str()),
        "still listed after delete"
    );
    let err = delete_package(&client, &recipes, kind, &filename)
        .await
        .expect_err("already deleted");
    assert!(
        matches!(&err, RecipeError::Server { status: 404, .. }),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn installer_upload_download_force_delete() {
    upload_round_trip(PackageKind::Installer, Platform::Linux, ".tar.gz").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dependency_package_upload_download_force_delete() {
    upload_round_trip(PackageKind::DependencyPackage, Platform::Windows, ".zip").await;
}

/// A zip of these entries at `path`.
fn write_zip(path: &Path, entries: &[(&str, &str)]) {
    let file = std::fs::File::create(path).expect("create the zip");
    let mut writer = zip::ZipWriter::new(file);
    for (name, text) in entries {
        writer
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("zip entry");
        writer.write_all(text.as_bytes()).expect("zip entry data");
    }
    writer.finish().expect("zip finished");
}

/// Like the shared `labtest-0.1.0.zip`: manifest.json plus the server code in addon/.
fn write_addon_zip(path: &Path, name: &str, version: &str) {
    let manifest = json!({"addon_name": name, "addon_version": version}).to_string();
    let package = format!(
        "name = \"{name}\"\ntitle = \"Recipes test\"\nversion = \"{version}\"\nclient_dir = None\nservices = {{}}\n"
    );
    let server = "from ayon_server.addons import BaseServerAddon\n\n\nclass RecipesTestAddon(BaseServerAddon):\n    pass\n";
    write_zip(
        path,
        &[
            ("manifest.json", manifest.as_str()),
            ("addon/package.py", package.as_str()),
            ("addon/server/__init__.py", server),
        ],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn addon_install_restart_listed_delete() {
    let mut target = target().await;
    let login = admin_login(&target).await;
    let token = login.token.expose().to_string();
    let recipes = recipe_target(&target, &token);
    let client = build_client().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let name = unique_name("recipes_addon");
    let version = "0.1.0";
    let addon_path = format!("/api/addons/{name}/{version}");
    let zip = dir.path().join(format!("{name}-{version}.zip"));
    write_addon_zip(&zip, &name, version);
    let mut cleanup = Cleanup::new(&target, &token);
    cleanup.delete_later(addon_path.clone());

    let run = RecipeRun::new();
    let installed = install_addon(&client, &recipes, &zip, &run)
        .await
        .unwrap_or_else(|e| panic!("install failed: {e}\n{:#?}", run.steps()));
    assert_eq!(
        installed,
        AddonInstalled {
            name: name.clone(),
            version: version.into(),
            event_id: installed.event_id.clone(),
            status: "finished".into(),
            description: installed.description.clone(),
        }
    );
    assert_eq!(installed.event_id.len(), 32);
    let steps = run.steps();
    assert_eq!(steps.last().map(|s| s.text.as_str()), Some(RESTART_NOTE));
    assert!(
        steps
            .iter()
            .all(|s| matches!(s.state, StepState::Done | StepState::Info)),
        "{steps:#?}"
    );
    let zip_len = std::fs::metadata(&zip).unwrap().len();
    assert_eq!(run.progress().snapshot().send_total, zip_len);

    let check = RecipeRun::new();
    let before = addon_listed(&client, &recipes, &name, version, &check)
        .await
        .unwrap();
    if target.is_real_server() {
        eprintln!("listed before the restart: {before}");
    } else {
        assert!(!before, "AYON loads addons only at a restart");
        assert_eq!(check.steps()[0].state, StepState::Info);
    }

    if !target.restart_allowed() {
        // A real server loads the uploaded addon only at a restart, and deletes only
        // loaded addons: what follows would hold only after one.
        eprintln!(
            "SKIPPED the restart, the check that {name} {version} is listed after it and \
             its delete: restarting a real server needs AYON_TEST_ALLOW_RESTART=1"
        );
        // Cleaning up what can be: before a restart the delete finds nothing to delete.
        let deleted = send(
            &target,
            HttpMethod::Delete,
            &addon_path,
            session(),
            Some(&token),
            None,
        )
        .await;
        if deleted.response.status != 204 {
            eprintln!(
                "DELETE {addon_path} answered {} before any restart: the unpacked addon \
                 stays on the server until it restarts (the next run with \
                 AYON_TEST_ALLOW_RESTART=1 deletes it then)",
                deleted.response.status
            );
        }
        return;
    }

    // No other test of this binary may be using the real server while it restarts.
    target.take_for_restart().await;
    let restart = RecipeRun::new();
    restart_server(&client, &recipes, &restart)
        .await
        .unwrap_or_else(|e| panic!("restart failed: {e}\n{:#?}", restart.steps()));
    assert_eq!(
        restart.steps().last().map(|s| s.state),
        Some(StepState::Done)
    );
    let after = RecipeRun::new();
    let listed = addon_listed(&client, &recipes, &name, version, &after)
        .await
        .unwrap();
    assert!(listed, "{:#?}", after.steps());
    assert_eq!(after.steps()[0].state, StepState::Done);
    // Runs without a restart leave their addons behind; loaded now, they can go.
    let swept = delete_leftover_addons(&target, &token, "recipes_addon_", &name).await;
    if !swept.is_empty() {
        eprintln!(
            "deleted addons earlier runs left behind: {}",
            swept.join(", ")
        );
    }

    let deleted = send(
        &target,
        HttpMethod::Delete,
        &addon_path,
        session(),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(
        deleted.response.status,
        204,
        "{}",
        String::from_utf8_lossy(&deleted.response.body)
    );
    if !target.is_real_server() {
        let gone = addon_listed(&client, &recipes, &name, version, &RecipeRun::new())
            .await
            .unwrap();
        assert!(!gone);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn addon_zip_without_manifest_is_refused_before_sending() {
    // Any request would be recorded here: none may arrive.
    let server = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let recipes = RecipeTarget {
        server_url: server.url.clone(),
        headers: Vec::new(),
        secrets: Vec::new(),
        timeout: Duration::from_secs(5),
    };
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("nomanifest.zip");
    write_zip(&zip, &[("addon/server/__init__.py", "# code\n")]);
    let run = RecipeRun::new();
    let err = install_addon(&build_client().unwrap(), &recipes, &zip, &run)
        .await
        .expect_err("no manifest");
    let RecipeError::Invalid(message) = &err else {
        panic!("not Invalid: {err:?}");
    };
    assert!(message.contains("no addon manifest"), "{message}");
    assert!(message.contains("manifest.json"), "{message}");
    assert!(message.contains("Nothing was sent"), "{message}");
    assert_eq!(states(&run), [StepState::Failed]);
    assert!(server.received().is_empty(), "{:?}", server.received());

    // Not a zip at all: also refused here.
    let junk = dir.path().join("junk.zip");
    std::fs::write(&junk, b"not a zip").unwrap();
    let err = install_addon(&build_client().unwrap(), &recipes, &junk, &RecipeRun::new())
        .await
        .expect_err("not a zip");
    assert!(
        matches!(&err, RecipeError::Invalid(m) if m.contains("not a zip")),
        "{err:?}"
    );
    assert!(server.received().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn non_admins_get_the_admin_only_explanation() {
    let target = target().await;
    let login = admin_login(&target).await;
    let admin = login.token.expose().to_string();
    let user = unique_name("recipes_artist");
    let password = "Recipes.Artist.12345";
    let mut cleanup = Cleanup::new(&target, &admin);
    let created = send(
        &target,
        HttpMethod::Put,
        &format!("/api/users/{user}"),
        session(),
        Some(&admin),
        Some(json!({"attrib": {"fullName": "Recipes test"}, "password": password})),
    )
    .await;
    if !(200..300).contains(&created.response.status) {
        assert!(
            target.is_real_server(),
            "the sandbox must create users: {}",
            String::from_utf8_lossy(&created.response.body)
        );
        eprintln!(
            "SKIPPED: creating a user answered {}",
            created.response.status
        );
        return;
    }
    cleanup.delete_later(format!("/api/users/{user}"));
    let artist = ayon_rest_explorer::ayon::login(
        &build_client().unwrap(),
        &target.url,
        &user,
        password,
        TIMEOUT,
    )
    .await
    .expect("the new user logs in");
    let token = artist.token.expose().to_string();
    let recipes = recipe_target(&target, &token);
    let client = build_client().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let filename = format!("{}.exe", unique_name("recipes_denied"));
    let (file, _) = generated_file(dir.path(), "setup.exe", 4096);
    // In case the server let it through after all.
    cleanup.delete_later(format!("/api/desktop/installers/{filename}"));

    let form = PackageForm {
        kind: PackageKind::Installer,
        file,
        filename,
        platform: Platform::Windows,
        version: unique_version(),
        python_version: "3.11".into(),
        source_addons: Vec::new(),
        force: false,
    };
    let run = RecipeRun::new();
    let err = upload_package(&client, &recipes, &form, &run)
        .await
        .expect_err("non-admins cannot create installers");
    let RecipeError::Server {
        status,
        detail,
        explanation,
    } = &err
    else {
        panic!("not a server error: {err:?}");
    };
    assert_eq!(*status, 403);
    assert_eq!(detail, "Only admins can create installers");
    assert!(
        explanation.starts_with("Only admins can create installers:"),
        "{explanation}"
    );
    assert!(!err.already_exists());
    assert_eq!(run.steps().last().map(|s| s.state), Some(StepState::Failed));

    let zip = dir.path().join("denied-0.1.0.zip");
    write_addon_zip(&zip, &unique_name("recipes_denied"), "0.1.0");
    let err = install_addon(&client, &recipes, &zip, &RecipeRun::new())
        .await
        .expect_err("non-admins cannot install addons");
    assert!(
        matches!(&err, RecipeError::Server { status: 403, explanation, .. }
            if explanation.starts_with("Only admins can install addons")),
        "{err:?}"
    );

    // The cleanup deletes the user, as admin.
    drop(cleanup);
    let gone = send(
        &target,
        HttpMethod::Get,
        &format!("/api/users/{user}"),
        session(),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(gone.response.status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_install_event_is_an_error() {
    use axum::routing::{get, post};
    // A server whose install event moves on, then fails (as URL installs do).
    let polls = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let app = Router::new()
        .route(
            "/api/addons/install",
            post(|| async { axum::Json(json!({"eventId": "e".repeat(32)})) }),
        )
        .route(
            "/api/events/{id}",
            get(move || {
                let n = polls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                async move {
                    let (status, description) = match n {
                        0 => ("in_progress", "Unpacking addon lab 0.1.0"),
                        _ => ("failed", "Addon lab 0.1.0 could not be unpacked"),
                    };
                    axum::Json(json!({"status": status, "description": description}))
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let recipes = RecipeTarget {
        server_url: url,
        headers: Vec::new(),
        secrets: Vec::new(),
        timeout: Duration::from_secs(5),
    };
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("lab-0.1.0.zip");
    write_addon_zip(&zip, "lab", "0.1.0");
    let run = RecipeRun::new();
    let err = install_addon(&build_client().unwrap(), &recipes, &zip, &run)
        .await
        .expect_err("a failed event is an error");
    assert!(
        matches!(&err, RecipeError::Server { detail, .. } if detail == "Addon lab 0.1.0 could not be unpacked"),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("could not install addon lab 0.1.0"),
        "{err}"
    );
    let steps = run.steps();
    assert_eq!(
        steps.iter().map(|s| s.state).collect::<Vec<_>>(),
        [
            StepState::Done,
            StepState::Done,
            StepState::Info,
            StepState::Failed
        ],
        "{steps:#?}"
    );
    assert_eq!(
        steps[2].text,
        "Event in_progress: Unpacking addon lab 0.1.0"
    );
}

/// A fake server for restarts: `/api/info` answers `info(n)` for the n-th probe after
/// the restart request (uptime 1000 s before it).
async fn restarting_server(
    info: impl Fn(u32) -> (u16, f64) + Clone + Send + Sync + 'static,
) -> RecipeTarget {
    use axum::http::StatusCode;
    use axum::routing::{get, post};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
    let restarted = Arc::new(AtomicBool::new(false));
    let probes = Arc::new(AtomicU32::new(0));
    let flag = restarted.clone();
    let app = Router::new()
        .route(
            "/api/system/restart",
            post(move || {
                flag.store(true, Ordering::SeqCst);
                async { StatusCode::NO_CONTENT }
            }),
        )
        .route(
            "/api/info",
            get(move || {
                let (status, uptime) = if restarted.load(Ordering::SeqCst) {
                    info(probes.fetch_add(1, Ordering::SeqCst))
                } else {
                    (200, 1000.0)
                };
                async move {
                    (
                        StatusCode::from_u16(status).unwrap(),
                        axum::Json(json!({"version": "1.11.2", "uptime": uptime})),
                    )
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    RecipeTarget {
        server_url: url,
        headers: Vec::new(),
        secrets: Vec::new(),
        timeout: Duration::from_secs(5),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn restart_waits_until_the_server_is_back() {
    let client = build_client().unwrap();
    // Down (a proxy's 503) twice, then up again.
    let recipes = restarting_server(|n| if n < 2 { (503, 0.0) } else { (200, 0.1) }).await;
    let run = RecipeRun::new();
    restart_server(&client, &recipes, &run).await.unwrap();
    let steps = run.steps();
    assert_eq!(
        steps.iter().map(|s| s.state).collect::<Vec<_>>(),
        [StepState::Done, StepState::Info, StepState::Done],
        "{steps:#?}"
    );
    assert!(
        steps[1].text.contains("stopped answering (503"),
        "{steps:#?}"
    );
    assert!(
        steps[2].text.starts_with("The server is back ("),
        "{steps:#?}"
    );

    // Never down, but a new process: its uptime started again.
    let recipes = restarting_server(|n| (200, if n < 1 { 1000.5 } else { 0.4 })).await;
    let run = RecipeRun::new();
    restart_server(&client, &recipes, &run).await.unwrap();
    let last = run.steps().pop().unwrap();
    assert_eq!(last.state, StepState::Done);
    assert!(last.text.contains("its uptime started again"), "{last:?}");
}
