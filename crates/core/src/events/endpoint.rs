//! Where a server's event stream is: `ws://` for `http://`, `wss://` for `https://`, at
//! `/ws` under the server's base path.

use crate::ayon::normalize_base_url;

/// Why there is no stream URL for a server URL.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("\"{url}\" is not a server URL (http:// or https://) to open /ws on")]
pub struct EndpointError {
    /// The URL as given.
    pub url: String,
}

/// The `/ws` URL of the server at `server_url`.
pub fn ws_url(server_url: &str) -> Result<url::Url, EndpointError> {
    let error = || EndpointError {
        url: server_url.to_owned(),
    };
    let base = normalize_base_url(server_url).map_err(|_| error())?;
    let scheme = match base.scheme() {
        "http" => "ws",
        "https" => "wss",
        _ => return Err(error()),
    };
    let mut url = base.clone();
    url.set_scheme(scheme).map_err(|()| error())?;
    let path = format!("{}/ws", base.path().trim_end_matches('/'));
    url.set_path(&path);
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// Whether `url` goes to the server at `server_url` (same scheme, host and port).
pub fn same_origin(url: &url::Url, server_url: &str) -> bool {
    normalize_base_url(server_url).is_ok_and(|server| server.origin() == url.origin())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_lives_at_ws_on_the_servers_origin() {
        let url = |s: &str| ws_url(s).map(|u| u.to_string());
        assert_eq!(
            url("http://127.0.0.1:5000"),
            Ok("ws://127.0.0.1:5000/ws".into())
        );
        assert_eq!(
            url("https://ayon.studio/"),
            Ok("wss://ayon.studio/ws".into())
        );
        assert_eq!(
            url("https://studio.lan/ayon/"),
            Ok("wss://studio.lan/ayon/ws".into())
        );
        assert!(url("ftp://x").is_err());
        let sent = url::Url::parse("http://127.0.0.1:5000/api/users/me").ok();
        let sent = sent.as_ref();
        assert_eq!(
            sent.map(|u| same_origin(u, "http://127.0.0.1:5000/")),
            Some(true)
        );
        assert_eq!(
            sent.map(|u| same_origin(u, "http://127.0.0.1:5001")),
            Some(false)
        );
    }
}
