//! TLS against servers with certificates made here: each failure explained in words; a
//! studio CA file makes its certificates trusted; a server that wants a client
//! certificate gets one from the client certificate file.

use std::path::{Path, PathBuf};

use ayon_rest_explorer::http::{
    ClientFor, ClientOptions, Clients, HttpError, HttpMethod, Pin, RequestSpec, TlsFiles,
    build_client_with, execute,
};

use crate::support::tls_server::{self, Leaf, TestCa};

fn get(url: &str) -> RequestSpec {
    RequestSpec::new(HttpMethod::Get, url::Url::parse(url).expect("URL"))
}

/// Writes `text` to a file in a fresh temporary folder (kept alive by the returned guard).
fn file_with(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("file.pem");
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

fn trusting(ca_file: &Path, client_cert_file: Option<&Path>) -> reqwest::Client {
    build_client_with(&ClientOptions {
        tls: TlsFiles {
            ca_file: Some(ca_file.to_path_buf()),
            client_cert_file: client_cert_file.map(Path::to_path_buf),
        },
        ..ClientOptions::default()
    })
    .expect("client")
}

async fn tls_error(client: &impl ClientFor, url: &str) -> String {
    match execute(client, &get(&format!("{url}/api/info"))).await {
        Err(error @ HttpError::Tls { .. }) => error.to_string(),
        other => panic!("expected a TLS error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_self_signed_or_unknown_issuer_is_explained() {
    let ca = TestCa::new();
    let url = tls_server::start(&ca, Leaf::SelfSigned, false).await.url;
    let text = tls_error(&own_clients(Vec::new()), &url).await;
    assert!(
        text.contains("self-signed: the certificate of 127.0.0.1 is signed by itself"),
        "{text}"
    );
    // Signed by a CA this computer does not trust: an unknown issuer.
    let url = tls_server::start(&ca, Leaf::Valid, false).await.url;
    let text = tls_error(&own_clients(Vec::new()), &url).await;
    assert!(text.contains("unknown issuer"), "{text}");
    assert!(!text.contains("signed by itself"), "{text}");
}

#[tokio::test]
async fn a_ca_file_makes_the_studio_certificate_trusted() {
    let ca = TestCa::new();
    let (_dir, ca_file) = file_with(&ca.pem);
    let url = tls_server::start(&ca, Leaf::Valid, false).await.url;
    let exchange = execute(&trusting(&ca_file, None), &get(&format!("{url}/api/info")))
        .await
        .expect("trusted through the CA file");
    assert_eq!(&exchange.response.body[..], br#"{"secure":true}"#);
}

#[tokio::test]
async fn expired_not_yet_valid_and_wrong_host_are_explained() {
    let ca = TestCa::new();
    let (_dir, ca_file) = file_with(&ca.pem);
    let client = trusting(&ca_file, None);
    for (leaf, words) in [
        (Leaf::Expired, "has expired"),
        (Leaf::NotYetValid, "not valid yet"),
        (Leaf::OtherHost, "wrong host name"),
    ] {
        let url = tls_server::start(&ca, leaf, false).await.url;
        let text = tls_error(&client, &url).await;
        assert!(text.contains(words), "{leaf:?}: {text}");
    }
    let url = tls_server::start(&ca, Leaf::OtherHost, false).await.url;
    let text = tls_error(&client, &url).await;
    assert!(
        text.contains("other.example"),
        "names the certificate's host: {text}"
    );
}

#[tokio::test]
async fn a_server_that_wants_a_client_certificate_gets_the_one_from_the_file() {
    let ca = TestCa::new();
    let (_ca_dir, ca_file) = file_with(&ca.pem);
    let (_id_dir, identity) = file_with(&ca.client_identity().pem);
    let url = tls_server::start(&ca, Leaf::Valid, true).await.url;
    let without = execute(&trusting(&ca_file, None), &get(&format!("{url}/api/info"))).await;
    let text = match without {
        Err(error) => error.to_string(),
        Ok(exchange) => panic!(
            "entered without a certificate: {}",
            exchange.response.status
        ),
    };
    assert!(text.contains("client certificate"), "{text}");
    let with = execute(
        &trusting(&ca_file, Some(identity.as_path())),
        &get(&format!("{url}/api/info")),
    )
    .await
    .expect("the client certificate is accepted");
    assert_eq!(with.response.status, 200);
}

#[test]
fn ayon_ca_file_and_ayon_cert_file_are_the_defaults() {
    let vars = |name: &str| match name {
        "AYON_CA_FILE" => Some("/studio/ca.pem".to_owned()),
        "AYON_CERT_FILE" => Some("/studio/me.pem".to_owned()),
        _ => None,
    };
    let settings = ayon_rest_explorer::settings::Settings::default();
    let options = settings.client_options(vars);
    assert_eq!(options.tls.ca_file, Some(PathBuf::from("/studio/ca.pem")));
    assert_eq!(
        options.tls.client_cert_file,
        Some(PathBuf::from("/studio/me.pem"))
    );
    let mine = ayon_rest_explorer::settings::Settings {
        ca_file: "/mine/ca.pem".to_owned(),
        ..Default::default()
    };
    assert_eq!(
        mine.client_options(vars).tls.ca_file,
        Some(PathBuf::from("/mine/ca.pem"))
    );
}

/// Clients with a record of their own of the certificates servers present, so tests
/// running side by side on 127.0.0.1 never read each other's.
fn own_clients(pins: Vec<Pin>) -> Clients {
    Clients::build(&ClientOptions {
        pins,
        ..ClientOptions::default()
    })
    .expect("client")
}

fn pinned(pins: Vec<Pin>) -> Clients {
    own_clients(pins)
}

#[tokio::test]
async fn a_refused_certificate_is_shown_and_can_be_trusted_for_its_host_only() {
    let ca = TestCa::new();
    let server = tls_server::start(&ca, Leaf::SelfSigned, false).await;
    let url = format!("{}/api/info", server.url);
    let certificate = match execute(&own_clients(Vec::new()), &get(&url)).await {
        Err(HttpError::Tls {
            certificate: Some(certificate),
            ..
        }) => certificate,
        other => panic!("expected a refused certificate, got {other:?}"),
    };
    assert_eq!(certificate.sha256, server.leaf_sha256);
    assert_eq!(certificate.host, "127.0.0.1");
    assert!(certificate.subject.contains("127.0.0.1"), "{certificate:?}");
    assert_eq!(certificate.subject, certificate.issuer, "self-signed");
    assert_eq!(certificate.names, ["127.0.0.1"]);
    assert!(
        certificate.not_after.contains("4096"),
        "rcgen's default: {certificate:?}"
    );

    // Pinned for this host: trusted.
    let pin = Pin {
        host: "127.0.0.1".to_owned(),
        sha256: certificate.sha256.clone(),
    };
    let exchange = execute(&pinned(vec![pin.clone()]), &get(&url))
        .await
        .expect("the pinned certificate is trusted");
    assert_eq!(exchange.response.status, 200);

    // The same fingerprint pinned for another host does not help here, and another
    // certificate on this host is not trusted by this pin.
    let elsewhere = Pin {
        host: "localhost".to_owned(),
        ..pin.clone()
    };
    assert!(execute(&pinned(vec![elsewhere]), &get(&url)).await.is_err());
    let other = tls_server::start(&ca, Leaf::SelfSigned, false).await;
    assert!(
        execute(&pinned(vec![pin]), &get(&format!("{}/api/info", other.url)))
            .await
            .is_err()
    );
}
