//! Sends a [`RequestSpec`], follows redirects by our own rules, reads the body.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::classify::{classify_body_error, classify_send_error};
use super::decode::{ACCEPT_ENCODING, Encoding, TransportError, body_stream, is_bomb};
use super::pinning::Presented;
use super::redirect::{headers_for_next_hop, is_redirect, next_method, same_origin};
use super::sink::{FileWriter, ResponseSink, is_textual, suggested_file_name};
use super::{
    ClientFor, Exchange, HttpError, HttpMethod, Progress, RedirectHop, RequestSpec, ResponseData,
    SentRequest, SpecBody, Timings,
};

/// How a send reports its progress and where its response body goes.
#[derive(Clone, Debug, Default)]
pub struct Transfer {
    /// Counters the view reads while the exchange runs.
    pub progress: Option<Arc<Progress>>,
    /// Where the response body goes.
    pub sink: ResponseSink,
}

/// Runs the exchange to completion, bounded by `spec.timeout` (body included), keeping
/// the response body in memory. `client` is a `reqwest::Client`, or [`super::Clients`]
/// to pick one per server.
///
/// Cancelling is dropping the future: the connection is closed with it.
pub async fn execute(client: &impl ClientFor, spec: &RequestSpec) -> Result<Exchange, HttpError> {
    execute_with(client, spec, &Transfer::default()).await
}

/// Like [`execute`], reporting progress and writing the body where `transfer` says.
///
/// Exchanges that stream a body from or to disk may rightly take longer than
/// `spec.timeout` (a 2 GB installer): for them the limit is time *without progress*.
pub async fn execute_with(
    client: &impl ClientFor,
    spec: &RequestSpec,
    transfer: &Transfer,
) -> Result<Exchange, HttpError> {
    let started = std::time::Instant::now();
    let result = exchange(client, spec, transfer).await;
    log_outcome(spec, &result, started.elapsed());
    result
}

/// One line per exchange in the log: method, masked URL, then the status and time or the
/// failure (its text masked too: a transport's reason may quote the URL).
fn log_outcome(spec: &RequestSpec, result: &Result<Exchange, HttpError>, took: Duration) {
    let url = spec.mask(spec.url.as_str());
    let method = spec.method.as_str();
    match result {
        Ok(exchange) => tracing::info!(
            "{method} {url} -> {} in {} ms",
            exchange.response.status,
            took.as_millis()
        ),
        Err(error) => tracing::warn!(
            "{method} {url} failed after {} ms: {}",
            took.as_millis(),
            spec.mask(&error.to_string())
        ),
    }
}

async fn exchange(
    client: &impl ClientFor,
    spec: &RequestSpec,
    transfer: &Transfer,
) -> Result<Exchange, HttpError> {
    let streamed = spec.body.is_streamed() || transfer.sink != ResponseSink::Memory;
    if !streamed {
        // Counted even when nobody watches, so a timeout can say how much had arrived.
        let progress = transfer.progress.clone().unwrap_or_default();
        let counted = Transfer {
            progress: Some(Arc::clone(&progress)),
            sink: transfer.sink.clone(),
        };
        return match tokio::time::timeout(spec.timeout, run(client, spec, &counted)).await {
            Ok(result) => result.map_err(|e| with_timeout(e, spec).map_url(|u| spec.mask(u))),
            Err(_) => Err(HttpError::Timeout {
                url: spec.mask(spec.url.as_str()),
                after: spec.timeout,
                received: progress.snapshot().received,
            }),
        };
    }
    let progress = transfer.progress.clone().unwrap_or_default();
    let transfer = Transfer {
        progress: Some(progress.clone()),
        sink: transfer.sink.clone(),
    };
    let work = run(client, spec, &transfer);
    tokio::pin!(work);
    let mut watchdog = tokio::time::interval(Duration::from_millis(250));
    // A window of `spec.timeout` in which fewer than MIN_BYTES_PER_WINDOW moved counts as
    // a stall too, so a server trickling a byte a second cannot hold a request forever.
    let moved = |p: &Progress| {
        let snap = p.snapshot();
        snap.sent + snap.received
    };
    let mut window = (Instant::now(), moved(&progress));
    loop {
        tokio::select! {
            result = &mut work => {
                return result.map_err(|e| with_timeout(e, spec).map_url(|u| spec.mask(u)));
            }
            _ = watchdog.tick() => {
                let now = Instant::now();
                let crawling = if now.duration_since(window.0) >= spec.timeout {
                    let total = moved(&progress);
                    let slow = total - window.1 < MIN_BYTES_PER_WINDOW;
                    window = (now, total);
                    slow
                } else {
                    false
                };
                if crawling || progress.idle_for() >= spec.timeout {
                    let snap = progress.snapshot();
                    return Err(HttpError::Stalled {
                        url: spec.mask(spec.url.as_str()),
                        after: spec.timeout,
                        sent: snap.sent,
                        received: snap.received,
                    });
                }
            }
        }
    }
}

/// Fewer bytes than this moving in a whole timeout window is a stall (see
/// [`execute_with`]): 34 bytes a second with the default 30 s.
const MIN_BYTES_PER_WINDOW: u64 = 1024;

fn with_timeout(err: HttpError, spec: &RequestSpec) -> HttpError {
    match err {
        HttpError::Timeout { url, received, .. } => HttpError::Timeout {
            url,
            after: spec.timeout,
            received,
        },
        other => other,
    }
}

fn header_map(headers: &[(String, String)]) -> Result<HeaderMap, HttpError> {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        let header_name = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|e| {
            HttpError::InvalidHeader {
                name: name.clone(),
                reason: e.to_string(),
            }
        })?;
        let header_value =
            HeaderValue::from_str(value.trim()).map_err(|_| HttpError::InvalidHeader {
                name: name.clone(),
                reason: "the value holds characters a header cannot carry (e.g. a line break)"
                    .into(),
            })?;
        map.append(header_name, header_value);
    }
    Ok(map)
}

async fn run(
    client: &impl ClientFor,
    spec: &RequestSpec,
    transfer: &Transfer,
) -> Result<Exchange, HttpError> {
    let started = Instant::now();
    let mut url = spec.url.clone();
    let mut method = spec.method;
    let mut headers = spec.headers.clone();
    let mut body = spec.body.clone();
    let mut redirects = Vec::new();

    loop {
        // Each hop picks its client: another host has its own TLS files, or none.
        let (response, body_len) = send_once(
            client.client_for(&url)?,
            method,
            &url,
            &headers,
            &body,
            transfer.progress.as_ref(),
            client.presented(),
        )
        .await?;
        let status = response.status().as_u16();
        let location =
            match response.headers().get(reqwest::header::LOCATION) {
                None => None,
                Some(value) => Some(value.to_str().map(str::to_string).map_err(|_| {
                    HttpError::BadRedirect {
                        url: url.to_string(),
                        location: String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    }
                })?),
            };

        if spec.follow_redirects
            && is_redirect(status)
            && let Some(location) = location
        {
            if redirects.len() >= RequestSpec::MAX_REDIRECTS {
                return Err(HttpError::TooManyRedirects {
                    url: spec.url.to_string(),
                    max: RequestSpec::MAX_REDIRECTS,
                });
            }
            let next = url.join(&location).map_err(|_| HttpError::BadRedirect {
                url: url.to_string(),
                location: location.clone(),
            })?;
            if !matches!(next.scheme(), "http" | "https") {
                return Err(HttpError::BadRedirect {
                    url: url.to_string(),
                    location,
                });
            }
            let cross_origin = !same_origin(&url, &next);
            let (next_method, keep_body) = next_method(status, method);
            let (next_headers, dropped) =
                headers_for_next_hop(&headers, &spec.secret_headers, cross_origin, keep_body);
            redirects.push(RedirectHop {
                status,
                from: spec.mask(url.as_str()),
                to: spec.mask(next.as_str()),
                dropped_credentials: dropped,
            });
            if !keep_body {
                body = SpecBody::Empty;
            }
            headers = next_headers;
            method = next_method;
            url = next;
            continue;
        }

        let to_headers = started.elapsed();
        let response_data = read_response(response, &url, spec.max_body_bytes, transfer).await?;
        return Ok(Exchange {
            request: SentRequest {
                method: method.as_str().to_string(),
                url: spec.mask(url.as_str()),
                headers: headers
                    .iter()
                    .map(|(n, v)| (n.clone(), spec.mask(v)))
                    .collect(),
                body_len: usize::try_from(body_len).unwrap_or(usize::MAX),
            },
            redirects,
            response: response_data,
            timings: Timings {
                to_headers,
                total: started.elapsed(),
            },
        });
    }
}

/// Sends one hop; returns the response head and the body length sent.
async fn send_once(
    client: &reqwest::Client,
    method: HttpMethod,
    url: &url::Url,
    headers: &[(String, String)],
    body: &SpecBody,
    progress: Option<&Arc<Progress>>,
    presented: Option<&Presented>,
) -> Result<(reqwest::Response, u64), HttpError> {
    let mut header_map = header_map(headers)?;
    if !header_map.contains_key(reqwest::header::ACCEPT_ENCODING) {
        header_map.insert(
            reqwest::header::ACCEPT_ENCODING,
            HeaderValue::from_static(ACCEPT_ENCODING),
        );
    }
    if let Some(p) = progress {
        p.begin_send(0);
    }
    let mut body_len = 0;
    let mut builder = client.request(method.to_reqwest(), url.clone());
    match body {
        SpecBody::Empty => {}
        SpecBody::Bytes(bytes) => {
            body_len = bytes.len() as u64;
            if let Some(p) = progress {
                p.begin_send(body_len);
                p.add_sent(body_len);
            }
            builder = builder.body(bytes.clone());
        }
        SpecBody::File { path, len } => {
            let opened = super::file_body::open(path, *len, progress.cloned()).await?;
            body_len = opened.len;
            if let Some(p) = progress {
                p.begin_send(body_len);
            }
            builder = builder
                .header(reqwest::header::CONTENT_LENGTH, opened.len)
                .body(reqwest::Body::wrap_stream(opened.stream));
        }
        SpecBody::Multipart(parts) => {
            // The form's boundary must be the one in the Content-Type.
            header_map.remove(reqwest::header::CONTENT_TYPE);
            let built = super::multipart::build(parts, progress.cloned()).await?;
            body_len = built.content_len;
            if let Some(p) = progress {
                p.set_send_total(body_len);
            }
            builder = builder.multipart(built.form);
        }
    }
    let result = builder.headers(header_map).send().await;
    match result {
        Ok(response) => Ok((response, body_len)),
        Err(e) => {
            let classified = classify_send_error(&e, url, presented);
            let sent = progress.map(|p| p.snapshot().sent).unwrap_or_default();
            let cut_off = sent > 0 && sent < body_len;
            Err(match classified {
                HttpError::Protocol { url, reason } | HttpError::Other { url, reason }
                    if cut_off =>
                {
                    HttpError::UploadInterrupted {
                        url,
                        sent,
                        total: body_len,
                        reason,
                    }
                }
                other => other,
            })
        }
    }
}

/// Where a body goes once the head is known.
enum Target {
    Memory {
        spill: Option<(u64, std::path::PathBuf)>,
    },
    File(FileWriter),
}

async fn read_response(
    response: reqwest::Response,
    url: &url::Url,
    max_body_bytes: u64,
    transfer: &Transfer,
) -> Result<ResponseData, HttpError> {
    let status = response.status();
    let version = format!("{:?}", response.version());
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let progress = transfer.progress.as_ref();
    if let Some(p) = progress {
        p.begin_receive(response.content_length());
    }
    let write_error = |path: String, e: std::io::Error| HttpError::BodyWrite {
        path,
        reason: e.to_string(),
    };
    let mut target = match &transfer.sink {
        ResponseSink::Memory => Target::Memory { spill: None },
        ResponseSink::Spill { threshold, dir } => {
            let binary = !is_textual(header("content-type"))
                || header("content-disposition").is_some_and(|d| {
                    d.trim_start()
                        .to_ascii_lowercase()
                        .starts_with("attachment")
                });
            let too_big = response.content_length().is_some_and(|n| n > *threshold);
            if binary || too_big {
                Target::File(
                    FileWriter::temporary(dir)
                        .await
                        .map_err(|e| write_error(dir.display().to_string(), e))?,
                )
            } else {
                Target::Memory {
                    spill: Some((*threshold, dir.clone())),
                }
            }
        }
        ResponseSink::File(path) => Target::File(
            FileWriter::to_path(path)
                .await
                .map_err(|e| write_error(path.display().to_string(), e))?,
        ),
        ResponseSink::IntoFolder(dir) => {
            let name = suggested_file_name(header("content-disposition"), url)
                .unwrap_or_else(|| "download".into());
            Target::File(
                FileWriter::into_folder(dir, &name)
                    .await
                    .map_err(|e| write_error(dir.join(&name).display().to_string(), e))?,
            )
        }
    };
    // Content-Length is the server's claim: trust it only up to a modest pre-allocation.
    let capacity = match &target {
        Target::Memory { .. } => response
            .content_length()
            .map(|n| n.min(8 * 1024 * 1024) as usize)
            .unwrap_or(0),
        Target::File(_) => 0,
    };
    let mut body = bytes::BytesMut::with_capacity(capacity);
    let encoding = Encoding::from_header(header("content-encoding"));
    let wire = Arc::new(AtomicU64::new(0));
    let transport_error = TransportError::default();
    let wire_progress = progress.cloned();
    let mut stream = body_stream(
        response,
        encoding,
        Arc::clone(&wire),
        Arc::clone(&transport_error),
        move |n| {
            if let Some(p) = &wire_progress {
                p.add_received(n);
            }
        },
    );
    // Bytes of the (decoded) body so far.
    let mut received = 0u64;
    loop {
        let failure = match stream.next().await {
            Some(Ok(chunk)) => match encoding {
                Some(enc)
                    if is_bomb(wire.load(Ordering::Relaxed), received + chunk.len() as u64) =>
                {
                    Err(HttpError::DecompressionBomb {
                        url: url.to_string(),
                        encoding: enc.name().to_string(),
                        compressed: wire.load(Ordering::Relaxed),
                        decoded: received + chunk.len() as u64,
                    })
                }
                _ => Ok(Some(chunk)),
            },
            None => Ok(None),
            // An encoded but empty body (a HEAD, a 204) has nothing to decode.
            Some(Err(_)) if encoding.is_some() && wire.load(Ordering::Relaxed) == 0 => Ok(None),
            Some(Err(e)) => {
                let transport = transport_error.lock().ok().and_then(|mut slot| slot.take());
                Err(match (transport, encoding) {
                    (Some(err), _) => classify_body_error(&err, url, wire.load(Ordering::Relaxed)),
                    (None, Some(enc)) => HttpError::Decode {
                        url: url.to_string(),
                        encoding: enc.name().to_string(),
                        reason: e.to_string(),
                    },
                    (None, None) => HttpError::Protocol {
                        url: url.to_string(),
                        reason: e.to_string(),
                    },
                })
            }
        };
        let chunk = match failure {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(error) => {
                if let Target::File(writer) = target {
                    writer.discard().await;
                }
                return Err(error);
            }
        };
        received += chunk.len() as u64;
        match &mut target {
            Target::Memory { spill } => {
                let limit = spill.as_ref().map_or(max_body_bytes, |(t, _)| *t);
                if received > limit {
                    let Some((_, dir)) = spill.take() else {
                        return Err(HttpError::BodyTooLarge {
                            url: url.to_string(),
                            limit: max_body_bytes,
                        });
                    };
                    // Too big for memory after all: move what came so far to a file.
                    let mut writer = FileWriter::temporary(&dir)
                        .await
                        .map_err(|e| write_error(dir.display().to_string(), e))?;
                    for part in [body.split().freeze(), chunk] {
                        writer
                            .write(part)
                            .await
                            .map_err(|e| write_error(writer.describe(), e))?;
                    }
                    body = bytes::BytesMut::new();
                    target = Target::File(writer);
                } else {
                    body.extend_from_slice(&chunk);
                }
            }
            Target::File(writer) => {
                if let Err(e) = writer.write(chunk).await {
                    let path = writer.describe();
                    if let Target::File(writer) = target {
                        writer.discard().await;
                    }
                    return Err(write_error(path, e));
                }
            }
        }
    }
    let body_file = match target {
        Target::Memory { .. } => None,
        Target::File(writer) => {
            let path = writer.describe();
            Some(writer.finish().await.map_err(|e| write_error(path, e))?)
        }
    };
    Ok(ResponseData {
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("").to_string(),
        version,
        headers,
        body: body.freeze(),
        body_file,
    })
}
