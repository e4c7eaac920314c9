//! Maps reqwest's errors onto [`HttpError`] by walking the source chain.

use super::HttpError;

/// Text of an error's sources, joined by ": ". reqwest's own message is left out on
/// purpose: it appends the URL, which may hold a `?token=` and would fool the matching below.
pub(crate) fn chain_text(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source = err.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    if parts.is_empty() {
        // No sources: fall back to the top message without its URL part.
        let top = err.to_string();
        parts.push(match top.find(" for url (") {
            Some(i) => top[..i].to_string(),
            None => top,
        });
    }
    parts.join(": ")
}

fn has_io_kind(err: &(dyn std::error::Error + 'static), kind: std::io::ErrorKind) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && io.kind() == kind
        {
            return true;
        }
        current = e.source();
    }
    false
}

/// Classifies an error raised while connecting or waiting for the response head.
/// `presented` is where the client recorded the certificates servers showed it (`None`:
/// the shared record of plain clients).
pub(crate) fn classify_send_error(
    err: &reqwest::Error,
    url: &url::Url,
    presented: Option<&super::pinning::Presented>,
) -> HttpError {
    let url_text = url.to_string();
    let text = chain_text(err);
    let lower = text.to_lowercase();
    if err.is_connect() && err.is_timeout() {
        return HttpError::Connect {
            url: url_text,
            reason: format!(
                "no connection within {} s (is the host reachable?)",
                super::client::CONNECT_TIMEOUT.as_secs()
            ),
        };
    }
    if err.is_timeout() {
        return HttpError::Timeout {
            url: url_text,
            after: std::time::Duration::ZERO,
            received: 0,
        };
    }
    if has_io_kind(err, std::io::ErrorKind::ConnectionRefused)
        || lower.contains("connection refused")
    {
        return HttpError::ConnectionRefused { url: url_text };
    }
    if lower.contains("dns error")
        || lower.contains("failed to lookup address")
        || lower.contains("name or service not known")
        || lower.contains("no address associated")
    {
        return HttpError::Dns {
            host: url.host_str().unwrap_or_default().to_string(),
            url: url_text,
        };
    }
    // rustls' messages, as they reach us through hyper (its error type does not survive
    // the boxing, so the text is what is left to go on).
    const TLS_MARKERS: [&str; 8] = [
        "certificate",
        "tls",
        "handshake",
        "invalid peer",
        "corrupt message",
        "fatal alert",
        "peer is incompatible",
        "peer misbehaved",
    ];
    if url.scheme() == "https" && TLS_MARKERS.iter().any(|m| lower.contains(m)) {
        let host = url.host_str().unwrap_or_default();
        let explained = super::tls::explain_certificate_error(err, host)
            .or_else(|| super::tls::explain_certificate_text(&text, host));
        // The certificate the server showed, for a refused certificate (not a missing
        // client certificate), so the user can inspect it and trust it for this host.
        let bare_host = host.trim_start_matches('[').trim_end_matches(']');
        let certificate = explained
            .as_ref()
            .filter(|words| !words.contains("client certificate"))
            .and_then(|_| match presented {
                Some(record) => record.get(bare_host),
                None => super::last_presented(bare_host),
            })
            .map(Box::new);
        // An unknown issuer that is the certificate itself: say so plainly.
        let explained = match (&explained, &certificate) {
            (Some(words), Some(cert))
                if words.starts_with("unknown issuer") && cert.subject == cert.issuer =>
            {
                Some(format!(
                    "self-signed: the certificate of {host} is signed by itself, not by a CA \
                     this computer trusts (check its fingerprint below, then trust it for \
                     this host, or set your studio CA file in Settings)"
                ))
            }
            _ => explained,
        };
        return HttpError::Tls {
            url: url_text,
            reason: match explained {
                Some(words) => format!("{words} [{text}]"),
                None => text,
            },
            certificate,
        };
    }
    if err.is_connect() {
        return HttpError::Connect {
            url: url_text,
            reason: text,
        };
    }
    if err.is_request()
        || lower.contains("connection closed")
        || lower.contains("incomplete message")
    {
        return HttpError::Protocol {
            url: url_text,
            reason: text,
        };
    }
    HttpError::Other {
        url: url_text,
        reason: text,
    }
}

/// Classifies an error raised while reading the body.
pub(crate) fn classify_body_error(
    err: &reqwest::Error,
    url: &url::Url,
    received: u64,
) -> HttpError {
    if err.is_timeout() {
        return HttpError::Timeout {
            url: url.to_string(),
            after: std::time::Duration::ZERO,
            received,
        };
    }
    HttpError::ClosedMidBody {
        url: url.to_string(),
        received,
        reason: chain_text(err),
    }
}
