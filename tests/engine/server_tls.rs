//! TLS files per server: each server gets its own CA file and client certificate from
//! Settings, a broken entry fails only its own server (with the file named), and each
//! redirect hop picks the client of the host it goes to.

use std::path::PathBuf;

use ayon_rest_explorer::http::{
    ClientFor, Clients, HttpError, HttpMethod, RequestSpec, ServerTls, execute,
};
use ayon_rest_explorer::settings::Settings;

use crate::support::tls_server::{self, Leaf, TestCa};

fn get(url: &str) -> RequestSpec {
    RequestSpec::new(HttpMethod::Get, url::Url::parse(url).expect("URL"))
}

/// `https://127.0.0.1:PORT` → `127.0.0.1:PORT`.
fn host_port(url: &str) -> String {
    url.trim_start_matches("https://").to_owned()
}

/// Writes `text` to `name` in `dir`.
fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    path.display().to_string()
}

fn clients(settings: &Settings) -> Clients {
    // No AYON_CA_FILE / AYON_CERT_FILE from this process leak into the test.
    Clients::build(&settings.client_options(|_| None)).expect("clients")
}

async fn error_text(clients: &Clients, url: &str) -> String {
    match execute(clients, &get(&format!("{url}/api/info"))).await {
        Err(error) => error.to_string(),
        Ok(exchange) => panic!("expected a failure, got {}", exchange.response.status),
    }
}

#[tokio::test]
async fn each_server_gets_its_own_ca_file_and_client_certificate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (studio, test_lab) = (TestCa::new(), TestCa::new());
    let studio_ca = write(&dir, "studio-ca.pem", &studio.pem);
    let studio_me = write(&dir, "studio-me.pem", &studio.client_identity().pem);
    let lab_ca = write(&dir, "lab-ca.pem", &test_lab.pem);
    // Production wants a client certificate; the test lab only has its own CA.
    let production = tls_server::start(&studio, Leaf::Valid, true).await.url;
    let lab = tls_server::start(&test_lab, Leaf::Valid, false).await.url;
    let settings = Settings {
        server_tls: vec![
            ServerTls {
                server: host_port(&production),
                ca_file: studio_ca,
                client_cert_file: studio_me,
            },
            ServerTls {
                server: format!("https://{}/", host_port(&lab)),
                ca_file: lab_ca,
                client_cert_file: String::new(),
            },
        ],
        ..Settings::default()
    };
    let clients = clients(&settings);
    assert!(clients.problems().is_empty(), "{:?}", clients.problems());
    for url in [&production, &lab] {
        let exchange = execute(&clients, &get(&format!("{url}/api/info")))
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(&exchange.response.body[..], br#"{"secure":true}"#);
    }
    // A server that has no entry gets the app-wide trust only: the studio CA is not
    // trusted there, though the host is the same (the entries name their ports).
    let elsewhere = tls_server::start(&studio, Leaf::Valid, false).await.url;
    let text = error_text(&clients, &elsewhere).await;
    assert!(text.contains("unknown issuer"), "{text}");
}

#[tokio::test]
async fn empty_fields_fall_back_to_the_app_wide_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let studio = TestCa::new();
    let studio_ca = write(&dir, "studio-ca.pem", &studio.pem);
    let studio_me = write(&dir, "studio-me.pem", &studio.client_identity().pem);
    let production = tls_server::start(&studio, Leaf::Valid, true).await.url;
    // The CA is app-wide; only the client certificate is this server's own.
    let settings = Settings {
        ca_file: studio_ca,
        server_tls: vec![ServerTls {
            server: host_port(&production),
            ca_file: String::new(),
            client_cert_file: studio_me,
        }],
        ..Settings::default()
    };
    let exchange = execute(&clients(&settings), &get(&format!("{production}/api/info")))
        .await
        .expect("app-wide CA, server's own certificate");
    assert_eq!(exchange.response.status, 200);
}

#[tokio::test]
async fn a_broken_entry_fails_its_own_server_only_and_names_the_file() {
    let studio = TestCa::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let studio_ca = write(&dir, "studio-ca.pem", &studio.pem);
    let broken = tls_server::start(&studio, Leaf::Valid, false).await.url;
    let fine = tls_server::start(&studio, Leaf::Valid, false).await.url;
    let missing = dir.path().join("gone.pem").display().to_string();
    let settings = Settings {
        server_tls: vec![
            ServerTls {
                server: host_port(&broken),
                ca_file: missing.clone(),
                client_cert_file: String::new(),
            },
            ServerTls {
                server: host_port(&fine),
                ca_file: studio_ca,
                client_cert_file: String::new(),
            },
        ],
        ..Settings::default()
    };
    let clients = clients(&settings);
    let problems = clients.problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains(&host_port(&broken)), "{problems:?}");
    assert!(problems[0].contains("gone.pem"), "{problems:?}");
    let text = error_text(&clients, &broken).await;
    assert!(
        text.contains("TLS files set for") && text.contains("gone.pem"),
        "{text}"
    );
    let pick = clients.client_for(&url::Url::parse(&broken).expect("URL"));
    assert!(matches!(pick, Err(HttpError::Other { .. })));
    execute(&clients, &get(&format!("{fine}/api/info")))
        .await
        .expect("the other entry still works");
}

#[tokio::test]
async fn a_redirect_to_another_server_does_not_carry_the_client_certificate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let studio = TestCa::new();
    let studio_ca = write(&dir, "studio-ca.pem", &studio.pem);
    let studio_me = write(&dir, "studio-me.pem", &studio.client_identity().pem);
    // Both want a client certificate; only the first one is given it in Settings.
    let other = tls_server::start(&studio, Leaf::Valid, true).await.url;
    let first =
        tls_server::start_redirecting(&studio, Leaf::Valid, true, &format!("{other}/api/info"))
            .await
            .url;
    let mut settings = Settings {
        ca_file: studio_ca,
        server_tls: vec![ServerTls {
            server: host_port(&first),
            ca_file: String::new(),
            client_cert_file: studio_me.clone(),
        }],
        ..Settings::default()
    };
    let text = error_text(&clients(&settings), &first).await;
    assert!(
        text.contains("asks for a client certificate"),
        "the second hop went without the first server's certificate: {text}"
    );
    // Given its own entry, the second server is reached through the redirect.
    settings.server_tls.push(ServerTls {
        server: host_port(&other),
        ca_file: String::new(),
        client_cert_file: studio_me,
    });
    let exchange = execute(&clients(&settings), &get(&format!("{first}/api/info")))
        .await
        .expect("both hops with their certificates");
    assert_eq!(exchange.redirects.len(), 1);
    assert_eq!(exchange.response.status, 200);
}

#[test]
fn per_server_entries_survive_a_settings_round_trip() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = dir.path().join("settings.toml");
    let settings = Settings {
        server_tls: vec![ServerTls {
            server: "ayon.studio.lan:5000".to_owned(),
            ca_file: "/studio/ca.pem".to_owned(),
            client_cert_file: "/studio/me.pem".to_owned(),
        }],
        ..Settings::default()
    };
    ayon_rest_explorer::settings::save_settings(&path, &settings).expect("save");
    let loaded = ayon_rest_explorer::settings::load_settings(&path);
    assert_eq!(loaded.settings.server_tls, settings.server_tls);
    // An entry without a file of its own, or naming no server, adds no client.
    let idle = Settings {
        server_tls: vec![
            ServerTls {
                server: "ayon.studio.lan".to_owned(),
                ..ServerTls::default()
            },
            ServerTls {
                server: " ".to_owned(),
                ca_file: "/studio/ca.pem".to_owned(),
                ..ServerTls::default()
            },
        ],
        ..Settings::default()
    };
    assert!(idle.client_options(|_| None).servers.is_empty());
}
