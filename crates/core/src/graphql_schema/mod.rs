//! The server's own GraphQL schema (issue 21): read from the introspection answer, then used
//! to complete, check and document queries as they are typed. Pure functions over text: no
//! I/O, no egui; the window calls them off the UI thread, per keystroke.
//!
//! Completion and validation share one tolerant walk over the query's tokens
//! (`lexer`, `walker`) that follows the selection sets from the root type down; it stops
//! where the text stops, which is what completion needs. Syntax errors come from the
//! document check in [`crate::ayon::graphql`].

mod cache;
mod completion;
mod docs;
mod fetch;
mod introspection;
mod introspection_query;
mod lexer;
mod load;
mod schema;
mod suggest;
mod type_ref;
mod validation;
mod values;
mod variables;
mod walker;

#[cfg(test)]
mod fixture_tests;

pub use cache::{MAX_SCHEMA_FILE_BYTES, SchemaCache, SchemaCacheError, schema_from_file};
pub use completion::{CompletionItem, CompletionKind, Completions, complete};
pub use docs::{ArgDoc, FieldDoc, fields_of};
pub use fetch::fetch_schema;
pub use introspection_query::INTROSPECTION_QUERY;
pub use load::{LoadedSchema, SchemaLoad, SchemaOrigin, load_schema};
pub use schema::{
    DirectiveDef, EnumValueDef, FieldDef, InputValueDef, Schema, SchemaError, TypeDef, TypeKind,
};
pub use type_ref::{TypeRef, variable_fits};
pub use validation::{Diagnostic, validate};
pub use variables::{check_variables, variables_skeleton};
