//! The collection file format: one YAML file per request, `collection.yml` at the root and
//! an optional `folder.yml` per folder (see docs/collection-format.md).
//!
//! Reading goes through `serde_yaml_ng` with unknown fields refused; writing goes through a
//! small emitter of our own ([`yaml`]) so the bytes are deterministic: fixed key order,
//! 2-space indent, LF, a trailing newline, empty and default fields left out, and multi-line
//! text (bodies, descriptions) as literal block scalars that round-trip exactly.
//!
//! Secrets are never part of the format: auth keeps only its mode, the X-as-user name, and
//! the NAMES of the variables that hold the token or key.

mod checks;
mod draft;
mod names;
pub mod yaml;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::ayon::AuthMode;
use crate::http::HttpMethod;
use crate::request::BodyMode;

pub use draft::{is_var_name, var_reference};
use yaml::Node;

/// The file at the root of a collection.
pub const COLLECTION_FILE: &str = "collection.yml";
/// The optional file in a folder that orders its entries.
pub const FOLDER_FILE: &str = "folder.yml";

/// One saved request (`projects/list-projects.yml`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestFile {
    /// The name shown in the tree; the file name is a slug of it.
    pub name: String,
    /// Free text shown in the composer; may span lines.
    #[serde(default)]
    pub description: Option<String>,
    /// The method (`GET`, `POST`, ...).
    #[serde(default, with = "names::method")]
    pub method: HttpMethod,
    /// The URL as typed, query included; may contain `{{variables}}`.
    #[serde(default)]
    pub url: String,
    /// Query params, disabled ones included; enabled rows mirror the URL's query.
    #[serde(default)]
    pub params: Vec<KvFile>,
    /// Values of the URL path's `{name}` placeholders (`enabled` is not used).
    #[serde(default)]
    pub path_params: Vec<KvFile>,
    /// Extra headers.
    #[serde(default)]
    pub headers: Vec<KvFile>,
    /// Auth; `None` uses the collection's default mode.
    #[serde(default)]
    pub auth: Option<AuthFile>,
    /// Whether 3xx answers are followed. Left out when `true` (the default).
    #[serde(default = "names::yes")]
    pub follow_redirects: bool,
    /// Whether the window marks it with `x-sender`. Left out when `true` (the default).
    #[serde(default = "names::yes")]
    pub x_sender: bool,
    /// The body.
    #[serde(default)]
    pub body: BodyFile,
    /// What the answer must be (the runner's assertions and the app's Tests tab).
    #[serde(default)]
    pub expect: Option<crate::checks::ExpectFile>,
    /// Values taken from the answer as `{{variables}}` for the requests that follow.
    #[serde(default, deserialize_with = "crate::checks::deserialize_capture")]
    pub capture: Vec<crate::checks::Capture>,
}

/// One row of the params or headers table.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KvFile {
    /// Query key or header name.
    pub name: String,
    /// Value; may contain `{{variables}}`. Left out when empty.
    #[serde(default, deserialize_with = "names::string_or_empty")]
    pub value: String,
    /// Whether the row is sent. Left out when `true`.
    #[serde(default = "names::yes")]
    pub enabled: bool,
}

/// How a saved request authenticates: references only, never values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthFile {
    /// The auth mode (`none`, `session`, `bearer`, `api_key`, `api_key_as_user`).
    #[serde(with = "names::auth_mode")]
    pub mode: AuthMode,
    /// The X-as-user name (not a secret). Left out when empty.
    #[serde(default)]
    pub as_user: Option<String>,
    /// Name of the variable holding the bearer token (`token` for `{{token}}`).
    #[serde(default, deserialize_with = "names::var_name")]
    pub token_var: Option<String>,
    /// Name of the variable holding the API key.
    #[serde(default, deserialize_with = "names::var_name")]
    pub key_var: Option<String>,
}

/// A request body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyFile {
    /// `none`, `json`, `graphql`, `text`, `file` or `multipart`.
    #[serde(default, with = "names::body_mode")]
    pub mode: BodyMode,
    /// The text, exactly as typed.
    #[serde(default, deserialize_with = "names::string_or_empty")]
    pub text: String,
    /// The query document of `graphql` mode, exactly as typed.
    #[serde(default, deserialize_with = "names::string_or_empty")]
    pub query: String,
    /// The variables of `graphql` mode: JSON object text, exactly as typed.
    #[serde(default, deserialize_with = "names::string_or_empty")]
    pub variables: String,
    /// The operation `graphql` mode runs (the GraphQL key's spelling).
    #[serde(default, rename = "operationName")]
    pub operation_name: Option<String>,
    /// The file of `file` mode: relative to the collection folder (shared through git)
    /// or absolute (one machine only).
    #[serde(default, deserialize_with = "names::string_or_empty")]
    pub file: String,
    /// The fields of `multipart` mode.
    #[serde(default)]
    pub form: Vec<FormFieldFile>,
}

/// One multipart field in a request file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormFieldFile {
    /// Field name.
    pub name: String,
    /// The text (text fields).
    #[serde(default, deserialize_with = "names::string_or_empty")]
    pub value: String,
    /// The file's path (file fields), relative to the collection folder or absolute.
    #[serde(default, deserialize_with = "names::string_or_empty")]
    pub file: String,
    /// The part's Content-Type, when not guessed.
    #[serde(default)]
    pub content_type: Option<String>,
    /// Whether the field is sent.
    #[serde(default = "names::yes")]
    pub enabled: bool,
}

/// `collection.yml`: the collection's name and defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionFile {
    /// The collection's name.
    pub name: String,
    /// Free text about the collection.
    #[serde(default)]
    pub description: Option<String>,
    /// Defaults for the requests.
    #[serde(default)]
    pub defaults: Defaults,
}

/// Collection-wide defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Base URL that relative request URLs resolve against; may be a `{{variable}}`.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Auth mode of requests that have no `auth:` of their own.
    #[serde(default, with = "names::opt_auth_mode")]
    pub auth_mode: Option<AuthMode>,
}

/// `folder.yml`: the order of a folder's entries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FolderFile {
    /// Entry names on disk (request file names without `.yml`, sub-folder names) in the
    /// order shown; entries not listed follow alphabetically.
    #[serde(default)]
    pub order: Vec<String>,
}

/// A file that does not parse or does not fit the format.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct FormatError {
    /// The file.
    pub path: PathBuf,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl FormatError {
    fn from_yaml(path: &Path, error: &serde_yaml_ng::Error) -> Self {
        let (line, column) = error
            .location()
            .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
        let text = error.to_string();
        let message = [" at line ", " at position "]
            .iter()
            .find_map(|m| text.rfind(m).map(|i| text[..i].to_string()))
            .unwrap_or(text);
        FormatError {
            path: path.to_path_buf(),
            line,
            column,
            // The parser quotes the value it could not read, whole: keep an excerpt.
            message: crate::untrusted::parser_message(&message, false),
        }
    }
}

/// The depth guard, then the parser.
fn parse<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, FormatError> {
    crate::untrusted::check_nesting(text).map_err(|e| FormatError {
        path: path.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.to_string(),
    })?;
    serde_yaml_ng::from_str(text).map_err(|e| FormatError::from_yaml(path, &e))
}

impl RequestFile {
    /// Parses a request file; `path` is only used in errors. A malformed `expect:` or
    /// `capture:` is an error with its line.
    pub fn parse(path: &Path, text: &str) -> Result<Self, FormatError> {
        let file: RequestFile = parse(path, text)?;
        crate::checks::validate(file.expect.as_ref(), &file.capture).map_err(|problem| {
            FormatError {
                path: path.to_path_buf(),
                line: crate::checks::locate(text, problem.block, &problem.needle),
                column: 1,
                message: crate::untrusted::parser_message(&problem.message, false),
            }
        })?;
        Ok(file)
    }

    /// The file's bytes: deterministic, LF, trailing newline.
    pub fn to_yaml(&self) -> String {
        let mut map = vec![("name", Node::str(&self.name))];
        if let Some(d) = self.description.as_deref().filter(|d| !d.is_empty()) {
            map.push(("description", Node::text(d)));
        }
        map.push(("method", Node::str(self.method.as_str())));
        map.push(("url", Node::str(&self.url)));
        map.push(("params", kv_rows(&self.params)));
        map.push(("path_params", kv_rows(&self.path_params)));
        map.push(("headers", kv_rows(&self.headers)));
        if let Some(auth) = &self.auth {
            let mut a = vec![("mode", Node::str(names::auth_mode_name(auth.mode)))];
            a.push(("as_user", Node::opt(auth.as_user.as_deref())));
            a.push(("token_var", Node::opt(auth.token_var.as_deref())));
            a.push(("key_var", Node::opt(auth.key_var.as_deref())));
            map.push(("auth", Node::Map(a)));
        }
        if !self.follow_redirects {
            map.push(("follow_redirects", Node::Bool(false)));
        }
        if !self.x_sender {
            map.push(("x_sender", Node::Bool(false)));
        }
        if self.body != BodyFile::default() {
            let mut b = vec![("mode", Node::str(names::body_mode_name(self.body.mode)))];
            if !self.body.text.is_empty() {
                b.push(("text", Node::block(&self.body.text)));
            }
            if !self.body.query.is_empty() {
                b.push(("query", Node::block(&self.body.query)));
            }
            if !self.body.variables.is_empty() {
                b.push(("variables", Node::block(&self.body.variables)));
            }
            b.push((
                "operationName",
                Node::opt(self.body.operation_name.as_deref()),
            ));
            if !self.body.file.is_empty() {
                b.push(("file", Node::str(&self.body.file)));
            }
            if !self.body.form.is_empty() {
                b.push(("form", form_fields(&self.body.form)));
            }
            map.push(("body", Node::Map(b)));
        }
        if let Some(expect) = &self.expect {
            map.push(("expect", checks::expect_node(expect)));
        }
        map.push(("capture", checks::capture_node(&self.capture)));
        yaml::emit(&Node::Map(map))
    }
}

fn form_fields(fields: &[FormFieldFile]) -> Node {
    Node::Seq(
        fields
            .iter()
            .map(|f| {
                let mut m = vec![("name", Node::str(&f.name))];
                if !f.file.is_empty() {
                    m.push(("file", Node::str(&f.file)));
                } else if !f.value.is_empty() {
                    m.push(("value", Node::str(&f.value)));
                }
                m.push(("content_type", Node::opt(f.content_type.as_deref())));
                if !f.enabled {
                    m.push(("enabled", Node::Bool(false)));
                }
                Node::Map(m)
            })
            .collect(),
    )
}

fn kv_rows(rows: &[KvFile]) -> Node {
    Node::Seq(
        rows.iter()
            .map(|r| {
                let mut m = vec![("name", Node::str(&r.name))];
                if !r.value.is_empty() {
                    m.push(("value", Node::str(&r.value)));
                }
                if !r.enabled {
                    m.push(("enabled", Node::Bool(false)));
                }
                Node::Map(m)
            })
            .collect(),
    )
}

impl CollectionFile {
    /// Parses `collection.yml`; `path` is only used in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Self, FormatError> {
        parse(path, text)
    }

    /// The file's bytes: deterministic, LF, trailing newline.
    pub fn to_yaml(&self) -> String {
        let mut map = vec![("name", Node::str(&self.name))];
        if let Some(d) = self.description.as_deref().filter(|d| !d.is_empty()) {
            map.push(("description", Node::text(d)));
        }
        let defaults = vec![
            ("base_url", Node::opt(self.defaults.base_url.as_deref())),
            (
                "auth_mode",
                Node::opt(self.defaults.auth_mode.map(names::auth_mode_name)),
            ),
        ];
        map.push(("defaults", Node::Map(defaults)));
        yaml::emit(&Node::Map(map))
    }
}

impl FolderFile {
    /// Parses `folder.yml`; `path` is only used in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Self, FormatError> {
        // An empty or comment-only folder.yml means "no order".
        if text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            return Ok(FolderFile::default());
        }
        parse(path, text)
    }

    /// The file's bytes: deterministic, LF, trailing newline.
    pub fn to_yaml(&self) -> String {
        let order = Node::Seq(self.order.iter().map(|n| Node::str(n)).collect());
        let text = yaml::emit(&Node::Map(vec![("order", order)]));
        if text.is_empty() {
            "order: []\n".to_string()
        } else {
            text
        }
    }
}
