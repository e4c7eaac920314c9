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
//!
//! Introspection (`__schema`, `__type(name:)`) goes through the same
//! selection machinery: the introspection types are table entries too
//! ([`meta_schema`]) and their values are generated from the tables
//! ([`introspection`]).

pub mod data;
pub mod exec;
pub mod input;
pub mod introspection;
pub mod meta_schema;
pub mod python_json;
pub mod schema;
pub mod suggest;

pub use data::Snapshot;
pub use exec::{GraphqlError, GraphqlRequest, execute};

#[cfg(test)]
mod introspection_tests;
#[cfg(test)]
mod tests;
