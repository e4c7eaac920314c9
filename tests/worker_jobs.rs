//! The worker's in-flight jobs, driven through its public commands against the sandbox on
//! loopback: every job kind the window waits for is in flight while it runs and out of
//! flight by the time its event arrives; a cancelled job is out of flight at once and
//! sends nothing. The sandbox sits behind a gate that holds every request, so "while it
//! runs" is not a race.

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::middleware::Next;
use ayon_rest_explorer::ayon::AuthMode;
use ayon_rest_explorer::http::{HttpMethod, Progress, RequestSpec, build_client};
use ayon_rest_explorer::pipeline::Prepared;
use ayon_rest_explorer::recipes::{AddonInstalled, PackageForm, PackageKind, Platform};
use ayon_rest_explorer::recipes::{RecipeRun, RecipeTarget};
use ayon_rest_explorer::sandbox::{SandboxConfig, SandboxState, router};
use ayon_rest_explorer::secret::Secret;
use ayon_rest_explorer::state::UploadOutcome;
use ayon_rest_explorer::worker::{Command, Delivery, Event, RecipeJob, Worker};

const WAIT: Duration = Duration::from_secs(60);
const TIMEOUT: Duration = Duration::from_secs(30);

/// Which job kind a command starts, for the commands whose jobs the worker keeps in
/// flight; `None` for the others. No wildcard: a new command must be sorted here, and a
/// new in-flight kind gets a case in [`every_job_kind_in_flight_leaves_it_when_it_ends`].
fn in_flight_kind(command: &Command) -> Option<&'static str> {
    match command {
        Command::Execute { .. } => Some("send"),
        Command::FetchAllPages { .. } => Some("fetch all pages"),
        Command::Login { .. } => Some("login"),
        Command::Recipe { job, .. } => Some(match job {
            RecipeJob::Package(_) => "package upload recipe",
            RecipeJob::Addon(_) => "addon install recipe",
            RecipeJob::RestartAndCheck(_) => "restart recipe",
        }),
        Command::Cancel { .. }
        | Command::FetchServerInfo { .. }
        | Command::Logout { .. }
        | Command::PickSavePath { .. }
        | Command::SaveBody { .. }
        | Command::DecodePicture { .. }
        | Command::LoadCollection { .. }
        | Command::OpenGettingStarted { .. }
        | Command::SaveRequest { .. }
        | Command::LoadHistory { .. }
        | Command::AppendHistory { .. }
        | Command::Answers(_)
        | Command::Compare(_)
        | Command::Vault(_)
        | Command::SetClientOptions { .. }
        | Command::SaveSettings { .. }
        | Command::EditCollection { .. }
        | Command::PickCollectionFolder
        | Command::PickOpenFile { .. }
        | Command::InspectAddonZip { .. }
        | Command::LoadCatalog { .. }
        | Command::LoadCachedCatalog { .. }
        | Command::LoadSpecFile { .. }
        | Command::PreviewImport { .. }
        | Command::WriteImport { .. }
        | Command::ExportCollection { .. }
        | Command::SortDropped { .. }
        | Command::StartEvents { .. }
        | Command::StopEvents
        | Command::ResubscribeEvents { .. }
        | Command::FetchEventRecord { .. }
        | Command::LoadGraphQlSchema { .. }
        | Command::LoadGraphQlSchemaFile { .. } => None,
    }
}

/// The sandbox on loopback behind a gate: while closed, every request waits at the door.
struct GatedSandbox {
    url: String,
    gate: tokio::sync::watch::Sender<bool>,
    _io: tokio::runtime::Runtime,
}

impl GatedSandbox {
    fn start() -> GatedSandbox {
        let io = runtime();
        let (gate, open) = tokio::sync::watch::channel(true);
        let app = router(SandboxState::new(&SandboxConfig::default())).layer(
            axum::middleware::from_fn(move |request: Request, next: Next| {
                let mut open = open.clone();
                async move {
                    let _ = open.wait_for(|open| *open).await;
                    next.run(request).await
                }
            }),
        );
        let listener = io
            .block_on(tokio::net::TcpListener::bind(SocketAddr::from((
                Ipv4Addr::LOCALHOST,
                0,
            ))))
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        io.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        GatedSandbox { url, gate, _io: io }
    }

    fn hold(&self) {
        self.gate.send_replace(false);
    }

    fn open(&self) {
        self.gate.send_replace(true);
    }

    /// An admin token, asked for outside the worker.
    fn admin_token(&self) -> String {
        let io = runtime();
        let login = io
            .block_on(ayon_rest_explorer::ayon::login(
                &build_client().unwrap(),
                &self.url,
                "admin",
                "admin",
                TIMEOUT,
            ))
            .unwrap();
        login.token.expose().to_string()
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A worker on its own runtime (kept alive by the returned runtime).
fn worker() -> (Worker, tokio::runtime::Runtime) {
    let runtime = runtime();
    let worker = Worker::new(runtime.handle().clone(), Arc::new(|| {}), None, None).unwrap();
    (worker, runtime)
}

/// The id of the job a command starts.
fn job_id(command: &Command) -> u64 {
    match command {
        Command::Execute { id, .. }
        | Command::FetchAllPages { id, .. }
        | Command::Login { id, .. }
        | Command::Recipe { id, .. } => *id,
        other => panic!("not a job the worker keeps in flight: {other:?}"),
    }
}

/// Whether `event` ends the job `id`.
fn ends(event: &Event, id: u64) -> bool {
    match event {
        Event::Executed { id: done, .. }
        | Event::PagesFetched { id: done, .. }
        | Event::LoginFinished { id: done, .. }
        | Event::RecipeFinished { id: done, .. } => *done == id,
        _ => false,
    }
}

/// Submits `command` with the server held: the job is in flight. Then lets the server
/// answer and returns the job's event, checking the job was out of flight when the event
/// arrived.
fn run_to_end(worker: &mut Worker, server: &GatedSandbox, command: Command) -> Event {
    let kind = in_flight_kind(&command).expect("a job kind the worker keeps in flight");
    let id = job_id(&command);
    server.hold();
    worker.submit(command);
    assert_eq!(
        worker.in_flight(),
        1,
        "the {kind} is in flight while it runs"
    );
    server.open();
    let deadline = Instant::now() + WAIT;
    loop {
        let events = worker.drain();
        // Read before anything else can start: the job's tracking ended before its event
        // was sent.
        let in_flight = worker.in_flight();
        if let Some(event) = events.into_iter().find(|e| ends(e, id)) {
            assert_eq!(in_flight, 0, "the {kind} stayed in flight after it ended");
            return event;
        }
        assert!(Instant::now() < deadline, "the {kind} did not end");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn recipe(id: u64, server: &GatedSandbox, token: &str, job: RecipeJob) -> Command {
    Command::Recipe {
        id,
        target: RecipeTarget {
            server_url: server.url.clone(),
            headers: vec![("Authorization".into(), format!("Bearer {token}"))],
            secrets: vec![token.to_string()],
            timeout: TIMEOUT,
        },
        job,
        run: RecipeRun::new(),
    }
}

fn send_info(id: u64, server: &GatedSandbox) -> Command {
    let url = url::Url::parse(&format!("{}/api/info", server.url)).unwrap();
    Command::Execute {
        id,
        prepared: Box::new(Prepared {
            spec: RequestSpec::new(HttpMethod::Get, url).timeout(TIMEOUT),
            auth_mode: AuthMode::None,
            expect: None,
            capture: Vec::new(),
        }),
        draft: Box::default(),
        variables: Box::default(),
        progress: Arc::new(Progress::new()),
        delivery: Delivery::View {
            spill_threshold: 1 << 20,
        },
    }
}

/// A minimal server addon zip: `manifest.json` and the `addon/` package.
fn addon_zip(path: &Path, name: &str) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("manifest.json", options).unwrap();
    write!(
        zip,
        "{{\"addon_name\": \"{name}\", \"addon_version\": \"0.1.0\"}}"
    )
    .unwrap();
    zip.start_file("addon/package.py", options).unwrap();
    write!(zip, "name = \"{name}\"\nversion = \"0.1.0\"\n").unwrap();
    zip.finish().unwrap();
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("are-worker-jobs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_job_kind_in_flight_leaves_it_when_it_ends() {
    let server = GatedSandbox::start();
    let token = server.admin_token();
    let (mut worker, _runtime) = worker();
    let dir = temp_dir("kinds");

    // A send.
    match run_to_end(&mut worker, &server, send_info(1, &server)) {
        Event::Executed { result, .. } => {
            assert_eq!(result.unwrap().exchange.response.status, 200);
        }
        other => panic!("{other:?}"),
    }

    // Every page of a GraphQL query (the sandbox's projects).
    let query = "{ projects(first: 1) { edges { node { name } } } }";
    let plan = ayon_rest_explorer::ayon::graphql_pages::plan_pages(query, None).unwrap();
    let url = url::Url::parse(&format!("{}/graphql", server.url)).unwrap();
    let mut spec = RequestSpec::new(HttpMethod::Post, url).timeout(TIMEOUT);
    spec.headers
        .push(("Authorization".into(), format!("Bearer {token}")));
    let pages = Command::FetchAllPages {
        id: 6,
        prepared: Box::new(Prepared {
            spec,
            auth_mode: AuthMode::None,
            expect: None,
            capture: Vec::new(),
        }),
        draft: Box::default(),
        plan: Box::new(plan),
        variables: serde_json::Map::new(),
        run: Arc::default(),
    };
    match run_to_end(&mut worker, &server, pages) {
        Event::PagesFetched { answer, .. } => {
            assert_eq!(answer.unwrap().unwrap().exchange.response.status, 200);
        }
        other => panic!("{other:?}"),
    }

    // A login.
    let login = Command::Login {
        id: 2,
        server_url: server.url.clone(),
        name: "admin".into(),
        password: Secret::new("admin"),
        timeout: TIMEOUT,
    };
    match run_to_end(&mut worker, &server, login) {
        Event::LoginFinished { result, .. } => assert!(result.is_ok(), "{result:?}"),
        other => panic!("{other:?}"),
    }

    // An installer upload.
    let installer = dir.join("are_jobs-linux.sh");
    std::fs::write(&installer, b"#!/bin/sh\necho jobs\n").unwrap();
    let form = PackageForm {
        kind: PackageKind::Installer,
        file: installer,
        filename: "are_jobs-linux.sh".into(),
        platform: Platform::Linux,
        version: "0.9.1".into(),
        python_version: "3.11.9".into(),
        source_addons: Vec::new(),
        force: false,
    };
    let upload = recipe(3, &server, &token, RecipeJob::Package(form));
    match run_to_end(&mut worker, &server, upload) {
        Event::RecipeFinished {
            outcome: UploadOutcome::Package(result),
            ..
        } => assert!(result.is_ok(), "{result:?}"),
        other => panic!("{other:?}"),
    }

    // An addon install.
    let zip = dir.join("arejobs-0.1.0.zip");
    addon_zip(&zip, "arejobs");
    let install = recipe(4, &server, &token, RecipeJob::Addon(zip));
    let installed: AddonInstalled = match run_to_end(&mut worker, &server, install) {
        Event::RecipeFinished {
            outcome: UploadOutcome::Addon(result),
            ..
        } => result.unwrap(),
        other => panic!("{other:?}"),
    };

    // A restart, then the check that the addon is listed.
    let restart = recipe(5, &server, &token, RecipeJob::RestartAndCheck(installed));
    match run_to_end(&mut worker, &server, restart) {
        Event::RecipeFinished {
            outcome: UploadOutcome::Restarted { result, .. },
            ..
        } => assert!(matches!(result, Ok(true)), "{result:?}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(worker.in_flight(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_cancelled_job_leaves_flight_at_once_and_answers_nothing() {
    let server = GatedSandbox::start();
    let token = server.admin_token();
    let (mut worker, _runtime) = worker();
    let dir = temp_dir("cancel");
    let zip = dir.join("arecancel-0.1.0.zip");
    addon_zip(&zip, "arecancel");

    server.hold();
    worker.submit(send_info(1, &server));
    worker.submit(recipe(2, &server, &token, RecipeJob::Addon(zip)));
    assert_eq!(worker.in_flight(), 2);
    worker.submit(Command::Cancel { id: 1 });
    assert_eq!(worker.in_flight(), 1, "the cancelled send is out of flight");
    worker.submit(Command::Cancel { id: 2 });
    assert_eq!(
        worker.in_flight(),
        0,
        "the cancelled recipe is out of flight"
    );
    // Cancelling what already left changes nothing.
    worker.submit(Command::Cancel { id: 2 });
    server.open();
    std::thread::sleep(Duration::from_millis(500));
    let late: Vec<Event> = worker
        .drain()
        .into_iter()
        .filter(|e| ends(e, 1) || ends(e, 2))
        .collect();
    assert!(late.is_empty(), "cancelled jobs answered: {late:?}");
    assert_eq!(worker.in_flight(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}
