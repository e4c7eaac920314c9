//! The server's own GraphQL schema (issue 21): read from the introspection answer, then used
//! to complete, check and document queries as they are typed. Pure functions over text: no
//! I/O, no egui; the window calls them off the UI thread, per keystroke.
//!
//! Completion and validation share one tolerant walk over the query's tokens
//! (`lexer`, `walker`) that follows the selection sets from the root type down; it stops
//! where the text stops, which is what completion needs. Syntax errors come from the
//! document check in [`crate::ayon::graphql`].
//!
//! `json_argument` (with `string_literal`) reads and writes the JSON that AYON takes inside
//! string arguments (`filter: "{\"conditions\": ...}"`), for the filter helper.

mod cache;
mod completion;
mod docs;
mod fetch;
mod introspection;
mod introspection_query;
mod json_argument;
mod lexer;
mod load;
mod schema;
mod string_literal;
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
pub use json_argument::{
    JsonTextError, JsonWriteError, StringArgument, check_json, compact_json, json_arguments,
    json_literal, pretty_json, string_argument_at, string_arguments, write_json_argument,
};
pub use load::{LoadedSchema, SchemaLoad, SchemaOrigin, load_schema};
pub use schema::{
    DirectiveDef, EnumValueDef, FieldDef, InputValueDef, Schema, SchemaError, TypeDef, TypeKind,
};
pub use string_literal::{decode_string_literal, encode_string_literal};
pub use type_ref::{TypeRef, variable_fits};
pub use validation::{Diagnostic, validate};
pub use variables::{check_variables, variables_skeleton};
