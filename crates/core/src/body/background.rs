//! [`BackgroundJob`]: a computation on its own thread that the UI polls each
//! frame, with progress and cancellation.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What a running job reads and writes: its progress and whether to stop.
#[derive(Debug, Default)]
pub struct JobControl {
    done: AtomicUsize,
    total: AtomicUsize,
    cancelled: AtomicBool,
}

impl JobControl {
    /// Records progress: `done` of `total` units.
    pub fn set_progress(&self, done: usize, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
    }

    /// Whether the job should stop (its owner was dropped or replaced).
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Progress in `0.0..=1.0`, when the job reported a total.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total.load(Ordering::Relaxed);
        (total > 0).then(|| (self.done.load(Ordering::Relaxed) as f32 / total as f32).min(1.0))
    }
}

/// A job running on a background thread; dropping it cancels the job.
pub struct BackgroundJob<T> {
    control: Arc<JobControl>,
    result: Arc<Mutex<Option<T>>>,
    finished: bool,
}

impl<T: Send + 'static> BackgroundJob<T> {
    /// Runs `work` on a new thread. `wake` is called when it has finished
    /// (e.g. to ask the UI for a repaint).
    pub fn spawn(
        work: impl FnOnce(&JobControl) -> T + Send + 'static,
        wake: impl FnOnce() + Send + 'static,
    ) -> Self {
        let control = Arc::new(JobControl::default());
        let result = Arc::new(Mutex::new(None));
        let (job_control, job_result) = (Arc::clone(&control), Arc::clone(&result));
        let spawned = std::thread::Builder::new()
            .name("body-job".to_owned())
            .spawn(move || {
                let value = work(&job_control);
                if let Ok(mut slot) = job_result.lock() {
                    *slot = Some(value);
                }
                wake();
            });
        let finished = spawned.is_err();
        Self {
            control,
            result,
            finished,
        }
    }

    /// The result, once, when the job has finished.
    pub fn take(&mut self) -> Option<T> {
        let value = self.result.lock().ok()?.take();
        if value.is_some() {
            self.finished = true;
        }
        value
    }

    /// Whether the job is still running (its result not taken yet).
    pub fn is_running(&self) -> bool {
        !self.finished
    }

    /// Progress in `0.0..=1.0`, when the job reports it.
    pub fn fraction(&self) -> Option<f32> {
        self.control.fraction()
    }
}

impl<T> Drop for BackgroundJob<T> {
    fn drop(&mut self) {
        self.control.cancelled.store(true, Ordering::Relaxed);
    }
}

impl<T> std::fmt::Debug for BackgroundJob<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackgroundJob")
            .field("finished", &self.finished)
            .field("fraction", &self.control.fraction())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn wait<T: Send + 'static>(job: &mut BackgroundJob<T>) -> Option<T> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Some(v) = job.take() {
                return Some(v);
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        None
    }

    #[test]
    fn result_arrives_and_wakes() {
        let woken = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&woken);
        let mut job = BackgroundJob::spawn(
            |control| {
                control.set_progress(1, 2);
                21 * 2
            },
            move || flag.store(true, Ordering::Relaxed),
        );
        assert_eq!(wait(&mut job), Some(42));
        assert!(!job.is_running());
        assert!(woken.load(Ordering::Relaxed));
        assert_eq!(job.fraction(), Some(0.5));
    }

    #[test]
    fn dropping_cancels() {
        let seen = Arc::new(AtomicBool::new(false));
        let seen_in_job = Arc::clone(&seen);
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let job = BackgroundJob::spawn(
            move |control| {
                let _ = rx.recv();
                seen_in_job.store(control.is_cancelled(), Ordering::Relaxed);
            },
            || {},
        );
        drop(job);
        let _ = tx.send(());
        let deadline = Instant::now() + Duration::from_secs(10);
        while !seen.load(Ordering::Relaxed) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
        assert!(seen.load(Ordering::Relaxed));
    }
}
