//! The event stream goes through the proxy the HTTP client uses (Settings, else the
//! environment), as a `CONNECT` tunnel, unless `NO_PROXY` says otherwise.

#[path = "support/ws_script.rs"]
mod ws_script;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ayon_explorer_core::events::stream::{
    StreamConfig, StreamHandle, StreamUpdate, network_for, start,
};
use ayon_explorer_core::events::{Subscription, ws_url};
use ayon_explorer_core::http::{ClientOptions, ProxySettings};
use ayon_explorer_core::secret::Secret;
use base64::Engine;
use futures_util::FutureExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use ws_script::{Conn, Script, always, serve};

const PATIENCE: Duration = Duration::from_secs(10);

/// A CONNECT proxy on 127.0.0.1:0 that logs each request head; with `password`, it wants
/// `Proxy-Authorization` (any) and answers 407 without it.
async fn proxy(wants_credentials: bool) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let heads = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&heads);
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let log = Arc::clone(&log);
            tokio::spawn(async move {
                let mut head = Vec::new();
                while !head.ends_with(b"\r\n\r\n") {
                    match client.read_u8().await {
                        Ok(byte) => head.push(byte),
                        Err(_) => return,
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                if let Ok(mut log) = log.lock() {
                    log.push(head.clone());
                }
                if wants_credentials && !head.contains("Proxy-Authorization: Basic ") {
                    let _ = client
                        .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\n\r\n")
                        .await;
                    return;
                }
                let target = head
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or_default()
                    .to_owned();
                let Ok(mut server) = TcpStream::connect(target).await else {
                    let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                    return;
                };
                let _ = client
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await;
                let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
            });
        }
    });
    (url, heads)
}

async fn ayon() -> Script {
    serve(
        always(),
        Arc::new(|mut conn: Conn| {
            async move {
                conn.read().await;
                conn.heartbeat().await;
                conn.read_to_end().await;
            }
            .boxed()
        }),
    )
    .await
}

fn open(
    server_url: &str,
    options: &ClientOptions,
    env: &[(&str, &str)],
) -> (StreamHandle, UnboundedReceiver<StreamUpdate>) {
    let ws = ws_url(server_url).expect("a server URL");
    let network = network_for(options, &ws, |name| {
        env.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    })
    .expect("usable settings");
    let mut config = StreamConfig::new(server_url, Secret::new("t"), Subscription::default());
    config.first_backoff = Duration::from_secs(60);
    let (tx, rx) = unbounded_channel();
    let handle = start(
        &tokio::runtime::Handle::current(),
        config,
        network,
        move |u| {
            let _ = tx.send(u);
        },
    )
    .expect("a stream");
    (handle, rx)
}

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

fn heads(log: &Mutex<Vec<String>>) -> Vec<String> {
    log.lock().map(|l| l.clone()).unwrap_or_default()
}

#[tokio::test]
async fn the_settings_proxy_carries_the_stream_with_its_password() {
    let server = ayon().await;
    let (proxy_url, log) = proxy(true).await;
    let user_url = proxy_url.replace("http://", "http://studio@");
    let options = ClientOptions {
        proxy: ProxySettings {
            url: user_url,
            no_proxy: String::new(),
            password: Some(Secret::new("pr0xy")),
        },
        ..ClientOptions::default()
    };
    let (_handle, mut rx) = open(&server.server_url, &options, &[]);
    assert_eq!(outcome(&mut rx).await, StreamUpdate::Authorised);
    let heads = heads(&log);
    let target = server.server_url.trim_start_matches("http://");
    assert!(
        heads[0].starts_with(&format!("CONNECT {target} HTTP/1.1\r\n")),
        "{heads:?}"
    );
    let basic = base64::engine::general_purpose::STANDARD.encode("studio:pr0xy");
    assert!(
        heads[0].contains(&format!("Proxy-Authorization: Basic {basic}")),
        "{heads:?}"
    );
}

#[tokio::test]
async fn a_proxy_that_wants_credentials_is_said_so() {
    let server = ayon().await;
    let (proxy_url, _) = proxy(true).await;
    let options = ClientOptions {
        proxy: ProxySettings {
            url: proxy_url,
            ..ProxySettings::default()
        },
        ..ClientOptions::default()
    };
    let (_handle, mut rx) = open(&server.server_url, &options, &[]);
    let StreamUpdate::Dropped { reason } = outcome(&mut rx).await else {
        panic!("refused by the proxy");
    };
    assert!(reason.contains("asks for credentials"), "{reason}");
}

#[tokio::test]
async fn the_environment_proxy_is_used_unless_no_proxy_names_the_host() {
    let server = ayon().await;
    let (proxy_url, log) = proxy(false).await;
    let (_handle, mut rx) = open(
        &server.server_url,
        &ClientOptions::default(),
        &[("HTTP_PROXY", proxy_url.as_str())],
    );
    assert_eq!(outcome(&mut rx).await, StreamUpdate::Authorised);
    assert_eq!(heads(&log).len(), 1);

    let (_direct, mut rx) = open(
        &server.server_url,
        &ClientOptions::default(),
        &[
            ("HTTP_PROXY", proxy_url.as_str()),
            ("NO_PROXY", "127.0.0.1"),
        ],
    );
    assert_eq!(outcome(&mut rx).await, StreamUpdate::Authorised);
    assert_eq!(heads(&log).len(), 1, "went direct");
}
