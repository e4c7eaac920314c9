//! Raw HTTP against the sandbox with reqwest (no engine in between), for its conformance
//! tests: a response read completely, and logging in.

use reqwest::{Client, Method, RequestBuilder};
use serde_json::{Value, json};

/// A response, read completely.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: Vec<u8>,
    pub text: String,
    pub json: Option<Value>,
}

impl Reply {
    /// A header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// AYON's `detail`, when the body has one.
    pub fn detail(&self) -> Option<&str> {
        self.json.as_ref()?.get("detail")?.as_str()
    }

    /// The body as JSON (panics when it is not).
    pub fn body(&self) -> &Value {
        self.json.as_ref().expect("response body is JSON")
    }
}

/// Sends the request and reads the whole answer.
pub async fn send(request: RequestBuilder) -> Reply {
    let response = request.send().await.expect("request reaches the sandbox");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("body is readable").to_vec();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let json = serde_json::from_slice(&bytes).ok();
    Reply {
        status,
        headers,
        bytes,
        text,
        json,
    }
}

/// Logs `name` in at `base_url`; returns the token.
pub async fn login(http: &Client, base_url: &str, name: &str, password: &str) -> String {
    let reply = send(
        http.request(Method::POST, format!("{base_url}/api/auth/login"))
            .json(&json!({"name": name, "password": password})),
    )
    .await;
    assert_eq!(reply.status, 200, "login of {name} failed: {}", reply.text);
    reply.body()["token"]
        .as_str()
        .expect("token is a string")
        .to_owned()
}
