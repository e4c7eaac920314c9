//! Sends the planned requests in order with the app's engine, checks each answer, carries
//! captured values forward, and reports each request as it finishes.

use std::time::Instant;

use ayon_explorer_core::http::{ClientFor, ResponseData, Transfer};
use ayon_explorer_core::pipeline::{CredentialScope, SendContext, prepare, run};
use ayon_explorer_core::secret::answer_mask::AnswerMask;

use super::plan::{Plan, Step};
use super::report::{CheckReport, RequestReport, Verdict};
use super::server::slash_path;
use super::variables::RunVariables;
use super::words::explain;

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
    /// Origins every secret may go to besides its binding (`--allow-host`).
    pub allowed_origins: Vec<String>,
    /// Files and folders outside the collection its requests may send (`--allow-file`).
    pub allowed_files: &'a [std::path::PathBuf],
    /// The app's own folders, never sent as a body.
    pub protected_folders: &'a [std::path::PathBuf],
    /// Where each answer is saved, masked (`--save-responses`; the folder exists).
    pub save_responses: Option<&'a std::path::Path>,
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
    for (place, step) in plan.steps.iter().enumerate() {
        let report = if stopped {
            unanswered(step, Verdict::Skipped)
        } else {
            let (mut report, answer) = run_one(plan, step, session, vars).await;
            if let Some(dir) = session.save_responses {
                // Masked with everything known after this answer (its own captures too).
                let mask = AnswerMask::from_forms(vars.masked_forms());
                if let Err(e) = super::saved::save(dir, place + 1, &report, answer.as_ref(), &mask)
                {
                    let problem = vars.mask(&format!(
                        "the answer could not be saved (--save-responses): {e}"
                    ));
                    report.error = Some(match report.error.take() {
                        Some(first) => format!("{first}; {problem}"),
                        None => problem,
                    });
                    report.verdict = Verdict::Error;
                }
            }
            report
        };
        stopped |= bail && report.verdict != Verdict::Passed;
        on_done(&report);
        reports.push(report);
    }
    reports
}

/// Sends one request: its report, and its answer when there was one.
async fn run_one<C: ClientFor>(
    plan: &Plan,
    step: &Step,
    session: &Session<'_, C>,
    vars: &mut RunVariables,
) -> (RequestReport, Option<ResponseData>) {
    let mut report = unanswered(step, Verdict::Error);
    report.url = vars.mask(&step.file.url);
    let draft = step
        .file
        .to_draft_with_default_auth(plan.collection.file.defaults.auth_mode);
    let context = SendContext {
        server_url: session.server,
        session_token: vars.set.value("token"),
        // A collection from git is untrusted: every credential goes to the run's server
        // only.
        credentials: CredentialScope::ServerOnly(session.server),
        api_key_fallback: session.api_key.as_deref(),
        timeout: session.timeout,
        // Its files stay in its folder, unless --allow-file says otherwise.
        file_root: Some(&plan.collection.root),
        secret_bindings: &vars.bindings,
        allowed_origins: &session.allowed_origins,
        confine_files: true,
        allowed_files: session.allowed_files,
        protected_folders: session.protected_folders,
    };
    let prepared = match prepare(&draft, &vars.set, &context) {
        Ok(prepared) => prepared,
        Err(error) => {
            report.error = Some(vars.mask(&explain(&error)));
            return (report, None);
        }
    };
    vars.mask_also(prepared.spec.secrets.clone());
    report.url = vars.mask(prepared.spec.url.as_str());
    let started = Instant::now();
    let outcome = match run(
        session.clients,
        prepared,
        vars.set.clone(),
        &Transfer::default(),
    )
    .await
    {
        Ok(outcome) => outcome,
        Err(error) => {
            report.time_ms = Some(millis(started.elapsed()));
            let mut text = error.to_string();
            if error.is_time_limit() {
                text.push_str(" Raise it with --timeout SECONDS.");
            }
            report.error = Some(vars.mask(&text));
            return (report, None);
        }
    };
    let response = outcome.exchange.response;
    // A captured value came from the last hop (after any redirect).
    let answered_by = outcome.exchange.request.url;
    report.status = Some(response.status);
    report.reason = Some(response.reason.clone());
    report.time_ms = Some(millis(outcome.exchange.timings.total));
    if let Some(tests) = outcome.tests {
        report.checks = tests
            .outcomes
            .into_iter()
            .map(|o| CheckReport {
                name: vars.mask(&o.name),
                passed: o.passed,
                expected: vars.mask(&o.expected),
                actual: vars.mask(&o.actual),
            })
            .collect();
        for (name, value) in tests.captured {
            vars.capture(&name, value, &answered_by);
            report.captured.push(name);
        }
        if let Some(error) = tests.capture_error {
            report.error = Some(vars.mask(&error));
        }
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
    (report, Some(response))
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
