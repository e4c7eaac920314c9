//! Sends a [`RequestSpec`], follows redirects by our own rules, reads the body.

use std::time::Instant;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::classify::{classify_body_error, classify_send_error};
use super::redirect::{headers_for_next_hop, is_redirect, next_method, same_origin};
use super::{
    Exchange, HttpError, HttpMethod, RedirectHop, RequestSpec, ResponseData, SentRequest, SpecBody,
    Timings,
};

/// Runs the exchange to completion, bounded by `spec.timeout` (body included).
///
/// Cancelling is dropping the future: the connection is closed with it.
pub async fn execute(client: &reqwest::Client, spec: &RequestSpec) -> Result<Exchange, HttpError> {
    match tokio::time::timeout(spec.timeout, run(client, spec)).await {
        Ok(result) => result.map_err(|e| with_timeout(e, spec).map_url(|u| spec.mask(u))),
        Err(_) => Err(HttpError::Timeout {
            url: spec.mask(spec.url.as_str()),
            after: spec.timeout,
        }),
    }
}

fn with_timeout(err: HttpError, spec: &RequestSpec) -> HttpError {
    match err {
        HttpError::Timeout { url, .. } => HttpError::Timeout {
            url,
            after: spec.timeout,
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

async fn run(client: &reqwest::Client, spec: &RequestSpec) -> Result<Exchange, HttpError> {
    let started = Instant::now();
    let mut url = spec.url.clone();
    let mut method = spec.method;
    let mut headers = spec.headers.clone();
    let mut body = spec.body.clone();
    let mut redirects = Vec::new();

    loop {
        let response = send_once(client, method, &url, &headers, &body).await?;
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
            let (next_headers, dropped) = headers_for_next_hop(&headers, cross_origin, keep_body);
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
        let response_data = read_response(response, &url, spec.max_body_bytes).await?;
        return Ok(Exchange {
            request: SentRequest {
                method: method.as_str().to_string(),
                url: spec.mask(url.as_str()),
                headers: headers
                    .iter()
                    .map(|(n, v)| (n.clone(), spec.mask(v)))
                    .collect(),
                body_len: body.len(),
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

async fn send_once(
    client: &reqwest::Client,
    method: HttpMethod,
    url: &url::Url,
    headers: &[(String, String)],
    body: &SpecBody,
) -> Result<reqwest::Response, HttpError> {
    let mut builder = client
        .request(method.to_reqwest(), url.clone())
        .headers(header_map(headers)?);
    match body {
        SpecBody::Empty => {}
        SpecBody::Bytes(bytes) => builder = builder.body(bytes.clone()),
        SpecBody::File { path, len } => {
            let stream = super::file_body::open(path, *len).await?;
            builder = builder
                .header(reqwest::header::CONTENT_LENGTH, *len)
                .body(reqwest::Body::wrap_stream(stream));
        }
    }
    builder
        .send()
        .await
        .map_err(|e| classify_send_error(&e, url))
}

async fn read_response(
    mut response: reqwest::Response,
    url: &url::Url,
    max_body_bytes: u64,
) -> Result<ResponseData, HttpError> {
    let status = response.status();
    let version = format!("{:?}", response.version());
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    // Content-Length is the server's claim: trust it only up to a modest pre-allocation.
    let capacity = response
        .content_length()
        .map(|n| n.min(8 * 1024 * 1024) as usize)
        .unwrap_or(0);
    let mut body = bytes::BytesMut::with_capacity(capacity);
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if (body.len() + chunk.len()) as u64 > max_body_bytes {
                    return Err(HttpError::BodyTooLarge {
                        url: url.to_string(),
                        limit: max_body_bytes,
                    });
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => return Err(classify_body_error(&e, url, body.len() as u64)),
        }
    }
    Ok(ResponseData {
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("").to_string(),
        version,
        headers,
        body: body.freeze(),
    })
}
