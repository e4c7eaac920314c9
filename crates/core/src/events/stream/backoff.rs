//! The pause before connecting again: `first` doubling up to `max`, back to `first` after
//! a connection that worked.

use std::time::Duration;

/// Pauses between attempts.
#[derive(Clone, Debug)]
pub(super) struct Backoff {
    first: Duration,
    max: Duration,
    next: Duration,
}

impl Backoff {
    /// Starts at `first` (a zero `first` would spin: it is raised to 1 ms).
    pub(super) fn new(first: Duration, max: Duration) -> Self {
        let first = first.max(Duration::from_millis(1));
        let max = max.max(first);
        Backoff {
            first,
            max,
            next: first,
        }
    }

    /// The pause to wait now; the one after it is twice as long (at most `max`).
    pub(super) fn next_pause(&mut self) -> Duration {
        let pause = self.next;
        self.next = self.next.saturating_mul(2).min(self.max);
        pause
    }

    /// After a connection that got frames: the next pause is `first` again.
    pub(super) fn reset(&mut self) {
        self.next = self.first;
    }

    /// The shortest pause (after a restart).
    pub(super) fn first(&self) -> Duration {
        self.first
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_longest_and_resets() {
        let ms = Duration::from_millis;
        let mut backoff = Backoff::new(ms(100), ms(500));
        let pauses: Vec<Duration> = (0..5).map(|_| backoff.next_pause()).collect();
        assert_eq!(pauses, [ms(100), ms(200), ms(400), ms(500), ms(500)]);
        backoff.reset();
        assert_eq!(backoff.next_pause(), ms(100));
        assert_eq!(Backoff::new(ms(0), ms(0)).next_pause(), ms(1));
    }
}
