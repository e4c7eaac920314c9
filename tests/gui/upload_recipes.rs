//! "Upload to AYON" driven by labels, against the sandbox (or `AYON_TEST_SERVER_URL`):
//! a desktop installer through to listed, replaced with force after a 409, then deleted;
//! an addon zip through its event, a confirmed restart and the listing check (the restart
//! of a real server only with `AYON_TEST_ALLOW_RESTART=1`; without it, skipped and said).

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use ayon_rest_explorer::app::AppOptions;
use ayon_rest_explorer::digest::sha256_hex;
use ayon_rest_explorer::file_picker::FilePicker;
use ayon_rest_explorer::http::HttpMethod;
use ayon_rest_explorer::settings::Settings;

use crate::harness::{FilePicked, TestApp, app_with, io_runtime, temp_dir};
use crate::support::ayon_client::{Cleanup, admin_login, bearer, delete_leftover_addons, send};
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
    // Seen once in CI under load: the click was not taken (the window never opened). Say
    // so and click again, so that this test goes on to what it checks.
    for _ in 0..10 {
        if app.harness.state().state().upload.open {
            break;
        }
        app.harness.step();
    }
    if !app.harness.state().state().upload.open {
        eprintln!("the click on \"Upload to AYON\" was not taken; clicking again");
        app.click("Upload to AYON");
    }
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
    // Unique: AYON refuses a second installer with the same version and platform (500,
    // fixture 45b), also one left over by an earlier run.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let version = format!("0.{}.{nanos}", std::process::id());
    // Deleted even when an assertion fails on the way.
    let _entered = io.enter();
    let mut cleanup = Cleanup::new(&target, &token);
    cleanup.delete_later(format!("/api/desktop/installers/{filename}"));

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
    drop(cleanup);
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
    let mut target = io.block_on(target());
    let may_restart = target.restart_allowed();
    let token = io.block_on(admin_login(&target)).token.expose().to_string();
    let dir = temp_dir("addon-recipe");
    let name = unique_name("aretest").replace('_', "").to_lowercase();
    let addon_path = format!("/api/addons/{name}/0.1.0");
    let zip = dir.join(format!("{name}-0.1.0.zip"));
    addon_zip(&zip, &name, "0.1.0");
    let _entered = io.enter();
    let mut cleanup = Cleanup::new(&target, &token);
    cleanup.delete_later(addon_path.clone());

    let mut app = logged_in_app(&target, zip.clone());
    open_upload_window(&mut app);
    app.click("Addon zip");
    app.click("Browse for upload file");
    app.wait_for_text(&format!("Addon {name} 0.1.0 (from manifest.json)"), WAIT);
    app.click("Install addon");
    app.wait_for_button("Restart server", WAIT);
    assert!(app.shows("Restart the server to load it"));
    if may_restart {
        // No other test of this binary may be using the real server while it restarts.
        io.block_on(target.take_for_restart());
        app.click("Restart server");
        app.wait_for_text("Restart the AYON server?", WAIT);
        app.click("Restart now");
        app.wait_for_text(
            &format!("The server restarted and lists addon {name} 0.1.0."),
            WAIT,
        );
        // Runs without a restart leave their addons behind; loaded now, they can go.
        let swept = io.block_on(delete_leftover_addons(&target, &token, "aretest", &name));
        if !swept.is_empty() {
            eprintln!(
                "deleted addons earlier runs left behind: {}",
                swept.join(", ")
            );
        }
    } else {
        // A real server loads the addon only at a restart, and deletes only loaded ones.
        eprintln!(
            "SKIPPED the restart, the listing of {name} 0.1.0 after it and its delete: \
             restarting a real server needs AYON_TEST_ALLOW_RESTART=1"
        );
    }
    let deleted = io.block_on(send(
        &target,
        HttpMethod::Delete,
        &addon_path,
        bearer(&token),
        None,
        None,
    ));
    let status = deleted.response.status;
    if may_restart {
        assert!(matches!(status, 200 | 204), "delete: {status}");
    } else if !matches!(status, 200 | 204) {
        eprintln!(
            "DELETE {addon_path} answered {status} before any restart: the unpacked addon \
             stays on the server until it restarts (the next run with \
             AYON_TEST_ALLOW_RESTART=1 deletes it then)"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    drop(cleanup);
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

/// Whether the last frame asked for another one (now or after a delay).
fn asks_for_repaint(app: &TestApp) -> Option<Duration> {
    let delay = app
        .harness
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map_or(Duration::MAX, |v| v.repaint_delay);
    (delay != Duration::MAX).then_some(delay)
}

#[test]
fn after_an_upload_recipe_the_idle_window_asks_for_no_repaint() {
    let io = io_runtime();
    let target = io.block_on(target());
    let token = io.block_on(admin_login(&target)).token.expose().to_string();
    let dir = temp_dir("idle-after-recipe");
    let filename = format!("{}-linux.sh", unique_name("are_idle"));
    let file = dir.join(&filename);
    std::fs::write(&file, b"#!/bin/sh\necho idle\n").unwrap();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let version = format!("0.{}.{nanos}", std::process::id());
    let _entered = io.enter();
    let mut cleanup = Cleanup::new(&target, &token);
    cleanup.delete_later(format!("/api/desktop/installers/{filename}"));

    let mut app = logged_in_app(&target, file);
    open_upload_window(&mut app);
    app.click("Desktop installer");
    app.click("Browse for upload file");
    app.step_until("the picked file", WAIT, |h| {
        h.state().state().upload.filename == filename
    });
    app.fill("Version", &version);
    app.fill("Python version", "3.11.9");
    app.click("Upload");
    app.wait_for_text("is listed with a server source", WAIT);
    // The run's steps show before the worker's event ends it.
    app.step_until("the recipe's end", WAIT, |h| {
        h.state().state().upload.running.is_none()
    });
    assert!(app.harness.state().state().upload.outcome.is_some());

    // Nothing is focused (no caret to blink) and nothing moves: once the last events
    // are drawn, a frame must not ask for another.
    app.harness.key_press(egui::Key::Escape);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let mut idle_frames = 0;
    while idle_frames < 5 {
        app.harness.step();
        idle_frames = match asks_for_repaint(&app) {
            None => idle_frames + 1,
            Some(delay) => {
                assert!(
                    std::time::Instant::now() < deadline,
                    "10 s after the recipe ended, each frame still asks for a repaint \
                     after {delay:?}; causes: {:?}",
                    app.harness.ctx.repaint_causes()
                );
                std::thread::sleep(Duration::from_millis(20));
                0
            }
        };
    }
    assert!(!app.harness.ctx.has_requested_repaint());
    let _ = std::fs::remove_dir_all(&dir);
    drop(cleanup);
}
