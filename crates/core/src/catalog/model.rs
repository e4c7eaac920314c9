//! The catalog's data: operations, their parameters, bodies and responses, and tag groups.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::search::SearchIndex;
use crate::http::HttpMethod;

/// Every operation of one server's OpenAPI documents, grouped by tag and searchable.
#[derive(Clone, Debug)]
pub struct Catalog {
    /// `info.title` of the main spec.
    pub title: String,
    /// `info.version` of the main spec.
    pub version: String,
    /// All operations, main spec first, then those attached from addon specs.
    pub operations: Vec<Operation>,
    /// Groups by tag, in order of first appearance; untagged operations are in "Other".
    pub groups: Vec<Group>,
    /// Operations the catalog could not represent (e.g. a TRACE method), as "TRACE /path".
    pub skipped: Vec<String>,
    /// The spec documents, kept whole because skeletons follow `$ref`s into them.
    pub(super) docs: Vec<Arc<Value>>,
    /// Precomputed search haystacks, one per operation.
    pub(super) index: SearchIndex,
}

/// One method on one path template.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template, e.g. `/api/projects/{project_name}`.
    pub path: String,
    /// `operationId`, or "" when absent.
    pub operation_id: String,
    /// One-line summary ("List Projects").
    pub summary: String,
    /// Longer description, may be multi-line.
    pub description: String,
    /// Tags as declared (empty when untagged).
    pub tags: Vec<String>,
    /// Path-item and operation parameters merged (operation wins); path parameters first, in
    /// path order.
    pub params: Vec<Param>,
    /// The declared request body, if any.
    pub body: Option<BodyDoc>,
    /// Documented responses, in file order.
    pub responses: Vec<ResponseDoc>,
    /// The server reads the raw request body as a file although the spec declares no body.
    pub raw_upload: bool,
    /// Marked deprecated in the spec.
    pub deprecated: bool,
    /// Index into `Catalog::docs` of the document this operation came from.
    pub(super) doc: usize,
    /// The JSON request body schema (a `$ref` into `doc` or inline), for skeletons.
    pub(super) body_schema: Option<Value>,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamIn {
    /// A `{name}` in the path template.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// One documented parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Parameter name as sent.
    pub name: String,
    /// Where it goes.
    pub location: ParamIn,
    /// Required by the spec (path parameters always are).
    pub required: bool,
    /// Short human type: "string", "integer ≥ 1", "enum: a | b", "array of string".
    pub type_label: String,
    /// Schema default.
    pub default: Option<Value>,
    /// Parameter or schema example.
    pub example: Option<Value>,
    /// Parameter description, else schema description, else schema title.
    pub description: String,
}

impl Param {
    /// The value a new request starts with: the default, else the example, as text
    /// (strings without their quotes); empty when the spec gives neither.
    pub fn suggested_value(&self) -> String {
        match self.default.as_ref().or(self.example.as_ref()) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    }
}

/// The declared request body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyDoc {
    /// The preferred content type (JSON when offered).
    pub content_type: String,
    /// `requestBody.required`.
    pub required: bool,
    /// Last segment of the schema's top-level `$ref`, e.g. "DeployProjectRequestModel".
    pub schema_name: Option<String>,
}

/// One documented response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseDoc {
    /// Status code or pattern as written ("200", "4XX", "default").
    pub status: String,
    /// Response description.
    pub description: String,
    /// Last segment of the schema's top-level `$ref`.
    pub schema_name: Option<String>,
    /// AYON's known deviation for this documented response, e.g. for 422: "AYON answers
    /// validation errors with 400 and an errors[] list, not 422".
    pub ayon_note: Option<String>,
}

/// Operations sharing a tag.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The tag ("Projects", "Lab Test 0.1.0", or "Other").
    pub tag: String,
    /// Indices into `Catalog::operations`.
    pub operations: Vec<usize>,
    /// Why the group is empty, for addon groups whose endpoints the server does not publish.
    pub note: Option<String>,
    /// The addon version this group stands for, when attached with `attach_addon`.
    pub addon: Option<AddonVersion>,
}

/// One installed addon version, as listed by `GET /api/addons`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddonVersion {
    /// Addon name, as in URLs ("labtest").
    pub name: String,
    /// Friendly name ("Lab Test"), the name when the server gives none.
    pub title: String,
    /// Version string ("0.1.0").
    pub version: String,
}
