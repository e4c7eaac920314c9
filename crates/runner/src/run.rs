//! Sends the planned requests in order with the app's engine, checks each answer, carries
//! captured values forward, and reports each request as it finishes.

use std::time::Instant;

use ayon_explorer_core::ayon::AuthMode;
use ayon_explorer_core::checks::{Answer, captures, evaluate};
use ayon_explorer_core::collection::variables::{UnknownVariables, resolve_draft};
use ayon_explorer_core::http::{ClientFor, RequestSpec, execute};
use ayon_explorer_core::request::{build_spec, mask_variable_secrets};

use super::origin::check_credentials;
use super::plan::{Plan, Step};
use super::report::{CheckReport, RequestReport, Verdict};
use super::server::{is_full_url, slash_path};
use super::variables::{RunVariables, secret_env_name};

/// What every request of a run shares.
pub struct Session<'a, C: ClientFor> {
    /// The clients (app-wide and per server).
    pub clients: &'a C,
    /// The server relative URLs go to, and the only origin credentials go to; `None` when
    /// every URL of the run is full and no server was given.
    pub server: Option<&'a str>,
    /// The limit per request.
    pub timeout: std::time::Duration,
    /// `AYON_API_KEY`, used by session-auth requests when no `{{token}}` was captured.
    pub api_key: Option<String>,
}

/// Runs `plan`; `on_done` sees each request's report as soon as it exists. With `bail`,
/// the requests after the first that did not pass are reported as skipped.
pub async fn run_steps<C: ClientFor>(
    plan: &Plan,
    session: &Session<'_, C>,
    vars: &mut RunVariables,
    bail: bool,
    on_done: &mut dyn FnMut(&RequestReport),
) -> Vec<RequestReport> {
    let mut reports = Vec::with_capacity(plan.steps.len());
    let mut stopped = false;
    for step in &plan.steps {
        let report = if stopped {
            unanswered(step, Verdict::Skipped)
        } else {
            run_one(plan, step, session, vars).await
        };
        stopped |= bail && report.verdict != Verdict::Passed;
        on_done(&report);
        reports.push(report);
    }
    reports
}

async fn run_one<C: ClientFor>(
    plan: &Plan,
    step: &Step,
    session: &Session<'_, C>,
    vars: &mut RunVariables,
) -> RequestReport {
    let mut report = unanswered(step, Verdict::Error);
    report.url = vars.mask(&step.file.url);
    let spec = match prepare(plan, step, session, vars) {
        Ok(spec) => spec,
        Err(error) => {
            report.error = Some(vars.mask(&error));
            return report;
        }
    };
    vars.mask_also(spec.secrets.clone());
    report.url = vars.mask(spec.url.as_str());
    let started = Instant::now();
    let exchange = match execute(session.clients, &spec).await {
        Ok(exchange) => exchange,
        Err(error) => {
            report.time_ms = Some(millis(started.elapsed()));
            let mut text = error.to_string();
            if error.is_time_limit() {
                text.push_str(" Raise it with --timeout SECONDS.");
            }
            report.error = Some(vars.mask(&text));
            return report;
        }
    };
    let response = &exchange.response;
    report.status = Some(response.status);
    report.reason = Some(response.reason.clone());
    report.time_ms = Some(millis(exchange.timings.total));
    let answer = Answer {
        status: response.status,
        headers: &response.headers,
        body: &response.body,
        elapsed: exchange.timings.total,
    };
    if let Some(expect) = &step.file.expect {
        report.checks = evaluate(expect, &answer, &vars.set)
            .into_iter()
            .map(|o| CheckReport {
                name: vars.mask(&o.name),
                passed: o.passed,
                expected: vars.mask(&o.expected),
                actual: vars.mask(&o.actual),
            })
            .collect();
    }
    match captures(&step.file.capture, &response.body) {
        Ok(values) => {
            for (name, value) in values {
                vars.capture(&name, value);
                report.captured.push(name);
            }
        }
        Err(error) => report.error = Some(vars.mask(&error)),
    }
    // Masks learnt from this answer's captures apply to its own report too.
    for check in &mut report.checks {
        check.actual = vars.mask(&check.actual);
    }
    report.verdict = if report.error.is_some() {
        Verdict::Error
    } else if report.checks.iter().all(|c| c.passed) {
        Verdict::Passed
    } else {
        Verdict::Failed
    };
    report
}

/// The request ready to send: variables substituted, auth headers built (for the run's
/// server only), secrets listed for masking. The error says what to set.
fn prepare<C: ClientFor>(
    plan: &Plan,
    step: &Step,
    session: &Session<'_, C>,
    vars: &RunVariables,
) -> Result<RequestSpec, String> {
    let mut draft = step
        .file
        .to_draft_with_default_auth(plan.collection.file.defaults.auth_mode);
    let token = vars.set.value("token").map(str::to_owned);
    if draft.auth.mode == AuthMode::Session
        && token.is_none()
        && let Some(key) = &session.api_key
    {
        // As ayon-python-api does with AYON_API_KEY.
        draft.auth.mode = AuthMode::ApiKey;
        draft.auth.api_key = key.clone();
    }
    let (resolved, secrets) = resolve_draft(&draft, &vars.set).map_err(explain_unknown)?;
    // Known only now when the URL starts with a captured variable.
    if session.server.is_none() && !is_full_url(&resolved.url) {
        return Err(format!(
            "the URL {} is relative and the run has no server: pass --server URL, set \
             AYON_SERVER_URL or the collection's defaults.base_url, or use --sandbox",
            resolved.url.trim()
        ));
    }
    if resolved.auth.mode == AuthMode::Session && token.is_none() {
        return Err(
            "Session auth, but no session: add a log-in request that captures \
                    `token: $.token` before this one, set AYON_SECRET_TOKEN, or set \
                    AYON_API_KEY"
                .to_owned(),
        );
    }
    let spec = build_spec(
        &resolved,
        session.server.unwrap_or_default(),
        token.as_deref(),
        session.timeout,
        Some(&plan.collection.root),
    )
    .map_err(|e| e.to_string())?;
    // Built but not sent: its credentials may go to the run's server only.
    check_credentials(&spec.url, resolved.auth.mode, session.server)?;
    Ok(mask_variable_secrets(spec, secrets))
}

/// The app's words point at its environment editor; the runner's at the variables to set.
fn explain_unknown(unknown: UnknownVariables) -> String {
    let mut parts = Vec::new();
    if !unknown.names.is_empty() {
        parts.push(format!(
            "unknown variable(s) {}: define them in the environment (--env) or capture them \
             in an earlier request",
            braces(&unknown.names)
        ));
    }
    if !unknown.missing_secrets.is_empty() {
        let how: Vec<String> = unknown
            .missing_secrets
            .iter()
            .map(|n| secret_env_name(n))
            .collect();
        parts.push(format!(
            "no value for the secret(s) {}: set {} (or store it with the app)",
            braces(&unknown.missing_secrets),
            how.join(", ")
        ));
    }
    parts.join("; ")
}

fn braces(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{{{{{n}}}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The report of a request before (or without) an answer.
fn unanswered(step: &Step, verdict: Verdict) -> RequestReport {
    RequestReport {
        name: step.file.name.clone(),
        file: slash_path(&step.path),
        method: step.file.method.as_str().to_owned(),
        url: String::new(),
        verdict,
        status: None,
        reason: None,
        time_ms: None,
        error: None,
        checks: Vec::new(),
        captured: Vec::new(),
    }
}

fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}
