//! Restarting AYON (`POST /api/system/restart`, fixture 65) and waiting until it
//! answers again. The server process exits and its supervisor starts it again; a
//! server that reloads without going down (the sandbox) is recognised too.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::http::{HttpError, HttpMethod, execute, human_duration};

use super::explain::Action;
use super::{RecipeError, RecipeRun, RecipeTarget, StepState};

/// How long the server may take to answer again.
pub const RESTART_WAIT: Duration = Duration::from_secs(120);
/// How often `GET /api/info` is tried meanwhile.
const POLL: Duration = Duration::from_millis(500);
/// Longest wait for one probe: a server coming up answers fast or not at all.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);
/// A server that neither went down nor restarted its uptime in this time is taken to
/// have restarted in place (the real one goes down within a second or two).
const IN_PLACE_AFTER: Duration = Duration::from_secs(8);

/// `POST /api/system/restart` (admin only), then `GET /api/info` every half second
/// until the server is back, for at most [`RESTART_WAIT`]. "Back" is: answering again
/// after it stopped, or answering with an uptime that started again, or (when addon
/// changes were pending) `GET /api/addons/install` no longer asking for a restart.
pub async fn restart_server(
    client: &impl crate::http::ClientFor,
    target: &RecipeTarget,
    run: &RecipeRun,
) -> Result<(), RecipeError> {
    let before = Instant::now();
    let uptime_before = probe(client, target).await.ok().flatten();
    let pending_before = restart_required(client, target).await;

    let id = run.begin("Asking AYON to restart (POST /api/system/restart)…");
    let spec = target.request(HttpMethod::Post, &["api", "system", "restart"])?;
    match target.call(client, &spec, &Action::Restart, None).await {
        Ok(exchange) => run.done(
            id,
            format!("Restart requested ({})", exchange.response.status),
        ),
        // Going down while answering is what a restart does.
        Err(RecipeError::Http(HttpError::Protocol { .. } | HttpError::ClosedMidBody { .. })) => run
            .done(
                id,
                "Restart requested; the server closed the connection while answering",
            ),
        Err(e) => {
            run.fail(id, &e);
            return Err(e);
        }
    }

    let requested = Instant::now();
    let mut id = run.begin("Waiting for the server to answer again…");
    let mut went_down = false;
    let mut last_problem = String::new();
    loop {
        let waited = requested.elapsed();
        match probe(client, target).await {
            Err(why) => {
                if !went_down {
                    // The news takes the waiting step's place; a new one follows it.
                    run.finish(
                        id,
                        format!("The server stopped answering ({why})"),
                        StepState::Info,
                    );
                    id = run.begin("Waiting for the server to come back…");
                    went_down = true;
                }
                last_problem = why.to_string();
            }
            Ok(uptime) => {
                let since_before = before.elapsed().as_secs_f64();
                // Uptime is reported in whole or fractional seconds: allow for both.
                let uptime_restarted = matches!((uptime_before, uptime),
                    (Some(was), Some(now)) if now + 2.0 < was + since_before);
                let how = if went_down {
                    Some("is back")
                } else if uptime_restarted {
                    Some("is back (its uptime started again)")
                } else if pending_before == Some(true)
                    && restart_required(client, target).await == Some(false)
                {
                    Some("loaded the pending addon changes without going down")
                } else if waited >= IN_PLACE_AFTER {
                    Some("kept answering throughout: it restarted in place, or not at all")
                } else {
                    None
                };
                if let Some(how) = how {
                    run.done(
                        id,
                        format!(
                            "The server {how} ({} after the request)",
                            human_duration(waited)
                        ),
                    );
                    return Ok(());
                }
            }
        }
        if waited >= RESTART_WAIT {
            let err = RecipeError::Server {
                status: 503,
                detail: last_problem,
                explanation: format!(
                    "The server did not answer again within {} of the restart request: \
                     check that its service or container is set to start again.",
                    human_duration(RESTART_WAIT)
                ),
            };
            run.fail(id, &err);
            return Err(err);
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Why a probe of `GET /api/info` got no answer 200.
#[derive(Debug, thiserror::Error)]
enum ProbeError {
    /// The probe could not be built.
    #[error(transparent)]
    Request(#[from] RecipeError),
    /// No answer came.
    #[error(transparent)]
    Http(#[from] HttpError),
    /// The server answered with another status.
    #[error("{status} {reason}")]
    Status {
        /// The HTTP status.
        status: u16,
        /// Its reason phrase.
        reason: String,
    },
}

/// `GET /api/info`: `Ok(uptime)` when the server answers 200, else why not.
async fn probe(
    client: &impl crate::http::ClientFor,
    target: &RecipeTarget,
) -> Result<Option<f64>, ProbeError> {
    let spec = target
        .request(HttpMethod::Get, &["api", "info"])?
        .timeout(target.timeout.min(PROBE_TIMEOUT));
    let exchange = execute(client, &spec).await?;
    if exchange.response.status != 200 {
        return Err(ProbeError::Status {
            status: exchange.response.status,
            reason: exchange.response.reason,
        });
    }
    Ok(serde_json::from_slice::<Value>(&exchange.response.body)
        .ok()
        .and_then(|info| info.get("uptime").and_then(Value::as_f64)))
}

/// `restartRequired` of `GET /api/addons/install`, when the server says.
async fn restart_required(
    client: &impl crate::http::ClientFor,
    target: &RecipeTarget,
) -> Option<bool> {
    let spec = target
        .request(HttpMethod::Get, &["api", "addons", "install"])
        .ok()?
        .timeout(target.timeout.min(PROBE_TIMEOUT));
    let exchange = target
        .call(client, &spec, &Action::ListAddons, None)
        .await
        .ok()?;
    serde_json::from_slice::<Value>(&exchange.response.body)
        .ok()?
        .get("restartRequired")?
        .as_bool()
}
