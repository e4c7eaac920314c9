//! A per-test HTTPS server on 127.0.0.1:0 with certificates made by the test (rcgen):
//! a test CA, leaves signed by it (valid, expired, not yet valid, for another host) and
//! a self-signed leaf; optionally one that requires a client certificate from that CA.

use std::sync::Arc;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, date_time_ymd};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::{self, ServerConfig};

/// A test certificate authority.
pub struct TestCa {
    params: CertificateParams,
    key: KeyPair,
    /// The CA certificate in PEM (what a user would put in a CA file).
    pub pem: String,
    der: CertificateDer<'static>,
}

/// Which leaf certificate the server presents.
#[derive(Clone, Copy, Debug)]
pub enum Leaf {
    /// For 127.0.0.1, valid now, signed by the CA.
    Valid,
    /// Valid in 2020 only.
    Expired,
    /// Valid from 2090 on.
    NotYetValid,
    /// For other.example, not 127.0.0.1.
    OtherHost,
    /// For 127.0.0.1 but signed by itself.
    SelfSigned,
}

/// A certificate and its key, in PEM, for a client.
pub struct ClientIdentity {
    /// The certificate followed by the private key (one file, like AYON_CERT_FILE).
    pub pem: String,
}

impl TestCa {
    /// A fresh CA.
    pub fn new() -> TestCa {
        let key = KeyPair::generate().expect("CA key");
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, "AYON REST Explorer test CA");
        let cert = params.self_signed(&key).expect("CA certificate");
        TestCa {
            pem: cert.pem(),
            der: cert.der().clone(),
            params,
            key,
        }
    }

    /// A leaf of the given kind: its certificate chain and key.
    fn leaf(&self, kind: Leaf) -> (Vec<CertificateDer<'static>>, PrivateKeyDer<'static>) {
        let key = KeyPair::generate().expect("leaf key");
        let host = match kind {
            Leaf::OtherHost => "other.example",
            _ => "127.0.0.1",
        };
        let mut params = CertificateParams::new(vec![host.to_owned()]).expect("leaf params");
        params.distinguished_name.push(DnType::CommonName, host);
        match kind {
            Leaf::Expired => {
                params.not_before = date_time_ymd(2020, 1, 1);
                params.not_after = date_time_ymd(2020, 12, 31);
            }
            Leaf::NotYetValid => {
                params.not_before = date_time_ymd(2090, 1, 1);
                params.not_after = date_time_ymd(2091, 1, 1);
            }
            _ => {}
        }
        let cert = match kind {
            Leaf::SelfSigned => params.self_signed(&key),
            _ => params.signed_by(&key, &Issuer::from_params(&self.params, &self.key)),
        }
        .expect("leaf certificate");
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        (vec![cert.der().clone()], key)
    }

    /// A client certificate signed by this CA, with its key, in one PEM.
    pub fn client_identity(&self) -> ClientIdentity {
        let key = KeyPair::generate().expect("client key");
        let mut params = CertificateParams::new(vec!["pipeline-bot".to_owned()]).expect("params");
        params
            .distinguished_name
            .push(DnType::CommonName, "pipeline-bot");
        let cert = params
            .signed_by(&key, &Issuer::from_params(&self.params, &self.key))
            .expect("client certificate");
        ClientIdentity {
            pem: format!("{}{}", cert.pem(), key.serialize_pem()),
        }
    }
}

/// A running HTTPS server.
pub struct TlsServer {
    /// `https://127.0.0.1:PORT`.
    pub url: String,
    /// The SHA-256 fingerprint of the certificate it presents (`AB:CD:…`).
    pub leaf_sha256: String,
}

/// Starts an HTTPS server presenting `leaf`; when `require_client_cert`, only clients with
/// a certificate from `ca` get through the handshake. It answers `{"secure":true}`.
pub async fn start(ca: &TestCa, leaf: Leaf, require_client_cert: bool) -> TlsServer {
    start_answering(ca, leaf, require_client_cert, None).await
}

/// Like [`start`], answering every request with a 302 to `location`.
pub async fn start_redirecting(
    ca: &TestCa,
    leaf: Leaf,
    require_client_cert: bool,
    location: &str,
) -> TlsServer {
    start_answering(ca, leaf, require_client_cert, Some(location.to_owned())).await
}

async fn start_answering(
    ca: &TestCa,
    leaf: Leaf,
    require_client_cert: bool,
    redirect_to: Option<String>,
) -> TlsServer {
    let (chain, key) = ca.leaf(leaf);
    let leaf_sha256 = ayon_rest_explorer::http::fingerprint(chain[0].as_ref());
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = ServerConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .expect("protocol versions");
    let builder = if require_client_cert {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(ca.der.clone()).expect("CA root");
        let verifier =
            rustls::server::WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .expect("client verifier");
        builder.with_client_cert_verifier(verifier)
    } else {
        builder.with_no_client_auth()
    };
    let config = builder
        .with_single_cert(chain, key)
        .expect("server certificate");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("https://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let redirect_to = redirect_to.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let mut buf = vec![0u8; 16 * 1024];
                let mut seen = Vec::new();
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let body = br#"{"secure":true}"#;
                let status = match &redirect_to {
                    Some(location) => format!("302 Found\r\nlocation: {location}"),
                    None => "200 OK".to_owned(),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = tls.write_all(head.as_bytes()).await;
                let _ = tls.write_all(body).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    TlsServer { url, leaf_sha256 }
}

/// One request as [`start_dual`]'s server read it.
#[derive(Clone, Debug)]
pub struct SeenRequest {
    /// Whether it came over TLS.
    pub tls: bool,
    /// The request line and headers, as received.
    pub head: String,
}

impl SeenRequest {
    /// The first value of a header (case-insensitive), if it arrived.
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    }
}

/// A server speaking TLS and plain HTTP on one port (told apart by the first byte).
pub struct DualServer {
    /// Its port on 127.0.0.1.
    pub port: u16,
    seen: Arc<std::sync::Mutex<Vec<SeenRequest>>>,
}

impl DualServer {
    /// Everything received so far, in order.
    pub fn seen(&self) -> Vec<SeenRequest> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// Starts a server that behaves like AYON behind a TLS proxy that forwards plain http:
/// over TLS it answers every path ending in `/` with a 307 to the same path without the
/// slash on `http://` (same host and port), as AYON builds its Location from the scheme
/// it sees; over plain http it answers 200 `{"plain":true}`. It records what arrives.
pub async fn start_dual(ca: &TestCa) -> DualServer {
    let (chain, key) = ca.leaf(Leaf::Valid);
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server certificate");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let seen: Arc<std::sync::Mutex<Vec<SeenRequest>>> = Arc::default();
    let log = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let log = Arc::clone(&log);
            tokio::spawn(async move {
                let mut first = [0u8; 1];
                // 0x16: a TLS handshake record.
                let tls = matches!(socket.peek(&mut first).await, Ok(1) if first[0] == 0x16);
                if tls {
                    if let Ok(stream) = acceptor.accept(socket).await {
                        answer_dual(stream, true, port, &log).await;
                    }
                } else {
                    answer_dual(socket, false, port, &log).await;
                }
            });
        }
    });
    DualServer { port, seen }
}

async fn answer_dual<S>(
    mut stream: S,
    tls: bool,
    port: u16,
    log: &std::sync::Mutex<Vec<SeenRequest>>,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let mut buf = vec![0u8; 16 * 1024];
    let mut seen = Vec::new();
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&seen).into_owned();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    if let Ok(mut log) = log.lock() {
        log.push(SeenRequest { tls, head });
    }
    let reply = if tls && path.len() > 1 && path.ends_with('/') {
        format!(
            "HTTP/1.1 307 Temporary Redirect\r\nlocation: http://127.0.0.1:{port}{}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            path.trim_end_matches('/')
        )
    } else {
        let body = r#"{"plain":true}"#;
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let _ = stream.write_all(reply.as_bytes()).await;
    let _ = stream.shutdown().await;
}
