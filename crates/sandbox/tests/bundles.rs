//! Bundles and addon settings over HTTP: the list, settings that differ
//! between the two demo bundles, variants, a project's overrides, 404s and
//! the 401 without a session.

use ayon_explorer_sandbox::{Sandbox, SandboxConfig};
use reqwest::Client;
use serde_json::{Value, json};

struct Env {
    sandbox: Sandbox,
    http: Client,
    token: String,
}

impl Env {
    /// A sandbox with its demo data and the admin logged in.
    async fn start() -> Env {
        let sandbox = Sandbox::start(SandboxConfig::default())
            .await
            .expect("the sandbox starts");
        let http = Client::new();
        let reply: Value = http
            .post(format!("{}/api/auth/login", sandbox.base_url()))
            .json(&json!({"name": sandbox.admin_name(), "password": sandbox.admin_password()}))
            .send()
            .await
            .expect("login answers")
            .json()
            .await
            .expect("login JSON");
        let token = reply["token"].as_str().expect("a token").to_owned();
        Env {
            sandbox,
            http,
            token,
        }
    }

    /// `GET path` as the admin → status and JSON body.
    async fn get(&self, path: &str) -> (u16, Value) {
        let request = self
            .http
            .get(format!("{}{path}", self.sandbox.base_url()))
            .bearer_auth(&self.token);
        answer(request).await
    }

    /// `GET path` without credentials.
    async fn get_anonymous(&self, path: &str) -> (u16, Value) {
        answer(self.http.get(format!("{}{path}", self.sandbox.base_url()))).await
    }

    /// The settings of an addon at the version a bundle names.
    async fn settings_in_bundle(&self, bundle: &str, addon: &str) -> Value {
        let (_, list) = self.get("/api/bundles").await;
        let version = list["bundles"]
            .as_array()
            .expect("bundles")
            .iter()
            .find(|b| b["name"] == bundle)
            .and_then(|b| b["addons"][addon].as_str())
            .expect("the bundle names the addon")
            .to_owned();
        let (status, body) = self
            .get(&format!("/api/addons/{addon}/{version}/settings"))
            .await;
        assert_eq!(status, 200, "{body}");
        body
    }
}

async fn answer(request: reqwest::RequestBuilder) -> (u16, Value) {
    let reply = request.send().await.expect("the sandbox answers");
    let status = reply.status().as_u16();
    (status, reply.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn lists_a_production_and_a_staging_bundle() {
    let env = Env::start().await;
    let (status, list) = env.get("/api/bundles").await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["productionBundle"], "demo_bundle_a");
    assert_eq!(list["stagingBundle"], "demo_bundle_b");
    assert_eq!(list["devBundles"], json!([]));
    let bundles = list["bundles"].as_array().expect("bundles");
    let names: Vec<&str> = bundles.iter().filter_map(|b| b["name"].as_str()).collect();
    // Newest first, as the real server orders them.
    assert_eq!(names, ["demo_bundle_b", "demo_bundle_a"]);
    let a = &bundles[1];
    for key in [
        "name",
        "createdAt",
        "addons",
        "installerVersion",
        "dependencyPackages",
        "addonDevelopment",
        "isProduction",
        "isStaging",
        "isArchived",
        "isDev",
    ] {
        assert!(a.get(key).is_some(), "{key} missing in {a}");
    }
    assert_eq!(a["isProduction"], true);
    assert_eq!(a["isStaging"], false);
    assert_eq!(bundles[0]["isStaging"], true);
    assert_ne!(a["addons"]["core"], bundles[0]["addons"]["core"]);
    assert_ne!(a["installerVersion"], bundles[0]["installerVersion"]);
    assert!(
        a["createdAt"]
            .as_str()
            .is_some_and(|t| t.ends_with("+00:00"))
    );
    let (status, archived) = env.get("/api/bundles?archived=true").await;
    assert_eq!((status, archived), (200, list));
    let (status, bad) = env.get("/api/bundles?archived=perhaps").await;
    assert_eq!(status, 400, "{bad}");
    env.sandbox.shutdown().await;
}

#[tokio::test]
async fn an_addons_settings_differ_between_the_bundles() {
    let env = Env::start().await;
    let a = env.settings_in_bundle("demo_bundle_a", "core").await;
    let b = env.settings_in_bundle("demo_bundle_b", "core").await;
    assert_ne!(a, b);
    assert_eq!(a["studio_name"], "Demo Studio");
    assert_eq!(a["publish"]["ValidateVersion"]["optional"], false);
    assert_eq!(b["publish"]["ValidateVersion"]["optional"], true);
    assert!(a["publish"].get("ExtractReview").is_none());
    assert!(b["publish"].get("ExtractReview").is_some());
    // The same version in both bundles has the same settings.
    assert_eq!(
        env.settings_in_bundle("demo_bundle_a", "applications")
            .await,
        env.settings_in_bundle("demo_bundle_b", "applications")
            .await
    );
    env.sandbox.shutdown().await;
}

#[tokio::test]
async fn variants_and_project_overrides() {
    let env = Env::start().await;
    let base = "/api/addons/core/1.0.0/settings";
    let (_, default) = env.get(base).await;
    let (_, production) = env.get(&format!("{base}?variant=production")).await;
    let (status, staging) = env.get(&format!("{base}?variant=staging")).await;
    assert_eq!(status, 200);
    assert_eq!(default, production);
    assert_eq!(production["studio_name"], "Demo Studio");
    assert_eq!(staging["studio_name"], "Demo Studio (staging)");
    // A variant without overrides: the addon's defaults.
    let (_, dev) = env.get(&format!("{base}?variant=my_dev_bundle")).await;
    assert_eq!(dev["studio_name"], "");

    let (status, project) = env.get(&format!("{base}/demo_Commercial")).await;
    assert_eq!(status, 200, "{project}");
    assert_eq!(project["studio_name"], "Demo Studio");
    assert_eq!(
        project["imageio"]["ocio_config"]["filepath"],
        json!(["P:/demo_Commercial/ocio/config.ocio"])
    );
    assert_eq!(project["publish"]["ExtractThumbnail"]["enabled"], false);
    // Untouched values come from the studio settings.
    assert_eq!(
        project["publish"]["ValidateVersion"],
        production["publish"]["ValidateVersion"]
    );
    // The overrides are the production variant's; staging has none.
    let (_, project_staging) = env
        .get(&format!("{base}/demo_Commercial?variant=staging"))
        .await;
    assert_eq!(project_staging, staging);
    // Project names match case-insensitively, as elsewhere.
    let (status, lower) = env.get(&format!("{base}/demo_commercial")).await;
    assert_eq!((status, lower), (200, project));
    // The built-in practice addon exists but has no settings.
    let (status, practice) = env.get("/api/addons/practice/1.0.0/settings").await;
    assert_eq!((status, practice), (200, json!({})));
    env.sandbox.shutdown().await;
}

fn assert_not_found(reply: &(u16, Value), detail: &str) {
    assert_eq!(reply.0, 404, "{}", reply.1);
    assert_eq!(reply.1["code"], 404, "{}", reply.1);
    assert_eq!(reply.1["detail"], detail, "{}", reply.1);
}

#[tokio::test]
async fn unknown_addons_versions_and_projects_are_404() {
    let env = Env::start().await;
    assert_not_found(
        &env.get("/api/addons/nothing/1.0.0/settings").await,
        "Addon nothing 1.0.0 not found",
    );
    assert_not_found(
        &env.get("/api/addons/core/9.9.9/settings").await,
        "Addon core 9.9.9 not found",
    );
    assert_not_found(
        &env.get("/api/addons/core/9.9.9/settings/demo_Commercial")
            .await,
        "Addon core 9.9.9 not found",
    );
    assert_not_found(
        &env.get("/api/addons/core/1.0.0/settings/no_such_project")
            .await,
        "Project no_such_project not found",
    );
    // No single-bundle GET exists on the real server either.
    let (status, _) = env.get("/api/bundles/no_such_bundle").await;
    assert_eq!(status, 404);
    let (status, bad) = env.get("/api/addons/core/1.0.0/settings/bad-name").await;
    assert_eq!(status, 400, "{bad}");
    env.sandbox.shutdown().await;
}

#[tokio::test]
async fn read_only_and_behind_login() {
    let env = Env::start().await;
    for path in [
        "/api/bundles",
        "/api/addons/core/1.0.0/settings",
        "/api/addons/core/1.0.0/settings/demo_Commercial",
    ] {
        let (status, body) = env.get_anonymous(path).await;
        assert_eq!(status, 401, "{path}: {body}");
        let reply = env
            .http
            .post(format!("{}{path}", env.sandbox.base_url()))
            .bearer_auth(&env.token)
            .json(&json!({}))
            .send()
            .await
            .expect("the sandbox answers");
        assert_eq!(reply.status().as_u16(), 405, "POST {path}");
    }
    env.sandbox.shutdown().await;
}

#[tokio::test]
async fn without_demo_data_there_are_no_bundles() {
    let sandbox = Sandbox::start(SandboxConfig {
        seed_demo_project: false,
        ..SandboxConfig::default()
    })
    .await
    .expect("the sandbox starts");
    let env = Env {
        http: Client::new(),
        token: String::new(),
        sandbox,
    };
    let reply: Value = env
        .http
        .post(format!("{}/api/auth/login", env.sandbox.base_url()))
        .json(&json!({"name": "admin", "password": "admin"}))
        .send()
        .await
        .expect("login answers")
        .json()
        .await
        .expect("login JSON");
    let env = Env {
        token: reply["token"].as_str().expect("a token").to_owned(),
        ..env
    };
    let (status, list) = env.get("/api/bundles").await;
    assert_eq!(
        (status, list),
        (200, json!({"bundles": [], "devBundles": []}))
    );
    env.sandbox.shutdown().await;
}
