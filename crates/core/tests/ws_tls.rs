//! `wss://` streams trust what the HTTP client trusts: the app-wide CA file, or a
//! server's own entry; without either a self-made CA is refused, in words.

use std::sync::Arc;
use std::time::Duration;

use ayon_explorer_core::events::Subscription;
use ayon_explorer_core::events::stream::{
    StreamConfig, StreamNetwork, StreamUpdate, start, tls_for,
};
use ayon_explorer_core::events::ws_url;
use ayon_explorer_core::http::{ClientOptions, ServerMatch, TlsFiles};
use ayon_explorer_core::secret::Secret;
use futures_util::{SinkExt, StreamExt};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use tokio::net::TcpListener;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};
use tokio_tungstenite::tungstenite::Message;

const PATIENCE: Duration = Duration::from_secs(10);

/// A `/ws` over TLS with a leaf for 127.0.0.1 from a fresh CA: it reads the auth message
/// and sends a heartbeat. Returns its `https://` URL and the CA's PEM.
async fn wss_server() -> (String, String) {
    let ca_key = KeyPair::generate().expect("CA key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "events test CA");
    let ca = ca_params.self_signed(&ca_key).expect("CA certificate");
    let key = KeyPair::generate().expect("leaf key");
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("leaf");
    params
        .distinguished_name
        .push(DnType::CommonName, "127.0.0.1");
    let leaf = params
        .signed_by(&key, &Issuer::from_params(&ca_params, &ca_key))
        .expect("leaf certificate");
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        )
        .expect("server certificate");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("https://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let Ok(mut ws) = tokio_tungstenite::accept_async(tls).await else {
                    return;
                };
                let _ = ws.next().await;
                let _ = ws.send(Message::text(r#"{"topic":"heartbeat"}"#)).await;
                while let Some(Ok(_)) = ws.next().await {}
            });
        }
    });
    (url, ca.pem())
}

fn open(
    server_url: &str,
    options: &ClientOptions,
) -> (
    ayon_explorer_core::events::stream::StreamHandle,
    UnboundedReceiver<StreamUpdate>,
) {
    let ws = ws_url(server_url).expect("an https URL");
    assert_eq!(ws.scheme(), "wss");
    let tls = tls_for(options, &ws).expect("usable TLS settings");
    assert!(tls.is_some());
    let mut config = StreamConfig::new(server_url, Secret::new("t"), Subscription::default());
    config.first_backoff = Duration::from_secs(60);
    let (tx, rx) = unbounded_channel();
    let handle = start(
        &tokio::runtime::Handle::current(),
        config,
        StreamNetwork { tls, proxy: None },
        move |u| {
            let _ = tx.send(u);
        },
    )
    .expect("a stream");
    (handle, rx)
}

/// The first update that is Authorised or Dropped.
async fn outcome(rx: &mut UnboundedReceiver<StreamUpdate>) -> StreamUpdate {
    loop {
        let update = tokio::time::timeout(PATIENCE, rx.recv())
            .await
            .expect("an update in time")
            .expect("the stream runs");
        if matches!(
            update,
            StreamUpdate::Authorised | StreamUpdate::Dropped { .. }
        ) {
            return update;
        }
    }
}

fn ca_file(pem: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("studio-ca.pem");
    std::fs::write(&path, pem).expect("write the CA");
    (dir, path)
}

#[tokio::test]
async fn the_app_wide_ca_file_is_trusted() {
    let (url, ca) = wss_server().await;
    let (_dir, path) = ca_file(&ca);
    let options = ClientOptions {
        tls: TlsFiles {
            ca_file: Some(path),
            client_cert_file: None,
        },
        ..ClientOptions::default()
    };
    let (_handle, mut rx) = open(&url, &options);
    assert_eq!(outcome(&mut rx).await, StreamUpdate::Authorised);
}

#[tokio::test]
async fn a_servers_own_ca_file_is_trusted_for_that_server() {
    let (url, ca) = wss_server().await;
    let (_dir, path) = ca_file(&ca);
    let host_port = url.trim_start_matches("https://");
    let options = ClientOptions {
        servers: vec![(
            ServerMatch::parse(host_port).expect("host:port"),
            TlsFiles {
                ca_file: Some(path),
                client_cert_file: None,
            },
        )],
        ..ClientOptions::default()
    };
    let (_handle, mut rx) = open(&url, &options);
    assert_eq!(outcome(&mut rx).await, StreamUpdate::Authorised);
}

#[tokio::test]
async fn an_unknown_ca_is_refused_in_words() {
    let (url, _) = wss_server().await;
    let (_handle, mut rx) = open(&url, &ClientOptions::default());
    let StreamUpdate::Dropped { reason } = outcome(&mut rx).await else {
        panic!("refused");
    };
    assert!(reason.contains("unknown issuer"), "{reason}");
}
