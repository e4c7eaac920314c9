//! Replays every exchange recorded with a real AYON 1.11.2 server
//! (`../shared/fixtures/ayon-1.11.2/` and its `more/`) against the sandbox, in the order
//! they were recorded, and checks that the sandbox answers the same: status, content
//! type, the top-level keys of a JSON body, `detail`, the redirect, `allow` and range
//! headers, and the bytes of a download. Tokens, keys and event ids of the recording
//! are mapped to the sandbox's own. The few fixtures it is excused from are listed with
//! their reason in [`scenario::EXCUSED`] and in the sandbox's module doc.
//!
//! Skipped (and says so) when `../shared/fixtures` is absent; `tests/sandbox_api.rs`
//! covers the same behaviour with the project's own small cases.

mod compare;
mod fixture;
mod scenario;

use std::path::{Path, PathBuf};

use ayon_rest_explorer::sandbox::{Sandbox, SandboxConfig};
use reqwest::{Client, Method, multipart};
use serde_json::Value;

use fixture::{Fixture, RecordedBody};
use scenario::{Step, StepBody};

const ADMIN: (&str, &str) = ("admin", "admin");
const ARTIST: (&str, &str) = ("artist", "Artist.12345");
/// The service user's key, created by fixture 20 and named `SERVICE_KEY` in `more/`.
const SERVICE_KEY: &str = "fe26e8249ae7cfcbf6c61a9f2994b491";

/// Tokens written in the fixtures and the user each session belonged to. Each recorded
/// token gets a sandbox session of its own, so a recorded logout ends only that one.
const RECORDED_SESSIONS: &[(&str, (&str, &str))] = &[
    (
        "2151a205108b815c5ba97372492c90fe61bc0f01fe07a311a597495eb4ad1fd2",
        ADMIN,
    ),
    (
        "06216fa24fa62944fc4ac2ea9053fee0917b0f5e1e3973843c845c6573738d82",
        ADMIN,
    ),
    (
        "f945926fdcc91f0601847467e16e97888e3e325ccde252f99025c04ebd6520bc",
        ARTIST,
    ),
    ("ADMIN_TOKEN", ADMIN),
    ("ARTIST_TOKEN", ARTIST),
    ("TOKEN", ADMIN),
];

fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// The sandbox under replay and what the recording's names stand for in it.
struct Replay {
    sandbox: Sandbox,
    http: Client,
    /// Recorded string → sandbox string (tokens, keys, event ids, the server's address).
    substitutions: Vec<(String, String)>,
    admin_token: Option<String>,
}

impl Replay {
    async fn start() -> Replay {
        let sandbox = Sandbox::start(SandboxConfig {
            seed_demo_project: false,
            ..SandboxConfig::default()
        })
        .await
        .expect("the sandbox starts");
        let http = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client");
        let substitutions = vec![
            (
                "http://127.0.0.1:5000".to_owned(),
                sandbox.base_url().to_owned(),
            ),
            ("SERVICE_KEY".to_owned(), SERVICE_KEY.to_owned()),
        ];
        Replay {
            sandbox,
            http,
            substitutions,
            admin_token: None,
        }
    }

    async fn login(&self, (name, password): (&str, &str)) -> Result<String, String> {
        let reply = self
            .http
            .post(format!("{}/api/auth/login", self.sandbox.base_url()))
            .json(&serde_json::json!({"name": name, "password": password}))
            .send()
            .await
            .map_err(|e| format!("login of {name}: {e}"))?;
        let body: Value = reply
            .json()
            .await
            .map_err(|e| format!("login of {name}: {e}"))?;
        body["token"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("login of {name} gave no token: {body}"))
    }

    /// Logs in the sessions the request uses that have none yet (lazily: the artist
    /// exists only after fixture 29).
    async fn open_sessions_for(&mut self, fixture: &Fixture) -> Result<(), String> {
        let request = &fixture.request;
        for (recorded, user) in RECORDED_SESSIONS {
            let used = request.path_and_query.contains(recorded)
                || request.headers.iter().any(|(_, v)| v.contains(recorded));
            let known = self.substitutions.iter().any(|(r, _)| r == recorded);
            if used && !known {
                let live = self.login(*user).await?;
                self.substitutions.push(((*recorded).to_owned(), live));
            }
        }
        Ok(())
    }

    fn substitute(&self, text: &str) -> String {
        // Longest first, so `ADMIN_TOKEN` is replaced before `TOKEN`.
        let mut pairs: Vec<&(String, String)> = self.substitutions.iter().collect();
        pairs.sort_by_key(|(r, _)| std::cmp::Reverse(r.len()));
        pairs.iter().fold(text.to_owned(), |acc, (recorded, live)| {
            acc.replace(recorded.as_str(), live)
        })
    }

    async fn admin_token(&mut self) -> Result<String, String> {
        if let Some(token) = &self.admin_token {
            return Ok(token.clone());
        }
        let token = self.login(ADMIN).await?;
        self.admin_token = Some(token.clone());
        Ok(token)
    }

    /// Runs a setup step as the admin.
    async fn run_step(&mut self, step: &Step) -> Result<(), String> {
        let token = self.admin_token().await?;
        let method = Method::from_bytes(step.method.as_bytes()).map_err(|e| e.to_string())?;
        let mut request = self
            .http
            .request(method, format!("{}{}", self.sandbox.base_url(), step.path))
            .bearer_auth(token);
        request = match &step.body {
            StepBody::Json(json) => request.json(json),
            StepBody::Bytes(bytes) => request
                .header("Content-Type", "application/octet-stream")
                .body(bytes.to_vec()),
        };
        let reply = request.send().await.map_err(|e| e.to_string())?;
        let status = reply.status().as_u16();
        let text = reply.text().await.unwrap_or_default();
        if status != step.status {
            return Err(format!(
                "setup {} {} answered {status}, not {}: {text}",
                step.method, step.path, step.status
            ));
        }
        Ok(())
    }

    /// Sends the fixture's request to the sandbox and reads the whole answer.
    async fn send(&self, fixture: &Fixture) -> Result<compare::Live, String> {
        let request = &fixture.request;
        let method = Method::from_bytes(request.method.as_bytes()).map_err(|e| e.to_string())?;
        let url = format!(
            "{}{}",
            self.sandbox.base_url(),
            self.substitute(&request.path_and_query)
        );
        let mut builder = self.http.request(method, url);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), self.substitute(value));
        }
        builder = match &request.body {
            RecordedBody::None => builder,
            RecordedBody::Text(text) => builder.body(text.clone()),
            RecordedBody::File(path) => builder.body(scenario::file_bytes(path, &shared_dir())?),
            RecordedBody::FormFile {
                field,
                path,
                content_type,
            } => {
                let bytes = scenario::file_bytes(path, &shared_dir())?;
                let file_name = path.rsplit('/').next().unwrap_or(path).to_owned();
                let mut part = multipart::Part::bytes(bytes).file_name(file_name);
                if let Some(content_type) = content_type {
                    part = part.mime_str(content_type).map_err(|e| e.to_string())?;
                }
                builder.multipart(multipart::Form::new().part(field.clone(), part))
            }
        };
        let reply = builder.send().await.map_err(|e| e.to_string())?;
        let status = reply.status().as_u16();
        let headers = reply
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        let bytes = reply.bytes().await.map_err(|e| e.to_string())?.to_vec();
        Ok(compare::Live {
            status,
            headers,
            bytes,
        })
    }

    /// What a restart of the server process does to it: every session ends. The
    /// recorded tokens now stand for ended sessions; a placeholder (`TOKEN`) stands for
    /// a session opened after the restart.
    fn full_restart(&mut self) {
        {
            let mut store = self.sandbox.state().store();
            store.sessions.clear();
            store.ended_sessions.clear();
        }
        self.admin_token = None;
        self.substitutions
            .retain(|(recorded, _)| !recorded.ends_with("TOKEN"));
    }

    /// Maps ids the recording got (event ids) to the ones the sandbox gave.
    fn learn_ids(&mut self, fixture: &Fixture, live: &compare::Live) {
        let recorded: Option<Value> = fixture
            .answer
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok());
        let live: Option<Value> = serde_json::from_slice(&live.bytes).ok();
        if let (Some(recorded), Some(live)) = (recorded, live)
            && let (Some(r), Some(l)) = (recorded["eventId"].as_str(), live["eventId"].as_str())
        {
            self.substitutions.push((r.to_owned(), l.to_owned()));
        }
    }
}

/// The tally printed at the end.
#[derive(Default)]
struct Tally {
    equal: Vec<String>,
    excused: Vec<(String, &'static str)>,
    differ: Vec<String>,
}

#[tokio::test(flavor = "multi_thread")]
async fn sandbox_answers_every_recorded_exchange_like_ayon_1_11_2() {
    let dir = shared_dir().join("fixtures/ayon-1.11.2");
    if !dir.is_dir() {
        println!(
            "skipped: {} not found (the shared fixtures sit beside the project)",
            dir.display()
        );
        return;
    }
    let files = fixture::fixture_files(&dir);
    assert!(
        files.len() > 100,
        "too few fixtures found in {}",
        dir.display()
    );

    let mut replay = Replay::start().await;
    let mut tally = Tally::default();
    for (name, path) in &files {
        let text = std::fs::read_to_string(path).expect("a fixture is readable");
        let fixture = fixture::parse(name, &text).unwrap_or_else(|e| panic!("{name}: {e}"));

        for step in scenario::setup_before(&fixture.id) {
            if let Err(e) = replay.run_step(&step).await {
                tally.differ.push(format!("{name}: {e}"));
            }
        }
        if scenario::full_restart_before(&fixture.id) {
            replay.full_restart();
        }
        if let Some(reason) = scenario::excuse(&fixture.id) {
            tally.excused.push((name.clone(), reason));
            continue;
        }
        if let Err(e) = replay.open_sessions_for(&fixture).await {
            tally.differ.push(format!("{name}: {e}"));
            continue;
        }
        let live = match replay.send(&fixture).await {
            Ok(live) => live,
            Err(e) => {
                tally.differ.push(format!("{name}: not sent: {e}"));
                continue;
            }
        };
        let problems = compare::differences(&fixture.answer, &live, &|s| replay.substitute(s));
        replay.learn_ids(&fixture, &live);
        if problems.is_empty() {
            tally.equal.push(name.clone());
        } else {
            tally.differ.push(format!(
                "{name} ({} {}):\n    {}\n    sandbox said: {}",
                fixture.request.method,
                fixture.request.path_and_query,
                problems.join("\n    "),
                String::from_utf8_lossy(&live.bytes)
                    .chars()
                    .take(400)
                    .collect::<String>()
            ));
        }
    }

    println!(
        "replayed {} fixture files of AYON 1.11.2: {} equal, {} excused, {} differ",
        files.len(),
        tally.equal.len(),
        tally.excused.len(),
        tally.differ.len()
    );
    for (name, reason) in &tally.excused {
        println!("  excused {name}: {reason}");
    }
    assert!(
        tally.differ.is_empty(),
        "the sandbox answers differently from AYON 1.11.2:\n{}",
        tally.differ.join("\n")
    );
}
