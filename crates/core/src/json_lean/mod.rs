//! A lean parsed form of a JSON body, shared by the engines that must hold a whole answer
//! in memory: the diff (two answers side by side) and the JSONPath filter.
//!
//! - [`node`]: the tree itself, borrowing its strings from the body.
//! - [`query`]: a JSONPath (RFC 9535) expression read into a syntax tree.
//! - [`evaluate`]: that expression run over the lean tree, with the results (and their
//!   order) `serde_json_path` gives for the same text parsed into a `serde_json::Value`.
//! - [`stream`]: the same results for most queries without holding the whole tree.

pub(crate) mod evaluate;
pub(crate) mod node;
#[cfg(test)]
mod path_props;
pub(crate) mod query;
pub(crate) mod stream;

pub(crate) use node::{EscapedKeys, Member, Node, parse};
