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
