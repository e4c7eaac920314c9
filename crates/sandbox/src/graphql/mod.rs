//! A small GraphQL executor for `POST /graphql` (ayon-api.md §9), over a
//! schema with AYON's names: `me`, `user(name:)`, `users(...)`,
//! `project(name:)` and `projects(...)` (see [`schema`]).
//!
//! [`exec::execute`] parses with `graphql_parser`, picks the operation
//! (`operationName` among several), coerces variables, validates every
//! selection first (unknown fields with graphql-core's "Did you mean ...?",
//! arguments, fragments, `@skip`/`@include`) and only then resolves against a
//! [`data::Snapshot`] of the store. Answers are written as Python's
//! `json.dumps` writes them ([`python_json`]), as Strawberry does.

pub mod data;
pub mod exec;
pub mod input;
pub mod python_json;
pub mod schema;
pub mod suggest;

pub use data::Snapshot;
pub use exec::{GraphqlError, GraphqlRequest, execute};

#[cfg(test)]
mod tests;
