//! The proxy override from Settings: requests go through it (in absolute form), hosts in
//! its "no proxy" list bypass it, and a URL it cannot use is refused by name.

use axum::Router;
use axum::routing::any;

use ayon_rest_explorer::http::{
    ClientOptions, HttpError, HttpMethod, ProxySettings, RequestSpec, build_client_with, execute,
};
use ayon_rest_explorer::secret::Secret;

fn with_proxy(proxy: &ProxySettings) -> ClientOptions {
    ClientOptions {
        proxy: proxy.clone(),
        ..ClientOptions::default()
    }
}

use crate::support::raw_server;
use crate::support::recording_server::{self, record_ok};

fn get(url: &str) -> RequestSpec {
    RequestSpec::new(HttpMethod::Get, url::Url::parse(url).expect("valid URL"))
}

#[tokio::test]
async fn requests_go_through_the_proxy_unless_the_host_bypasses_it() {
    let proxy = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    // Nothing listens at the target: only the proxy can answer.
    let target = raw_server::refused_url().await;
    let through = ProxySettings {
        url: proxy.url.clone(),
        no_proxy: String::new(),
        password: None,
    };
    let client = build_client_with(&with_proxy(&through)).expect("client");
    let exchange = execute(&client, &get(&format!("{target}/api/users/me")))
        .await
        .expect("the proxy answers");
    assert_eq!(exchange.response.status, 200);
    let received = proxy.received();
    assert_eq!(received.len(), 1);
    // A forward proxy is asked for the whole URL, and told the target host.
    let host = target.trim_start_matches("http://");
    assert_eq!(received[0].header("host"), Some(host));

    let bypass = ProxySettings {
        no_proxy: "localhost, 127.0.0.1".to_owned(),
        ..through
    };
    let client = build_client_with(&with_proxy(&bypass)).expect("client");
    let error = execute(&client, &get(&format!("{target}/api/users/me")))
        .await
        .expect_err("straight to a closed port");
    assert!(
        matches!(error, HttpError::ConnectionRefused { .. }),
        "{error:?}"
    );
    assert_eq!(
        proxy.received().len(),
        1,
        "the bypassed request skipped the proxy"
    );
}

#[test]
fn a_proxy_url_that_cannot_be_used_is_named() {
    for (url, words) in [
        ("ftp://proxy:21", "must start with http"),
        ("http://me:s3cr3t-pw@proxy:3128", "settings never keep"),
    ] {
        let settings = ProxySettings {
            url: url.to_owned(),
            no_proxy: String::new(),
            password: None,
        };
        let error = build_client_with(&with_proxy(&settings)).expect_err("refused");
        assert!(error.to_string().contains(words), "{url}: {error}");
        assert!(!error.to_string().contains("s3cr3t"), "{error}");
    }
}

#[tokio::test]
async fn the_proxy_password_goes_to_the_proxy_as_basic_auth_for_the_user_the_url_names() {
    let proxy = recording_server::start(Router::new().route("/{*path}", any(record_ok))).await;
    let target = raw_server::refused_url().await;
    let with_user = proxy.url.replacen("http://", "http://pipe%40line@", 1);
    let settings = ProxySettings {
        url: with_user,
        no_proxy: String::new(),
        password: Some(Secret::new("pr0xy pass")),
    };
    let client = build_client_with(&with_proxy(&settings)).expect("client");
    let exchange = execute(&client, &get(&format!("{target}/api/info")))
        .await
        .expect("the proxy answers");
    assert_eq!(exchange.response.status, 200);
    let received = proxy.received();
    // base64("pipe@line:pr0xy pass"): the user name is decoded, the password sent as typed.
    assert_eq!(
        received[0].header("proxy-authorization"),
        Some("Basic cGlwZUBsaW5lOnByMHh5IHBhc3M=")
    );

    let no_user = ProxySettings {
        url: proxy.url.clone(),
        ..settings
    };
    let error = build_client_with(&with_proxy(&no_user)).expect_err("refused");
    assert!(error.to_string().contains("names no user"), "{error}");
}
