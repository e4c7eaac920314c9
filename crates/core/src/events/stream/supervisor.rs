//! The loop that keeps a stream open: connect, and after the connection ends, say why and
//! connect again after a pause (the first pause after a restart or a connection that got
//! frames; doubling while attempts fail). A token the server did not take is not tried
//! again: the loop waits for a new one.

use super::StreamUpdate;
use super::backoff::Backoff;
use super::connection::{Ended, run};
use super::link::Link;

/// Runs the stream until the owner stops it.
pub(super) async fn supervise(mut link: Link, mut backoff: Backoff) {
    let mut attempt: u32 = 1;
    loop {
        link.report(StreamUpdate::Connecting { attempt });
        let pause = match run(&mut link).await {
            Ended::Stopped => break,
            Ended::Restarting => {
                link.report(StreamUpdate::Restarting);
                backoff.reset();
                attempt = 1;
                // A restarting server takes a few seconds: the connect waits for it.
                backoff.first()
            }
            Ended::NotAuthorised => {
                link.report(StreamUpdate::NotAuthorised);
                backoff.reset();
                attempt = 1;
                if link.wait_for_token().await {
                    continue;
                }
                break;
            }
            Ended::Dropped { reason, got_frames } => {
                link.report(StreamUpdate::Dropped { reason });
                if got_frames {
                    backoff.reset();
                    attempt = 1;
                } else {
                    attempt = attempt.saturating_add(1);
                }
                let after = backoff.next_pause();
                link.report(StreamUpdate::Retrying { after, attempt });
                after
            }
        };
        if !link.pause(pause).await {
            break;
        }
    }
    link.report(StreamUpdate::Stopped);
}
