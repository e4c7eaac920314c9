//! Opening the socket: TCP (direct, or a tunnel through the proxy) and the WebSocket
//! handshake within the connect time limit, TLS for `wss://` with the app's trust (system
//! roots, CA file, client certificate, pins). Failures come back in words; the token is
//! not sent yet and never in the URL.

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::{self, http::header::USER_AGENT};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};

use super::proxy::{TunnelProxy, connect_through, proxy_for};
use crate::http::{ClientError, ClientOptions, explain_certificate_error, rustls_config_for};

/// An open event stream socket.
pub(super) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How a stream reaches its server: the TLS setup for `wss://` and the proxy to tunnel
/// through, as the app's connection settings say (see [`network_for`]). The default is
/// the system's trust and no proxy.
#[derive(Clone, Debug, Default)]
pub struct StreamNetwork {
    /// TLS for `wss://` (`None`: the system's trust).
    pub tls: Option<Arc<rustls::ClientConfig>>,
    /// The HTTP proxy to `CONNECT` through (`None`: direct).
    pub proxy: Option<TunnelProxy>,
}

/// The network of the stream at `ws` with the app's settings: TLS as the HTTP client has
/// it for that server, and the same proxy (Settings, else the environment through
/// `vars`). Reads the TLS files: call it off the UI thread. The error says what in the
/// settings cannot be used.
pub fn network_for(
    options: &ClientOptions,
    ws: &url::Url,
    vars: impl Fn(&str) -> Option<String>,
) -> Result<StreamNetwork, String> {
    let tls = tls_for(options, ws).map_err(|e| format!("TLS settings for {ws}: {e}"))?;
    let proxy = proxy_for(&options.proxy, ws, vars).map_err(|e| format!("proxy: {e}"))?;
    Ok(StreamNetwork { tls, proxy })
}

/// The TLS setup for the stream of `ws` as the app's settings say (`None` for `ws://`,
/// which has no TLS). Reads the TLS files: call it off the UI thread.
pub fn tls_for(
    options: &ClientOptions,
    ws: &url::Url,
) -> Result<Option<Arc<rustls::ClientConfig>>, ClientError> {
    if ws.scheme() != "wss" {
        return Ok(None);
    }
    rustls_config_for(options, ws).map(|config| Some(Arc::new(config)))
}

/// Opens `url` (a `ws://` or `wss://` URL without credentials).
pub(super) async fn open(
    url: &url::Url,
    network: &StreamNetwork,
    limit: Duration,
) -> Result<Socket, String> {
    let connector = match (url.scheme(), network.tls.as_ref()) {
        ("wss", Some(config)) => Connector::Rustls(Arc::clone(config)),
        // The system's trust through the app's own builder (never the library's default).
        ("wss", None) => match tls_for(&ClientOptions::default(), url) {
            Ok(Some(config)) => Connector::Rustls(config),
            Ok(None) => Connector::Plain,
            Err(e) => return Err(format!("TLS setup for {url}: {e}")),
        },
        _ => Connector::Plain,
    };
    let mut request = url
        .as_str()
        .into_client_request()
        .map_err(|e| format!("{url} cannot be opened: {e}"))?;
    request.headers_mut().insert(
        USER_AGENT,
        HeaderValue::from_static(concat!("ayon-rest-explorer/", env!("CARGO_PKG_VERSION"))),
    );
    let handshake = async {
        match &network.proxy {
            None => {
                tokio_tungstenite::connect_async_tls_with_config(
                    request,
                    None,
                    true,
                    Some(connector),
                )
                .await
            }
            Some(proxy) => {
                let host = url.host_str().unwrap_or_default();
                let port = url.port_or_known_default().unwrap_or(80);
                let tcp = match connect_through(proxy, host, port, limit).await {
                    Ok(tcp) => tcp,
                    Err(reason) => return Ok(Err(reason)),
                };
                tokio_tungstenite::client_async_tls_with_config(request, tcp, None, Some(connector))
                    .await
            }
        }
        .map(Ok)
    };
    match tokio::time::timeout(limit, handshake).await {
        Err(_) => Err(format!("no connection to {url} within {}", words(limit))),
        Ok(Err(error)) => Err(explain(url, &error)),
        Ok(Ok(Err(reason))) => Err(reason),
        Ok(Ok(Ok((socket, _response)))) => Ok(socket),
    }
}

/// A time limit in words (tests use limits below a second).
fn words(limit: Duration) -> String {
    if limit < Duration::from_secs(1) {
        format!("{} ms", limit.as_millis())
    } else {
        crate::http::human_duration(limit)
    }
}

/// Why the socket did not open, for the user.
fn explain(url: &url::Url, error: &tungstenite::Error) -> String {
    let host = url.host_str().unwrap_or_default();
    if let Some(words) = explain_certificate_error(error, host) {
        return format!("could not connect to {url}: {words}");
    }
    match error {
        tungstenite::Error::Io(io) => format!("could not connect to {url}: {io}"),
        tungstenite::Error::Http(response) => format!(
            "{url} answered HTTP {} instead of opening the event stream (is this an AYON \
             server?)",
            response.status()
        ),
        other => format!("could not open the event stream at {url}: {other}"),
    }
}
