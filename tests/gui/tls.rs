//! A refused certificate is shown (subject, issuer, validity, fingerprint) and, once
//! trusted for its host, the same server answers.

use std::time::Duration;

use ayon_rest_explorer::ayon::AuthMode;

use crate::harness::app;
use crate::support::tls_server::{self, Leaf, TestCa};

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn a_self_signed_server_is_trusted_for_its_host_after_a_look_at_its_certificate() {
    let io = crate::harness::io_runtime();
    let ca = TestCa::new();
    let server = io.block_on(tls_server::start(&ca, Leaf::SelfSigned, false));
    let mut app = app(&server.url);
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;
    app.fill("URL", "/api/info");
    app.click("Send");
    app.wait_for_text(
        "self-signed: the certificate of 127.0.0.1 is signed by itself",
        WAIT,
    );
    app.wait_for_text("Certificate presented by 127.0.0.1", WAIT);
    app.wait_for_text(&server.leaf_sha256, WAIT);
    app.wait_for_text("CN=127.0.0.1", WAIT);

    app.click("Trust this certificate for 127.0.0.1");
    app.wait_for_text("is now trusted for 127.0.0.1", WAIT);
    let pins = app.harness.state().state().settings.pins.clone();
    assert_eq!(pins.len(), 1);
    assert_eq!(pins[0].sha256, server.leaf_sha256);

    app.click("Send");
    app.wait_for_text("200 OK", WAIT);
    app.wait_for_text("secure", WAIT);
}

#[test]
fn a_server_entry_in_settings_brings_its_own_ca_and_client_certificate() {
    let io = crate::harness::io_runtime();
    let ca = TestCa::new();
    let server = io.block_on(tls_server::start(&ca, Leaf::Valid, true));
    let dir = tempfile::tempdir().expect("temp dir");
    let ca_file = dir.path().join("studio-ca.pem");
    let identity = dir.path().join("me.pem");
    std::fs::write(&ca_file, &ca.pem).expect("write CA");
    std::fs::write(&identity, &ca.client_identity().pem).expect("write identity");
    let mut app = app(&server.url);
    app.harness.state_mut().state_mut().tabs[0].draft.auth.mode = AuthMode::None;

    app.click("Settings");
    app.harness.step();
    app.click("Add a server");
    app.harness.step();
    // The entry starts with the current server, and says so.
    let host_port = server.url.trim_start_matches("https://").to_owned();
    app.wait_for_text(
        &format!("Applies to {host_port}: the current server."),
        WAIT,
    );
    app.fill("Server 1 CA file", &ca_file.display().to_string());
    app.fill(
        "Server 1 client certificate",
        &identity.display().to_string(),
    );
    app.harness.key_press(egui::Key::Enter);
    app.harness.step();
    let entries = app.harness.state().state().settings.server_tls.clone();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].server, host_port);

    app.fill("URL", "/api/info");
    app.click("Send");
    app.wait_for_text("200 OK", WAIT);
    app.wait_for_text("secure", WAIT);

    // A typo in the server names the problem on the spot.
    app.fill("Server 1", "ayon:port");
    app.wait_for_text("\"ayon:port\" is not a host name", WAIT);
    app.click("Remove server 1");
    app.harness.step();
    assert!(app.harness.state().state().settings.server_tls.is_empty());
}
