//! What a client needs to list a server's endpoints: the root `/openapi.json`.
//!
//! The server comes from `AYON_TEST_SERVER_URL` (with `AYON_TEST_ADMIN_NAME`,
//! `AYON_TEST_ADMIN_PASSWORD`), else a fresh sandbox; what a test creates has
//! a unique name and is deleted at the end.

use reqwest::{Client, Method, RequestBuilder};
use serde_json::json;

#[path = "support/mod.rs"]
mod support;
use support::sandbox_http::{Reply, login, send};
use support::target::{Target, target, unique_name};

/// A target, a client and the admin's token.
struct Env {
    target: Target,
    http: Client,
    token: String,
}

impl Env {
    async fn new() -> Env {
        let target = target().await;
        let http = Client::new();
        let token = login(
            &http,
            &target.url,
            &target.admin_name,
            &target.admin_password,
        )
        .await;
        Env {
            target,
            http,
            token,
        }
    }

    fn req(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.target.url))
    }

    fn admin(&self, method: Method, path: &str) -> RequestBuilder {
        self.req(method, path).bearer_auth(&self.token)
    }

    /// A new artist (no roles) and their token.
    async fn artist(&self) -> (String, String) {
        let name = unique_name("artist");
        let password = "Artist.12345";
        let reply = send(
            self.admin(Method::PUT, &format!("/api/users/{name}"))
                .json(&json!({"attrib": {"fullName": "Test Artist"}, "password": password})),
        )
        .await;
        assert_eq!(reply.status, 204, "{}", reply.text);
        let token = login(&self.http, &self.target.url, &name, password).await;
        (name, token)
    }

    async fn delete_user(&self, name: &str) {
        let reply = send(self.admin(Method::DELETE, &format!("/api/users/{name}"))).await;
        assert_eq!(reply.status, 204, "{}", reply.text);
    }
}

fn assert_error(reply: &Reply, status: u16, detail: &str) {
    assert_eq!(reply.status, status, "unexpected reply: {}", reply.text);
    assert_eq!(
        reply.json,
        Some(json!({"code": status, "detail": detail})),
        "unexpected body"
    );
}

// ---------------------------------------------------------------------------
// /openapi.json

#[tokio::test]
async fn openapi_json_is_for_managers_only() {
    let env = Env::new().await;
    let anonymous = send(env.req(Method::GET, "/openapi.json")).await;
    assert_error(
        &anonymous,
        403,
        "You must be logged in to access OpenAPI schema",
    );
    let bad_token = send(
        env.req(Method::GET, "/openapi.json")
            .bearer_auth("f".repeat(64)),
    )
    .await;
    assert_error(
        &bad_token,
        403,
        "You must be logged in to access OpenAPI schema",
    );

    let (artist, artist_token) = env.artist().await;
    let not_manager = send(
        env.req(Method::GET, "/openapi.json")
            .bearer_auth(&artist_token),
    )
    .await;
    env.delete_user(&artist).await;
    assert_error(
        &not_manager,
        403,
        "You are not allowed to access OpenAPI schema",
    );

    let spec = send(env.admin(Method::GET, "/openapi.json")).await;
    assert_eq!(spec.status, 200, "{}", spec.text);
    let body = spec.body();
    assert_eq!(body["openapi"], "3.1.0");
    assert_eq!(body["info"]["title"], "Ayon server");
    let list = &body["paths"]["/api/projects"]["get"];
    assert_eq!(list["operationId"], "list_projects");
    assert_eq!(list["tags"], json!(["Projects"]));
    let login = &body["paths"]["/api/auth/login"]["post"];
    assert_eq!(
        login["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/LoginRequestModel"
    );
    // Raw uploads document no body, as on the real server.
    let upload = &body["paths"]["/api/addons/install"]["post"];
    assert_eq!(upload["operationId"], "upload_addon_zip_file");
    assert!(upload.get("requestBody").is_none());
    assert!(body["paths"].get("/graphql").is_none());
}
