//! Small helpers for end-to-end tests: send a draft the way the app does, and clean up
//! what a test created even when it fails.

use std::time::Duration;

use ayon_rest_explorer::ayon::{AuthInput, AuthMode, LoginSuccess, login};
use ayon_rest_explorer::http::{Exchange, HttpMethod, build_client, execute};
use ayon_rest_explorer::state::{BodyMode, RequestDraft, build_spec};

use super::target::Target;

pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Logs in as the target's admin.
pub async fn admin_login(target: &Target) -> LoginSuccess {
    login(
        &build_client().unwrap(),
        &target.url,
        &target.admin_name,
        &target.admin_password,
        TIMEOUT,
    )
    .await
    .expect("admin login")
}

/// Sends `method path` with `auth` (and a JSON body when given), as the app would.
pub async fn send(
    target: &Target,
    method: HttpMethod,
    path: &str,
    auth: AuthInput,
    session: Option<&str>,
    json: Option<serde_json::Value>,
) -> Exchange {
    let mut draft = RequestDraft::get(path);
    draft.method = method;
    draft.auth = auth;
    if let Some(json) = json {
        draft.body_mode = BodyMode::Json;
        draft.body_text = json.to_string();
    }
    let spec = build_spec(&draft, &target.url, session, TIMEOUT, None).expect("spec");
    execute(&build_client().unwrap(), &spec)
        .await
        .expect("exchange")
}

/// Bearer auth with this token typed in.
pub fn bearer(token: &str) -> AuthInput {
    AuthInput {
        mode: AuthMode::Bearer,
        bearer_token: token.to_string(),
        ..AuthInput::default()
    }
}

/// Session auth with the given token.
pub fn session() -> AuthInput {
    AuthInput {
        mode: AuthMode::Session,
        ..Default::default()
    }
}

/// The body as JSON (panics with the body text when it is not).
pub fn json(exchange: &Exchange) -> serde_json::Value {
    serde_json::from_slice(&exchange.response.body).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&exchange.response.body)
        )
    })
}

/// Deletes what a test created when dropped, even after a failed assertion.
/// Needs a multi-thread runtime (`#[tokio::test(flavor = "multi_thread")]`).
pub struct Cleanup {
    url: String,
    token: String,
    paths: Vec<String>,
}

impl Cleanup {
    pub fn new(target: &Target, token: &str) -> Self {
        Cleanup {
            url: target.url.clone(),
            token: token.to_string(),
            paths: Vec::new(),
        }
    }

    /// Deletes `path` at the end (last registered, first deleted).
    pub fn delete_later(&mut self, path: impl Into<String>) {
        self.paths.push(path.into());
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let paths = std::mem::take(&mut self.paths);
        let url = self.url.clone();
        let token = self.token.clone();
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(async move {
                let client = build_client().unwrap();
                for path in paths.iter().rev() {
                    let mut draft = RequestDraft::get(path);
                    draft.method = HttpMethod::Delete;
                    if let Ok(spec) = build_spec(&draft, &url, Some(&token), TIMEOUT, None) {
                        let _ = execute(&client, &spec).await;
                    }
                }
            })
        });
    }
}

/// Deletes the addons named `prefix…` (but `keep`) that an earlier test run installed
/// and could not delete: without a restart a real server has not loaded them, and deletes
/// only loaded addons. Call right after a restart, which loads them. Returns the
/// `name version` of each one deleted.
pub async fn delete_leftover_addons(
    target: &Target,
    token: &str,
    prefix: &str,
    keep: &str,
) -> Vec<String> {
    let listed = send(
        target,
        HttpMethod::Get,
        "/api/addons",
        session(),
        Some(token),
        None,
    )
    .await;
    let body = json(&listed);
    let leftovers: Vec<(String, String)> = body["addons"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|addon| Some((addon["name"].as_str()?, addon["versions"].as_object()?)))
        .filter(|(name, _)| name.starts_with(prefix) && *name != keep)
        .flat_map(|(name, versions)| {
            versions
                .keys()
                .map(move |version| (name.to_owned(), version.clone()))
        })
        .collect();
    let mut deleted = Vec::new();
    for (name, version) in leftovers {
        let path = format!("/api/addons/{name}/{version}");
        let answer = send(
            target,
            HttpMethod::Delete,
            &path,
            session(),
            Some(token),
            None,
        )
        .await;
        if (200..300).contains(&answer.response.status) {
            deleted.push(format!("{name} {version}"));
        }
    }
    deleted
}

/// A random 32-character alphanumeric API key (AYON's legacy service-key format).
pub fn random_api_key() -> String {
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7)
        ^ (std::process::id() as u64) << 32;
    (0..32)
        .map(|_| {
            // xorshift: good enough for a unique test key.
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let chars = b"abcdefghijklmnopqrstuvwxyz0123456789";
            chars[(seed % chars.len() as u64) as usize] as char
        })
        .collect()
}

/// Creates a project with a unique name (from `prefix`) and a code made from it, and
/// queues its deletion in `cleanup`. Returns the name and the code.
pub async fn create_project(
    target: &Target,
    token: &str,
    prefix: &str,
    cleanup: &mut Cleanup,
) -> (String, String) {
    let name = super::target::unique_name(prefix);
    let code = format!(
        "{}{}",
        &prefix[prefix.len().saturating_sub(1)..],
        &name[name.len().saturating_sub(8)..]
    )
    .replace('_', "");
    let created = send(
        target,
        HttpMethod::Post,
        "/api/projects",
        session(),
        Some(token),
        // AYON 1.11 refuses a project without `anatomy` (400 "anatomy: field required",
        // fixture more/1088); `{}` is the server's default anatomy, on 1.16 too.
        Some(serde_json::json!({ "name": name, "code": code, "anatomy": {} })),
    )
    .await;
    assert_eq!(
        created.response.status,
        201,
        "project {name} created: {}",
        String::from_utf8_lossy(&created.response.body)
    );
    cleanup.delete_later(format!("/api/projects/{name}"));
    (name, code)
}
