//! A prepared request sent, and its answer judged.

use crate::collection::variables::VariableSet;
use crate::http::{ClientFor, Exchange, HttpError, Transfer, execute_with};

use super::{Prepared, TestResults};

/// What one send gave.
#[derive(Debug)]
pub struct Outcome {
    /// The request as sent and the answer.
    pub exchange: Exchange,
    /// Its `expect:` and `capture:` results (`None` when it has neither).
    pub tests: Option<TestResults>,
}

/// Sends `prepared` with `clients` (progress and body destination as `transfer` says),
/// then judges the answer against its checks with `vars` (off the async threads: a big
/// body takes a while).
pub async fn run(
    clients: &impl ClientFor,
    prepared: Prepared,
    vars: VariableSet,
    transfer: &Transfer,
) -> Result<Outcome, HttpError> {
    let exchange = execute_with(clients, &prepared.spec, transfer).await?;
    if prepared.expect.is_none() && prepared.capture.is_empty() {
        return Ok(Outcome {
            exchange,
            tests: None,
        });
    }
    let url = prepared.spec.url.to_string();
    tokio::task::spawn_blocking(move || {
        let tests = TestResults::evaluate(
            &exchange,
            prepared.expect.as_ref(),
            &prepared.capture,
            &vars,
        );
        Outcome { exchange, tests }
    })
    .await
    .map_err(|e| HttpError::Other {
        url,
        reason: format!("checking the answer failed: {e}"),
    })
}
