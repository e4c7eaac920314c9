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
