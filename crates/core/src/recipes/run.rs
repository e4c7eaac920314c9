//! The live status of one recipe run: its steps so far and the byte counters of the
//! current phase. Shared (`Arc`) between the task doing the work and the UI, which reads
//! it every frame; locks are held only to copy or push a few values.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::http::Progress;

/// One thing a recipe did or is doing.
#[derive(Clone, Debug, PartialEq)]
pub struct RecipeStep {
    /// What happened, for the user.
    pub text: String,
    /// How it went.
    pub state: StepState,
}

/// Where a step stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepState {
    /// Under way.
    Running,
    /// Finished well.
    Done,
    /// Went wrong (the recipe's error says why).
    Failed,
    /// Something worth knowing, not an action.
    Info,
}

/// Live status of one recipe run. See the module docs.
#[derive(Debug)]
pub struct RecipeRun {
    steps: Mutex<Vec<RecipeStep>>,
    progress: Mutex<Arc<Progress>>,
    /// The server event the run waits on (an addon install), once known.
    event: Mutex<Option<String>>,
}

/// Names a step that [`RecipeRun::begin`] started, to finish or fail it later.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepId(usize);

impl RecipeRun {
    /// A run with no steps yet.
    pub fn new() -> Arc<RecipeRun> {
        Arc::new(RecipeRun {
            steps: Mutex::new(Vec::new()),
            progress: Mutex::new(Arc::new(Progress::new())),
            event: Mutex::new(None),
        })
    }

    /// The server event the run waits on, once known (to follow it live).
    pub fn event(&self) -> Option<String> {
        lock(&self.event).clone()
    }

    /// Names the server event the run waits on.
    pub fn set_event(&self, id: &str) {
        *lock(&self.event) = Some(id.to_owned());
    }

    /// Byte counters of the current phase (hashing or uploading); a phase may replace
    /// them, so fetch them again each frame.
    pub fn progress(&self) -> Arc<Progress> {
        lock(&self.progress).clone()
    }

    /// What happened so far, in order.
    pub fn steps(&self) -> Vec<RecipeStep> {
        lock(&self.steps).clone()
    }

    /// Starts a [`StepState::Running`] step.
    pub fn begin(&self, text: impl Into<String>) -> StepId {
        let mut steps = lock(&self.steps);
        steps.push(RecipeStep {
            text: text.into(),
            state: StepState::Running,
        });
        StepId(steps.len() - 1)
    }

    /// Marks a step done, with the text it should now show.
    pub fn done(&self, id: StepId, text: impl Into<String>) {
        self.finish(id, text, StepState::Done);
    }

    /// Ends a step in `state`, with the text it should now show.
    pub fn finish(&self, id: StepId, text: impl Into<String>, state: StepState) {
        let mut steps = lock(&self.steps);
        if let Some(step) = steps.get_mut(id.0) {
            step.text = text.into();
            step.state = state;
        }
    }

    /// Marks a step failed, adding why to its text.
    pub fn fail(&self, id: StepId, why: &impl std::fmt::Display) {
        let mut steps = lock(&self.steps);
        if let Some(step) = steps.get_mut(id.0) {
            step.text = format!("{}: {why}", step.text.trim_end_matches('…'));
            step.state = StepState::Failed;
        }
    }

    /// Records a finished step at once.
    pub fn record(&self, text: impl Into<String>, state: StepState) {
        lock(&self.steps).push(RecipeStep {
            text: text.into(),
            state,
        });
    }

    /// Records something worth knowing ([`StepState::Info`]).
    pub fn info(&self, text: impl Into<String>) {
        self.record(text, StepState::Info);
    }

    /// Marks every step still running as failed with `why`: for a run that was cancelled
    /// (its task dropped) and cannot say so itself.
    pub fn interrupt(&self, why: &str) {
        for step in lock(&self.steps).iter_mut() {
            if step.state == StepState::Running {
                step.text = format!("{}: {why}", step.text.trim_end_matches('…'));
                step.state = StepState::Failed;
            }
        }
    }

    /// Passes `result` through, marking step `id` failed with the error first.
    pub(crate) fn check<T, E: std::fmt::Display>(
        &self,
        id: StepId,
        result: Result<T, E>,
    ) -> Result<T, E> {
        if let Err(e) = &result {
            self.fail(id, e);
        }
        result
    }

    /// Fresh counters for the next phase; the UI picks them up on its next frame.
    pub(crate) fn new_phase(&self, progress: Progress) -> Arc<Progress> {
        let progress = Arc::new(progress);
        *lock(&self.progress) = progress.clone();
        progress
    }
}

/// A poisoned lock still holds plain values worth showing: recover it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_keep_their_order_and_states() {
        let run = RecipeRun::new();
        let hash = run.begin("Hashing x…");
        run.info("note");
        run.done(hash, "sha256 abc");
        let upload = run.begin("Uploading x…");
        run.fail(upload, &"connection closed");
        let wait = run.begin("Waiting…");
        run.interrupt("cancelled");
        let texts: Vec<(String, StepState)> =
            run.steps().into_iter().map(|s| (s.text, s.state)).collect();
        assert_eq!(
            texts,
            vec![
                ("sha256 abc".into(), StepState::Done),
                ("note".into(), StepState::Info),
                ("Uploading x: connection closed".into(), StepState::Failed),
                ("Waiting: cancelled".into(), StepState::Failed),
            ]
        );
        let _ = wait;
    }

    #[test]
    fn a_new_phase_replaces_the_counters() {
        let run = RecipeRun::new();
        let first = run.progress();
        let second = run.new_phase(Progress::with_verb("Hashing"));
        assert!(!Arc::ptr_eq(&first, &run.progress()));
        assert!(Arc::ptr_eq(&second, &run.progress()));
    }
}
