//! The event stream through an HTTP proxy, as the HTTP client goes: the proxy set in
//! Settings (with its `NO_PROXY` list and the password from the secret store), else the
//! environment's (`HTTPS_PROXY` for `wss://`, `HTTP_PROXY` for `ws://`, then
//! `ALL_PROXY`; `NO_PROXY`). The socket is a `CONNECT` tunnel through it; TLS and the
//! WebSocket handshake then go end to end.

use std::net::IpAddr;
use std::time::Duration;

use base64::Engine;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::http::ProxySettings;
use crate::secret::Secret;

/// An HTTP proxy to tunnel through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TunnelProxy {
    /// `http://host:port` (no credentials), for messages.
    pub url: String,
    host: String,
    port: u16,
    /// `Basic …` for `Proxy-Authorization`, when the proxy names a user.
    authorization: Option<Secret>,
}

/// The longest proxy answer read (its status line and headers).
const MAX_ANSWER: usize = 16 * 1024;

/// The proxy for `ws` (a `ws://` or `wss://` URL), or `None` to go direct; `vars` reads the
/// environment. An error names what cannot be used.
pub fn proxy_for(
    settings: &ProxySettings,
    ws: &url::Url,
    vars: impl Fn(&str) -> Option<String>,
) -> Result<Option<TunnelProxy>, String> {
    let host = ws.host_str().unwrap_or_default();
    let var = |name: &str| {
        vars(name)
            .or_else(|| vars(&name.to_ascii_lowercase()))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    if !settings.from_environment() {
        // The same checks as the HTTP client's (scheme, no password in the URL, …).
        settings.to_proxy().map_err(|e| e.to_string())?;
        if bypassed(host, &settings.no_proxy) {
            return Ok(None);
        }
        return tunnel(settings.url.trim(), settings.password.as_ref()).map(Some);
    }
    let chosen = if ws.scheme() == "wss" {
        var("HTTPS_PROXY")
    } else {
        var("HTTP_PROXY")
    };
    let Some(url) = chosen.or_else(|| var("ALL_PROXY")) else {
        return Ok(None);
    };
    if bypassed(host, &var("NO_PROXY").unwrap_or_default()) {
        return Ok(None);
    }
    tunnel(&url, None).map(Some)
}

/// The tunnel through `url` (`http://[user[:password]@]host:port`); `password` is the
/// one from the secret store (it wins over one in the URL).
fn tunnel(url: &str, password: Option<&Secret>) -> Result<TunnelProxy, String> {
    let masked = |u: &url::Url| format!("http://{}:{}", u.host_str().unwrap_or_default(), port(u));
    let parsed = url::Url::parse(url)
        .map_err(|e| format!("the proxy URL is not valid ({e}); give it as http://HOST:PORT"))?;
    if parsed.scheme() != "http" {
        return Err(format!(
            "the event stream goes through http:// proxies only, not {}://",
            parsed.scheme()
        ));
    }
    let host = parsed
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| "the proxy URL names no host".to_owned())?
        .to_owned();
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let authorization = if parsed.username().is_empty() {
        None
    } else {
        let password = password
            .map(|p| p.expose().to_owned())
            .or_else(|| parsed.password().map(decode))
            .unwrap_or_default();
        let pair = format!("{}:{password}", decode(parsed.username()));
        Some(Secret::new(format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )))
    };
    Ok(TunnelProxy {
        url: masked(&parsed),
        port: port(&parsed),
        host,
        authorization,
    })
}

fn port(url: &url::Url) -> u16 {
    url.port_or_known_default().unwrap_or(80)
}

/// Whether `host` is in a `NO_PROXY` list (`*`, host names and their subdomains, `.suffix`,
/// IP addresses, `address/bits`).
fn bypassed(host: &str, no_proxy: &str) -> bool {
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    let ip = host.parse::<IpAddr>().ok();
    no_proxy
        .split(',')
        .map(|entry| entry.trim().to_ascii_lowercase())
        .filter(|entry| !entry.is_empty())
        .any(|entry| {
            if entry == "*" {
                return true;
            }
            if let Some(ip) = ip {
                return in_range(ip, &entry);
            }
            let name = entry.trim_start_matches('.');
            host == name || host.ends_with(&format!(".{name}"))
        })
}

/// `ip` is `entry` (an address) or inside it (`address/bits`).
fn in_range(ip: IpAddr, entry: &str) -> bool {
    let (address, bits) = match entry.split_once('/') {
        Some((address, bits)) => (address, bits.parse::<u32>().ok()),
        None => (entry, None),
    };
    let Ok(network) = address
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    else {
        return false;
    };
    match (ip, network) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let bits = bits.unwrap_or(32).min(32);
            let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let bits = bits.unwrap_or(128).min(128);
            let mask = u128::MAX.checked_shl(128 - bits).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

/// A TCP connection to `host:port` through `proxy` (`CONNECT`), within `limit`.
pub(super) async fn connect_through(
    proxy: &TunnelProxy,
    host: &str,
    port: u16,
    limit: Duration,
) -> Result<TcpStream, String> {
    let attempt = async {
        let mut tcp = TcpStream::connect((proxy.host.as_str(), proxy.port))
            .await
            .map_err(|e| format!("could not connect to the proxy {}: {e}", proxy.url))?;
        let _ = tcp.set_nodelay(true);
        let target = if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        let mut request = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
        if let Some(authorization) = &proxy.authorization {
            request.push_str(&format!(
                "Proxy-Authorization: {}\r\n",
                authorization.expose()
            ));
        }
        request.push_str("\r\n");
        tcp.write_all(request.as_bytes())
            .await
            .map_err(|e| format!("the proxy {} closed the connection: {e}", proxy.url))?;
        let status = read_status(&mut tcp)
            .await
            .map_err(|e| format!("the proxy {} did not answer: {e}", proxy.url))?;
        match status {
            200..=299 => Ok(tcp),
            407 => Err(format!(
                "the proxy {} asks for credentials (HTTP 407): set its user in the proxy URL \
                 and its password in Settings",
                proxy.url
            )),
            other => Err(format!(
                "the proxy {} refused the tunnel to {target} (HTTP {other})",
                proxy.url
            )),
        }
    };
    tokio::time::timeout(limit, attempt)
        .await
        .unwrap_or_else(|_| Err(format!("no answer from the proxy {} in time", proxy.url)))
}

/// Reads the proxy's answer head byte by byte (nothing after it may be taken: it belongs to
/// the tunnel) and returns its status code.
async fn read_status(tcp: &mut TcpStream) -> Result<u16, String> {
    let mut head = Vec::with_capacity(256);
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() >= MAX_ANSWER {
            return Err("its answer is too long".to_owned());
        }
        let byte = tcp.read_u8().await.map_err(|e| e.to_string())?;
        head.push(byte);
    }
    let text = String::from_utf8_lossy(&head);
    text.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .filter(|_| text.starts_with("HTTP/"))
        .ok_or_else(|| "its answer is not HTTP".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(url: &str) -> url::Url {
        url::Url::parse(url).unwrap_or_else(|_| panic!("{url}"))
    }

    #[test]
    fn no_proxy_lists_match_hosts_suffixes_and_ranges() {
        let list = "localhost, .studio.lan, ayon.example, 10.0.0.0/8, ::1";
        assert!(bypassed("localhost", list));
        assert!(bypassed("ayon.studio.lan", list));
        assert!(bypassed("sub.ayon.example", list));
        assert!(bypassed("10.2.3.4", list));
        assert!(bypassed("[::1]", list));
        assert!(!bypassed("11.0.0.1", list));
        assert!(!bypassed("notayon.example", list));
        assert!(bypassed("anything", " * "));
        assert!(!bypassed("anything", ""));
    }

    #[test]
    fn the_environment_picks_by_scheme_and_settings_win() {
        let env = |name: &str| match name {
            "https_proxy" => Some("http://me:p%40ss@proxy:3128".to_owned()),
            "HTTP_PROXY" => Some("http://plain:8080".to_owned()),
            "NO_PROXY" => Some(".lan".to_owned()),
            _ => None,
        };
        let none = ProxySettings::default();
        let secure = proxy_for(&none, &ws("wss://ayon.example/ws"), env)
            .ok()
            .flatten();
        let secure = secure.unwrap_or_else(|| panic!("a proxy"));
        assert_eq!(secure.url, "http://proxy:3128");
        let basic = secure.authorization.as_ref().map(|a| a.expose().to_owned());
        let expected = base64::engine::general_purpose::STANDARD.encode("me:p@ss");
        assert_eq!(basic, Some(format!("Basic {expected}")));
        assert!(!format!("{secure:?}").contains(&expected));
        let plain = proxy_for(&none, &ws("ws://ayon.example/ws"), env)
            .ok()
            .flatten();
        assert_eq!(plain.map(|p| p.url), Some("http://plain:8080".to_owned()));
        assert_eq!(proxy_for(&none, &ws("wss://ayon.lan/ws"), env), Ok(None));

        let set = ProxySettings {
            url: "http://studio-proxy:3128".into(),
            no_proxy: String::new(),
            password: None,
        };
        let chosen = proxy_for(&set, &ws("wss://ayon.lan/ws"), env)
            .ok()
            .flatten();
        assert_eq!(
            chosen.map(|p| p.url),
            Some("http://studio-proxy:3128".to_owned())
        );
        let socks = |_: &str| Some("socks5://proxy:1080".to_owned());
        let err = proxy_for(&none, &ws("wss://x/ws"), socks)
            .err()
            .unwrap_or_default();
        assert!(err.contains("http:// proxies only"), "{err}");
    }
}
