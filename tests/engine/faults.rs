//! A misbehaving server gives a named error, never a panic.

use std::time::Duration;

use ayon_rest_explorer::body::BodyPreview;
use ayon_rest_explorer::http::{HttpError, HttpMethod, RequestSpec, build_client, execute};

use crate::support::raw_server::{Behaviour, refused_url, start};

fn get(url: &str) -> RequestSpec {
    RequestSpec::new(HttpMethod::Get, url::Url::parse(url).unwrap())
}

#[tokio::test]
async fn refused_connection_names_the_url() {
    let url = refused_url().await;
    let err = execute(&build_client().unwrap(), &get(&format!("{url}/api/info")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, HttpError::ConnectionRefused { .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("Connection refused"), "{text}");
    assert!(text.contains(&url), "{text}");
}

#[tokio::test]
async fn unresolvable_host_is_a_dns_error() {
    // `.invalid` never resolves (RFC 6761), and the lookup fails locally without network.
    let err = execute(
        &build_client().unwrap(),
        &get("http://no-such-host.invalid/api/info"),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, HttpError::Dns { .. }), "{err:?}");
    assert!(err.to_string().contains("no-such-host.invalid"), "{err}");
}

#[tokio::test]
async fn silent_server_times_out_with_the_limit_named() {
    let url = start(Behaviour::Silent(Duration::from_secs(30))).await;
    let spec = get(&format!("{url}/slow")).timeout(Duration::from_millis(300));
    let started = std::time::Instant::now();
    let err = execute(&build_client().unwrap(), &spec).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(matches!(err, HttpError::Timeout { .. }), "{err:?}");
    assert!(err.to_string().contains("within 0.3 s"), "{err}");
}

#[tokio::test]
async fn close_mid_body_says_how_much_arrived() {
    let reply = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"partial\":"
        .to_vec();
    let url = start(Behaviour::Reply(reply)).await;
    let err = execute(&build_client().unwrap(), &get(&format!("{url}/cut")))
        .await
        .unwrap_err();
    match &err {
        HttpError::ClosedMidBody { received, .. } => assert_eq!(*received, 11),
        other => panic!("expected ClosedMidBody, got {other:?}"),
    }
    assert!(err.to_string().contains("mid-body after 11 bytes"), "{err}");
}

#[tokio::test]
async fn garbage_instead_of_http_is_named() {
    let url = start(Behaviour::Reply(b"SSH-2.0-OpenSSH_9.2\r\n".to_vec())).await;
    let err = execute(&build_client().unwrap(), &get(&format!("{url}/")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, HttpError::Protocol { .. } | HttpError::Other { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains(&url), "{err}");
}

#[tokio::test]
async fn invalid_utf8_body_is_reported_with_its_offset() {
    let mut reply =
        b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 6\r\n\r\nab".to_vec();
    reply.extend_from_slice(&[0xff, 0xfe, b'c', b'd']);
    let url = start(Behaviour::Reply(reply)).await;
    let exchange = execute(&build_client().unwrap(), &get(&format!("{url}/bytes")))
        .await
        .expect("the exchange itself succeeds");
    assert_eq!(exchange.response.body.len(), 6);
    let preview = BodyPreview::build(&exchange.response.body, exchange.response.content_type());
    match preview {
        BodyPreview::InvalidUtf8 {
            valid_up_to, len, ..
        } => {
            assert_eq!((valid_up_to, len), (2, 6));
        }
        other => panic!("expected InvalidUtf8, got {other:?}"),
    }
}

#[tokio::test]
async fn invalid_urls_and_headers_are_named_before_sending() {
    let spec = get("http://127.0.0.1:9/x").header("Bad Header", "v");
    let err = execute(&build_client().unwrap(), &spec).await.unwrap_err();
    assert!(matches!(err, HttpError::InvalidHeader { .. }), "{err:?}");
    assert!(err.to_string().contains("Bad Header"));
    let spec = get("http://127.0.0.1:9/x").header("X-Ok", "line\nbreak");
    let err = execute(&build_client().unwrap(), &spec).await.unwrap_err();
    assert!(err.to_string().contains("line break"), "{err}");
}

#[tokio::test]
async fn tls_to_a_plain_http_server_is_a_tls_error() {
    // A plain HTTP answer where a TLS ServerHello is expected.
    let url = start(Behaviour::Greet(
        b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n".to_vec(),
    ))
    .await;
    let https = url.replacen("http://", "https://", 1);
    let err = execute(&build_client().unwrap(), &get(&format!("{https}/api/info")))
        .await
        .unwrap_err();
    assert!(matches!(err, HttpError::Tls { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with("TLS handshake with https://"),
        "{err}"
    );
}

#[tokio::test]
async fn a_body_past_the_memory_limit_is_refused_by_name() {
    let mut reply =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n"
            .to_vec();
    reply.extend(std::iter::repeat_n(b' ', 5000));
    let url = start(Behaviour::Reply(reply)).await;
    let mut spec = get(&format!("{url}/big"));
    spec.max_body_bytes = 4096;
    let err = execute(&build_client().unwrap(), &spec).await.unwrap_err();
    assert!(
        matches!(err, HttpError::BodyTooLarge { limit: 4096, .. }),
        "{err:?}"
    );
}

/// The head of a 200 with these extra header lines.
fn head(extra: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{extra}\r\n").into_bytes()
}

/// `data` compressed with `encoding`, by the same crate the engine decodes with.
async fn encode(encoding: &str, data: &[u8]) -> Vec<u8> {
    use async_compression::tokio::bufread as en;
    use tokio::io::AsyncReadExt;
    let mut out = Vec::new();
    let result = match encoding {
        "gzip" => en::GzipEncoder::new(data).read_to_end(&mut out).await,
        "deflate" => en::ZlibEncoder::new(data).read_to_end(&mut out).await,
        "br" => en::BrotliEncoder::new(data).read_to_end(&mut out).await,
        "zstd" => en::ZstdEncoder::new(data).read_to_end(&mut out).await,
        other => panic!("no encoder for {other}"),
    };
    result.expect("encoded");
    out
}

#[tokio::test]
async fn gzip_deflate_brotli_and_zstd_bodies_are_decoded() {
    let json = br#"{"projects":[{"name":"demo","code":"dm"}],"note":"decoded"}"#.repeat(50);
    for encoding in ["gzip", "deflate", "br", "zstd"] {
        let body = encode(encoding, &json).await;
        let mut reply = head(&format!(
            "content-encoding: {encoding}\r\ncontent-length: {}\r\n",
            body.len()
        ));
        reply.extend_from_slice(&body);
        let url = start(Behaviour::Reply(reply)).await;
        let exchange = execute(&build_client().unwrap(), &get(&format!("{url}/{encoding}")))
            .await
            .unwrap_or_else(|e| panic!("{encoding}: {e}"));
        assert_eq!(&exchange.response.body[..], &json[..], "{encoding}");
        // The headers stay as received.
        assert_eq!(exchange.response.header("content-encoding"), Some(encoding));
    }
}

#[tokio::test]
async fn a_gzip_bomb_is_refused_by_name() {
    // 64 MB of zeros compress to about 64 KB.
    let zeros = vec![0u8; 64 * 1024 * 1024];
    let bomb = encode("gzip", &zeros).await;
    drop(zeros);
    assert!(bomb.len() < 1024 * 1024, "{}", bomb.len());
    let mut reply = head(&format!(
        "content-encoding: gzip\r\ncontent-length: {}\r\n",
        bomb.len()
    ));
    reply.extend_from_slice(&bomb);
    let url = start(Behaviour::Reply(reply)).await;
    let err = execute(&build_client().unwrap(), &get(&format!("{url}/bomb")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, HttpError::DecompressionBomb { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("decompression bomb"), "{err}");
}

#[tokio::test]
async fn a_body_that_is_not_what_its_encoding_says_is_named() {
    let mut reply = head("content-encoding: gzip\r\ncontent-length: 12\r\n");
    reply.extend_from_slice(b"not gzip at!");
    let url = start(Behaviour::Reply(reply)).await;
    let err = execute(&build_client().unwrap(), &get(&format!("{url}/bad")))
        .await
        .unwrap_err();
    assert!(matches!(err, HttpError::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains("gzip-encoded body"), "{err}");
}

#[tokio::test]
async fn a_reset_mid_body_is_named() {
    let mut reply = head("content-length: 100000\r\n");
    reply.extend_from_slice(&[b' '; 500]);
    let url = start(Behaviour::ResetAfter(reply)).await;
    let err = execute(&build_client().unwrap(), &get(&format!("{url}/reset")))
        .await
        .unwrap_err();
    assert!(matches!(err, HttpError::ClosedMidBody { .. }), "{err:?}");
}

#[tokio::test]
async fn a_body_trickling_in_times_out_saying_how_much_arrived() {
    let mut reply = head("content-length: 100\r\n");
    let head_len = reply.len();
    reply.extend_from_slice(&[b' '; 100]);
    let url = start(Behaviour::Trickle {
        bytes: reply,
        // The head and one body byte at once, then one byte a second.
        first: head_len + 1,
        chunk: 1,
        pause: Duration::from_millis(1000),
    })
    .await;
    let spec = get(&format!("{url}/trickle")).timeout(Duration::from_millis(2500));
    let err = execute(&build_client().unwrap(), &spec).await.unwrap_err();
    match &err {
        HttpError::Timeout { received, .. } => {
            assert!((2..=4).contains(received), "{received} bytes")
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(
        err.to_string().contains("bytes of the body had arrived"),
        "{err}"
    );
}

#[tokio::test]
async fn truncated_chunked_encoding_is_named() {
    // One chunk, then the connection closes without the last-chunk marker.
    let reply = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n".to_vec();
    let url = start(Behaviour::Reply(reply)).await;
    let err = execute(&build_client().unwrap(), &get(&format!("{url}/chunked")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, HttpError::ClosedMidBody { received: 5, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_one_megabyte_header_is_refused_by_name() {
    let mut reply = b"HTTP/1.1 200 OK\r\nx-huge: ".to_vec();
    reply.extend(std::iter::repeat_n(b'a', 1024 * 1024));
    reply.extend_from_slice(b"\r\ncontent-length: 0\r\n\r\n");
    let url = start(Behaviour::Reply(reply)).await;
    let err = execute(&build_client().unwrap(), &get(&format!("{url}/huge")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, HttpError::Protocol { .. } | HttpError::Other { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains(&url), "{err}");
}

#[tokio::test]
async fn an_invalid_status_line_is_named() {
    let url = start(Behaviour::Reply(b"HTTP/1.1 abc OK\r\n\r\n".to_vec())).await;
    let err = execute(&build_client().unwrap(), &get(&format!("{url}/status")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, HttpError::Protocol { .. } | HttpError::Other { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_redirect_loop_stops_after_ten_hops() {
    let reply = b"HTTP/1.1 302 Found\r\nlocation: /again\r\ncontent-length: 0\r\n\r\n".to_vec();
    let url = start(Behaviour::Reply(reply)).await;
    let err = execute(&build_client().unwrap(), &get(&format!("{url}/again")))
        .await
        .unwrap_err();
    assert!(
        matches!(err, HttpError::TooManyRedirects { max: 10, .. }),
        "{err:?}"
    );
}
