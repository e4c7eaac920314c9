//! `ayon-rest-explorer events`: the server's live event stream, printed headless for
//! terminals and CI logs.
//!
//! ```text
//!   server (--sandbox, --server, AYON_SERVER_URL)          ── none, bad URL ──► exit 2
//!   token (sandbox login, AYON_SECRET_TOKEN, AYON_API_KEY after GET /api/users/me)
//!     │                                                    ── refused ──► exit 3
//!   stream: events ─► stdout (a line each, or the raw frame with --json)
//!           connection changes ─► stderr              ── not authorised ──► exit 3
//!   Ctrl+C ─► close politely, counts on stderr ─► exit 0
//! ```
//!
//! The token goes only in the stream's auth message and the one REST request, to the
//! chosen server; it is masked in every line printed.

mod credentials;
mod line;
mod status;

use std::future::Future;
use std::io::Write;
use std::time::Duration;

use ayon_explorer_core::events::stream::{StreamConfig, StreamUpdate, network_for, start};
use ayon_explorer_core::events::{Subscription, ws_url};
use ayon_explorer_core::http::{ClientOptions, Clients};
use tokio::sync::mpsc::unbounded_channel;

pub use line::{human_line, json_line};

use super::{EXIT_CONFIG, EXIT_FAILED, EnvLookup, SandboxLogin};
use credentials::{Refusal, obtain};
use status::Console;

/// Exit code: the stream was stopped (Ctrl+C).
pub const EXIT_STOPPED: u8 = 0;
/// Exit code: the server did not take the credentials.
pub const EXIT_NOT_AUTHORISED: u8 = 3;

/// `ayon-rest-explorer events` on the command line.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct EventsArgs {
    /// The server (default: AYON_SERVER_URL).
    #[arg(long, value_name = "URL", conflicts_with = "sandbox")]
    pub server: Option<String>,
    /// Start the embedded practice server and watch its stream, logged in as its admin.
    #[arg(long)]
    pub sandbox: bool,
    /// Only events whose topic starts with PREFIX (repeatable; default: every topic).
    #[arg(long = "topic", value_name = "PREFIX")]
    pub topics: Vec<String>,
    /// Only events of this project (and those of no project).
    #[arg(long, value_name = "PROJECT")]
    pub project: Option<String>,
    /// Print each event's frame as received, one JSON object per line.
    #[arg(long)]
    pub json: bool,
    /// Also print heartbeats, repeat deliveries and ignored frames on stderr.
    #[arg(long)]
    pub verbose: bool,
}

/// What the command takes from outside its command line.
pub struct EventsContext {
    /// The process environment (`AYON_SERVER_URL`, `AYON_API_KEY`, `AYON_SECRET_TOKEN`).
    pub env: Box<EnvLookup>,
    /// Proxy and TLS settings (the app's Settings, `AYON_CA_FILE`, …), for the REST
    /// request and the stream alike.
    pub client_options: ClientOptions,
    /// The sandbox started for this command.
    pub sandbox: Option<SandboxLogin>,
}

/// How long the REST request and each connect may take.
const LIMIT: Duration = Duration::from_secs(15);

/// Watches the stream until `stop` completes (Ctrl+C in the binary) or the server refuses
/// the credentials; returns the exit code. Events go to `out`, everything else to `err`.
pub async fn watch(
    args: &EventsArgs,
    context: EventsContext,
    out: &mut dyn Write,
    err: &mut dyn Write,
    stop: impl Future<Output = ()>,
) -> u8 {
    let mut console = Console::new(out, err, args.json, args.verbose);
    tokio::pin!(stop);
    let server = match server(args, &context) {
        Ok(server) => server,
        Err(problem) => {
            console.problem(&problem);
            return EXIT_CONFIG;
        }
    };
    let ws = match ws_url(&server) {
        Ok(ws) => ws,
        Err(e) => {
            console.problem(&e.to_string());
            return EXIT_CONFIG;
        }
    };
    let clients = match Clients::build(&context.client_options) {
        Ok(clients) => clients,
        Err(e) => {
            console.problem(&format!("connection settings: {e}"));
            return EXIT_CONFIG;
        }
    };
    // The stream goes as the HTTP client does: the same TLS trust and proxy.
    let network = match network_for(&context.client_options, &ws, |name| (context.env)(name)) {
        Ok(network) => network,
        Err(problem) => {
            console.problem(&problem);
            return EXIT_CONFIG;
        }
    };
    // Ctrl+C is watched from here on, the REST request included.
    let obtained = tokio::select! {
        obtained = obtain(&server, &context, &clients, LIMIT) => obtained,
        () = &mut stop => return EXIT_STOPPED,
    };
    let credential = match obtained {
        Ok(credential) => credential,
        Err(Refusal::Missing(problem)) => {
            console.problem(&problem);
            return EXIT_CONFIG;
        }
        Err(Refusal::NotAuthorised(problem)) => {
            console.problem(&problem);
            return EXIT_NOT_AUTHORISED;
        }
        Err(Refusal::Failed(problem)) => {
            console.problem(&problem);
            return EXIT_FAILED;
        }
    };
    console.mask(credential.token.expose());
    let subscription = Subscription {
        topics: if args.topics.is_empty() {
            vec!["*".to_owned()]
        } else {
            args.topics.clone()
        },
        project: args.project.clone(),
    };
    let mut config = StreamConfig::new(server.clone(), credential.token, subscription);
    config.connect_timeout = LIMIT;
    let (tx, mut updates) = unbounded_channel();
    let handle = match start(
        &tokio::runtime::Handle::current(),
        config,
        network,
        move |u| {
            let _ = tx.send(u);
        },
    ) {
        Ok(handle) => handle,
        Err(e) => {
            console.problem(&e.to_string());
            return EXIT_CONFIG;
        }
    };
    console.status(&format!("watching {ws}"));
    let code = loop {
        tokio::select! {
            update = updates.recv() => match update {
                None | Some(StreamUpdate::Stopped) => break EXIT_STOPPED,
                Some(StreamUpdate::NotAuthorised) => {
                    console.problem(&format!(
                        "not authorised: {server} closed the event stream without sending \
                         anything, so it did not accept the token from {}",
                        credential.source
                    ));
                    break EXIT_NOT_AUTHORISED;
                }
                Some(update) => console.show(&update),
            },
            () = &mut stop => break EXIT_STOPPED,
        }
    };
    handle.stop();
    // The polite close takes a moment; the counts come after it.
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        while let Some(update) = updates.recv().await {
            if update == StreamUpdate::Stopped {
                break;
            }
        }
    })
    .await;
    console.summary();
    code
}

/// The server: the sandbox, `--server`, then `AYON_SERVER_URL`.
fn server(args: &EventsArgs, context: &EventsContext) -> Result<String, String> {
    if let Some(sandbox) = &context.sandbox {
        return Ok(sandbox.url.clone());
    }
    args.server
        .clone()
        .or_else(|| (context.env)("AYON_SERVER_URL"))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            "no server: pass --server URL, set AYON_SERVER_URL, or use --sandbox".to_owned()
        })
}

/// Completes on Ctrl+C (never, when the signal cannot be watched).
pub async fn interrupted() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}
