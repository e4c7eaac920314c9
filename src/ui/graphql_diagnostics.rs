//! The query's problems against the schema, memoized per text and schema so the
//! editor's layout (which underlines them) and the problems list share one validation.

use std::sync::Arc;

use egui::cache::{ComputerMut, FrameCache};

use crate::graphql_schema::{Diagnostic, Schema, validate};

/// The problems of `query` against `schema`, computed once per text and schema.
pub fn diagnostics(ctx: &egui::Context, schema: &Arc<Schema>, query: &str) -> Arc<Vec<Diagnostic>> {
    ctx.memory_mut(|m| {
        m.caches
            .cache::<FrameCache<Arc<Vec<Diagnostic>>, Validator>>()
            .get(Key { schema, query })
            .clone()
    })
}

#[derive(Clone, Copy)]
struct Key<'a> {
    schema: &'a Arc<Schema>,
    query: &'a str,
}

impl std::hash::Hash for Key<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // The schema is the same one while its Arc is; a reload brings a new one.
        (Arc::as_ptr(self.schema) as usize).hash(state);
        self.query.hash(state);
    }
}

#[derive(Default)]
struct Validator;

impl<'a> ComputerMut<Key<'a>, Arc<Vec<Diagnostic>>> for Validator {
    fn compute(&mut self, key: Key<'a>) -> Arc<Vec<Diagnostic>> {
        Arc::new(validate(key.schema, key.query))
    }
}
