//! The lifecycle of one tab's request.

use std::sync::Arc;
use std::time::Instant;

use super::CompletedResponse;
use crate::http::Progress;

/// Identifies one send (or login); a late answer for an older id is dropped.
pub type RequestId = u64;

/// Where a tab's request is. `previous` keeps the last answer visible while a new one loads.
#[derive(Debug, Default)]
pub enum RequestState {
    /// Nothing sent yet.
    #[default]
    Idle,
    /// In flight.
    Pending {
        /// The send's id.
        id: RequestId,
        /// When it started.
        started: Instant,
        /// The last answer, still shown.
        previous: Option<Arc<CompletedResponse>>,
        /// Bytes moved so far, updated by the engine.
        progress: Arc<Progress>,
    },
    /// Answered.
    Done(Arc<CompletedResponse>),
    /// No answer: the message names why.
    Failed {
        /// What went wrong.
        error: String,
        /// The certificate a server presented and that was refused (to inspect and trust).
        certificate: Option<Box<crate::http::CertificateInfo>>,
        /// The last answer, still shown below the error.
        previous: Option<Arc<CompletedResponse>>,
    },
}

impl RequestState {
    /// The answer to show (the current one, or the previous while pending or failed).
    pub fn response(&self) -> Option<&Arc<CompletedResponse>> {
        match self {
            RequestState::Idle => None,
            RequestState::Done(r) => Some(r),
            RequestState::Pending { previous, .. } | RequestState::Failed { previous, .. } => {
                previous.as_ref()
            }
        }
    }

    /// The id in flight, if any.
    pub fn pending_id(&self) -> Option<RequestId> {
        match self {
            RequestState::Pending { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// Starts a send, keeping the last answer; returns the counters to hand the engine.
    pub fn start(&mut self, id: RequestId) -> Arc<Progress> {
        let previous = self.response().cloned();
        let progress = Arc::new(Progress::new());
        *self = RequestState::Pending {
            id,
            started: Instant::now(),
            previous,
            progress: progress.clone(),
        };
        progress
    }

    /// Back to showing the last answer (after Cancel).
    pub fn cancel(&mut self) {
        let previous = self.response().cloned();
        *self = match previous {
            Some(r) => RequestState::Done(r),
            None => RequestState::Idle,
        };
    }

    /// Records a failure, keeping the last answer.
    pub fn fail(&mut self, error: String) {
        self.fail_with_certificate(error, None);
    }

    /// Records a failure with the refused certificate, keeping the last answer.
    pub fn fail_with_certificate(
        &mut self,
        error: String,
        certificate: Option<Box<crate::http::CertificateInfo>>,
    ) {
        let previous = self.response().cloned();
        *self = RequestState::Failed {
            error,
            certificate,
            previous,
        };
    }
}
