//! What a client needs to list a server's endpoints and to query it: the root
//! `/openapi.json`, addon endpoints with their own spec (the sandbox's
//! built-in `practice` addon), and `POST /graphql`.
//!
//! The server comes from `AYON_TEST_SERVER_URL` (with `AYON_TEST_ADMIN_NAME`,
//! `AYON_TEST_ADMIN_PASSWORD`), else a fresh sandbox; what a test creates has
//! a unique name and is deleted at the end. Tests of sandbox-only features
//! (the practice addon, addon restarts) say so and are skipped, with a printed
//! message, against a real server.

use std::time::{Duration, Instant};

use reqwest::{Client, Method, RequestBuilder};
use serde_json::{Value, json};

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

    async fn graphql(&self, body: Value) -> Reply {
        send(self.admin(Method::POST, "/graphql").json(&body)).await
    }

    /// `false` (after saying why) when the target is a real server.
    fn sandbox_only(&self, what: &str) -> bool {
        if self.target.is_real_server() {
            println!("skipped against a real server: {what} exists only in the sandbox");
            return false;
        }
        true
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

// ---------------------------------------------------------------------------
// The practice addon (sandbox only)

#[tokio::test]
async fn the_practice_addon_is_listed_and_answers() {
    let env = Env::new().await;
    if !env.sandbox_only("the practice addon") {
        return;
    }
    let listed = send(env.admin(Method::GET, "/api/addons")).await;
    let practice = listed.body()["addons"]
        .as_array()
        .and_then(|addons| addons.iter().find(|a| a["name"] == "practice"))
        .cloned()
        .expect("the practice addon is listed");
    assert_eq!(practice["title"], "Practice");
    assert_eq!(practice["addonType"], "server");
    assert_eq!(practice["versions"]["1.0.0"]["isBroken"], false);

    let base = "/api/addons/practice/1.0.0";
    let anonymous = send(env.req(Method::GET, &format!("{base}/ping"))).await;
    assert_error(&anonymous, 401, "Access token is missing");
    let ping = send(env.admin(Method::GET, &format!("{base}/ping"))).await;
    assert_eq!(ping.status, 200);
    assert_eq!(
        ping.text,
        r#"{"pong":true,"addon":"practice","version":"1.0.0"}"#
    );

    let echo = send(
        env.admin(Method::POST, &format!("{base}/echo"))
            .json(&json!({"message": "hi", "repeat": 3})),
    )
    .await;
    assert_eq!(echo.status, 200, "{}", echo.text);
    assert_eq!(echo.body(), &json!({"echo": ["hi", "hi", "hi"]}));
    let once = send(
        env.admin(Method::POST, &format!("{base}/echo"))
            .json(&json!({"message": "once"})),
    )
    .await;
    assert_eq!(once.body(), &json!({"echo": ["once"]}));

    let invalid = send(
        env.admin(Method::POST, &format!("{base}/echo"))
            .json(&json!({"repeat": 0})),
    )
    .await;
    assert_eq!(invalid.status, 400, "{}", invalid.text);
    let body = invalid.body();
    assert_eq!(
        body["detail"],
        format!("Request validation error in [POST] {base}/echo")
    );
    assert_eq!(body["errors"][0]["loc"], json!(["body", "message"]));
    assert_eq!(body["errors"][0]["type"], "value_error.missing");
    assert_eq!(body["errors"][1]["loc"], json!(["body", "repeat"]));
    assert_eq!(body["errors"][1]["type"], "value_error.number.not_ge");

    let spec = send(env.admin(Method::GET, &format!("{base}/openapi.json"))).await;
    assert_eq!(spec.status, 200, "{}", spec.text);
    assert_eq!(spec.body()["openapi"], "3.1.0");
    let echo_op = &spec.body()["paths"][format!("{base}/echo")]["post"];
    assert_eq!(echo_op["operationId"], "echo");
    assert_eq!(echo_op["tags"], json!(["Practice 1.0.0"]));
    assert!(echo_op["requestBody"]["content"]["application/json"]["schema"]["$ref"].is_string());
    let anonymous_spec = send(env.req(Method::GET, &format!("{base}/openapi.json"))).await;
    assert_error(
        &anonymous_spec,
        403,
        "You must be logged in to access OpenAPI schema",
    );

    // Addon endpoints stay out of the root spec (AYON's default).
    let root = send(env.admin(Method::GET, "/openapi.json")).await;
    let paths = root.body()["paths"].as_object().expect("paths");
    assert!(paths.keys().all(|p| !p.starts_with(base)));

    for path in ["/api/addons/practice", base] {
        let delete = send(env.admin(Method::DELETE, path)).await;
        assert_error(
            &delete,
            409,
            "The practice addon is built into the sandbox and cannot be deleted",
        );
    }
    let other_version = send(env.admin(Method::DELETE, "/api/addons/practice/9.9.9")).await;
    assert_error(&other_version, 404, "Addon not found");
}

/// A zip with a manifest.json and server code, like the shared labtest zip.
fn addon_zip(name: &str, version: &str) -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let entries = [
        (
            "manifest.json".to_owned(),
            json!({"addon_name": name, "addon_version": version}).to_string(),
        ),
        (
            "addon/package.py".to_owned(),
            format!("name = \"{name}\"\nversion = \"{version}\"\n"),
        ),
        ("addon/server/__init__.py".to_owned(), String::new()),
    ];
    for (path, text) in entries {
        writer.start_file(path, options).expect("zip entry starts");
        writer
            .write_all(text.as_bytes())
            .expect("zip entry is written");
    }
    writer.finish().expect("zip is finished").into_inner()
}

#[tokio::test]
async fn an_uploaded_addon_has_no_spec() {
    let env = Env::new().await;
    // Installing needs a server restart, which a test must not do to a real server.
    if !env.sandbox_only("restarting to load an uploaded addon") {
        return;
    }
    let name = "labtest";
    let installed = send(
        env.admin(Method::POST, "/api/addons/install")
            .body(addon_zip(name, "0.1.0")),
    )
    .await;
    assert_eq!(installed.status, 200, "{}", installed.text);
    let event = installed.body()["eventId"]
        .as_str()
        .expect("eventId")
        .to_owned();
    let start = Instant::now();
    loop {
        let reply = send(env.admin(Method::GET, &format!("/api/events/{event}"))).await;
        if reply.body()["status"] == "finished" {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "{}", reply.text);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let restart = send(env.admin(Method::POST, "/api/system/restart")).await;
    assert_eq!(restart.status, 204);
    let listed = send(env.admin(Method::GET, "/api/addons")).await;
    let names: Vec<&str> = listed.body()["addons"]
        .as_array()
        .expect("addons")
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert_eq!(names, ["labtest", "practice"]);

    let path = "/api/addons/labtest/0.1.0/openapi.json";
    let spec = send(env.admin(Method::GET, path)).await;
    assert_eq!(spec.status, 404);
    // Fixture 72, byte for byte.
    assert_eq!(
        spec.text,
        format!(r#"{{"code":404,"detail":"API endpoint {path} not found","path":"{path}"}}"#)
    );
    let deleted = send(env.admin(Method::DELETE, "/api/addons/labtest/0.1.0")).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text);
}

// ---------------------------------------------------------------------------
// GraphQL

/// Creates a project with a unique name and code; the caller deletes it.
async fn create_project(env: &Env) -> (String, String) {
    let name = unique_name("gql");
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let code = format!("gq{nanos:x}");
    let reply = send(
        env.admin(Method::POST, "/api/projects")
            .json(&json!({"name": name, "code": code, "anatomy": {}})),
    )
    .await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    (name, code)
}

async fn delete_project(env: &Env, name: &str) {
    let reply = send(env.admin(Method::DELETE, &format!("/api/projects/{name}"))).await;
    assert_eq!(reply.status, 204, "{}", reply.text);
}

#[tokio::test]
async fn graphql_lists_projects_and_the_caller() {
    let env = Env::new().await;
    let (name, code) = create_project(&env).await;

    let projects = env
        .graphql(json!({"query": "{ projects { edges { node { name code active } } } }"}))
        .await;
    // No panics before the project is deleted: a surprise shows in the asserts below.
    let by_name = projects.body()["data"]["projects"]["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["node"]["name"] == name.as_str())
        .cloned();

    let variables = env
        .graphql(json!({
            "query": "query P($n: String!) { project(name: $n) { name code folderTypes { name } } }",
            "variables": {"n": name},
        }))
        .await;
    let me = env
        .graphql(json!({"query": "{ me { name isAdmin attrib { fullName } } }"}))
        .await;
    delete_project(&env, &name).await;

    assert_eq!(projects.status, 200, "{}", projects.text);
    assert_eq!(projects.header("content-type"), Some("application/json"));
    assert!(projects.body().get("errors").is_none(), "{}", projects.text);
    assert_eq!(
        by_name,
        Some(json!({"node": {"name": name, "code": code, "active": true}}))
    );
    // Python's separators, as in fixture 80.
    assert!(
        projects
            .text
            .starts_with(r#"{"data": {"projects": {"edges": ["#)
    );

    let project = &variables.body()["data"]["project"];
    assert_eq!(project["name"], name.as_str());
    assert_eq!(project["code"], code.as_str());
    assert!(
        project["folderTypes"][0]["name"].is_string(),
        "{}",
        variables.text
    );

    assert_eq!(
        me.body()["data"]["me"]["name"],
        env.target.admin_name.as_str()
    );
    assert_eq!(me.body()["data"]["me"]["isAdmin"], true);
}

#[tokio::test]
async fn graphql_errors_are_shaped_like_the_real_server() {
    let env = Env::new().await;
    let unknown = env
        .graphql(json!({"query": "{ projects { edges { node { nope } } } }"}))
        .await;
    assert_eq!(unknown.status, 200);
    // Fixture 82, byte for byte.
    assert_eq!(
        unknown.text,
        r#"{"data": null, "errors": [{"message": "Cannot query field 'nope' on type 'ProjectNode'. Did you mean 'code' or 'name'?", "locations": [{"line": 1, "column": 29}]}]}"#
    );

    let syntax = env
        .graphql(json!({"query": "{ projects { edges { node { name } }"}))
        .await;
    assert_eq!(syntax.status, 200);
    let error = &syntax.body()["errors"][0];
    assert_eq!(syntax.body()["data"], Value::Null);
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Syntax Error")),
        "{}",
        syntax.text
    );
    assert_eq!(error["locations"][0]["line"], 1);
    assert!(error["locations"][0]["column"].is_u64());

    let anonymous = send(
        env.req(Method::POST, "/graphql")
            .json(&json!({"query": "{ projects { edges { node { name } } } }"})),
    )
    .await;
    assert_error(&anonymous, 401, "Access token is missing");
}

#[tokio::test]
async fn graphql_takes_a_service_api_key() {
    let env = Env::new().await;
    let name = unique_name("gql_service");
    let key = support::ayon_client::random_api_key();
    let created = send(
        env.admin(Method::PUT, &format!("/api/users/{name}"))
            .json(&json!({"attrib": {"fullName": "GraphQL test service"}, "data": {"isService": true}, "apiKey": key})),
    )
    .await;
    assert_eq!(created.status, 204, "{}", created.text);
    let users = send(
        env.req(Method::POST, "/graphql")
            .header("X-Api-Key", &key)
            .json(&json!({"query": "{ users { edges { node { name isAdmin isService } } } }"})),
    )
    .await;
    env.delete_user(&name).await;
    assert_eq!(users.status, 200, "{}", users.text);
    let me = users.body()["data"]["users"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .find(|e| e["node"]["name"] == name.as_str())
        .cloned();
    assert_eq!(
        me,
        Some(json!({"node": {"name": name, "isAdmin": false, "isService": true}}))
    );
}
