//! "Upload to AYON" driven by labels, against the sandbox (or `AYON_TEST_SERVER_URL`):
//! a desktop installer through to listed, replaced with force after a 409, then deleted;
//! an addon zip through its event, a confirmed restart and the listing check.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::digest::sha256_hex;
use ayon_rest_explorer::files::FilePicker;
use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::settings::Settings;

use crate::harness::{FilePicked, TestApp, app_with, io_runtime, temp_dir};
use crate::support::ayon_client::{admin_login, bearer, send};
use crate::support::target::{Target, target, unique_name};

const WAIT: Duration = Duration::from_secs(60);

/// The app, logged in as the target's admin through the connection bar, with a file
/// picker that answers `file`.
fn logged_in_app(target: &Target, file: std::path::PathBuf) -> TestApp {
    let mut app = app_with(AppOptions {
        settings: Settings {
            server_url: target.url.clone(),
            ..Settings::default()
        },
        file_picker: Some(Arc::new(FilePicked(file)) as Arc<dyn FilePicker>),
        ..AppOptions::default()
    });
    app.fill("Name", &target.admin_name);
    app.fill("Password", &target.admin_password);
    app.click("Log in");
    app.step_until("the login", WAIT, |h| {
        h.state().state().session.identity().is_some()
    });
    app
}

fn open_upload_window(app: &mut TestApp) {
    app.click("Upload to AYON");
    app.wait_for_button("Browse for upload file", WAIT);
}

#[test]
fn installer_recipe_uploads_lists_replaces_and_cleans_up() {
    let io = io_runtime();
    let target = io.block_on(target());
    let token = io.block_on(admin_login(&target)).token.expose().to_string();
    let dir = temp_dir("installer-recipe");
    let filename = format!("{}-linux.sh", unique_name("are_installer"));
    let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i % 241) as u8).collect();
    let file = dir.join(&filename);
    std::fs::write(&file, &bytes).unwrap();
    // Unique: AYON refuses a second installer with the same version and platform.
    let version = format!("0.{}.{}", std::process::id(), bytes.len() % 997);

    let mut app = logged_in_app(&target, file.clone());
    open_upload_window(&mut app);
    app.click("Desktop installer");
    app.click("Browse for upload file");
    app.step_until("the picked file", WAIT, |h| {
        h.state().state().upload.filename == filename
    });
    app.fill("Version", &version);
    app.fill("Python version", "3.11.9");
    assert_eq!(
        app.harness
            .state()
            .state()
            .upload
            .platform
            .map(|p| p.as_str()),
        Some("linux"),
        "guessed from the .sh extension"
    );
    app.click("Upload");
    app.wait_for_text("is listed with a server source", WAIT);

    // What the server keeps is the file, byte for byte.
    let download = io.block_on(send(
        &target,
        HttpMethod::Get,
        &format!("/api/desktop/installers/{filename}"),
        bearer(&token),
        None,
        None,
    ));
    assert_eq!(download.response.status, 200);
    assert_eq!(sha256_hex(&download.response.body), sha256_hex(&bytes));

    // Again: 409, explained, and Replace (force) sends it anew.
    app.click("Upload");
    app.wait_for_button("Replace (force)", WAIT);
    app.click("Replace (force)");
    app.wait_for_text("is listed with a server source", WAIT);

    let deleted = io.block_on(send(
        &target,
        HttpMethod::Delete,
        &format!("/api/desktop/installers/{filename}"),
        bearer(&token),
        None,
        None,
    ));
    assert_eq!(deleted.response.status, 204);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A minimal server addon: `manifest.json` plus the `addon/` package.
fn addon_zip(path: &std::path::Path, name: &str, version: &str) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("manifest.json", options).unwrap();
    write!(
        zip,
        "{{\"addon_name\": \"{name}\", \"addon_version\": \"{version}\"}}"
    )
    .unwrap();
    // The layout a real AYON loads: addon/package.py and addon/server/.
    zip.start_file("addon/package.py", options).unwrap();
    write!(
        zip,
        "name = \"{name}\"\ntitle = \"ARE test\"\nversion = \"{version}\"\n"
    )
    .unwrap();
    zip.start_file("addon/server/__init__.py", options).unwrap();
    write!(
        zip,
        "from ayon_server.addons import BaseServerAddon\n\n\
         class LabAddon(BaseServerAddon):\n    pass\n"
    )
    .unwrap();
    zip.finish().unwrap();
}

#[test]
fn addon_recipe_installs_restarts_and_finds_it_listed() {
    let io = io_runtime();
    let target = io.block_on(target());
    let may_restart = !target.is_real_server()
        || std::env::var("AYON_TEST_ALLOW_RESTART").is_ok_and(|v| v == "1");
    let token = io.block_on(admin_login(&target)).token.expose().to_string();
    let dir = temp_dir("addon-recipe");
    let name = unique_name("aretest").replace('_', "").to_lowercase();
    let zip = dir.join(format!("{name}-0.1.0.zip"));
    addon_zip(&zip, &name, "0.1.0");

    let mut app = logged_in_app(&target, zip.clone());
    open_upload_window(&mut app);
    app.click("Addon zip");
    app.click("Browse for upload file");
    app.wait_for_text(&format!("Addon {name} 0.1.0 (from manifest.json)"), WAIT);
    app.click("Install addon");
    app.wait_for_button("Restart server", WAIT);
    assert!(app.shows("Restart the server to load it"));
    if may_restart {
        app.click("Restart server");
        app.wait_for_text("Restart the AYON server?", WAIT);
        app.click("Restart now");
        app.wait_for_text(
            &format!("The server restarted and lists addon {name} 0.1.0."),
            WAIT,
        );
    } else {
        println!("real server without AYON_TEST_ALLOW_RESTART=1: restart and listing skipped");
    }

    let deleted = io.block_on(send(
        &target,
        HttpMethod::Delete,
        &format!("/api/addons/{name}/0.1.0"),
        bearer(&token),
        None,
        None,
    ));
    assert!(
        matches!(deleted.response.status, 200 | 204),
        "delete: {}",
        deleted.response.status
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_zip_without_a_manifest_is_refused_naming_what_is_missing() {
    let io = io_runtime();
    let target = io.block_on(target());
    let dir = temp_dir("addon-no-manifest");
    let zip = dir.join("not-an-addon.zip");
    {
        let mut writer = zip::ZipWriter::new(std::fs::File::create(&zip).unwrap());
        writer
            .start_file("readme.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(b"hello").unwrap();
        writer.finish().unwrap();
    }
    let mut app = logged_in_app(&target, zip);
    open_upload_window(&mut app);
    app.click("Browse for upload file");
    app.wait_for_text("manifest.json", WAIT);
    assert!(matches!(
        app.harness
            .state()
            .state()
            .upload
            .zip
            .as_ref()
            .and_then(|z| z.result.as_ref()),
        Some(Err(_))
    ));
    // The button is disabled: clicking it starts nothing.
    app.click("Install addon");
    assert!(app.harness.state().state().upload.running.is_none());
    assert!(app.harness.state().state().upload.outcome.is_none());
    let _ = std::fs::remove_dir_all(&dir);
}
