//! Thumbnails over HTTP: the demo project's PNG with its content type, 404s for an
//! unknown ID or project, 400 for a malformed ID, and 401 without a session.

use ayon_explorer_sandbox::thumbnails::{
    DEMO_THUMBNAIL_HEIGHT, DEMO_THUMBNAIL_ID, DEMO_THUMBNAIL_WIDTH,
};
use ayon_explorer_sandbox::{Sandbox, SandboxConfig};
use reqwest::Client;
use serde_json::{Value, json};

async fn login(http: &Client, sandbox: &Sandbox) -> String {
    let reply: Value = http
        .post(format!("{}/api/auth/login", sandbox.base_url()))
        .json(&json!({"name": sandbox.admin_name(), "password": sandbox.admin_password()}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_demo_thumbnail_is_a_png_for_managers_only() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let http = Client::new();
    let token = login(&http, &sandbox).await;
    let url = |project: &str, id: &str| {
        format!(
            "{}/api/projects/{project}/thumbnails/{id}",
            sandbox.base_url()
        )
    };

    let reply = http
        .get(url("demo_Commercial", DEMO_THUMBNAIL_ID))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 200);
    assert_eq!(
        reply.headers()["content-type"].to_str().unwrap(),
        "image/png"
    );
    let png = reply.bytes().await.unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    // Width and height from the IHDR chunk.
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!(
        (width, height),
        (DEMO_THUMBNAIL_WIDTH, DEMO_THUMBNAIL_HEIGHT)
    );

    // Query parameters the real route takes are accepted.
    let reply = http
        .get(url("demo_commercial", DEMO_THUMBNAIL_ID) + "?placeholder=none&original=true")
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 200);

    let status_and_detail = |reply: reqwest::Response| async move {
        let status = reply.status().as_u16();
        let body: Value = reply.json().await.unwrap_or(Value::Null);
        (
            status,
            body["detail"].as_str().unwrap_or_default().to_owned(),
        )
    };
    let unknown = "0".repeat(32);
    let reply = http
        .get(url("demo_Commercial", &unknown))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        status_and_detail(reply).await,
        (404, "Thumbnail not found".to_owned())
    );
    let reply = http
        .get(url("nope", DEMO_THUMBNAIL_ID))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        status_and_detail(reply).await,
        (404, "Project nope not found".to_owned())
    );
    let reply = http
        .get(url("demo_Commercial", "not-an-id"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 400);

    let reply = http
        .get(url("demo_Commercial", DEMO_THUMBNAIL_ID))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status().as_u16(), 401);
}
