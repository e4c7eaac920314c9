//! 1.11.2 sends an event once for every subscribed prefix it matches (`["lab.x","lab"]`
//! gets each `lab.x` event twice). A delivery is the same when its id, `updatedAt`,
//! status and progress are; the last few hundred are remembered.

use std::collections::{HashSet, VecDeque};

use super::ServerEvent;

/// Deliveries seen lately, to drop repeats.
#[derive(Debug, Default)]
pub struct RecentDeliveries {
    order: VecDeque<String>,
    seen: HashSet<String>,
}

/// How many deliveries are remembered: repeats arrive back to back.
const REMEMBERED: usize = 512;

impl RecentDeliveries {
    /// `true` the first time this delivery is seen, `false` for a repeat.
    pub fn first_time(&mut self, event: &ServerEvent) -> bool {
        let key = format!(
            "{}|{}|{}|{:?}",
            event.id,
            event.updated_at.as_deref().unwrap_or(""),
            event.status.as_deref().unwrap_or(""),
            event.progress
        );
        if self.seen.contains(&key) {
            return false;
        }
        if self.order.len() == REMEMBERED
            && let Some(oldest) = self.order.pop_front()
        {
            self.seen.remove(&oldest);
        }
        self.seen.insert(key.clone());
        self.order.push_back(key);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(id: &str, status: &str) -> ServerEvent {
        ServerEvent {
            id: id.into(),
            status: Some(status.into()),
            updated_at: Some("2026-12-07T10:00:00".into()),
            ..ServerEvent::default()
        }
    }

    #[test]
    fn a_repeat_is_dropped_an_update_is_not() {
        let mut recent = RecentDeliveries::default();
        assert!(recent.first_time(&event("a", "pending")));
        assert!(!recent.first_time(&event("a", "pending")));
        assert!(recent.first_time(&event("a", "finished")));
        for n in 0..REMEMBERED {
            recent.first_time(&event(&n.to_string(), "x"));
        }
        assert!(
            recent.first_time(&event("a", "pending")),
            "forgotten by now"
        );
    }
}
