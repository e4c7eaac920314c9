//! Integration tests of the embedded sandbox server, over real HTTP with reqwest.
//! Every test starts its own sandbox on a free port, so they run in parallel.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

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

    // Reading users: full model for managers, name and full name for others.
    let full = send(env.get("/api/users/artist").bearer_auth(&admin)).await;
    assert_eq!(full.status, 200);
    assert_eq!(full.body()["attrib"]["email"], "artist@example.com");
    let public = send(env.get("/api/users/admin").bearer_auth(&artist)).await;
    assert_eq!(
        public.json,
        Some(json!({"name": "admin", "attrib": {"fullName": "Sandbox Admin"}}))
    );
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
            .json(&json!({"name": "demo_project", "code": "other"})),
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

    let bad_name = send(
        env.req(Method::POST, "/api/projects")
            .bearer_auth(&admin)
            .json(&json!({"name": "demo-project", "code": "dp"})),
    )
    .await;
    assert_eq!(bad_name.status, 400);
    assert_eq!(bad_name.body()["errors"][0]["loc"], json!(["body", "name"]));
    assert_eq!(
        bad_name.body()["errors"][0]["type"],
        "value_error.str.regex"
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
                .json(&json!({"name": name, "code": code})),
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
            .json(&json!({"name": "gamma", "code": "ga"})),
    )
    .await;
    assert_error(&create, 403, "Forbidden");
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
    let root = send(env.get("/")).await;
    assert_eq!(
        root.json,
        Some(json!({"code": 404, "detail": "File / not found", "path": "/"}))
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
// Replaying the recorded exchanges with a real AYON 1.11.2 server.
// ---------------------------------------------------------------------------

/// One recorded exchange: the curl request and the real server's answer.
struct Fixture {
    method: String,
    path_and_query: String,
    headers: Vec<(String, String)>,
    data: Option<String>,
    status: u16,
    content_type: Option<String>,
    body: String,
}

/// Splits a shell command line written with backslash escapes (and quotes).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            (Some(_), c) => current.push(c),
            (None, '\\') => {
                in_word = true;
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            (None, '\'' | '"') => {
                in_word = true;
                quote = Some(c);
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            (None, c) => {
                in_word = true;
                current.push(c);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    words
}

fn parse_fixture(text: &str) -> Fixture {
    let mut lines = text.lines();
    let request = lines
        .next()
        .and_then(|l| l.strip_prefix("# REQUEST: "))
        .expect("fixture starts with the request");
    let words = shell_words(request);
    let mut method = None;
    let mut url = None;
    let mut headers = Vec::new();
    let mut data = None;
    let mut i = 1; // skip "curl"
    while i < words.len() {
        let word = &words[i];
        let arg = words.get(i + 1).cloned();
        match word.as_str() {
            "-X" => {
                method = arg;
                i += 1;
            }
            "-H" => {
                if let Some((name, value)) = arg.as_deref().and_then(|h| h.split_once(':')) {
                    headers.push((name.trim().to_owned(), value.trim().to_owned()));
                }
                i += 1;
            }
            "-b" => {
                headers.push(("Cookie".into(), arg.unwrap_or_default()));
                i += 1;
            }
            "-d" | "--data" | "--data-binary" => {
                data = arg;
                i += 1;
            }
            "-c" | "-o" => i += 1,
            w if w.starts_with("http") => url = Some(w.to_owned()),
            _ => {}
        }
        i += 1;
    }
    let url = url::Url::parse(&url.expect("fixture has a URL")).expect("valid URL");
    let mut path_and_query = url.path().to_owned();
    if let Some(q) = url.query() {
        path_and_query.push('?');
        path_and_query.push_str(q);
    }
    // curl -d without a content type sends a form content type.
    if data.is_some()
        && !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        headers.push((
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
    }
    let method = method.unwrap_or_else(|| {
        if data.is_some() {
            "POST".into()
        } else {
            "GET".into()
        }
    });

    let rest: Vec<&str> = lines.skip_while(|l| l.starts_with('#')).collect();
    let status = rest
        .first()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let blank = rest
        .iter()
        .position(|l| l.trim().is_empty())
        .unwrap_or(rest.len());
    let content_type = rest[1..blank].iter().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("content-type")
            .then(|| value.trim().to_owned())
    });
    let body = rest
        .get(blank + 1..)
        .map(|b| b.join("\n"))
        .unwrap_or_default();
    Fixture {
        method,
        path_and_query,
        headers,
        data,
        status,
        content_type,
        body: body.trim().to_owned(),
    }
}

fn top_level_keys(value: &Value) -> Option<BTreeSet<String>> {
    value.as_object().map(|o| o.keys().cloned().collect())
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/ayon-1.11.2")
}

#[tokio::test]
async fn replays_real_server_fixtures() {
    let dir = fixtures_dir();
    if !dir.is_dir() {
        println!("skipped: ../shared/fixtures not found");
        return;
    }
    // Replayed in file order: later ones depend on earlier ones (the service user
    // of 20, the projects of 04 and 05, the artist of 29, the logout of 90).
    let selected = [
        "01", "02", "03", "04", "05", "05b", "05c", "06", "06b", "10", "10b", "10c", "11", "12",
        "12b", "13", "14", "20", "20b", "20c", "21", "22", "22b", "22c", "23", "24", "25", "26",
        "28", "29", "29d", "30", "30b", "31", "34", "90", "91", "92", "93", "94", "95", "96", "97",
        "98",
    ];
    let required = ["01", "10", "10c", "11", "12b", "14", "21", "25"];
    // Bodies with nothing volatile (tokens, times) must match exactly.
    let exact = ["03", "29d", "90", "92", "93"];

    let env = Env::new().await;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture folder is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();

    // Tokens of the recorded sessions, replaced by sandbox sessions of the same users.
    let recorded_sessions: HashMap<&str, (&str, &str)> = HashMap::from([
        (
            "2151a205108b815c5ba97372492c90fe61bc0f01fe07a311a597495eb4ad1fd2",
            ("admin", "admin"),
        ),
        (
            "06216fa24fa62944fc4ac2ea9053fee0917b0f5e1e3973843c845c6573738d82",
            ("admin", "admin"),
        ),
        (
            "f945926fdcc91f0601847467e16e97888e3e325ccde252f99025c04ebd6520bc",
            ("artist", "Artist.12345"),
        ),
    ]);
    let mut live_tokens: HashMap<String, String> = HashMap::new();
    let mut checked = Vec::new();

    for path in files {
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let Some(id) = file_name.split('_').next() else {
            continue;
        };
        if !selected.contains(&id) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("fixture is readable");
        let fixture = parse_fixture(&text);

        // Log in lazily (the artist only exists after fixture 29), once per
        // recorded session, so a recorded logout also ends the sandbox session.
        for (recorded, (user, password)) in &recorded_sessions {
            let used = fixture.path_and_query.contains(recorded)
                || fixture.headers.iter().any(|(_, v)| v.contains(recorded));
            if used && !live_tokens.contains_key(*recorded) {
                let token = env.login(user, password).await;
                live_tokens.insert((*recorded).to_owned(), token);
            }
        }
        let substitute = |value: &str| {
            live_tokens
                .iter()
                .fold(value.to_owned(), |acc, (recorded, live)| {
                    acc.replace(recorded.as_str(), live)
                })
        };
        let headers: Vec<(String, String)> = fixture
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), substitute(v)))
            .collect();
        let path_and_query = substitute(&fixture.path_and_query);

        let method = Method::from_bytes(fixture.method.as_bytes()).expect("valid method");
        let mut request = env.req(method, &path_and_query);
        for (name, value) in &headers {
            request = request.header(name.as_str(), value.as_str());
        }
        if let Some(data) = &fixture.data {
            request = request.body(data.clone());
        }
        let reply = send(request).await;

        assert_eq!(
            reply.status, fixture.status,
            "{file_name}: status differs; sandbox said {}",
            reply.text
        );
        assert_eq!(
            reply.header("content-type"),
            fixture.content_type.as_deref(),
            "{file_name}: content-type differs"
        );
        let recorded: Option<Value> = serde_json::from_str(&fixture.body).ok();
        match (&recorded, &reply.json) {
            (Some(expected), Some(actual)) => {
                assert_eq!(
                    top_level_keys(actual),
                    top_level_keys(expected),
                    "{file_name}: top-level keys differ; sandbox said {}",
                    reply.text
                );
                if fixture.status >= 400 || exact.contains(&id) {
                    assert_eq!(actual, expected, "{file_name}: body differs");
                }
            }
            _ => assert_eq!(reply.text.trim(), fixture.body, "{file_name}: body differs"),
        }
        checked.push(id.to_owned());
    }

    assert_eq!(
        checked.len(),
        selected.len(),
        "some selected fixtures are missing: {checked:?}"
    );
    for id in required {
        assert!(
            checked.iter().any(|c| c == id),
            "fixture {id} was not found or not checked"
        );
    }
}
