//! The one spawn wrapper of the worker: it owns the in-flight map.
//!
//! A job the window waits for (a send, a login, an upload recipe) is spawned with
//! [`Jobs::spawn_tracked`] under a [`JobId`]. The entry leaves the map when the job's
//! task ends, however it ends: the task holds a guard that removes its own entry when it
//! is dropped, which happens when the job finished (before its event is sent), failed,
//! was aborted by [`Jobs::cancel`], panicked, or was dropped by a runtime shutting down.
//! No event kind has to remember to remove it, so a finished job can never stay in
//! flight. Jobs nobody waits for go through [`Jobs::spawn`], which is not tracked.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, mpsc};

use super::Waker;

/// The id of a tracked job: the window's id for what the job answers (a send's, a
/// login's or a recipe run's), used to cancel it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(pub u64);

/// The window's request ids (`state::RequestId`) are plain numbers.
impl From<u64> for JobId {
    fn from(id: u64) -> Self {
        JobId(id)
    }
}

/// One tracked job: which spawn it is (an id given again replaces the older job's
/// entry, and the older job's end must not remove the newer one) and how to stop it.
struct Entry {
    spawn: u64,
    /// `None` for the moment between the entry's insertion and the spawn.
    abort: Option<tokio::task::AbortHandle>,
}

type InFlight = Arc<Mutex<HashMap<JobId, Entry>>>;

/// The map, even after a panic elsewhere while it was locked (it holds no invariant a
/// panic could break half-way).
fn lock(in_flight: &InFlight) -> MutexGuard<'_, HashMap<JobId, Entry>> {
    in_flight.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes its job's entry when dropped, i.e. when the job's task ends in any way.
struct Tracked {
    in_flight: InFlight,
    id: JobId,
    spawn: u64,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        let mut map = lock(&self.in_flight);
        if map.get(&self.id).is_some_and(|e| e.spawn == self.spawn) {
            map.remove(&self.id);
        }
    }
}

/// Spawns jobs on the runtime, sends each one's event to the window and wakes it, and
/// keeps the map of tracked jobs in flight.
pub(crate) struct Jobs<E> {
    runtime: tokio::runtime::Handle,
    events: mpsc::Sender<E>,
    waker: Waker,
    in_flight: InFlight,
    next_spawn: AtomicU64,
}

impl<E: Send + 'static> Jobs<E> {
    /// Jobs on `runtime` whose events go to `events`; `waker` runs after each event.
    pub(crate) fn new(
        runtime: tokio::runtime::Handle,
        events: mpsc::Sender<E>,
        waker: Waker,
    ) -> Self {
        Jobs {
            runtime,
            events,
            waker,
            in_flight: Arc::default(),
            next_spawn: AtomicU64::new(0),
        }
    }

    /// Runs `task`, then sends its event; not tracked (nobody waits for it or cancels it).
    pub(crate) fn spawn(&self, task: impl Future<Output = E> + Send + 'static) {
        self.runtime
            .spawn(deliver(task, None, self.events.clone(), self.waker.clone()));
    }

    /// Runs `task` as the in-flight job `id`, then sends its event. The job counts as in
    /// flight until its task ends; an older job with the same id is no longer tracked
    /// (it still runs to its end).
    pub(crate) fn spawn_tracked(&self, id: JobId, task: impl Future<Output = E> + Send + 'static) {
        let spawn = self.next_spawn.fetch_add(1, Ordering::Relaxed);
        // The entry goes in first: the task may end before `spawn` returns, and its guard
        // must find the entry to remove.
        lock(&self.in_flight).insert(id, Entry { spawn, abort: None });
        let guard = Tracked {
            in_flight: Arc::clone(&self.in_flight),
            id,
            spawn,
        };
        let handle = self.runtime.spawn(deliver(
            task,
            Some(guard),
            self.events.clone(),
            self.waker.clone(),
        ));
        if let Some(entry) = lock(&self.in_flight).get_mut(&id)
            && entry.spawn == spawn
        {
            entry.abort = Some(handle.abort_handle());
        }
    }

    /// Stops the job `id` (its connection is closed) and forgets it; false when it was
    /// not in flight.
    pub(crate) fn cancel(&self, id: JobId) -> bool {
        // Out of the lock before aborting: the task's guard locks the map when dropped.
        let entry = lock(&self.in_flight).remove(&id);
        match entry {
            Some(entry) => {
                if let Some(abort) = entry.abort {
                    abort.abort();
                }
                true
            }
            None => false,
        }
    }

    /// How many tracked jobs are in flight.
    pub(crate) fn in_flight(&self) -> usize {
        lock(&self.in_flight).len()
    }
}

/// Awaits `task`, ends its tracking, then sends its event and wakes the window. The
/// guard is dropped before the event is sent: the window that reads the event sees the
/// job no longer in flight. On abort or panic, the guard is dropped with the future.
async fn deliver<E>(
    task: impl Future<Output = E>,
    guard: Option<Tracked>,
    events: mpsc::Sender<E>,
    waker: Waker,
) {
    let event = task.await;
    drop(guard);
    // The receiver is gone only when the app is closing.
    let _ = events.send(event);
    waker();
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a test runtime")
    }

    fn jobs(runtime: &tokio::runtime::Runtime) -> (Jobs<u32>, mpsc::Receiver<u32>) {
        let (tx, rx) = mpsc::channel();
        (Jobs::new(runtime.handle().clone(), tx, Arc::new(|| {})), rx)
    }

    /// Waits up to 10 s for no job to be in flight.
    fn settles(jobs: &Jobs<u32>) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while jobs.in_flight() > 0 {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        true
    }

    #[test]
    fn a_finished_job_is_out_of_flight_before_its_event_arrives() {
        let runtime = runtime();
        let (jobs, events) = jobs(&runtime);
        let (go, wait) = tokio::sync::oneshot::channel::<()>();
        jobs.spawn_tracked(JobId(7), async move {
            let _ = wait.await;
            7
        });
        assert_eq!(jobs.in_flight(), 1);
        let _ = go.send(());
        assert_eq!(events.recv_timeout(Duration::from_secs(10)), Ok(7));
        assert_eq!(jobs.in_flight(), 0);
    }

    #[test]
    fn a_job_that_ends_at_once_leaves_no_entry() {
        let runtime = runtime();
        let (jobs, events) = jobs(&runtime);
        for n in 0..200 {
            jobs.spawn_tracked(JobId(n), async move { 1 });
        }
        for _ in 0..200 {
            assert_eq!(events.recv_timeout(Duration::from_secs(10)), Ok(1));
        }
        assert_eq!(jobs.in_flight(), 0);
    }

    #[test]
    fn a_cancelled_job_is_out_of_flight_and_sends_nothing() {
        let runtime = runtime();
        let (jobs, events) = jobs(&runtime);
        jobs.spawn_tracked(JobId(1), std::future::pending());
        jobs.spawn_tracked(JobId(2), std::future::pending());
        assert_eq!(jobs.in_flight(), 2);
        assert!(jobs.cancel(JobId(1)));
        assert_eq!(jobs.in_flight(), 1);
        assert!(!jobs.cancel(JobId(1)), "cancelled once");
        assert!(jobs.cancel(JobId(2)));
        assert_eq!(jobs.in_flight(), 0);
        assert!(events.recv_timeout(Duration::from_millis(200)).is_err());
    }

    #[test]
    fn a_panicking_job_is_out_of_flight() {
        let runtime = runtime();
        let (jobs, events) = jobs(&runtime);
        let (go, wait) = tokio::sync::oneshot::channel::<()>();
        jobs.spawn_tracked(JobId(3), async move {
            let _ = wait.await;
            panic!("a job body panics");
        });
        assert_eq!(jobs.in_flight(), 1);
        let _ = go.send(());
        assert!(settles(&jobs), "the panicked job stayed in flight");
        assert!(events.recv_timeout(Duration::from_millis(200)).is_err());
    }

    #[test]
    fn jobs_dropped_by_a_runtime_shutting_down_are_out_of_flight() {
        let runtime = runtime();
        let (jobs, _events) = jobs(&runtime);
        jobs.spawn_tracked(JobId(4), std::future::pending());
        runtime.shutdown_timeout(Duration::from_secs(5));
        assert_eq!(jobs.in_flight(), 0);
    }

    #[test]
    fn an_older_job_with_a_reused_id_cannot_end_the_newer_ones_tracking() {
        let runtime = runtime();
        let (jobs, events) = jobs(&runtime);
        let (go, wait) = tokio::sync::oneshot::channel::<()>();
        jobs.spawn_tracked(JobId(5), async move {
            let _ = wait.await;
            1
        });
        jobs.spawn_tracked(JobId(5), std::future::pending());
        assert_eq!(jobs.in_flight(), 1);
        let _ = go.send(());
        assert_eq!(events.recv_timeout(Duration::from_secs(10)), Ok(1));
        assert_eq!(jobs.in_flight(), 1, "the newer job still runs");
        assert!(jobs.cancel(JobId(5)));
        assert_eq!(jobs.in_flight(), 0);
    }

    #[test]
    fn untracked_jobs_send_their_events_but_are_never_in_flight() {
        let runtime = runtime();
        let (jobs, events) = jobs(&runtime);
        jobs.spawn(async { 9 });
        jobs.spawn(std::future::pending());
        assert_eq!(jobs.in_flight(), 0);
        assert_eq!(events.recv_timeout(Duration::from_secs(10)), Ok(9));
    }
}
