//! Integration tests of the embedded sandbox server, over real HTTP with reqwest.
//! Every test starts its own sandbox on a free port, so they run in parallel.

use std::collections::BTreeSet;

use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};
use reqwest::{Client, Method, RequestBuilder};

#[path = "support/mod.rs"]
mod support;
use serde_json::{Value, json};
use support::sandbox_http::{Reply, login, send};

const SERVICE_KEY: &str = "fe26e8249ae7cfcbf6c61a9f2994b491";

async fn start(seed_demo_project: bool) -> Sandbox {
    Sandbox::start(SandboxConfig {
        seed_demo_project,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// A sandbox plus a client and helpers for common calls.
struct Env {
    sandbox: Sandbox,
    http: Client,
}

impl Env {
    async fn new() -> Env {
        Env {
            sandbox: start(false).await,
            http: Client::new(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url())
    }

    fn get(&self, path: &str) -> RequestBuilder {
        self.http.get(self.url(path))
    }

    fn req(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, self.url(path))
    }

    async fn login(&self, name: &str, password: &str) -> String {
        login(&self.http, self.sandbox.base_url(), name, password).await
    }

    async fn admin_token(&self) -> String {
        self.login(self.sandbox.admin_name(), self.sandbox.admin_password())
            .await
    }

    async fn create_user(&self, token: &str, name: &str, body: Value) -> Reply {
        send(
            self.req(Method::PUT, &format!("/api/users/{name}"))
                .bearer_auth(token)
                .json(&body),
        )
        .await
    }

    async fn create_service_user(&self, token: &str) {
        let reply = self
            .create_user(
                token,
                "lab_service",
                json!({"attrib": {"fullName": "Lab service"}, "data": {"isService": true}, "apiKey": SERVICE_KEY}),
            )
            .await;
        assert_eq!(reply.status, 204, "{}", reply.text);
    }

    async fn me(&self, request: RequestBuilder) -> Reply {
        send(request).await
    }
}

fn assert_error(reply: &Reply, status: u16, detail: &str) {
    assert_eq!(reply.status, status, "unexpected reply: {}", reply.text);
    assert_eq!(
        reply.json,
        Some(json!({"code": status, "detail": detail})),
        "unexpected body"
    );
    assert_eq!(reply.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn login_succeeds_with_token_and_user_model() {
    let env = Env::new().await;
    let reply = send(
        env.req(Method::POST, "/api/auth/login")
            .json(&json!({"name": "  ADMIN ", "password": "admin"})),
    )
    .await;
    assert_eq!(reply.status, 200);
    assert!(
        reply.header("set-cookie").is_none(),
        "AYON sets no cookie on login"
    );
    let body = reply.body();
    assert_eq!(body["detail"], "Logged in as admin");
    assert_eq!(body["error"], Value::Null);
    assert_eq!(body["redirectUrl"], Value::Null);
    let token = body["token"].as_str().expect("token");
    assert_eq!(token.len(), 64);
    assert!(token.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
    assert_eq!(body["user"]["name"], "admin");
    assert_eq!(body["user"]["data"]["isAdmin"], true);
    assert_eq!(body["user"]["active"], true);
    assert!(
        body["user"]["createdAt"]
            .as_str()
            .is_some_and(|t| t.ends_with("+00:00"))
    );
    assert!(
        !reply.text.contains("password"),
        "no password hash may leak"
    );

    let second = env.admin_token().await;
    assert_ne!(second, token, "each login gets a fresh token");
}

#[tokio::test]
async fn login_with_bad_credentials_is_403() {
    let env = Env::new().await;
    for body in [
        json!({"name": "admin", "password": "wrong"}),
        json!({"name": "nobody", "password": "wrong"}),
    ] {
        let reply = send(env.req(Method::POST, "/api/auth/login").json(&body)).await;
        assert_error(&reply, 403, "Invalid login/password combination");
    }

    let admin = env.admin_token().await;
    env.create_service_user(&admin).await;
    let reply = send(
        env.req(Method::POST, "/api/auth/login")
            .json(&json!({"name": "lab_service", "password": "whatever"})),
    )
    .await;
    assert_error(&reply, 403, "Service users cannot log in");
}

#[tokio::test]
async fn login_with_bad_body_is_400_validation() {
    let env = Env::new().await;
    let reply = send(
        env.req(Method::POST, "/api/auth/login")
            .json(&json!({"name": "admin"})),
    )
    .await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.json,
        Some(json!({
            "code": 400,
            "detail": "Request validation error in [POST] /api/auth/login",
            "path": "/api/auth/login",
            "traceback": "password: field required",
            "errors": [{"loc": ["body", "password"], "msg": "field required", "type": "value_error.missing"}],
        }))
    );

    // Not JSON at all.
    let reply = send(
        env.req(Method::POST, "/api/auth/login")
            .header("content-type", "application/json")
            .body("{name: admin"),
    )
    .await;
    assert_eq!(reply.status, 400);
    let body = reply.body();
    assert_eq!(body["code"], 400);
    assert_eq!(
        body["detail"],
        "Request validation error in [POST] /api/auth/login"
    );
    assert_eq!(body["errors"][0]["type"], "json_invalid");
    assert_eq!(body["errors"][0]["loc"][0], "body");

    // Wrong types and an empty body.
    let reply = send(
        env.req(Method::POST, "/api/auth/login")
            .json(&json!({"name": {"a": 1}, "password": null})),
    )
    .await;
    assert_eq!(reply.status, 400);
    let types: Vec<&str> = reply.body()["errors"]
        .as_array()
        .expect("errors list")
        .iter()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert_eq!(types, ["type_error.str", "type_error.none.not_allowed"]);

    let reply = send(env.req(Method::POST, "/api/auth/login")).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.body()["traceback"], "body: field required");
}

#[tokio::test]
async fn users_me_with_each_session_form() {
    let env = Env::new().await;
    let token = env.admin_token().await;

    let bearer = env.me(env.get("/api/users/me").bearer_auth(&token)).await;
    let cookie = env
        .me(env
            .get("/api/users/me")
            .header("cookie", format!("other=1; accessToken={token}")))
        .await;
    let query = env
        .me(env.get(&format!("/api/users/me?token={token}")))
        .await;
    let x_api_key = env
        .me(env.get("/api/users/me").header("x-api-key", &token))
        .await;
    for reply in [&bearer, &cookie, &query, &x_api_key] {
        assert_eq!(reply.status, 200, "{}", reply.text);
        let body = reply.body();
        assert_eq!(body["name"], "admin");
        assert_eq!(body["data"]["isAdmin"], true);
        let keys: BTreeSet<&str> = body
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            BTreeSet::from([
                "name",
                "attrib",
                "data",
                "active",
                "ownAttrib",
                "createdAt",
                "updatedAt"
            ])
        );
        assert!(!reply.text.contains("password"));
    }
}

#[tokio::test]
async fn users_me_auth_failures() {
    let env = Env::new().await;
    let nothing = env.me(env.get("/api/users/me")).await;
    assert_error(&nothing, 401, "Access token is missing");

    let short_bearer = env.me(env.get("/api/users/me").bearer_auth("abc")).await;
    assert_error(&short_bearer, 401, "Access token is missing");

    let unknown = env
        .me(env.get("/api/users/me").bearer_auth("0".repeat(64)))
        .await;
    assert_error(&unknown, 401, "Invalid session");

    let bad_key = env
        .me(env
            .get("/api/users/me")
            .header("X-Api-Key", "0123456789abcdef0123456789abcdef"))
        .await;
    assert_error(&bad_key, 401, "Invalid API key");
}

#[tokio::test]
async fn service_api_key_and_impersonation() {
    let env = Env::new().await;
    let admin = env.admin_token().await;
    env.create_service_user(&admin).await;

    // X-Api-Key with the key.
    let reply = env
        .me(env.get("/api/users/me").header("X-Api-Key", SERVICE_KEY))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body()["name"], "lab_service");
    assert_eq!(reply.body()["data"]["isService"], true);
    assert_eq!(reply.body()["data"]["apiKeyPreview"], "fe26***b491");
    assert_eq!(reply.body()["data"]["createdBy"], "admin");
    assert!(!reply.text.contains(SERVICE_KEY));
    assert!(reply.body()["data"].get("apiKey").is_none(), "no key hash");

    // Authorization: ApiKey.
    let reply = env
        .me(env
            .get("/api/users/me")
            .header("authorization", format!("apikey {SERVICE_KEY}")))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body()["name"], "lab_service");

    // X-Api-Key + X-As-User (header names are case-insensitive).
    let reply = env
        .me(env
            .get("/api/users/me")
            .header("X-Api-Key", SERVICE_KEY)
            .header("x-AS-user", "admin"))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body()["name"], "admin");

    // Unknown impersonation target: bare plain-text 500.
    let reply = env
        .me(env
            .get("/api/users/me")
            .header("X-Api-Key", SERVICE_KEY)
            .header("X-as-user", "nobody"))
        .await;
    assert_eq!(reply.status, 500);
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(reply.text, "Internal Server Error");

    // A non-service admin's X-As-User is silently ignored.
    let reply = env
        .me(env
            .get("/api/users/me")
            .bearer_auth(&admin)
            .header("X-as-user", "lab_service"))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body()["name"], "admin");

    // A 32-char key sent as Bearer is ignored entirely.
    let reply = env
        .me(env.get("/api/users/me").bearer_auth(SERVICE_KEY))
        .await;
    assert_error(&reply, 401, "Access token is missing");

    // X-Api-Key wins over a valid Bearer token.
    let reply = env
        .me(env
            .get("/api/users/me")
            .bearer_auth(&admin)
            .header("X-Api-Key", SERVICE_KEY))
        .await;
    assert_eq!(reply.body()["name"], "lab_service");
}

#[tokio::test]
async fn user_creation_rules() {
    let env = Env::new().await;
    let admin = env.admin_token().await;
    env.create_service_user(&admin).await;

    let dup = env
        .create_user(&admin, "lab_service", json!({"data": {"isService": true}}))
        .await;
    assert_error(&dup, 409, "User already exists");

    let key_for_normal = env
        .create_user(&admin, "normal_user", json!({"apiKey": SERVICE_KEY}))
        .await;
    assert_error(&key_for_normal, 400, "Only service users can have API keys");

    let service_password = env
        .create_user(
            &admin,
            "svc2",
            json!({"data": {"isService": true}, "password": "Secret.123"}),
        )
        .await;
    assert_error(
        &service_password,
        400,
        "Service users cannot have passwords",
    );

    let bad_key = env
        .create_user(
            &admin,
            "lab_service_bad",
            json!({"data": {"isService": true}, "apiKey": "short"}),
        )
        .await;
    assert_eq!(bad_key.status, 500);
    assert_eq!(
        bad_key.json,
        Some(json!({
            "path": "[PUT] /users/lab_service_bad",
            "file": "/backend/ayon_server/entities/user.py",
            "function": "set_api_key",
            "line": 395,
            "user": "admin",
            "detail": "",
            "status": 500,
        }))
    );

    let bad_name = env.create_user(&admin, "x", json!({})).await;
    assert_eq!(bad_name.status, 400);
    assert_eq!(
        bad_name.body()["errors"][0]["loc"],
        json!(["path", "user_name"])
    );
    assert_eq!(
        bad_name.body()["errors"][0]["type"],
        "value_error.str.regex"
    );

    let bad_body = env
        .create_user(&admin, "typed", json!({"active": "maybe", "data": []}))
        .await;
    assert_eq!(bad_body.status, 400);
    // Reported in the model's field order: attrib, data, active, password, apiKey.
    assert_eq!(
        bad_body.body()["traceback"],
        "data: value is not a valid dict\nactive: value could not be parsed to a boolean"
    );

    // A normal user: can log in, is not a manager, cannot create users.
    let created = env
        .create_user(
            &admin,
            "artist",
            json!({"attrib": {"fullName": "Test Artist", "email": "artist@example.com"}, "password": "Artist.12345"}),
        )
        .await;
    assert_eq!(created.status, 204);
    assert_eq!(created.text, "");
    let artist = env.login("artist", "Artist.12345").await;
    let forbidden = env.create_user(&artist, "another", json!({})).await;
    assert_error(&forbidden, 403, "Forbidden");

    // Reading users: full model for managers, name and `active` for others.
    let full = send(env.get("/api/users/artist").bearer_auth(&admin)).await;
    assert_eq!(full.status, 200);
    assert_eq!(full.body()["attrib"]["email"], "artist@example.com");
    let public = send(env.get("/api/users/admin").bearer_auth(&artist)).await;
    assert_eq!(public.json, Some(json!({"name": "admin", "active": true})));
    let missing = send(env.get("/api/users/ghost").bearer_auth(&admin)).await;
    assert_error(&missing, 404, "User ghost not found");

    // Deleting: manager only; the user's sessions end with it.
    let not_allowed = send(
        env.req(Method::DELETE, "/api/users/lab_service")
            .bearer_auth(&artist),
    )
    .await;
    assert_error(&not_allowed, 403, "Forbidden");
    let deleted = send(
        env.req(Method::DELETE, "/api/users/artist")
            .bearer_auth(&admin),
    )
    .await;
    assert_eq!(deleted.status, 204);
    let gone = send(env.get("/api/users/artist").bearer_auth(&admin)).await;
    assert_error(&gone, 404, "User artist not found");
    let dead_session = env.me(env.get("/api/users/me").bearer_auth(&artist)).await;
    assert_error(&dead_session, 401, "Invalid session");
}

#[tokio::test]
async fn service_key_can_be_replaced_via_password_patch() {
    let env = Env::new().await;
    let admin = env.admin_token().await;
    env.create_service_user(&admin).await;
    let new_key = "0123456789abcdef0123456789abcdef";

    let reply = send(
        env.req(Method::PATCH, "/api/users/lab_service/password")
            .bearer_auth(&admin)
            .json(&json!({"apiKey": new_key})),
    )
    .await;
    assert_eq!(reply.status, 204, "{}", reply.text);
    let with_new = env
        .me(env.get("/api/users/me").header("x-api-key", new_key))
        .await;
    assert_eq!(with_new.body()["name"], "lab_service");
    let with_old = env
        .me(env.get("/api/users/me").header("x-api-key", SERVICE_KEY))
        .await;
    assert_error(&with_old, 401, "Invalid API key");

    let not_service = send(
        env.req(Method::PATCH, "/api/users/admin/password")
            .bearer_auth(&admin)
            .json(&json!({"apiKey": new_key})),
    )
    .await;
    assert_error(&not_service, 400, "admin is not a service account");

    let bad_format = send(
        env.req(Method::PATCH, "/api/users/lab_service/password")
            .bearer_auth(&admin)
            .json(&json!({"apiKey": "NOT-HEX"})),
    )
    .await;
    assert_eq!(bad_format.status, 400);
    assert_eq!(
        bad_format.body()["errors"][0]["loc"],
        json!(["body", "apiKey"])
    );

    let nothing = send(
        env.req(Method::PATCH, "/api/users/lab_service/password")
            .bearer_auth(&admin)
            .json(&json!({})),
    )
    .await;
    assert_error(&nothing, 400, "No password or API key provided");

    // Changing a password: the new one works, the old one does not.
    let reply = send(
        env.req(Method::PATCH, "/api/users/admin/password")
            .bearer_auth(&admin)
            .json(&json!({"password": "n3w-Secret"})),
    )
    .await;
    assert_eq!(reply.status, 204);
    env.login("admin", "n3w-Secret").await;
    let old = send(
        env.req(Method::POST, "/api/auth/login")
            .json(&json!({"name": "admin", "password": "admin"})),
    )
    .await;
    assert_error(&old, 403, "Invalid login/password combination");
}

#[tokio::test]
async fn projects_create_list_get_delete() {
    let env = Env::new().await;
    let admin = env.admin_token().await;

    let empty = send(env.get("/api/projects").bearer_auth(&admin)).await;
    assert_eq!(
        empty.json,
        Some(json!({"detail": "No projects", "count": 0, "projects": []}))
    );

    let created = send(
        env.req(Method::POST, "/api/projects")
            .bearer_auth(&admin)
            .json(&json!({"name": "demo_project", "code": "demo", "anatomy": {}})),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.text, "");
    assert_eq!(created.header("content-length"), Some("0"));

    let list = send(env.get("/api/projects").bearer_auth(&admin)).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.body()["detail"], "Showing 1 of 1 projects");
    assert_eq!(list.body()["count"], 1);
    let item = &list.body()["projects"][0];
    assert_eq!(item["name"], "demo_project");
    assert_eq!(item["code"], "demo");
    assert_eq!(item["active"], true);
    let keys: BTreeSet<&str> = item
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["name", "code", "active", "createdAt", "updatedAt"])
    );

    let filtered = send(
        env.get("/api/projects?name=DEMO_PROJECT&active=true")
            .bearer_auth(&admin),
    )
    .await;
    assert_eq!(filtered.body()["count"], 1);
    let none = send(env.get("/api/projects?library=true").bearer_auth(&admin)).await;
    assert_eq!(none.body()["detail"], "No projects");
    let bad_page = send(env.get("/api/projects?page=0").bearer_auth(&admin)).await;
    assert_eq!(bad_page.status, 400);
    assert_eq!(
        bad_page.body()["errors"][0]["loc"],
        json!(["query", "page"])
    );

    let project = send(env.get("/api/projects/demo_project").bearer_auth(&admin)).await;
    assert_eq!(project.status, 200);
    let body = project.body();
    assert_eq!(body["name"], "demo_project");
    assert_eq!(body["library"], false);
    for list_key in ["folderTypes", "taskTypes", "statuses"] {
        assert!(
            body[list_key].as_array().is_some_and(|l| !l.is_empty()),
            "{list_key} should be a non-empty list"
        );
    }
    assert_eq!(body["attrib"]["fps"], 25.0);

    let duplicate = send(
        env.req(Method::POST, "/api/projects")
            .bearer_auth(&admin)
            .json(&json!({"name": "demo_project", "code": "other", "anatomy": {}})),
    )
    .await;
    assert_eq!(duplicate.status, 500);
    assert_eq!(duplicate.body()["error"], "unique-violation");
    assert_eq!(duplicate.body()["code"], 409);
    assert_eq!(
        duplicate.body()["detail"],
        "Project with name 'demo_project' already exists."
    );
    assert_eq!(duplicate.body()["path"], "[POST] /projects");

    let empty_name = send(
        env.req(Method::POST, "/api/projects")
            .bearer_auth(&admin)
            .json(&json!({"name": "", "code": "dp", "anatomy": {}})),
    )
    .await;
    assert_eq!(empty_name.status, 400);
    assert_eq!(
        empty_name.body()["errors"][0]["loc"],
        json!(["body", "name"])
    );

    let deleted = send(
        env.req(Method::DELETE, "/api/projects/demo_project")
            .bearer_auth(&admin),
    )
    .await;
    assert_eq!(deleted.status, 204);
    let gone = send(env.get("/api/projects/demo_project").bearer_auth(&admin)).await;
    assert_error(&gone, 404, "Project demo_project not found");
    let gone_again = send(
        env.req(Method::DELETE, "/api/projects/demo_project")
            .bearer_auth(&admin),
    )
    .await;
    assert_error(&gone_again, 404, "Project demo_project not found");
}

#[tokio::test]
async fn non_managers_see_projects_only_through_access_groups() {
    let env = Env::new().await;
    let admin = env.admin_token().await;
    for (name, code) in [("alpha", "al"), ("beta", "be")] {
        let reply = send(
            env.req(Method::POST, "/api/projects")
                .bearer_auth(&admin)
                .json(&json!({"name": name, "code": code, "anatomy": {}})),
        )
        .await;
        assert_eq!(reply.status, 201);
    }
    let created = env
        .create_user(
            &admin,
            "artist",
            json!({"password": "Artist.12345", "data": {"accessGroups": {"beta": ["artist"]}}}),
        )
        .await;
    assert_eq!(created.status, 204, "{}", created.text);
    let artist = env.login("artist", "Artist.12345").await;

    let list = send(env.get("/api/projects").bearer_auth(&artist)).await;
    assert_eq!(list.body()["detail"], "Showing 1 of 2 projects");
    assert_eq!(list.body()["projects"][0]["name"], "beta");
    let denied = send(env.get("/api/projects/alpha").bearer_auth(&artist)).await;
    assert_error(&denied, 403, "No access group assigned on this project");
    let allowed = send(env.get("/api/projects/beta").bearer_auth(&artist)).await;
    assert_eq!(allowed.status, 200);
    let create = send(
        env.req(Method::POST, "/api/projects")
            .bearer_auth(&artist)
            .json(&json!({"name": "gamma", "code": "ga", "anatomy": {}})),
    )
    .await;
    assert_error(
        &create,
        403,
        "You are not allowed to access create_projects",
    );
    let delete = send(
        env.req(Method::DELETE, "/api/projects/beta")
            .bearer_auth(&artist),
    )
    .await;
    assert_error(&delete, 403, "Forbidden");
}

#[tokio::test]
async fn demo_project_is_seeded_by_default() {
    let sandbox = Sandbox::start(SandboxConfig::default())
        .await
        .expect("sandbox starts");
    let http = Client::new();
    let login = send(
        http.post(format!("{}/api/auth/login", sandbox.base_url()))
            .json(&json!({"name": "admin", "password": "admin"})),
    )
    .await;
    let token = login.body()["token"].as_str().expect("token").to_owned();
    let list = send(
        http.get(format!("{}/api/projects", sandbox.base_url()))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(list.body()["count"], 1);
    assert_eq!(list.body()["projects"][0]["name"], "demo_Commercial");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn logout_ends_the_session() {
    let env = Env::new().await;
    let token = env.admin_token().await;
    let other = env.admin_token().await;

    let reply = send(
        env.req(Method::POST, "/api/auth/logout")
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json, Some(json!({"detail": "Logged out"})));

    let after = env.me(env.get("/api/users/me").bearer_auth(&token)).await;
    assert_error(&after, 401, "User logged out");

    // Logging out again, or with nothing, still answers 200.
    let again = send(
        env.req(Method::POST, "/api/auth/logout")
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(again.json, Some(json!({"detail": "Logged out"})));
    let anonymous = send(env.req(Method::POST, "/api/auth/logout")).await;
    assert_eq!(anonymous.status, 200);

    // Other sessions live on; ?token= is honoured by logout too.
    let still = env.me(env.get("/api/users/me").bearer_auth(&other)).await;
    assert_eq!(still.status, 200);
    let by_query = send(env.req(Method::POST, &format!("/api/auth/logout?token={other}"))).await;
    assert_eq!(by_query.status, 200);
    let ended = env.me(env.get("/api/users/me").bearer_auth(&other)).await;
    assert_eq!(ended.detail(), Some("User logged out"));
}

#[tokio::test]
async fn unknown_paths_and_methods() {
    let env = Env::new().await;
    let token = env.admin_token().await;

    let api = send(env.get("/api/foo").bearer_auth(&token)).await;
    assert_eq!(api.status, 404);
    assert_eq!(
        api.json,
        Some(json!({"code": 404, "detail": "API endpoint /api/foo not found", "path": "/api/foo"}))
    );
    let users = send(env.get("/api/users").bearer_auth(&token)).await;
    assert_eq!(users.detail(), Some("API endpoint /api/users not found"));
    let other = send(env.get("/nothing")).await;
    assert_eq!(
        other.json,
        Some(json!({"code": 404, "detail": "File /nothing not found", "path": "/nothing"}))
    );
    // `/` is a page, as the real server's web UI is there (ayon-python-api needs a 200).
    let root = send(env.get("/")).await;
    assert_eq!(root.status, 200);
    assert_eq!(
        root.header("content-type"),
        Some("text/html; charset=utf-8")
    );

    let wrong_method = send(env.req(Method::DELETE, "/api/info")).await;
    assert_eq!(wrong_method.status, 405);
    assert_eq!(
        wrong_method.json,
        Some(json!({"detail": "Method Not Allowed"}))
    );
}

#[tokio::test]
async fn info_needs_no_auth_and_ignores_bad_credentials() {
    let env = Env::new().await;
    let anonymous = send(env.get("/api/info")).await;
    assert_eq!(anonymous.status, 200);
    let body = anonymous.body();
    assert_eq!(body["version"], "1.11.2+sandbox");
    assert!(body["uptime"].is_f64());
    assert_eq!(body.as_object().map(|o| o.len()), Some(2));

    let bad = send(env.get("/api/info").bearer_auth("0".repeat(64))).await;
    assert_eq!(bad.status, 200);
    assert!(bad.body().get("user").is_none());

    let token = env.admin_token().await;
    let known = send(env.get("/api/info").bearer_auth(&token)).await;
    assert_eq!(known.body()["user"]["name"], "admin");
    assert!(
        known.body()["attributes"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    );
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let http = Client::new();
    let sandbox = start(false).await;
    let url = format!("{}/api/info", sandbox.base_url());
    assert!(sandbox.base_url().starts_with("http://127.0.0.1:"));
    assert!(!sandbox.base_url().ends_with('/'));
    assert_eq!(send(http.get(&url)).await.status, 200);
    sandbox.shutdown().await;
    assert!(
        Client::new().get(&url).send().await.is_err(),
        "server still answers after shutdown"
    );

    let sandbox = start(false).await;
    let url = format!("{}/api/info", sandbox.base_url());
    drop(sandbox);
    assert!(
        stops_answering(&url).await,
        "server still answers after drop"
    );
}

/// Whether `url` stops accepting connections within about a second (an aborted
/// task releases its socket the next time the runtime gets to it).
async fn stops_answering(url: &str) -> bool {
    for _ in 0..100 {
        if Client::new().get(url).send().await.is_err() {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    false
}

// ---------------------------------------------------------------------------
// Where AYON 1.11.2 answers in its own way (the project's own cases of what
// `tests/sandbox_replay` checks against the recorded fixtures).
// ---------------------------------------------------------------------------

#[tokio::test]
async fn projects_answer_as_1_11_2_does() {
    let env = Env::new().await;
    let admin = env.admin_token().await;
    let post = |body: Value| {
        send(
            env.req(Method::POST, "/api/projects")
                .bearer_auth(&admin)
                .json(&body),
        )
    };

    let no_anatomy = post(json!({"name": "p_one", "code": "pone"})).await;
    assert_eq!(no_anatomy.status, 400, "{}", no_anatomy.text);
    assert_eq!(no_anatomy.body()["traceback"], "anatomy: field required");
    assert_eq!(
        no_anatomy.body()["errors"][0]["loc"],
        json!(["body", "anatomy"])
    );
    let preset_only = post(json!({"name": "p_one", "code": "pone", "anatomyPreset": "_"})).await;
    assert_eq!(preset_only.status, 400);

    let bad_code = post(json!({"name": "p_two", "code": "bad code", "anatomy": {}})).await;
    assert_eq!(bad_code.status, 500);
    assert_eq!(bad_code.body()["status"], 500);
    assert!(
        bad_code
            .detail()
            .is_some_and(|d| d.contains("validation error for ProjectModel")),
        "{}",
        bad_code.text
    );
    let bad_name = post(json!({"name": "p-two", "code": "ptwo", "anatomy": {}})).await;
    assert_eq!(bad_name.status, 500);
    assert_eq!(
        bad_name.detail(),
        Some("asyncpg.exceptions.PostgresSyntaxError: syntax error at or near \"-\"")
    );
    let spaced = post(json!({"name": "p two", "code": "ptwo", "anatomy": {}})).await;
    assert!(
        spaced.detail().is_some_and(|d| d.ends_with("near \"two\"")),
        "{}",
        spaced.text
    );

    assert_eq!(
        post(json!({"name": "p_one", "code": "pone", "anatomy": {}}))
            .await
            .status,
        201
    );
    let same_code = post(json!({"name": "p_three", "code": "PONE", "anatomy": {}})).await;
    assert_eq!(same_code.status, 500);
    assert_eq!(
        same_code.detail(),
        Some("Project with lower(code::text) 'pone' already exists.")
    );

    let patched = send(
        env.req(Method::PATCH, "/api/projects/p_one")
            .bearer_auth(&admin)
            .json(&json!({"active": false, "attrib": {"fps": 30}})),
    )
    .await;
    assert_eq!(patched.status, 204, "{}", patched.text);
    let project = send(env.get("/api/projects/p_one").bearer_auth(&admin)).await;
    assert_eq!(project.body()["active"], false);
    assert_eq!(project.body()["attrib"]["fps"], 30);
    let inactive = send(
        env.get("/api/projects?active=false&name=p_on_")
            .bearer_auth(&admin),
    )
    .await;
    assert_eq!(inactive.detail(), Some("Showing 1 of 1 projects"));
    let missing = send(
        env.req(Method::PATCH, "/api/projects/p_nothing")
            .bearer_auth(&admin)
            .json(&json!({"active": false})),
    )
    .await;
    assert_error(&missing, 404, "Project p_nothing not found");

    for order in ["createdAt", "updatedAt"] {
        let listed = send(
            env.get(&format!("/api/projects?order={order}"))
                .bearer_auth(&admin),
        )
        .await;
        assert_eq!(listed.status, 500);
        assert!(
            listed
                .detail()
                .is_some_and(|d| d.contains("UndefinedColumnError")),
            "{}",
            listed.text
        );
    }
    let by_name = send(env.get("/api/projects?order=name").bearer_auth(&admin)).await;
    assert_eq!(by_name.status, 200);
}

#[tokio::test]
async fn methods_slashes_and_ranges_answer_as_starlette_does() {
    let env = Env::new().await;
    let admin = env.admin_token().await;

    let head = send(env.req(Method::HEAD, "/api/info")).await;
    assert_eq!(head.status, 405);
    assert_eq!(head.header("allow"), Some("GET"));
    assert_eq!(head.header("content-type"), Some("application/json"));
    let head_missing = send(env.req(Method::HEAD, "/api/nothing")).await;
    assert_eq!(head_missing.status, 404);
    let options = send(env.req(Method::OPTIONS, "/api/users/me")).await;
    assert_eq!(options.status, 405);
    assert_eq!(options.detail(), Some("Method Not Allowed"));
    let put_list = send(env.req(Method::PUT, "/api/projects").bearer_auth(&admin)).await;
    assert_eq!(put_list.header("allow"), Some("POST"));
    let put_graphql = send(env.req(Method::PUT, "/graphql").bearer_auth(&admin)).await;
    assert_eq!(put_graphql.header("allow"), Some("GET"));

    // The trailing slash: 307 to an absolute http:// URL, before authentication.
    let no_redirects = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let slash = send(no_redirects.get(env.url("/api/projects/?length=1"))).await;
    assert_eq!(slash.status, 307);
    assert_eq!(
        slash.header("location"),
        Some(env.url("/api/projects?length=1").as_str())
    );
    assert!(slash.bytes.is_empty());
    let unknown_slash = send(no_redirects.get(env.url("/api/nothing/"))).await;
    assert_eq!(unknown_slash.status, 404);

    // A download honours one Range.
    let manifest = send(
        env.req(Method::POST, "/api/desktop/installers")
            .bearer_auth(&admin)
            .json(&json!({"filename": "r.zip", "platform": "linux", "version": "9.0.1", "pythonVersion": "3.11"})),
    )
    .await;
    assert_eq!(manifest.status, 201, "{}", manifest.text);
    let uploaded = send(
        env.req(Method::PUT, "/api/desktop/installers/r.zip")
            .bearer_auth(&admin)
            .header("Content-Type", "application/octet-stream")
            .body("0123456789"),
    )
    .await;
    assert_eq!(uploaded.status, 204);
    let part = send(
        env.get("/api/desktop/installers/r.zip")
            .bearer_auth(&admin)
            .header("Range", "bytes=2-5"),
    )
    .await;
    assert_eq!(part.status, 206);
    assert_eq!(part.text, "2345");
    assert_eq!(part.header("content-range"), Some("bytes 2-5/10"));
    assert_eq!(part.header("accept-ranges"), Some("bytes"));
    let tail = send(
        env.get("/api/desktop/installers/r.zip")
            .bearer_auth(&admin)
            .header("Range", "bytes=-3"),
    )
    .await;
    assert_eq!(tail.text, "789");
    let beyond = send(
        env.get("/api/desktop/installers/r.zip")
            .bearer_auth(&admin)
            .header("Range", "bytes=10-"),
    )
    .await;
    assert_eq!(beyond.status, 416);
    assert_eq!(beyond.header("content-range"), Some("bytes */10"));
    let missing = send(
        env.get("/api/desktop/installers/none.zip")
            .bearer_auth(&admin),
    )
    .await;
    assert_error(&missing, 404, "No such file none.zip");
    let slashed = send(
        env.req(Method::POST, "/api/desktop/installers")
            .bearer_auth(&admin)
            .json(&json!({"filename": "a/../b.zip", "platform": "linux", "version": "9.0.2", "pythonVersion": "3.11"})),
    )
    .await;
    assert_eq!(slashed.status, 500);
    assert!(
        slashed
            .detail()
            .is_some_and(|d| d.starts_with("FileNotFoundError"))
    );
}

#[tokio::test]
async fn users_info_graphql_and_docs_answer_as_1_11_2_does() {
    let env = Env::new().await;
    let admin = env.admin_token().await;
    let created = env
        .create_user(&admin, "someone", json!({"password": "Someone.12345"}))
        .await;
    assert_eq!(created.status, 204);
    let someone = env.login("someone", "Someone.12345").await;

    let info_admin = send(env.get("/api/info").bearer_auth(&admin)).await;
    assert_eq!(info_admin.body()["onboarding"], false);
    let info_user = send(env.get("/api/info").bearer_auth(&someone)).await;
    assert!(
        info_user.body().get("onboarding").is_none(),
        "{}",
        info_user.text
    );

    let patched = send(
        env.req(Method::PATCH, "/api/users/someone")
            .bearer_auth(&admin)
            .json(&json!({"attrib": {"fullName": "Some One"}})),
    )
    .await;
    assert_eq!(patched.status, 204, "{}", patched.text);
    let me = send(env.get("/api/users/me").bearer_auth(&someone)).await;
    assert_eq!(me.body()["attrib"]["fullName"], "Some One");
    let self_promotion = send(
        env.req(Method::PATCH, "/api/users/someone")
            .bearer_auth(&someone)
            .json(&json!({"data": {"isAdmin": true}})),
    )
    .await;
    assert_eq!(self_promotion.status, 403);

    let keys = send(env.get("/api/users/admin/apikeys").bearer_auth(&admin)).await;
    assert_eq!(keys.status, 500);
    assert_eq!(
        keys.detail(),
        Some("TypeError: 'NoneType' object is not iterable")
    );

    let by_get = send(
        env.get("/graphql?query=%7Bme%7Bname%7D%7D")
            .bearer_auth(&admin),
    )
    .await;
    assert_eq!(
        by_get.json,
        Some(json!({"data": {"me": {"name": "admin"}}}))
    );
    let unknown = send(
        env.req(Method::POST, "/graphql")
            .bearer_auth(&admin)
            .json(&json!({"query": "{ project(name: \"none\") { name } }"})),
    )
    .await;
    assert_eq!(unknown.status, 200);
    assert_eq!(unknown.body()["data"], Value::Null);
    assert_eq!(unknown.body()["errors"][0]["extensions"]["status"], 404);

    let docs = send(env.get("/docs").bearer_auth(&someone)).await;
    assert_eq!(docs.status, 200);
    assert_eq!(
        docs.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let docs_anonymous = send(env.get("/docs")).await;
    assert_error(
        &docs_anonymous,
        403,
        "You must be logged in to access API documentation",
    );
}
